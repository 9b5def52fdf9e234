"""Compliance-report benchmark: the PDF report over a large vault, its time and peak memory.

    python bench/bench_report.py --customers 1000000          (make bench)
    python bench/bench_report.py --dir /work/bench-vaults/1m  (a vault bench_core.py built)

The report runs in a child process on a *copy* of the vault (opening it with this branch
upgrades its schema, which other checkouts would then refuse), so the child's peak resident
memory (getrusage RUSAGE_CHILDREN) is the report's own: gathering the figures, rendering the PDF
and recording it. Printed beside it, measured in the same run, the baseline: the same aggregates
as raw SQL (one scan counting every field's values, consent per purpose, the period's audit
entries) on the plain, unencrypted copy bench_core.py exports (plain.db). The report itself
reads the field counts from the counters the vault keeps (schema 21), so it can beat this
baseline; bench_field_fill.py prints what those counters cost each write. Nothing is asserted;
the targets are ≤ 10 s and ≤ 400 MB at 1,000,000 customers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_in_subprocess, export_plain_copy

from app import demo

FIELDS = ("name", "phone", "email", "company", "address", "tags", "notes", "source", "id_number")


def child(vault_dir: Path, out: Path, days: int) -> None:
    """Runs in the child process: unlock, make the report, print the figures as JSON."""
    from app import compliance_record
    from app.vault import Vault

    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    signed_in_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Argon2id's memory cost
    try:
        end = date.today()
        start = end - timedelta(days=days)
        marks: list[float] = []
        started = time.perf_counter()
        made = compliance_record.produce(
            vault, vault.actor, start, end, "zh", out, progress=lambda *_a: marks.append(time.perf_counter())
        )
        total = time.perf_counter() - started
        gathered = marks[-1] - started  # the last step of gathering: the rest is rendering and recording
        print(
            json.dumps(
                {
                    "gather_s": gathered,
                    "report_s": total,
                    "pages": made.record.pages,
                    "bytes": made.record.size,
                    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "signed_in_rss_mb": signed_in_rss,
                }
            )
        )
    finally:
        vault.lock()


def baseline(plain: Path, days: int) -> float:
    """The raw aggregates behind the report's largest figures, on the unencrypted copy."""
    conn = sqlite3.connect(plain)
    since = (date.today() - timedelta(days=days)).isoformat()
    started = time.perf_counter()
    counts = ", ".join(f"count(nullif({key}, ''))" for key in FIELDS)
    conn.execute(f"SELECT count(*), {counts} FROM customers WHERE deleted_at IS NULL").fetchone()
    for sql in (
        "SELECT purpose, partner, count(*) FROM consent_current WHERE status = 'given' GROUP BY 1, 2",
        "SELECT purpose, status, count(*) FROM consents WHERE recorded_at >= ? GROUP BY 1, 2",
        "SELECT count(*) FROM audit WHERE at >= ?",
    ):
        try:
            conn.execute(sql, (since,) if "?" in sql else ()).fetchall()
        except sqlite3.OperationalError:  # a plain copy from before that table
            continue
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--dir", type=Path, default=None, help="the folder bench_core.py built")
    parser.add_argument("--days", type=int, default=365, help="the period covered, ending today")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.days)
        return 0
    folder = args.dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-{args.customers}"
    source, plain = folder / "vault", folder / "plain.db"
    if not (source / "vault.keys").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building a demo vault of {args.customers:,} customers in {source} …")
        build_in_subprocess(source, args.customers)
    if not plain.exists():
        export_plain_copy(source, plain)
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-report-{os.getpid()}"
    work.mkdir()
    try:
        copy = work / "vault"
        started = time.perf_counter()
        shutil.copytree(source, copy)
        print(f"vault copied in {time.perf_counter() - started:.1f} s")
        # Warm the OS cache for both files the same way, so neither side pays the first read.
        for path in (copy / "vault.db", plain):
            with open(path, "rb") as fh:
                while fh.read(16 << 20):
                    pass
        out = work / "report.pdf"
        done = subprocess.run(
            [sys.executable, __file__, "--days", str(args.days), "--child", str(copy), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        raw = baseline(plain, args.days)
        print(
            f"compliance report over {args.days} days, {figures['pages']} pages, {figures['bytes']:,} bytes"
        )
        print(f"{'figures gathered (read only)':<34} {figures['gather_s']:>8.2f} s")
        print(f"{'report made, recorded, written':<34} {figures['report_s']:>8.2f} s   target ≤ 10 s")
        print(f"{'peak memory of the report process':<34} {peak:>8.0f} MB  target ≤ 400 MB")
        print(f"{'  of which by signing in (Argon2id)':<34} {figures['signed_in_rss_mb']:>8.0f} MB")
        print(f"{'baseline: raw aggregates, plain DB':<34} {raw:>8.2f} s")
        print(f"{'ratio report / baseline':<34} {figures['report_s'] / raw if raw else float('nan'):>8.1f} x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
