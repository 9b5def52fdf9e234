"""Audit log benchmark: reading and verifying a log of N entries (default 1,000,000).

    python bench/bench_audit.py --entries 1000000 [--vault DIR]

Builds a vault whose log holds N entries written over a year by a dozen users (a valid
chain, built in bulk), then times what the audit view and ``custos audit list`` do: the
first page, a page deep in the log, each filter and their combinations, the filter choices,
and a full verification. Figures print as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import audit
from app.audit import AuditFilter
from app.vault import Vault
from app.vault.database import transaction

OWNER, PASSWORD = "老板", "bench-pass-123"
RUNS = 7
USERS = [OWNER, "王芳", "李雷", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "Alice", "Bob", "前台", "审计"]
ACTIONS = [
    ("customer.view", 50),
    ("customer.update", 22),
    ("customer.create", 10),
    ("signin", 8),
    ("lock", 6),
    ("customer.reveal", 2),
    ("customer.delete", 1),
    ("user.password_changed", 1),
]


def build(folder: Path, entries: int) -> None:
    vault, _code = Vault.create(folder, owner=OWNER, password=PASSWORD, business_name="bench")
    rng = random.Random(7)
    key = audit.derive_audit_key(vault._require_unlocked()["data"])
    conn = vault.connection()
    head = vault.audit().head()
    assert head is not None
    seq, prev = head
    start = datetime.now(UTC) - timedelta(days=365)
    step = timedelta(days=365) / entries
    names, weights = zip(*ACTIONS, strict=True)
    user_weights = [1 / (rank + 1) for rank in range(len(USERS))]
    started = time.perf_counter()
    with transaction(conn):
        batch = []
        for i in range(entries - seq):
            seq += 1
            at = (start + step * i).isoformat(timespec="milliseconds")
            actor = rng.choices(USERS, user_weights)[0]
            action = rng.choices(names, weights)[0]
            obj = f"customer:{rng.randint(1, 200_000)}" if action.startswith("customer.") else actor
            details = json.dumps({"fields": ["phone"]} if action == "customer.update" else {}, sort_keys=True)
            digest = audit._row_hash(key, prev, seq, at, actor, action, obj, details)
            batch.append((seq, at, actor, action, obj, details, prev, digest))
            prev = digest
            if len(batch) == 50_000:
                conn.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch.clear()
        conn.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
    print(f"built {entries:,} entries in {time.perf_counter() - started:.1f} s")
    vault.lock()  # signs a checkpoint at the new head


def timed(label: str, call) -> None:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    shown = len(result.entries) if hasattr(result, "entries") else sum(len(part) for part in result)
    print(f"{label:<44} {statistics.median(times):>8.1f} {p95:>8.1f} {shown:>8,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--vault", type=Path, help="reuse or create the bench vault here")
    args = parser.parse_args()
    scratch = None
    folder = args.vault
    if folder is None:
        scratch = Path(tempfile.mkdtemp(prefix="custos-audit-bench-"))
        folder = scratch / "vault"
    if not (folder / "vault.keys").exists():
        build(folder, args.entries)
    try:
        started = time.perf_counter()
        vault = Vault.unlock(folder, OWNER, PASSWORD)
        print(f"unlock: {(time.perf_counter() - started) * 1000:.0f} ms")
        owner = vault.actor
        head = vault.audit().head()
        assert head is not None
        last = head[0]
        middle = datetime.now(UTC) - timedelta(days=180)
        week = AuditFilter(since=middle, until=middle + timedelta(days=7))
        print(f"\n{'read (page of 200)':<44} {'p50 ms':>8} {'p95 ms':>8} {'rows':>8}")
        timed("first page, no filter", lambda: audit.read(vault, owner))
        timed("page at the middle of the log", lambda: audit.read(vault, owner, before_seq=last // 2))
        timed("page near the oldest entry", lambda: audit.read(vault, owner, before_seq=1000))
        timed("user (most active)", lambda: audit.read(vault, owner, AuditFilter(user=OWNER)))
        timed("user (least active)", lambda: audit.read(vault, owner, AuditFilter(user="审计")))
        timed(
            "action (common: customer.view)",
            lambda: audit.read(vault, owner, AuditFilter(action="customer.view")),
        )
        timed(
            "action (rare: user.password_changed)",
            lambda: audit.read(vault, owner, AuditFilter(action="user.password_changed")),
        )
        timed(
            "user + rare action",
            lambda: audit.read(vault, owner, AuditFilter(user="审计", action="user.password_changed")),
        )
        timed("customer's history (customer:4242)", lambda: audit.history(vault, owner, 4242))
        timed("one week, half a year ago", lambda: audit.read(vault, owner, week))
        timed(
            "one week + user + action",
            lambda: audit.read(vault, owner, AuditFilter(week.since, week.until, "李雷", "customer.update")),
        )
        timed("filter choices (distinct users, actions)", lambda: audit.users_and_actions(vault, owner))
        started = time.perf_counter()
        report = vault.verify_audit(owner)
        print(
            f"\nverify (chain + checkpoints): {report.entries:,} entries in "
            f"{time.perf_counter() - started:.1f} s, ok={report.ok}"
        )
        vault.lock()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
