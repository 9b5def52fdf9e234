"""Reading vault files the way someone holding a copy would: slots unwrapped by hand and
vault.db opened with sqlcipher3 directly, bypassing Custos. Shared by the key-slot, role,
migration and leak tests."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from app.vault import VAULT_DB, VAULT_KEYS
from app.vault.keyslots import KeyFile


def slot_secrets(folder: Path, user: str, password: str) -> dict[str, bytes]:
    """Everything ``user``'s slot carries (data key, sensitive key …)."""
    keys = KeyFile.load(folder / VAULT_KEYS)
    slot = keys.user_slot(user)
    assert slot is not None
    return slot.open(keys.vault_id, slot.derive(password))


def data_key(folder: Path, user: str, password: str) -> bytes:
    return slot_secrets(folder, user, password)["data"]


def opens_db(folder: Path, key: bytes) -> bool:
    """Does ``key`` decrypt vault.db, read directly with sqlcipher3?"""
    conn = sqlcipher3.connect(str(folder / VAULT_DB))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()
