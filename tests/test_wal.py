"""A damaged vault.db-wal is refused and set aside, never silently cut short.

The WAL is left behind the way a crash leaves it: a writer process adds customers, each
committed, and is killed with SIGKILL before it can close the database.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from app import customers
from app.errors import DamagedVaultError
from app.vault import VAULT_DB, Vault
from app.vault import wal as wal_mod
from tests.keyfiles import data_key

OWNER, OWNER_PASSWORD = "Owner", "owner-pass-1"  # as made by conftest
COMMITTED = 40
PAGE = 4096
FRAME = 24 + PAGE

WRITER = """
import os, signal, sys
from app import customers
from app.vault import Vault
vault = Vault.unlock(sys.argv[1], sys.argv[2], sys.argv[3])
for i in range(int(sys.argv[4])):
    customers.create(vault, vault.actor, {"name": f"写入客户{i}", "phone": f"1380000{i:04d}"})
print("committed", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def crashed(vault: Vault, vault_dir: Path) -> Path:
    """A vault whose writer was killed after committing COMMITTED customers: the WAL remains."""
    vault.lock()
    result = subprocess.run(
        [sys.executable, "-c", WRITER, str(vault_dir), OWNER, OWNER_PASSWORD, str(COMMITTED)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "committed" in result.stdout, result.stderr
    assert result.returncode == -9
    wal = vault_dir / (VAULT_DB + "-wal")
    assert wal.stat().st_size > 10 * FRAME
    return vault_dir


def frames(wal: Path) -> int:
    return (wal.stat().st_size - 32) // FRAME


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_crash_leaves_a_wal_that_opens_with_every_committed_customer(crashed: Path) -> None:
    vault = Vault.unlock(crashed, OWNER, OWNER_PASSWORD)
    try:
        assert customers.count(vault, vault.actor) == COMMITTED
    finally:
        vault.lock()


def test_one_flipped_byte_in_the_wal_is_refused_set_aside_and_explained(crashed: Path) -> None:
    wal = crashed / (VAULT_DB + "-wal")
    flip(wal, 32 + (frames(wal) // 3) * FRAME + 24 + 1000)  # page data of an early frame
    damaged = wal.read_bytes()
    with pytest.raises(DamagedVaultError) as caught:
        Vault.unlock(crashed, OWNER, OWNER_PASSWORD)
    message = caught.value.message
    assert "vault.db-wal" in message and "damaged" in message and "Restore the vault from a backup" in message
    copies = list(crashed.glob("vault.db-wal.damaged-*"))
    assert len(copies) == 1 and str(copies[0]) in message
    assert copies[0].read_bytes() == damaged
    assert copies[0].stat().st_mode & 0o777 == 0o600
    assert wal.read_bytes() == damaged  # nothing was replayed over it or discarded
    with pytest.raises(DamagedVaultError):
        Vault.unlock(crashed, OWNER, OWNER_PASSWORD)
    assert len(list(crashed.glob("vault.db-wal.damaged-*"))) == 1  # one copy per distinct file

    env = {**os.environ, "CUSTOS_USER": OWNER, "CUSTOS_PASSWORD": OWNER_PASSWORD}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", "--vault", str(crashed)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "vault.db-wal" in result.stderr and "damaged" in result.stderr and "backup" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["salt", "checksum", "header"])
def test_damage_in_a_frame_header_or_the_wal_header_is_refused(crashed: Path, where: str) -> None:
    wal = crashed / (VAULT_DB + "-wal")
    frame = 32 + (frames(wal) // 2) * FRAME
    offset = {"salt": frame + 9, "checksum": frame + 17, "header": 13}[where]
    flip(wal, offset)
    with pytest.raises(DamagedVaultError, match="damaged"):
        Vault.unlock(crashed, OWNER, OWNER_PASSWORD)


def test_leftover_frames_of_an_older_generation_and_an_unfinished_transaction_are_normal(
    crashed: Path,
) -> None:
    wal = crashed / (VAULT_DB + "-wal")
    data = wal.read_bytes()
    usable = 32 + frames(wal) * FRAME
    last = bytearray(data[usable - FRAME : usable])
    unfinished = bytearray(last)
    struct.pack_into(">I", unfinished, 4, 0)  # not a commit frame
    unfinished[100] ^= 0xFF  # and torn: its checksum fails
    older = bytearray(last)
    struct.pack_into(">II", older, 8, 1, 2)  # salts of an earlier generation
    assert wal_mod.inspect(wal) is None
    wal.write_bytes(data[:usable] + bytes(unfinished))
    assert wal_mod.inspect(wal) is None
    wal.write_bytes(data[:usable] + bytes(older) + bytes(older))
    assert wal_mod.inspect(wal) is None
    vault = Vault.unlock(crashed, OWNER, OWNER_PASSWORD)
    try:
        assert customers.count(vault, vault.actor) == COMMITTED
    finally:
        vault.lock()


def test_after_a_clean_lock_no_saved_change_depends_on_the_wal(vault: Vault, vault_dir: Path) -> None:
    # Another idle connection (a second process would be the same) keeps SQLite from
    # merging the WAL by itself when Custos closes its own connections.
    other = sqlcipher3.connect(str(vault_dir / VAULT_DB))
    other.execute(f"PRAGMA key = \"x'{data_key(vault_dir, OWNER, OWNER_PASSWORD).hex()}'\"")
    other.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        for i in range(20):
            customers.create(vault, vault.actor, {"name": f"客户{i}"})
        vault.lock()
        wal = vault_dir / (VAULT_DB + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        other.close()
