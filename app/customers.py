"""Customer records: create, read, update, soft-delete, list and search — always as an Actor.

Values are validated and normalised by the field catalogue before they are stored; the
search index is maintained in the same transaction as the row; every change is audited
with the names of the fields that changed, never their values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import search as search_index
from app.access import Actor
from app.errors import KnownError, NotFoundError
from app.fields import BUILTIN_KEYS, Catalogue
from app.vault.database import transaction

# Sortable columns and the SQL expression each sorts by (matching the indexes in the schema).
SORT_KEYS = {
    "name": "sort_name",
    "phone": "ifnull(phone, '')",
    "email": "ifnull(email, '')",
    "company": "ifnull(company, '')",
    "created_at": "id",  # ids are handed out in creation order, so no extra index is needed
    "updated_at": "updated_at",
}
RELEVANCE = "relevance"
_COLUMNS = ("id", *BUILTIN_KEYS, "extra", "created_at", "created_by", "updated_at", "updated_by")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM customers"


@dataclass(frozen=True)
class Customer:
    id: int
    values: dict[str, str | None]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    @property
    def name(self) -> str:
        return self.values.get("name") or ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.values,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
        }


def _from_row(row: Sequence[Any]) -> Customer:
    values: dict[str, str | None] = dict(zip(BUILTIN_KEYS, row[1 : 1 + len(BUILTIN_KEYS)], strict=True))
    values.update(json.loads(row[1 + len(BUILTIN_KEYS)]))
    created_at, created_by, updated_at, updated_by = row[-4:]
    return Customer(row[0], values, created_at, created_by, updated_at, updated_by)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _split(cleaned: dict[str, str | None]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    builtin = {k: v for k, v in cleaned.items() if k in BUILTIN_KEYS}
    extra = {k: v for k, v in cleaned.items() if k not in BUILTIN_KEYS}
    return builtin, extra


# ------------------------------------------------------------------------------- writes


def create(vault, actor: Actor, values: dict[str, Any]) -> Customer:
    """Add one customer; raises ValidationError naming every bad field."""
    (customer_id,) = create_many(vault, actor, [values])
    return get(vault, actor, customer_id)


def create_many(
    vault,
    actor: Actor,
    rows: Iterable[dict[str, Any]],
    *,
    audit_each: bool = True,
    source_note: str = "",
    assume_clean: bool = False,
) -> list[int]:
    """Add customers in one transaction, all or none; returns their ids.

    ``assume_clean`` skips the catalogue's validation for rows that are already in stored
    form (the demo generator's output, which a test checks against the catalogue). Import
    and the UI never use it.
    """
    conn = vault.connection()
    catalogue = Catalogue.load(conn)
    now = _now()
    records = []
    for values in rows:
        cleaned = values if assume_clean else catalogue.clean(values, creating=True)
        extra = {k: v for k, v in cleaned.items() if k not in BUILTIN_KEYS and v not in (None, "")}
        builtin = [cleaned.get(key) or None for key in BUILTIN_KEYS]
        records.append(
            (
                *builtin,
                json.dumps(extra, ensure_ascii=False) if extra else "{}",
                (builtin[0] or "").casefold(),
                now,
                actor.user,
                now,
                actor.user,
            )
        )
    if not records:
        return []
    with transaction(conn):
        first = conn.execute("SELECT ifnull(max(id), 0) + 1 FROM customers").fetchone()[0]
        ids = list(range(first, first + len(records)))
        conn.executemany(
            f"INSERT INTO customers (id, {', '.join(BUILTIN_KEYS)}, extra, sort_name, created_at, created_by,"
            f" updated_at, updated_by) VALUES (?, {', '.join('?' * len(BUILTIN_KEYS))}, ?, ?, ?, ?, ?, ?)",
            [(customer_id, *record) for customer_id, record in zip(ids, records, strict=True)],
        )
        search_index.index_customers(conn, ids[0], ids[-1])
        audit = vault.audit()
        if audit_each:
            for customer_id, record in zip(ids, records, strict=True):
                filled = [k for k, v in zip(BUILTIN_KEYS, record, strict=False) if v]
                filled += sorted(json.loads(record[len(BUILTIN_KEYS)]))
                audit.append(
                    actor.user, "customer.create", f"customer:{customer_id}", {"fields": sorted(filled)}
                )
        else:
            audit.append(
                actor.user,
                "customer.create_many",
                f"customer:{ids[0]}..{ids[-1]}",
                {"count": len(ids), "source": source_note},
            )
    return ids


def update(vault, actor: Actor, customer_id: int, changes: dict[str, Any]) -> Customer:
    """Change some fields; ``None`` or "" clears a field. Unchanged values are not audited."""
    conn = vault.connection()
    catalogue = Catalogue.load(conn)
    with transaction(conn):
        current = _get_live(conn, customer_id)
        cleaned = catalogue.clean(changes, creating=False)
        changed = {k: v for k, v in cleaned.items() if current.values.get(k) != v}
        if not changed:
            return current
        builtin, extra = _split(changed)
        merged_extra = {k: v for k, v in current.values.items() if k not in BUILTIN_KEYS}
        merged_extra.update(extra)
        merged_extra = {k: v for k, v in merged_extra.items() if v is not None}
        assignments = {
            **builtin,
            "extra": json.dumps(merged_extra, ensure_ascii=False),
            "updated_at": _now(),
            "updated_by": actor.user,
        }
        if "name" in builtin:
            assignments["sort_name"] = (builtin["name"] or "").casefold()
        conn.execute(
            f"UPDATE customers SET {', '.join(f'{k} = ?' for k in assignments)} WHERE id = ?",
            (*assignments.values(), customer_id),
        )
        if set(changed) & set(search_index.SEARCH_COLUMNS):
            search_index.reindex_customer(conn, customer_id)
        vault.audit().append(
            actor.user, "customer.update", f"customer:{customer_id}", {"fields": sorted(changed)}
        )
    return get(vault, actor, customer_id)


def delete(vault, actor: Actor, customer_id: int) -> None:
    """Soft delete: the row leaves every list and search at once; erasure purges it later."""
    conn = vault.connection()
    with transaction(conn):
        _get_live(conn, customer_id)
        conn.execute(
            "UPDATE customers SET deleted_at = ?, deleted_by = ? WHERE id = ?",
            (_now(), actor.user, customer_id),
        )
        search_index.remove_from_index(conn, customer_id)
        vault.audit().append(actor.user, "customer.delete", f"customer:{customer_id}")


# ------------------------------------------------------------------------------- reads


def _get_live(conn, customer_id: int) -> Customer:
    row = conn.execute(f"{_SELECT} WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"Customer {customer_id} does not exist or was deleted.")
    return _from_row(row)


def get(vault, actor: Actor, customer_id: int) -> Customer:
    return _get_live(vault.connection(), customer_id)


def fetch(vault, actor: Actor, ids: Sequence[int]) -> list[Customer]:
    """Live customers with these ids, in the order given (missing ones skipped)."""
    if not ids:
        return []
    conn = vault.connection()
    by_id: dict[int, Customer] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            f"{_SELECT} WHERE id IN ({', '.join('?' * len(chunk))}) AND deleted_at IS NULL", chunk
        ).fetchall()
        by_id.update((row[0], _from_row(row)) for row in rows)
    return [by_id[i] for i in ids if i in by_id]


def count(vault, actor: Actor) -> int:
    """Live customers (kept by triggers; see migration 0003)."""
    return vault.connection().execute("SELECT live FROM customer_stats WHERE id = 1").fetchone()[0]


def _generation(conn) -> int:
    return conn.execute("SELECT generation FROM customer_stats WHERE id = 1").fetchone()[0]


def search(vault, actor: Actor, query: str, *, limit: int = search_index.RESULT_CAP) -> SearchResult:
    ids, capped = search_index.ranked_ids(vault.connection(), query, search_index.SEARCH_COLUMNS, limit)
    return SearchResult(ids, len(ids), capped)


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    total: int
    capped: bool

    def describe(self) -> str:
        return f"{self.total:,}+ matches" if self.capped else f"{self.total:,} matches"


def _check_sort(sort: str) -> str:
    if sort not in SORT_KEYS:
        raise KnownError(f"Cannot sort by {sort!r}; sortable: {', '.join(SORT_KEYS)}.")
    return SORT_KEYS[sort]


ANCHOR_SPACING = 2048


class CustomerView:
    """Row *i* of a sorted (optionally searched) customer list, without loading every row.

    Unfiltered: pages are read from the sort index by keyset seeks from *anchors* — the
    sort key of a known row position. Every page fetched leaves an anchor, so scrolling is
    a seek plus a short scan. ``build_anchors()`` (one index pass; the UI runs it off the
    GUI thread) leaves one every ``ANCHOR_SPACING`` rows so any jump is fast; the anchors
    are cached on the vault until a customer is added, changed or deleted.

    Searched: the ranked id list (at most ``search_index.RESULT_CAP``) is held and sliced.
    A view is a snapshot of positions: after a change, make a new one.
    """

    def __init__(
        self, vault, actor: Actor, *, query: str = "", sort: str = "name", descending: bool = False
    ) -> None:
        self._vault = vault
        self._actor = actor
        self.query = query.strip()
        self.sort = sort
        self.descending = descending
        self.capped = False
        self._ids: list[int] | None = None
        self._anchors: dict[int, tuple[Any, int]] = {}
        conn = vault.connection()
        if self.query:
            result_ids, self.capped = search_index.ranked_ids(conn, self.query)
            if sort != RELEVANCE:
                result_ids = self._sorted_subset(result_ids)
            self._ids = result_ids
            self.count = len(result_ids)
        else:
            # Without a query there is no relevance; the name order stands in for it.
            self.sort = "name" if sort == RELEVANCE else sort
            self._expr = _check_sort(self.sort)
            self.count = count(vault, actor)
            self._generation = _generation(conn)
            cached = vault.cache.get(self._cache_key())
            if cached and cached[0] == self._generation:
                self._anchors = dict(cached[1])

    def _cache_key(self) -> tuple:
        return ("customer-anchors", self.sort, self.descending)

    def _sorted_subset(self, ids: list[int]) -> list[int]:
        expr = _check_sort(self.sort)
        direction = "DESC" if self.descending else "ASC"
        rows = (
            self._vault.connection()
            .execute(
                f"SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))"
                f" ORDER BY {expr} {direction}, id {direction}",
                (json.dumps(ids),),
            )
            .fetchall()
        )
        return [r[0] for r in rows]

    def build_anchors(self) -> None:
        """One pass over the sort index leaving an anchor every ANCHOR_SPACING rows."""
        if self._ids is not None:
            return
        direction = "DESC" if self.descending else "ASC"
        order = f"{self._expr} {direction}, id {direction}"
        rows = (
            self._vault.connection()
            .execute(
                f"SELECT position, key, id FROM (SELECT row_number() OVER (ORDER BY {order}) AS position,"
                f" {self._expr} AS key, id FROM customers WHERE deleted_at IS NULL ORDER BY {order})"
                " WHERE position % ? = 0",
                (ANCHOR_SPACING,),
            )
            .fetchall()
        )
        # Anchor p holds the key of 0-based row p-1 (row_number p), so rows from index p follow it.
        # A new dict is swapped in whole: the UI builds anchors on a worker thread while the
        # GUI thread keeps reading pages from the old dict.
        anchors = {**self._anchors, **{position: (key, row_id) for position, key, row_id in rows}}
        self._anchors = anchors
        self._vault.cache[self._cache_key()] = (self._generation, dict(anchors))

    def ids(self, start: int, n: int) -> list[int]:
        if start < 0 or n <= 0 or start >= self.count:
            return []
        if self._ids is not None:
            return self._ids[start : start + n]
        return self._index_page(start, n)

    def _index_page(self, start: int, n: int) -> list[int]:
        anchors = self._anchors
        below = [p for p in list(anchors) if p <= start]
        direction, cmp = ("DESC", "<") if self.descending else ("ASC", ">")
        sql = f"SELECT id, {self._expr} FROM customers WHERE deleted_at IS NULL"
        args: list[Any] = []
        skip = start
        if below:
            anchor_at = max(below)
            key, anchor_id = anchors[anchor_at]
            sql += f" AND ({self._expr}, id) {cmp} (?, ?)"
            args += [key, anchor_id]
            skip = start - anchor_at
        sql += f" ORDER BY {self._expr} {direction}, id {direction} LIMIT ? OFFSET ?"
        rows = self._vault.connection().execute(sql, (*args, n, skip)).fetchall()
        if rows:
            self._anchors[start + len(rows)] = (rows[-1][1], rows[-1][0])
        return [r[0] for r in rows]

    def rows(self, start: int, n: int) -> list[Customer]:
        return fetch(self._vault, self._actor, self.ids(start, n))

    def __iter__(self) -> Iterator[Customer]:
        for start in range(0, self.count, 500):
            yield from self.rows(start, 500)
