"""Build tests/fixtures/vault_v1/: a real vault at schema version 1, for the migration tests.

Run from the repository root once whenever the fixture must be rebuilt (it is committed):

    .venv/bin/python tools/make_old_vault_fixture.py

Owner "owner", password "fixture-pass-1", cheap Argon2id parameters (recorded in the slot,
so the fixture opens fast with any Custos). The vault is built with the current code but
stops at schema 1, exactly as a vault written before migration 2 existed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import customers  # noqa: E402
from app.vault import VAULT_DB, VAULT_KEYS, KdfParams, Vault  # noqa: E402

OWNER = "owner"
PASSWORD = "fixture-pass-1"
BUSINESS = "老版本商店"
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
CUSTOMERS = [
    {"name": "王芳", "phone": "138 1234 5678", "email": "wangfang@example.com", "tags": "VIP，老客户"},
    {"name": "欧阳娜娜", "phone": "010-58815678", "company": "北京华信科技有限公司"},
    {"name": "李王", "email": "liwang@example.cn", "notes": "喜欢绿茶"},
    {
        "name": "John Smith",
        "phone": "+44 20 7946 0958",
        "email": "John.Smith@Example.com",
        "company": "Acme Ltd",
    },
    {"name": "Émile Zola", "email": "emile@example.fr", "tags": "press"},
]
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "vault_v1"


def build(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        vault, _code = Vault.create(
            folder, owner=OWNER, password=PASSWORD, business_name=BUSINESS, kdf=CHEAP_KDF, schema_version=1
        )
        try:
            conn = vault.connection()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != 1:
                raise SystemExit(f"expected schema 1, got {version}")
            actor = vault.actor
            for values in CUSTOMERS:
                customers.create(vault, actor, values)
            # Merge the WAL into vault.db, so the two committed files are the whole vault.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            vault.lock()  # closing the last connection checkpoints and removes the WAL
        leftovers = sorted(p.name for p in folder.iterdir() if p.name not in (VAULT_DB, VAULT_KEYS))
        if leftovers:
            raise SystemExit(f"unexpected files next to the vault: {leftovers}")
        out.mkdir(parents=True, exist_ok=True)
        for name in (VAULT_DB, VAULT_KEYS):
            shutil.copyfile(folder / name, out / name)
        for stale in (VAULT_DB + "-wal", VAULT_DB + "-shm"):
            (out / stale).unlink(missing_ok=True)
    print(f"wrote {out / VAULT_DB} and {out / VAULT_KEYS}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="destination folder")
    build(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
