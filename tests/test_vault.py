"""Creating, unlocking and locking a vault; wrong passwords and throttling; damaged vaults.

Every failure a person can cause (wrong password, wrong folder, damaged or missing files)
must surface as a specific ``KnownError`` with a message they can act on, and must leave
the vault's files exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app import customers, field_admin, users
from app.access import Actor
from app.anchor import ANCHOR_FILE
from app.errors import (
    DamagedVaultError,
    KnownError,
    NotAVaultError,
    ThrottledError,
    UnknownUserError,
    VaultExistsError,
    VaultLockedError,
    WrongPasswordError,
)
from app.vault import VAULT_DB, VAULT_KEYS, Vault, is_vault
from app.vault.throttle import MAX_DELAY_SECONDS, THROTTLE_FILE, SigninThrottle, delay_after

OWNER, OWNER_PASSWORD, BUSINESS = "Owner", "owner-pass-1", "测试商店"  # as made by conftest
ACTOR = Actor(OWNER, "owner")


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def vault_file_hashes(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in (VAULT_DB, VAULT_KEYS)}


@pytest.fixture
def locked_vault(vault: Vault) -> Path:
    """A vault with a few customers, locked: its folder."""
    rows = [
        {"name": f"王芳{i}", "phone": f"1381234{i:04d}", "email": f"c{i}@example.com", "notes": "备注" * 100}
        for i in range(40)
    ]
    customers.create_many(vault, vault.actor, rows)
    written = sum(p.stat().st_size for p in vault.folder.glob("vault.db*"))
    assert written > 20 * 4096, "enough pages for the damage tests to hit different ones"
    vault.lock()
    return vault.folder


# ------------------------------------------------------------------------------ create / unlock / lock


def test_create_returns_an_unlocked_vault_with_owner_business_and_recovery_code(
    vault: Vault, recovery_code: str, vault_dir: Path
) -> None:
    assert not vault.is_locked
    assert vault.user == OWNER
    assert vault.actor.user == OWNER and vault.actor.role == "owner"
    assert vault.business_name == BUSINESS
    assert vault.slot_users() == [OWNER]
    assert len(recovery_code.replace("-", "")) == 24
    assert is_vault(vault_dir)
    assert (vault_dir / VAULT_DB).is_file() and (vault_dir / VAULT_KEYS).is_file()


def test_unlock_with_the_right_password_opens_the_same_data(vault: Vault, vault_dir: Path) -> None:
    customer = customers.create(vault, vault.actor, {"name": "张三"})
    vault.lock()
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert again.vault_id == vault.vault_id
        assert customers.get(again, again.actor, customer.id).name == "张三"
        assert again.business_name == BUSINESS
    finally:
        again.lock()


def test_user_name_is_case_insensitive_at_unlock(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    again = Vault.unlock(vault_dir, OWNER.upper(), OWNER_PASSWORD)
    try:
        assert again.user == OWNER
    finally:
        again.lock()


def test_lock_is_idempotent(vault: Vault) -> None:
    vault.lock()
    vault.lock()
    assert vault.is_locked


LOCKED_CALLS: dict[str, Callable[[Vault], object]] = {
    "connection": lambda v: v.connection(),
    "audit": lambda v: v.audit(),
    "actor": lambda v: v.actor,
    "business_name": lambda v: v.business_name,
    "customers.create": lambda v: customers.create(v, ACTOR, {"name": "x"}),
    "customers.count": lambda v: customers.count(v, ACTOR),
    "customers.search": lambda v: customers.search(v, ACTOR, "王"),
    "change_password": lambda v: v.change_password(OWNER_PASSWORD, "another-pass-2"),
    "users.add": lambda v: users.add(v, ACTOR, "Bob", "bob-pass-123", "sales"),
    "start_recovery_code_replacement": lambda v: v.start_recovery_code_replacement(ACTOR),
    "rotate_data_key": lambda v: v.rotate_data_key(ACTOR),
    "enable_automatic_signin": lambda v: v.enable_automatic_signin(OWNER_PASSWORD),
    "disable_automatic_signin": lambda v: v.disable_automatic_signin(),
    "users.reset_password": lambda v: users.reset_password(v, ACTOR, OWNER, "another-pass-2"),
    "users.remove": lambda v: users.remove(v, ACTOR, OWNER),
    "meta": lambda v: v.meta("vault_id"),
    "customers.get": lambda v: customers.get(v, ACTOR, 1),
    "customers.update": lambda v: customers.update(v, ACTOR, 1, {"name": "y"}),
    "customers.delete": lambda v: customers.delete(v, ACTOR, 1),
    "CustomerView": lambda v: customers.CustomerView(v, ACTOR),
    "field_admin.add_custom_field": lambda v: field_admin.add_custom_field(
        v, ACTOR, key="k", label_zh="甲", label_en="K", type="text"
    ),
}


@pytest.mark.parametrize("call", LOCKED_CALLS.values(), ids=LOCKED_CALLS.keys())
def test_every_call_after_lock_raises_vault_locked_and_changes_nothing(
    vault: Vault, vault_dir: Path, call: Callable[[Vault], object], memory_keyring
) -> None:
    vault.lock()
    before = vault_file_hashes(vault_dir)
    with pytest.raises(VaultLockedError, match="locked"):
        call(vault)
    assert vault_file_hashes(vault_dir) == before
    assert memory_keyring.store == {}, "a locked vault must not store anything in the keyring"


# ------------------------------------------------------------------------------ wrong password


def test_wrong_password_raises_and_leaves_vault_files_unchanged(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    before = vault_file_hashes(vault_dir)
    with pytest.raises(WrongPasswordError, match="Wrong password"):
        Vault.unlock(vault_dir, OWNER, "not-the-password")
    assert vault_file_hashes(vault_dir) == before
    assert sorted(p.name for p in vault_dir.iterdir()) == sorted(
        [VAULT_DB, VAULT_KEYS, THROTTLE_FILE, ANCHOR_FILE]
    )


def test_unknown_user_is_refused_by_name(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    with pytest.raises(UnknownUserError, match="Mallory"):
        Vault.unlock(vault_dir, "Mallory", OWNER_PASSWORD)


def test_throttle_delay_schedule_grows_and_is_capped() -> None:
    assert [delay_after(n) for n in range(0, 3)] == [0.0, 0.0, 0.0]
    assert [delay_after(n) for n in range(3, 8)] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert delay_after(100) == MAX_DELAY_SECONDS
    assert all(delay_after(n) <= delay_after(n + 1) for n in range(50))


def test_signin_throttle_blocks_until_the_delay_passes_and_persists(tmp_path: Path) -> None:
    throttle = SigninThrottle(tmp_path / THROTTLE_FILE)
    t0 = 1_000_000.0
    assert throttle.record_failure("Alice", now=t0) == 0
    assert throttle.record_failure("Alice", now=t0 + 1) == 0
    throttle.check("Alice", now=t0 + 1)  # two free attempts: no wait
    assert throttle.record_failure("Alice", now=t0 + 2) == 2
    with pytest.raises(ThrottledError) as caught:
        throttle.check("alice", now=t0 + 3)  # user names fold case
    assert caught.value.retry_after == pytest.approx(1.0)
    assert "alice" in caught.value.message and "Try again in 2 seconds" in caught.value.message  # rounded up
    # Persisted: a fresh object over the same file still blocks.
    fresh = SigninThrottle(tmp_path / THROTTLE_FILE)
    with pytest.raises(ThrottledError):
        fresh.check("ALICE", now=t0 + 3.5)
    fresh.check("Alice", now=t0 + 4.01)
    assert fresh.record_failure("Alice", now=t0 + 5) == 4
    with pytest.raises(ThrottledError):
        fresh.check("Alice", now=t0 + 8.9)
    fresh.check("Alice", now=t0 + 9.01)
    # Other users are not affected.
    fresh.check("Bob", now=t0 + 5)
    # Success resets the delay; the failures stay pending until they are in the audit log.
    fresh.record_success("Alice")
    fresh.check("Alice", now=t0 + 5)
    (pending,) = fresh.pending()
    assert (pending.name, pending.unknown, pending.moments) == ("Alice", False, (t0, t0 + 1, t0 + 2, t0 + 5))
    fresh.forget([pending])
    assert fresh.pending() == []
    assert not (tmp_path / THROTTLE_FILE).read_text("utf-8").strip("{} \n")


def test_damaged_throttle_file_does_not_lock_anyone_out(tmp_path: Path) -> None:
    (tmp_path / THROTTLE_FILE).write_bytes(b"\xff\xfe not json")
    throttle = SigninThrottle(tmp_path / THROTTLE_FILE)
    throttle.check("Alice")
    assert throttle.record_failure("Alice") == 0


def test_repeated_wrong_passwords_throttle_even_the_right_password(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    for _ in range(3):
        with pytest.raises(WrongPasswordError):
            Vault.unlock(vault_dir, OWNER, "guess-guess-guess")
    before = vault_file_hashes(vault_dir)
    with pytest.raises(ThrottledError) as caught:
        Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    assert 0 < caught.value.retry_after <= 2
    assert "Try again" in caught.value.message
    # Persisted beside the vault: a new throttle object (as a new process would make) agrees.
    with pytest.raises(ThrottledError):
        SigninThrottle.for_vault(vault_dir).check(OWNER)
    with pytest.raises(ThrottledError):
        Vault.unlock(vault_dir, OWNER.lower(), OWNER_PASSWORD)
    assert vault_file_hashes(vault_dir) == before


def test_failed_signins_are_audited_after_the_next_successful_signin(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    for _ in range(3):
        with pytest.raises(WrongPasswordError):
            Vault.unlock(vault_dir, OWNER, "guess-guess-guess")
    with pytest.raises(ThrottledError) as caught:
        Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    time.sleep(caught.value.retry_after + 0.05)
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        actions = [e.action for e in reversed(again.audit().entries(limit=10))]
        assert actions[-4:] == ["signin.failed"] * 3 + ["signin"]
        assert again.audit().verify().ok
    finally:
        again.lock()
    # The counter was reset by the successful sign-in: the next wrong password is free again.
    with pytest.raises(WrongPasswordError) as wrong:
        Vault.unlock(vault_dir, OWNER, "guess-guess-guess")
    assert "Wait" not in wrong.value.message
    SigninThrottle.for_vault(vault_dir).check(OWNER)


# ------------------------------------------------------------------------------ not a vault


def test_empty_folder_is_not_a_vault(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(NotAVaultError, match="not a Custos vault"):
        Vault.unlock(folder, OWNER, OWNER_PASSWORD)


def test_folder_with_unrelated_files_is_not_a_vault(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello", "utf-8")
    (folder / "customers.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(NotAVaultError, match="not a Custos vault"):
        Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    assert not is_vault(folder)


def test_a_file_is_not_a_vault(tmp_path: Path) -> None:
    path = tmp_path / "vault.db"
    path.write_bytes(b"x" * 10)
    with pytest.raises(NotAVaultError, match="is a file"):
        Vault.unlock(path, OWNER, OWNER_PASSWORD)


def test_nonexistent_path_is_not_a_vault(tmp_path: Path) -> None:
    with pytest.raises(NotAVaultError, match="does not exist"):
        Vault.unlock(tmp_path / "nowhere", OWNER, OWNER_PASSWORD)
    with pytest.raises(NotAVaultError):
        Vault.unlock_with_recovery_code(tmp_path / "nowhere", "AAAA")
    with pytest.raises(NotAVaultError):
        Vault.unlock_automatically(tmp_path / "nowhere", OWNER)


def test_creating_over_an_existing_vault_is_refused(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(VaultExistsError, match="already holds a vault"):
        Vault.create(vault_dir, owner="Other", password="other-pass-1")
    vault.lock()
    before = file_hashes(vault_dir)
    with pytest.raises(VaultExistsError, match="already holds a vault"):
        Vault.create(vault_dir, owner="Other", password="other-pass-1")
    (vault_dir / VAULT_KEYS).unlink()  # even half a vault is not overwritten
    with pytest.raises(VaultExistsError):
        Vault.create(vault_dir, owner="Other", password="other-pass-1")
    del before[VAULT_KEYS]
    assert file_hashes(vault_dir) == before


def test_creating_in_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "stuff"
    folder.mkdir()
    (folder / "important.txt").write_text("keep me", "utf-8")
    with pytest.raises(VaultExistsError, match="not empty"):
        Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
    assert [p.name for p in folder.iterdir()] == ["important.txt"]


def test_create_refuses_a_short_password_and_an_empty_owner(vault_dir: Path) -> None:
    with pytest.raises(KnownError, match="at least 8"):
        Vault.create(vault_dir, owner=OWNER, password="short")
    with pytest.raises(KnownError, match="name"):
        Vault.create(vault_dir, owner="  ", password=OWNER_PASSWORD)
    assert not is_vault(vault_dir)


# ------------------------------------------------------------------------------ damaged vaults


def _truncate(size: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        path = folder / VAULT_DB
        with path.open("r+b") as fh:
            fh.truncate(size(path.stat().st_size))

    return damage


def _overwrite(offset: Callable[[int], int], data: bytes = b"\xa5" * 64) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        path = folder / VAULT_DB
        with path.open("r+b") as fh:
            fh.seek(offset(path.stat().st_size))
            fh.write(data)

    return damage


DB_DAMAGE = {
    "truncated to half": _truncate(lambda size: size // 2 // 4096 * 4096),
    "truncated to a non-multiple of the page size": _truncate(lambda size: size // 2 + 1000),
    "truncated to one page": _truncate(lambda size: 4096),
    "truncated to nothing": _truncate(lambda size: 0),
    "first page overwritten": _overwrite(lambda size: 200),
    "salt overwritten": _overwrite(lambda size: 0, b"\x00" * 16),
    "middle of the file overwritten": _overwrite(lambda size: size // 2 // 4096 * 4096 + 1000),
    "last page overwritten": _overwrite(lambda size: size - 100, b"\x5a" * 50),
}


@pytest.mark.parametrize("damage", DB_DAMAGE.values(), ids=DB_DAMAGE.keys())
def test_damaged_vault_db_raises_damaged_vault_error(
    locked_vault: Path, damage: Callable[[Path], None]
) -> None:
    damage(locked_vault)
    with pytest.raises(DamagedVaultError, match=r"vault\.db.*(damaged|decrypted|empty)") as caught:
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)
    assert "backup" in caught.value.message


@pytest.mark.parametrize("page", range(1, 12))
def test_a_damaged_page_anywhere_in_vault_db_is_reported_at_unlock(locked_vault: Path, page: int) -> None:
    """Whichever page is hit, unlock says so instead of failing later in the middle of work."""
    size = (locked_vault / VAULT_DB).stat().st_size
    offset = min(page * size // 12 // 4096, size // 4096 - 1) * 4096 + 1500
    _overwrite(lambda _size: offset)(locked_vault)
    with pytest.raises(DamagedVaultError, match="backup"):
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)


def test_missing_vault_keys_raises_damaged_vault_error(locked_vault: Path) -> None:
    (locked_vault / VAULT_KEYS).unlink()
    with pytest.raises(DamagedVaultError, match=r"vault\.keys is missing"):
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)


def test_missing_vault_db_raises_damaged_vault_error(locked_vault: Path) -> None:
    (locked_vault / VAULT_DB).unlink()
    with pytest.raises(DamagedVaultError, match=r"vault\.db is missing"):
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)


def _edit_keys(folder: Path, edit: Callable[[dict], None]) -> None:
    data = json.loads((folder / VAULT_KEYS).read_text("utf-8"))
    edit(data)
    (folder / VAULT_KEYS).write_text(json.dumps(data), "utf-8")


def _flip_b64(text: str, index: int) -> str:
    import base64

    raw = bytearray(base64.b64decode(text))
    raw[index % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


def _owner_slot(data: dict) -> dict:
    return next(s for s in data["slots"] if s["user"] == OWNER)


KEYS_DAMAGE: dict[str, Callable[[Path], None]] = {
    "not JSON": lambda f: (f / VAULT_KEYS).write_text('{"format": 1, "slots": [', "utf-8"),
    "binary garbage": lambda f: (f / VAULT_KEYS).write_bytes(b"\x00\xff\xfe" * 50),
    "empty file": lambda f: (f / VAULT_KEYS).write_bytes(b""),
    "JSON list": lambda f: (f / VAULT_KEYS).write_text("[1, 2]", "utf-8"),
    "slots missing": lambda f: _edit_keys(f, lambda d: d.pop("slots")),
    "slot field missing": lambda f: _edit_keys(f, lambda d: _owner_slot(d).pop("envelope")),
    "envelope ciphertext byte flipped": lambda f: _edit_keys(
        f, lambda d: _owner_slot(d)["envelope"].update(ct=_flip_b64(_owner_slot(d)["envelope"]["ct"], 5))
    ),
    "envelope ephemeral key byte flipped": lambda f: _edit_keys(
        f,
        lambda d: _owner_slot(d)["envelope"].update(
            ephemeral=_flip_b64(_owner_slot(d)["envelope"]["ephemeral"], 3)
        ),
    ),
    "public key byte flipped": lambda f: _edit_keys(
        f, lambda d: _owner_slot(d).update(public_key=_flip_b64(_owner_slot(d)["public_key"], 7))
    ),
    "ciphertext is not base64": lambda f: _edit_keys(
        f, lambda d: _owner_slot(d)["envelope"].update(ct="!!not base64!!")
    ),
    "salt is not base64": lambda f: _edit_keys(f, lambda d: _owner_slot(d)["kdf"].update(salt="@@@")),
    "kdf is not an object": lambda f: _edit_keys(f, lambda d: _owner_slot(d).update(kdf="argon2id")),
    "unknown format": lambda f: _edit_keys(f, lambda d: d.update(format=99)),
}


@pytest.mark.parametrize("damage", KEYS_DAMAGE.values(), ids=KEYS_DAMAGE.keys())
def test_damaged_vault_keys_raises_damaged_vault_error(
    locked_vault: Path, damage: Callable[[Path], None]
) -> None:
    damage(locked_vault)
    db_before = hashlib.sha256((locked_vault / VAULT_DB).read_bytes()).hexdigest()
    with pytest.raises(DamagedVaultError, match=r"vault\.keys|key slot") as caught:
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)
    assert caught.value.message
    assert hashlib.sha256((locked_vault / VAULT_DB).read_bytes()).hexdigest() == db_before


def test_flipped_byte_in_the_wrapped_private_key_reads_as_a_wrong_password(locked_vault: Path) -> None:
    """AES-GCM cannot tell a damaged slot from a wrong password; either way nothing opens."""
    _edit_keys(
        locked_vault,
        lambda d: _owner_slot(d)["private_key"].update(ct=_flip_b64(_owner_slot(d)["private_key"]["ct"], 9)),
    )
    with pytest.raises(WrongPasswordError):
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)


def test_vault_keys_from_another_vault_does_not_open_this_db(tmp_path: Path, locked_vault: Path) -> None:
    other, _ = Vault.create(tmp_path / "other", owner=OWNER, password=OWNER_PASSWORD)
    other.lock()
    (locked_vault / VAULT_KEYS).write_bytes((tmp_path / "other" / VAULT_KEYS).read_bytes())
    with pytest.raises(DamagedVaultError, match=r"vault\.db"):
        Vault.unlock(locked_vault, OWNER, OWNER_PASSWORD)
