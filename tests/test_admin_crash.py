"""Admin changes survive kill -9 at every step: old state or new, key file, database and log agree.

Each operation that changes both vault.keys and vault.db runs in a subprocess that first
lists every crash point it passes (app/faults.py: before and after the database COMMIT,
after each file is written and after it is renamed into place) and is then killed at each
one in turn (``os._exit``, as kill -9: no cleanup). After every kill the owner signs in —
which repairs a lagging vault.keys — and the test checks that the vault holds the old state
or the new one, consistently in vault.keys, the database's users and the audit log, and
that the owner can then carry the operation out (remove, re-add … without a traceback).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import access, faults, users
from app.errors import KnownError, WrongPasswordError
from app.vault import VAULT_KEYS, Vault
from app.vault.keyslots import KeyFile
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.keyfiles import slot_secrets

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {OWNER: OWNER_PASSWORD, "sally": "sally-pass-1", "dave": "dave-pass-1", "mia": "mia-pass-1"}
NEW_PASSWORD = "changed-pass-9"

# Runs one operation in a fresh interpreter; the crash points are armed after the unlock.
SCRIPT = """
import json, os, sys
from pathlib import Path
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import access, users
from app.vault import Vault
folder, op, user, password, code_file, env = sys.argv[1:7]
vault = Vault.unlock(folder, user, password)
actor = vault.actor
os.environ.update(json.loads(env))
if op == "add":
    users.add(vault, actor, "nina", "nina-pass-1", "sales")
elif op == "remove":
    users.remove(vault, actor, "sally")
elif op == "disable":
    users.disable(vault, actor, "sally")
elif op == "enable":
    users.enable(vault, actor, "dave")
elif op == "reset":
    users.reset_password(vault, actor, "sally", "changed-pass-9")
elif op == "role":
    users.set_role(vault, actor, "sally", "manager")
elif op == "passwd":
    vault.change_password(password, "changed-pass-9")
elif op == "policy":
    access.set_level(vault, actor, "sales", "id_number", "masked")
elif op == "recovery":
    code = vault.start_recovery_code_replacement(actor)
    Path(code_file).write_text(code)  # shown
    vault.finish_recovery_code_replacement(actor)
elif op == "rekey":
    vault.rotate_data_key(actor)
vault.lock()
"""

OPERATIONS = ("add", "remove", "disable", "enable", "reset", "role", "passwd", "policy", "recovery", "rekey")
ACTING = {"passwd": "sally"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Owner, a sales user, a disabled user and a manager (built once, copied per run)."""
    import app.vault.keyslots
    import app.vault.vault
    from tests.conftest import CHEAP_KDF

    saved = app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF
    app.vault.keyslots.DEFAULT_KDF = app.vault.vault.DEFAULT_KDF = CHEAP_KDF
    try:
        folder = tmp_path_factory.mktemp("crash-base") / "vault"
        vault, code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
        owner = vault.actor
        users.add(vault, owner, "sally", PASSWORDS["sally"], "sales")
        users.add(vault, owner, "dave", PASSWORDS["dave"], "sales")
        users.add(vault, owner, "mia", PASSWORDS["mia"], "manager")
        users.disable(vault, owner, "dave")
        vault.connection().execute("UPDATE users SET must_change_password = 0")
        vault.lock()
    finally:
        app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF = saved
    return folder, code


def _run(folder: Path, op: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    user = ACTING.get(op, OWNER)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(folder),
            op,
            user,
            PASSWORDS[user],
            str(folder.parent / "code.txt"),
            json.dumps(env),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _steps(base_folder: Path, tmp: Path, op: str) -> list[str]:
    folder = tmp / f"trace-{op}" / "vault"
    shutil.copytree(base_folder, folder)
    trace = tmp / f"trace-{op}.txt"
    done = _run(folder, op, {faults.FAULT_TRACE: str(trace)})
    assert done.returncode == 0, done.stderr
    return trace.read_text().split()


def _audited(vault: Vault, action: str, obj: str | None = None) -> bool:
    return any(
        e.action == action and (obj is None or e.object == obj) for e in vault.audit().entries(limit=10_000)
    )


def _opens(folder: Path, user: str, password: str) -> dict[str, bytes] | None:
    if KeyFile.load(folder / VAULT_KEYS).user_slot(user) is None:
        return None
    try:
        return slot_secrets(folder, user, password)
    except WrongPasswordError:
        return None


def _check_consistent(vault: Vault, folder: Path, passwords: dict[str, str]) -> None:
    """vault.keys matches the database's copy and users; each slot carries what its user may hold."""
    conn = vault.connection()
    on_disk = KeyFile.load(folder / VAULT_KEYS)
    generation, content = conn.execute("SELECT generation, content FROM key_file WHERE id = 1").fetchone()
    assert on_disk.generation == generation and on_disk.to_text() == content
    rows = {r[0].casefold(): (r[1], r[2]) for r in conn.execute("SELECT name, role, status FROM users")}
    assert {u.casefold() for u in on_disk.users()} == set(rows)
    for name, password in passwords.items():
        if name.casefold() not in rows:
            continue
        role, status = rows[name.casefold()]
        carried = _opens(folder, name, password)
        assert carried is not None, f"{name}'s password does not open their slot"
        if status != "active":
            assert carried == {}, f"disabled {name} still holds a key"
        else:
            assert "data" in carried
            assert ("sensitive" in carried) == vault.slot_carries_sensitive_key_for(role), name
    report = vault.verify_audit(vault.actor)
    assert report.ok, report.problems


def _check(op: str, folder: Path, old_code: str) -> None:
    """Old state or new, consistent; then the owner completes the operation."""
    vault = Vault.unlock(folder, OWNER, OWNER_PASSWORD)  # repairs a lagging vault.keys
    try:
        owner = vault.actor
        conn = vault.connection()
        passwords = dict(PASSWORDS)

        def row(name: str):
            return conn.execute("SELECT role, status FROM users WHERE name = ?", (name,)).fetchone()

        if op == "add":
            new = _audited(vault, "user.add", "nina")
            assert (row("nina") is not None) == new
            passwords["nina"] = "nina-pass-1"
            _check_consistent(vault, folder, passwords)
            if new:
                users.remove(vault, owner, "nina")
            users.add(vault, owner, "nina", "nina-pass-1", "sales")
        elif op == "remove":
            new = _audited(vault, "user.remove", "sally")
            assert (row("sally") is None) == new
            assert (_opens(folder, "sally", PASSWORDS["sally"]) is None) == new
            _check_consistent(vault, folder, passwords)
            if not new:
                users.remove(vault, owner, "sally")
            users.add(vault, owner, "sally", "sally-pass-2", "sales")  # re-adding works
        elif op in ("disable", "enable"):
            who, status = ("sally", "disabled") if op == "disable" else ("dave", "active")
            new = _audited(vault, f"user.{op}", who)
            assert (row(who)[1] == status) == new
            _check_consistent(vault, folder, passwords)
            getattr(users, op)(vault, owner, who)
            assert row(who)[1] == status
        elif op in ("reset", "passwd"):
            new = _audited(
                vault, "user.password_reset" if op == "reset" else "user.password_changed", "sally"
            )
            passwords["sally"] = NEW_PASSWORD if new else PASSWORDS["sally"]
            assert _opens(folder, "sally", PASSWORDS["sally"] if new else NEW_PASSWORD) is None
            _check_consistent(vault, folder, passwords)
            users.reset_password(vault, owner, "sally", "sally-pass-3")
        elif op == "role":
            new = _audited(vault, "user.role_change", "sally")
            assert (row("sally")[0] == "manager") == new
            _check_consistent(vault, folder, passwords)
            users.set_role(vault, owner, "sally", "manager")
        elif op == "policy":
            new = _audited(vault, "policy.set", "sales/id_number")
            override = conn.execute(
                "SELECT level FROM role_field_policy WHERE role = 'sales' AND field = 'id_number'"
            ).fetchone()
            assert (override is not None) == new
            _check_consistent(vault, folder, passwords)
            access.set_level(vault, owner, "sales", "id_number", "masked")
        elif op == "recovery":
            new = _audited(vault, "recovery.replaced")
            code_file = folder.parent / "code.txt"
            shown = code_file.read_text() if code_file.exists() else None
            _check_consistent(vault, folder, passwords)
            vault.lock()
            if new:
                assert shown is not None
                with pytest.raises(WrongPasswordError):
                    Vault.unlock_with_recovery_code(folder, old_code)
                Vault.unlock_with_recovery_code(folder, shown).lock()
            else:
                Vault.unlock_with_recovery_code(folder, old_code).lock()  # never void before shown
            vault = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
            owner = vault.actor
            vault.start_recovery_code_replacement(owner)
            vault.finish_recovery_code_replacement(owner)
        elif op == "rekey":
            _check_consistent(vault, folder, passwords)
            vault.rotate_data_key(owner)
        vault.lock()
        vault = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
        _check_consistent(vault, folder, passwords | {"sally": _current_sally(folder)})
    finally:
        vault.lock()


def _current_sally(folder: Path) -> str:
    for candidate in ("sally-pass-3", "sally-pass-2", NEW_PASSWORD, PASSWORDS["sally"]):
        if _opens(folder, "sally", candidate) is not None:
            return candidate
    return PASSWORDS["sally"]


@pytest.mark.parametrize("op", OPERATIONS)
def test_a_kill_at_every_step_of_an_admin_change_leaves_old_or_new_consistently(
    base: tuple[Path, str], tmp_path: Path, op: str
) -> None:
    base_folder, code = base
    steps = _steps(base_folder, tmp_path, op)
    assert "db.commit" in steps and f"{VAULT_KEYS}.replaced" in steps, steps
    for number, name in enumerate(steps, start=1):
        folder = tmp_path / f"{op}-{number}" / "vault"
        shutil.copytree(base_folder, folder)
        crashed = _run(folder, op, {faults.FAULT_AT: str(number)})
        assert crashed.returncode == faults.CRASH_STATUS, f"step {number} ({name}): {crashed.stderr}"
        try:
            _check(op, folder, code)
        except (AssertionError, KnownError) as error:
            raise AssertionError(f"{op}, killed at step {number} ({name}): {error}") from error
