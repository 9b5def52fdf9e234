"""Shared fixtures for the core (Qt-free) test suite.

* Argon2id is made cheap: the KDF parameters are recorded in every slot, so a slot made
  with cheap parameters opens exactly like a real one, only faster.
* The OS keyring is replaced by an in-memory backend for every test (``no_keyring`` swaps
  in keyring's own "fail" backend instead), so no test touches the real keyring.
* Temporary files go to a per-test folder, so a test can scan everything that was written.
* Hypothesis has no per-example deadline: a deadline is a timed assertion, and on a busy CI
  machine a garbage-collection pause made correct examples fail as "flaky".
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from hypothesis import settings
from keyring.backend import KeyringBackend

import app.vault.keyslots
import app.vault.vault
from app.access import Actor
from app.vault import Vault
from app.vault.keyslots import KdfParams

settings.register_profile("custos", deadline=None)
settings.load_profile("custos")

CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
OWNER = "Owner"
OWNER_PASSWORD = "owner-pass-1"
BUSINESS = "测试商店"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict: stands in for the OS keyring in tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("not found") from None


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> KdfParams:
    monkeypatch.setattr(app.vault.keyslots, "DEFAULT_KDF", CHEAP_KDF)
    monkeypatch.setattr(app.vault.vault, "DEFAULT_KDF", CHEAP_KDF)
    return CHEAP_KDF


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(memory_keyring: MemoryKeyring) -> keyring.backends.fail.Keyring:
    """No usable keyring, as on a headless Linux box (restored by ``memory_keyring``)."""
    backend = keyring.backends.fail.Keyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file of this test lands in its own folder (scanned by the leak tests)."""
    folder = tmp_path_factory.mktemp("tmpdir")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("TEMP", str(folder))
    monkeypatch.setenv("TMP", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    """Where a new vault goes (does not exist yet)."""
    return tmp_path / "vault"


@pytest.fixture
def created(vault_dir: Path) -> Iterator[tuple[Vault, str]]:
    vault, code = Vault.create(vault_dir, owner=OWNER, password=OWNER_PASSWORD, business_name=BUSINESS)
    try:
        yield vault, code
    finally:
        vault.lock()


@pytest.fixture
def vault(created: tuple[Vault, str]) -> Vault:
    """A new vault, unlocked as the owner."""
    return created[0]


@pytest.fixture
def recovery_code(created: tuple[Vault, str]) -> str:
    return created[1]


@pytest.fixture
def owner(vault: Vault) -> Actor:
    return vault.actor
