"""What the per-field value counters cost every write (schema 21, ``field_fill``).

    python bench/bench_field_fill.py                 (make bench)
    python bench/bench_field_fill.py --rows 50000 --rounds 2

The compliance report reads how many customers hold a value in each field from counters that
triggers on ``customers`` keep in the same transaction as each write. This prints, for fresh
vaults built in the same run, alternately with the counting triggers and with them dropped (the
baseline): adding ``--rows`` customers in one batch, the median of 300 single edits, and the mean
of 300 deletions, with the ratio. The triggers touch one small table whatever the vault's size,
so a fresh vault shows their cost as well as a large one. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import customers
from app.vault import Vault

EDITS = 300


def _rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "name": f"客户{i}",
            "phone": f"138{i:08d}",
            "email": f"c{i}@example.com",
            "company": "杭州某某贸易有限公司",
            "address": f"北京市朝阳区建国路{i}号",
            "tags": "vip",
            "notes": "老客户" if i % 3 else "",
        }
        for i in range(n)
    ]


def one_round(rows: list[dict[str, str]], *, counters: bool) -> tuple[float, float, float]:
    """(batch add seconds, median edit seconds, mean deletion seconds) on a fresh vault."""
    work = Path(tempfile.mkdtemp(prefix="custos-bench-fill-"))
    try:
        vault, _code = Vault.create(work / "vault", owner="Owner", password="bench-pass-123")
        owner, conn = vault.actor, vault.connection()
        if not counters:
            names = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'customers_fill_%'"
            ).fetchall()
            for (name,) in names:
                conn.execute(f"DROP TRIGGER {name}")
        started = time.perf_counter()
        ids = customers.create_many(vault, owner, rows, audit_each=False)
        batch = time.perf_counter() - started
        edits = []
        for cid in ids[:EDITS]:
            started = time.perf_counter()
            customers.update(vault, owner, cid, {"address": "上海市黄浦区"})
            edits.append(time.perf_counter() - started)
        started = time.perf_counter()
        for cid in ids[EDITS : 2 * EDITS]:
            customers.delete(vault, owner, cid)
        deletion = (time.perf_counter() - started) / EDITS
        vault.lock()
        return batch, statistics.median(edits), deletion
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rows = _rows(max(args.rows, 2 * EDITS))
    results: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    for _ in range(args.rounds):
        for counters in (False, True):  # alternate, so a busy moment hits both sides
            results[counters].append(one_round(rows, counters=counters))
    best = {side: [min(r[i] for r in runs) for i in range(3)] for side, runs in results.items()}
    print(f"field counters: best of {args.rounds} rounds, fresh vaults, {len(rows):,} customers")
    print(f"{'':34} {'with':>10} {'without':>10} {'ratio':>7}")
    for i, (what, unit, scale) in enumerate(
        (("adding the batch", "s", 1), ("one edit (median)", "ms", 1000), ("one deletion (mean)", "ms", 1000))
    ):
        on, off = best[True][i] * scale, best[False][i] * scale
        print(f"{what:<34} {on:>8.2f} {unit:<2}{off:>8.2f} {unit:<2}{on / off:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
