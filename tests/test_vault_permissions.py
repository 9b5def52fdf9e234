"""Every file a vault holds is readable by its owner only (0600), and its folder (0700)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app import customers, users
from app.errors import WrongPasswordError
from app.vault import VAULT_DB, Vault
from tests.conftest import OWNER, OWNER_PASSWORD

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for entry in folder.iterdir():
        found[entry.name] = stat.S_IMODE(entry.stat().st_mode)
    return found


def _assert_private(folder: Path) -> None:
    modes = _modes(folder)
    assert modes.pop(".") == 0o700, oct(stat.S_IMODE(folder.stat().st_mode))
    assert modes and all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # the usual default: new files 0644, folders 0755
    yield
    os.umask(previous)


def test_a_new_vault_and_every_file_it_writes_are_private(vault_dir: Path, open_umask) -> None:
    vault, _code = Vault.create(vault_dir, owner=OWNER, password=OWNER_PASSWORD)
    try:
        users.add(vault, vault.actor, "sally", "sally-pass-1", "sales")
        customers.create(vault, vault.actor, {"name": "王芳", "phone": "13812345678"})
        assert (vault_dir / (VAULT_DB + "-wal")).exists()  # written while open: checked too
        _assert_private(vault_dir)
    finally:
        vault.lock()
    with pytest.raises(WrongPasswordError):
        Vault.unlock(vault_dir, OWNER, "wrong-password")  # writes signin.json
    assert (vault_dir / "signin.json").exists()
    _assert_private(vault_dir)


def test_a_vault_made_with_open_permissions_is_made_private_at_unlock(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    os.chmod(vault_dir, 0o755)
    for entry in vault_dir.iterdir():
        os.chmod(entry, 0o644)
    Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD).lock()
    _assert_private(vault_dir)
