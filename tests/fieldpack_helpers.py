"""An office vault with a field user and customers to carry, for the field-pack tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from app import access, customers, fieldpack, users
from app.access import Actor
from app.vault import Vault
from tests.conftest import BUSINESS, OWNER, OWNER_PASSWORD
from tests.consent_helpers import add_text

FIELD_USER, FIELD_PASSWORD = "li", "field-pass-7788"
MANAGER, MANAGER_PASSWORD = "wang", "manager-pass-7788"
SALES, SALES_PASSWORD = "zhao", "sales-pass-7788"
HIDDEN_NOTE = "only-the-office-knows-this-note"
ID_NUMBER = "110105198001010016"
SECRET_EMAIL = "hidden.person@example.org"


@dataclass
class Office:
    folder: Path
    vault: Vault
    owner: Actor
    north: list[int]  # customers tagged north (the pack's)
    south: list[int]


def make_office(tmp_path: Path, *, count: int = 6) -> Office:
    """Customers tagged north/south with a hidden note and a sensitive ID number; the field
    role sees e-mail masked (an override), notes and ID numbers not at all (defaults)."""
    folder = tmp_path / "office"
    vault, _code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD, business_name=BUSINESS)
    owner = vault.actor
    users.add(vault, owner, FIELD_USER, FIELD_PASSWORD, "field")
    users.add(vault, owner, MANAGER, MANAGER_PASSWORD, "manager")
    users.add(vault, owner, SALES, SALES_PASSWORD, "sales")
    access.set_level(vault, owner, "field", "email", "masked")
    add_text(vault, owner)
    rows = []
    for i in range(count):
        rows.append(
            {
                "name": f"客户{i}",
                "phone": f"1390000{i:04d}",
                "email": f"person{i}.{SECRET_EMAIL}",
                "address": f"广东省深圳市南山区科技园{i}号",
                "tags": "north" if i % 2 == 0 else "south",
                "notes": f"{HIDDEN_NOTE}-{i}",
                "id_number": ID_NUMBER if i == 0 else None,
            }
        )
    ids = customers.create_many(vault, owner, rows)
    north = [cid for cid, row in zip(ids, rows, strict=True) if row["tags"] == "north"]
    south = [cid for cid, row in zip(ids, rows, strict=True) if row["tags"] == "south"]
    return Office(folder, vault, owner, north, south)


def pack_keys(vault: Vault, pack_id: str) -> dict[str, bytes]:
    """The keys the office keeps for a pack (to read its pages as an attacker with them would)."""
    row = vault.connection().execute("SELECT secrets FROM field_packs WHERE id = ?", (pack_id,)).fetchone()
    return {k: bytes.fromhex(v) for k, v in json.loads(row[0]).items()}


def pack_database(path: Path, out: Path) -> Path:
    """The SQLCipher database inside a pack file, written to ``out``."""
    data = path.read_bytes()
    start = len(fieldpack.MAGIC) + 4
    length = int.from_bytes(data[len(fieldpack.MAGIC) : start], "big")
    out.write_bytes(data[start + length :])
    return out
