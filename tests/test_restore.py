"""Restoring: into a new folder or in place of the vault (journalled swap), older schemas upgraded,
newer refused, the right to restore checked, the drill, rotation and pruning, and kill -9 at every
step of a backup and of a replacing restore."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import access, backup, backup_log, backup_schedule, customers, erasure, restore, users
from app.errors import KnownError, NewerVaultError, PermissionDeniedError, WrongPasswordError
from app.vault import VAULT_DB, VAULT_KEYS, Vault, database
from tests.backup_helpers import rewrite_manifest
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.keyfiles import data_key

ROOT = Path(__file__).resolve().parent.parent
CREDENTIALS = backup.Credentials(OWNER, OWNER_PASSWORD)


@pytest.fixture
def made(vault: Vault, tmp_path: Path) -> Path:
    """A backup of a vault with 40 customers; the vault then gets 5 more."""
    customers.create_many(vault, vault.actor, [{"name": f"旧客户{i}"} for i in range(40)])
    folder = tmp_path / "backups"
    folder.mkdir()
    path = backup.create(vault, vault.actor, folder).path
    customers.create_many(vault, vault.actor, [{"name": f"新客户{i}"} for i in range(5)])
    return path


def count(folder: Path, user: str = OWNER, password: str = OWNER_PASSWORD) -> int:
    vault = Vault.unlock(folder, user, password)
    try:
        assert vault.check(vault.actor).ok
        return customers.count(vault, vault.actor)
    finally:
        vault.lock()


def test_restore_into_a_new_folder_opens_with_the_backups_data(made: Path, tmp_path: Path) -> None:
    result = restore.restore_into(made, tmp_path / "restored", CREDENTIALS)
    assert result.counts["customers"] == 40
    assert count(tmp_path / "restored") == 40
    assert not (tmp_path / "restored" / restore.PENDING_FILE).exists()


def test_a_restore_is_recorded_and_audited_in_the_restored_vault_once(made: Path, tmp_path: Path) -> None:
    restore.restore_into(made, tmp_path / "restored", CREDENTIALS)
    vault = Vault.unlock(tmp_path / "restored", OWNER, OWNER_PASSWORD)
    try:
        entries = [e for e in vault.audit().entries(limit=20) if e.action == "backup.restored"]
        assert len(entries) == 1 and entries[0].object == made.name
        assert [e.kind for e in backup_log.history(vault)] == ["restore"]
    finally:
        vault.lock()


def test_the_after_restore_hook_runs_once_with_the_backups_date(made: Path, tmp_path: Path) -> None:
    seen = []

    def hook(vault, actor, restored) -> None:
        seen.append((actor.user, restored.backup_made_at, customers.count(vault, actor)))

    restore.register_after_restore(hook)
    try:
        restore.restore_into(made, tmp_path / "restored", CREDENTIALS)
        count(tmp_path / "restored")  # a second sign-in: nothing runs again
    finally:
        restore.unregister_after_restore(hook)
    assert len(seen) == 1
    assert seen[0][0] == OWNER and seen[0][2] == 40
    assert seen[0][1] == backup.open_backup(made).manifest.created()


def test_restore_into_a_folder_that_holds_something_is_refused(made: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(KnownError, match="not empty"):
        restore.restore_into(made, target, CREDENTIALS)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_the_password_of_that_time_is_needed_not_todays(vault: Vault, made: Path, tmp_path: Path) -> None:
    vault.change_password(OWNER_PASSWORD, "brand-new-pass-7")
    with pytest.raises(WrongPasswordError, match="password Owner had then"):
        restore.restore_into(made, tmp_path / "r", backup.Credentials(OWNER, "brand-new-pass-7"))
    assert not (tmp_path / "r").exists()
    restore.restore_into(made, tmp_path / "r", CREDENTIALS)
    assert count(tmp_path / "r") == 40


def test_the_recovery_code_of_that_time_restores(made: Path, tmp_path: Path, recovery_code: str) -> None:
    result = restore.restore_into(made, tmp_path / "r", backup.Credentials(recovery_code=recovery_code))
    assert result.counts["customers"] == 40


def test_a_user_whose_role_may_not_restore_cannot_restore(vault: Vault, tmp_path: Path) -> None:
    users.add(vault, vault.actor, "sally", "sally-pass-12", "sales")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    (tmp_path / "b").mkdir()
    path = backup.create(vault, vault.actor, tmp_path / "b").path
    with pytest.raises(PermissionDeniedError, match="may not restore"):
        restore.restore_into(path, tmp_path / "r", backup.Credentials("sally", "sally-pass-12"))
    assert not (tmp_path / "r").exists()


def test_an_older_schema_is_upgraded_as_it_is_restored(tmp_path: Path) -> None:
    old, _code = Vault.create(tmp_path / "old", owner=OWNER, password=OWNER_PASSWORD, schema_version=9)
    try:
        customers.create_many(old, old.actor, [{"name": "老客户"}])
        (tmp_path / "b").mkdir()
        path = backup.create(old, old.actor, tmp_path / "b").path
    finally:
        old.lock()
    assert backup.open_backup(path).manifest.schema_version == 9
    result = restore.restore_into(path, tmp_path / "r", CREDENTIALS)
    assert result.schema_version == database.SCHEMA_VERSION
    assert count(tmp_path / "r") == 1


def test_a_backup_from_a_newer_custos_is_refused_before_anything_is_written(
    vault: Vault, made: Path, vault_dir: Path, tmp_path: Path
) -> None:
    rewrite_manifest(
        made, data_key(vault_dir, OWNER, OWNER_PASSWORD), schema_version=database.SCHEMA_VERSION + 1
    )
    with pytest.raises(NewerVaultError, match="newer version of Custos"):
        restore.restore_into(made, tmp_path / "r", CREDENTIALS)
    assert not (tmp_path / "r").exists()


def test_replace_keeps_the_current_vault_as_a_dated_copy(vault: Vault, made: Path, vault_dir: Path) -> None:
    result = restore.replace(made, vault_dir, CREDENTIALS, current=vault)
    assert vault.is_locked
    assert result.previous is not None and result.previous.name.startswith("vault.before-restore-")
    assert count(vault_dir) == 40
    assert count(result.previous) == 45
    assert not restore._journal(vault_dir).exists() and not restore._staging(vault_dir).exists()


def test_replace_needs_the_restore_permission_in_the_current_vault(
    vault: Vault, made: Path, vault_dir: Path
) -> None:
    users.add(vault, vault.actor, "sally", "sally-pass-12", "sales")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    sally = Vault.unlock(vault_dir, "sally", "sally-pass-12")
    try:
        with pytest.raises(PermissionDeniedError):
            restore.replace(made, vault_dir, CREDENTIALS, current=sally)
    finally:
        sally.lock()
    with pytest.raises(PermissionDeniedError, match="Sign in to the current vault first"):
        restore.replace(made, vault_dir, CREDENTIALS, current=None)
    vault.lock()
    assert count(vault_dir) == 45


def test_a_vault_with_lost_key_slots_can_be_replaced_without_signing_in_to_it(
    vault: Vault, made: Path, vault_dir: Path
) -> None:
    vault.lock()
    (vault_dir / VAULT_KEYS).unlink()
    result = restore.replace(made, vault_dir, CREDENTIALS, current=None)
    assert count(vault_dir) == 40
    assert (result.previous / VAULT_DB).exists()


def test_replacing_refuses_a_backup_of_another_vault(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    other, _code = Vault.create(tmp_path / "other", owner=OWNER, password=OWNER_PASSWORD)
    (tmp_path / "b").mkdir()
    try:
        theirs = backup.create(other, other.actor, tmp_path / "b").path
    finally:
        other.lock()
    with pytest.raises(backup.DamagedBackupError, match="another vault"):
        restore.replace(theirs, vault_dir, CREDENTIALS, current=vault)
    assert not vault.is_locked and customers.count(vault, vault.actor) == 0


def test_the_drill_restores_checks_removes_and_records_its_date(
    vault: Vault, made: Path, tmp_path: Path
) -> None:
    result = restore.drill(vault, vault.actor, made)
    assert result.ok and result.found["customers"] == 40 == result.expected["customers"]
    assert result.opened_with == "your own key slot in the backup"
    assert backup_log.last_successful_drill(vault) is not None
    assert not list(Path(os.environ["TMPDIR"]).glob("custos-drill-*"))


def test_a_failed_drill_is_recorded_and_explained(vault: Vault, made: Path) -> None:
    data = bytearray(made.read_bytes())
    data[4096 * 3 + 7] ^= 1
    made.write_bytes(bytes(data))
    with pytest.raises(backup.DamagedBackupError):
        restore.drill(vault, vault.actor, made)
    assert backup_log.last_successful_drill(vault) is None
    assert backup_log.status(vault).last_drill is not None and not backup_log.status(vault).last_drill.ok


# ------------------------------------------------------------------------------ rotation


def listed(days_ago: list[float], folder: Path) -> list[backup.Listed]:
    now = datetime(2026, 12, 3, 12, tzinfo=UTC)
    items = []
    for n, days in enumerate(days_ago):
        manifest = backup.Manifest(
            "v", (now - timedelta(days=days)).isoformat(), "o", "", "0", 1, 4096, 1, {}, {}
        )
        items.append(backup.Listed(folder / f"b{n}{backup.SUFFIX}", 1, manifest))
    return items


def test_rotation_keeps_the_last_n_and_daily_weekly_monthly_generations(tmp_path: Path) -> None:
    items = listed([0, 0.1, 0.2, 1, 1.1, 2, 9, 10, 40, 41, 100, 400], tmp_path)
    settings = backup_schedule.Settings(keep_last=2, keep_daily=3, keep_weekly=2, keep_monthly=3)
    plan = backup_schedule.plan(items, settings)
    kept = {item.path.name: reasons for item, reasons in plan.keep}
    assert kept["b0.custos-backup"] == ["last", "daily", "weekly", "monthly"]
    assert kept["b1.custos-backup"] == ["last"]
    assert "daily" in kept["b3.custos-backup"] and "daily" in kept["b5.custos-backup"]
    assert "weekly" in kept["b6.custos-backup"]
    assert "monthly" in kept["b8.custos-backup"]
    removed = sorted(item.path.name for item in plan.remove)
    assert removed == [
        "b10.custos-backup",
        "b11.custos-backup",
        "b2.custos-backup",
        "b4.custos-backup",
        "b7.custos-backup",
        "b9.custos-backup",
    ]


def test_prune_deletes_what_the_preview_showed_and_only_this_vaults_backups(
    vault: Vault, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    paths = [backup.create(vault, vault.actor, folder, name=f"n{i}").path for i in range(4)]
    for n, path in enumerate(paths):  # spread over four months
        stamp = (datetime.now(UTC) - timedelta(days=40 * (3 - n))).isoformat(timespec="seconds")
        rewrite_manifest(path, vault.data_key_for_copies(), created_at=stamp)
    planted = folder / f"planted{backup.SUFFIX}"
    planted.write_bytes(paths[0].read_bytes())
    rewrite_manifest(planted, None, created_at="2020-01-01T00:00:00+00:00")  # not authentic
    backup_schedule.save_settings(
        vault, vault.actor, backup_schedule.Settings(keep_last=1, keep_daily=0, keep_weekly=0, keep_monthly=2)
    )
    preview = backup_schedule.preview(vault, vault.actor, folder)
    assert sorted(p.path.name for p in preview.remove) == sorted([paths[0].name, paths[1].name, planted.name])
    assert all(p.exists() for p in paths)  # a preview deletes nothing
    result = backup_schedule.prune(vault, vault.actor, folder)
    assert sorted(p.path.name for p in result.remove) == sorted([paths[0].name, paths[1].name])
    assert planted.exists() and paths[2].exists() and paths[3].exists()
    assert "backup.prune" in [e.action for e in vault.audit().entries(limit=3)]


def test_pruning_and_schedule_settings_need_manage_backups(
    vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    access.add_role(vault, vault.actor, "keeper", based_on="auditor", permissions=["backup"])
    users.add(vault, vault.actor, "kim", "kim-pass-1234", "keeper")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    kim = Vault.unlock(vault_dir, "kim", "kim-pass-1234")
    try:
        (tmp_path / "b").mkdir()
        backup.create(kim, kim.actor, tmp_path / "b")
        with pytest.raises(PermissionDeniedError):
            backup_schedule.prune(kim, kim.actor, tmp_path / "b")
        with pytest.raises(PermissionDeniedError):
            backup_schedule.save_settings(kim, kim.actor, backup_schedule.Settings(keep_last=1))
    finally:
        kim.lock()


def test_schedule_settings_live_in_the_vault_and_are_checked(vault: Vault) -> None:
    saved = backup_schedule.save_settings(
        vault, vault.actor, backup_schedule.Settings(folder="/media/usb/custos", daily=False, keep_last=3)
    )
    assert backup_schedule.load_settings(vault) == saved
    assert not backup_schedule.due(vault)
    with pytest.raises(KnownError):
        backup_schedule.save_settings(vault, vault.actor, backup_schedule.Settings(keep_last=0))


# ------------------------------------------------------------------------------ kill -9

KILL_BACKUP = """
import json, os, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import backup
from app.vault import Vault
vault = Vault.unlock(sys.argv[1], sys.argv[2], sys.argv[3])
backup.CHUNK = 4 * 4096
os.environ.update(json.loads(sys.argv[5]))
backup.create(vault, vault.actor, sys.argv[4], name="killed")
vault.lock()
"""

KILL_REPLACE = """
import json, os, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import backup, restore
from app.vault import Vault
folder, user, password, path, env = sys.argv[1:6]
current = Vault.unlock(folder, user, password)
os.environ.update(json.loads(env))
backup.CHUNK = 16 * 4096
restore.replace(path, folder, backup.Credentials(user, password), current=current)
"""


def _run(script: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *args, json.dumps(env)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _points(script: str, args: list[str], trace: Path) -> list[str]:
    result = _run(script, args, {"CUSTOS_FAULT_TRACE": str(trace)})
    assert result.returncode == 0, result.stderr
    return trace.read_text().splitlines()


def test_kill_9_at_every_step_of_a_backup_leaves_no_backup_under_its_name(
    vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    customers.create_many(vault, vault.actor, [{"name": f"客户{i}"} for i in range(100)])
    vault.lock()
    folder = tmp_path / "b"
    folder.mkdir()
    args = [str(vault_dir), OWNER, OWNER_PASSWORD, str(folder)]
    points = _points(KILL_BACKUP, args, tmp_path / "trace")
    assert "backup.pages" in points and "backup.written" in points and "backup.renamed" in points
    (folder / f"killed{backup.SUFFIX}").unlink()
    renamed_at = points.index("backup.renamed") + 1
    for n in range(1, len(points) + 1):
        result = _run(KILL_BACKUP, args, {"CUSTOS_FAULT_AT": str(n)})
        assert result.returncode == 137, result.stderr
        final = folder / f"killed{backup.SUFFIX}"
        if n < renamed_at and points[n - 1] != "backup.renamed":
            assert not final.exists(), points[n - 1]
        if final.exists():  # renamed before the kill: whole and verifiable
            found = backup.open_backup(final)
            backup.verify(found, backup.sign_in(found, CREDENTIALS))
            final.unlink()
        backup.list_backups(folder)  # the next listing removes what the dead writer left
        assert list(folder.iterdir()) == [], (n, points[n - 1])
    assert count(vault_dir) == 100


def test_kill_9_at_every_step_of_a_replacing_restore_leaves_the_old_or_the_new_vault(
    vault: Vault, made: Path, vault_dir: Path, tmp_path: Path
) -> None:
    vault.lock()
    args = [str(vault_dir), OWNER, OWNER_PASSWORD, str(made)]
    pristine = tmp_path / "pristine"
    import shutil

    shutil.copytree(vault_dir, pristine)
    points = _points(KILL_REPLACE, args, tmp_path / "trace")
    for step in (
        "restore.copying",
        "replace.staged",
        "replace.journal",
        "replace.old_moved",
        "replace.new_in_place",
        "replace.done",
        "restore.recorded",
    ):
        assert step in points, step
    outcomes = set()
    for n in range(1, len(points) + 1):
        for leftover in vault_dir.parent.iterdir():
            if leftover.name not in ("pristine", "backups", "trace") and leftover.is_dir():
                shutil.rmtree(leftover)
            elif leftover.name.endswith(restore.JOURNAL_SUFFIX):
                leftover.unlink()
        shutil.copytree(pristine, vault_dir)
        result = _run(KILL_REPLACE, args, {"CUSTOS_FAULT_AT": str(n)})
        assert result.returncode == 137, (points[n - 1], result.stderr)
        customers_now = count(vault_dir)  # recovers, opens and passes the check
        assert customers_now in (40, 45), points[n - 1]
        outcomes.add(customers_now)
        assert not restore._journal(vault_dir).exists() and not restore._staging(vault_dir).exists()
        if customers_now == 40:
            copies = list(vault_dir.parent.glob("vault.before-restore-*"))
            assert len(copies) == 1 and count(copies[0]) == 45
            check = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
            try:
                restored = [e for e in check.audit().entries(limit=50) if e.action == "backup.restored"]
                assert len(restored) == 1, points[n - 1]
            finally:
                check.lock()
    assert outcomes == {40, 45}


def test_a_scheduled_backup_prunes_by_the_owners_rotation_whoever_is_signed_in(
    vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    backup_schedule.save_settings(
        vault,
        vault.actor,
        backup_schedule.Settings(
            folder=str(folder), keep_last=2, keep_daily=0, keep_weekly=0, keep_monthly=0
        ),
    )
    access.add_role(vault, vault.actor, "keeper", based_on="auditor", permissions=["backup"])
    users.add(vault, vault.actor, "kim", "kim-pass-1234", "keeper")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    kim = Vault.unlock(vault_dir, "kim", "kim-pass-1234")
    try:
        for _ in range(3):
            created, pruned = backup_schedule.scheduled_backup(kim, kim.actor)
        assert len(pruned.remove) == 1 and created.path.exists()
        assert len(list(folder.glob("*" + backup.SUFFIX))) == 2
        with pytest.raises(PermissionDeniedError):  # pruning on demand stays with managers
            backup_schedule.prune(kim, kim.actor, folder)
    finally:
        kim.lock()


def test_replacing_with_an_older_backup_does_not_bring_back_a_customer_erased_since(
    vault: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    """The erasure ledger's mirror beside vault.db is carried into the restored folder, so the
    first sign-in erases again whoever the backup still holds (PIPL Art. 47)."""
    names = [{"name": "留下的客户"}, {"name": "要求删除的客户"}]
    kept, asked = customers.create_many(vault, vault.actor, names)
    folder = tmp_path / "backups"
    folder.mkdir()
    path = backup.create(vault, vault.actor, folder).path
    erasure.erase(vault, vault.actor, asked, reason="owner")
    restore.replace(path, vault_dir, CREDENTIALS, current=vault)
    restored = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert customers.get(restored, restored.actor, kept).name == "留下的客户"
        with pytest.raises(KnownError):
            customers.get(restored, restored.actor, asked)
        rows = restored.connection().execute("SELECT count(*) FROM customers WHERE id = ?", (asked,))
        assert rows.fetchone()[0] == 0
    finally:
        restored.lock()
