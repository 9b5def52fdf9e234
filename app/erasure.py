"""Erasure that is real: a customer erased leaves nothing readable behind, and stays erased.

``erase`` / ``erase_many`` remove, in one transaction (all or nothing, kill -9 included):
the customer's row and every row merged into it (the same person's older duplicate), their
entries in every search index (trigram, short Chinese tokens, company pinyin), the blind index
of sensitive values, consent records with their evidence (signatures, scans), the consent
lists' rows and the minors table, the values an import replaced in their record (kept for
its undo); requests about them keep their type, dates and outcome but
lose the requester's details. Fields under a legal hold (app/holds.py) are kept apart.

What stays: an **erasure ledger** entry with salted SHA-256 hashes of the name, phone, e-mail
and ID number, and an audit tombstone holding the same kind of hash (never a name). The ledger
makes erasure stick: ``reapply_erasures`` — called after a restore or a field-pack merge —
erases again anyone the ledger names, and customer ids are never handed out twice
(customers.create_many), so an id in the ledger or an old audit entry means one person only.

**Surviving a restore.** The ledger is also mirrored in ``erasures.json`` beside vault.db
(customer ids, dates, reasons and holds: no values and no hashes), which a restore leaves in
place. At every sign-in ``at_signin`` compares the two: entries only in the file mean an older
copy of vault.db came back, and those customers are erased again at once (audited as
``erasure.reapplied``); entries only in the database are written to the file. A restore may
also call ``reapply_erasures`` itself (its after-restore hook, ``after_restore``).

**Scrubbing.** ``secure_delete`` (app/vault/database.py) zeroes freed cells and pages, but
two things outlive a DELETE: FTS5 contentless-delete tables only mark a row deleted until
their segments are merged, and the WAL keeps earlier page images until it is checkpointed.
So the search indexes are merged ('optimize') and the WAL truncated. An erasure that scrubs
at once (the default) merges the indexes inside its own transaction and leaves only the WAL
truncate for after the commit (``scrub_pending`` = 2); one that defers the scrub
(``scrub_now=False``, a retention run erasing in chunks) leaves the merge too (= 1), and
``scrub`` does it once for all. Either way the flag is set in the erasing transaction, so a
scrub cut short (kill -9) is finished at the next sign-in. After a scrub no page of vault.db
or its WAL, decrypted with the data key, holds the erased values (tests/test_erasure.py reads
every page to prove it).

**Speed** (bench/bench_requests.py, 10,000 of 1,000,000 customers). Merging is the cost that
scales with the whole index, so it is done exactly once: FTS5's automatic merging is held
(``automerge`` 0) from the erasure's first index delete until the 'optimize' that merges
everything — left on, each commit after deleting 10,000 rows merged segments on its own
(75,000 pages written, rewritten again by the 'optimize'). Doing the merge in the erasing
transaction also writes the index's new pages once instead of its tombstones first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app import faults, files, holds, pinyin
from app import search as search_index
from app.access import Actor, access_for
from app.errors import KnownError, NotFoundError, ValidationError
from app.fields import BUILTIN_KEYS
from app.i18n import _
from app.vault.database import after_commit, transaction

REASONS = ("request", "retention", "purge", "reapplied", "owner")
IDENTIFIERS = ("name", "phone", "email", "id_number")
DEFAULT_GRACE_DAYS = 30
MAX_GRACE_DAYS = 3650
_CHUNK = 500
LEDGER_FILE = "erasures.json"
BULK = 1000  # erasing at least this many at once gets a larger page cache
BULK_CACHE_KIB = 256 * 1024  # at least this much for a bulk erasure...
BULK_CACHE_KIB_EACH = 80  # ...or this much per customer erased (about 18 pages each change)...
BULK_CACHE_MAX_KIB = 1024 * 1024  # ...up to this


@dataclass(frozen=True)
class LedgerEntry:
    """One erased customer, as the ledger keeps them: no value, only salted hashes."""

    uid: str
    customer_id: int
    merged_ids: tuple[int, ...]
    erased_at: str
    erased_by: str
    reason: str
    request_id: int | None
    hashes: dict[str, str]
    held_fields: tuple[str, ...] = ()
    held_until: str | None = None
    held_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "customer_id": self.customer_id,
            "merged_ids": list(self.merged_ids),
            "erased_at": self.erased_at,
            "erased_by": self.erased_by,
            "reason": self.reason,
            "request_id": self.request_id,
            "hashes": dict(self.hashes),
            "held_fields": list(self.held_fields),
            "held_until": self.held_until,
            "held_reason": self.held_reason,
        }


@dataclass(frozen=True)
class Ledger:
    """A vault's whole ledger and the salt its hashes were made with (what a restore carries
    from the vault being replaced into the restored copy)."""

    salt: str
    entries: tuple[LedgerEntry, ...]


@dataclass(frozen=True)
class ReapplyResult:
    entries_added: int
    reerased: tuple[int, ...]


@dataclass
class _Target:
    customer_id: int
    merged_ids: list[int] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _meta(conn, key: str, default: str = "") -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def _salt(conn) -> bytes:
    return bytes.fromhex(_meta(conn, "erasure_salt"))


def identifier_hash(salt: bytes, kind: str, value: str | None) -> str | None:
    """The ledger's hash of one identifier, normalised as stored (names compared casefolded
    with spaces collapsed), or None for an empty value."""
    if value is None or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    if kind == "name":
        text = text.casefold()
    return hashlib.sha256(salt + kind.encode() + b"\x00" + text.encode("utf-8")).hexdigest()


def _subject_hash(hashes: dict[str, str]) -> str:
    """One hash naming the person in the audit tombstone (of the identifier hashes)."""
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


def _may_erase(vault, actor: Actor):
    access = access_for(vault, actor)
    access.require("erase_customers")
    return access


def _resolve(conn, ids: Sequence[int]) -> dict[int, _Target]:
    """The stored customers to erase (live or soft-deleted) and the rows merged into each."""
    targets: dict[int, _Target] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        for (cid,) in conn.execute(
            "SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(chunk),)
        ):
            targets[cid] = _Target(cid)
    # Merging repoints earlier redirects at the kept customer, so one level is normal; the loop
    # follows a chain an interrupted older version may have left.
    frontier = list(targets)
    owner_of = {cid: cid for cid in targets}
    while frontier:
        found = []
        for start in range(0, len(frontier), _CHUNK):
            chunk = frontier[start : start + _CHUNK]
            found += conn.execute(
                "SELECT id, merged_into FROM customers WHERE merged_into IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            ).fetchall()
        frontier = []
        for merged_id, into in found:
            if merged_id in owner_of:
                continue
            root = owner_of[into]
            owner_of[merged_id] = root
            targets[root].merged_ids.append(merged_id)
            frontier.append(merged_id)
    return targets


def _hash_identifiers(vault, conn, targets: dict[int, _Target]) -> None:
    salt = _salt(conn)
    cipher = vault.sensitive_cipher()
    all_ids = [i for t in targets.values() for i in (t.customer_id, *t.merged_ids)]
    root = {i: t.customer_id for t in targets.values() for i in (t.customer_id, *t.merged_ids)}
    for start in range(0, len(all_ids), _CHUNK):
        chunk = all_ids[start : start + _CHUNK]
        rows = conn.execute(
            "SELECT id, name, phone, email, id_number FROM customers"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(chunk),),
        )
        for cid, *values in rows:
            target = targets[root[cid]]
            for kind, value in zip(IDENTIFIERS, values, strict=True):
                if kind == "id_number" and value and value.startswith("enc1:"):
                    # Without the sensitive-field key the ID number cannot be hashed; the other
                    # identifiers and the customer id still name the person in the ledger.
                    value = cipher.decrypt(cid, kind, value) if cipher is not None else None
                digest = identifier_hash(salt, kind, value)
                # The kept customer's own values first; a merged duplicate fills what is missing.
                if digest and kind not in target.hashes:
                    target.hashes[kind] = digest


def _keep_held(conn, targets: dict[int, _Target], on: date) -> dict[int, list[holds.Hold]]:
    """Copy the values of fields under a hold in force into held_values before the row goes."""
    active = holds.active_holds(conn, list(targets), on)
    for customer_id, found in active.items():
        row = conn.execute(
            f"SELECT {', '.join(BUILTIN_KEYS)}, extra FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        stored = dict(zip(BUILTIN_KEYS, row[:-1], strict=True))
        extra = json.loads(row[-1] or "{}")
        for hold in found:
            for key in hold.fields:
                value = stored.get(key) if key in BUILTIN_KEYS else extra.get(key)
                if value not in (None, ""):
                    conn.execute(
                        "INSERT OR REPLACE INTO held_values (hold_id, customer_id, field, value)"
                        " VALUES (?, ?, ?, ?)",
                        (hold.id, customer_id, key, str(value)),
                    )
    return active


def _remove_rows(conn, ids_json: str) -> None:
    """Everything stored about the customers listed in ``erasing`` (ids_json: every row's id)."""
    evidence = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT evidence_id FROM consents WHERE evidence_id IS NOT NULL"
            " AND customer_id IN (SELECT customer_id FROM erasing)"
        )
    ]
    conn.execute("DELETE FROM consents WHERE customer_id IN (SELECT customer_id FROM erasing)")
    faults.step("erasure.consents_deleted")
    conn.execute(
        "DELETE FROM consent_evidence WHERE id IN (SELECT value FROM json_each(?))"
        " AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.evidence_id = consent_evidence.id)",
        (json.dumps(evidence),),
    )
    conn.execute("DELETE FROM consent_current WHERE customer_id IN (SELECT customer_id FROM erasing)")
    conn.execute("DELETE FROM consent_minors WHERE customer_id IN (SELECT customer_id FROM erasing)")
    conn.execute("DELETE FROM sensitive_index WHERE customer_id IN (SELECT customer_id FROM erasing)")
    # The values an import replaced, kept for its undo: the customer's old and new values.
    conn.execute("DELETE FROM import_changes WHERE customer_id IN (SELECT customer_id FROM erasing)")
    # A field-pack merge's review queue holds the base, office and field values of a field.
    conn.execute("DELETE FROM field_conflicts WHERE customer_id IN (SELECT customer_id FROM erasing)")
    for table in search_index.FTS_TABLES:
        # No automatic merge until the scrub's 'optimize' merges everything (see the module's
        # docstring); _merge_indexes turns it back on in the same transaction as that merge.
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        conn.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(?))", (ids_json,))
    faults.step("erasure.index_deleted")
    conn.execute("DELETE FROM customers WHERE id IN (SELECT customer_id FROM erasing)")
    # Requests about the customer stay (they prove the request was answered) without the
    # requester's details or any text that may name them.
    conn.execute(
        "UPDATE requests SET requester = '', requester_contact = '', details = '', reply = '',"
        " personal_erased = 1 WHERE customer_id IN (SELECT customer_id FROM erasing)"
    )
    conn.execute(
        "UPDATE request_events SET details = json_remove(details, '$.note') WHERE request_id IN"
        " (SELECT id FROM requests WHERE customer_id IN (SELECT customer_id FROM erasing))"
    )


def _erase(
    vault,
    actor: Actor,
    targets: dict[int, _Target],
    *,
    reason: str,
    request_id: int | None,
    ledger_rows: bool = True,
    on: date | None = None,
    merge_now: bool = True,
) -> list[LedgerEntry]:
    """The erasure itself, inside the caller's transaction. ``merge_now``: merge the search
    indexes here too, leaving only the WAL truncate of the scrub (else the whole scrub)."""
    conn = vault.connection()
    day = on or date.today()
    _hash_identifiers(vault, conn, targets)
    active = _keep_held(conn, targets, day)
    all_ids = [i for t in targets.values() for i in (t.customer_id, *t.merged_ids)]
    ids_json = json.dumps(all_ids)
    conn.execute("INSERT OR IGNORE INTO erasing (customer_id) SELECT value FROM json_each(?)", (ids_json,))
    _remove_rows(conn, ids_json)
    if merge_now:
        _merge_indexes(conn)
    now = _now()
    audit = vault.audit()
    entries = []
    for target in targets.values():
        found = active.get(target.customer_id, [])
        held_fields = tuple(sorted({k for h in found for k in h.fields}))
        held_until = max((h.until for h in found), default=None)
        held_reason = "; ".join(dict.fromkeys(h.reason for h in found))
        entry = LedgerEntry(
            secrets.token_hex(16),
            target.customer_id,
            tuple(sorted(target.merged_ids)),
            now,
            actor.user,
            reason,
            request_id,
            dict(sorted(target.hashes.items())),
            held_fields,
            held_until,
            held_reason,
        )
        if ledger_rows:
            _insert_entry(conn, entry)
        else:  # an entry carried from the mirror file has no hashes yet: the restored row gives them
            conn.execute(
                "UPDATE erasure_ledger SET hashes = ? WHERE customer_id = ? AND hashes = '{}'",
                (json.dumps(entry.hashes, sort_keys=True), target.customer_id),
            )
        audit.append(
            actor.user,
            "customer.erase" if ledger_rows else "customer.erase_reapplied",
            f"customer:{target.customer_id}",
            {
                "reason": reason,
                "request": request_id,
                "subject_sha256": _subject_hash(entry.hashes),
                "merged": list(entry.merged_ids),
                "held_fields": list(held_fields),
                "held_until": held_until,
            },
        )
        if request_id is not None:
            conn.execute(
                "INSERT INTO request_events (request_id, at, actor, kind, details)"
                " VALUES (?, ?, ?, 'erased', ?)",
                (
                    request_id,
                    now,
                    actor.user,
                    json.dumps(
                        {
                            "customer": target.customer_id,
                            "held_fields": list(held_fields),
                            "held_until": held_until,
                        }
                    ),
                ),
            )
        entries.append(entry)
    conn.execute("DELETE FROM erasing")
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'scrub_pending'", (_WAL_LEFT if merge_now else _MERGE_LEFT,)
    )
    faults.step("erasure.before_commit")
    return entries


def _insert_entry(conn, entry: LedgerEntry) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO erasure_ledger (uid, customer_id, merged_ids, erased_at, erased_by, reason,"
        " request_id, hashes, held_fields, held_until, held_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry.uid,
            entry.customer_id,
            json.dumps(list(entry.merged_ids)),
            entry.erased_at,
            entry.erased_by,
            entry.reason,
            entry.request_id,
            json.dumps(entry.hashes, sort_keys=True),
            json.dumps(list(entry.held_fields)),
            entry.held_until,
            entry.held_reason,
        ),
    )


def _check_reason(reason: str) -> str:
    if reason not in REASONS:
        raise ValidationError({"reason": f"one of {', '.join(REASONS)}"})
    return reason


def erase(
    vault,
    actor: Actor,
    customer_id: int,
    *,
    request_id: int | None = None,
    reason: str | None = None,
    scrub_now: bool = True,
) -> LedgerEntry:
    """Erase one customer (live or soft-deleted) for good; needs 'erase_customers'.

    With ``request_id`` the erasure is recorded on that request (which must be about this
    customer). ``scrub_now`` runs ``scrub`` right after the commit; a caller erasing many in
    a row passes False and scrubs once at the end.
    """
    (entry,) = erase_many(
        vault, actor, [customer_id], request_id=request_id, reason=reason, scrub_now=scrub_now, strict=True
    )
    return entry


def erase_many(
    vault,
    actor: Actor,
    customer_ids: Iterable[int],
    *,
    request_id: int | None = None,
    reason: str | None = None,
    scrub_now: bool = True,
    strict: bool = False,
    on: date | None = None,
) -> list[LedgerEntry]:
    """Erase customers in one transaction: all of them or, after any failure, none.

    ``strict``: an id that names no stored customer is an error (otherwise it is skipped:
    a retention run may race an erasure by hand).
    """
    _may_erase(vault, actor)
    reason = _check_reason(reason or ("request" if request_id is not None else "owner"))
    ids = list(dict.fromkeys(int(i) for i in customer_ids))
    conn = vault.connection()
    with _page_cache(conn, len(ids)), transaction(conn):
        if request_id is not None:
            row = conn.execute(
                "SELECT customer_id, status FROM requests WHERE id = ?", (request_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(_("There is no request {id}.").format(id=request_id))
            if row[0] not in ids or len(ids) != 1:
                raise ValidationError(
                    {"request": _("request {id} is about another customer").format(id=request_id)}
                )
        targets = _resolve(conn, ids)
        if strict:
            missing = [i for i in ids if i not in targets]
            if missing:
                raise _gone(conn, missing[0])
        if not targets:
            return []
        entries = _erase(
            vault, actor, targets, reason=reason, request_id=request_id, on=on, merge_now=scrub_now
        )
        after_commit(conn, lambda: write_ledger_file(vault))
    _forget_cached(vault)
    if scrub_now:
        scrub(vault)
    return entries


@contextlib.contextmanager
def _page_cache(conn, count: int) -> Iterator[None]:
    """A larger page cache while erasing many: each row sits in the table and a dozen indexes
    spread over the whole file, and with the normal 32 MiB every index page is read (and
    decrypted) again for the next row. Every page changed stays in the cache until the commit
    when it fits (at a million customers about 18 pages per customer erased, the search
    indexes' new pages included): a page spilled to the WAL early is encrypted and written
    twice when the merge changes it again. Measured at a million customers, 10,000 erasures
    (bench/bench_requests.py): 0.7 s less CPU than with 256 MiB, for 275 MiB more memory."""
    if count < BULK:
        yield
        return
    previous = conn.execute("PRAGMA cache_size").fetchone()[0]
    kib = min(BULK_CACHE_MAX_KIB, max(BULK_CACHE_KIB, count * BULK_CACHE_KIB_EACH))
    conn.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(previous)}")


def _gone(conn, customer_id: int) -> KnownError:
    merged = conn.execute(
        "SELECT 1 FROM erasure_ledger WHERE customer_id = ? OR EXISTS"
        " (SELECT 1 FROM json_each(merged_ids) WHERE value = ?)",
        (customer_id, customer_id),
    ).fetchone()
    if merged:
        return NotFoundError(_("Customer {id} was erased already.").format(id=customer_id))
    return NotFoundError(_("Customer {id} does not exist or was erased.").format(id=customer_id))


def _forget_cached(vault) -> None:
    """In-memory copies of names: list anchors hold sort keys, pinyin caches hold readings."""
    vault.cache.pop("customer-anchors", None)
    for key in [k for k in vault.cache if isinstance(k, tuple) and k and k[0] == "customer-anchors"]:
        del vault.cache[key]
    pinyin.clear_caches()


_MERGE_LEFT = "1"  # scrub_pending: the search indexes still hold erased rows' tokens
_WAL_LEFT = "2"  # scrub_pending: merged; the WAL may still hold earlier page images


def _merge_indexes(conn) -> None:
    """Merge every search index into one segment, which drops the tokens of rows deleted from
    it, and turn automatic merging back on (inside the caller's transaction)."""
    for table in search_index.FTS_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        conn.execute(
            f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)", (search_index.FTS_AUTOMERGE,)
        )
    faults.step("erasure.optimized")


def needs_scrub(conn) -> None:
    """Inside the caller's transaction: values were removed from the search indexes (and the
    WAL holds their earlier page images), so the next ``scrub`` merges and truncates. Used by
    retention's anonymisation, which erases fields rather than customers."""
    conn.execute("UPDATE meta SET value = ? WHERE key = 'scrub_pending'", (_MERGE_LEFT,))


def scrub(vault) -> bool:
    """Merge the search indexes (dropping erased rows' tokens) if an erasure left that, and
    truncate the WAL.

    Returns False when another process holds the vault open and the WAL could not be emptied
    yet: ``scrub_pending`` stays set and the next sign-in (or lock) finishes it.
    """
    conn = vault.connection()
    if _meta(conn, "scrub_pending", "0") == _MERGE_LEFT:
        with transaction(conn):
            _merge_indexes(conn)
            conn.execute("UPDATE meta SET value = ? WHERE key = 'scrub_pending'", (_WAL_LEFT,))
    if _meta(conn, "scrub_pending", "0") == "0":
        return True
    busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        return False
    with transaction(conn):
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'scrub_pending'")
    # The flag's own update went to the WAL: truncate once more so the file is empty again.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return True


def scrub_if_pending(vault) -> None:
    """At sign-in: finish a scrub an earlier session did not (crash, or the WAL was busy)."""
    if _meta(vault.connection(), "scrub_pending", "0") != "0":
        scrub(vault)


# ------------------------------------------------------------------------------ the ledger


def _entry(row) -> LedgerEntry:
    return LedgerEntry(
        row[0],
        row[1],
        tuple(json.loads(row[2])),
        row[3],
        row[4],
        row[5],
        row[6],
        json.loads(row[7]),
        tuple(json.loads(row[8])),
        row[9],
        row[10],
    )


_LEDGER_SELECT = (
    "SELECT uid, customer_id, merged_ids, erased_at, erased_by, reason, request_id, hashes, held_fields,"
    " held_until, held_reason FROM erasure_ledger"
)


def read_ledger(vault) -> Ledger:
    """The whole ledger and its salt. For the restore (app/backup.py): read it from the vault
    about to be replaced, then pass it to ``reapply_erasures`` on the restored copy. No
    permission check: it holds no personal data, and restoring is checked by its caller."""
    conn = vault.connection()
    rows = conn.execute(f"{_LEDGER_SELECT} ORDER BY id").fetchall()
    return Ledger(_meta(conn, "erasure_salt"), tuple(_entry(r) for r in rows))


def ledger_entries(vault, actor: Actor, *, limit: int = 1000) -> list[LedgerEntry]:
    """Newest first, for owners checking what was erased when and why."""
    access = access_for(vault, actor)
    if not (access.allows("erase_customers") or access.allows("view_audit")):
        access.require("erase_customers")
    rows = vault.connection().execute(f"{_LEDGER_SELECT} ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [_entry(r) for r in rows]


def erased_ids(vault) -> set[int]:
    """Every customer id the ledger names (kept customers and their merged duplicates); a
    field-pack merge skips these ids."""
    conn = vault.connection()
    ids = {r[0] for r in conn.execute("SELECT customer_id FROM erasure_ledger")}
    ids |= {
        r[0] for r in conn.execute("SELECT value FROM erasure_ledger, json_each(erasure_ledger.merged_ids)")
    }
    return ids


def matches_erased(vault, values: dict[str, Any]) -> list[str]:
    """Which of ``values``' identifiers (name, phone, email, id_number, stored form) equal those
    of an erased person: an import or a merge can warn before bringing someone back."""
    conn = vault.connection()
    salt = _salt(conn)
    wanted = {kind: identifier_hash(salt, kind, values.get(kind)) for kind in IDENTIFIERS}
    wanted = {k: v for k, v in wanted.items() if v}
    if not wanted:
        return []
    found = []
    for kind, digest in wanted.items():
        hit = conn.execute(
            "SELECT 1 FROM erasure_ledger WHERE json_extract(hashes, ?) = ? LIMIT 1", (f"$.{kind}", digest)
        ).fetchone()
        if hit:
            found.append(kind)
    return found


def reapply_erasures(vault, actor: Actor, carried: Ledger | None = None) -> ReapplyResult:
    """Make every erasure in the ledger true again in this vault; the restore hook.

    ``carried``: the ledger of the vault this one replaced (``read_ledger`` before the
    restore). Its entries are added to this vault's ledger, the id high-water mark is raised
    past every id they name, and every stored customer the ledger names — the restored copy
    may predate their erasure — is erased again (kept fields of a hold stay kept). Audited.
    Needs 'restore' or 'erase_customers'.
    """
    access = access_for(vault, actor)
    if not (access.allows("restore") or access.allows("erase_customers")):
        access.require("erase_customers")
    return _reapply(vault, actor, carried)


def _reapply(vault, actor: Actor, carried: Ledger | None) -> ReapplyResult:
    conn = vault.connection()
    if carried is None:
        carried = Ledger(_meta(conn, "erasure_salt"), read_ledger_file(vault.folder))
    added = 0
    with transaction(conn):
        if carried is not None and carried.entries:
            own_salt = _meta(conn, "erasure_salt")
            known = {r[0] for r in conn.execute("SELECT uid FROM erasure_ledger")}
            if carried.salt != own_salt and any(e.hashes for e in carried.entries if e.uid not in known):
                if known:
                    raise KnownError(
                        _(
                            "The erasure ledger being carried over belongs to another vault;"
                            " nothing was changed."
                        )
                    )
                conn.execute("UPDATE meta SET value = ? WHERE key = 'erasure_salt'", (carried.salt,))
            before = conn.execute("SELECT count(*) FROM erasure_ledger").fetchone()[0]
            for entry in carried.entries:
                _insert_entry(conn, entry)
            added = conn.execute("SELECT count(*) FROM erasure_ledger").fetchone()[0] - before
        entries = [_entry(r) for r in conn.execute(f"{_LEDGER_SELECT} ORDER BY id")]
        named = [i for e in entries for i in (e.customer_id, *e.merged_ids)]
        if named:
            conn.execute("UPDATE customer_id_high SET high = max(high, ?) WHERE id = 1", (max(named),))
        present = _resolve(conn, named)
        by_customer = {e.customer_id: e for e in entries}
        reerased: list[int] = []
        if present:
            _recreate_holds(conn, actor, present, by_customer)
            _erase(vault, actor, present, reason="reapplied", request_id=None, ledger_rows=False)
            reerased = sorted(present)
        if added or reerased:
            vault.audit().append(
                actor.user,
                "erasure.reapplied",
                "",
                {"entries_added": added, "customers_erased_again": len(reerased)},
            )
        after_commit(conn, lambda: write_ledger_file(vault))
    _forget_cached(vault)
    if reerased:
        scrub(vault)
    return ReapplyResult(added, tuple(reerased))


def after_restore(vault, actor: Actor, restored: Any = None) -> None:
    """The after-restore hook (app/restore.py ``register_after_restore``): replay the ledger
    mirrored beside vault.db, so customers erased after the backup was made are erased again."""
    del restored  # each ledger entry carries its own date; the backup's is not needed
    _reapply(vault, actor, None)


def at_signin(vault) -> None:
    """Run at every sign-in (app/vault/vault.py): replay ledger entries that only the mirror
    file knows (an older vault.db came back), bring the file up to date, finish a scrub."""
    conn = vault.connection()
    on_file = read_ledger_file(vault.folder)
    known = {r[0] for r in conn.execute("SELECT uid FROM erasure_ledger")}
    if any(e.uid not in known for e in on_file):
        _reapply(vault, vault.actor, Ledger(_meta(conn, "erasure_salt"), on_file))
    elif len(known) != len(on_file):
        write_ledger_file(vault)
    scrub_if_pending(vault)


# ------------------------------------------------------------------------------ the mirror file

_FILE_FIELDS = (
    "uid",
    "customer_id",
    "merged_ids",
    "erased_at",
    "erased_by",
    "reason",
    "request_id",
    "held_fields",
    "held_until",
    "held_reason",
)


def read_ledger_file(folder: Path) -> tuple[LedgerEntry, ...]:
    """The entries mirrored in ``erasures.json`` (without hashes); () when there is none.
    A damaged file is reported, never ignored: it may be all that stands between a restored
    copy and customers who asked to be erased."""
    path = Path(folder) / LEDGER_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
        return tuple(
            LedgerEntry(
                str(e["uid"]),
                int(e["customer_id"]),
                tuple(int(i) for i in e["merged_ids"]),
                str(e["erased_at"]),
                str(e["erased_by"]),
                str(e["reason"]),
                e["request_id"],
                {},
                tuple(e["held_fields"]),
                e["held_until"],
                str(e["held_reason"]),
            )
            for e in data["entries"]
        )
    except FileNotFoundError:
        return ()
    except (ValueError, KeyError, TypeError, OSError):
        raise KnownError(
            _("{file} in {folder} is damaged: restore it from a backup of the vault folder.").format(
                file=LEDGER_FILE, folder=folder
            )
        ) from None


def write_ledger_file(vault) -> None:
    """Mirror the database's ledger (and anything only the file knew) into ``erasures.json``."""
    conn = vault.connection()
    entries = {e.uid: e for e in read_ledger_file(vault.folder)}
    entries.update((e.uid, e) for e in (_entry(r) for r in conn.execute(f"{_LEDGER_SELECT} ORDER BY id")))
    body = {
        "vault_id": vault.vault_id,
        "entries": [{k: v for k, v in e.as_dict().items() if k in _FILE_FIELDS} for e in entries.values()],
    }
    files.write_atomic(vault.folder / LEDGER_FILE, json.dumps(body, ensure_ascii=False).encode("utf-8"))


def _recreate_holds(conn, actor: Actor, present: dict[int, _Target], entries: dict[int, LedgerEntry]) -> None:
    """A restored copy may lack a hold placed after it was made: recreate it from the ledger so
    the re-erasure keeps what the first erasure kept, until the same day."""
    today = date.today().isoformat()
    for customer_id in present:
        entry = entries.get(customer_id)
        if entry is None or not entry.held_fields or not entry.held_until or entry.held_until < today:
            continue
        exists = conn.execute(
            "SELECT 1 FROM legal_holds WHERE customer_id = ? AND released_at IS NULL AND until >= ?",
            (customer_id, today),
        ).fetchone()
        if not exists:
            conn.execute(
                "INSERT INTO legal_holds (customer_id, fields, reason, until, request_id, created_at,"
                " created_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    customer_id,
                    json.dumps(list(entry.held_fields)),
                    entry.held_reason or "-",
                    entry.held_until,
                    entry.request_id,
                    _now(),
                    actor.user,
                ),
            )


# ------------------------------------------------------------------------------ the grace period


def grace_days(vault) -> int:
    """Days a soft-deleted customer waits before retention erases them for good."""
    try:
        return int(_meta(vault.connection(), "purge_grace_days", str(DEFAULT_GRACE_DAYS)))
    except ValueError:
        return DEFAULT_GRACE_DAYS


def set_grace_days(vault, actor: Actor, days: int) -> int:
    access_for(vault, actor).require("apply_retention")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_GRACE_DAYS:
        raise ValidationError({"days": _("a whole number of days from 0 to {n}").format(n=MAX_GRACE_DAYS)})
    conn = vault.connection()
    with transaction(conn):
        before = grace_days(vault)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('purge_grace_days', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(days),),
        )
        vault.audit().append(actor.user, "retention.grace", "", {"from": before, "to": days})
    return days
