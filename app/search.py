"""The customer search index and how a typed query becomes an indexed lookup.

Two contentless FTS5 tables (see migration 0001) with one column per searchable field:

* ``search_trigram`` answers queries of three or more characters as substring matches in
  any script (trigram tokenizer, case-insensitive).
* ``search_short`` holds every Chinese character and every pair of adjacent Chinese
  characters as its own token, so one- and two-character Chinese queries (王, 王芳) are an
  index lookup too. Trigram silently returns nothing for them, and a LIKE scan over a
  million encrypted rows costs most of a second.

One- and two-character Latin or digit queries match the *start* of a name, e-mail or phone
number through ordinary B-tree indexes: matching two letters anywhere would return most of
the vault and help nobody. Phone numbers are indexed as digits only, and a query that looks
like a phone number (``5881-56``, ``+86 138``) is reduced to its digits.

Every query is passed to FTS5 as a quoted phrase, so user input is never parsed as FTS
syntax (``a@b``, ``5881-56``, ``"`` and ``*`` are plain text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

SEARCH_COLUMNS = ("name", "phone", "email", "company", "tags")
RESULT_CAP = 10_000

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_ALL_CJK = re.compile(f"^[{_CJK}]+$")
_PHONEISH = re.compile(r"^\+?[\d\s\-()]*\d[\d\s\-()]*$")


def is_cjk(text: str) -> bool:
    return bool(_ALL_CJK.match(text))


def short_tokens(text: str | None) -> str:
    """Chinese characters and adjacent pairs, space-separated, for ``search_short``."""
    if not text:
        return ""
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


def index_values(values: dict[str, str | None]) -> tuple[list[str], list[str]] | None:
    """(trigram row, short row) for a customer's searchable values; short is None-able."""
    trigram = [
        values.get("name") or "",
        re.sub(r"\D", "", values.get("phone") or ""),
        values.get("email") or "",
        values.get("company") or "",
        (values.get("tags") or "").replace(",", " "),
    ]
    short = [short_tokens(v) for v in (trigram[0], "", "", trigram[3], trigram[4])]
    return trigram, short


def write_index(conn, rows: Iterable[tuple[int, dict[str, str | None]]]) -> None:
    """Insert index rows for new customers (ids not yet in the index)."""
    trigram_rows, short_rows = [], []
    for customer_id, values in rows:
        trigram, short = index_values(values)
        trigram_rows.append((customer_id, *trigram))
        if any(short):
            short_rows.append((customer_id, *short))
    conn.executemany(
        "INSERT INTO search_trigram (rowid, name, phone, email, company, tags) VALUES (?, ?, ?, ?, ?, ?)",
        trigram_rows,
    )
    conn.executemany(
        "INSERT INTO search_short (rowid, name, phone, email, company, tags) VALUES (?, ?, ?, ?, ?, ?)",
        short_rows,
    )


def remove_from_index(conn, customer_id: int) -> None:
    conn.execute("DELETE FROM search_trigram WHERE rowid = ?", (customer_id,))
    conn.execute("DELETE FROM search_short WHERE rowid = ?", (customer_id,))


def normalize_query(query: str) -> str:
    text = " ".join(query.split())
    if _PHONEISH.match(text) and sum(ch.isdigit() for ch in text) >= 1:
        return re.sub(r"\D", "", text)
    return text


def fts_phrase(text: str, columns: Sequence[str]) -> str:
    """A column-filtered FTS5 phrase; the text is quoted, so it is never FTS syntax."""
    quoted = '"' + text.replace('"', '""') + '"'
    return "{" + " ".join(columns) + "} : " + quoted


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix + "\U0010ffff"


def ranked_ids(conn, query: str, columns: Sequence[str] = SEARCH_COLUMNS,
               cap: int = RESULT_CAP) -> tuple[list[int], bool]:
    """Matching live customer ids, exact name matches first, then name prefixes, then the
    rest in id order. Returns (ids, capped): at most ``cap`` ids; ``capped`` says more exist.
    """
    text = normalize_query(query)
    if not text or not columns:
        return [], False
    ordered: dict[int, None] = {}
    folded = text.casefold()
    if "name" in columns:
        for (cid,) in conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND sort_name = ? ORDER BY id LIMIT ?",
            (folded, cap),
        ):
            ordered[cid] = None
        for (cid,) in conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND sort_name > ? AND sort_name < ?"
            " ORDER BY sort_name, id LIMIT ?",
            (folded, prefix_upper_bound(folded), cap),
        ):
            ordered[cid] = None
    capped = False
    if len(text) >= 3:
        rest = conn.execute(
            "SELECT rowid FROM search_trigram WHERE search_trigram MATCH ? ORDER BY rowid LIMIT ?",
            (fts_phrase(text, columns), cap + 1),
        ).fetchall()
    elif is_cjk(text):
        rest = conn.execute(
            "SELECT rowid FROM search_short WHERE search_short MATCH ? ORDER BY rowid LIMIT ?",
            (fts_phrase(text, columns), cap + 1),
        ).fetchall()
    else:
        rest = []
        low, high = folded, prefix_upper_bound(folded)
        if "phone" in columns and text.isdigit():
            rest += conn.execute(
                "SELECT id FROM customers WHERE deleted_at IS NULL AND ifnull(phone, '') >= ?"
                " AND ifnull(phone, '') < ? ORDER BY ifnull(phone, ''), id LIMIT ?",
                (low, high, cap + 1),
            ).fetchall()
        if "email" in columns:
            rest += conn.execute(
                "SELECT id FROM customers WHERE deleted_at IS NULL AND ifnull(email, '') >= ?"
                " AND ifnull(email, '') < ? ORDER BY ifnull(email, ''), id LIMIT ?",
                (low, high, cap + 1),
            ).fetchall()
    for (cid,) in rest:
        ordered[cid] = None
    if len(rest) > cap or len(ordered) > cap:
        capped = True
    return list(ordered)[:cap], capped
