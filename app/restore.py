"""Restoring a backup: into a new folder, or in place of the current vault; and the restore drill.

Every restore signs in to the backup's own key slots (the password a user had when it was made,
or that time's recovery code), verifies the whole backup, and copies it into a staging folder
beside the destination, ``.NAME.restore-new``, fsyncing every file. Only a complete, checked
staging folder is ever renamed into place.

Replacing the current vault is a journalled swap (``NAME.custos-restore`` beside the vault)::

    1. staging folder complete and fsynced     (a kill here: the old vault, staging removed)
    2. journal written                         (from here on, the next open rolls forward)
    3. NAME  -> NAME.before-restore-DATE       (the current vault, kept as a dated copy)
    4. .NAME.restore-new -> NAME
    5. journal removed

``recover(folder)`` runs before every sign-in and finishes a swap cut short at any step, so a
kill -9 at any moment leaves either the old vault or the new one, each opening and passing
``custos check``. A restored vault carries ``restore.pending``; the first sign-in into it
records the restore (audit, backup log) and runs the after-restore hooks (``after_restore``),
exactly once.

A backup from an older schema is upgraded at that first sign-in (migrations run at unlock); one
from a newer Custos is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import access as access_mod
from app import anchor as anchor_mod
from app import audit as audit_mod
from app import backup as backup_mod
from app import backup_log, faults
from app.access import Actor, Policy
from app.backup import BackupFile, Credentials, Unlocked
from app.erasure import LEDGER_FILE
from app.errors import DamagedVaultError, KnownError, NotAVaultError, PermissionDeniedError
from app.files import create_private, write_atomic
from app.i18n import _
from app.vault import database
from app.vault.keyslots import KeyFile
from app.vault.vault import RECOVERY_ACTOR, VAULT_DB, VAULT_KEYS, Vault, is_vault

PENDING_FILE = "restore.pending"
JOURNAL_SUFFIX = ".custos-restore"
STAGING = ".{name}.restore-new"
OLD_COPY = "{name}.before-restore-{stamp}"


# ------------------------------------------------------------------------------ after-restore hooks


@dataclass(frozen=True)
class RestoredFrom:
    """What the after-restore hooks learn about the restore that brought the vault back."""

    restore_id: str
    backup_file: str
    backup_made_at: datetime  # when the snapshot was taken: anything done after it is not in it
    backup_made_by: str
    restored_at: datetime
    restored_by: str


AfterRestore = Callable[[Vault, Actor, RestoredFrom], None]
_AFTER_RESTORE: list[AfterRestore] = []


def register_after_restore(hook: AfterRestore) -> None:
    """Run ``hook`` after every restore, at the first sign-in into the restored vault, inside the
    transaction that records the restore (so it runs exactly once, or again if cut short).

    This is where anything a backup brings back that must stay gone is undone — the erasure
    ledger replays the erasures made after ``backup_made_at`` here. A hook must be idempotent.
    """
    if hook not in _AFTER_RESTORE:
        _AFTER_RESTORE.append(hook)


def unregister_after_restore(hook: AfterRestore) -> None:
    with contextlib.suppress(ValueError):
        _AFTER_RESTORE.remove(hook)


def after_restore(vault: Vault, actor: Actor, restored: RestoredFrom) -> None:
    """The single point called after a restore (see ``register_after_restore``)."""
    for hook in list(_AFTER_RESTORE):
        hook(vault, actor, restored)


def complete_pending(vault: Vault) -> RestoredFrom | None:
    """At sign-in: record a restore whose vault this is and run the hooks, once. Called by
    ``Vault`` after every successful sign-in; does nothing for a vault without the marker."""
    marker = vault.folder / PENDING_FILE
    try:
        data = json.loads(marker.read_text("utf-8"))
        restored = RestoredFrom(
            str(data["restore_id"]),
            str(data["backup_file"]),
            datetime.fromisoformat(data["backup_made_at"]),
            str(data["backup_made_by"]),
            datetime.fromisoformat(data["restored_at"]),
            str(data["restored_by"]),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        raise DamagedVaultError(
            _("{file} in {folder} is damaged: the restore cannot be completed.").format(
                file=PENDING_FILE, folder=vault.folder
            )
        ) from None
    actor = vault.actor
    conn = vault.connection()
    with database.transaction(conn):
        done = conn.execute(
            "SELECT 1 FROM backup_log WHERE kind = 'restore' AND json_extract(details, '$.restore_id') = ?",
            (restored.restore_id,),
        ).fetchone()
        if done is None:
            after_restore(vault, actor, restored)
            details = {
                "restore_id": restored.restore_id,
                "backup_made_at": restored.backup_made_at.isoformat(),
                "backup_made_by": restored.backup_made_by,
                "restored_by": restored.restored_by,
            }
            conn.execute(
                "INSERT INTO backup_log (kind, at, actor, ok, file, details)"
                " VALUES ('restore', ?, ?, 1, ?, ?)",
                (
                    restored.restored_at.isoformat(timespec="seconds"),
                    actor.user,
                    restored.backup_file,
                    json.dumps(details, ensure_ascii=False, sort_keys=True),
                ),
            )
            vault.audit().append(actor.user, "backup.restored", restored.backup_file, details)
    faults.step("restore.recorded")
    marker.unlink()
    return restored


# ------------------------------------------------------------------------------ the journalled swap


def _journal(folder: Path) -> Path:
    return folder.parent / f"{folder.name}{JOURNAL_SUFFIX}"


def _staging(folder: Path) -> Path:
    return folder.parent / STAGING.format(name=folder.name)


def _sync(folder: Path) -> None:
    backup_mod._sync_folder(folder)


def recover(folder: Path) -> str:
    """Finish a restore cut short in ``folder`` (before anything opens it). Returns what was done:
    "" (nothing to do), "completed" (the restored vault is in place) or "cleaned" (a staging folder
    of a restore that never reached its swap was removed; the vault was not touched)."""
    folder = Path(folder)
    journal, staged = _journal(folder), _staging(folder)
    if not journal.exists():
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
            _sync(folder.parent)
            return "cleaned"
        return ""
    try:
        data = json.loads(journal.read_text("utf-8"))
        old = folder.parent / str(data["old"])
    except (ValueError, KeyError, TypeError, OSError):
        raise DamagedVaultError(
            _("The restore journal {file} is damaged; the vault was left as it is.").format(file=journal)
        ) from None
    if staged.exists():
        if folder.exists() and not old.exists():
            os.rename(folder, old)
            _sync(folder.parent)
        if not folder.exists():
            os.rename(staged, folder)
            _sync(folder.parent)
    elif not folder.exists() and old.exists():  # the staging folder vanished: put the old vault back
        os.rename(old, folder)
        _sync(folder.parent)
    journal.unlink()
    _sync(folder.parent)
    return "completed"


# ------------------------------------------------------------------------------ restoring


@dataclass(frozen=True)
class Restored:
    folder: Path
    report: backup_mod.VerifyReport
    previous: Path | None  # the dated copy of the vault it replaced
    counts: dict[str, int]  # in the restored (and upgraded) vault
    schema_version: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "replaced_vault_kept_at": str(self.previous) if self.previous else None,
            "counts": self.counts,
            "schema_version": self.schema_version,
            "backup": self.report.as_dict(),
        }


def _may_restore(backup: BackupFile, unlocked: Unlocked) -> None:
    """The person signing in to the backup must be allowed to restore by the backup's own policy
    (the recovery code acts as an owner)."""
    if unlocked.user is None:
        return
    conn = backup_mod._open_in_place(backup.path, unlocked.data_key)
    try:
        row = conn.execute(
            "SELECT role FROM users WHERE name = ? COLLATE NOCASE", (unlocked.user,)
        ).fetchone()
        role = row[0] if row else ""
        tables = backup_mod._tables(conn)
        allowed = role.lower() == "owner" or ("roles" in tables and Policy.load(conn).allows(role, "restore"))
    except (database.DatabaseError, KnownError):
        allowed = False
    finally:
        conn.close()
    if not allowed:
        raise PermissionDeniedError(
            _("{user} ({role}) may not restore backups (in the backup's own roles).").format(
                user=unlocked.user, role=role or "-"
            )
        )


def _extract(
    backup: BackupFile,
    destination: Path,
    *,
    pending: dict[str, Any] | None,
    progress: backup_mod.Progress | None,
    should_cancel: backup_mod.ShouldCancel | None,
) -> None:
    """Write the backup's members into the new folder ``destination``, each fsynced, the database
    hashed on the way (it must be byte for byte what was verified)."""
    destination.mkdir(mode=0o700)
    offset, size = backup.index[VAULT_DB]
    digest = hashlib.sha256()
    db_path = destination / VAULT_DB
    create_private(db_path)
    with open(backup.path, "rb") as source, open(db_path, "r+b") as target:
        source.seek(offset)
        done = 0
        while done < size:
            chunk = source.read(min(backup_mod.CHUNK, size - done))
            if not chunk:
                raise backup_mod._cut_short(backup.path)
            digest.update(chunk)
            target.write(chunk)
            done += len(chunk)
            faults.step("restore.copying")
            if should_cancel is not None and should_cancel():
                raise backup_mod.BackupCancelled(_("The restore was cancelled; nothing was changed."))
            if progress:
                progress(done, size, _("Copying the vault…"))
        target.flush()
        os.fsync(target.fileno())
    if digest.hexdigest() != backup.manifest.members[VAULT_DB]["sha256"]:
        raise backup_mod.DamagedBackupError(
            _("{file} changed while it was being restored; nothing was changed.").format(
                file=backup.path.name
            )
        )
    write_atomic(destination / VAULT_KEYS, backup.read_member(VAULT_KEYS))
    anchor_bytes = backup.read_member(anchor_mod.ANCHOR_FILE)
    if anchor_bytes:
        write_atomic(destination / anchor_mod.ANCHOR_FILE, anchor_bytes)
    if pending is not None:
        write_atomic(destination / PENDING_FILE, json.dumps(pending, ensure_ascii=False).encode("utf-8"))
    _sync(destination)


def _pending(backup: BackupFile, restored_by: str) -> dict[str, Any]:
    return {
        "restore_id": secrets.token_hex(8),
        "backup_file": backup.path.name,
        "backup_made_at": backup.manifest.created_at,
        "backup_made_by": backup.manifest.created_by,
        "restored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "restored_by": restored_by,
    }


def _open_restored(folder: Path, credentials: Credentials) -> Vault:
    if credentials.recovery_code:
        return Vault.unlock_with_recovery_code(folder, credentials.recovery_code)
    return Vault.unlock(folder, credentials.user or "", credentials.password or "")


def _prepare(
    path: Path, credentials: Credentials, progress, should_cancel
) -> tuple[BackupFile, Unlocked, backup_mod.VerifyReport]:
    backup = backup_mod.open_backup(path)
    backup.refuse_if_newer()
    unlocked = backup_mod.sign_in(backup, credentials)
    _may_restore(backup, unlocked)
    report = backup_mod.verify(backup, unlocked, progress=progress, should_cancel=should_cancel)
    return backup, unlocked, report


def _finish(folder: Path, credentials: Credentials, report, previous: Path | None) -> Restored:
    vault = _open_restored(folder, credentials)  # migrations run here; then complete_pending
    try:
        conn = vault.connection()
        return Restored(folder, report, previous, backup_mod.counts(conn), database.schema_version(conn))
    finally:
        vault.lock()


def restore_into(
    path: Path,
    folder: Path,
    credentials: Credentials,
    *,
    progress: backup_mod.Progress | None = None,
    should_cancel: backup_mod.ShouldCancel | None = None,
) -> Restored:
    """Restore the backup at ``path`` as a new vault in ``folder`` (new, or an empty folder)."""
    folder = Path(folder).expanduser().absolute()
    recover(folder)
    if is_vault(folder) or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise KnownError(
            _(
                "{folder} is not empty: restore into a new or empty folder, or replace the current vault."
            ).format(folder=folder)
        )
    backup, unlocked, report = _prepare(path, credentials, progress, should_cancel)
    staged = _staging(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staged, ignore_errors=True)
        _extract(
            backup,
            staged,
            pending=_pending(backup, unlocked.user or RECOVERY_ACTOR),
            progress=progress,
            should_cancel=should_cancel,
        )
        if folder.exists():
            folder.rmdir()
        os.rename(staged, folder)
        _sync(folder.parent)
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise backup_mod._write_problem(exc, folder.parent) from None
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    faults.step("restore.in_place")
    return _finish(folder, credentials, report, None)


def _current_unusable(folder: Path, data_key: bytes) -> bool:
    """Whether the vault being replaced cannot be signed in to at all (so nobody could prove the
    right to replace it there): its key slots are missing or damaged, or its database, which the
    backup's key opens, is damaged. A healthy vault under another key is never "unusable"."""
    try:
        KeyFile.load(folder / VAULT_KEYS)
        conn = database.connect(folder / VAULT_DB, data_key)
    except (KnownError, OSError):
        try:
            KeyFile.load(folder / VAULT_KEYS)
        except (KnownError, OSError):
            return True
        return False  # another key: a healthy vault someone rotated away from this backup
    try:
        database.check_integrity(conn)
        return False
    except KnownError:
        return True
    finally:
        conn.close()


def _quiesce(current: Vault) -> None:
    """Close the current vault, refusing while another window or process still has it open."""
    key = current.data_key_for_copies()
    folder = current.folder
    current.lock()
    conn = database.connect(folder / VAULT_DB, key)
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise KnownError(
                _(
                    "The vault is open in another Custos window or process: close it there first."
                    " Nothing was changed."
                )
            )
    except database.DatabaseError:
        raise KnownError(
            _(
                "The vault is open in another Custos window or process: close it there first."
                " Nothing was changed."
            )
        ) from None
    finally:
        conn.close()


def replace(
    path: Path,
    folder: Path,
    credentials: Credentials,
    *,
    current: Vault | None,
    progress: backup_mod.Progress | None = None,
    should_cancel: backup_mod.ShouldCancel | None = None,
) -> Restored:
    """Put the backup in place of the vault in ``folder``, keeping that vault as a dated copy.

    ``current`` is the vault signed in with the 'restore' permission; it is locked here. Without it
    the replacement is allowed only when the current vault cannot be signed in to at all (damaged
    or missing key slots, or a damaged database) — otherwise a user could roll the vault back to a
    time when they had more rights.
    """
    folder = Path(folder).expanduser().absolute()
    recover(folder)
    if current is not None:
        access_mod.require(current, current.actor, "restore")
        if current.folder.resolve() != folder.resolve():
            raise KnownError(_("The signed-in vault is not the one being replaced."))
    backup, unlocked, report = _prepare(path, credentials, progress, should_cancel)
    if current is None and folder.exists() and not _current_unusable(folder, unlocked.data_key):
        raise PermissionDeniedError(
            _("Sign in to the current vault first, as a user who may restore backups: it is not damaged.")
        )
    if current is not None and backup.vault_id != current.vault_id:
        raise backup_mod.DamagedBackupError(backup_mod._another_vault(backup))
    staged, journal = _staging(folder), _journal(folder)
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    old = folder.parent / OLD_COPY.format(name=folder.name, stamp=stamp)
    try:
        shutil.rmtree(staged, ignore_errors=True)
        _extract(
            backup,
            staged,
            pending=_pending(backup, unlocked.user or RECOVERY_ACTOR),
            progress=progress,
            should_cancel=should_cancel,
        )
        if current is not None:
            _quiesce(current)
        _carry_over(folder, staged)
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise backup_mod._write_problem(exc, folder.parent) from None
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    faults.step("replace.staged")
    write_atomic(journal, json.dumps({"old": old.name, "backup": str(backup.path)}).encode("utf-8"))
    faults.step("replace.journal")
    if folder.exists():
        os.rename(folder, old)
        _sync(folder.parent)
        faults.step("replace.old_moved")
    else:
        old = None  # type: ignore[assignment]
    os.rename(staged, folder)
    _sync(folder.parent)
    faults.step("replace.new_in_place")
    journal.unlink()
    _sync(folder.parent)
    faults.step("replace.done")
    return _finish(folder, credentials, report, old)


def _carry_over(folder: Path, staged: Path) -> None:
    """Copy into the staged vault the files beside vault.db that must outlive a restore: the
    erasure ledger's mirror, so the first sign-in erases again anyone erased after the backup
    was made (app/erasure.py ``at_signin``). Done before the journal exists, so a kill leaves
    either the old folder or a staged one that already holds the ledger."""
    ledger = folder / LEDGER_FILE
    if ledger.exists():
        write_atomic(staged / LEDGER_FILE, ledger.read_bytes())


# ------------------------------------------------------------------------------ the drill


@dataclass(frozen=True)
class Drill:
    ok: bool
    file: Path
    at: datetime
    seconds: float
    expected: dict[str, int]
    found: dict[str, int]
    opened_with: str
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "file": str(self.file),
            "at": self.at.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "expected": self.expected,
            "found": self.found,
            "opened_with": self.opened_with,
            "problem": self.problem,
        }


def latest_backup(vault: Vault, folder: Path | None = None) -> Path:
    from app import backup_schedule

    folder = Path(folder) if folder else backup_schedule.target_folder(vault)
    listed = [b for b in backup_mod.list_backups(folder, vault.vault_id) if b.manifest is not None]
    if not listed:
        raise KnownError(
            _("There is no backup of this vault in {folder} yet: make one first.").format(folder=folder)
        )
    return listed[0].path


def drill(
    vault: Vault,
    actor: Actor,
    path: Path | None = None,
    *,
    credentials: Credentials | None = None,
    progress: backup_mod.Progress | None = None,
    should_cancel: backup_mod.ShouldCancel | None = None,
) -> Drill:
    """ "Test restore": restore a backup (default: the newest) into a temporary folder, open it,
    check every page, the audit chain and the counts against the manifest, remove it, and record
    the result. Needs 'backup'. A failed drill is recorded too, then raised."""
    access_mod.require(vault, actor, "backup")
    started, clock = datetime.now(UTC), time.perf_counter()
    path = Path(path) if path else latest_backup(vault)
    expected: dict[str, int] = {}
    try:
        backup = backup_mod.open_backup(path)
        backup.refuse_if_newer()
        expected = dict(backup.manifest.counts)
        unlocked = (
            backup_mod.sign_in(backup, credentials)
            if credentials
            else backup_mod.session_unlock(vault, backup)
        )
        backup_mod.verify(backup, unlocked, progress=progress, should_cancel=should_cancel)
        with tempfile.TemporaryDirectory(prefix="custos-drill-") as scratch:
            folder = Path(scratch) / "vault"
            _extract(backup, folder, pending=None, progress=progress, should_cancel=should_cancel)
            found = _open_copy(folder, unlocked)
            opened = vault.open_slot_copy(KeyFile.load(folder / VAULT_KEYS))
    except KnownError as exc:
        backup_log.record_drill(vault, actor, path, False, {"error": str(exc)})
        raise
    opened_with = _("your own key slot in the backup") if opened else unlocked.how
    ok = {k: found.get(k) for k in expected} == expected
    problem = "" if ok else _("the restored copy does not hold what the backup's manifest says")
    result = Drill(ok, path, started, time.perf_counter() - clock, expected, found, opened_with, problem)
    backup_log.record_drill(
        vault, actor, path, ok, {"expected": expected, "found": found, "seconds": round(result.seconds, 3)}
    )
    if not ok:
        raise KnownError(
            _("The restore drill of {file} failed: {problem}.").format(file=path.name, problem=problem)
        )
    return result


def _open_copy(folder: Path, unlocked: Unlocked) -> dict[str, int]:
    """Open a restored copy as a sign-in would (integrity, migrations to this version), then read
    its counts and verify its audit chain."""
    keys = KeyFile.load(folder / VAULT_KEYS)
    conn = database.connect(folder / VAULT_DB, unlocked.data_key)
    try:
        database.check_integrity(conn)
        database.check_version(conn)
        database.configure(conn)
        database.migrate(conn)
        log = audit_mod.AuditLog(conn, audit_mod.derive_audit_key(unlocked.data_key))
        anchor = anchor_mod.load(folder, keys.vault_id)
        slots = [(s.id, s.user or RECOVERY_ACTOR, s.anchored is True) for s in keys.slots]
        report = audit_mod.verify_with_anchor(log, anchor, keys.vault_id, slots, None)
        if not report.ok:
            raise DamagedVaultError(report.message())
        return backup_mod.counts(conn)
    finally:
        conn.close()


def describe_current(folder: Path) -> dict[str, Any]:
    """For the restore wizard's side-by-side view: what can be told of the current vault without
    signing in to it (its id, and whether it is there and readable)."""
    try:
        keys = KeyFile.load(Path(folder) / VAULT_KEYS)
        return {"exists": True, "vault_id": keys.vault_id, "users": keys.users(), "damaged": False}
    except FileNotFoundError:
        return {"exists": False}
    except (KnownError, NotAVaultError):
        return {"exists": True, "damaged": True}
