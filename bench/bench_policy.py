"""Written-policy benchmark: what the acknowledgement check adds to a read, and how long the
policy takes to generate, publish and print.

    python bench/bench_policy.py --customers 1000000          (make bench)
    python bench/bench_policy.py --dir /work/bench-vaults/1m  (a vault bench_core.py built)

Every customer read, search and change asks the core whether the reader acknowledged the current
policy version (app/policy.py ``require_acknowledged``). Prints, on a *copy* of the vault
(publishing changes it, and this branch's schema upgrade would make other checkouts refuse it):

- the baseline measured in the same run: ``customers.view`` per read with the check switched off;
- the same reads with a published version the reader has acknowledged, and the ratio;
- the check alone per call;
- building the draft, publishing, and writing the PDF in each language (configuration only:
  these should not grow with the number of customers). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_in_subprocess

from app import customers, demo, policy
from app.reports import policy as policy_report
from app.vault import Vault


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--dir", type=Path, default=None, help="the folder bench_core.py built")
    parser.add_argument("--reads", type=int, default=2000, help="customer reads per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = args.dir or Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-{args.customers}"
    source = folder / "vault"
    if not (source / "vault.keys").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building a demo vault of {args.customers:,} customers in {source} …")
        build_in_subprocess(source, args.customers)
    copy = Path(os.environ.get("TMPDIR", "/tmp")) / f"custos-bench-policy-{os.getpid()}"
    shutil.copytree(source, copy)
    try:
        return run(copy, args.reads, args.rounds)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _reads(vault, reader, ids: list[int]) -> float:
    started = time.perf_counter()
    done = 0
    for customer_id in ids:
        try:
            customers.view(vault, reader, customer_id)
            done += 1
        except Exception:  # a deleted or merged id: not a read
            continue
    return (time.perf_counter() - started) / max(done, 1)


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(folder: Path, reads: int, rounds: int) -> int:
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    owner = vault.actor
    n = customers.count(vault, owner)
    top = vault.connection().execute("SELECT max(id) FROM customers").fetchone()[0]
    print(f"Custos written-policy benchmark — {n:,} customers")
    rng = random.Random(14)
    checked = customers._require_acknowledged
    draft_ms = _timed(lambda: policy.draft(vault, owner))
    publish_ms = _timed(lambda: policy.publish(vault, owner, "benchmark"))
    baseline, with_check = [], []
    for _round in range(rounds):
        ids = [rng.randint(1, top) for _ in range(reads)]
        customers._require_acknowledged = lambda _vault, _actor: None
        try:
            baseline.append(_reads(vault, owner, ids))
        finally:
            customers._require_acknowledged = checked
        with_check.append(_reads(vault, owner, ids))
    plain = statistics.median(baseline) * 1000
    checked_ms = statistics.median(with_check) * 1000
    started = time.perf_counter()
    for _ in range(10_000):
        policy.require_acknowledged(vault, owner)
    alone = (time.perf_counter() - started) / 10_000 * 1000
    print(f"baseline: customers.view per read, no check   {plain:8.3f} ms (median of {rounds} x {reads})")
    print(f"with a published, acknowledged version        {checked_ms:8.3f} ms")
    print(f"ratio                                         {checked_ms / plain:8.2f}x")
    print(f"the check alone                               {alone:8.4f} ms")
    print(f"draft built                                   {draft_ms:8.1f} ms")
    print(f"published (draft + version + audit)           {publish_ms:8.1f} ms")
    for language in ("zh", "en"):
        out = folder / f"policy-{language}.pdf"
        ms = _timed(lambda language=language, out=out: policy_report.write(vault, owner, out, language))
        print(f"PDF {language}: {ms:8.1f} ms, {out.stat().st_size / 1024:,.0f} KiB")
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
