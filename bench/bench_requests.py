"""Requests benchmark: erasing customers, a retention review over every customer, and the
customer's data-copy PDF, at N customers — each beside the raw SQL on a plain database.

    python bench/bench_requests.py --customers 1000000 [--from /work/bench-vaults/1m] [--erase 10000]

Erasure changes the vault, so the benchmark works on a copy: ``--from`` names a folder holding
``vault/`` (the demo vault) and ``plain.db`` (its plaintext export), as bench/bench_core.py
leaves them; without it a demo vault of N customers is built and exported here first.

Figures (printed, nothing asserted):

* erasing ``--erase`` customers (default 10,000) with ``erasure.erase_many`` in one transaction,
  then the scrub (search-index merge, WAL truncate) that makes the erasure final on disk;
  baseline: ``DELETE`` of the same rows from ``customers`` and the three search tables of the
  plain copy, one transaction;
* a retention review over every customer with three rules: customers erased 24 months after
  their last activity (every 100th is made so), ID numbers once billing consent is withdrawn,
  and the soft-delete purge; baseline: the same ``SELECT``s on the plain copy;
* the data-copy PDF of one customer with consent records: the first in the process (font
  loading included) and the median of later ones, in Chinese and English.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import consent, customers, datacopy, demo, erasure, retention
from app.vault import Vault


def prepare(source: Path | None, work: Path, n: int) -> tuple[Path, Path]:
    """A fresh working copy (vault folder, plain database) the benchmark may change."""
    if source is None:
        source = Path(f"/tmp/custos-bench-requests-src-{n}")
        if not (source / "vault" / "vault.db").exists():
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "demo",
                    "--vault",
                    str(source / "vault"),
                    "--customers",
                    str(n),
                ],
                check=True,
                env={**os.environ, "CUSTOS_PASSWORD": demo.DEMO_PASSWORD},
                stdout=subprocess.DEVNULL,
            )
            print(f"demo build: {time.perf_counter() - started:.1f} s")
        if not (source / "plain.db").exists():
            vault = Vault.unlock(source / "vault", demo.DEMO_OWNER, demo.DEMO_PASSWORD)
            conn = vault.connection()
            conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(source / "plain.db"),))
            conn.execute("SELECT sqlcipher_export('plain')")
            conn.execute("DETACH DATABASE plain")
            vault.lock()
    if work.exists():
        shutil.rmtree(work)
    started = time.perf_counter()
    shutil.copytree(source / "vault", work / "vault")
    shutil.copy2(source / "plain.db", work / "plain.db")
    print(f"working copy of {source} made in {time.perf_counter() - started:.1f} s")
    return work / "vault", work / "plain.db"


def seconds(value: float) -> str:
    return f"{value:8.2f} s"


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
    started = time.perf_counter()
    erasure.erase_many(vault, actor, victims, scrub_now=False)
    erased_s = time.perf_counter() - started
    started = time.perf_counter()
    erasure.scrub(vault)
    scrub_s = time.perf_counter() - started
    # The same engine as the vault (SQLCipher's SQLite), without a key: a plain database.
    plain = sqlcipher3.connect(str(plain_path), isolation_level=None)
    plain.execute("PRAGMA journal_mode = WAL")
    started = time.perf_counter()
    plain.execute("BEGIN")
    marks = ",".join("?" * len(victims))
    for table in ("search_trigram", "search_short", "search_pinyin"):
        plain.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", victims)
    plain.execute(f"DELETE FROM customers WHERE id IN ({marks})", victims)
    plain.execute("COMMIT")
    raw_delete_s = time.perf_counter() - started
    print()
    print(
        f"{'erasing ' + format(len(victims), ',') + ' customers':<58} {'custos':>10} {'raw SQL':>10}"
        f" {'ratio':>7}"
    )
    print(f"{'  erase_many (one transaction, ledger, tombstones)':<58} {seconds(erased_s)}")
    print(f"{'  scrub (search-index merge, WAL truncate)':<58} {seconds(scrub_s)}")
    total_s = erased_s + scrub_s
    print(
        f"{'  total, against DELETE from customers + 3 search tables':<58} {seconds(total_s)}"
        f" {seconds(raw_delete_s)} {total_s / raw_delete_s:6.1f}x"
    )

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
    started = time.perf_counter()
    review = retention.review(vault, actor)
    review_s = time.perf_counter() - started
    today = date.today()
    cutoff = today.replace(year=today.year - 2).isoformat()
    started = time.perf_counter()
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
    raw_review_s = time.perf_counter() - started
    print()
    print(
        f"{'retention review over every customer (3 rules)':<58} {'custos':>10} {'raw SQL':>10} {'ratio':>7}"
    )
    print(
        f"{'  review (due: ' + format(review.customers, ',') + ' customers)':<58} {seconds(review_s)}"
        f" {seconds(raw_review_s)} {review_s / raw_review_s:6.1f}x"
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
    timings: dict[str, list[float]] = {"zh": [], "en": []}
    for attempt in range(6):
        for lang in ("zh", "en"):
            started = time.perf_counter()
            datacopy.render(vault, actor, customer_id, "pdf", language=lang)
            timings[lang].append(time.perf_counter() - started)
        del attempt
    print()
    print(f"data-copy PDF of customer {customer_id} ({records} consent records)")
    for lang, values in timings.items():
        print(f"  {lang}: first {values[0]:.2f} s, then median {statistics.median(values[1:]):.2f} s")
    vault.lock()
    plain.close()
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
