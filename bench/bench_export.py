"""Export benchmark: CSV of every customer and XLSX of 100,000, each beside a baseline measured
in the same run, with each run's peak memory, and the GUI's longest stall while an export runs.

    python bench/bench_export.py --customers 1000000 [--vault DIR] [--xlsx-rows 100000]

Builds (or reuses) a demo vault of N customers with ``custos demo`` in --vault (default
/tmp/custos-bench-export-N); point --vault at a copy, never at a vault another version of Custos
uses (opening it upgrades its schema). Every measurement runs in a fresh subprocess, so its peak
resident memory (ru_maxrss) is its own:

* ``export csv``: ``exporting.run`` of every customer, every field the owner reads, in full,
  plain CSV (UTF-8 with BOM): the policy reader, formula neutralisation, hashing, the record.
* ``baseline csv``: the same customers read by the same reader (``customers.stream``) and
  written with Python's csv writer directly: what any export must at least cost.
* ``export xlsx`` / ``baseline xlsx``: the same for the first ``--xlsx-rows`` customers, the
  baseline being openpyxl's write-only workbook fed the same rows directly.
* ``export csv`` again at ``--xlsx-rows``: peak memory at 100k beside 1M shows it flat.
* ``gui``: a 100k CSV export on the task runner's thread while a 5 ms timer ticks on the GUI
  thread; the longest gap between ticks is the longest the window would not answer.

Figures print as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import access, customers, demo, exporting
from app.exporting import request as rq
from app.vault import Vault


def _fields(vault) -> tuple[tuple[str, str], ...]:
    view = access.access_for(vault, vault.actor)
    return tuple((key, rq.FULL) for key, _level in rq.exportable(view))


def _selection(rows: int | None) -> rq.Selection:
    return rq.Selection("all") if rows is None else rq.Selection("ids", ids=tuple(range(1, rows + 1)))


def _request(vault, fmt: str, rows: int | None) -> rq.ExportRequest:
    return rq.ExportRequest(
        _selection(rows),
        _fields(vault),
        "billing",
        fmt,
        legal_basis="contract",
        basis_note="benchmark: invoices for every customer",
        protection=rq.PLAIN,
        plain_acknowledged=True,
    )


def _chunks(vault, rows: int | None):
    last = 0
    conn = vault.connection()
    while True:
        sql = "SELECT id FROM customers WHERE deleted_at IS NULL AND id > ?"
        args: list = [last]
        if rows is not None:
            sql += " AND id <= ?"
            args.append(rows)
        ids = [r[0] for r in conn.execute(sql + " ORDER BY id LIMIT 2000", args)]
        if not ids:
            return
        yield ids
        last = ids[-1]


def _reset_peak() -> None:
    """Forget the peak so far (Linux: the unlock's Argon2id alone takes more than an export)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    """Peak resident memory since ``_reset_peak`` (VmHWM), or of the whole process elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(mode: str, fmt: str, rows: int | None, vault_dir: Path, out_dir: Path) -> dict:
    """One measurement, in this (fresh) process."""
    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    _reset_peak()
    before_mb = _peak_mb()
    keys = [k for k, _t in _fields(vault)]
    out = out_dir / f"{mode}-{fmt}-{rows or 'all'}.{fmt}"
    started = time.perf_counter()
    written = 0
    if mode == "export":
        written = exporting.run(vault, vault.actor, _request(vault, fmt, rows), out).rows
    elif fmt == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(keys)
            for customer in customers.stream(vault, vault.actor, _chunks(vault, rows)):
                writer.writerow(
                    [str(customer.id) if k == "id" else customer.values.get(k) or "" for k in keys]
                )
                written += 1
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Customers")
        sheet.append(keys)
        for customer in customers.stream(vault, vault.actor, _chunks(vault, rows)):
            sheet.append([str(customer.id) if k == "id" else customer.values.get(k) for k in keys])
            written += 1
        book.save(out)
    seconds = time.perf_counter() - started
    size = out.stat().st_size
    out.unlink()
    vault.lock()
    return {
        "seconds": seconds,
        "rows": written,
        "peak_mb": _peak_mb(),
        "base_mb": before_mb,
        "size_mb": size / 1e6,
    }


def gui(rows: int, vault_dir: Path, out_dir: Path) -> dict:
    """The longest gap between 5 ms ticks on the GUI thread while the export runs on the pool."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.main import prepare_runtime
    from ui.tasks import TaskRunner

    qt_app = QApplication([])
    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    request = _request(vault, "csv", rows)
    out = out_dir / "gui.csv"
    clock = QElapsedTimer()
    gaps: list[float] = []
    done: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    runner = TaskRunner()
    prepare_runtime()  # as ui.main.run does before the event loop starts
    clock.start()
    timer.start()
    runner.run(
        lambda _task: exporting.run(vault, vault.actor, request, out),
        on_result=lambda _r: (done.append(clock.elapsed() / 1000), qt_app.quit()),
        on_error=lambda e: (print(e, file=sys.stderr), qt_app.quit()),
        vault=vault,
    )
    qt_app.exec()
    timer.stop()
    out.unlink(missing_ok=True)
    vault.lock()
    gaps = sorted(gaps[1:])
    return {
        "seconds": done[0] if done else float("nan"),
        "max_gap_ms": gaps[-1] if gaps else float("nan"),
        "p99_gap_ms": gaps[int(len(gaps) * 0.99)] if gaps else float("nan"),
        "median_gap_ms": gaps[len(gaps) // 2] if gaps else float("nan"),
        "ticks": len(gaps),
    }


def _child(args: list[str]) -> dict:
    found = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--vault", type=Path, default=None, help="the benchmark vault (built when missing)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.vault or Path(f"/tmp/custos-bench-export-{args.customers}")
    out_dir = Path(tempfile.mkdtemp(prefix="custos-bench-export-"))
    if args.child:
        mode, fmt, rows = args.child[:3]
        limit = None if rows == "all" else int(rows)
        result = gui(limit or 0, folder, out_dir) if mode == "gui" else one(mode, fmt, limit, folder, out_dir)
        print(json.dumps(result))
        return 0
    if not (folder / "vault.db").exists():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "demo",
                "--vault",
                str(folder),
                "--customers",
                str(args.customers),
            ],
            check=True,
            env={**os.environ, "CUSTOS_PASSWORD": demo.DEMO_PASSWORD},
            stdout=subprocess.DEVNULL,
        )
        print(f"demo build: {time.perf_counter() - started:.1f} s")
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    total = customers.count(vault, vault.actor)
    vault.lock()
    small = min(args.xlsx_rows, total)
    print(f"Custos export benchmark: {total:,} live customers, encrypted vault; XLSX of {small:,}")
    folder_arg = ["--vault", str(folder), "--customers", str(args.customers)]
    results = {}
    for label, spec in (
        ("export csv, every customer", ("export", "csv", "all")),
        ("baseline csv (reader + csv.writer)", ("baseline", "csv", "all")),
        (f"export csv, {small:,}", ("export", "csv", str(small))),
        (f"export xlsx, {small:,}", ("export", "xlsx", str(small))),
        ("baseline xlsx (reader + openpyxl)", ("baseline", "xlsx", str(small))),
    ):
        results[label] = _child([*spec, *folder_arg])
    print(
        f"{'run':<40} {'rows':>10} {'seconds':>8} {'rows/s':>10} {'peak MB':>8} {'start MB':>8}"
        f" {'file MB':>8}"
    )
    for label, r in results.items():
        rate = r["rows"] / r["seconds"] if r["seconds"] else 0
        print(
            f"{label:<40} {r['rows']:>10,} {r['seconds']:>8.2f} {rate:>10,.0f} {r['peak_mb']:>8.0f}"
            f" {r['base_mb']:>8.0f} {r['size_mb']:>8.1f}"
        )
    csv_ratio = (
        results["export csv, every customer"]["seconds"]
        / results["baseline csv (reader + csv.writer)"]["seconds"]
    )
    xlsx_ratio = (
        results[f"export xlsx, {small:,}"]["seconds"]
        / results["baseline xlsx (reader + openpyxl)"]["seconds"]
    )
    print(f"CSV  export / baseline: {csv_ratio:.2f}x   (target: every customer in <= 15 s)")
    print(f"XLSX export / baseline: {xlsx_ratio:.2f}x   (target: {small:,} in <= 10 s)")
    print(
        "peak resident memory after unlocking (VmHWM), CSV export: "
        f"{results[f'export csv, {small:,}']['peak_mb']:.0f} MB at {small:,} rows,"
        f" {results['export csv, every customer']['peak_mb']:.0f} MB at {total:,} rows"
    )
    g = _child(["gui", "csv", str(small), *folder_arg])
    print(
        f"GUI thread while a {small:,}-row export runs on the pool: longest stall {g['max_gap_ms']:.1f} ms,"
        f" p99 {g['p99_gap_ms']:.1f} ms, median {g['median_gap_ms']:.1f} ms over {g['ticks']} ticks"
        " (5 ms timer; target: never over 50 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
