"""A merge killed (kill -9) at any step leaves the office vault as it was or fully merged — never
half — and merging again afterwards gives exactly the merged state. Preparing killed at any
step never leaves a pack file the office has no record of."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import consent, customers, erasure, faults, fieldpack
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import signature_png
from tests.fieldpack_helpers import FIELD_PASSWORD, FIELD_USER, make_office
from tests.fill_counts import assert_counts_match

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, os, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import fieldpack
from app.vault import Vault
folder, password, what, pack, env = sys.argv[1:6]
vault = Vault.unlock(folder, "Owner", password)
os.environ.update(json.loads(env))
if what == "merge":
    fieldpack.merge(vault, vault.actor, pack)
else:
    fieldpack.prepare(vault, vault.actor, "li", pack, tag="north")
vault.lock()
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    import app.vault.keyslots
    import app.vault.vault
    from tests.conftest import CHEAP_KDF

    saved = app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF
    app.vault.keyslots.DEFAULT_KDF = app.vault.vault.DEFAULT_KDF = CHEAP_KDF
    try:
        root = tmp_path_factory.mktemp("field-crash")
        office = make_office(root, count=8)
        pack = root / "li.custospack"
        fieldpack.prepare(office.vault, office.owner, FIELD_USER, pack, tag="north")
        a, b, _c, d = office.north
        customers.update(office.vault, office.owner, b, {"phone": "13722220000"})
        erasure.erase(office.vault, office.owner, d)
        office.vault.lock()
        field = fieldpack.open_pack(pack, FIELD_USER, FIELD_PASSWORD)
        actor = field.actor
        customers.update(field, actor, a, {"phone": "13811110000"})
        customers.update(field, actor, b, {"phone": "13811119999"})
        customers.update(field, actor, d, {"phone": "13811118888"})
        new = customers.create(field, actor, {"name": "新客户", "phone": "13655550000"})
        customers.create(field, actor, {"name": "重复", "phone": "13900000001"})
        consent.record(
            field, actor, new.id, text="marketing", decisions={"marketing": "given"}, channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
        )  # fmt: skip
        field.lock()
    finally:
        app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF = saved
    return office.folder, pack, office.north


def _run(folder: Path, what: str, pack: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), OWNER_PASSWORD, what, str(pack), json.dumps(env)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _state(folder: Path, north: list[int]) -> dict:
    vault = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        owner = vault.actor
        conn = vault.connection()
        assert vault.verify_audit(owner).ok
        assert_counts_match(vault)
        return {
            "status": [p.status for p in fieldpack.outstanding(vault, owner, all_packs=True)],
            "phones": [customers.get(vault, owner, cid).get("phone") for cid in north[:3]],
            "count": customers.count(vault, owner),
            "consents": conn.execute("SELECT count(*) FROM consents").fetchone()[0],
            "evidence": conn.execute("SELECT count(*) FROM consent_evidence").fetchone()[0],
            "queue": len(fieldpack.list_conflicts(vault, owner)),
            "field_entries": conn.execute(
                "SELECT count(*) FROM audit WHERE action LIKE 'field.%'"
            ).fetchone()[0],
        }
    finally:
        vault.lock()


def test_a_merge_killed_at_every_step_leaves_the_old_or_the_merged_vault(base, tmp_path):
    folder, pack, north = base
    trace = tmp_path / "trace"
    clean = tmp_path / "clean"
    shutil.copytree(folder, clean)
    before = _state(clean, north)
    result = _run(clean, "merge", pack, {faults.FAULT_TRACE: str(trace)})
    assert result.returncode == 0, result.stderr
    after = _state(clean, north)
    assert before["status"] == ["out"] and after["status"] == ["merged"]
    assert after["phones"][0] == "13811110000" and after["queue"] == 2
    assert after["count"] == before["count"] + 1
    steps = trace.read_text().splitlines()
    assert "fieldpack.merge.edits" in steps and "fieldpack.merge.audit" in steps
    for n in range(1, len(steps) + 1):
        copy = tmp_path / f"at{n}"
        shutil.copytree(folder, copy)
        crashed = _run(copy, "merge", pack, {faults.FAULT_AT: str(n)})
        assert crashed.returncode == faults.CRASH_STATUS, (n, steps[n - 1], crashed.stderr)
        state = _state(copy, north)
        assert state in (before, after), (n, steps[n - 1], state)
        again = _run(copy, "merge", pack, {})
        assert again.returncode == 0, again.stderr
        assert _state(copy, north) == after, (n, steps[n - 1])
        shutil.rmtree(copy)


def test_preparing_killed_at_every_step_never_leaves_a_pack_the_office_does_not_know(base, tmp_path):
    folder, _pack, _north = base
    trace = tmp_path / "trace"
    clean = tmp_path / "clean"
    shutil.copytree(folder, clean)
    result = _run(clean, "prepare", tmp_path / "clean.custospack", {faults.FAULT_TRACE: str(trace)})
    assert result.returncode == 0, result.stderr
    steps = trace.read_text().splitlines()
    assert "fieldpack.prepare.recorded" in steps
    for n in range(1, len(steps) + 1):
        copy = tmp_path / f"at{n}"
        shutil.copytree(folder, copy)
        out = tmp_path / f"at{n}.custospack"
        crashed = _run(copy, "prepare", out, {faults.FAULT_AT: str(n)})
        assert crashed.returncode == faults.CRASH_STATUS, (n, steps[n - 1], crashed.stderr)
        vault = Vault.unlock(copy, OWNER, OWNER_PASSWORD)
        try:
            known = {p.id for p in fieldpack.outstanding(vault, vault.actor, all_packs=True)}
            if out.exists():
                assert fieldpack.read_header(out).pack_id in known, (n, steps[n - 1])
                report = fieldpack.merge(vault, vault.actor, out)
                assert not report.already_merged
        finally:
            vault.lock()
        shutil.rmtree(copy)
