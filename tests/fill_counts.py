"""An independent recount of what the vault's field_fill counters claim (migration 0021).

Reads every stored customer row and counts in Python, without json_each or any SQL the
triggers use, so a trigger that forgets a write path, a liveness change or a custom key is
caught by comparison."""

from __future__ import annotations

import json
from collections import Counter

from app.fields import BUILTIN_KEYS


def recount(conn) -> dict[tuple[str, int], int]:
    counts: Counter = Counter()
    columns = ", ".join(BUILTIN_KEYS)
    for row in conn.execute(f"SELECT {columns}, extra FROM customers WHERE deleted_at IS NULL"):
        for key, value in zip(BUILTIN_KEYS, row[:-1], strict=True):
            if value is not None and value != "":
                counts[(key, 0)] += 1
        try:
            extra = json.loads(row[-1] or "{}")
        except ValueError:
            extra = {}
        for key, value in extra.items() if isinstance(extra, dict) else ():
            if value is not None and value != "":
                counts[(key, 1)] += 1
    return dict(counts)


def kept(conn) -> dict[tuple[str, int], int]:
    """The counters, leaving out keys at zero (a key once filled keeps its row)."""
    return {
        (key, in_extra): filled
        for key, in_extra, filled in conn.execute("SELECT key, in_extra, filled FROM field_fill")
        if filled
    }


def assert_counts_match(vault) -> None:
    conn = vault.connection()
    assert kept(conn) == recount(conn)
