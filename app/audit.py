"""The append-only, hash-chained audit log.

Each row's ``hash`` is HMAC-SHA256, under a key derived from the vault's data key, of the
previous row's hash and the row's own content. Editing, deleting, inserting or reordering
rows with raw SQL breaks the chain at that row, and ``audit_head`` (written with every
append) catches rows cut off the end. Without the data key nobody can even open the file;
with it, only code that derives the audit key the way Custos does could re-forge the chain
— so the log is tamper-*evident* against edits made with generic database tools, and
backups and compliance reports carry the head hash as an outside checkpoint.

Details record *what* changed (field names), never the sensitive values themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.vault.database import transaction

GENESIS = "0" * 64


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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows_checked: int
    first_broken_seq: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"Audit log intact: {self.rows_checked} entries verified."
        return f"Audit log broken at entry {self.first_broken_seq}: {self.reason}"


class AuditLog:
    """Audit log over one connection. ``append`` joins the caller's transaction if any."""

    def __init__(self, conn, key: bytes) -> None:
        self._conn = conn
        self._key = key

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
            head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
            seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
            digest = _row_hash(self._key, prev, seq, moment, actor, action, obj, details_text)
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, object, details, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, moment, actor, action, obj, details_text, prev, digest),
            )
            conn.execute(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (seq, digest),
            )
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
        return [AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]

    def _rows(self) -> Iterator[tuple]:
        yield from self._conn.execute(
            "SELECT seq, at, actor, action, object, details, prev_hash, hash FROM audit ORDER BY rowid"
        )

    def verify(self) -> VerifyResult:
        """Walk the chain in storage order and name the first row that does not fit."""
        expected_seq, prev, count = 1, GENESIS, 0
        for seq, at, actor, action, obj, details, prev_hash, digest in self._rows():
            if seq != expected_seq:
                reason = "entries are missing before it" if seq > expected_seq else "entries are out of order"
                return VerifyResult(False, count, seq, reason)
            if prev_hash != prev:
                return VerifyResult(False, count, seq, "it does not follow the previous entry")
            if not hmac.compare_digest(
                digest, _row_hash(self._key, prev, seq, at, actor, action, obj, details)
            ):
                return VerifyResult(False, count, seq, "its content was changed")
            prev, expected_seq, count = digest, seq + 1, count + 1
        head = self._conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        if not count:
            # Every vault's log starts with its creation entry (written in the same
            # transaction that creates the vault): an empty log is a wiped one.
            return VerifyResult(False, 0, 1, "the log is empty: every entry was removed")
        if head is None or head[0] != count or head[1] != prev:
            missing_from = count + 1
            return VerifyResult(False, count, missing_from, "entries were removed from the end of the log")
        return VerifyResult(True, count)

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
