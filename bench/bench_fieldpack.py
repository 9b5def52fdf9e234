"""Field-pack benchmark: preparing a pack of 10,000 customers and merging back 1,000 new customers
and 1,000 edits (50 of them conflicts), at N customers — each beside a raw copy of the same rows
between two plain databases, measured in the same run.

    python bench/bench_fieldpack.py --customers 1000000 [--from /work/bench-vaults/1m]

Preparing and merging change the vault, so the benchmark works on a copy: ``--from`` names a
folder holding ``vault/`` (the demo vault) and ``plain.db`` (its plaintext export), as
bench/bench_core.py leaves them; without it a demo vault of N customers is built here first.

Figures (printed, nothing asserted; targets: each ≤ 5 s at 1,000,000 customers):

* ``prepare``: ``fieldpack.prepare`` of ``--pack`` customers (default 10,000, chosen by id) for a
  field user: read and filter by the field role, build the pack's vault (schema, catalogue,
  search index, base values), seal, record. Baseline: ``CREATE TABLE … AS SELECT`` of the same
  rows from the plain export into a new plain database.
* ``merge``: ``fieldpack.merge`` of a pack in which the field added ``--new`` customers and
  edited ``--edits`` of the pack's customers, ``--conflicts`` of which the office changed too:
  open and check the pack (seal, every page, base values, audit chain), three-way merge,
  duplicate check of the new ones, write, audit. Baseline: inserting the new rows and updating
  the edited ones from one plain database into another holding the pack's rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import build_in_subprocess, export_plain_copy

from app import customers, demo, fieldpack, users
from app.vault import Vault

FIELD_USER, FIELD_PASSWORD = "bench-field", "bench-field-pass-2026"


def working_copy(source: Path | None, work: Path, n: int) -> tuple[Path, Path]:
    """A vault the benchmark may change, and the plain export it only reads."""
    if source is None:
        source = Path(f"/tmp/custos-bench-fieldpack-src-{n}")
        if not (source / "vault" / "vault.db").exists():
            build_in_subprocess(source / "vault", n)
        if not (source / "plain.db").exists():
            export_plain_copy(source / "vault", source / "plain.db")
    started = time.perf_counter()
    shutil.copytree(source / "vault", work / "vault")
    print(f"working copy of {source / 'vault'} made in {time.perf_counter() - started:.1f} s")
    return work / "vault", source / "plain.db"


def raw_prepare(plain: Path, target: Path, ids: list[int]) -> float:
    """The same rows copied from the plain export into a new plain database."""
    started = time.perf_counter()
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{plain}?mode=ro",))
    conn.execute(
        "CREATE TABLE customers AS SELECT * FROM src.customers WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def raw_merge(office_plain: Path, work: Path, edited: list[int], new_rows: int) -> float:
    """New rows inserted and edited rows updated from one plain database into another."""
    field = work / "field-plain.db"
    conn = sqlite3.connect(field)
    conn.execute("ATTACH DATABASE ? AS office", (str(office_plain),))
    conn.execute(
        "CREATE TABLE customers AS SELECT * FROM office.customers"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(edited),),
    )
    conn.execute("UPDATE customers SET phone = '1380000' || substr('0000' || id, -4)")
    top = conn.execute("SELECT max(id) FROM office.customers").fetchone()[0]
    _insert_new(conn, top, new_rows)
    conn.commit()
    conn.execute("DETACH DATABASE office")
    conn.close()
    started = time.perf_counter()
    conn = sqlite3.connect(office_plain)
    conn.execute("ATTACH DATABASE ? AS field", (str(field),))
    conn.execute("BEGIN")
    conn.execute(
        "UPDATE customers SET phone = (SELECT f.phone FROM field.customers f WHERE f.id = customers.id)"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(edited),),
    )
    conn.execute("INSERT INTO customers SELECT * FROM field.customers WHERE id > ?", (top,))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def _insert_new(conn: sqlite3.Connection, top: int, count: int) -> None:
    columns = [r[1] for r in conn.execute("PRAGMA table_info(customers)")]
    rows = []
    for i in range(1, count + 1):
        row = dict.fromkeys(columns, "")
        row.update(id=top + i, name=f"new {i}", phone=f"1370000{i:04d}", extra="{}", sort_name="new")
        rows.append([row[c] for c in columns])
    conn.executemany(
        f"INSERT INTO customers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
    )


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--from", dest="source", type=Path, help="folder with vault/ and plain.db")
    parser.add_argument("--pack", type=int, default=10_000, help="customers in the pack")
    parser.add_argument("--new", type=int, default=1_000, help="customers added in the field")
    parser.add_argument("--edits", type=int, default=1_000, help="customers edited in the field")
    parser.add_argument("--conflicts", type=int, default=50, help="of those, also changed in the office")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="custos-bench-fieldpack-"))
    try:
        folder, plain = working_copy(args.source, work, args.customers)
        started = time.perf_counter()
        vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
        owner = vault.actor
        print(f"unlock (and upgrade) of the copy: {time.perf_counter() - started:.1f} s")
        users.add(vault, owner, FIELD_USER, FIELD_PASSWORD, "field")
        total = customers.count(vault, owner)
        top = (
            vault.connection().execute("SELECT max(id) FROM customers WHERE deleted_at IS NULL").fetchone()[0]
        )
        rng = random.Random(2026)
        ids = sorted(rng.sample(range(1, top + 1), min(args.pack, total)))
        pack = work / "bench.custospack"

        started, cpu = time.perf_counter(), time.process_time()
        info = fieldpack.prepare(vault, owner, FIELD_USER, pack, ids=ids)
        prepare_s, prepare_cpu = time.perf_counter() - started, time.process_time() - cpu
        raw_prepare_s = raw_prepare(plain, work / "pack-plain.db", ids)
        print(
            f"prepare: {info.customers:,} of {total:,} customers, pack {pack.stat().st_size / 1e6:.1f} MB:"
            f" {prepare_s:.2f} s, CPU {prepare_cpu:.2f} s (raw copy {raw_prepare_s:.2f} s,"
            f" ratio {prepare_s / raw_prepare_s:.1f}x;"
            f" target <= 5 s)"
        )

        edited = ids[: args.edits]
        vault.lock()
        field = fieldpack.open_pack(pack, FIELD_USER, FIELD_PASSWORD)
        actor = field.actor
        started = time.perf_counter()
        for cid in edited:
            customers.update(field, actor, cid, {"phone": f"1380000{cid % 10000:04d}"})
        customers.create_many(
            field, actor, [{"name": f"外勤新客户{i}", "phone": f"1370000{i:04d}"} for i in range(args.new)]
        )
        field.lock()
        print(f"field work ({args.edits:,} edits, {args.new:,} new, one command each way): "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
        owner = vault.actor
        for cid in edited[: args.conflicts]:
            customers.update(vault, owner, cid, {"phone": f"1360000{cid % 10000:04d}"})

        started, cpu = time.perf_counter(), time.process_time()
        report = fieldpack.merge(vault, owner, pack)
        merge_s, merge_cpu = time.perf_counter() - started, time.process_time() - cpu
        vault.lock()
        raw_merge_s = raw_merge(work / "pack-plain.db", work, edited, args.new)
        applied = sum(len(v) for v in report.applied.values())
        print(
            f"merge: {applied:,} edits taken, {len(report.conflicts)} conflicts queued,"
            f" {len(report.created):,} new added, {len(report.duplicates_queued)} queued as duplicates:"
            f" {merge_s:.2f} s, CPU {merge_cpu:.2f} s (raw copy {raw_merge_s:.3f} s,"
            f" ratio {merge_s / raw_merge_s:.0f}x;"
            " target <= 5 s)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
