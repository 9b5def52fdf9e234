"""Key slots: passwords, users, the recovery code, data-key rotation and automatic sign-in.

The data key lives only wrapped in ``vault.keys``. These tests check the promises made in
DESIGN.md from the outside: who can open the vault after each operation, and that a
removed user's old material no longer opens the current file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from app import customers, users
from app.access import Actor
from app.audit import derive_audit_key
from app.errors import (
    DamagedVaultError,
    KeyringUnavailableError,
    KnownError,
    PermissionDeniedError,
    UnknownUserError,
    WrongPasswordError,
)
from app.vault import VAULT_KEYS, Vault, autosignin
from app.vault.keyslots import KeyFile, Slot, normalize_recovery_code
from tests.keyfiles import data_key, opens_db

OWNER, OWNER_PASSWORD = "Owner", "owner-pass-1"  # as made by conftest


def can_unlock(folder: Path, user: str, password: str) -> bool:
    try:
        Vault.unlock(folder, user, password).lock()
    except (WrongPasswordError, UnknownUserError):
        return False
    return True


def files_containing(folders: list[Path], needles: list[bytes]) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if any(n in data for n in needles):
                    found.append(path)
    return found


# ------------------------------------------------------------------------------ passwords and users


def test_change_password_old_stops_working_new_works(vault: Vault, vault_dir: Path) -> None:
    vault.change_password(OWNER_PASSWORD, "brand-new-pass-2")
    vault.lock()
    with pytest.raises(WrongPasswordError):
        Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    assert can_unlock(vault_dir, OWNER, "brand-new-pass-2")


def test_change_password_needs_the_old_password_and_a_long_new_one(vault: Vault, vault_dir: Path) -> None:
    keys_before = (vault_dir / VAULT_KEYS).read_bytes()
    with pytest.raises(WrongPasswordError):
        vault.change_password("not-my-password", "brand-new-pass-2")
    with pytest.raises(KnownError, match="at least 8"):
        vault.change_password(OWNER_PASSWORD, "short")
    assert (vault_dir / VAULT_KEYS).read_bytes() == keys_before
    vault.lock()
    assert can_unlock(vault_dir, OWNER, OWNER_PASSWORD)


def test_added_user_can_unlock_with_their_own_password_and_role(
    vault: Vault, owner: Actor, vault_dir: Path
) -> None:
    users.add(vault, owner, "Alice", "alice-pass-1", "sales")
    assert sorted(vault.slot_users()) == ["Alice", OWNER]
    vault.lock()
    alice = Vault.unlock(vault_dir, "alice", "alice-pass-1")
    try:
        assert alice.actor == Actor("Alice", "sales")
    finally:
        alice.lock()
    with pytest.raises(WrongPasswordError):
        Vault.unlock(vault_dir, "Alice", OWNER_PASSWORD)


def test_add_user_refuses_duplicates_bad_roles_and_bad_names(vault: Vault, owner: Actor) -> None:
    users.add(vault, owner, "Alice", "alice-pass-1", "sales")
    with pytest.raises(KnownError, match="already"):
        users.add(vault, owner, "ALICE", "alice-pass-2", "sales")
    with pytest.raises(KnownError, match="Unknown role"):
        users.add(vault, owner, "Bob", "bob-pass-123", "janitor")
    with pytest.raises(KnownError, match="slashes"):
        users.add(vault, owner, "a/b", "bob-pass-123", "sales")
    with pytest.raises(KnownError, match="at least 8"):
        users.add(vault, owner, "Bob", "short", "sales")
    assert sorted(vault.slot_users()) == ["Alice", OWNER]


def test_removed_user_can_no_longer_unlock(vault: Vault, owner: Actor, vault_dir: Path) -> None:
    users.add(vault, owner, "Alice", "alice-pass-1", "sales")
    users.remove(vault, owner, "Alice")
    assert vault.slot_users() == [OWNER]
    vault.lock()
    with pytest.raises(UnknownUserError):
        Vault.unlock(vault_dir, "Alice", "alice-pass-1")
    assert can_unlock(vault_dir, OWNER, OWNER_PASSWORD)


def test_the_last_owner_cannot_be_removed(vault: Vault, owner: Actor, vault_dir: Path) -> None:
    with pytest.raises(PermissionDeniedError, match="last owner"):
        users.remove(vault, owner, OWNER)
    users.add(vault, owner, "Second", "second-pass-1", "owner")
    users.remove(vault, owner, OWNER)  # another owner exists now
    vault.lock()
    assert can_unlock(vault_dir, "Second", "second-pass-1")
    assert not can_unlock(vault_dir, OWNER, OWNER_PASSWORD)


# ------------------------------------------------------------------------------ recovery code


def test_recovery_code_unlocks_ignoring_case_and_spacing(
    vault: Vault, recovery_code: str, vault_dir: Path
) -> None:
    vault.lock()
    typed = "  " + recovery_code.lower().replace("-", " ") + " "
    recovered = Vault.unlock_with_recovery_code(vault_dir, typed)
    try:
        assert recovered.user is None
        assert recovered.actor.role == "owner"
    finally:
        recovered.lock()
    Vault.unlock_with_recovery_code(vault_dir, recovery_code.replace("-", "")).lock()
    assert normalize_recovery_code(typed) == recovery_code


def test_wrong_recovery_code_is_refused(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    with pytest.raises(WrongPasswordError, match="recovery code"):
        Vault.unlock_with_recovery_code(vault_dir, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")


def test_recovery_code_resets_a_forgotten_owner_password(
    vault: Vault, recovery_code: str, vault_dir: Path
) -> None:
    vault.lock()
    recovered = Vault.unlock_with_recovery_code(vault_dir, recovery_code)
    try:
        with pytest.raises(PermissionDeniedError):
            recovered.change_password(OWNER_PASSWORD, "x" * 10)  # no user of its own
        users.reset_password(recovered, recovered.actor, OWNER, "reset-pass-99")
        actions = [e.action for e in recovered.audit().entries(limit=3)]
        assert actions[0] == "user.password_reset"
    finally:
        recovered.lock()
    assert not can_unlock(vault_dir, OWNER, OWNER_PASSWORD)
    assert can_unlock(vault_dir, OWNER, "reset-pass-99")


def test_replacing_the_recovery_code_invalidates_the_old_one(
    vault: Vault, owner: Actor, recovery_code: str, vault_dir: Path
) -> None:
    new_code = vault.start_recovery_code_replacement(owner)
    vault.finish_recovery_code_replacement(owner)
    assert normalize_recovery_code(new_code) != normalize_recovery_code(recovery_code)
    vault.lock()
    with pytest.raises(WrongPasswordError):
        Vault.unlock_with_recovery_code(vault_dir, recovery_code)
    Vault.unlock_with_recovery_code(vault_dir, new_code).lock()


# ------------------------------------------------------------------------------ rotation


def test_rotation_after_removing_a_user_shuts_out_their_old_key_and_slot(
    vault: Vault, owner: Actor, vault_dir: Path
) -> None:
    kept = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678"})
    users.add(vault, owner, "Mallory", "mallory-pass-1", "sales")
    # What Mallory could keep before being removed: her slot (as JSON) and the data key.
    keys = KeyFile.load(vault_dir / VAULT_KEYS)
    slot = keys.user_slot("Mallory")
    assert slot is not None
    saved_slot_json = json.dumps(dataclasses.asdict(slot))
    old_key = data_key(vault_dir, "Mallory", "mallory-pass-1")
    assert opens_db(vault_dir, old_key)

    users.remove(vault, owner, "Mallory")
    vault.rotate_data_key(owner)

    # (a) the old data key no longer opens the file (checked while unlocked and after lock)
    assert not opens_db(vault_dir, old_key)
    # (b) her saved slot still unwraps, but only to the old key
    stale = Slot(**json.loads(saved_slot_json))
    secrets = stale.open(keys.vault_id, stale.derive("mallory-pass-1"))
    assert set(secrets) == {"data"}
    assert secrets["data"] == old_key
    # (c) putting the old slot back into vault.keys does not get her in either
    vault.lock()
    assert not opens_db(vault_dir, old_key)
    current = KeyFile.load(vault_dir / VAULT_KEYS)
    current.slots.append(stale)
    current.save(vault_dir / VAULT_KEYS)
    with pytest.raises(DamagedVaultError):
        Vault.unlock(vault_dir, "Mallory", "mallory-pass-1")

    new_key = data_key(vault_dir, OWNER, OWNER_PASSWORD)
    assert new_key != old_key and opens_db(vault_dir, new_key)
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert customers.get(again, again.actor, kept.id).values["phone"] == "13812345678"
        assert customers.search(again, again.actor, "王芳").ids == [kept.id]
        result = again.audit().verify()
        assert result.ok, result.message()
        assert "vault.key_rotated" in [e.action for e in again.audit().entries(limit=5)]
    finally:
        again.lock()


def test_rotation_keeps_every_remaining_slot_and_the_recovery_code_working(
    vault: Vault, owner: Actor, recovery_code: str, vault_dir: Path
) -> None:
    users.add(vault, owner, "Alice", "alice-pass-1", "service")
    vault.enable_automatic_signin(OWNER_PASSWORD)
    vault.rotate_data_key(owner)
    vault.rotate_data_key(owner)  # twice: nothing accumulates
    vault.lock()
    assert can_unlock(vault_dir, "Alice", "alice-pass-1")
    Vault.unlock_with_recovery_code(vault_dir, recovery_code).lock()
    Vault.unlock_automatically(vault_dir, OWNER).lock()
    keys = KeyFile.load(vault_dir / VAULT_KEYS)
    for slot in keys.slots:
        secret = OWNER_PASSWORD if slot.user == OWNER else "alice-pass-1"
        if slot.kind == "recovery":
            secret = recovery_code
        # Nothing accumulates (no previous_data); the sensitive-field key only where the role needs it.
        expected = {"data"} if slot.user == "Alice" else {"data", "sensitive"}
        assert set(slot.open(keys.vault_id, slot.derive(secret))) == expected


def test_a_worker_threads_connection_keeps_working_after_rotation(vault: Vault, owner: Actor) -> None:
    customers.create(vault, owner, {"name": "王芳"})
    rotated, finished = threading.Event(), threading.Event()
    seen: list[object] = []

    def worker() -> None:
        try:
            seen.append(customers.count(vault, owner))  # opens this thread's connection
            rotated.wait(10)
            seen.append(customers.count(vault, owner))
            seen.append(customers.create(vault, owner, {"name": "李雷"}).name)
        except Exception as exc:  # reported below, in the test's own thread
            seen.append(exc)
        finally:
            vault.close_thread_connection()
            finished.set()

    thread = threading.Thread(target=worker)
    thread.start()
    while not seen and thread.is_alive():
        time.sleep(0.01)
    vault.rotate_data_key(owner)
    rotated.set()
    assert finished.wait(10)
    thread.join()
    assert seen == [1, 1, "李雷"]
    assert customers.count(vault, owner) == 2


def test_rotation_refuses_to_launder_a_tampered_audit_log(
    vault: Vault, owner: Actor, vault_dir: Path
) -> None:
    vault.connection().execute("UPDATE audit SET actor = 'someone else' WHERE seq = 1")
    key_before = data_key(vault_dir, OWNER, OWNER_PASSWORD)
    with pytest.raises(DamagedVaultError, match="audit log broken at entry 1"):
        vault.rotate_data_key(owner)
    assert data_key(vault_dir, OWNER, OWNER_PASSWORD) == key_before
    assert not vault.audit().verify().ok


def _interrupt_rotation(vault: Vault, *, reseal_audit: bool, rekey: bool) -> bytes:
    """Do the first steps of rotate_data_key, then 'crash' (lock without finishing)."""
    secrets = vault._secrets
    assert secrets is not None
    old, new = secrets["data"], os.urandom(32)
    vault._seal_all({**secrets, "data": new, "previous_data": old})  # commits, then writes vault.keys
    if reseal_audit:
        vault.audit().reseal(derive_audit_key(new))
    if rekey:
        vault._rekey(vault.connection(), new)
    vault.lock()
    return new


@pytest.mark.parametrize(
    ("reseal_audit", "rekey"),
    [(False, False), (True, False), (True, True)],
    ids=["after the slots were saved", "after the audit log was resealed", "after the rekey"],
)
def test_an_interrupted_rotation_is_finished_at_the_next_unlock(
    vault: Vault, owner: Actor, vault_dir: Path, reseal_audit: bool, rekey: bool
) -> None:
    customer = customers.create(vault, owner, {"name": "李雷", "email": "lilei@example.com"})
    new_key = _interrupt_rotation(vault, reseal_audit=reseal_audit, rekey=rekey)
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert customers.get(again, again.actor, customer.id).name == "李雷"
        result = again.audit().verify()
        assert result.ok, result.message()
    finally:
        again.lock()
    assert opens_db(vault_dir, new_key)
    keys = KeyFile.load(vault_dir / VAULT_KEYS)
    slot = keys.user_slot(OWNER)
    assert slot is not None
    carried = set(slot.open(keys.vault_id, slot.derive(OWNER_PASSWORD)))
    assert carried == {"data", "sensitive"}  # no previous key left


# ------------------------------------------------------------------------------ slot binding


def test_a_slot_copied_from_another_vault_does_not_open(
    tmp_path: Path, vault: Vault, vault_dir: Path
) -> None:
    other_dir = tmp_path / "other"
    other, _ = Vault.create(other_dir, owner="Eve", password="eve-pass-123")
    other.lock()
    vault.lock()
    eve_slot = KeyFile.load(other_dir / VAULT_KEYS).user_slot("Eve")
    assert eve_slot is not None
    keys = KeyFile.load(vault_dir / VAULT_KEYS)
    keys.slots.append(eve_slot)
    keys.save(vault_dir / VAULT_KEYS)
    with pytest.raises(WrongPasswordError):
        Vault.unlock(vault_dir, "Eve", "eve-pass-123")
    with pytest.raises(WrongPasswordError):
        eve_slot.open(keys.vault_id, eve_slot.derive("eve-pass-123"))
    # Same slot, moved to another position (slot id) in its own vault: also refused.
    own = KeyFile.load(other_dir / VAULT_KEYS)
    moved = own.user_slot("Eve")
    assert moved is not None
    moved.id = "u-000000000000"
    with pytest.raises(WrongPasswordError):
        moved.open(own.vault_id, moved.derive("eve-pass-123"))


# ------------------------------------------------------------------------------ automatic sign-in


def test_automatic_signin_works_until_the_password_changes(
    vault: Vault, vault_dir: Path, memory_keyring
) -> None:
    assert autosignin.status().available
    vault.enable_automatic_signin(OWNER_PASSWORD)
    stored = dict(memory_keyring.store)
    assert len(stored) == 1
    # The keyring holds the slot key: neither the password nor the data key.
    secret = next(iter(stored.values()))
    assert OWNER_PASSWORD not in secret
    assert secret != data_key(vault_dir, OWNER, OWNER_PASSWORD).hex()
    vault.lock()
    auto = Vault.unlock_automatically(vault_dir, OWNER)
    try:
        assert auto.user == OWNER
        auto.change_password(OWNER_PASSWORD, "changed-pass-3")
    finally:
        auto.lock()
    with pytest.raises(WrongPasswordError, match="not set up"):
        Vault.unlock_automatically(vault_dir, OWNER)
    # Changed on another PC: this PC's keyring still has the old slot key.
    memory_keyring.store.update(stored)
    with pytest.raises(WrongPasswordError, match="password was changed"):
        Vault.unlock_automatically(vault_dir, OWNER)
    assert memory_keyring.store == {}, "a stale saved sign-in is forgotten"
    assert can_unlock(vault_dir, OWNER, "changed-pass-3")


@pytest.mark.parametrize("saved", ["00" * 16, "not hex at all", "ab" * 32])
def test_a_mangled_saved_signin_asks_for_the_password(
    vault: Vault, vault_dir: Path, memory_keyring, saved: str
) -> None:
    vault.enable_automatic_signin(OWNER_PASSWORD)
    vault.lock()
    (account,) = memory_keyring.store
    memory_keyring.store[account] = saved
    with pytest.raises(WrongPasswordError, match=r"Enter your password|not set up"):
        Vault.unlock_automatically(vault_dir, OWNER)
    assert can_unlock(vault_dir, OWNER, OWNER_PASSWORD)


def test_enable_automatic_signin_needs_the_right_password(vault: Vault, memory_keyring) -> None:
    with pytest.raises(WrongPasswordError):
        vault.enable_automatic_signin("not-my-password")
    assert memory_keyring.store == {}


def test_disable_automatic_signin_forgets_the_key(vault: Vault, vault_dir: Path, memory_keyring) -> None:
    vault.enable_automatic_signin(OWNER_PASSWORD)
    vault.disable_automatic_signin()
    assert memory_keyring.store == {}
    vault.lock()
    with pytest.raises(WrongPasswordError):
        Vault.unlock_automatically(vault_dir, OWNER)


def test_removing_a_user_forgets_their_automatic_signin(
    vault: Vault, owner: Actor, vault_dir: Path, memory_keyring
) -> None:
    users.add(vault, owner, "Alice", "alice-pass-1", "sales")
    vault.lock()
    alice = Vault.unlock(vault_dir, "Alice", "alice-pass-1")
    alice.enable_automatic_signin("alice-pass-1")
    alice.lock()
    assert len(memory_keyring.store) == 1
    owner_vault = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        users.remove(owner_vault, owner, "Alice")
    finally:
        owner_vault.lock()
    assert memory_keyring.store == {}


def test_without_a_keyring_automatic_signin_is_unavailable_and_nothing_is_written(
    vault: Vault,
    vault_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring,
    private_tempdir: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    status = autosignin.status()
    assert not status.available
    assert "keyring" in status.reason.lower()

    keys = KeyFile.load(vault_dir / VAULT_KEYS)
    slot = keys.user_slot(OWNER)
    assert slot is not None
    slot_key = slot.derive(OWNER_PASSWORD)
    with pytest.raises(KeyringUnavailableError) as caught:
        vault.enable_automatic_signin(OWNER_PASSWORD)
    assert caught.value.message == status.reason
    vault.lock()
    with pytest.raises(WrongPasswordError, match="not set up"):
        Vault.unlock_automatically(vault_dir, OWNER)
    needles = [slot_key, slot_key.hex().encode(), slot_key.hex().upper().encode()]
    assert files_containing([vault_dir, home, private_tempdir], needles) == []


def test_plain_file_keyrings_are_not_trusted() -> None:
    """A keyrings.alt-style backend keeps secrets in a file: refused, with the reason."""
    import keyring
    from keyring.backend import KeyringBackend

    class PlaintextKeyring(KeyringBackend):
        __module__ = "keyrings.alt.file"  # what keyrings.alt's file backends report
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise AssertionError("must never be asked to store the key")

        def delete_password(self, service: str, username: str) -> None:
            pass

    keyring.set_keyring(PlaintextKeyring())  # restored by the memory_keyring fixture
    status = autosignin.status()
    assert not status.available
    assert "plain file" in status.reason
    with pytest.raises(KeyringUnavailableError, match="plain file"):
        autosignin.store("vault-id", OWNER, b"k" * 32)


def test_a_copied_vault_folder_opens_with_the_same_passwords(
    tmp_path: Path, vault: Vault, vault_dir: Path
) -> None:
    """A copied vault folder opens with the same passwords (slots are bound to the vault id,
    not to the path)."""
    vault.lock()
    copy = tmp_path / "copy"
    shutil.copytree(vault_dir, copy)
    assert can_unlock(copy, OWNER, OWNER_PASSWORD)
