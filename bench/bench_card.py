"""Customer-card benchmark: consent status per customer, and opening the card as a person feels it.

    python bench/bench_card.py --customers 1000000          (make bench)
    python bench/bench_card.py --dir /work/bench-vaults/1m  (a vault bench_core.py already built)

Uses the vault bench/bench_core.py builds (``<dir>/vault`` and its plaintext copy
``<dir>/plain.db``; built here the same way when missing). Prints:

- ``consent.status`` for one customer (what the card's Consent section shows), encrypted and
  on the plain copy through the same core code, with the encrypted/plain ratio;
- opening the card: ``MainWindow.open_card`` until Details is built and the Consent and
  History sections have their first page (read on the real thread pool), and the core reads
  that open makes (view, status, history, first audit page) on their own, for the share of
  the time the UI adds. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import PlainVault, build_in_subprocess, percentile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app import audit, consent, customers, demo
from app.vault import Vault
from ui.card_history import HistorySection
from ui.consent_card import ConsentSection
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskRunner


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def status_times(target, actor, ids: list[int]) -> list[float]:
    consent.status(target, actor, ids[0])  # warm the page cache once
    times = []
    for cid in ids:
        started = time.perf_counter()
        consent.status(target, actor, cid)
        times.append(time.perf_counter() - started)
    return times


def core_open_times(vault, actor, ids: list[int]) -> list[float]:
    """What one card open asks of the core, in one thread, without widgets."""
    times = []
    for cid in ids:
        started = time.perf_counter()
        customers.view(vault, actor, cid)
        consent.status(vault, actor, cid)
        consent.history(vault, actor, cid)
        audit.read(vault, actor, audit.AuditFilter(customer=cid))
        times.append(time.perf_counter() - started)
    return times


def card_open_times(app: QApplication, vault, ids: list[int], settings_path: Path) -> list[float]:
    runner = TaskRunner()
    window = MainWindow(
        vault, Settings(QSettings(str(settings_path), QSettings.Format.IniFormat)), runner, None
    )
    window.resize(1280, 760)
    window.show()
    app.processEvents()
    times = []
    for cid in ids:
        started = time.perf_counter()
        window.open_card(cid)
        consent_section = window.card.section(ConsentSection)
        history = window.card.section(HistorySection)
        while not (
            consent_section.status_table.rowCount() > 0
            and (history is None or history.model.rowCount() > 0 or history.model.at_end)
        ):
            app.processEvents()
        times.append(time.perf_counter() - started)
    runner.wait_all()
    window.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--dir", type=Path, default=None, help="the folder bench_core.py built")
    parser.add_argument("--samples", type=int, default=200, help="customers for consent status")
    parser.add_argument("--opens", type=int, default=25, help="card opens to time")
    args = parser.parse_args()
    folder = args.dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-{args.customers}"
    vault_dir, plain_path = folder / "vault", folder / "plain.db"
    if not (vault_dir / "vault.keys").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building a demo vault of {args.customers:,} customers in {vault_dir} …")
        build_in_subprocess(vault_dir, args.customers)
    if not plain_path.exists():
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).parent / "bench_core.py"),
                "--export-plain",
                str(vault_dir),
                str(plain_path),
            ],
            check=True,
        )

    app = QApplication.instance() or QApplication(["bench_card"])
    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    actor = vault.actor
    plain = PlainVault(plain_path)
    plain.cipher = vault.sensitive_cipher()
    n = customers.count(vault, actor)
    records = vault.connection().execute("SELECT count(*) FROM consents").fetchone()[0]
    each = records / max(n, 1)
    print(f"Custos card benchmark — {n:,} customers, {records:,} consent records ({each:.1f} each)")
    top = vault.connection().execute("SELECT max(id) FROM customers").fetchone()[0]
    rng = random.Random(11)
    wanted = rng.sample(range(1, top + 1), min(args.samples * 2, top))
    live = {
        row[0]
        for row in vault.connection().execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),),
        )
    }
    ids = [cid for cid in wanted if cid in live]
    ids = ids[: args.samples]

    enc, base = status_times(vault, actor, ids), status_times(plain, actor, ids)
    print(f"{'':<36} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for label, values in (("consent status (encrypted)", enc), ("consent status (plain copy)", base)):
        print(f"{label:<36} {ms(percentile(values, 50))} {ms(percentile(values, 95))} {ms(max(values))}")
    print(
        f"{'encrypted/plain ratio (p50, p95)':<36} {percentile(enc, 50) / percentile(base, 50):7.2f}"
        f" {percentile(enc, 95) / percentile(base, 95):7.2f}   target: status <= 20 ms"
    )

    opens = ids[: args.opens]
    core = core_open_times(vault, actor, opens)
    with_ui = card_open_times(app, vault, opens, folder / "bench_card_settings.ini")
    for label, values in (
        ("core reads of one card open", core),
        ("open the card (UI, thread pool)", with_ui),
    ):
        print(f"{label:<36} {ms(percentile(values, 50))} {ms(percentile(values, 95))} {ms(max(values))}")
    share = statistics.median(with_ui) / statistics.median(core)
    print(f"{len(opens)} opens; card/core-reads ratio (p50) {share:.2f}")
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
