"""Encrypted backups: one ``NAME.custos-backup`` file per backup, made, read and verified here.

Layout of the file (everything after the database is small)::

    offset 0      vault.db      a consistent snapshot of the vault's database, N pages, still
                                encrypted page by page under the vault's data key
                  vault.keys    the key slots as committed with that snapshot
                  audit.anchor  the signed audit checkpoints that match that snapshot
                  manifest.json what the backup holds, SHA-256 of each member, HMAC
                  index         JSON: offset and size of every member
    last 32 bytes footer        b"CUSTOSBACKUP", format (u32), index offset and length (u64)

Why the database comes first: a SQLCipher file is read at page offsets from the start, so the
backup can be checked page by page (SQLCipher's per-page HMAC) where it lies, and restoring is
one copy of its first N pages.

The snapshot is taken with SQLite's online backup API between two connections keyed with the
same raw data key, inside one read transaction of the source: writers in this process or others
go on (WAL), and the copy is the database as of one commit. Pages pass through SQLite's page
cache in memory and reach the file encrypted again; nothing decrypted is ever written.

The manifest is authenticated with HMAC-SHA256 under a key derived (HKDF) from the data key, so
a backup edited by hand, or one of another vault put in its place, is detected by anyone who can
sign in, while reading what a backup holds (date, who, counts) needs no key at all.

A backup is written under a temporary name in the target folder, fsynced, verified and then
renamed: a cut-off backup never appears under its final name and earlier backups are never
touched. Failures remove the temporary file; a process killed outright leaves a temporary file
that the next backup or listing in that folder removes (its writer's lock is gone).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import re
import struct
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app import access as access_mod
from app import anchor as anchor_mod
from app import audit as audit_mod
from app import faults
from app.access import Actor
from app.errors import DamagedVaultError, KnownError, NewerVaultError, WrongPasswordError
from app.i18n import _
from app.vault import database
from app.vault import wal as wal_mod
from app.vault.keyslots import KeyFile, normalize_recovery_code
from app.vault.vault import VAULT_DB, VAULT_KEYS, Vault

try:  # a writer holds a lock on its temporary file, so a cleaner can tell a dead one from a busy one
    import fcntl
except ImportError:  # Windows: stale temporary files are removed by age instead
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".custos-backup"
TEMP_SUFFIX = ".tmp"
FORMAT = 1
MAGIC = b"CUSTOSBACKUP"
FOOTER = struct.Struct(">12sIQQ")  # magic, format, index offset, index length
MANIFEST = "manifest.json"
MEMBERS = (VAULT_DB, VAULT_KEYS, anchor_mod.ANCHOR_FILE)
MAX_SMALL_MEMBER = 64 * 1024 * 1024  # key slots, checkpoints, manifest: far smaller in practice
CHUNK = 4 * 1024 * 1024  # read, hashed and written at a time: progress and Cancel every few ms
WRITE_LOCK_WAIT_MS = 60_000  # a backup waits this long for a running import's commit
STALE_TEMP_SECONDS = 24 * 3600  # without file locks (Windows): an older temporary file is dead

Progress = Callable[[int, int, str], None]
ShouldCancel = Callable[[], bool]


class DamagedBackupError(KnownError):
    """The file is not a Custos backup, is cut short, or was changed since it was made."""


class BackupCancelled(KnownError):
    """The user cancelled; nothing was left behind."""


def app_version() -> str:
    try:
        return metadata.version("custos")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def _now() -> datetime:
    return datetime.now(UTC)


def manifest_key(data_key: bytes) -> bytes:
    """The manifest's HMAC key: only someone holding this vault's data key can make or check it."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"custos backup manifest v1").derive(
        data_key
    )


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _sign(body: dict[str, Any], data_key: bytes) -> str:
    return hmac.new(manifest_key(data_key), _canonical(body), hashlib.sha256).hexdigest()


# ------------------------------------------------------------------------------ the manifest


@dataclass(frozen=True)
class Manifest:
    """What a backup says about itself. Readable without a key; trusted only once ``authentic``."""

    vault_id: str
    created_at: str  # UTC, ISO 8601
    created_by: str
    business_name: str
    app_version: str
    schema_version: int
    page_size: int
    page_count: int
    counts: dict[str, int]
    members: dict[str, dict[str, Any]]  # name -> {"size": int, "sha256": hex}
    hmac: str = ""

    def body(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("hmac")
        data["format"] = FORMAT
        return data

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise DamagedBackupError(
                    _("The backup has an unknown format ({format}); it may come from a newer Custos.").format(
                        format=repr(data.get("format"))
                    )
                )
            data.pop("format")
            manifest = cls(**data)
            if not all(
                isinstance(v, int) for v in (manifest.schema_version, manifest.page_size, manifest.page_count)
            ):
                raise TypeError("numbers")
            if not isinstance(manifest.members, dict) or not isinstance(manifest.counts, dict):
                raise TypeError("members")
            manifest.created()
            return manifest
        except DamagedBackupError:
            raise
        except (ValueError, TypeError, UnicodeDecodeError, AttributeError):
            raise DamagedBackupError(_("The backup's manifest is damaged and cannot be read.")) from None

    def created(self) -> datetime:
        moment = datetime.fromisoformat(self.created_at)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def authentic(self, data_key: bytes) -> bool:
        return hmac.compare_digest(self.hmac, _sign(self.body(), data_key))

    @property
    def customers(self) -> int:
        return int(self.counts.get("customers", 0))

    def as_dict(self) -> dict[str, Any]:
        return {**self.body(), "hmac": self.hmac}


# ------------------------------------------------------------------------------ reading a backup


@dataclass
class BackupFile:
    """A backup's structure as read from its footer; nothing in it is trusted before ``verify``."""

    path: Path
    size: int
    index: dict[str, tuple[int, int]]  # member -> (offset, size)
    manifest: Manifest

    def read_member(self, name: str) -> bytes:
        offset, size = self.index[name]
        if size > MAX_SMALL_MEMBER:
            raise DamagedBackupError(
                _("{file}: the backup's {member} is implausibly large.").format(
                    file=self.path.name, member=name
                )
            )
        with open(self.path, "rb") as fh:
            fh.seek(offset)
            data = fh.read(size)
        if len(data) != size:
            raise _cut_short(self.path)
        return data

    def key_file(self) -> KeyFile:
        try:
            keys = KeyFile.from_text(self.read_member(VAULT_KEYS).decode("utf-8"), VAULT_KEYS)
        except (DamagedVaultError, UnicodeDecodeError):
            raise DamagedBackupError(
                _("{file}: the key slots in the backup are damaged.").format(file=self.path.name)
            ) from None
        if keys.vault_id != self.manifest.vault_id:
            raise DamagedBackupError(
                _("{file}: the key slots in the backup belong to another vault.").format(file=self.path.name)
            )
        return keys

    @property
    def vault_id(self) -> str:
        return self.manifest.vault_id

    def newer_than_this_app(self) -> bool:
        return self.manifest.schema_version > database.SCHEMA_VERSION

    def refuse_if_newer(self) -> None:
        if self.newer_than_this_app():
            raise NewerVaultError(
                _(
                    "{file} was made by a newer version of Custos (schema {version}; this version knows "
                    "up to {known}). Update Custos to restore it. Nothing was changed."
                ).format(
                    file=self.path.name, version=self.manifest.schema_version, known=database.SCHEMA_VERSION
                )
            )


def _cut_short(path: Path) -> DamagedBackupError:
    return DamagedBackupError(
        _("{file} is cut short or damaged: it is not a whole Custos backup.").format(file=Path(path).name)
    )


def open_backup(path: Path) -> BackupFile:
    """Read a backup's footer, index and manifest (no key needed). DamagedBackupError if it is
    not a backup, is cut short, or its structure was damaged."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size < FOOTER.size:
                raise _not_a_backup(path) if size == 0 or not path.name.endswith(SUFFIX) else _cut_short(path)
            fh.seek(size - FOOTER.size)
            magic, fmt, index_offset, index_length = FOOTER.unpack(fh.read(FOOTER.size))
            if magic != MAGIC:
                raise _not_a_backup(path) if not path.name.endswith(SUFFIX) else _cut_short(path)
            if fmt != FORMAT:
                raise DamagedBackupError(
                    _(
                        "{file} has an unknown backup format ({format}); it may come from a newer Custos."
                    ).format(file=path.name, format=fmt)
                )
            if index_length > MAX_SMALL_MEMBER or index_offset + index_length > size - FOOTER.size:
                raise _cut_short(path)
            fh.seek(index_offset)
            raw_index = json.loads(fh.read(index_length).decode("utf-8"))
            index = {
                name: (int(raw_index[name][0]), int(raw_index[name][1])) for name in (*MEMBERS, MANIFEST)
            }
            for offset, length in index.values():
                if offset < 0 or length < 0 or offset + length > index_offset:
                    raise _cut_short(path)
            fh.seek(index[MANIFEST][0])
            manifest = Manifest.parse(fh.read(index[MANIFEST][1]))
    except FileNotFoundError:
        raise KnownError(_("There is no backup at {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise KnownError(_("{path} is a folder, not a backup file.").format(path=path)) from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, struct.error):
        raise _cut_short(path) from None
    if index[VAULT_DB][1] != manifest.page_count * manifest.page_size:
        raise _cut_short(path)
    return BackupFile(path, size, index, manifest)


def _not_a_backup(path: Path) -> DamagedBackupError:
    return DamagedBackupError(_("{file} is not a Custos backup.").format(file=Path(path).name))


# ------------------------------------------------------------------------------ signing in to a backup


@dataclass(frozen=True)
class Credentials:
    """How to open a backup's key slots: a user's password of that time, or that time's recovery code."""

    user: str | None = None
    password: str | None = None
    recovery_code: str | None = None


@dataclass(frozen=True)
class Unlocked:
    """A backup's secrets, and how they were obtained (shown in reports)."""

    secrets: dict[str, bytes] = field(repr=False)
    how: str
    user: str | None  # None: the recovery code (acts as an owner) or this session's key

    @property
    def data_key(self) -> bytes:
        return self.secrets["data"]


def sign_in(backup: BackupFile, credentials: Credentials) -> Unlocked:
    """Open the backup's own key slots with a password or recovery code of the time it was made."""
    keys = backup.key_file()
    made = backup.manifest.created().astimezone().strftime("%Y-%m-%d %H:%M")
    if credentials.recovery_code:
        typed = normalize_recovery_code(credentials.recovery_code)
        for slot in (keys.recovery_slot(), keys.pending_recovery_slot()):
            if slot is None:
                continue
            try:
                secrets = slot.open(keys.vault_id, slot.derive(typed))
            except WrongPasswordError:
                continue
            return Unlocked(secrets, _("the recovery code of {date}").format(date=made), None)
        raise WrongPasswordError(
            _(
                "That recovery code does not open this backup. Use the recovery code that was valid on "
                "{date}, when the backup was made (from the emergency kit of that time)."
            ).format(date=made)
        )
    user = (credentials.user or "").strip()
    slot = keys.user_slot(user) if user else None
    if slot is None:
        raise WrongPasswordError(
            _("The backup of {date} has no user called {user}. Users in it: {users}.").format(
                date=made, user=repr(user), users=", ".join(keys.users()) or "-"
            )
        )
    try:
        secrets = slot.open(keys.vault_id, slot.derive(credentials.password or ""))
    except WrongPasswordError:
        raise WrongPasswordError(
            _(
                "Wrong password for {user} in the backup of {date}. Use the password {user} had then "
                "(it may differ from today's), or the recovery code of that time."
            ).format(user=slot.user, date=made)
        ) from None
    if "data" not in secrets:
        raise WrongPasswordError(
            _("{user}'s account was disabled when the backup was made; sign in as another user.").format(
                user=slot.user
            )
        )
    return Unlocked(
        secrets, _("the password {user} had on {date}").format(user=slot.user, date=made), slot.user
    )


def session_unlock(vault: Vault, backup: BackupFile) -> Unlocked:
    """Open a backup of the signed-in vault without asking: with the signed-in user's own key slot
    in it (the same password then as now), else with the session's data key (no key rotation since).
    """
    if backup.vault_id != vault.vault_id:
        raise DamagedBackupError(_another_vault(backup))
    keys = backup.key_file()
    opened = vault.open_slot_copy(keys)
    if opened is not None and "data" in opened:
        return Unlocked(opened, _("your own key slot in the backup"), vault.user)
    key = vault.data_key_for_copies()
    if backup.manifest.authentic(key):
        return Unlocked({"data": key}, _("this vault's data key"), None)
    raise WrongPasswordError(
        _(
            "This backup was made before the data key was rotated and your password changed: sign in to "
            "it with the password you had on {date}, or that time's recovery code."
        ).format(date=backup.manifest.created().astimezone().strftime("%Y-%m-%d %H:%M"))
    )


def _another_vault(backup: BackupFile) -> str:
    name = backup.manifest.business_name or backup.vault_id
    return _(
        "{file} is a backup of another vault ({name}, made {date}), not of this one. Nothing was changed."
    ).format(
        file=backup.path.name, name=name, date=backup.manifest.created().astimezone().strftime("%Y-%m-%d")
    )


# ------------------------------------------------------------------------------ verification


@dataclass(frozen=True)
class VerifyReport:
    """A backup that passed every check, and what it holds."""

    path: Path
    manifest: Manifest
    opened_with: str
    pages: int
    audit_entries: int
    audit_checkpoints: int
    users: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "ok": True,
            "opened_with": self.opened_with,
            "pages_checked": self.pages,
            "audit_entries": self.audit_entries,
            "audit_checkpoints": self.audit_checkpoints,
            "users": self.users,
            "manifest": self.manifest.as_dict(),
        }


def _hash_range(path: Path, offset: int, size: int, should_cancel: ShouldCancel | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        fh.seek(offset)
        left = size
        while left:
            chunk = fh.read(min(CHUNK, left))
            if not chunk:
                raise EOFError
            digest.update(chunk)
            left -= len(chunk)
            if should_cancel is not None and should_cancel():
                raise BackupCancelled(_("Cancelled."))
    return digest.hexdigest()


def _open_in_place(path: Path, data_key: bytes) -> sqlcipher3.Connection:
    """The backup's database read where it lies: read-only and immutable, so SQLite neither locks
    the file nor creates a -wal or -shm beside it."""
    uri = "file:" + _uri_path(path) + "?mode=ro&immutable=1"
    conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database.DatabaseError:
        conn.close()
        raise
    return conn


def _uri_path(path: Path) -> str:
    return quote(str(Path(path).resolve()), safe="/:")


_PAGE_NUMBER = re.compile(r"page (\d+)")


def _page_problems(conn: sqlcipher3.Connection, page_count: int) -> list[str]:
    """SQLCipher's HMAC check of every page of the database member; the members after it show up
    as one more short "page" to SQLCipher and are not part of the database."""
    problems = []
    for (message,) in conn.execute("PRAGMA cipher_integrity_check"):
        match = _PAGE_NUMBER.search(message)
        if match and int(match[1]) > page_count:
            continue
        problems.append(message)
    return problems


def _tables(conn: sqlcipher3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def counts(conn: sqlcipher3.Connection) -> dict[str, int]:
    """What a database holds, for the manifest and the comparison after a restore."""
    tables = _tables(conn)
    live = conn.execute("SELECT count(*) FROM customers WHERE deleted_at IS NULL").fetchone()[0]
    every = conn.execute("SELECT count(*) FROM customers").fetchone()[0]  # an index scan, unlike IS NOT NULL
    result = {
        "customers": live,
        "deleted_customers": every - live,
        "users": conn.execute("SELECT count(*) FROM users").fetchone()[0],
        "audit_entries": conn.execute("SELECT count(*) FROM audit").fetchone()[0],
    }
    for table in ("consents", "fields", "roles"):
        if table in tables:
            result[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return result


def verify(
    backup: BackupFile,
    unlocked: Unlocked,
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> VerifyReport:
    """Every check a backup gets before it is trusted: the manifest's HMAC, each member's SHA-256,
    every database page's HMAC, the key slots, the counts and the audit chain with its checkpoints.
    Raises DamagedBackupError naming the first thing that is wrong."""
    path, manifest = backup.path, backup.manifest
    if not manifest.authentic(unlocked.data_key):
        if backup.key_file().vault_id != manifest.vault_id:
            raise DamagedBackupError(_another_vault(backup))
        raise DamagedBackupError(
            _("{file} was changed after it was made (its manifest does not match its signature).").format(
                file=path.name
            )
        )
    for name in MEMBERS:
        if name not in manifest.members or manifest.members[name].get("size") != backup.index[name][1]:
            raise DamagedBackupError(
                _("{file} was changed after it was made ({member} is not the one it was made with).").format(
                    file=path.name, member=name
                )
            )
    total = manifest.page_count
    if progress:
        progress(0, total, _("Checking every page…"))
    # The SHA-256 of the large member and SQLCipher's page check both read the whole database;
    # they run side by side (hashlib and SQLite release the GIL), each at disk or cache speed.
    hashes_found: dict[str, str] = {}
    failure: list[BaseException] = []

    def hash_members() -> None:
        try:
            for name in MEMBERS:
                offset, size = backup.index[name]
                hashes_found[name] = _hash_range(path, offset, size, should_cancel)
        except BaseException as exc:  # reported on the calling thread
            failure.append(exc)

    hasher = threading.Thread(target=hash_members, name="backup-hash")
    hasher.start()
    try:
        try:
            conn = _open_in_place(path, unlocked.data_key)
        except database.DatabaseError:
            raise DamagedBackupError(
                _("{file} is damaged: its database does not open with its key.").format(file=path.name)
            ) from None
        try:
            problems = _page_problems(conn, total)
            if problems:
                raise DamagedBackupError(
                    _("{file} is damaged: {problem} ({count} problem(s) found).").format(
                        file=path.name, problem=problems[0], count=len(problems)
                    )
                )
            if progress:
                progress(total, total, _("Checking the audit log…"))
            found = counts(conn)
            if {k: found.get(k) for k in manifest.counts} != manifest.counts:
                raise DamagedBackupError(
                    _("{file} does not hold what its manifest says (counts differ).").format(file=path.name)
                )
            if database.schema_version(conn) != manifest.schema_version:
                raise DamagedBackupError(
                    _("{file} does not hold what its manifest says (schema differs).").format(file=path.name)
                )
            keys = backup.key_file()
            log = audit_mod.AuditLog(conn, audit_mod.derive_audit_key(unlocked.data_key))
            anchor = anchor_mod.parse(backup.read_member(anchor_mod.ANCHOR_FILE), keys.vault_id)
            slots = [(s.id, s.user or "recovery-code", s.anchored is True) for s in keys.slots]
            report = audit_mod.verify_with_anchor(log, anchor, keys.vault_id, slots, None)
            if not report.ok:
                raise DamagedBackupError(
                    _("{file}: {problem}").format(file=path.name, problem=report.message())
                )
        except database.DatabaseError as exc:
            raise DamagedBackupError(
                _("{file} is damaged ({problem}).").format(file=path.name, problem=exc)
            ) from None
        finally:
            conn.close()
    finally:
        hasher.join()
    if failure:
        if isinstance(failure[0], KnownError):
            raise failure[0]
        if isinstance(failure[0], EOFError):
            raise _cut_short(path)
        raise failure[0]
    for name in MEMBERS:
        if not hmac.compare_digest(hashes_found[name], str(manifest.members[name].get("sha256", ""))):
            raise DamagedBackupError(
                _(
                    "{file} was changed or damaged after it was made ({member} does not match its SHA-256)."
                ).format(file=path.name, member=name)
            )
    return VerifyReport(path, manifest, unlocked.how, total, report.entries, report.checkpoints, keys.users())


# ------------------------------------------------------------------------------ making a backup


@dataclass(frozen=True)
class CreatedBackup:
    path: Path
    report: VerifyReport
    seconds: float

    @property
    def manifest(self) -> Manifest:
        return self.report.manifest

    def as_dict(self) -> dict[str, Any]:
        return {**self.report.as_dict(), "seconds": round(self.seconds, 3), "size": self.path.stat().st_size}


def default_name(moment: datetime | None = None) -> str:
    stamp = (moment or _now()).astimezone().strftime("%Y-%m-%d_%H%M%S")
    return f"custos-{stamp}{SUFFIX}"


def _writer_lock(fh) -> None:
    if fcntl is not None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files that a killed backup left in ``folder`` (never one still being written)."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            if not (entry.name.startswith(".") and entry.name.endswith(SUFFIX + TEMP_SUFFIX)):
                continue
            try:
                with open(entry, "rb") as fh:
                    if fcntl is not None:
                        try:
                            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                        except OSError:
                            continue  # its writer is alive
                    elif _now().timestamp() - os.fstat(fh.fileno()).st_mtime < STALE_TEMP_SECONDS:
                        continue
                    entry.unlink()
                    removed.append(entry)
            except OSError:
                continue
    return removed


def _write_problem(exc: BaseException, folder: Path) -> KnownError:
    """A disk-full or drive-removed failure as a message a person can act on."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or "full" in text:
        return KnownError(
            _(
                "The backup drive {folder} is full (or cannot hold a file this large): the backup was "
                "not made and nothing was left behind. Free some space or choose another drive; earlier "
                "backups are untouched."
            ).format(folder=folder)
        )
    return KnownError(
        _(
            "The backup could not be written to {folder} ({problem}); was the drive removed? The backup "
            "was not made and nothing was left behind; earlier backups are untouched."
        ).format(folder=folder, problem=getattr(exc, "strerror", None) or exc)
    )


class _WalPages:
    """The committed WAL frames of one snapshot, copied while no writer could add any: for each
    page, the image of its newest frame up to the snapshot's last commit. Small WALs are held in
    memory; a large one (after a bulk load) is spilled to an anonymous temporary file."""

    IN_MEMORY = 64 * 1024 * 1024

    def __init__(self) -> None:
        self.pages: dict[int, bytes | int] = {}
        self.spill: Any = None
        self.page_size = 0

    @classmethod
    def read(cls, wal_path: Path) -> _WalPages:
        found = cls()
        if not wal_path.exists():  # no WAL: every page is in vault.db (it cannot vanish: we hold it open)
            return found
        with open(wal_path, "rb") as fh:
            header = fh.read(wal_mod.HEADER_SIZE)
            if len(header) < wal_mod.HEADER_SIZE:
                return found
            magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", header)
            if magic not in (wal_mod.MAGIC_LE, wal_mod.MAGIC_BE):
                return found
            big_endian = magic == wal_mod.MAGIC_BE
            frame_size = wal_mod.FRAME_HEADER_SIZE + page_size
            frames = []  # (page, commit, offset, stored checksum) of the current generation
            offset = wal_mod.HEADER_SIZE
            while True:
                fh.seek(offset)
                head = fh.read(wal_mod.FRAME_HEADER_SIZE)
                if len(head) < wal_mod.FRAME_HEADER_SIZE:
                    break
                page, commit, f1, f2, k1, k2 = struct.unpack(">6I", head)
                if (f1, f2) != (salt1, salt2):
                    break  # an older generation's frames follow: not part of the log
                frames.append((page, commit, offset, (k1, k2), head))
                offset += frame_size
            last = cls._last_commit(fh, frames, (c1, c2), big_endian, page_size)
            found.page_size = page_size
            latest: dict[int, int] = {}
            for page, _commit, frame_offset, _sum, _head in frames[:last]:
                latest[page] = frame_offset + wal_mod.FRAME_HEADER_SIZE
            if len(latest) * page_size > cls.IN_MEMORY:
                found.spill = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            for page, data_offset in latest.items():
                fh.seek(data_offset)
                data = fh.read(page_size)
                if found.spill is not None:
                    found.pages[page] = found.spill.tell()
                    found.spill.write(data)
                else:
                    found.pages[page] = data
        return found

    @staticmethod
    def _last_commit(fh, frames: list, header_sum: tuple[int, int], big_endian: bool, page_size: int) -> int:
        """How many frames the snapshot holds: up to the last commit frame whose checksum holds
        (a commit frame torn by a crash, and never read by SQLite, ends the log before it)."""
        for index in range(len(frames) - 1, -1, -1):
            _page, commit, offset, stored, head = frames[index]
            if not commit:
                continue
            previous = frames[index - 1][3] if index else header_sum
            fh.seek(offset + wal_mod.FRAME_HEADER_SIZE)
            s0, s1 = wal_mod._checksum(head[:8], big_endian, *previous)
            if wal_mod._checksum(fh.read(page_size), big_endian, s0, s1) == stored:
                return index + 1
        return 0

    def image(self, page: int) -> bytes | None:
        where = self.pages.get(page)
        if where is None or isinstance(where, bytes):
            return where
        self.spill.seek(where)
        return self.spill.read(self.page_size)

    def close(self) -> None:
        if self.spill is not None:
            self.spill.close()


def _snapshot_start(
    vault: Vault, data_key: bytes
) -> tuple[sqlcipher3.Connection, _WalPages, bytes, str, dict[str, Any]]:
    """Pin a snapshot of the database for a raw copy, with the key slots and checkpoints that match it.

    For a moment no writer may commit (a write lock is held, waiting for a running import): a
    read transaction then starts at the newest commit, and the WAL frames up to that commit are
    copied. From then on the pages the snapshot takes from vault.db itself cannot change: SQLite
    copies WAL frames into the file (a checkpoint) only up to the oldest reader's snapshot, and
    those pages come from the frames copied here. Writers go on as soon as the lock is released.

    Under the checkpoint file's lock too, so the checkpoints copied describe only entries the
    snapshot holds, and every slot in the snapshot already has its checkpoint.
    """
    db_path = vault.folder / VAULT_DB
    source = database.connect(db_path, data_key)
    gate = database.connect(db_path, data_key)
    try:
        gate.execute(f"PRAGMA busy_timeout = {WRITE_LOCK_WAIT_MS}")
        with anchor_mod.folder_lock(vault.folder):
            try:
                anchor_bytes = (vault.folder / anchor_mod.ANCHOR_FILE).read_bytes()
            except FileNotFoundError:
                anchor_bytes = b""
            gate.execute("BEGIN IMMEDIATE")
            try:
                source.execute("BEGIN")
                facts: dict[str, Any] = {"schema": database.schema_version(source)}  # the first read pins it
                frames = _WalPages.read(db_path.with_name(db_path.name + "-wal"))
            finally:
                gate.execute("ROLLBACK")
            row = None
            if "key_file" in _tables(source):
                row = source.execute("SELECT content FROM key_file WHERE id = 1").fetchone()
            keys_text = row[0] if row else (vault.folder / VAULT_KEYS).read_text("utf-8")
        facts["page_count"] = int(source.execute("PRAGMA page_count").fetchone()[0])
        facts["page_size"] = int(source.execute("PRAGMA page_size").fetchone()[0])
        if frames.page_size and frames.page_size != facts["page_size"]:
            raise database.DatabaseError("the WAL's page size differs from the database's")
        facts["counts"] = counts(source)
        business = source.execute("SELECT value FROM meta WHERE key = 'business_name'").fetchone()
        facts["business_name"] = business[0] if business else ""
    except BaseException:
        source.close()
        raise
    finally:
        gate.close()
    return source, frames, anchor_bytes, keys_text, facts


def create(
    vault: Vault,
    actor: Actor,
    folder: Path,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    scheduled: bool = False,
) -> CreatedBackup:
    """Make, verify and record a backup of ``vault`` in ``folder``. Needs the 'backup' permission.

    Other users may keep working meanwhile. Raises a KnownError (full disk, drive removed,
    cancelled) with nothing left behind; earlier backups in the folder are never touched.
    """
    from app import backup_log  # records live in the vault; that module reads them

    access_mod.require(vault, actor, "backup")
    started = _now()
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise KnownError(
            _(
                "The backup folder {folder} does not exist or is not a folder (is the drive connected?)."
            ).format(folder=folder)
        )
    remove_stale_temporaries(folder)
    name = name or default_name(started)
    if not name.endswith(SUFFIX):
        name += SUFFIX
    final = folder / name
    counter = 1
    while final.exists():
        counter += 1
        final = folder / name.replace(SUFFIX, f"-{counter}{SUFFIX}")
    temp = folder / f".{final.name}{TEMP_SUFFIX}"
    data_key = vault.data_key_for_copies()
    clock = time.perf_counter
    t0 = clock()
    try:
        try:
            fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        except OSError as exc:
            raise _write_problem(exc, folder) from None
        with os.fdopen(fd, "r+b") as holder:
            _writer_lock(holder)  # released when closed, i.e. also when the process dies
            try:
                manifest = _write(vault, actor, temp, data_key, started, progress, should_cancel)
                holder.flush()
                os.fsync(holder.fileno())
            except OSError as exc:
                raise _write_problem(exc, folder) from None
            except database.DatabaseError as exc:
                raise KnownError(
                    _(
                        "The vault could not be read for the backup ({problem}); nothing was left behind."
                    ).format(problem=exc)
                ) from None
            faults.step("backup.written")
            backup = open_backup(temp)
            report = verify(
                backup,
                Unlocked({"data": data_key}, _("this vault's data key"), None),
                progress=progress,
                should_cancel=should_cancel,
            )
            if final.exists():  # another backup took the name meanwhile: never replace it
                raise KnownError(
                    _("{file} appeared while the backup was made; try again.").format(file=final.name)
                )
            try:
                os.replace(temp, final)
                _sync_folder(folder)
            except OSError as exc:
                raise _write_problem(exc, folder) from None
        faults.step("backup.renamed")
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, KnownError) and not isinstance(exc, BackupCancelled):  # a cancel is no failure
            with contextlib.suppress(Exception):
                backup_log.record_failure(vault, actor, "backup", final, str(exc), scheduled=scheduled)
        raise
    report = VerifyReport(
        final,
        manifest,
        report.opened_with,
        report.pages,
        report.audit_entries,
        report.audit_checkpoints,
        report.users,
    )
    created = CreatedBackup(final, report, clock() - t0)
    backup_log.record_backup(vault, actor, created, scheduled=scheduled)
    return created


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reserve(temp: Path, size: int) -> None:
    """Try the space first: a drive that is full, or cannot hold a file this large (FAT32, a
    file-size limit), says so at once with its own error instead of as an I/O error deep inside
    SQLite. Given back at once: SQLite must start from an empty file."""
    if not hasattr(os, "posix_fallocate"):
        return
    fd = os.open(temp, os.O_RDWR)
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise
    finally:
        os.ftruncate(fd, 0)
        os.close(fd)


def _write(
    vault: Vault,
    actor: Actor,
    temp: Path,
    data_key: bytes,
    started: datetime,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> Manifest:
    source, frames, anchor_bytes, keys_text, facts = _snapshot_start(vault, data_key)
    total, page_size = facts["page_count"], facts["page_size"]
    db_size = total * page_size
    digest = hashlib.sha256()
    try:
        _reserve(temp, db_size + 1024 * 1024)
        pages_per_chunk = CHUNK // page_size
        with open(vault.folder / VAULT_DB, "rb") as db, open(temp, "r+b") as out:
            for first in range(1, total + 1, pages_per_chunk):
                count = min(pages_per_chunk, total - first + 1)
                db.seek((first - 1) * page_size)
                chunk = bytearray(db.read(count * page_size))
                chunk.extend(bytes(count * page_size - len(chunk)))  # pages only in the WAL so far
                for page in range(first, first + count):
                    image = frames.image(page)
                    if image is not None:
                        at = (page - first) * page_size
                        chunk[at : at + page_size] = image
                digest.update(chunk)
                out.write(chunk)
                faults.step("backup.pages")
                if should_cancel is not None and should_cancel():
                    raise BackupCancelled(_("The backup was cancelled; nothing was left behind."))
                if progress:
                    progress(first + count - 1, total, _("Copying the database…"))
            out.flush()
            os.fsync(out.fileno())
    finally:
        frames.close()
        with contextlib.suppress(Exception):
            source.execute("COMMIT")
        source.close()
    keys_bytes = keys_text.encode("utf-8")
    members = {
        VAULT_DB: {"size": db_size, "sha256": digest.hexdigest()},
        VAULT_KEYS: {"size": len(keys_bytes), "sha256": hashlib.sha256(keys_bytes).hexdigest()},
        anchor_mod.ANCHOR_FILE: {
            "size": len(anchor_bytes),
            "sha256": hashlib.sha256(anchor_bytes).hexdigest(),
        },
    }
    manifest = Manifest(
        vault_id=KeyFile.from_text(keys_text).vault_id,
        created_at=started.isoformat(timespec="milliseconds"),
        created_by=actor.user,
        business_name=facts["business_name"],
        app_version=app_version(),
        schema_version=facts["schema"],
        page_size=facts["page_size"],
        page_count=facts["page_count"],
        counts=facts["counts"],
        members=members,
    )
    manifest = Manifest(**{**asdict(manifest), "hmac": _sign(manifest.body(), data_key)})
    manifest_bytes = json.dumps(manifest.as_dict(), ensure_ascii=False, indent=1).encode("utf-8")
    with open(temp, "r+b") as fh:
        fh.seek(db_size)
        index: dict[str, list[int]] = {VAULT_DB: [0, db_size]}
        for member, data in (
            (VAULT_KEYS, keys_bytes),
            (anchor_mod.ANCHOR_FILE, anchor_bytes),
            (MANIFEST, manifest_bytes),
        ):
            index[member] = [fh.tell(), len(data)]
            fh.write(data)
        index_bytes = json.dumps(index).encode("utf-8")
        index_offset = fh.tell()
        fh.write(index_bytes)
        fh.write(FOOTER.pack(MAGIC, FORMAT, index_offset, len(index_bytes)))
        fh.flush()
        os.fsync(fh.fileno())
    return manifest


# ------------------------------------------------------------------------------ listing


@dataclass(frozen=True)
class Listed:
    """A backup file found in a folder, as its (unauthenticated) manifest describes it."""

    path: Path
    size: int
    manifest: Manifest | None
    problem: str = ""

    @property
    def created(self) -> datetime:
        if self.manifest is not None:
            return self.manifest.created()
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": str(self.path), "size": self.size, "problem": self.problem}
        if self.manifest is not None:
            data.update(
                created_at=self.manifest.created_at,
                created_by=self.manifest.created_by,
                vault_id=self.manifest.vault_id,
                schema_version=self.manifest.schema_version,
                counts=self.manifest.counts,
            )
        return data


def list_backups(folder: Path, vault_id: str | None = None) -> list[Listed]:
    """The backups in ``folder``, newest first (only ``vault_id``'s when given; damaged ones too)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    remove_stale_temporaries(folder)
    found = []
    for entry in folder.iterdir():
        if entry.name.startswith(".") or not entry.name.endswith(SUFFIX) or not entry.is_file():
            continue
        try:
            backup = open_backup(entry)
        except KnownError as exc:
            found.append(Listed(entry, entry.stat().st_size, None, str(exc)))
            continue
        if vault_id is None or backup.vault_id == vault_id:
            found.append(Listed(entry, backup.size, backup.manifest))
    found.sort(key=lambda item: (item.created, item.path.name), reverse=True)
    return found
