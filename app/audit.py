"""The append-only, hash-chained audit log.

Each row's ``hash`` is HMAC-SHA256, under a key derived from the vault's data key, of the
previous row's hash and the row's own content. Editing, deleting, inserting or reordering
rows with raw SQL breaks the chain at that row, and ``audit_head`` (written with every
append) catches rows cut off the end. But whoever holds the data key can rebuild all of
that; what they cannot forge are the signed checkpoints in ``audit.anchor`` (app/anchor.py),
which ``verify_with_anchor`` holds the chain against.

Details record *what* changed (field names), never the sensitive values themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app import anchor as anchor_mod
from app.i18n import _
from app.vault.database import after_commit, transaction

GENESIS = "0" * 64
# Entries after which every sign-in must have left a signed checkpoint (see app/anchor.py).
CHECKPOINT_START_ACTIONS = ("vault.create", "audit.checkpoints_started")
_TEXT_COLUMNS = ("at", "actor", "action", "object", "details", "prev_hash", "hash")


def derive_audit_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"custos audit v1").derive(data_key)


def _row_hash(
    key: bytes, prev_hash: str, seq: int, at: str, actor: str, action: str, obj: str, details: str
) -> str:
    content = json.dumps([seq, at, actor, action, obj, details], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, (prev_hash + content).encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    object: str
    details: dict[str, Any]

    @property
    def customer_id(self) -> int | None:
        """The customer this entry is about, when it is about one."""
        prefix, _, number = self.object.partition(":")
        return int(number) if prefix == "customer" and number.isdigit() else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "user": self.actor,
            "action": self.action,
            "object": self.object,
            "details": self.details,
        }


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows_checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    # Actors who signed in since checkpoints began (name -> seq of their newest sign-in).
    signed_in: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def message(self) -> str:
        if self.ok:
            return f"Audit log intact: {self.rows_checked} entries verified."
        return f"Audit log broken at entry {self.first_broken_seq}: {self.reason}"


class AuditLog:
    """Audit log over one connection. ``append`` joins the caller's transaction if any."""

    def __init__(self, conn, key: bytes, on_commit: Callable[[str], None] | None = None) -> None:
        self._conn = conn
        self._key = key
        self._on_commit = on_commit

    def key_id(self) -> str:
        """Names the chain key without revealing it: a checkpoint made under another key
        (before a data-key rotation) is compared by entry content instead of chain hash."""
        return hmac.new(self._key, b"custos audit key id", hashlib.sha256).hexdigest()[:16]

    def append(
        self,
        actor: str,
        action: str,
        obj: str = "",
        details: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> int:
        moment = (at or datetime.now(UTC)).isoformat(timespec="milliseconds")
        details_text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
        with transaction(self._conn) as conn:
            seq, prev, head_sound = _next_position(conn)
            digest = _row_hash(self._key, prev, seq, moment, actor, action, obj, details_text)
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, object, details, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, moment, actor, action, obj, details_text, prev, digest),
            )
            if head_sound:  # a tampered head row is left as it is: it is the evidence
                conn.execute(
                    "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                    (seq, digest),
                )
            if self._on_commit is not None:
                after_commit(conn, lambda: self._on_commit(action))
        return seq

    def entries(self, limit: int = 100, before_seq: int | None = None) -> list[AuditEntry]:
        """Newest first, for display."""
        sql = "SELECT seq, at, actor, action, object, details FROM audit"
        args: tuple = ()
        if before_seq is not None:
            sql += " WHERE seq < ?"
            args = (before_seq,)
        sql += " ORDER BY seq DESC LIMIT ?"
        rows = self._conn.execute(sql, (*args, limit)).fetchall()
        return [_entry(r) for r in rows]

    def point(self, seq: int) -> tuple[str, str] | None:
        """(chain hash, content digest) of entry ``seq``, or None when it is absent or malformed."""
        row = self._conn.execute(
            "SELECT seq, at, actor, action, object, details, prev_hash, hash FROM audit WHERE seq = ?", (seq,)
        ).fetchone()
        if row is None or _malformed(row):
            return None
        return row[7], anchor_mod.content_digest(*row[:6])

    def _rows(self) -> Iterator[tuple]:
        yield from self._conn.execute(
            "SELECT seq, at, actor, action, object, details, prev_hash, hash FROM audit ORDER BY rowid"
        )

    def verify(self) -> VerifyResult:
        """Walk the chain in storage order and name the first row that does not fit."""
        expected_seq, prev, count = 1, GENESIS, 0
        signed_in: dict[str, int] = {}
        for row in self._rows():
            if _malformed(row):
                seq = row[0] if isinstance(row[0], int) else expected_seq
                return VerifyResult(
                    False, count, seq, "it was tampered with: a column holds a value of the wrong type"
                )
            seq, at, actor, action, obj, details, prev_hash, digest = row
            if seq != expected_seq:
                reason = "entries are missing before it" if seq > expected_seq else "entries are out of order"
                return VerifyResult(False, count, seq, reason)
            if prev_hash != prev:
                return VerifyResult(False, count, seq, "it does not follow the previous entry")
            if not hmac.compare_digest(
                digest, _row_hash(self._key, prev, seq, at, actor, action, obj, details)
            ):
                return VerifyResult(False, count, seq, "its content was changed")
            if action in CHECKPOINT_START_ACTIONS:
                signed_in.clear()
            elif action == "signin":
                signed_in[actor] = seq
            prev, expected_seq, count = digest, seq + 1, count + 1
        head = self._conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        if head is not None and (not isinstance(head[0], int) or not isinstance(head[1], str)):
            return VerifyResult(
                False, count, count, "the head row was tampered with: a value of the wrong type"
            )
        if not count:
            # Every vault's log starts with its creation entry (written in the same
            # transaction that creates the vault): an empty log is a wiped one.
            return VerifyResult(False, 0, 1, "the log is empty: every entry was removed")
        if head is None or head[0] != count or head[1] != prev:
            missing_from = count + 1
            return VerifyResult(False, count, missing_from, "entries were removed from the end of the log")
        return VerifyResult(True, count, signed_in=signed_in)

    def reseal(self, new_key: bytes) -> None:
        """Re-sign the whole chain under a new key (data-key rotation), after verifying it.

        Refuses to reseal a broken chain: that would launder the tampering.
        """
        result = self.verify()
        if not result.ok:
            raise RuntimeError(f"refusing to reseal a broken audit log: {result.message()}")
        with transaction(self._conn) as conn:
            prev = GENESIS
            rows = conn.execute(
                "SELECT seq, at, actor, action, object, details FROM audit ORDER BY seq"
            ).fetchall()
            for seq, at, actor, action, obj, details in rows:
                digest = _row_hash(new_key, prev, seq, at, actor, action, obj, details)
                conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
                prev = digest
            if rows:
                conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (rows[-1][0], prev))
        self._key = new_key

    def head(self) -> tuple[int, str] | None:
        row = self._conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else None


def _next_position(conn) -> tuple[int, str, bool]:
    """(seq, previous hash, whether the head row may be updated) for the next entry.

    After the head row; after the last row when the head row is missing, malformed or behind
    it (tampering that verification reports). A cut tail with the head left in place leaves a
    gap before the new entry, so it stays visible; a malformed head row is never overwritten.
    """
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    sound = head is None or (isinstance(head[0], int) and isinstance(head[1], str))
    if not sound:
        head = None
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if last is not None and not isinstance(last[0], int):
        last = None
    if last is not None and (head is None or last[0] > head[0]):
        return last[0] + 1, last[1] if isinstance(last[1], str) else GENESIS, sound
    if head is not None:
        return head[0] + 1, head[1], sound
    return 1, GENESIS, sound


def _malformed(row: tuple) -> bool:
    """A row whose columns are not the types Custos writes: raw tampering (e.g. a BLOB)."""
    return not isinstance(row[0], int) or not all(isinstance(value, str) for value in row[1:])


def _entry(row: tuple) -> AuditEntry:
    """A row for display; a tampered value of the wrong type is shown, not raised on."""
    seq, *texts, details = row
    return AuditEntry(
        seq, *(t if isinstance(t, str) else f"<{type(t).__name__}>" for t in texts), _details(details)
    )


def _details(raw: object) -> dict[str, Any]:
    """Details for display; a tampered value is shown as such rather than raising."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {"unreadable": True}


# ------------------------------------------------------------------ checkpoints (audit.anchor)


def checkpoint_problem(log: AuditLog, checkpoint: anchor_mod.Checkpoint) -> str:
    """Why the log no longer matches ``checkpoint``, or "" when it does."""
    point = log.point(checkpoint.seq)
    if point is None:
        return _(
            "entry {seq}, vouched for by {checkpoint}, is missing: entries were deleted, cut from the "
            "end, or the log was replaced by an older copy"
        ).format(seq=checkpoint.seq, checkpoint=checkpoint.describe())
    digest, content = point
    same_key = checkpoint.key_id == log.key_id()
    if (same_key and not hmac.compare_digest(digest, checkpoint.hash)) or (
        not same_key and not hmac.compare_digest(content, checkpoint.content)
    ):
        return _(
            "entry {seq} does not match {checkpoint}: entries up to it were deleted, rewritten, or "
            "replaced by an older copy of the log"
        ).format(seq=checkpoint.seq, checkpoint=checkpoint.describe())
    return ""


@dataclass(frozen=True)
class AuditReport:
    """The chain, checked against every signed checkpoint. ``problems`` name what was found."""

    entries: int
    checkpoints: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.ok:
            return _(
                "Audit log intact: {entries} entries verified against {checkpoints} signed checkpoint(s)."
            ).format(entries=self.entries, checkpoints=self.checkpoints)
        return _("Audit log tampered with: {problems}.").format(problems=_("; ").join(self.problems))

    @property
    def limits(self) -> str:
        return anchor_mod.limits()


def verify_with_anchor(
    log: AuditLog,
    anchor: anchor_mod.Anchor,
    vault_id: str,
    slots: Iterable[tuple[str, str, bool]],
    own: anchor_mod.Signer | None,
    own_findings: Iterable[str] = (),
) -> AuditReport:
    """Hash chain + checkpoints. ``slots`` is (slot id, user name, anchored) for every key slot.

    ``own`` is the signed-in user's signer: only they can tell their own checkpoint from one
    made with a substituted key.
    """
    problems: list[str] = list(own_findings)
    chain = log.verify()
    if not chain.ok:
        problems.append(chain.message()[0].lower() + chain.message()[1:].rstrip("."))
    if anchor.damage:
        problems.append(anchor.damage)
    slots = list(slots)
    if not anchor.exists and any(slot[2] for slot in slots):
        problems.append(
            _("{file} was deleted: the key slots sign checkpoints").format(file=anchor_mod.ANCHOR_FILE)
        )
    valid: list[anchor_mod.Checkpoint] = []
    for checkpoint in anchor.checkpoints.values():
        if not checkpoint.signature_ok(vault_id):
            problems.append(
                _("a checkpoint in {file} naming {user} has a forged signature").format(
                    file=anchor_mod.ANCHOR_FILE, user=checkpoint.user
                )
            )
            continue
        valid.append(checkpoint)
        problem = checkpoint_problem(log, checkpoint)
        if problem:
            problems.append(problem)
    named = {c.slot for c in valid}
    for slot_id, user, anchored in slots:
        if slot_id in named:
            continue
        if anchored:
            problems.append(
                _("the checkpoint of {user} was removed from {file}").format(
                    user=user, file=anchor_mod.ANCHOR_FILE
                )
            )
        elif chain.ok and user in chain.signed_in:
            problems.append(
                _("{user} signed in (entry {seq}) but left no checkpoint").format(
                    user=user, seq=chain.signed_in[user]
                )
            )
    if own is not None:
        mine = anchor.for_key(own.public_key)
        newest = mine.at if mine is not None else ""
        for checkpoint in valid:
            if (
                checkpoint.slot == own.slot
                and checkpoint.public_key != own.public_key
                and checkpoint.at > newest
            ):
                problems.append(
                    _("a checkpoint claiming to be {user}'s is signed with a key that is not theirs").format(
                        user=own.user
                    )
                )
    # The same finding may come from the sign-in check and from the walk above.
    unique = tuple(dict.fromkeys(problems))
    return AuditReport(chain.rows_checked, len(valid), unique)


# ------------------------------------------------------------------ reading the log


PAGE_SIZE = 200
MAX_PAGE = 10_000


@dataclass(frozen=True)
class AuditFilter:
    """What to show. ``since`` is inclusive, ``until`` exclusive; naive datetimes are local time.

    ``user`` matches the acting user (any case), ``action`` one action exactly
    (``customer.update``), ``customer`` the entries about one customer.
    """

    since: datetime | None = None
    until: datetime | None = None
    user: str | None = None
    action: str | None = None
    customer: int | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    next_before: int | None  # pass as ``before_seq`` for the next, older page; None at the end


def _stamp(moment: datetime) -> str:
    """The stored form of a moment (UTC ISO text, milliseconds): stamps compare as text."""
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive datetime is the user's local time
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _first_seq_from(conn, stamp: str) -> int | None:
    row = conn.execute("SELECT seq FROM audit WHERE at >= ? ORDER BY at, seq LIMIT 1", (stamp,)).fetchone()
    return row[0] if row else None


def read(
    vault,
    actor,
    where: AuditFilter | None = None,
    *,
    before_seq: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """One page of the log, newest first, for the owner and roles with 'view_audit'.

    Keyset paging on ``seq`` (``before_seq``), so page 5,000 costs what page 1 costs. A date
    range becomes a range of ``seq`` found through the ``at`` index (entries are appended in
    time order), and every filter has an index that yields rows in ``seq`` order (migration
    0006), so no filter sorts the whole log.
    """
    from app.access import require

    require(vault, actor, "view_audit")
    where = where or AuditFilter()
    limit = max(1, min(int(limit), MAX_PAGE))
    if before_seq is not None and before_seq <= 1:
        return AuditPage([], None)
    conn = vault.connection()
    clauses, args = [], []
    if where.since is not None:
        since = _stamp(where.since)
        first = _first_seq_from(conn, since)
        clauses.append("seq >= ? AND at >= ?")
        args += [first if first is not None else (1 << 62), since]
    if where.until is not None:
        until = _stamp(where.until)
        first = _first_seq_from(conn, until)
        if first is not None:
            clauses.append("seq < ?")
            args.append(first)
        clauses.append("at < ?")
        args.append(until)
    if before_seq is not None:
        clauses.append("seq < ?")
        args.append(min(before_seq, 1 << 62))
    if where.user:
        clauses.append("actor = ? COLLATE NOCASE")
        args.append(where.user.strip())
    if where.action:
        clauses.append("action = ?")
        args.append(where.action.strip())
    if where.customer is not None:
        clauses.append("object = ?")
        args.append(f"customer:{int(where.customer)}")
    sql = "SELECT seq, at, actor, action, object, details FROM audit"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY seq DESC LIMIT ?"
    rows = conn.execute(sql, (*args, limit + 1)).fetchall()
    entries = [_entry(row) for row in rows[:limit]]
    more = len(rows) > limit and bool(entries)
    return AuditPage(entries, entries[-1].seq if more else None)


def history(
    vault, actor, customer_id: int, *, before_seq: int | None = None, limit: int = PAGE_SIZE
) -> AuditPage:
    """Who viewed, changed, revealed or deleted one customer, and when (newest first)."""
    return read(vault, actor, AuditFilter(customer=customer_id), before_seq=before_seq, limit=limit)


def _distinct(conn, column: str) -> list[str]:
    """Distinct values of an indexed column by skipping through its index (fast at 1M rows)."""
    collate = " COLLATE NOCASE" if column == "actor" else ""
    following = f"SELECT min({column}{collate}) FROM audit WHERE {column} > v.x{collate}"
    sql = (
        f"WITH RECURSIVE v(x) AS (SELECT min({column}{collate}) FROM audit "
        f"UNION ALL SELECT ({following}) FROM v WHERE x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
    )
    return [value for (value,) in conn.execute(sql) if isinstance(value, str)]


def users_and_actions(vault, actor) -> tuple[list[str], list[str]]:
    """Every acting user and every action the log holds, for the filter choices."""
    from app.access import require

    require(vault, actor, "view_audit")
    conn = vault.connection()
    return _distinct(conn, "actor"), _distinct(conn, "action")


def may_read(vault, actor) -> bool:
    """Whether ``actor`` may read the log (the UI offers the view and a customer's history)."""
    from app.access import access_for

    return access_for(vault, actor).allows("view_audit")
