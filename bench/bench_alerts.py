"""Alert-evaluation benchmark: what unusual-access alerts add to a customer read.

    python bench/bench_alerts.py --customers 1000000          (make bench)
    python bench/bench_alerts.py --dir /work/bench-vaults/1m  (a vault bench_core.py built)
    python bench/bench_alerts.py --dir … --history 1000000    (the audit log's size before measuring)

Evaluation never runs on the read path (app/alerts.py): a read appends its audit entry as it
always did, and the rules are evaluated at sign-in, at lock and on the desktop app's timer over
the entries written since. So the cost per read is the evaluation's time divided by the reads
it covered. Prints, on a *copy* of the vault (opening it with this branch upgrades its schema,
which other checkouts would then refuse):

- the plain figure: ``customers.view`` per read (the read and its audit entry);
- one evaluation over those reads, per read, with one user over the reads threshold so the
  alert is raised and counted (the worst window: every read in one hour by one user);
- the ratio (read + evaluation share) / read. Nothing is asserted.

``--history N`` first appends N customer reads by six users spread over the last 30 days, so
the "more than usual" rule has a month of habits to read for the benchmark's reader (whose
reads in one hour are then far more than usual: the rule's costliest path, every round), and
prints how long one evaluation takes to catch up with that backlog.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_in_subprocess

from app import alerts, customers, demo
from app.access import Actor
from app.vault import Vault
from app.vault.database import transaction


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--dir", type=Path, default=None, help="the folder bench_core.py built")
    parser.add_argument("--reads", type=int, default=2000, help="customer reads per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--history", type=int, default=1_000_000, help="audit entries added first (30 days)")
    args = parser.parse_args()
    folder = args.dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-{args.customers}"
    source = folder / "vault"
    if not (source / "vault.keys").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building a demo vault of {args.customers:,} customers in {source} …")
        build_in_subprocess(source, args.customers)
    copy = Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-alerts-{os.getpid()}"
    shutil.copytree(source, copy)
    try:
        return run(copy, args.reads, args.rounds, args.history)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def add_history(vault, count: int, top: int) -> None:
    """``count`` customer reads by the demo owner and five others over the last 30 days, oldest
    first (as a real log grows), through the audit log's own append (chained and indexed)."""
    users = [demo.DEMO_OWNER, *(f"staff{n}" for n in range(1, 6))]
    rng = random.Random(7)
    now = datetime.now(UTC) - timedelta(hours=1)
    span = timedelta(days=30).total_seconds()
    audit, conn = vault.audit(), vault.connection()
    for start in range(0, count, 50_000):
        with transaction(conn):
            for n in range(start, min(count, start + 50_000)):
                at = now - timedelta(seconds=span * (1 - n / count))
                audit.append(rng.choice(users), "customer.view", f"customer:{rng.randint(1, top)}", {}, at=at)


def run(folder: Path, reads: int, rounds: int, history: int = 0) -> int:
    started = time.perf_counter()
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    first = time.perf_counter() - started
    owner = vault.actor
    conn = vault.connection()
    n = customers.count(vault, owner)
    entries = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    print(f"Custos alerts benchmark — {n:,} customers, {entries:,} audit entries")
    print(f"first sign-in (schema upgrade + evaluation): {first * 1000:,.0f} ms")
    top = conn.execute("SELECT max(id) FROM customers").fetchone()[0]
    alerts.set_rule(vault, owner, alerts.READS, str(reads // 2))
    alerts.evaluate(vault)
    if history:
        started = time.perf_counter()
        add_history(vault, history, top)
        added = time.perf_counter() - started
        started = time.perf_counter()
        caught_up = alerts.evaluate(vault)
        print(
            f"history: {history:,} reads by 6 users over 30 days appended in {added:,.1f} s;"
            f" one evaluation over them: {time.perf_counter() - started:,.2f} s ({caught_up:,} entries)"
        )
        entries = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
        print(f"audit log now {entries:,} entries")
    rng = random.Random(5)
    reader = Actor(demo.DEMO_OWNER, "owner")
    per_read, per_eval = [], []
    for _round in range(rounds):
        ids = [rng.randint(1, top) for _ in range(reads)]
        started = time.perf_counter()
        done = 0
        for customer_id in ids:
            try:
                customers.view(vault, reader, customer_id)
                done += 1
            except Exception:  # a deleted or merged id: not a read
                continue
        read_time = (time.perf_counter() - started) / max(done, 1)
        started = time.perf_counter()
        covered = alerts.evaluate(vault)
        eval_time = (time.perf_counter() - started) / max(covered, 1)
        per_read.append(read_time)
        per_eval.append(eval_time)
    read_ms = statistics.median(per_read) * 1000
    eval_ms = statistics.median(per_eval) * 1000
    raised = alerts.list_alerts(vault, owner)
    print(
        f"plain figure: customers.view per read        {read_ms:8.3f} ms"
        f" (median of {rounds} rounds of {reads})"
    )
    print(f"evaluation per read covered                  {eval_ms:8.3f} ms")
    print(f"read + evaluation share / read               {(read_ms + eval_ms) / read_ms:8.2f}x")
    print(f"alerts raised: {len(raised)} ({', '.join(sorted({a.rule for a in raised}))})")
    started = time.perf_counter()
    alerts.evaluate(vault)
    print(f"an evaluation with nothing new (the UI timer) {1000 * (time.perf_counter() - started):8.3f} ms")
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
