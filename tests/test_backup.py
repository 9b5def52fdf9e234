"""Backups: a consistent, still-encrypted snapshot taken while others write; verified; atomic;
changed, cut-off or swapped backups detected with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from app import backup, backup_log, backup_schedule, customers, restore, users
from app.errors import KnownError, PermissionDeniedError, WrongPasswordError
from app.vault import VAULT_DB, Vault
from tests.backup_helpers import flip, rewrite_manifest
from tests.conftest import OWNER, OWNER_PASSWORD

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def stocked(vault: Vault) -> Vault:
    customers.create_many(
        vault, vault.actor, [{"name": f"备份客户{i}", "phone": f"1390000{i:04d}"} for i in range(300)]
    )
    return vault


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "usb"
    target.mkdir()
    return target


def test_a_backup_is_a_snapshot_of_one_moment_while_another_session_keeps_writing(
    stocked: Vault, vault_dir: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "CHUNK", 2 * 4096)  # many steps, a write between each
    other = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)  # another session: its own connection
    written = []

    def write_meanwhile(done: int, total: int, text: str) -> None:
        if done < total and len(written) < 20:
            written.append(customers.create(other, other.actor, {"name": f"新客户{len(written)}"}).id)
            # and it tries to copy its WAL into vault.db under the backup's feet
            other.connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    try:
        created = backup.create(stocked, stocked.actor, folder, progress=write_meanwhile)
        assert len(written) == 20
        assert customers.count(stocked, stocked.actor) == 320
    finally:
        other.lock()
    assert created.manifest.customers == 300  # as of the moment the snapshot began
    report = backup.verify(
        backup.open_backup(created.path), backup.session_unlock(stocked, backup.open_backup(created.path))
    )
    assert report.manifest.customers == 300


def test_changes_still_only_in_the_wal_are_in_the_backup(
    stocked: Vault, vault_dir: Path, folder: Path
) -> None:
    other = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        customers.create_many(other, other.actor, [{"name": f"只在日志里{i}"} for i in range(50)])
        assert (vault_dir / (VAULT_DB + "-wal")).stat().st_size > 0
        created = backup.create(stocked, stocked.actor, folder)
    finally:
        other.lock()
    assert created.manifest.customers == 350
    assert restore.drill(stocked, stocked.actor, created.path).found["customers"] == 350


def test_the_backup_file_is_encrypted_page_by_page(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    raw = created.path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert "备份客户1".encode() not in raw and b"13900001" not in raw
    assert created.path.stat().st_mode & 0o077 == 0


def test_verify_reports_what_the_backup_holds(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    found = backup.open_backup(created.path)
    report = backup.verify(found, backup.sign_in(found, backup.Credentials(OWNER, OWNER_PASSWORD)))
    assert report.manifest.customers == 300
    assert report.manifest.created_by == OWNER
    assert report.users == [OWNER]
    assert report.audit_entries == report.manifest.counts["audit_entries"]
    assert report.pages == report.manifest.page_count
    assert "password" in report.opened_with


def test_each_backup_is_recorded_and_audited(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    status = backup_log.status(stocked)
    assert status.last_backup is not None and status.last_backup.file == str(created.path)
    assert not status.stale and not status.failing
    actions = [e.action for e in stocked.audit().entries(limit=5)]
    assert "backup.create" in actions


def test_a_flipped_bit_in_any_page_is_detected(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    flip(created.path, 4096 * 10 + 100)
    found = backup.open_backup(created.path)
    with pytest.raises(backup.DamagedBackupError, match="damaged"):
        backup.verify(found, backup.session_unlock(stocked, found))


def test_a_cut_off_backup_is_refused_as_not_whole(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    data = created.path.read_bytes()
    created.path.write_bytes(data[: len(data) // 2])
    with pytest.raises(backup.DamagedBackupError, match="cut short"):
        backup.open_backup(created.path)


def test_a_manifest_changed_by_hand_fails_its_signature(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    rewrite_manifest(created.path, None, created_by="someone else")
    found = backup.open_backup(created.path)
    with pytest.raises(backup.DamagedBackupError, match="changed after it was made"):
        backup.verify(found, backup.session_unlock(stocked, found))


def test_another_vaults_backup_is_named_as_such(stocked: Vault, folder: Path, tmp_path: Path) -> None:
    stranger, _code = Vault.create(
        tmp_path / "other", owner="Other", password="other-pass-1", business_name="隔壁店"
    )
    try:
        theirs = backup.create(stranger, stranger.actor, folder)
    finally:
        stranger.lock()
    found = backup.open_backup(theirs.path)
    with pytest.raises(backup.DamagedBackupError, match="another vault"):
        backup.session_unlock(stocked, found)
    assert backup.list_backups(folder, stocked.vault_id) == []


def test_a_wrong_password_says_which_password_opens_the_backup(stocked: Vault, folder: Path) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    found = backup.open_backup(created.path)
    with pytest.raises(WrongPasswordError, match="password Owner had then"):
        backup.sign_in(found, backup.Credentials(OWNER, "not-it"))
    with pytest.raises(WrongPasswordError, match="recovery code that was valid"):
        backup.sign_in(found, backup.Credentials(recovery_code="AAAA-BBBB"))


def test_the_recovery_code_of_that_time_opens_the_backup(
    stocked: Vault, folder: Path, recovery_code: str
) -> None:
    created = backup.create(stocked, stocked.actor, folder)
    found = backup.open_backup(created.path)
    unlocked = backup.sign_in(found, backup.Credentials(recovery_code=recovery_code.lower()))
    assert backup.verify(found, unlocked).manifest.customers == 300


def test_a_role_without_the_backup_permission_cannot_make_one(
    stocked: Vault, vault_dir: Path, folder: Path
) -> None:
    users.add(stocked, stocked.actor, "sally", "sally-pass-12", "sales")
    stocked.connection().execute("UPDATE users SET must_change_password = 0")
    sally = Vault.unlock(vault_dir, "sally", "sally-pass-12")
    try:
        with pytest.raises(PermissionDeniedError):
            backup.create(sally, sally.actor, folder)
    finally:
        sally.lock()
    assert list(folder.iterdir()) == []


def test_a_backup_cancelled_mid_write_leaves_no_file_and_earlier_backups_untouched(
    stocked: Vault, folder: Path
) -> None:
    first = backup.create(stocked, stocked.actor, folder)
    before = first.path.read_bytes()
    with pytest.raises(backup.BackupCancelled):
        backup.create(stocked, stocked.actor, folder, name="second", should_cancel=lambda: True)
    assert sorted(p.name for p in folder.iterdir()) == [first.path.name]
    assert first.path.read_bytes() == before
    assert not backup_log.status(stocked).failing  # cancelled by the user: not a failing backup


def test_a_missing_drive_is_a_clear_message(stocked: Vault, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="is the drive connected"):
        backup.create(stocked, stocked.actor, tmp_path / "unplugged")


def test_stale_temporary_files_of_a_killed_backup_are_removed(folder: Path) -> None:
    stale = folder / f".x{backup.SUFFIX}{backup.TEMP_SUFFIX}"
    stale.write_bytes(b"half a backup")
    assert backup.list_backups(folder) == []
    assert not stale.exists()


FULL_DISK = """
import resource, signal, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import backup
from app.errors import KnownError
from app.vault import Vault
vault = Vault.unlock(sys.argv[1], sys.argv[2], sys.argv[3])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
if sys.argv[6] == "mid-copy":  # no space check first: the limit is hit half-way through the copy
    backup._reserve = lambda temp, size: None
if sys.argv[6] == "drive-removed":  # the drive goes away after the pages were written
    import errno, os
    def fsync(fd):
        raise OSError(errno.EIO, "Input/output error")
    os.fsync = fsync
if sys.argv[6] != "drive-removed":
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[5]), int(sys.argv[5])))
try:
    backup.create(vault, vault.actor, sys.argv[4])
except KnownError as exc:
    print("ERROR", exc)
"""


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("at-start", "is full (or cannot hold a file this large)"),
        ("mid-copy", "is full (or cannot hold a file this large)"),
        ("drive-removed", "(Input/output error); was the drive removed?"),
    ],
)
def test_a_full_disk_or_a_write_error_mid_backup_is_a_clear_message_with_nothing_left_behind(
    stocked: Vault, vault_dir: Path, folder: Path, when: str, message: str
) -> None:
    earlier = backup.create(stocked, stocked.actor, folder)
    kept = earlier.path.read_bytes()
    stocked.lock()
    # Half the vault's size, on a page boundary: a full disk refuses whole file-system blocks
    # (4 KiB, a page), while a byte limit in mid-page lets a WAL checkpoint leave half a page
    # in vault.db, which the sign-in's page check then reports (the WAL still holds it whole).
    size = (vault_dir / VAULT_DB).stat().st_size
    size -= size % (2 * 4096)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FULL_DISK,
            str(vault_dir),
            OWNER,
            OWNER_PASSWORD,
            str(folder),
            str(size // 2),
            when,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.startswith("ERROR") and message in result.stdout, result.stdout + result.stderr
    assert "nothing was left behind" in result.stdout
    assert sorted(folder.iterdir()) == [earlier.path]
    assert earlier.path.read_bytes() == kept
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert backup_log.status(again).failing  # the status bar turns red
    finally:
        again.lock()


def test_same_disk_is_flagged_for_the_default_folder(vault: Vault) -> None:
    default = backup_schedule.default_folder(vault.folder)
    assert default.parent == vault.folder.resolve().parent
    assert backup_schedule.same_disk(vault.folder, default)


def test_status_warns_when_the_last_backup_is_older_than_the_threshold(stocked: Vault, folder: Path) -> None:
    assert backup_log.status(stocked).stale  # never backed up
    created = backup.create(stocked, stocked.actor, folder)
    later = created.manifest.created() + timedelta(days=8)
    assert backup_log.status(stocked, now=later).stale
    assert not backup_log.status(stocked, now=created.manifest.created() + timedelta(hours=2)).stale
