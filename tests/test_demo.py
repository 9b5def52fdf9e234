"""The demo generator's rows are what the catalogue would store (create_many trusts them)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from app import customers, demo
from app.fields import Catalogue
from app.vault import Vault
from app.vault.database import DEFERRED_INDEXES

ROOT = Path(__file__).resolve().parents[1]


def test_generated_rows_are_already_in_stored_form(vault) -> None:
    catalogue = Catalogue.load(vault.connection())
    rows = demo.synthetic_customers(3000, seed=7)
    for row in rows:
        cleaned = catalogue.clean(row, creating=True)
        assert {k: v or None for k, v in row.items()} == cleaned


def test_generation_is_deterministic() -> None:
    first = demo.synthetic_customers(500, seed=3, start=1)
    assert first == demo.synthetic_customers(500, seed=3, start=1)
    assert first != demo.synthetic_customers(500, seed=4, start=1)


def test_demo_customers_look_like_a_chinese_shops() -> None:
    rows = demo.synthetic_customers(3000, seed=1)
    chinese = [r for r in rows if not r["name"].isascii()]
    latin = [r for r in rows if r["name"].isascii()]
    # mostly Chinese, a minority of Latin names
    assert 0.8 < len(chinese) / len(rows) < 0.95
    assert len(latin) > 100
    # surname frequencies like China's: 王, 李, 张 each about 7 %, 刘 and 陈 about 5 %
    surnames = Counter(r["name"][0] for r in chinese)
    top = [s for s, _ in surnames.most_common(5)]
    assert set(top) == set("王李张刘陈"), top
    for surname in "王李张":
        assert 0.05 < surnames[surname] / len(chinese) < 0.1, (surname, surnames[surname])
    # mainland mobiles, Chinese addresses, companies and ID numbers
    assert all(re.fullmatch(r"1[3-9]\d{9}", r["phone"]) for r in chinese)
    assert all(re.search(r"[市区].*[路街道].*号", r["address"]) for r in chinese)
    companies = [r["company"] for r in chinese if r["company"]]
    assert len(companies) > len(chinese) / 3
    assert all(c.endswith(("公司", "店", "商行")) for c in companies)
    assert any(r["id_number"] for r in chinese)
    assert all(not r["id_number"] for r in latin)


def index_names(vault: Vault) -> set[str]:
    rows = vault.connection().execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    )
    return {r[0] for r in rows}


def test_a_demo_build_killed_half_way_gets_its_indexes_back_at_the_next_sign_in(
    vault: Vault, tmp_path: Path
) -> None:
    """The bulk load drops the customer indexes and builds them at the end; kill -9 in between
    must not leave a vault without them."""
    folder = tmp_path / "demo"
    script = (
        "import os, signal\n"
        "from app import demo\n"
        "from app.vault.keyslots import KdfParams\n"
        "def progress(done, total):\n"
        "    if done >= 1000:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"demo.build_demo({str(folder)!r}, 3000, batch=500, progress=progress,"
        " kdf=KdfParams(time_cost=1, memory_kib=1024, parallelism=1))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=120, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    expected = index_names(vault)  # a fresh vault's indexes
    half = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    try:
        assert customers.count(half, half.actor) == 1000  # the committed batches, whole
        assert index_names(half) == expected
        assert not half.meta(DEFERRED_INDEXES)
        view = customers.CustomerView(half, half.actor)
        assert len(view.ids(0, 1000)) == 1000
    finally:
        half.lock()
    full = demo.build_demo(folder, 3000, batch=500)  # and the build can be finished
    try:
        assert customers.count(full, full.actor) == 3000
        assert index_names(full) == expected
    finally:
        full.lock()


def test_a_demo_build_leaves_the_same_indexes_as_a_new_vault(vault: Vault, tmp_path: Path) -> None:
    built = demo.build_demo(tmp_path / "demo", 1200, batch=500)
    try:
        assert index_names(built) == index_names(vault)
        conn = built.connection()
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again after the load
        result = customers.search(built, built.actor, "wangfang")
        assert result.ids and all(
            c.name.startswith(("王", "汪")) for c in customers.fetch(built, built.actor, result.ids)
        )
    finally:
        built.lock()
