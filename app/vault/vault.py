"""Creating, unlocking and locking a vault; key-slot operations.

A vault is a folder holding ``vault.db`` (SQLCipher, encrypted with a random 256-bit data
key) and ``vault.keys`` (the key slots that wrap the data key; see keyslots.py). An unlocked
``Vault`` holds the data key in memory and hands out one SQLCipher connection per thread.
``lock()`` closes them all and forgets the key.
"""

from __future__ import annotations

import contextlib
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import sqlcipher3

from app import access as access_mod
from app import anchor as anchor_mod
from app import audit as audit_mod
from app import faults, files
from app import pinyin as pinyin_mod
from app import search as search_mod
from app import sensitive as sensitive_mod
from app.access import Actor
from app.errors import (
    DamagedVaultError,
    KnownError,
    NotAVaultError,
    PermissionDeniedError,
    UnknownUserError,
    VaultExistsError,
    VaultLockedError,
    WrongPasswordError,
)
from app.i18n import _, ngettext
from app.passwords import check_password_policy
from app.vault import autosignin, database, wal
from app.vault.keyslots import (
    DEFAULT_KDF,
    PENDING_RECOVERY,
    RECOVERY,
    USER,
    KdfParams,
    KeyFile,
    Slot,
    new_recovery_code,
    new_slot,
    normalize_recovery_code,
)
from app.vault.throttle import THROTTLE_FILE, Pending, SigninThrottle

VAULT_DB = "vault.db"
VAULT_KEYS = "vault.keys"
RECOVERY_ACTOR = "recovery-code"
INTEGRITY_CHECK_AT_UNLOCK_MAX_BYTES = 128 * 1024 * 1024  # ~0.4 s of page checks at most
SENSITIVE_SCHEMA = 4  # the schema that brings roles and the sensitive-field key


def default_vault_folder() -> Path:
    """Where a new vault goes unless the user picks another folder: the user's own data folder.

    Linux ``~/.local/share/Custos/vault`` (``$XDG_DATA_HOME``), macOS ``~/Library/Application
    Support/Custos/vault``, Windows ``%LOCALAPPDATA%\\Custos\\vault`` — the local, not the roaming,
    profile: a roaming profile copies its files at every sign-in and sign-out, which for a live
    SQLCipher database means slow logons and, with two PCs, one copy silently overwriting the
    other. No vendor folder (``appauthor=False``): the installers and the docs name this path.
    """
    dirs = platformdirs.PlatformDirs("Custos", appauthor=False, roaming=False)
    return Path(dirs.user_data_dir) / "vault"


def vault_users(folder: Path) -> list[str]:
    """User names with a key slot, for the sign-in dialog (readable without unlocking)."""
    folder = Path(folder)
    _finish_interrupted_restore(folder)
    _check_folder(folder)
    return _load_keys(folder).users()


def is_vault(folder: Path) -> bool:
    return (Path(folder) / VAULT_KEYS).is_file() or (Path(folder) / VAULT_DB).is_file()


def discard_new_vault(vault: Vault, *, remove_folder: bool) -> None:
    """Undo ``Vault.create`` when set-up is cancelled before anyone saw the recovery code.

    Locks the vault and deletes the files ``create`` (and a first sign-in) wrote, then the
    folder itself when ``remove_folder`` is true and it is empty. Only for a vault made
    moments ago in this session: nothing else in Custos deletes vault files.
    """
    folder = vault.folder
    vault.lock()
    for name in (
        VAULT_KEYS,
        VAULT_DB,
        VAULT_DB + "-wal",
        VAULT_DB + "-shm",
        THROTTLE_FILE,
        anchor_mod.ANCHOR_FILE,
    ):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if remove_folder:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty: never removes anything else


def _finish_interrupted_restore(folder: Path) -> None:
    """A restore that replaced this vault and was cut short is finished (or its leftovers
    removed) before anything reads the folder: see app/restore.py."""
    from app import restore

    restore.recover(folder)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise NotAVaultError(_("There is no vault at {path}: the folder does not exist.").format(path=folder))
    if not folder.is_dir():
        raise NotAVaultError(_("{path} is a file, not a vault folder.").format(path=folder))
    has_db, has_keys = (folder / VAULT_DB).is_file(), (folder / VAULT_KEYS).is_file()
    if not has_db and not has_keys:
        raise NotAVaultError(
            _("{path} is not a Custos vault (it has no vault.db or vault.keys).").format(path=folder)
        )
    if not has_keys:
        raise DamagedVaultError(
            _(
                "vault.keys is missing from {path}. Without it the data cannot be decrypted: restore "
                "vault.keys (or the whole vault) from a backup."
            ).format(path=folder)
        )
    if not has_db:
        raise DamagedVaultError(
            _("vault.db is missing from {path}. Restore the vault from a backup.").format(path=folder)
        )


def _load_keys(folder: Path) -> KeyFile:
    return KeyFile.load(folder / VAULT_KEYS)


def _has_key_file_table(conn: sqlcipher3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_file'").fetchone()
        is not None
    )


def _key_file_row(conn: sqlcipher3.Connection) -> tuple[int, str] | None:
    """(generation, content) of the database's copy of vault.keys, if it has one."""
    if not _has_key_file_table(conn):
        return None
    return conn.execute("SELECT generation, content FROM key_file WHERE id = 1").fetchone()


class Vault:
    """An unlocked vault. Construct with ``create``, ``unlock``, ``unlock_with_recovery_code``
    or ``unlock_automatically``."""

    def __init__(self, folder: Path, keys: KeyFile, secrets: dict[str, bytes], user: str | None) -> None:
        self.folder = Path(folder)
        self._keys = keys
        self._secrets: dict[str, bytes] | None = dict(secrets)
        self._user = user
        self._local = threading.local()
        self._connections: list[sqlcipher3.Connection] = []
        self._conn_lock = threading.Lock()
        self._integrity_checked = False
        # Set once a sign-in has finished: only then does locking evaluate the alert rules (a
        # refused sign-in must not open the database, e.g. over a damaged WAL kept as evidence).
        self._signed_in = False
        # Checkpoint signing (app/anchor.py): the signed-in slot's signer, signers for key
        # pairs this session made for other slots (with the X25519 public key they belong
        # to), and what the sign-in found wrong with this user's own checkpoint.
        self._signer: anchor_mod.Signer | None = None
        self._pending_signers: list[tuple[anchor_mod.Signer, str]] = []
        # The head last signed, and by which slots: a transaction that appends many
        # administrative entries (a field-pack merge) runs one after-commit callback per entry,
        # and all of them would sign (and fsync audit.anchor for) the same head.
        self._last_signed: tuple | None = None
        self._own_findings: list[str] = []
        # The signed-in slot's id and key, while unlocked: a backup made with the same password
        # opens through its own copy of this slot without asking for the password again.
        self._slot_key: tuple[str, bytes] | None = None
        # Derived data that is costly to recompute (e.g. list anchors). It holds customer
        # sort keys, so it is cleared on lock like everything else.
        self.cache: dict = {}

    # --------------------------------------------------------------------- construction

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        owner: str,
        password: str,
        business_name: str = "",
        kdf: KdfParams | None = None,
        schema_version: int | None = None,
    ) -> tuple[Vault, str]:
        """Make a new vault; returns it unlocked as the owner, and the recovery code to show once.

        ``schema_version`` exists so tests can build a vault at an older schema.
        """
        folder = Path(folder)
        owner = owner.strip()
        if not owner:
            raise KnownError(_("The owner needs a name."))
        # The owner can manage users: the stricter rule, told the names an attacker tries first.
        check_password_policy(password, manages_users=True, user_inputs=(owner, business_name))
        if is_vault(folder):
            raise VaultExistsError(
                _("{path} already holds a vault; choose another folder.").format(path=folder)
            )
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise KnownError(
                _("Cannot create the vault folder {path}: {problem}.").format(
                    path=folder, problem=exc.strerror
                )
            ) from None
        if any(folder.iterdir()):
            raise VaultExistsError(
                _("{path} is not empty; choose an empty or new folder for the vault.").format(path=folder)
            )
        params = kdf or DEFAULT_KDF
        keys = KeyFile.new()
        # The owner's role sees sensitive fields, so the sensitive-field key exists from the start.
        secrets = {"data": os.urandom(32), "sensitive": os.urandom(32)}
        recovery_code = new_recovery_code()
        owner_slot, owner_kek = new_slot(keys.vault_id, USER, owner, password, secrets, params)
        recovery_slot, recovery_kek = new_slot(keys.vault_id, RECOVERY, None, recovery_code, secrets, params)
        keys.slots = [owner_slot, recovery_slot]
        try:
            vault = cls(folder, keys, secrets, owner)
            vault._slot_key = (owner_slot.id, owner_kek)
            files.restrict_to_owner(folder)
            files.create_private(folder / VAULT_DB)  # SQLite gives -wal and -shm its mode
            conn = vault.connection(migrate_to=schema_version or database.SCHEMA_VERSION)
            with database.transaction(conn):
                if database.schema_version(conn) >= SENSITIVE_SCHEMA:
                    conn.execute("UPDATE meta SET value = 'ready' WHERE key = 'sensitive_state'")
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("vault_id", keys.vault_id),
                        ("business_name", business_name.strip()),
                        ("created_at", keys.created_at),
                    ],
                )
                conn.execute(
                    "INSERT INTO users (name, role, created_at, created_by) VALUES (?, 'owner', ?, ?)",
                    (owner, _now(), owner),
                )
                vault.audit().append(
                    owner, "vault.create", keys.vault_id, {"business": business_name.strip()}
                )
                if _has_key_file_table(conn):
                    keys.generation = 1
                    conn.execute(
                        "INSERT INTO key_file (id, generation, content) VALUES (1, 1, ?)", (keys.to_text(),)
                    )
            # Both slots sign checkpoints from the first entry on; the anchor is written
            # before vault.keys, so no slot ever exists without its checkpoint.
            vault._signer = anchor_mod.Signer(
                owner_slot.id, owner, owner_slot.signing_seed(keys.vault_id, owner_kek)
            )
            vault._new_key_pair(recovery_slot, recovery_kek)
            # vault.keys last: a folder without it is not mistaken for a usable vault.
            keys.save(folder / VAULT_KEYS)
        except OSError as exc:
            with contextlib.suppress(Exception):
                vault.lock()
            for name in (VAULT_DB, VAULT_DB + "-wal", VAULT_DB + "-shm", VAULT_KEYS, anchor_mod.ANCHOR_FILE):
                with contextlib.suppress(OSError):
                    (folder / name).unlink()
            raise KnownError(
                _("Could not write the vault to {path}: {problem}.").format(
                    path=folder, problem=exc.strerror or exc
                )
            ) from None
        return vault, recovery_code

    @classmethod
    def unlock(cls, folder: Path, user: str, password: str) -> Vault:
        """Unwrap ``user``'s slot with ``password`` and open the database."""
        folder = Path(folder)
        _finish_interrupted_restore(folder)
        _check_folder(folder)
        keys = _load_keys(folder)
        throttle = SigninThrottle.for_vault(folder)
        throttle.check(user)
        slot = keys.user_slot(user)
        if slot is None:
            # Kept for the failed-sign-ins rule (someone trying names), bounded: see throttle.py.
            throttle.record_failure(user, unknown=True)
            raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
        kek = slot.derive(password)
        try:
            secrets = slot.open(keys.vault_id, kek)
        except WrongPasswordError:
            wait = throttle.record_failure(slot.user or user)
            hint = (
                ngettext(
                    " Wait {count} second before the next try.",
                    " Wait {count} seconds before the next try.",
                    int(wait),
                ).format(count=int(wait))
                if wait
                else ""
            )
            raise WrongPasswordError(
                _("Wrong password for {user}. Nothing was changed.").format(user=slot.user) + hint
            ) from None
        return cls._open(folder, keys, secrets, slot.user, throttle, slot, kek)

    @classmethod
    def unlock_with_recovery_code(cls, folder: Path, code: str) -> Vault:
        """Open with the emergency-kit code; the caller then resets a password.

        A replacement code not yet confirmed (see ``start_recovery_code_replacement``) opens
        too: it may have been shown and written down before the replacement was cut short.
        """
        folder = Path(folder)
        _finish_interrupted_restore(folder)
        _check_folder(folder)
        keys = _load_keys(folder)
        throttle = SigninThrottle.for_vault(folder)
        throttle.check(RECOVERY_ACTOR)
        slots = [s for s in (keys.recovery_slot(), keys.pending_recovery_slot()) if s is not None]
        if not slots:
            raise DamagedVaultError(_("This vault has no recovery slot."))
        typed = normalize_recovery_code(code)
        for slot in slots:
            kek = slot.derive(typed)
            try:
                secrets = slot.open(keys.vault_id, kek)
            except WrongPasswordError:
                continue
            return cls._open(folder, keys, secrets, None, throttle, slot, kek)
        throttle.record_failure(RECOVERY_ACTOR)
        raise WrongPasswordError(_("That recovery code is not right for this vault."))

    @classmethod
    def unlock_automatically(cls, folder: Path, user: str) -> Vault:
        """Sign in with the slot key saved in the OS keyring ("sign in automatically")."""
        folder = Path(folder)
        _finish_interrupted_restore(folder)
        _check_folder(folder)
        keys = _load_keys(folder)
        slot = keys.user_slot(user)
        if slot is None:
            raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
        slot_key = autosignin.load(keys.vault_id, slot.user or user)
        if slot_key is None:
            raise WrongPasswordError(_("Automatic sign-in is not set up for this user on this PC."))
        try:
            secrets = slot.open(keys.vault_id, slot_key)
        except WrongPasswordError:
            autosignin.forget(keys.vault_id, slot.user or user)
            raise WrongPasswordError(
                _("The saved sign-in no longer works (the password was changed). Enter your password.")
            ) from None
        return cls._open(folder, keys, secrets, slot.user, SigninThrottle.for_vault(folder), slot, slot_key)

    @classmethod
    def _open(
        cls,
        folder: Path,
        keys: KeyFile,
        secrets: dict[str, bytes],
        user: str | None,
        throttle: SigninThrottle,
        slot: Slot,
        kek: bytes,
        *,
        repaired: bool = False,
    ) -> Vault:
        if "data" not in secrets:
            # A disabled user's slot is sealed empty: it opens, but holds no key at all.
            raise PermissionDeniedError(
                _("The account {user} is disabled. Ask the owner to enable it.").format(user=user)
            )
        vault = cls(folder, keys, secrets, user)
        vault._slot_key = (slot.id, kek)
        files.restrict_to_owner(folder)  # a vault from before private files: tightened now
        try:
            # Before SQLite reads the WAL: its recovery would drop frames after damage silently.
            wal.check(folder / VAULT_DB)
            rotated = vault._finish_interrupted_rotation()
            conn = vault.connection()
            actor_name = user or RECOVERY_ACTOR
            newer = None if repaired else vault._repair_key_file(conn, actor_name)
            if newer is not None:
                # vault.keys was behind the database (a change cut short after its commit):
                # sign in again against the repaired slots, which may no longer open with
                # this password (reset), may be gone (removed) or carry less (disabled, demoted).
                vault.lock()
                slot, secrets = cls._reopen(newer, slot, kek, user)
                return cls._open(folder, newer, secrets, user, throttle, slot, kek, repaired=True)
            if user is not None:
                row = conn.execute("SELECT status FROM users WHERE name = ?", (user,)).fetchone()
                if row is None:
                    raise DamagedVaultError(
                        _("The key slot for {user} has no matching user record.").format(user=user)
                    )
                if row[0] != "active":
                    raise PermissionDeniedError(
                        _("The account {user} is disabled. Ask the owner to enable it.").format(user=user)
                    )
            if rotated:
                vault._finish_interrupted_sensitive_move(conn)
                vault.sync_key_slots()
            failures = throttle.pending()
            with database.transaction(conn):
                audit = vault.audit()
                vault._audit_failed_signins(conn, failures, actor_name)
                audit.append(
                    actor_name,
                    "signin",
                    actor_name,
                    {"method": "recovery-code" if user is None else "password-or-keyring"},
                )
                if vault.meta("sensitive_state") == "pending" and vault._may_hold_sensitive():
                    vault._upgrade_sensitive(actor_name)
                if vault.meta("pinyin_state") == "pending":
                    vault._upgrade_pinyin(actor_name)
            # Only now, with their entries committed: a crash before this leaves them pending,
            # and the next sign-in skips those already in the log.
            faults.step("signin.failures_audited")  # in the log; signin.json not yet updated
            throttle.record_success(actor_name)
            throttle.forget(failures)
            vault._restore_deferred_indexes(conn)
            from app import erasure  # erasure needs the vault package: imported late

            erasure.at_signin(vault)
            vault._begin_checkpoints(slot, kek)
            from app import restore

            restore.complete_pending(vault)  # the first sign-in into a restored vault records it
            from app import alerts

            alerts.evaluate(vault)  # so owners see at this sign-in what happened since the last
        except database.DatabaseError as exc:
            # A damaged page met while signing in (users, audit): damage, not a bug.
            vault.lock()
            raise DamagedVaultError(
                _("vault.db is damaged ({problem}). Restore it from a backup.").format(problem=exc)
            ) from None
        except BaseException:
            vault.lock()
            raise
        vault._signed_in = True
        return vault

    @staticmethod
    def _reopen(keys: KeyFile, old: Slot, kek: bytes, user: str | None) -> tuple[Slot, dict[str, bytes]]:
        """The signed-in slot again, from repaired key slots."""
        slot = next((s for s in keys.slots if s.id == old.id), None)
        if slot is None:
            if user is None:
                raise WrongPasswordError(_("That recovery code is no longer valid for this vault."))
            raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
        try:
            return slot, slot.open(keys.vault_id, kek)
        except WrongPasswordError:
            raise WrongPasswordError(
                _("That password is no longer valid: it was changed or reset. Nothing was changed.")
            ) from None

    def _repair_key_file(self, conn: sqlcipher3.Connection, actor_name: str) -> KeyFile | None:
        """Rewrite vault.keys from the database's copy when that is newer; the new slots or None.

        The copy commits with every change of the slots, before the file is written: a file
        behind it means a change was cut short between the two. The repair is audited first,
        so a repair cut short in turn is simply done (and audited) again at the next unlock.
        """
        row = _key_file_row(conn)
        if row is None or row[0] <= self._keys.generation:
            return None
        newer = KeyFile.from_text(row[1], "the database's copy of vault.keys")
        if newer.vault_id != self._keys.vault_id or newer.generation != row[0]:
            raise DamagedVaultError(
                _(
                    "vault.db's copy of the key slots belongs to another vault. "
                    "Restore the vault from a backup."
                )
            )
        with database.transaction(conn):
            self.audit().append(
                actor_name,
                "vault.keys_repaired",
                "",
                {"from_generation": self._keys.generation, "to_generation": newer.generation},
            )
        newer.save(self.folder / VAULT_KEYS)
        return newer

    # --------------------------------------------------------------------- connections

    def _require_unlocked(self) -> dict[str, bytes]:
        if self._secrets is None:
            raise VaultLockedError(_("The vault is locked. Sign in again."))
        return self._secrets

    def connection(self, *, migrate_to: int | None = None) -> sqlcipher3.Connection:
        """This thread's connection, opened, checked and migrated on first use."""
        secrets = self._require_unlocked()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            with self._conn_lock:
                alive = any(c is conn for c in self._connections)
            if alive:
                return conn
            # rotate_data_key closed this thread's connection (it held the old key): reopen.
            self._local.conn = None
        conn = database.connect(self.folder / VAULT_DB, secrets["data"])
        try:
            # before any PRAGMA that writes: a newer vault stays untouched
            if database.check_version(conn) == 0 and migrate_to is None:
                # Only create() starts from an empty database; anywhere else an empty vault.db
                # is a damaged one, and building a fresh schema in it would hide that.
                raise DamagedVaultError(_("vault.db is empty or was replaced. Restore it from a backup."))
            if not self._integrity_checked and self._db_size() <= INTEGRITY_CHECK_AT_UNLOCK_MAX_BYTES:
                # Once per unlock, before anything writes: a damaged page is reported now, as
                # DamagedVaultError, not later as a failure in the middle of someone's work.
                # It reads the whole file (~3 ms/MB), so larger vaults run it on demand
                # (check_integrity) rather than on every sign-in.
                database.check_integrity(conn)
                self._integrity_checked = True
            database.configure(conn)
            database.migrate(conn, migrate_to or database.SCHEMA_VERSION)
        except database.DatabaseError as exc:
            conn.close()
            raise DamagedVaultError(
                _("vault.db is damaged ({problem}). Restore it from a backup.").format(problem=exc)
            ) from None
        except BaseException:
            conn.close()
            raise
        self._local.conn = conn
        with self._conn_lock:
            self._connections.append(conn)
        return conn

    def _db_size(self) -> int:
        try:
            return (self.folder / VAULT_DB).stat().st_size
        except OSError:
            return 0

    def check_integrity(self) -> None:
        """Verify every page's HMAC; DamagedVaultError names the first problem."""
        database.check_integrity(self.connection())
        self._integrity_checked = True

    def check(self, actor: Actor) -> audit_mod.AuditReport:
        """The health check of ``custos check``: every page's HMAC (DamagedVaultError names the
        first bad one), then the audit log against its checkpoints. Needs 'check_vault'."""
        access_mod.require(self, actor, "check_vault")
        wal.check(self.folder / VAULT_DB)
        self.check_integrity()
        return self._audit_report()

    def audit(self) -> audit_mod.AuditLog:
        secrets = self._require_unlocked()
        return audit_mod.AuditLog(
            self.connection(), audit_mod.derive_audit_key(secrets["data"]), on_commit=self._after_audit
        )

    # --------------------------------------------------------------------- audit checkpoints

    def verify_audit(self, actor: Actor) -> audit_mod.AuditReport:
        """The hash chain checked against every signed checkpoint in audit.anchor.

        Needs 'view_audit': the answer tells how many entries the log holds.
        """
        access_mod.require(self, actor, "view_audit")
        return self._audit_report()

    def _audit_report(self) -> audit_mod.AuditReport:
        # vault.keys from disk: another process may have added or re-keyed slots meanwhile.
        slots = [(s.id, s.user or RECOVERY_ACTOR, s.anchored is True) for s in _load_keys(self.folder).slots]
        return audit_mod.verify_with_anchor(
            self.audit(),
            anchor_mod.load(self.folder, self.vault_id),
            self.vault_id,
            slots,
            self._signer,
            self._own_findings,
        )

    def _begin_checkpoints(self, slot: Slot, kek: bytes) -> None:
        """At sign-in: check this user's own checkpoint, then sign the new head.

        A checkpoint that no longer matches the log, or one missing although the slot signs
        checkpoints, is evidence: it is kept as it is (no new checkpoint replaces it) and
        reported by every verification until the vault is restored from a backup.
        """
        signer = anchor_mod.Signer(
            slot.id, slot.user or RECOVERY_ACTOR, slot.signing_seed(self.vault_id, kek)
        )
        log = self.audit()
        current = anchor_mod.load(self.folder, self.vault_id)
        mine = current.for_key(signer.public_key)
        findings = []
        if mine is None and slot.anchored is True and not current.damage:
            findings.append(
                _(
                    "the checkpoint of {user} was removed from {file} or replaced by one signed with "
                    "another key"
                ).format(user=signer.user, file=anchor_mod.ANCHOR_FILE)
            )
        elif mine is not None and (problem := audit_mod.checkpoint_problem(log, mine)):
            findings.append(problem)
        self._signer, self._own_findings = signer, findings
        if findings or current.damage:
            return
        with contextlib.suppress(OSError):
            if not current.exists and not any(s.anchored is True for s in self._keys.slots):
                # A vault from before checkpoints: from this entry on, every sign-in leaves one.
                log.append(signer.user, "audit.checkpoints_started", "", {})  # signs via _after_audit
            else:
                self._checkpoint()
            if slot.anchored is not True and anchor_mod.load(self.folder, self.vault_id).for_key(
                signer.public_key
            ):
                with contextlib.suppress(KnownError, database.DatabaseError):
                    conn = self.connection()
                    with database.transaction(conn):
                        staged = next(s for s in self._keys_in_use().slots if s.id == slot.id)
                        staged.anchor(self.vault_id, kek)

    def _audit_failed_signins(self, conn, failures: list[Pending], signed_in: str) -> None:
        """Write the failed attempts waiting in signin.json into the log (any user's sign-in
        carries everybody's, so the attempts on an account that never gets in are seen too);
        attempts already written — a crash after the commit, before signin.json was updated —
        are not written twice."""
        audit = self.audit()
        for item in failures:
            written = {
                row[0]
                for row in conn.execute(
                    "SELECT json_extract(details, '$.at') FROM audit"
                    " WHERE object = ? AND action = 'signin.failed'",
                    (item.name,),
                )
            }
            for moment in item.moments:
                at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")
                if at in written:
                    continue
                details: dict[str, object] = {"at": at}
                if item.unknown:
                    details["unknown_user"] = True
                if item.key != signed_in.casefold():
                    details["recorded_at_signin_of"] = signed_in
                audit.append(item.name, "signin.failed", item.name, details)
                written.add(at)

    def _after_audit(self, action: str) -> None:
        """After an entry commits: administrative changes are checkpointed at once."""
        if action in ("signin", "signin.failed", "lock") or action.startswith("customer."):
            return
        with contextlib.suppress(OSError, KnownError, database.DatabaseError):
            self._checkpoint()

    def _new_key_pair(self, slot: Slot, kek: bytes) -> None:
        """A slot got a new key pair (new user, reset or changed password, new recovery code).

        Its first checkpoint is written now, before vault.keys is saved, so a slot that signs
        checkpoints never exists on disk without one.
        """
        signer = anchor_mod.Signer(
            slot.id, slot.user or RECOVERY_ACTOR, slot.signing_seed(self.vault_id, kek)
        )
        if self._signer is not None and self._signer.slot == slot.id:
            self._signer = signer
        else:
            self._pending_signers.append((signer, slot.public_key))
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Sign the last *committed* entry for the signed-in slot and any new key pairs."""
        if self._secrets is None:
            return
        current = {s.id: s.public_key for s in self._view().slots}
        self._pending_signers = [(s, pub) for s, pub in self._pending_signers if current.get(s.slot) == pub]
        signers = [signer for signer, _public in self._pending_signers]
        if self._signer is not None and not self._own_findings:
            signers.insert(0, self._signer)
        if not signers:
            return
        conn = self.connection()
        if conn.in_transaction:  # sign what others can see, never a change that may roll back
            conn = database.connect(self.folder / VAULT_DB, self._secrets["data"])
            try:
                self._sign_head(
                    audit_mod.AuditLog(conn, audit_mod.derive_audit_key(self._secrets["data"])), signers
                )
            finally:
                conn.close()
        else:
            self._sign_head(self.audit(), signers)

    def _sign_head(self, log: audit_mod.AuditLog, signers: list[anchor_mod.Signer]) -> None:
        head = log.head()
        signed = (head, tuple((signer.slot, signer.seed) for signer in signers))
        if signed == self._last_signed:
            return
        point = log.point(head[0]) if head and isinstance(head[0], int) else None
        if head is None or point is None or point[0] != head[1]:
            return  # the head does not match its entry: tampered, and not ours to bless
        key_id = log.key_id()

        def change(existing: anchor_mod.Anchor) -> list[anchor_mod.Checkpoint]:
            fresh = []
            for signer in signers:
                old = existing.for_key(signer.public_key)
                if old is not None and audit_mod.checkpoint_problem(log, old):
                    continue  # evidence of tampering: kept, never replaced
                fresh.append(anchor_mod.sign(self.vault_id, signer, head[0], head[1], point[1], key_id))
            return fresh

        anchor_mod.update(self.folder, self.vault_id, change)
        self._last_signed = signed

    def close_thread_connection(self) -> None:
        """Workers call this when they finish so their connection does not outlive them."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            with self._conn_lock:
                if conn in self._connections:
                    self._connections.remove(conn)
            conn.close()

    def _merge_wal(self) -> None:
        """Copy every committed page from the WAL into vault.db and empty the WAL, so that after
        a clean lock no saved change depends on the WAL. Does not wait: when another process
        has the vault open, SQLite refuses and the WAL stays for that process to merge."""
        with self._conn_lock:
            conn = getattr(self._local, "conn", None) or (self._connections[0] if self._connections else None)
        if conn is None or conn.in_transaction:
            return
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _close_all(self) -> None:
        with self._conn_lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def lock(self, *, audit: bool = False) -> None:
        """Close every connection and forget the keys. Safe to call twice."""
        if self._secrets is not None and self._signed_in:
            from app import alerts

            # What this session did is evaluated before it ends (not on each read).
            with contextlib.suppress(KnownError, database.DatabaseError):
                alerts.evaluate(self)
        if self._secrets is not None and audit:
            with contextlib.suppress(Exception):
                self.audit().append(self.actor.user, "lock", self.actor.user)
        if self._secrets is not None:
            with contextlib.suppress(Exception):
                self._checkpoint()
            with contextlib.suppress(Exception):
                self._merge_wal()
        self._close_all()
        self.cache.clear()
        pinyin_mod.clear_caches()  # cached readings hold customers' names
        self._secrets = None
        self._signed_in = False
        self._slot_key = None
        self._signer = None
        self._pending_signers = []

    @property
    def is_locked(self) -> bool:
        return self._secrets is None

    # --------------------------------------------------------------------- copies (app/backup.py)

    def data_key_for_copies(self) -> bytes:
        """The data key, for making and checking encrypted copies of this vault (backups). The
        callers check the 'backup' or 'restore' permission before asking."""
        return self._require_unlocked()["data"]

    def open_slot_copy(self, keys: KeyFile) -> dict[str, bytes] | None:
        """What the signed-in slot's copy in ``keys`` (a backup's key slots) carries, when the
        password has not changed since; None otherwise."""
        self._require_unlocked()
        if self._slot_key is None or keys.vault_id != self.vault_id:
            return None
        slot_id, kek = self._slot_key
        slot = next((s for s in keys.slots if s.id == slot_id), None)
        if slot is None:
            return None
        try:
            return slot.open(keys.vault_id, kek)
        except (WrongPasswordError, DamagedVaultError):
            return None

    # --------------------------------------------------------------------- facts

    @property
    def vault_id(self) -> str:
        return self._keys.vault_id

    @property
    def user(self) -> str | None:
        return self._user

    @property
    def actor(self) -> Actor:
        if self._user is None:
            return Actor(RECOVERY_ACTOR, "owner")
        row = self.connection().execute("SELECT role FROM users WHERE name = ?", (self._user,)).fetchone()
        return Actor(self._user, row[0] if row else "owner")

    @property
    def must_change_password(self) -> bool:
        """The signed-in user's password was set by someone else: the UI and CLI make them change it."""
        if self._user is None:
            return False
        row = (
            self.connection()
            .execute("SELECT must_change_password FROM users WHERE name = ?", (self._user,))
            .fetchone()
        )
        return bool(row and row[0])

    # --------------------------------------------------------------------- the sensitive-field key

    @property
    def has_sensitive_key(self) -> bool:
        return "sensitive" in self._require_unlocked()

    def sensitive_cipher(self) -> sensitive_mod.SensitiveCipher | None:
        """The cipher for sensitive values, or None when this user's slot does not carry the key."""
        key = self._require_unlocked().get("sensitive")
        if key is None:
            return None
        cached = self.cache.get("sensitive-cipher")
        if cached is None or cached[0] != key:
            cached = (key, sensitive_mod.SensitiveCipher(key))
            self.cache["sensitive-cipher"] = cached
        return cached[1]

    def _sensitive_ready(self) -> bool:
        return self.meta("sensitive_state", "ready") == "ready"

    def _may_hold_sensitive(self) -> bool:
        if self._user is None:
            return True
        return self.actor.role.lower() in access_mod.sensitive_roles(self.connection())

    def _upgrade_sensitive(self, actor_name: str) -> None:
        """One-time step for a vault from before schema 4: encrypt and index its sensitive values.

        Runs at the first sign-in of a user who may hold the sensitive key. The key is made and
        sealed into every eligible slot first (saved), then the values are encrypted in one
        transaction; an interruption in between is finished at the next such sign-in.
        """
        from app.fields import BUILTIN_KEYS, Catalogue

        secrets = self._require_unlocked()
        if "sensitive" not in secrets:
            secrets["sensitive"] = os.urandom(32)
            self.sync_key_slots()
        cipher = self.sensitive_cipher()
        assert cipher is not None
        conn = self.connection()
        with database.transaction(conn):
            catalogue = Catalogue.load(conn)
            count = sum(
                sensitive_mod.encrypt_field(conn, cipher, f, builtin_keys=BUILTIN_KEYS)
                for f in catalogue
                if f.sensitivity == sensitive_mod.SENSITIVE
            )
            conn.execute("UPDATE meta SET value = 'ready' WHERE key = 'sensitive_state'")
            self.audit().append(actor_name, "vault.sensitive_upgrade", "", {"values_encrypted": count})

    def _upgrade_pinyin(self, actor_name: str) -> None:
        """One-time step for a vault from before schema 8: the pinyin sort keys and pinyin
        search index of the customers it holds, in the sign-in's transaction (all or none).
        Needs no key beyond the data key, so any user's first sign-in does it."""
        conn = self.connection()
        with database.transaction(conn):
            count = search_mod.backfill_pinyin(conn)
            conn.execute("UPDATE meta SET value = 'ready' WHERE key = 'pinyin_state'")
            self.audit().append(actor_name, "vault.pinyin_upgrade", "", {"customers": count})

    @staticmethod
    def _restore_deferred_indexes(conn: sqlcipher3.Connection) -> None:
        """Rebuild indexes a bulk load dropped and could not rebuild (the process died).
        Another process still loading holds the write lock: it rebuilds them itself."""
        try:
            database.restore_deferred_indexes(conn)
        except sqlcipher3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise

    def _slot_secrets(
        self, slot: Slot, users: dict[str, tuple[str, str]], holders: set[str], base: dict[str, bytes]
    ) -> dict[str, bytes] | None:
        """What ``slot`` should carry, or None when it must be left as it is."""
        if slot.kind in (RECOVERY, PENDING_RECOVERY):
            wants_sensitive = True
        else:
            row = users.get((slot.user or "").casefold())
            if row is None:
                return None  # a slot without a user record: not ours to decide
            role, status = row
            if status != "active":
                return {}
            wants_sensitive = role in holders
        wanted = {k: v for k, v in base.items() if k not in ("sensitive", "previous_sensitive")}
        if wants_sensitive:
            if "sensitive" in base:
                wanted["sensitive"] = base["sensitive"]
                if "previous_sensitive" in base:  # only during a rotation
                    wanted["previous_sensitive"] = base["previous_sensitive"]
            elif self._sensitive_ready():
                return None  # it holds a key this session does not: leave it
        return wanted

    def sync_key_slots(self, base: dict[str, bytes] | None = None) -> None:
        """Re-seal every slot with exactly what its user's role may hold.

        The data key for every active user; the sensitive-field key only for roles that may
        see a sensitive field (and the recovery slot); nothing for a disabled user. Called
        after every change of users, roles, the policy or a field's classification, inside
        its transaction: vault.keys is written once that commits (see ``_keys_in_use``).
        """
        secrets = base if base is not None else self._require_unlocked()
        conn = self.connection()
        with database.transaction(conn):
            holders = access_mod.sensitive_roles(conn)
            users = {
                name.casefold(): (role.lower(), status)
                for name, role, status in conn.execute("SELECT name, role, status FROM users")
            }
            for slot in self._keys_in_use().slots:
                wanted = self._slot_secrets(slot, users, holders, secrets)
                if wanted is not None:
                    slot.seal(self.vault_id, wanted)

    def slot_carries_sensitive_key_for(self, role: str) -> bool:
        """Whether a user with ``role`` would be given the sensitive key (for checks before a change)."""
        return role.lower() in access_mod.sensitive_roles(self.connection())

    def meta(self, key: str, default: str = "") -> str:
        row = self.connection().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def business_name(self) -> str:
        return self.meta("business_name")

    def slot_users(self) -> list[str]:
        return self._view().users()

    # --------------------------------------------------------------------- key slots
    #
    # vault.keys and vault.db change together: the slots are edited in a staged copy inside
    # the database transaction of the change (with its users row and audit entry); just
    # before COMMIT the copy is stored in vault.db with the next generation number, and
    # only after COMMIT is vault.keys written. A kill at any instant leaves the old state
    # (before COMMIT) or the new one (after it), the file then being rewritten from the
    # database at the next unlock (``_repair_key_file``).

    def _view(self) -> KeyFile:
        """The slots as this thread sees them: staged inside a change, else the committed ones."""
        staged = getattr(self._local, "staged_keys", None)
        return staged if staged is not None else self._keys

    def _keys_in_use(self) -> KeyFile:
        """The staged slots of the current transaction, made on first use from the latest
        committed ones (the database's copy: another session may have changed them)."""
        self._require_unlocked()
        conn = self.connection()
        if not conn.in_transaction:
            raise RuntimeError("key slots change only inside a transaction")
        staged = getattr(self._local, "staged_keys", None)
        if staged is None:
            staged = self._latest_keys(conn).copy()
            self._local.staged_keys = staged
            database.before_commit(conn, lambda: self._store_keys(conn, staged))
            database.after_commit(conn, lambda: self._publish_keys(staged), first=True)
            database.after_rollback(conn, self._drop_staged_keys)
        return staged

    def _latest_keys(self, conn: sqlcipher3.Connection) -> KeyFile:
        row = _key_file_row(conn)
        if row is not None and row[0] >= self._keys.generation:
            return KeyFile.from_text(row[1], "the database's copy of vault.keys")
        try:
            on_disk = _load_keys(self.folder)
        except (OSError, KnownError):
            return self._keys
        return on_disk if on_disk.generation >= self._keys.generation else self._keys

    def _store_keys(self, conn: sqlcipher3.Connection, staged: KeyFile) -> None:
        """Just before COMMIT: the staged slots become the database's copy, one generation on."""
        if not _has_key_file_table(conn):
            return  # a vault held at an older schema (only tests build one): nowhere to keep it
        row = _key_file_row(conn)
        staged.generation = max(row[0] if row else 0, self._keys.generation) + 1
        conn.execute(
            "INSERT INTO key_file (id, generation, content) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, content = excluded.content",
            (staged.generation, staged.to_text()),
        )

    def _publish_keys(self, staged: KeyFile) -> None:
        """After COMMIT: the staged slots are current; write vault.keys to match."""
        self._local.staged_keys = None
        self._keys = staged
        try:
            staged.save(self.folder / VAULT_KEYS)
        except OSError as exc:
            raise KnownError(
                _(
                    "The change is saved, but vault.keys could not be written ({reason}); it is rewritten "
                    "from the database at the next sign-in. Free some disk space."
                ).format(reason=exc.strerror or exc)
            ) from None

    def _drop_staged_keys(self) -> None:
        self._local.staged_keys = None

    def change_password(self, old_password: str, new_password: str) -> None:
        """Change the signed-in user's own password (proves the old one first)."""
        user = self._require_user()
        check_password_policy(
            new_password,
            manages_users=access_mod.access_for(self, self.actor).allows("manage_users"),
            user_inputs=(user, self.business_name),
        )
        conn = self.connection()
        with database.transaction(conn):
            slot = self._slot(user, staged=True)
            carried = slot.open(self.vault_id, slot.derive(old_password))  # WrongPasswordError if not theirs
            self.set_slot_password(user, new_password)
            slot.seal(self.vault_id, carried)  # a new key pair: the same contents, sealed to it
            conn.execute("UPDATE users SET must_change_password = 0 WHERE name = ?", (user,))
            self.audit().append(user, "user.password_changed", user)

    # Key-slot changes for app/users.py, which owns the policy checks and the users table and
    # calls these inside its transaction; ``sync_key_slots`` then seals what each slot carries.

    def has_user_slot(self, user: str) -> bool:
        return self._view().user_slot(user) is not None

    def add_user_slot(self, user: str, password: str) -> None:
        """A slot for ``user`` carrying nothing yet; ``sync_key_slots`` fills it in."""
        self._require_unlocked()
        with database.transaction(self.connection()):
            slot, kek = new_slot(self.vault_id, USER, user, password, {}, DEFAULT_KDF)
            self._keys_in_use().slots.append(slot)
            self._new_key_pair(slot, kek)

    def remove_user_slot(self, user: str) -> None:
        self._require_unlocked()
        with database.transaction(self.connection()):
            slot = self._slot(user, staged=True)
            keys = self._keys_in_use()
            keys.slots = [s for s in keys.slots if s is not slot]

    def set_slot_password(self, user: str, password: str) -> None:
        """Re-key ``user``'s slot for a new password (fresh salt and key pair); a saved
        automatic sign-in for it stops working. ``sync_key_slots`` re-seals its contents."""
        self._require_unlocked()
        with database.transaction(self.connection()):
            slot = self._slot(user, staged=True)
            kek = slot.set_secret(self.vault_id, password, DEFAULT_KDF)
            autosignin.forget(self.vault_id, slot.user or user)
            self._new_key_pair(slot, kek)

    # --------------------------------------------------------------------- the recovery code

    def _require_owner(self, actor: Actor) -> None:
        """Owner-only acts check the signed-in account's stored role, not only ``actor``."""
        user = self._require_user()
        if (
            actor.role.lower() != "owner"
            or self.actor.role.lower() != "owner"
            or actor.user.casefold() != user.casefold()
        ):
            raise PermissionDeniedError(
                _("Only an owner can replace the recovery code: it opens every account.")
            )

    def start_recovery_code_replacement(self, actor: Actor) -> str:
        """A new recovery code, in a pending slot; the old code keeps working until
        ``finish_recovery_code_replacement`` (call it once the new code has been shown).

        Owners only: the recovery code resets any password, an owner's too. Starting again
        before finishing replaces the pending code.
        """
        secrets = self._require_unlocked()
        self._require_owner(actor)
        code = new_recovery_code()
        carried = {k: v for k, v in secrets.items() if not k.startswith("previous_")}
        fresh, kek = new_slot(self.vault_id, PENDING_RECOVERY, None, code, carried, DEFAULT_KDF)
        with database.transaction(self.connection()):
            keys = self._keys_in_use()
            keys.slots = [s for s in keys.slots if s.kind != PENDING_RECOVERY] + [fresh]
            self._new_key_pair(fresh, kek)
            self.audit().append(actor.user, "recovery.replace_started", "")
        return code

    def finish_recovery_code_replacement(self, actor: Actor) -> None:
        """The new code has been shown: it becomes the recovery code and the old one stops working."""
        self._require_unlocked()
        self._require_owner(actor)
        with database.transaction(self.connection()):
            keys = self._keys_in_use()
            pending = keys.pending_recovery_slot()
            if pending is None:
                raise KnownError(_("No new recovery code is waiting to be confirmed: make one first."))
            keys.slots = [s for s in keys.slots if s.kind != RECOVERY]
            pending.kind = RECOVERY
            self.audit().append(actor.user, "recovery.replaced", "")

    def _slot(self, user: str, *, staged: bool = False) -> Slot:
        slot = (self._keys_in_use() if staged else self._view()).user_slot(user)
        if slot is None:
            raise UnknownUserError(_("There is no user called {user} in this vault.").format(user=repr(user)))
        return slot

    def _require_user(self) -> str:
        if self._user is None:
            raise PermissionDeniedError("Signed in with the recovery code: reset a password instead.")
        return self._user

    # --------------------------------------------------------------------- automatic sign-in

    def enable_automatic_signin(self, password: str) -> None:
        """Save this user's slot key in the OS keyring (raises KeyringUnavailableError)."""
        self._require_unlocked()  # a locked vault must not hand its slot key to the keyring
        user = self._require_user()
        slot = self._slot(user)
        slot_key = slot.derive(password)
        slot.open(self.vault_id, slot_key)
        autosignin.store(self.vault_id, user, slot_key)
        self.audit().append(user, "signin.automatic_enabled", user)

    @property
    def automatic_signin_enabled(self) -> bool:
        """Whether this PC's keyring holds the signed-in user's slot key for this vault."""
        if self._user is None or self.is_locked:
            return False
        return autosignin.load(self.vault_id, self._user) is not None

    def disable_automatic_signin(self) -> None:
        self._require_unlocked()
        user = self._require_user()
        autosignin.forget(self.vault_id, user)
        self.audit().append(user, "signin.automatic_disabled", user)

    # --------------------------------------------------------------------- data key rotation

    def rotate_data_key(self, actor: Actor) -> None:
        """Re-encrypt vault.db under a new data key and re-seal every slot to it.

        Afterwards neither the old key nor a copy of a removed user's old slot opens the
        file. Crash-safe: slots carry old and new key until the rekey has committed, and an
        interrupted rotation is finished at the next unlock.
        """
        secrets = self._require_unlocked()
        access_mod.require(self, actor, "manage_users")
        if "sensitive" not in secrets and self._sensitive_ready():
            # Re-sealing every slot would strip the sensitive key from those that hold it.
            raise PermissionDeniedError(
                "Only a user who holds the sensitive-field key (owner or manager) can rotate the data key."
            )
        old_key, new_key = secrets["data"], os.urandom(32)
        conn = self.connection()
        audit = self.audit()
        verified = self._audit_report()
        if not verified.ok:
            raise DamagedVaultError(f"Key rotation stopped: {verified.message()}")
        # Other threads' connections must not hold the old key across the rekey.
        with self._conn_lock:
            others = [c for c in self._connections if c is not conn]
            self._connections = [conn]
        for other in others:
            with contextlib.suppress(Exception):
                other.close()
        transitional = {**secrets, "data": new_key, "previous_data": old_key}
        if "sensitive" in secrets:
            # The sensitive key turns over too: someone who once held it (a demoted user, a
            # copy of an old slot) must not be able to read the values with today's data key.
            transitional.update(sensitive=os.urandom(32), previous_sensitive=secrets["sensitive"])
        self._seal_all(transitional)
        moved = self._move_sensitive_values(conn, transitional)
        audit.reseal(audit_mod.derive_audit_key(new_key))
        self._rekey(conn, new_key)
        self._secrets = {k: v for k, v in transitional.items() if not k.startswith("previous_")}
        self.cache.clear()
        self._seal_all(self._secrets)
        self.audit().append(actor.user, "vault.key_rotated", self.vault_id, {"sensitive_values_moved": moved})

    def _move_sensitive_values(self, conn: sqlcipher3.Connection, secrets: dict[str, bytes]) -> int:
        """Re-encrypt sensitive values from ``previous_sensitive`` to ``sensitive`` unless done."""
        if "previous_sensitive" not in secrets:
            return 0
        from app.fields import BUILTIN_KEYS, Catalogue

        old = sensitive_mod.SensitiveCipher(secrets["previous_sensitive"])
        new = sensitive_mod.SensitiveCipher(secrets["sensitive"])
        catalogue = Catalogue.load(conn)
        with database.transaction(conn):
            if not sensitive_mod.needs_move(conn, old, catalogue, BUILTIN_KEYS):
                return 0
            return sensitive_mod.move_to_new_key(conn, old, new, catalogue, BUILTIN_KEYS)

    def _seal_all(self, secrets: dict[str, bytes]) -> None:
        """Rotation: every slot gets ``secrets`` filtered to what its user may hold."""
        self.sync_key_slots(base=secrets)

    @staticmethod
    def _rekey(conn: sqlcipher3.Connection, new_key: bytes) -> None:
        # SQLCipher rekeys in rollback-journal mode: the whole rewrite is one transaction.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        conn.execute("PRAGMA journal_mode = WAL")

    def _finish_interrupted_rotation(self) -> bool:
        """Complete a rotation cut short; True when the slots must then be re-sealed (by the caller,
        once the database is open and the users' roles can be read)."""
        secrets = self._require_unlocked()
        previous = secrets.get("previous_data")
        if previous is None:
            return False
        try:
            probe = database.connect(self.folder / VAULT_DB, secrets["data"])
            probe.close()
        except DamagedVaultError:
            conn = database.connect(self.folder / VAULT_DB, previous)
            try:
                # Stopped before the audit log was resealed: it still verifies under the old
                # key and must move to the new one with the file, or it would read as tampered.
                # (Already resealed, or really tampered with: it does not verify; left as is.)
                old_log = audit_mod.AuditLog(conn, audit_mod.derive_audit_key(previous))
                if old_log.verify().ok:
                    old_log.reseal(audit_mod.derive_audit_key(secrets["data"]))
                self._rekey(conn, secrets["data"])
            finally:
                conn.close()
        self._secrets = {k: v for k, v in secrets.items() if k != "previous_data"}
        return True

    def _finish_interrupted_sensitive_move(self, conn: sqlcipher3.Connection) -> None:
        """Second half of recovering a cut-short rotation, once the database is open."""
        secrets = self._require_unlocked()
        if "previous_sensitive" in secrets:
            self._move_sensitive_values(conn, secrets)
            self._secrets = {k: v for k, v in secrets.items() if k != "previous_sensitive"}
