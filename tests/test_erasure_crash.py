"""Erasure survives kill -9 at every step: the customer is whole (row, index, consents, evidence)
or gone with its ledger entry and tombstone — never half — and a scrub cut short is finished at
the next sign-in, after which no page holds the customer's identifiers. Both ways of erasing are
killed: merging the search indexes inside the erasing transaction (the default), and leaving the
merge to a later scrub (a retention run), which holds FTS5's automatic merging until then."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import consent, customers, faults
from app.vault import Vault
from tests import pagescan
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import add_text, signature_png
from tests.fill_counts import assert_counts_match

ROOT = Path(__file__).resolve().parent.parent
NAME, PHONE, EMAIL = "欧阳静怡", "13712340987", "jingyi.ouyang@example.net"

SCRIPT = """
import json, os, sys
import app.vault.keyslots as keyslots, app.vault.vault as vault_mod
from app.vault.keyslots import KdfParams
keyslots.DEFAULT_KDF = vault_mod.DEFAULT_KDF = KdfParams(1, 1024, 1)
from app import erasure
from app.vault import Vault
folder, user, password, customer_id, env, mode = sys.argv[1:7]
vault = Vault.unlock(folder, user, password)
os.environ.update(json.loads(env))
if mode == "deferred":
    erasure.erase_many(vault, vault.actor, [int(customer_id)], scrub_now=False)
    erasure.scrub(vault)
else:
    erasure.erase(vault, vault.actor, int(customer_id))
vault.lock()
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    import app.vault.keyslots
    import app.vault.vault
    from tests.conftest import CHEAP_KDF

    saved = app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF
    app.vault.keyslots.DEFAULT_KDF = app.vault.vault.DEFAULT_KDF = CHEAP_KDF
    try:
        folder = tmp_path_factory.mktemp("erase-crash") / "vault"
        vault, _code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
        owner = vault.actor
        add_text(vault, owner)
        customers.create_many(
            vault, owner, [{"name": f"其他{i}", "phone": f"1390000{i:04d}"} for i in range(30)]
        )
        cid = customers.create(vault, owner, {"name": NAME, "phone": PHONE, "email": EMAIL}).id
        consent.record(
            vault,
            owner,
            cid,
            text="marketing",
            decisions={"marketing": "given"},
            channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
        )
        vault.lock()
    finally:
        app.vault.keyslots.DEFAULT_KDF, app.vault.vault.DEFAULT_KDF = saved
    return folder, cid


def _run(folder: Path, cid: int, env: dict[str, str], mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), OWNER, OWNER_PASSWORD, str(cid), json.dumps(env), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _state(vault: Vault, cid: int) -> dict[str, int]:
    conn = vault.connection()
    one = lambda sql: conn.execute(sql, (cid,)).fetchone()[0]  # noqa: E731
    return {
        "row": one("SELECT count(*) FROM customers WHERE id = ?"),
        "trigram": one("SELECT count(*) FROM search_trigram WHERE rowid = ?"),
        "consents": one("SELECT count(*) FROM consents WHERE customer_id = ?"),
        "current": one("SELECT count(*) FROM consent_current WHERE customer_id = ?"),
        "evidence": conn.execute("SELECT count(*) FROM consent_evidence").fetchone()[0],
        "ledger": one("SELECT count(*) FROM erasure_ledger WHERE customer_id = ?"),
        "tombstone": conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'customer.erase' AND object = ?", (f"customer:{cid}",)
        ).fetchone()[0],
    }


def _merging_on(vault: Vault) -> bool:
    """FTS5's automatic merging is in force on every search index (an erasure holds it only
    until its merge)."""
    conn = vault.connection()
    for table in ("search_trigram", "search_short", "search_pinyin"):
        row = conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
        if row is not None and int(row[0]) == 0:
            return False
    return True


WHOLE = {"row": 1, "trigram": 1, "consents": 1, "current": 1, "evidence": 1, "ledger": 0, "tombstone": 0}
GONE = {"row": 0, "trigram": 0, "consents": 0, "current": 0, "evidence": 0, "ledger": 1, "tombstone": 1}


@pytest.mark.parametrize("mode", ["merged_at_once", "deferred"])
def test_a_kill_at_every_step_of_an_erasure_leaves_the_customer_whole_or_gone_and_scrubbed(
    base: tuple[Path, int], tmp_path: Path, mode: str
) -> None:
    base_folder, cid = base
    trace_folder = tmp_path / "trace" / "vault"
    shutil.copytree(base_folder, trace_folder)
    trace = tmp_path / "trace.txt"
    done = _run(trace_folder, cid, {faults.FAULT_TRACE: str(trace)}, mode)
    assert done.returncode == 0, done.stderr
    steps = trace.read_text().split()
    assert {"erasure.consents_deleted", "erasure.index_deleted", "erasure.optimized"} <= set(steps)
    outcomes = set()
    for number, step in enumerate(steps, start=1):
        folder = tmp_path / f"kill-{number}" / "vault"
        shutil.copytree(base_folder, folder)
        killed = _run(folder, cid, {faults.FAULT_AT: str(number)}, mode)
        assert killed.returncode == faults.CRASH_STATUS, (step, killed.stderr)
        vault = Vault.unlock(folder, OWNER, OWNER_PASSWORD)  # finishes a pending scrub
        try:
            state = _state(vault, cid)
            assert state in (WHOLE, GONE), (number, step, state)
            outcomes.add("gone" if state == GONE else "whole")
            assert vault.connection().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert vault.verify_audit(vault.actor).ok
            assert_counts_match(vault)
            assert _merging_on(vault), (number, step)
            pending = vault.connection().execute("SELECT value FROM meta WHERE key = 'scrub_pending'")
            assert pending.fetchone()[0] == "0", (number, step)
            if state == GONE:
                key = vault._require_unlocked()["data"]
                assert pagescan.find(folder / "vault.db", key, [NAME, PHONE, EMAIL]) == [], (number, step)
            else:
                assert customers.search(vault, vault.actor, NAME).ids == [cid]
        finally:
            vault.lock()
    assert outcomes == {"whole", "gone"}
