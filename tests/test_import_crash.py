"""An import killed at any point (kill -9 between batches, before or after the COMMIT) leaves
the vault with all of the import or none of it: never a part."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import customers, faults, importing
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.fill_counts import assert_counts_match
from tests.import_files import write_csv

ROOT = Path(__file__).resolve().parent.parent
ROWS = 5000  # three batches

SCRIPT = """
import json, os, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import access, importing
from app.vault import Vault
folder, user, password, path, env = sys.argv[1:6]
vault = Vault.unlock(folder, user, password)
source = importing.open_source(path)
mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
os.environ.update(json.loads(env))
importing.run(vault, vault.actor, source, mapping, source_text="crash test")
vault.lock()
"""


def run_import(folder: Path, path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), OWNER, OWNER_PASSWORD, str(path), json.dumps(env)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_a_kill_at_every_step_of_an_import_leaves_all_or_nothing(tmp_path, vault_dir) -> None:
    vault, _code = Vault.create(vault_dir, owner=OWNER, password=OWNER_PASSWORD, business_name="店")
    customers.create(vault, vault.actor, {"name": "老客户", "phone": "13600000000"})
    vault.lock()
    rows = [[f"客户{i}", f"138{i:08d}", "", "", "", ""] for i in range(ROWS)]
    path = write_csv(tmp_path / "big.csv", rows=rows, encoding="gbk")
    trace = tmp_path / "trace.txt"
    base = tmp_path / "base"
    shutil.copytree(vault_dir, base)
    done = run_import(vault_dir, path, {faults.FAULT_TRACE: str(trace)})
    assert done.returncode == 0, done.stderr
    points = trace.read_text().split()
    assert points.count("import.batch") == 3 and "db.commit" in points
    first_import_point = points.index("import.batch") + 1
    for at in range(first_import_point, len(points) + 1):
        shutil.rmtree(vault_dir)
        shutil.copytree(base, vault_dir)
        killed = run_import(vault_dir, path, {faults.FAULT_AT: str(at)})
        assert killed.returncode == faults.CRASH_STATUS, (at, killed.stderr)
        vault = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
        try:
            count = customers.count(vault, vault.actor)
            imports = importing.list_imports(vault, vault.actor)
            committed = points[at - 1] == "db.committed" or at > points.index("db.committed") + 1
            assert count == (1 + ROWS if committed else 1), (at, points[at - 1], count)
            assert len(imports) == (1 if committed else 0)
            assert vault.audit().verify().ok
            assert_counts_match(vault)  # the field counters moved with the rows, or not at all
        finally:
            vault.lock()
