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

A query of Latin letters (spaces and apostrophes allowed) may also be pinyin (app/pinyin.py):
``wangfang``, ``wang fang`` and ``wf`` find 王芳 as a prefix of the name's stored pinyin sort
key or initials (B-tree range scans, so even ``w`` costs a bounded index walk), and ``huaxin``
or ``hxkj`` find 北京华信科技有限公司 as a prefix of one of ``search_pinyin``'s tokens (the
company's pinyin and initials from each character on).

Every query is passed to FTS5 as a quoted phrase, so user input is never parsed as FTS
syntax (``a@b``, ``5881-56``, ``"`` and ``*`` are plain text).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from app import pinyin

SEARCH_COLUMNS = ("name", "phone", "email", "company", "tags")
FTS_TABLES = ("search_trigram", "search_short", "search_pinyin")
FTS_AUTOMERGE = 4  # FTS5's default
RESULT_CAP = 10_000

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_ALL_CJK = re.compile(f"^[{_CJK}]+$")
_PHONEISH = re.compile(r"^\+?[\d\s\-()]*\d[\d\s\-()]*$")


def is_cjk(text: str) -> bool:
    return bool(_ALL_CJK.match(text))


def short_tokens(text: str | None) -> str:
    """Chinese characters and adjacent pairs, space-separated, for ``search_short``."""
    if not text or text.isascii():
        return ""
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


# The trigram row is computed by SQL from the stored row, so bulk loads index a batch with one
# statement. Phones are stored normalised (digits, a leading + or one area-code dash), so
# stripping + and - leaves the digits a query is reduced to.
_TRIGRAM_SELECT = (
    "SELECT id, name, replace(replace(ifnull(phone, ''), '+', ''), '-', ''), ifnull(email, ''),"
    " ifnull(company, ''), replace(ifnull(tags, ''), ',', ' ') FROM customers"
)


class RowKeys:
    """What is stored or indexed for a customer beyond the row itself and computed in Python
    from its name, company and tags: (name pinyin sort key, name initials, short tokens of the
    name, of the company and of the tags, the company's pinyin tokens).

    Each distinct value is worked out once for the object's lifetime (one bulk load):
    customers share companies, tags and many names. A bulk loader may compute a batch's keys
    on another thread while the previous batch is being written.
    """

    def __init__(self) -> None:
        self._names: dict[str | None, tuple[str, str]] = {}
        self._short: dict[str | None, str] = {}
        self._company: dict[str | None, str] = {}

    def know_name(self, name: str | None, keys: tuple[str, str]) -> None:
        """The name's (pinyin sort key, initials) as already stored for it: not worked out again
        (a field pack copies customers whose keys the office computed; app/fieldpack.py)."""
        self._names[name] = keys

    def _tokens(self, value: str | None) -> str:
        tokens = self._short.get(value)
        if tokens is None:
            tokens = self._short[value] = short_tokens(value)
        return tokens

    def __call__(self, name: str | None, company: str | None, tags: str | None) -> tuple[str, ...]:
        keys = self._names.get(name)
        if keys is None:
            keys = self._names[name] = pinyin.name_keys(name)
        spelled = self._company.get(company)
        if spelled is None:
            spelled = self._company[company] = pinyin.company_tokens(company)
        return (*keys, self._tokens(name), self._tokens(company), self._tokens(tags), spelled)


def index_customers(
    conn,
    first_id: int,
    last_id: int,
    keys: Sequence[tuple[str, ...]] | None = None,
    row_keys: RowKeys | None = None,
) -> None:
    """Index the live customers with ids in [first_id, last_id] (not yet in the index).

    ``keys``: the ``RowKeys`` of exactly those customers, in id order, when the caller has
    them already (a bulk load); otherwise they are read back and computed here, with
    ``row_keys`` when given (it may know some names' keys already).
    """
    conn.execute(
        f"INSERT INTO search_trigram (rowid, name, phone, email, company, tags) {_TRIGRAM_SELECT}"
        " WHERE id BETWEEN ? AND ? AND deleted_at IS NULL",
        (first_id, last_id),
    )
    if keys is None:
        row_keys = row_keys or RowKeys()
        rows = conn.execute(
            "SELECT id, name, company, tags FROM customers WHERE id BETWEEN ? AND ? AND deleted_at IS NULL",
            (first_id, last_id),
        ).fetchall()
        ids = [r[0] for r in rows]
        keys = [row_keys(name, company, tags) for _id, name, company, tags in rows]
    else:
        ids = range(first_id, last_id + 1)
    _index_tokens(conn, ids, keys)


def _index_tokens(conn, ids: Sequence[int], keys: Sequence[tuple[str, ...]]) -> None:
    """The short-token and company-pinyin rows of customers whose ``RowKeys`` are ``keys``."""
    short_rows, pinyin_rows = [], []
    for customer_id, (_sort, _initials, name, company, tags, company_pinyin) in zip(ids, keys, strict=True):
        if name or company or tags:
            short_rows.append((customer_id, name, company, tags))
        if company_pinyin:
            pinyin_rows.append((customer_id, company_pinyin))
    conn.executemany(
        "INSERT INTO search_short (rowid, name, phone, email, company, tags) VALUES (?, ?, '', '', ?, ?)",
        short_rows,
    )
    conn.executemany("INSERT INTO search_pinyin (rowid, company) VALUES (?, ?)", pinyin_rows)


def reindex_customers(conn, customer_ids: Sequence[int]) -> None:
    """``reindex_customer`` for many customers: all are removed, then all indexed again, each
    pass in ascending id order. FTS5 writes its pending changes out (and does merge work)
    whenever a rowid comes that is not above the last one, which removing and re-adding one
    customer at a time does for every customer: ~15 ms each in a vault of a million customers
    (app/fieldpack.py merges a thousand edits at once)."""
    ids = sorted(set(customer_ids))
    if not ids:
        return
    # FTS5's incremental merging is paused while the rows change and set back (to FTS5's default)
    # before the caller commits: the work done at each flush would otherwise be repeated for
    # every block of changes (4.5 s instead of 0.9 s for a thousand customers of a million).
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
    for table in FTS_TABLES:  # by rowid, one at a time: "rowid IN (…)" reads the whole FTS table
        conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(i,) for i in ids])
    wanted = json.dumps(ids)
    conn.execute(
        f"INSERT INTO search_trigram (rowid, name, phone, email, company, tags) {_TRIGRAM_SELECT}"
        " WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY id",
        (wanted,),
    )
    rows = conn.execute(
        "SELECT id, name, company, tags, name_pinyin, name_initials FROM customers"
        " WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ORDER BY id",
        (wanted,),
    ).fetchall()
    row_keys = RowKeys()
    for _id, name, _company, _tags, name_pinyin, initials in rows:
        row_keys.know_name(name, (name_pinyin, initials))  # stored with the row, kept current
    _index_tokens(conn, [r[0] for r in rows], [row_keys(*r[1:4]) for r in rows])
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {FTS_AUTOMERGE})")


def backfill_pinyin(conn) -> int:
    """Schema 8's upgrade of customers stored before it: their pinyin keys, and the company
    pinyin index rebuilt. The caller holds the transaction. Returns the customers updated."""
    keys: dict[str, tuple[str, str]] = {}
    updates = []
    for customer_id, name in conn.execute("SELECT id, name FROM customers"):
        if name not in keys:
            keys[name] = pinyin.name_keys(name)
        updates.append((*keys[name], customer_id))
    conn.executemany("UPDATE customers SET name_pinyin = ?, name_initials = ? WHERE id = ?", updates)
    conn.execute("INSERT INTO search_pinyin (search_pinyin) VALUES ('delete-all')")
    tokens: dict[str, str] = {}
    rows = []
    for customer_id, company in conn.execute(
        "SELECT id, company FROM customers WHERE deleted_at IS NULL AND company IS NOT NULL"
    ):
        if company not in tokens:
            tokens[company] = pinyin.company_tokens(company)
        if tokens[company]:
            rows.append((customer_id, tokens[company]))
    conn.executemany("INSERT INTO search_pinyin (rowid, company) VALUES (?, ?)", rows)
    return len(updates)


def remove_from_index(conn, customer_id: int) -> None:
    conn.execute("DELETE FROM search_trigram WHERE rowid = ?", (customer_id,))
    conn.execute("DELETE FROM search_short WHERE rowid = ?", (customer_id,))
    conn.execute("DELETE FROM search_pinyin WHERE rowid = ?", (customer_id,))


def remove_many_from_index(conn, customer_ids: Sequence[int]) -> None:
    """``remove_from_index`` for many customers, one statement per index (undoing an import)."""
    ids = json.dumps(list(customer_ids))
    for table in FTS_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))


def reindex_customer(conn, customer_id: int) -> None:
    remove_from_index(conn, customer_id)
    index_customers(conn, customer_id, customer_id)


def normalize_query(query: str) -> str:
    # Control characters are never part of a search; NUL would end the FTS5 phrase early.
    text = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", query).split())
    # Full-width digits (a Chinese input method's default) are phone digits too.
    phone_probe = unicodedata.normalize("NFKC", text)
    if _PHONEISH.match(phone_probe) and phone_probe.isascii():
        text = phone_probe
    if _PHONEISH.match(text) and sum(ch.isdigit() for ch in text) >= 1:
        digits = re.sub(r"\D", "", text)
        # Mainland numbers are stored without the country code (fields.clean_phone), so a
        # typed or pasted +86 / 0086 is dropped too, or "+86 138 1234 5678" finds nothing.
        compact = re.sub(r"[^\d+]", "", text)
        if compact.startswith("+86"):
            return digits[2:]
        if compact.startswith("0086"):
            return digits[4:]
        return digits
    return text


def fts_phrase(text: str, columns: Sequence[str]) -> str:
    """A column-filtered FTS5 phrase; the text is quoted, so it is never FTS syntax."""
    quoted = '"' + text.replace('"', '""') + '"'
    return "{" + " ".join(columns) + "} : " + quoted


def fts_prefix(text: str, columns: Sequence[str]) -> str:
    """A column-filtered FTS5 prefix query for ``text`` (quoted, so never FTS syntax)."""
    return fts_phrase(text, columns) + " *"


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix + "\U0010ffff"


def ranked_ids(
    conn, query: str, columns: Sequence[str] = SEARCH_COLUMNS, cap: int = RESULT_CAP
) -> tuple[list[int], bool]:
    """Matching live customer ids: exact name matches first, then name prefixes, then names
    by their pinyin or initials (in pinyin order), then the rest in id order. Returns
    (ids, capped): at most ``cap`` ids; ``capped`` says more exist.

    Every lookup fetches ``cap + 1`` ids at most, so more than ``cap`` distinct ids in all
    means that more exist. Only ``columns`` are matched, by their text and by their pinyin.
    """
    text = normalize_query(query)
    if not text or not columns:
        return [], False
    ordered: dict[int, None] = {}
    folded = text.casefold()
    if "name" in columns:
        for (cid,) in conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND sort_name = ? ORDER BY id LIMIT ?",
            (folded, cap + 1),  # one more than shown, so that hitting the cap is noticed
        ):
            ordered[cid] = None
        for (cid,) in conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND sort_name > ? AND sort_name < ?"
            " ORDER BY sort_name, id LIMIT ?",
            (folded, prefix_upper_bound(folded), cap + 1),
        ):
            ordered[cid] = None
    spelled = pinyin.pinyin_query(text)
    if spelled and "name" in columns:
        # Full pinyin (wangfang) first, in pinyin order, then initials (wf).
        for key in ("name_pinyin", "name_initials"):
            for (cid,) in conn.execute(
                f"SELECT id FROM customers WHERE deleted_at IS NULL AND {key} >= ? AND {key} < ?"
                f" ORDER BY {key}, id LIMIT ?",
                (spelled, prefix_upper_bound(spelled), cap + 1),
            ):
                ordered[cid] = None
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
    if len(spelled) >= 2 and "company" in columns:
        # One letter would be a prefix of most companies' tokens: not a useful search.
        rest += conn.execute(
            "SELECT rowid FROM search_pinyin WHERE search_pinyin MATCH ? ORDER BY rowid LIMIT ?",
            (fts_prefix(spelled, ["company"]), cap + 1),
        ).fetchall()
    for (cid,) in rest:
        ordered[cid] = None
    return list(ordered)[:cap], len(ordered) > cap
