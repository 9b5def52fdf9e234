"""What happened to backups, kept in the vault: made, failed, drilled, restored, pruned.

Each record is a row of ``backup_log`` and an audit entry, written in one transaction. The
status bar's line ("Last backup: 2 hours ago, verified"), the warning when backups are old or
failing, and the date of the last successful restore drill (for the compliance report) are
all answered from these rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.access import Actor
from app.vault import database

if TYPE_CHECKING:
    from app.backup import CreatedBackup

DEFAULT_WARN_AFTER = timedelta(days=7)


def _now() -> datetime:
    return datetime.now(UTC)


def _has_log(conn) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'backup_log'").fetchone() is not None


def _record(
    vault, actor: Actor, kind: str, ok: bool, file: str, details: dict[str, Any], action: str
) -> None:
    conn = vault.connection()
    with database.transaction(conn):
        if not _has_log(conn):
            # A vault held at an older schema (only tests build one): the audit entry alone.
            vault.audit().append(actor.user, action, file, details)
            return
        conn.execute(
            "INSERT INTO backup_log (kind, at, actor, ok, file, details) VALUES (?, ?, ?, ?, ?, ?)",
            (
                kind,
                _now().isoformat(timespec="seconds"),
                actor.user,
                int(ok),
                file,
                json.dumps(details, ensure_ascii=False, sort_keys=True),
            ),
        )
        vault.audit().append(actor.user, action, file, details)


def record_backup(vault, actor: Actor, created: CreatedBackup, *, scheduled: bool = False) -> None:
    manifest = created.manifest
    _record(
        vault,
        actor,
        "backup",
        True,
        str(created.path),
        {
            "verified": True,
            "scheduled": scheduled,
            "size": created.path.stat().st_size,
            "sha256": manifest.members["vault.db"]["sha256"],
            "customers": manifest.customers,
        },
        "backup.create",
    )


def record_failure(
    vault, actor: Actor, kind: str, file: Path | str, message: str, *, scheduled: bool = False
) -> None:
    _record(
        vault, actor, kind, False, str(file), {"error": message, "scheduled": scheduled}, f"{kind}.failed"
    )


def record_drill(vault, actor: Actor, file: Path, ok: bool, details: dict[str, Any]) -> None:
    _record(vault, actor, "drill", ok, str(file), details, "backup.drill")


def record_prune(vault, actor: Actor, folder: Path, removed: list[str]) -> None:
    _record(vault, actor, "prune", True, str(folder), {"removed": removed}, "backup.prune")


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime
    actor: str
    ok: bool
    file: str
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "at": self.at.isoformat(),
            "user": self.actor,
            "ok": self.ok,
            "file": self.file,
            "details": self.details,
        }


def _event(row: tuple) -> Event:
    kind, at, actor, ok, file, details = row
    try:
        parsed = json.loads(details)
    except ValueError:
        parsed = {}
    return Event(
        kind, datetime.fromisoformat(at), actor, bool(ok), file, parsed if isinstance(parsed, dict) else {}
    )


def _last(vault, kind: str, ok: bool | None = None) -> Event | None:
    sql = "SELECT kind, at, actor, ok, file, details FROM backup_log WHERE kind = ?"
    args: tuple = (kind,)
    if ok is not None:
        sql += " AND ok = ?"
        args += (int(ok),)
    row = vault.connection().execute(sql + " ORDER BY at DESC, id DESC LIMIT 1", args).fetchone()
    return _event(row) if row else None


def history(vault, limit: int = 50) -> list[Event]:
    rows = vault.connection().execute(
        "SELECT kind, at, actor, ok, file, details FROM backup_log ORDER BY at DESC, id DESC LIMIT ?",
        (limit,),
    )
    return [_event(row) for row in rows]


def last_successful_drill(vault) -> datetime | None:
    """When a restore drill last passed (None: never). For the compliance report."""
    event = _last(vault, "drill", True)
    return event.at if event else None


@dataclass(frozen=True)
class Status:
    """The backup state the status bar shows."""

    last_backup: Event | None  # the newest successful one
    last_attempt: Event | None  # the newest, successful or not
    last_drill: Event | None
    warn_after: timedelta
    now: datetime

    @property
    def failing(self) -> bool:
        return self.last_attempt is not None and not self.last_attempt.ok

    @property
    def stale(self) -> bool:
        return self.last_backup is None or self.now - self.last_backup.at > self.warn_after

    @property
    def needs_attention(self) -> bool:
        return self.failing or self.stale

    @property
    def age(self) -> timedelta | None:
        return None if self.last_backup is None else max(self.now - self.last_backup.at, timedelta(0))


def status(vault, *, warn_after: timedelta | None = None, now: datetime | None = None) -> Status:
    from app import backup_schedule

    if warn_after is None:
        warn_after = timedelta(days=backup_schedule.load_settings(vault).warn_after_days)
    return Status(
        _last(vault, "backup", True),
        _last(vault, "backup"),
        _last(vault, "drill"),
        warn_after,
        now or _now(),
    )
