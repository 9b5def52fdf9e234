"""Requests benchmark: erasing customers, a retention review over every customer, and the
customer's data-copy PDF, at N customers — each beside the raw SQL on a plain database.

    python bench/bench_requests.py --customers 1000000 [--from /work/bench-vaults/1m] [--erase 10000]

Erasure changes the vault, so the benchmark works on a copy: ``--from`` names a folder holding
``vault/`` (the demo vault) and ``plain.db`` (its plaintext export), as bench/bench_core.py
leaves them; without it a demo vault of N customers is built and exported here first.

Figures (printed, nothing asserted), each as wall time and this process's CPU time: other work
on the machine stretches the first, hardly the second. The load average is printed with them.

* erasing ``--erase`` customers (default 10,000) with ``erasure.erase_many`` as a user runs it:
  one transaction (rows, consents, ledger, tombstones, the search indexes merged), then the WAL
  truncated, which makes the erasure final on disk; baseline: ``DELETE`` of the same rows from
  ``customers`` and the three search tables of the plain copy, one transaction;
* a retention review over every customer with three rules: customers erased 24 months after
  their last activity (every 100th is made so), ID numbers once billing consent is withdrawn,
  and the soft-delete purge; baseline: the same ``SELECT``s on the plain copy;
* the data-copy PDF of one customer with consent records: the first in the process (font
  loading included) and the median of later ones, in Chinese and English; baseline: reading
  that customer's row and consent records from the plain copy.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_in_subprocess, export_plain_copy

from app import consent, customers, datacopy, demo, erasure, retention
from app.vault import Vault


def prepare(source: Path | None, work: Path, n: int) -> tuple[Path, Path]:
    """A fresh working copy (vault folder, plain database) the benchmark may change."""
    if source is None:
        source = Path(f"/tmp/custos-bench-requests-src-{n}")
        if not (source / "vault" / "vault.db").exists():
            print(f"demo build: {build_in_subprocess(source / 'vault', n):.1f} s")
        if not (source / "plain.db").exists():
            export_plain_copy(source / "vault", source / "plain.db")
    if work.exists():
        shutil.rmtree(work)
    started = time.perf_counter()
    shutil.copytree(source / "vault", work / "vault")
    shutil.copy2(source / "plain.db", work / "plain.db")
    print(f"working copy of {source} made in {time.perf_counter() - started:.1f} s")
    return work / "vault", work / "plain.db"


def seconds(value: float) -> str:
    return f"{value:8.2f} s"


class Timer:
    """Wall and CPU time of a block: ``with Timer() as t: ...`` then ``t.wall``, ``t.cpu``."""

    def __enter__(self) -> Timer:
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.started
        self.cpu = time.process_time() - self.cpu_started


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--from", dest="source", type=Path, help="folder with vault/ and plain.db to copy")
    parser.add_argument("--work", type=Path, default=None, help="where the working copy goes")
    parser.add_argument("--erase", type=int, default=10_000, help="customers to erase")
    args = parser.parse_args()
    work = args.work or Path(f"/tmp/custos-bench-requests-{args.customers}")
    vault_dir, plain_path = prepare(args.source, work, args.customers)

    started = time.perf_counter()
    vault = Vault.unlock(vault_dir, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    print(f"first unlock (pending migrations applied): {time.perf_counter() - started:.1f} s")
    actor = vault.actor
    conn = vault.connection()
    total = customers.count(vault, actor)
    high = conn.execute("SELECT max(id) FROM customers").fetchone()[0]
    print(f"Custos requests benchmark: {total:,} live customers, encrypted vault; plain copy beside it")
    rnd = random.Random(13)
    victims = sorted(rnd.sample(range(1, high + 1), min(args.erase, total // 2)))

    # --- erasure
    print(load())
    with Timer() as erased:
        erasure.erase_many(vault, actor, victims)
    pending = conn.execute("SELECT value FROM meta WHERE key = 'scrub_pending'").fetchone()[0]
    # The same engine as the vault (SQLCipher's SQLite), without a key: a plain database.
    plain = sqlcipher3.connect(str(plain_path), isolation_level=None)
    plain.execute("PRAGMA journal_mode = WAL")
    with Timer() as raw_delete:
        plain.execute("BEGIN")
        marks = ",".join("?" * len(victims))
        for table in ("search_trigram", "search_short", "search_pinyin"):
            plain.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", victims)
        plain.execute(f"DELETE FROM customers WHERE id IN ({marks})", victims)
        plain.execute("COMMIT")
    print()
    print(
        f"{'erasing ' + format(len(victims), ',') + ' customers':<58} {'custos':>10} {'raw SQL':>10}"
        f" {'ratio':>7}"
    )
    print(
        f"{'  erase_many + scrub, wall (against DELETE from customers':<58} {seconds(erased.wall)}"
        f" {seconds(raw_delete.wall)} {erased.wall / raw_delete.wall:6.1f}x"
    )
    print(
        f"{'    and 3 search tables, one transaction), CPU':<58} {seconds(erased.cpu)}"
        f" {seconds(raw_delete.cpu)} {erased.cpu / raw_delete.cpu:6.1f}x"
    )
    print(f"  scrub finished: {'yes' if pending == '0' else 'NO (scrub_pending=' + pending + ')'}")
    print(f"  peak memory (max RSS) of this process so far: {peak_mib():,} MiB")

    # --- retention review
    retention.add_rule(vault, actor, scope="purpose", target="marketing", months=24, action="erase")
    retention.add_rule(
        vault,
        actor,
        scope="field",
        target="id_number",
        months=0,
        basis="consent_withdrawn",
        action="anonymise",
    )
    # Every 100th customer last active three years ago, in both copies, so that the review has
    # customers to list (the demo's records are all fresh).
    stale = (date.today() - timedelta(days=3 * 365)).isoformat()
    conn.execute("UPDATE customers SET updated_at = ? WHERE id % 100 = 0", (stale,))
    plain.execute("UPDATE customers SET updated_at = ? WHERE id % 100 = 0", (stale,))
    print()
    print(load())
    with Timer() as reviewed:
        review = retention.review(vault, actor)
    today = date.today()
    cutoff = today.replace(year=today.year - 2).isoformat()
    with Timer() as raw_review:
        plain.execute(
            "SELECT id FROM customers WHERE deleted_at IS NOT NULL AND merged_into IS NULL AND deleted_at < ?"
            " ORDER BY id",
            ((today - timedelta(days=erasure.grace_days(vault))).isoformat(),),
        ).fetchall()
        plain.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND updated_at < ? ORDER BY id",
            (cutoff,),
        ).fetchall()
        plain.execute(
            "SELECT id FROM customers WHERE deleted_at IS NULL AND id_number IS NOT NULL AND id IN"
            " (SELECT cc.customer_id FROM consent_current cc JOIN consents c ON c.id = cc.record_id"
            " WHERE cc.purpose = 'billing' AND cc.status = 'withdrawn' AND c.collected_at < ?) ORDER BY id",
            (cutoff,),
        ).fetchall()
    print(
        f"{'retention review over every customer (3 rules)':<58} {'custos':>10} {'raw SQL':>10} {'ratio':>7}"
    )
    print(
        f"{'  review (due: ' + format(review.customers, ',') + ' customers), wall':<58}"
        f" {seconds(reviewed.wall)} {seconds(raw_review.wall)} {reviewed.wall / raw_review.wall:6.1f}x"
    )
    print(
        f"{'  CPU':<58} {seconds(reviewed.cpu)} {seconds(raw_review.cpu)}"
        f" {reviewed.cpu / max(raw_review.cpu, 1e-6):6.1f}x"
    )

    # --- the data-copy PDF
    customer_id = next(c.id for c in customers.CustomerView(vault, actor).rows(0, 50) if c.get("phone"))
    with_consent = conn.execute("SELECT customer_id FROM consents ORDER BY id DESC LIMIT 1").fetchone()
    if (
        with_consent
        and conn.execute(
            "SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL", (with_consent[0],)
        ).fetchone()
    ):
        customer_id = with_consent[0]
    records = len(consent.history(vault, actor, customer_id))
    timings: dict[str, list[Timer]] = {"zh": [], "en": []}
    print()
    print(load())
    for attempt in range(6):
        for lang in ("zh", "en"):
            with Timer() as rendered:
                datacopy.render(vault, actor, customer_id, "pdf", language=lang)
            timings[lang].append(rendered)
        del attempt
    with Timer() as raw_read:
        plain.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchall()
        plain.execute("SELECT * FROM consents WHERE customer_id = ? ORDER BY id", (customer_id,)).fetchall()
    print(f"data-copy PDF of customer {customer_id} ({records} consent records)")
    for lang, values in timings.items():
        wall, cpu = (statistics.median(getattr(t, kind) for t in values[1:]) for kind in ("wall", "cpu"))
        print(
            f"  {lang}: first {values[0].wall:.2f} s (CPU {values[0].cpu:.2f} s),"
            f" then median {wall:.2f} s (CPU {cpu:.2f} s)"
        )
    print(
        f"  raw SQL: the customer's row and consent records from the plain copy {raw_read.wall * 1000:.1f} ms"
    )
    vault.lock()
    plain.close()
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
