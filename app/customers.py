"""Customer records: create, read, update, soft-delete, list and search — always as an Actor.

Values are validated and normalised by the field catalogue before they are stored; the
search index is maintained in the same transaction as the row; every change is audited
with the names of the fields that changed, never their values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from app import consent as consent_mod
from app import masking, pinyin, sensitive
from app import search as search_index
from app.access import WRITE, Access, Actor, access_for
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.fields import BUILTIN_KEYS, RESERVED_KEYS
from app.i18n import _, current_language
from app.vault.database import transaction

# Sortable columns and the SQL expression each sorts by (matching the indexes in the schema).
SORT_KEYS = {
    "name": "name_pinyin",  # pinyin order, Latin names among them letter by letter (app/pinyin.py)
    "phone": "ifnull(phone, '')",
    "email": "ifnull(email, '')",
    "company": "ifnull(company, '')",
    "created_at": "id",  # ids are handed out in creation order, so no extra index is needed
    "updated_at": "updated_at",
}
RELEVANCE = "relevance"
_META_COLUMNS = ("created_at", "created_by", "updated_at", "updated_by")
_RAW_SELECT = f"SELECT id, {', '.join(BUILTIN_KEYS)}, extra, changes FROM customers"
_ID_POSITION = BUILTIN_KEYS.index("id_number")


@dataclass(frozen=True)
class Customer:
    """A customer as one actor may see them: hidden fields are absent, masked ones masked.

    ``masked`` names the fields whose value here is a masked form (``reveal`` shows one).
    ``merged_from`` is the id that was asked for when it was merged into this customer
    (``get`` follows the redirect; see app/duplicates.py).
    """

    id: int
    values: dict[str, str | None]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    masked: frozenset[str] = frozenset()
    merged_from: int | None = None

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    @property
    def name(self) -> str:
        return self.values.get("name") or ""

    def as_dict(self) -> dict[str, Any]:
        """The record as one flat mapping (``--json``). The record's own keys always mean the
        record: new custom fields cannot take them (fields.RESERVED_KEYS), and one made before
        that rule is put out as ``field:<key>`` rather than replacing or hiding them."""
        values = {(f"field:{k}" if k in RESERVED_KEYS else k): v for k, v in self.values.items()}
        return {
            "id": self.id,
            **values,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _split(cleaned: dict[str, str | None]) -> tuple[dict[str, str | None], dict[str, str | None]]:
    builtin = {k: v for k, v in cleaned.items() if k in BUILTIN_KEYS}
    extra = {k: v for k, v in cleaned.items() if k not in BUILTIN_KEYS}
    return builtin, extra


def _cipher(vault, access: Access, keys) -> sensitive.SensitiveCipher | None:
    """The sensitive cipher when any of ``keys`` is a sensitive field, else None."""
    if not any(
        key in access.catalogue and access.catalogue.get(key).sensitivity == "sensitive" for key in keys
    ):
        return None
    cipher = vault.sensitive_cipher()
    if cipher is None:
        raise PermissionDeniedError(
            _(
                "Your key slot does not carry the sensitive-field key (your role changed since you"
                " signed in?). Sign out and in again."
            )
        )
    return cipher


def _is_sensitive(access: Access, key: str) -> bool:
    return key in access.catalogue and access.catalogue.get(key).sensitivity == "sensitive"


# ------------------------------------------------------------------------------- the actor's view


def _require_acknowledged(vault, actor: Actor) -> None:
    """No customer data for a user who has not acknowledged the current written policy
    (app/policy.py); imported here because the policy's document reads most of the core."""
    from app import policy

    policy.require_acknowledged(vault, actor)


class _Reader:
    """Turns stored rows into what one actor may see: selects only visible columns, decrypts
    sensitive values the actor may see, masks masked ones. Nothing else leaves the core."""

    def __init__(self, vault, access: Access) -> None:
        _require_acknowledged(vault, access.actor)
        self.access = access
        visible = [f for f in access.catalogue if access.can_see(f.key)]
        self.builtin = [f.key for f in visible if f.key in BUILTIN_KEYS]
        self.custom = [f.key for f in visible if f.key not in BUILTIN_KEYS]
        self.masked = frozenset(f.key for f in visible if not access.can_read(f.key))
        self.defs = {f.key: f for f in visible}
        sensitive_visible = [f.key for f in visible if f.sensitivity == "sensitive"]
        # Without the key (a role changed mid-session) sensitive values are left out, not shown.
        self.cipher = vault.sensitive_cipher() if sensitive_visible else None
        self.sensitive = frozenset(sensitive_visible)
        # Who changed the record last, and when, as this actor may know it: a role that sees
        # every field gets the stored updated_at/by; any other gets the newest change among
        # the fields it can see (see last_visible_change), so an edit of a field hidden from
        # it does not show up as "updated" — not in the editor, the CLI or --json.
        self.sees_everything = all(access.can_see(f.key) for f in access.catalogue)
        self.visible = frozenset(self.defs)
        columns = [
            "id",
            *self.builtin,
            "extra" if self.custom else "'{}'",
            "NULL" if self.sees_everything else "changes",
            *_META_COLUMNS,
        ]
        self.select = f"SELECT {', '.join(columns)} FROM customers"

    def customer(self, row: Sequence[Any]) -> Customer:
        customer_id = row[0]
        values: dict[str, str | None] = dict(zip(self.builtin, row[1 : 1 + len(self.builtin)], strict=True))
        if self.custom:
            extra = json.loads(row[1 + len(self.builtin)])
            values.update((k, extra[k]) for k in self.custom if k in extra)
        for key in self.sensitive & values.keys():
            if self.cipher is None:
                del values[key]
            else:
                values[key] = self.cipher.decrypt(customer_id, key, values[key])
        for key in self.masked & values.keys():
            values[key] = masking.mask(self.defs[key], values[key])
        created_at, created_by, updated_at, updated_by = row[-4:]
        if not self.sees_everything:
            updated_at, updated_by = last_visible_change(row[-5], self.visible, row[-4:])
        return Customer(customer_id, values, created_at, created_by, updated_at, updated_by, self.masked)


def last_visible_change(
    changes_json: str | None, visible: frozenset[str], meta: Sequence[str]
) -> tuple[str, str]:
    """(updated_at, updated_by) for a reader who sees only the fields in ``visible``.

    ``changes`` holds each field's last change (customers.update writes it). The newest one
    among the visible fields wins; with none, the record reads as last changed when it was
    created. A record changed before the column existed (NULL, yet updated after creation)
    cannot tell which field changed: it reads as created too — better to show less than to
    hint at an edit the reader cannot see.
    """
    created_at, created_by, _updated_at, _updated_by = meta
    latest = (created_at, created_by)
    for key, (at, by) in (json.loads(changes_json) if changes_json else {}).items():
        if key in visible and at > latest[0]:
            latest = (at, by)
    return latest


# SQLite row ids are signed 64-bit integers.
MAX_ID = 2**63 - 1


def _missing(customer_id: Any) -> NotFoundError:
    return NotFoundError(_("Customer {id} does not exist or was deleted.").format(id=customer_id))


def _check_id(customer_id: Any) -> int:
    """An id SQLite can compare; anything else (a 20-digit number, a string) names no customer.
    Without this a too-large id is an OverflowError from the driver, not "not found"."""
    if isinstance(customer_id, bool) or not isinstance(customer_id, int) or not 0 < customer_id <= MAX_ID:
        raise _missing(customer_id)
    return customer_id


def merged_into(conn, customer_id: int) -> int | None:
    """The live customer a merged-away id now leads to, or None (never merged, or erased since).

    Merging repoints earlier redirects at the kept customer, so this is normally one step;
    the loop only guards against a chain left by an interrupted older version.
    """
    seen = {customer_id}
    current = customer_id
    while True:
        row = conn.execute(
            "SELECT merged_into, deleted_at IS NULL FROM customers WHERE id = ?", (current,)
        ).fetchone()
        if row is None:
            return None
        target, live = row
        if live:
            return current if current != customer_id else None
        if target is None or target in seen:
            return None
        seen.add(target)
        current = target


def _not_found(conn, customer_id: int) -> NotFoundError:
    kept = merged_into(conn, customer_id)
    if kept is not None:
        return NotFoundError(
            _("Customer {id} was merged into customer {kept}.").format(id=customer_id, kept=kept)
        )
    return _missing(customer_id)


def _raw(conn, customer_id: int) -> dict[str, Any]:
    """The stored values (sensitive ones still encrypted) of a live customer; for writes."""
    _check_id(customer_id)
    row = conn.execute(f"{_RAW_SELECT} WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
    if row is None:
        raise _not_found(conn, customer_id)
    values: dict[str, Any] = dict(zip(BUILTIN_KEYS, row[1 : 1 + len(BUILTIN_KEYS)], strict=True))
    values["extra"] = json.loads(row[1 + len(BUILTIN_KEYS)])
    values["changes"] = row[2 + len(BUILTIN_KEYS)]
    return values


def _unwritable(access: Access) -> frozenset[str]:
    """The catalogue's fields this actor may not write (unknown keys are the catalogue's
    business: it names them in its ValidationError)."""
    return frozenset(f.key for f in access.catalogue if access.level(f.key) != WRITE)


def _check_writes(
    access: Access, values: dict[str, Any], *, creating: bool, unwritable: frozenset[str] | None = None
) -> None:
    """Refuse (naming the field) any value the actor may not write. On creation an empty value
    for such a field writes nothing and is let through (a form may send every field).

    ``unwritable`` (from ``_unwritable``) lets a bulk load compute the policy once, not per row.
    """
    for key in values.keys() & (_unwritable(access) if unwritable is None else unwritable):
        value = values[key]
        if creating and (value is None or str(value).strip() == ""):
            continue
        access.require_write(key)


# ------------------------------------------------------------------------------- writes


class _NameKeys:
    """``pinyin.name_keys`` for one bulk load, remembering each distinct name: customers
    share names (a million demo customers have a few hundred thousand distinct ones)."""

    def __init__(self) -> None:
        self._known: dict[str | None, tuple[str, str]] = {}

    def __call__(self, name: str | None) -> tuple[str, str]:
        keys = self._known.get(name)
        if keys is None:
            keys = self._known[name] = pinyin.name_keys(name)
        return keys


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
    keys: Sequence[tuple[str, ...]] | None = None,
    import_id: int | None = None,
) -> list[int]:
    """Add customers in one transaction, all or none; returns their ids.

    ``assume_clean`` skips the catalogue's validation for rows that are already in stored
    form: the demo generator's output (a test checks it against the catalogue), and rows the
    importer has just put through ``Catalogue.clean`` itself (app/importing/engine.py) — it
    must, to report each bad row, and cleaning twice would cost a fifth of a large import.
    The UI never uses it. The actor's write permissions are checked either way.
    ``import_id``: the import (app/importing) these customers come from, kept on each row.
    ``keys``: ``derive(rows)``, computed beforehand (the demo generator does so on its own
    thread, overlapping the previous batch's writes); only with ``assume_clean``.
    """
    conn = vault.connection()
    access = access_for(vault, actor)
    _require_acknowledged(vault, actor)
    catalogue = access.catalogue
    sensitive_builtin = [k for k in BUILTIN_KEYS if _is_sensitive(access, k)]
    sensitive_custom = [f.key for f in catalogue if not f.builtin and f.sensitivity == "sensitive"]
    now = _now()
    unwritable = _unwritable(access)
    cleaned_rows = []
    for values in rows:
        _check_writes(access, values, creating=True, unwritable=unwritable)
        cleaned_rows.append(values if assume_clean else catalogue.clean(values, creating=True))
    if not cleaned_rows:
        return []
    filled_keys = set().union(*cleaned_rows)
    sensitive_keys = {k for k in filled_keys if _is_sensitive(access, k)}
    cipher = _cipher(vault, access, {k for k in sensitive_keys if any(row.get(k) for row in cleaned_rows)})
    builtin_only = filled_keys <= set(BUILTIN_KEYS)
    if keys is None:
        keys = derive(cleaned_rows)
    elif not assume_clean or len(keys) != len(cleaned_rows):
        raise ValueError("precomputed keys are only for as many rows, already in stored form")
    with transaction(conn):
        first = _first_free_id(conn)
        ids = list(range(first, first + len(cleaned_rows)))
        _raise_high_mark(conn, ids[-1])
        records, index_rows, filled_fields, births = [], [], [], []
        for customer_id, cleaned, row_keys in zip(ids, cleaned_rows, keys, strict=True):
            if builtin_only:
                extra = {}
            else:
                extra = {k: v for k, v in cleaned.items() if k not in BUILTIN_KEYS and v not in (None, "")}
            builtin = [cleaned.get(key) or None for key in BUILTIN_KEYS]
            if builtin[_ID_POSITION] or extra.get(consent_mod.BIRTH_DATE_FIELD):
                births.append((customer_id, builtin[_ID_POSITION], extra.get(consent_mod.BIRTH_DATE_FIELD)))
            if audit_each:
                filled_fields.append(
                    sorted([k for k, v in zip(BUILTIN_KEYS, builtin, strict=True) if v] + list(extra))
                )
            if cipher is not None:
                for key in sensitive_builtin:
                    position = BUILTIN_KEYS.index(key)
                    if builtin[position]:
                        index_rows.append((key, cipher.token(key, builtin[position]), customer_id))
                        builtin[position] = cipher.encrypt(customer_id, key, builtin[position])
                for key in sensitive_custom:
                    if extra.get(key):
                        index_rows.append((key, cipher.token(key, extra[key]), customer_id))
                        extra[key] = cipher.encrypt(customer_id, key, extra[key])
            records.append(
                (
                    customer_id,
                    *builtin,
                    json.dumps(extra, ensure_ascii=False) if extra else "{}",
                    (builtin[0] or "").casefold(),
                    row_keys[0],
                    row_keys[1],
                    now,
                    actor.user,
                    now,
                    actor.user,
                    *(() if import_id is None else (import_id,)),
                )
            )
        # import_id only when given: a vault opened at a schema before imports (a test of an
        # upgrade) has no such column, and no import to name.
        imported, mark = (", import_id", ", ?") if import_id is not None else ("", "")
        conn.executemany(
            f"INSERT INTO customers (id, {', '.join(BUILTIN_KEYS)}, extra, sort_name, name_pinyin,"
            f" name_initials, created_at, created_by, updated_at, updated_by{imported})"
            f" VALUES (?, {', '.join('?' * len(BUILTIN_KEYS))}, ?, ?, ?, ?, ?, ?, ?, ?{mark})",
            records,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO sensitive_index (field, token, customer_id) VALUES (?, ?, ?)", index_rows
        )
        # Children under 14 need a guardian's consent; noted while the ID is still plaintext here.
        conn.executemany(
            "INSERT OR REPLACE INTO consent_minors (customer_id, adult_on) VALUES (?, ?)",
            consent_mod.minor_rows(births),
        )
        search_index.index_customers(conn, ids[0], ids[-1], keys)
        audit = vault.audit()
        if audit_each:
            for customer_id, filled in zip(ids, filled_fields, strict=True):
                audit.append(actor.user, "customer.create", f"customer:{customer_id}", {"fields": filled})
        else:
            audit.append(
                actor.user,
                "customer.create_many",
                f"customer:{ids[0]}..{ids[-1]}",
                {"count": len(ids), "source": source_note},
            )
    return ids


def _has_high_mark(conn) -> bool:
    """Schema 14 keeps the highest id ever given; a vault opened at an older schema (tests make
    them to check upgrades) has no such table yet, and its ids were never erased."""
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer_id_high'"
        ).fetchone()
        is not None
    )


def _first_free_id(conn) -> int:
    """After the highest id ever given, not the highest still stored: an erased customer's id
    stays in old audit entries and the erasure ledger and must keep meaning them."""
    if not _has_high_mark(conn):
        return conn.execute("SELECT ifnull(max(id), 0) + 1 FROM customers").fetchone()[0]
    return conn.execute(
        "SELECT max((SELECT ifnull(max(id), 0) FROM customers), (SELECT high FROM customer_id_high)) + 1"
    ).fetchone()[0]


def _raise_high_mark(conn, last_id: int) -> None:
    if _has_high_mark(conn):
        conn.execute("UPDATE customer_id_high SET high = max(high, ?) WHERE id = 1", (last_id,))


def derive(rows: Sequence[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The pinyin keys and search tokens of rows in stored form (``search.RowKeys``), for
    ``create_many(keys=...)``. Pure computation: safe on any thread."""
    row_keys = search_index.RowKeys()
    return [
        row_keys(row.get("name") or None, row.get("company") or None, row.get("tags") or None) for row in rows
    ]


def update(vault, actor: Actor, customer_id: int, changes: dict[str, Any]) -> Customer:
    """Change some fields; ``None`` or "" clears a field. Unchanged values are not audited.

    Every field named in ``changes`` must be writable by the actor (PermissionDeniedError
    names the first that is not), whether or not its value really changes: otherwise a
    "no change" answer would tell a hidden value.
    """
    _check_id(customer_id)
    conn = vault.connection()
    access = access_for(vault, actor)
    _require_acknowledged(vault, actor)
    _check_writes(access, changes, creating=False)
    cleaned = access.catalogue.clean(changes, creating=False)
    cipher = _cipher(vault, access, cleaned)
    with transaction(conn):
        write_changes(vault, access, cipher, customer_id, cleaned, actor.user)
    return get(vault, actor, customer_id)


def write_changes(
    vault,
    access: Access,
    cipher: sensitive.SensitiveCipher | None,
    customer_id: int,
    cleaned: dict[str, str | None],
    user: str,
    details: dict[str, Any] | None = None,
    *,
    reindex: bool = True,
) -> list[str]:
    """Store already-cleaned values of one live customer inside the caller's transaction;
    returns the keys that really changed (audited as ``user``, with ``details`` added).
    ``reindex=False``: the caller updates the search index itself, for many customers at once
    (``search.reindex_customers``) — it must, when a changed key is in ``SEARCH_COLUMNS``.

    ``update`` checks the actor's write permission first; a field-pack merge
    (app/fieldpack.py) checks the field user's and writes their changes in its one
    all-or-nothing transaction. ``cipher`` is ``_cipher(vault, access, cleaned)``.
    """
    conn = vault.connection()
    stored = _raw(conn, customer_id)
    extra_stored: dict[str, Any] = stored["extra"]

    def current(key: str) -> str | None:
        value = stored.get(key) if key in BUILTIN_KEYS else extra_stored.get(key)
        if cipher is not None and _is_sensitive(access, key):
            return cipher.decrypt(customer_id, key, value)
        return value

    changed = {k: v for k, v in cleaned.items() if current(k) != v}
    if not changed:
        return []
    to_store = dict(changed)
    for key, value in changed.items():
        if cipher is not None and _is_sensitive(access, key):
            sensitive.index_value(conn, cipher, customer_id, key, value)
            if value:
                to_store[key] = cipher.encrypt(customer_id, key, value)
    builtin, extra = _split(to_store)
    merged_extra = {**extra_stored, **extra}
    merged_extra = {k: v for k, v in merged_extra.items() if v is not None}
    now = _now()
    field_changes = json.loads(stored["changes"] or "{}")
    field_changes.update((key, [now, user]) for key in changed)
    assignments = {
        **builtin,
        "extra": json.dumps(merged_extra, ensure_ascii=False),
        "changes": json.dumps(field_changes, ensure_ascii=False, sort_keys=True),
        "updated_at": now,
        "updated_by": user,
    }
    if "name" in builtin:
        assignments["sort_name"] = (builtin["name"] or "").casefold()
        assignments["name_pinyin"], assignments["name_initials"] = pinyin.name_keys(builtin["name"])
    conn.execute(
        f"UPDATE customers SET {', '.join(f'{k} = ?' for k in assignments)} WHERE id = ?",
        (*assignments.values(), customer_id),
    )
    if reindex and set(changed) & set(search_index.SEARCH_COLUMNS):
        search_index.reindex_customer(conn, customer_id)
    if {"id_number", consent_mod.BIRTH_DATE_FIELD} & set(changed):
        id_number = changed["id_number"] if "id_number" in changed else current("id_number")
        born = (
            changed[consent_mod.BIRTH_DATE_FIELD]
            if consent_mod.BIRTH_DATE_FIELD in changed
            else current(consent_mod.BIRTH_DATE_FIELD)
        )
        session_cipher = vault.sensitive_cipher()
        if session_cipher is not None:
            id_number = session_cipher.decrypt(customer_id, "id_number", id_number)
            born = session_cipher.decrypt(customer_id, consent_mod.BIRTH_DATE_FIELD, born)
        if not (sensitive.is_encrypted(id_number) or sensitive.is_encrypted(born)):
            consent_mod.note_birth(conn, customer_id, id_number, born)
    vault.audit().append(
        user, "customer.update", f"customer:{customer_id}", {"fields": sorted(changed), **(details or {})}
    )
    return sorted(changed)


def delete(vault, actor: Actor, customer_id: int) -> None:
    """Soft delete: the row leaves every list and search at once; it is erased for good once
    the grace period the owner sets has passed (app/retention.py reviews them, app/erasure.py
    erases), or at once with ``erasure.erase``.

    Needs the 'delete customers' permission.
    """
    conn = vault.connection()
    access_for(vault, actor).require("delete_customers")
    _require_acknowledged(vault, actor)
    with transaction(conn):
        _raw(conn, customer_id)
        conn.execute(
            "UPDATE customers SET deleted_at = ?, deleted_by = ? WHERE id = ?",
            (_now(), actor.user, customer_id),
        )
        search_index.remove_from_index(conn, customer_id)
        sensitive.remove_customer(conn, customer_id)
        vault.audit().append(actor.user, "customer.delete", f"customer:{customer_id}")


# ------------------------------------------------------------------------------- reads


def get(vault, actor: Actor, customer_id: int) -> Customer:
    """A live customer; the id of one merged into another gives the kept customer, with
    ``merged_from`` set, so an old id written down somewhere still finds the person."""
    _check_id(customer_id)
    reader = _Reader(vault, access_for(vault, actor))
    conn = vault.connection()
    row = conn.execute(f"{reader.select} WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
    if row is not None:
        return reader.customer(row)
    kept = merged_into(conn, customer_id)
    if kept is not None:
        row = conn.execute(f"{reader.select} WHERE id = ? AND deleted_at IS NULL", (kept,)).fetchone()
        if row is not None:
            return replace(reader.customer(row), merged_from=customer_id)
    raise _missing(customer_id)


def view(vault, actor: Actor, customer_id: int) -> Customer:
    """``get`` for a person opening one customer's record: the view is audited, so the
    customer's history shows who looked at it and when (field names, never values)."""
    customer = get(vault, actor, customer_id)
    vault.audit().append(actor.user, "customer.view", f"customer:{customer.id}")
    return customer


def get_live(vault, actor: Actor, customer_id: int) -> Customer:
    """The live customer with exactly this id, never a redirect: for operations that must
    not act on a different record than the one named (merging, for one)."""
    _check_id(customer_id)
    reader = _Reader(vault, access_for(vault, actor))
    conn = vault.connection()
    row = conn.execute(f"{reader.select} WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
    if row is None:
        raise _not_found(conn, customer_id)
    return reader.customer(row)


def fetch(vault, actor: Actor, ids: Sequence[int]) -> list[Customer]:
    """Live customers with these ids, in the order given (missing ones skipped)."""
    ids = [i for i in ids if isinstance(i, int) and 0 < i <= MAX_ID]
    if not ids:
        return []
    reader = _Reader(vault, access_for(vault, actor))
    conn = vault.connection()
    by_id: dict[int, Customer] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = conn.execute(
            f"{reader.select} WHERE id IN ({', '.join('?' * len(chunk))}) AND deleted_at IS NULL", chunk
        ).fetchall()
        by_id.update((row[0], reader.customer(row)) for row in rows)
    return [by_id[i] for i in ids if i in by_id]


def stream(vault, actor: Actor, id_chunks: Iterable[Sequence[int]]) -> Iterator[Customer]:
    """Live customers for chunks of ids (each chunk ascending, a few thousand at most), read
    under one view of the actor's policy: what ``fetch`` gives, for exports of a million rows
    without re-reading the policy per chunk. Missing or deleted ids are skipped."""
    reader = _Reader(vault, access_for(vault, actor))
    conn = vault.connection()
    for chunk in id_chunks:
        if not chunk:
            continue
        # Row by row from the cursor, not fetchall: SQLite steps without the GIL, so a GUI thread
        # waiting on it is never held up for a whole chunk.
        for row in conn.execute(
            f"{reader.select} WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL"
            " ORDER BY id",
            (json.dumps(list(chunk)),),
        ):
            yield reader.customer(row)


def count(vault, actor: Actor, *, consent: str | None = None) -> int:
    """Live customers (kept by triggers; see migration 0003). Every role may count; counting
    those with current consent for a purpose needs the 'view_consent' permission."""
    if consent:
        return consent_mod.count_current(vault, actor, consent)
    return vault.connection().execute("SELECT live FROM customer_stats WHERE id = 1").fetchone()[0]


def _generation(conn) -> int:
    return conn.execute("SELECT generation FROM customer_stats WHERE id = 1").fetchone()[0]


def search_columns(access: Access) -> tuple[str, ...]:
    """The indexed columns a search by this actor may match: those they read unmasked."""
    return tuple(c for c in search_index.SEARCH_COLUMNS if access.can_read(c))


def search(
    vault, actor: Actor, query: str, *, limit: int = search_index.RESULT_CAP, consent: str | None = None
) -> SearchResult:
    """Customers matching ``query`` in the fields the actor reads unmasked, and only those:
    a value the actor cannot see never decides whether a customer is found. With ``consent``
    only those with current consent for that purpose (see CustomerView)."""
    columns = search_columns(access_for(vault, actor))
    _require_acknowledged(vault, actor)
    ids, capped = search_index.ranked_ids(vault.connection(), query, columns, limit)
    if consent:
        ids = consent_mod.may_include(vault, actor, consent, ids)
    return SearchResult(ids, len(ids), capped)


def find_by_sensitive(vault, actor: Actor, field_key: str, value: str) -> list[Customer]:
    """Exact lookup of a sensitive value (e.g. an ID number) through the blind index.

    Only for actors who read the field unmasked; audited (the field, not the value).
    """
    access = access_for(vault, actor)
    _require_acknowledged(vault, actor)
    field = access.catalogue.get(field_key)
    if field.sensitivity != "sensitive":
        raise KnownError(
            _("{field} is not a sensitive field; use search.").format(field=field.label(current_language()))
        )
    access.require_read(field_key, _("look customers up by"))
    try:
        cleaned = field.clean(value)
    except ValueError as exc:
        raise ValidationError({field_key: str(exc)}) from None
    if not cleaned:
        return []
    cipher = _cipher(vault, access, [field_key])
    assert cipher is not None
    conn = vault.connection()
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT customer_id FROM sensitive_index WHERE field = ? AND token = ? ORDER BY customer_id",
            (field_key, cipher.token(field_key, cleaned)),
        )
    ]
    vault.audit().append(actor.user, "customer.lookup", field_key, {"field": field_key, "matches": len(ids)})
    return fetch(vault, actor, ids)


def reveal(vault, actor: Actor, customer_id: int, field_key: str, *, reason: str) -> str | None:
    """One masked value in full, for a role allowed to reveal; audited with the reason given."""
    access = access_for(vault, actor)
    access.require("reveal")
    _require_acknowledged(vault, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("say why you need to see this value")})
    if not access.can_see(field_key):
        access.require_read(field_key, _("reveal"))
    conn = vault.connection()
    stored = _raw(conn, customer_id)
    value = stored.get(field_key) if field_key in BUILTIN_KEYS else stored["extra"].get(field_key)
    if _is_sensitive(access, field_key):
        cipher = _cipher(vault, access, [field_key])
        assert cipher is not None
        value = cipher.decrypt(customer_id, field_key, value)
    vault.audit().append(
        actor.user, "customer.reveal", f"customer:{customer_id}", {"field": field_key, "reason": reason}
    )
    return value


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    total: int
    capped: bool

    def describe(self) -> str:
        return f"{self.total:,}+ matches" if self.capped else f"{self.total:,} matches"


def _check_sort(sort: str, access: Access | None = None) -> str:
    if sort not in SORT_KEYS:
        raise KnownError(
            _("Cannot sort by {sort}; sortable: {keys}.").format(sort=repr(sort), keys=", ".join(SORT_KEYS))
        )
    # Sorting by a value shows its order, so only by fields the actor reads unmasked.
    if access is not None and sort in access.catalogue:
        access.require_read(sort, _("sort by"))
    # The stored time of the last change counts changes to every field; in its order, a role
    # that does not see them all would see when hidden fields were edited.
    if (
        access is not None
        and sort == "updated_at"
        and not all(access.can_see(f.key) for f in access.catalogue)
    ):
        raise PermissionDeniedError(
            _(
                "{user} ({role}) cannot sort by the time of the last change: the role does not see"
                " every field."
            ).format(user=access.actor.user, role=access.role.name)
        )
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

    ``consent="marketing"`` (or ``"sharing:<partner>"``) keeps only customers with current
    consent for that purpose (app/consent.py): the same keyset paging, each row checked
    against ``consent_current`` by one index probe. Needs the 'view_consent' permission.
    """

    def __init__(
        self,
        vault,
        actor: Actor,
        *,
        query: str = "",
        sort: str = "name",
        descending: bool = False,
        consent: str | None = None,
    ) -> None:
        self._vault = vault
        self._actor = actor
        self._access = access_for(vault, actor)
        _require_acknowledged(vault, actor)
        self.query = query.strip()
        self.sort = sort
        self.descending = descending
        self.capped = False
        self._ids: list[int] | None = None
        self._anchors: dict[int, tuple[Any, int]] = {}
        self.anchored = False  # every ANCHOR_SPACING rows has an anchor (built, or cached and current)
        self.consent = consent
        self._where, self._where_args = "deleted_at IS NULL", []
        if consent:
            clause, self._where_args = consent_mod.filter_sql(vault, actor, consent)
            self._where = f"deleted_at IS NULL AND {clause}"
        conn = vault.connection()
        if self.query:
            result_ids, self.capped = search_index.ranked_ids(conn, self.query, search_columns(self._access))
            if consent:
                result_ids = consent_mod.may_include(vault, actor, consent, result_ids)
            if sort != RELEVANCE:
                result_ids = self._sorted_subset(result_ids)
            self._ids = result_ids
            self.count = len(result_ids)
        else:
            # Without a query there is no relevance; the name order stands in for it.
            self.sort = "name" if sort == RELEVANCE else sort
            if sort == RELEVANCE and not self._access.can_read("name"):
                self.sort = "created_at"  # no name order for a role that cannot read names
            self._expr = _check_sort(self.sort, self._access)
            if consent:
                self.count = consent_mod.count_current(vault, actor, consent)
                self._generation = (_generation(conn), consent_mod.generation(conn), self._where_args[-1])
            else:
                self.count = count(vault, actor)
                self._generation = _generation(conn)
            cached = vault.cache.get(self._cache_key())
            if cached and cached[0] == self._generation:
                self._anchors = dict(cached[1])
                self.anchored = True

    def _cache_key(self) -> tuple:
        return ("customer-anchors", self.sort, self.descending, self.consent)

    def _sorted_subset(self, ids: list[int]) -> list[int]:
        expr = _check_sort(self.sort, self._access)
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
        """One pass over the sort index leaving an anchor every ANCHOR_SPACING rows.

        Returns at once for a searched view, or when current anchors came from the cache.
        """
        if self._ids is not None or self.anchored:
            return
        direction = "DESC" if self.descending else "ASC"
        order = f"{self._expr} {direction}, id {direction}"
        if self.consent:
            rows = self._consent_anchor_rows(order)
        else:
            rows = (
                self._vault.connection()
                .execute(
                    f"SELECT position, key, id FROM (SELECT row_number() OVER (ORDER BY {order}) AS position,"
                    f" {self._expr} AS key, id FROM customers WHERE {self._where} ORDER BY {order})"
                    " WHERE position % ? = 0",
                    (*self._where_args, ANCHOR_SPACING),
                )
                .fetchall()
            )
        # Anchor p holds the key of 0-based row p-1 (row_number p), so rows from index p follow it.
        # A new dict is swapped in whole: the UI builds anchors on a worker thread while the
        # GUI thread keeps reading pages from the old dict.
        anchors = {**self._anchors, **{position: (key, row_id) for position, key, row_id in rows}}
        self._anchors = anchors
        self._vault.cache[self._cache_key()] = (self._generation, dict(anchors))
        self.anchored = True

    def _consent_anchor_rows(self, order: str) -> list[tuple[int, Any, int]]:
        """Anchors of a consent-filtered view: the consented ids as one set (an index range),
        then one walk of the sort index counting members. Probing consent_current for every
        row inside SQL costs ~7x more at a million customers (16 s against ~2 s)."""
        allowed = set(consent_mod.customer_ids(self._vault, self._actor, self.consent or ""))
        cursor = self._vault.connection().execute(
            f"SELECT {self._expr}, id FROM customers WHERE deleted_at IS NULL ORDER BY {order}"
        )
        rows, position = [], 0
        for key, row_id in cursor:
            if row_id in allowed:
                position += 1
                if position % ANCHOR_SPACING == 0:
                    rows.append((position, key, row_id))
        return rows

    def ids(self, start: int, n: int) -> list[int]:
        if start < 0 or n <= 0 or start >= self.count:
            return []
        if self._ids is not None:
            return self._ids[start : start + n]
        return self._index_page(start, n)

    def _index_page(self, start: int, n: int) -> list[int]:
        anchors = self._anchors
        below = [p for p in list(anchors) if p <= start]
        direction, reverse, cmp = ("DESC", "ASC", "<") if self.descending else ("ASC", "DESC", ">")
        n = min(n, self.count - start)
        sql = f"SELECT id, {self._expr} FROM customers WHERE {self._where}"
        args: list[Any] = list(self._where_args)
        skip = start
        if below:
            anchor_at = max(below)
            key, anchor_id = anchors[anchor_at]
            sql += f" AND ({self._expr}, id) {cmp} (?, ?)"
            args += [key, anchor_id]
            skip = start - anchor_at
        from_end = self.count - start - n
        if from_end < skip:
            # Nearer the end than any known position: walk the index backwards from the end
            # (the last page of a million rows is then a short scan, not a 999,950-row OFFSET).
            rows = (
                self._vault.connection()
                .execute(
                    f"SELECT id, {self._expr} FROM customers WHERE {self._where}"
                    f" ORDER BY {self._expr} {reverse}, id {reverse} LIMIT ? OFFSET ?",
                    (*self._where_args, n, from_end),
                )
                .fetchall()[::-1]
            )
        else:
            sql += f" ORDER BY {self._expr} {direction}, id {direction} LIMIT ? OFFSET ?"
            rows = self._vault.connection().execute(sql, (*args, n, skip)).fetchall()
        if rows:
            self._anchors[start + len(rows)] = (rows[-1][1], rows[-1][0])
        return [r[0] for r in rows]

    def position(self, customer_id: int) -> int | None:
        """The row of ``customer_id`` in this view, or None when the view does not hold it (the
        search does not match it, or it is deleted). Lets a list select a customer just saved.

        Unfiltered: one count over the sort index (the sort was checked for this actor when the
        view was made), so it may take tens of milliseconds at a million rows: not on a GUI thread.
        """
        if self._ids is not None:
            try:
                return self._ids.index(customer_id)
            except ValueError:
                return None
        conn = self._vault.connection()
        row = conn.execute(
            f"SELECT {self._expr} FROM customers WHERE id = ? AND deleted_at IS NULL", (customer_id,)
        ).fetchone()
        if row is None:
            return None
        cmp = ">" if self.descending else "<"
        (before,) = conn.execute(
            f"SELECT count(*) FROM customers WHERE deleted_at IS NULL AND ({self._expr}, id) {cmp} (?, ?)",
            (row[0], customer_id),
        ).fetchone()
        return before

    def rows(self, start: int, n: int) -> list[Customer]:
        return fetch(self._vault, self._actor, self.ids(start, n))

    def __iter__(self) -> Iterator[Customer]:
        for start in range(0, self.count, 500):
            yield from self.rows(start, 500)
