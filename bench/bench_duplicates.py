"""Duplicates benchmark: the check before a save, the likely-pairs listing and a merge at N customers.

    python bench/bench_duplicates.py --customers 1000000 [--dir DIR] [--rebuild]

Builds (or reuses) a demo vault with ``custos demo`` and adds ``--pairs`` deliberate
duplicates (same phone, same e-mail, same ID number, same name and company). Then times, as
the owner: ``find_duplicates`` for values that match and values that do not (each an index
seek: phone, e-mail, the ID number's blind index), ``add_customer`` refusing a duplicate,
``likely_duplicates`` (first 100 pairs) and one ``merge``. Figures print as a table; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import customers, demo, duplicates
from app.fields import cn_id_check_char
from app.vault import Vault

RUNS = 60


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def row(label: str, times: list[float]) -> None:
    print(
        f"{label:<52} {statistics.median(times) * 1000:8.2f} {percentile(times, 95) * 1000:8.2f}"
        f" {max(times) * 1000:8.2f}"
    )


def timed(fn, runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def id_number(rnd: random.Random) -> str:
    born = f"{rnd.randrange(1950, 2005)}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}"
    first = f"110105{born}{rnd.randrange(1000):03d}"
    return first + cn_id_check_char(first)


def add_pairs(vault: Vault, pairs: int, rnd: random.Random) -> None:
    """Deliberate duplicates, a quarter of each kind, added in one bulk transaction."""
    rows = []
    for n in range(pairs):
        kind = n % 4
        base = {"name": f"重复客户{n}", "company": None}
        a, b = dict(base), dict(base)
        if kind == 0:
            a["phone"] = b["phone"] = f"199{n:08d}"
        elif kind == 1:
            a["email"] = b["email"] = f"dup{n}@example.cn"
        elif kind == 2:
            a["id_number"] = b["id_number"] = id_number(rnd)
        else:
            a["company"] = b["company"] = f"重复公司{n}"
        rows += [{k: v for k, v in a.items() if v}, {k: v for k, v in b.items() if v}]
    customers.create_many(vault, vault.actor, rows, audit_each=False, source_note="bench duplicates")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument("--pairs", type=int, default=400, help="deliberate duplicate pairs to add")
    parser.add_argument("--dir", type=Path, default=None, help="where to keep the benchmark vault")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    folder = args.dir or Path(f"/tmp/custos-bench-dups-{args.customers}")
    if args.rebuild or not (folder / "vault.db").exists():
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
        add_pairs(vault, args.pairs, random.Random(3))
        vault.lock()
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    actor = vault.actor
    rnd = random.Random(11)
    total = customers.count(vault, actor)
    sample = customers.fetch(vault, actor, [rnd.randrange(1, total) for _ in range(RUNS * 3)])
    phones = [c.get("phone") for c in sample if c.get("phone")][:RUNS]
    emails = [c.get("email") for c in sample if c.get("email")][:RUNS]
    ids = [c.get("id_number") for c in sample if c.get("id_number")][:RUNS]
    ids = ids or [id_number(rnd) for _ in range(RUNS)]
    print(f"Custos duplicates benchmark: {total:,} live customers, encrypted vault")
    print(f"{'operation':<52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")

    def each(values: list, key: str):
        it = itertools.cycle(values)
        return lambda: duplicates.find_duplicates(vault, actor, {key: next(it)})

    hits = [len(duplicates.find_duplicates(vault, actor, {"phone": p})) for p in phones[:10]]
    print(f"(check: the first 10 stored phones find {hits} customers each)")

    row("find_duplicates: phone of a stored customer", timed(each(phones, "phone")))
    row("find_duplicates: e-mail of a stored customer", timed(each(emails, "email")))
    row("find_duplicates: ID number (blind index)", timed(each(ids, "id_number")))
    fresh = [f"+86 197{n:08d}" for n in range(RUNS)]
    row("find_duplicates: new phone (no match)", timed(each(fresh, "phone")))
    everything = iter(
        [
            {"name": "x", "phone": p, "email": e, "id_number": i}
            for p, e, i in zip(phones, emails, ids * 3, strict=False)
        ]
        * 3
    )
    row(
        "find_duplicates: phone + e-mail + ID number",
        timed(lambda: duplicates.find_duplicates(vault, actor, next(everything))),
    )

    def refused() -> None:
        try:
            duplicates.add_customer(vault, actor, {"name": "王芳", "phone": phones[0]})
        except duplicates.DuplicateError:
            return
        raise AssertionError("expected a duplicate")

    row("add_customer refusing a duplicate (check + rollback)", timed(refused, 20))
    listing: list[duplicates.DuplicateList] = []
    times = timed(lambda: listing.append(duplicates.likely_duplicates(vault, actor, limit=100)), 5)
    found = listing[-1]
    row(f"likely_duplicates, first {len(found.pairs)} pairs (more: {found.more})", times)
    pair = found.pairs[0]
    started = time.perf_counter()
    duplicates.merge(vault, actor, pair.first.id, pair.second.id, ["email"])
    row("merge one pair (one transaction)", [time.perf_counter() - started])
    vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
