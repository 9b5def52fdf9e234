"""Signed checkpoints (audit.anchor): removing audit entries is noticed, as an attacker would try it.

The attacker holds the data key (as every user who can sign in does) but no owner's password.
They edit vault.db with sqlcipher3 directly, then `custos audit verify` and `custos check` run
as real processes, as the owner would run them afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from app import audit as audit_mod
from app import customers, users
from app.anchor import ANCHOR_FILE, Signer, sign
from app.audit import AuditLog
from app.errors import WrongPasswordError
from app.vault import VAULT_DB, VAULT_KEYS, Vault
from app.vault.keyslots import KeyFile
from tests.keyfiles import data_key

OWNER, OWNER_PASSWORD = "Owner", "owner-pass-1"  # as made by conftest
SALES, SALES_PASSWORD = "Sally", "sally-pass-1"
AUDITOR, AUDITOR_PASSWORD = "Audrey", "audrey-pass-1"


def custos(folder: Path, *argv: str, user: str = OWNER, password: str = OWNER_PASSWORD):
    env = {**os.environ, "CUSTOS_USER": user, "CUSTOS_PASSWORD": password}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv, "--vault", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def raw(folder: Path, key: bytes) -> sqlcipher3.Connection:
    """vault.db opened the way an attacker with the data key opens it: no Custos code."""
    conn = sqlcipher3.connect(str(folder / VAULT_DB), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


@pytest.fixture
def used_vault(vault: Vault, vault_dir: Path) -> tuple[Path, bytes]:
    """A vault with a sales user and an auditor, some work done, every session closed."""
    owner = vault.actor
    users.add(vault, owner, SALES, SALES_PASSWORD, "sales")
    users.add(vault, owner, AUDITOR, AUDITOR_PASSWORD, "auditor")
    for i in range(4):
        customers.create(vault, owner, {"name": f"客户{i}", "phone": f"1391234000{i}"})
    vault.lock()
    for user, password in ((SALES, SALES_PASSWORD), (AUDITOR, AUDITOR_PASSWORD)):
        session = Vault.unlock(vault_dir, user, password)
        session.change_password(password, password + "x")
        session.lock()
    session = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    customers.create(session, session.actor, {"name": "最后一位"})
    session.lock()
    return vault_dir, data_key(vault_dir, OWNER, OWNER_PASSWORD)


def assert_both_commands_name(folder: Path, *words: str) -> None:
    for command in (["audit", "verify"], ["check"]):
        result = custos(folder, *command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert "tampered" in result.stderr
        for word in words:
            assert word in result.stderr, (command, word, result.stderr)
        assert "cannot see" in result.stdout


def test_an_untouched_vault_verifies_with_every_users_checkpoint(used_vault) -> None:
    folder, _ = used_vault
    for command in (["audit", "verify"], ["check"]):
        result = custos(folder, *command)
        assert result.returncode == 0, result.stderr
        assert "Audit log intact" in result.stdout
        assert "signed checkpoint" in result.stdout
        assert "What this check cannot see" in result.stdout and "backup" in result.stdout
    anchor = json.loads((folder / ANCHOR_FILE).read_text())
    assert {c["user"] for c in anchor["checkpoints"]} >= {OWNER, SALES, AUDITOR, "recovery-code"}
    assert (folder / ANCHOR_FILE).stat().st_mode & 0o777 == 0o600


def test_deleting_every_audit_row_and_the_head_row_is_named(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    conn.close()
    # Signing in appends a fresh entry 1 to the emptied log: that must not make it look whole.
    assert_both_commands_name(folder, "missing", "deleted")


def test_cutting_the_tail_and_moving_the_head_back_is_named(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    keep = last - 3
    conn.execute("DELETE FROM audit WHERE seq > ?", (keep,))
    conn.execute("UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit WHERE seq = ?)", (keep, keep))
    conn.close()
    assert_both_commands_name(folder, "cut from the end")


def test_cutting_the_tail_without_a_head_row_is_named(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 5,))
    conn.execute("DELETE FROM audit_head")
    conn.close()
    assert_both_commands_name(folder, "Audit log tampered")


def test_copying_in_the_audit_tables_of_an_older_copy_is_named(
    vault: Vault, vault_dir: Path, tmp_path
) -> None:
    owner = vault.actor
    customers.create(vault, owner, {"name": "早期客户"})
    vault.lock()
    older = tmp_path / "older"
    shutil.copytree(vault_dir, older)
    session = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    users.add(session, session.actor, SALES, SALES_PASSWORD, "owner")  # what the attacker wants erased
    session.lock()
    key = data_key(vault_dir, OWNER, OWNER_PASSWORD)
    conn = raw(vault_dir, key)
    conn.execute(f"ATTACH DATABASE '{older / VAULT_DB}' AS old KEY \"x'{key.hex()}'\"")
    conn.execute("BEGIN")
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    conn.execute("INSERT INTO audit SELECT * FROM old.audit")
    conn.execute("INSERT INTO audit_head SELECT * FROM old.audit_head")
    conn.execute("COMMIT")
    conn.close()
    assert_both_commands_name(vault_dir, "older copy")


def test_a_blob_where_text_belongs_is_reported_as_tampering(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    conn.execute("UPDATE audit SET actor = CAST(actor AS BLOB), details = x'00ff' WHERE seq = 2")
    conn.close()
    assert_both_commands_name(folder, "wrong type")
    listing = custos(folder, "audit", "list")
    assert "Traceback" not in listing.stderr


def test_a_blob_in_the_head_row_is_reported_as_tampering(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    conn.execute("UPDATE audit_head SET hash = CAST(hash AS BLOB)")
    conn.close()
    assert_both_commands_name(folder, "wrong type")


def test_wiping_the_log_and_deleting_the_anchor_is_named(used_vault) -> None:
    folder, key = used_vault
    conn = raw(folder, key)
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    conn.close()
    (folder / ANCHOR_FILE).unlink()
    assert_both_commands_name(folder, f"removed from {ANCHOR_FILE}")


def test_a_checkpoint_substituted_with_another_key_is_named_by_its_user(used_vault) -> None:
    """The attacker rewrites the log to fit and replaces the owner's checkpoint by one they sign."""
    folder, key = used_vault
    conn = raw(folder, key)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    keep = last - 3
    conn.execute("DELETE FROM audit WHERE seq > ?", (keep,))
    conn.execute("UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit WHERE seq = ?)", (keep, keep))
    log = AuditLog(conn, audit_mod.derive_audit_key(key))
    digest, content = log.point(keep)
    conn.close()
    keys = KeyFile.load(folder / VAULT_KEYS)
    anchor = json.loads((folder / ANCHOR_FILE).read_text())
    forged = []
    for item in anchor["checkpoints"]:
        fake = Signer(item["slot"], item["user"], os.urandom(32))
        forged.append(sign(keys.vault_id, fake, keep, digest, content, log.key_id()).__dict__)
    anchor["checkpoints"] = forged
    (folder / ANCHOR_FILE).write_text(json.dumps(anchor))
    assert_both_commands_name(folder, f"checkpoint of {OWNER}")


def test_a_forged_checkpoint_signature_is_named(used_vault) -> None:
    folder, _ = used_vault
    anchor = json.loads((folder / ANCHOR_FILE).read_text())
    anchor["checkpoints"][0]["seq"] += 1  # the signature no longer covers what it says
    (folder / ANCHOR_FILE).write_text(json.dumps(anchor))
    assert_both_commands_name(folder, "forged signature")


def test_turning_off_a_slots_checkpoints_locks_that_slot_rather_than_hiding_it(used_vault) -> None:
    folder, _ = used_vault
    data = json.loads((folder / VAULT_KEYS).read_text())
    for slot in data["slots"]:
        slot["anchored"] = False
    (folder / VAULT_KEYS).write_text(json.dumps(data))
    result = custos(folder, "audit", "verify")
    assert result.returncode == 1 and "Wrong password" in result.stderr


def test_checkpoints_follow_password_resets_rotation_and_recovery(
    vault: Vault, vault_dir: Path, recovery_code
) -> None:
    owner = vault.actor
    users.add(vault, owner, SALES, SALES_PASSWORD, "sales")
    users.reset_password(vault, owner, SALES, "sally-pass-2")
    vault.rotate_data_key(owner)
    code = vault.start_recovery_code_replacement(owner)
    vault.finish_recovery_code_replacement(owner)
    vault.lock()
    session = Vault.unlock_with_recovery_code(vault_dir, code)
    users.reset_password(session, session.actor, OWNER, "owner-pass-2", must_change=False)
    session.lock()
    session = Vault.unlock(vault_dir, SALES, "sally-pass-2")
    session.change_password("sally-pass-2", "sally-pass-3")
    session.lock()
    session = Vault.unlock(vault_dir, OWNER, "owner-pass-2")
    try:
        report = session.verify_audit(session.actor)
        assert report.ok, report.problems
        assert report.checkpoints >= 3
    finally:
        session.lock()


def test_an_admin_change_cut_short_before_vault_keys_is_saved_leaves_a_verifiable_log(
    vault: Vault, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new slot's checkpoint is written first; the key file then fails: nothing is half-done."""
    owner = vault.actor

    def disk_full(self, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(KeyFile, "save", disk_full)
    with pytest.raises(Exception, match="No space left"):
        users.add(vault, owner, SALES, SALES_PASSWORD, "sales")
    monkeypatch.undo()
    vault.lock()
    session = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        report = session.verify_audit(session.actor)
        assert report.ok, report.problems
    finally:
        session.lock()


def test_verify_and_check_are_permissions(used_vault) -> None:
    folder, _ = used_vault
    for command in (["audit", "verify"], ["check"]):
        result = custos(folder, *command, user=SALES, password=SALES_PASSWORD + "x")
        assert result.returncode == 1 and "may not" in result.stderr, result.stderr
        assert "entries" not in result.stdout + result.stderr
        result = custos(folder, *command, user=AUDITOR, password=AUDITOR_PASSWORD + "x")
        assert result.returncode == 0, result.stderr


KILLER = """
import os, signal, sys
import app.anchor, app.vault.keyslots
from app import users
from app.vault import Vault

folder, user, password, operation, kill_at = sys.argv[1:6]
writes = 0


def counting(real):
    def write(path, data):
        global writes
        writes += 1
        if writes == int(kill_at):
            os.kill(os.getpid(), signal.SIGKILL)
        real(path, data)
    return write


app.anchor.write_atomic = counting(app.anchor.write_atomic)
app.vault.keyslots.write_atomic = counting(app.vault.keyslots.write_atomic)
vault = Vault.unlock(folder, user, password)
if operation == "add":
    users.add(vault, vault.actor, "Tom", "tom-pass-123", "sales")
elif operation == "reset":
    users.reset_password(vault, vault.actor, "Sally", "sally-pass-2")
elif operation == "passwd":
    vault.change_password(password, password + "-new")
elif operation == "recovery":
    vault.start_recovery_code_replacement(vault.actor)
    vault.finish_recovery_code_replacement(vault.actor)
vault.lock()
print("completed", writes)
"""

FIXTURE = Path(__file__).parent / "fixtures" / "vault_v1"


@pytest.mark.parametrize("operation", ["upgrade", "add", "reset", "passwd", "recovery"])
def test_a_kill_at_any_file_write_never_leaves_a_false_tampering_report(
    vault: Vault, vault_dir: Path, tmp_path: Path, operation: str
) -> None:
    """Checkpoints and key slots are separate files: killed before each write in turn, the
    vault still signs in and verifies clean (the new key pair's checkpoint is written first)."""
    if operation == "upgrade":
        vault.lock()
        template, user, password = FIXTURE, "owner", "fixture-pass-1"  # a vault from before checkpoints
    else:
        users.add(vault, vault.actor, "Sally", "sally-pass-1", "sales")
        vault.lock()
        template, user, password = vault_dir, OWNER, OWNER_PASSWORD
    kill_at = 1
    while True:
        folder = tmp_path / f"run{kill_at}"
        shutil.copytree(template, folder)
        result = subprocess.run(
            [sys.executable, "-c", KILLER, str(folder), user, password, operation, str(kill_at)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        for attempt in (password, password + "-new"):
            try:
                session = Vault.unlock(folder, user, attempt)
                break
            except WrongPasswordError:  # the other password is the right one
                continue
        else:
            pytest.fail(f"{operation}: cannot sign in after a kill before write {kill_at}")
        try:
            report = session.verify_audit(session.actor)
            assert report.ok, (operation, kill_at, report.problems)
        finally:
            session.lock()
        if result.returncode == 0:
            assert "completed" in result.stdout
            break
        assert result.returncode == -9, result.stderr
        kill_at += 1
    assert kill_at >= 2  # at least one write was interrupted
