"""Backup benchmark: backup + verification and restore + verification against ``cp`` + ``sha256sum``
of the same files, measured in the same run; peak memory; the GUI thread's longest stall while a
backup runs on the task runner.

    python bench/bench_backup.py --customers 1000000 [--dir /work/bench-vaults/bench-1000000]

The vault is built with the demo generator when ``--dir`` holds none (or reused). Each figure is
the median of ``--runs`` runs, ours and the baseline alternating so both see the same page cache.
The measured work runs in a child process, so its peak RSS is the backup's and not the builder's.
Figures print as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import demo
from app.vault import is_vault

FILES = ("vault.db", "vault.keys", "audit.anchor")


def baseline(folder: Path, scratch: Path) -> float:
    """cp of the vault's files to another folder, then sha256sum of the copies."""
    target = scratch / "cp"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    sources = [str(folder / name) for name in FILES if (folder / name).exists()]
    started = time.perf_counter()
    subprocess.run(["cp", *sources, str(target)], check=True)
    subprocess.run(
        ["sha256sum", *[str(target / Path(s).name) for s in sources]], check=True, capture_output=True
    )
    seconds = time.perf_counter() - started
    shutil.rmtree(target)
    return seconds


def restore_baseline(backup_file: Path, scratch: Path) -> float:
    """The same for a restore: cp of the backup file, then sha256sum of the copy."""
    target = scratch / "cp-restore"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    started = time.perf_counter()
    subprocess.run(["cp", str(backup_file), str(target)], check=True)
    subprocess.run(["sha256sum", str(target / backup_file.name)], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(target)
    return seconds


def child(folder: Path, scratch: Path, runs: int) -> None:
    """The measured work; prints one JSON line with every figure and this process's peak RSS."""
    from app import backup, restore
    from app.vault import Vault

    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    out = scratch / "backups"
    out.mkdir(exist_ok=True)
    ours, base, ours_restore, base_restore = [], [], [], []
    made = None
    for _ in range(runs):
        base.append(baseline(folder, scratch))
        for old in out.iterdir():
            old.unlink()
        started = time.perf_counter()
        made = backup.create(vault, vault.actor, out)  # includes the full verification
        ours.append(time.perf_counter() - started)
    assert made is not None
    size = made.path.stat().st_size
    vault.lock()
    credentials = backup.Credentials(demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    for n in range(runs):
        base_restore.append(restore_baseline(made.path, scratch))
        target = scratch / f"restored-{n}"
        started = time.perf_counter()
        restore.restore_into(made.path, target, credentials)  # signs in, verifies, copies, opens
        ours_restore.append(time.perf_counter() - started)
        shutil.rmtree(target)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "backup": ours,
                "baseline": base,
                "restore": ours_restore,
                "restore_baseline": base_restore,
                "size": size,
                "peak_mib": peak,
            }
        )
    )


def gui_stall(folder: Path, scratch: Path) -> tuple[float, float, int]:
    """Longest gap between 5 ms timer ticks on the GUI thread while a backup runs on the task runner."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from app import backup
    from app.vault import Vault
    from ui.main import prepare_runtime
    from ui.tasks import TaskRunner

    app = QCoreApplication.instance() or QCoreApplication([])
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    out = scratch / "gui"
    out.mkdir(exist_ok=True)
    runner = TaskRunner()
    gaps: list[float] = []
    last = [time.perf_counter()]
    done = []

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    prepare_runtime()  # as ui.main.run does before the event loop starts
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    last[0] = time.perf_counter()
    timer.start()
    started = time.perf_counter()
    runner.run(
        lambda task: backup.create(vault, vault.actor, out, progress=task.progress),
        on_result=done.append,
        on_error=done.append,
        vault=vault,
    )
    while not done:
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - started
    timer.stop()
    vault.lock()
    ordered = sorted(gaps)
    return max(gaps) * 1000, ordered[int(len(ordered) * 0.99)] * 1000 if ordered else 0.0, int(seconds * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, help="where the vault is (built there when missing)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.gettempdir()) / f"custos-bench-backup-{args.customers}"
    if args.child:
        child(folder, args.scratch, args.runs)
        return
    if not is_vault(folder):
        print(f"building a demo vault of {args.customers:,} customers in {folder} …", flush=True)
        demo.build_demo(folder, args.customers).lock()
    scratch = Path(tempfile.mkdtemp(prefix="custos-bench-backup-", dir=folder.parent))
    try:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--dir",
                str(folder),
                "--scratch",
                str(scratch),
                "--runs",
                str(args.runs),
                "--customers",
                str(args.customers),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        stall_max, stall_p99, stall_run = gui_stall(folder, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    med = {
        key: statistics.median(figures[key]) for key in ("backup", "baseline", "restore", "restore_baseline")
    }
    db = (folder / "vault.db").stat().st_size / 1024 / 1024
    size = figures["size"] / 1024 / 1024
    print(f"customers {args.customers:,}   vault.db {db:,.0f} MiB   backup {size:,.0f} MiB", end="")
    print(f"   runs {args.runs} (median)")
    print(f"{'':34}{'seconds':>9}{'baseline':>10}{'ratio':>8}")
    print(
        f"{'backup + verification':34}{med['backup']:9.2f}{med['baseline']:10.2f}"
        f"{med['backup'] / med['baseline']:8.2f}   baseline: cp + sha256sum of the vault's files"
    )
    print(
        f"{'restore + verification':34}{med['restore']:9.2f}{med['restore_baseline']:10.2f}"
        f"{med['restore'] / med['restore_baseline']:8.2f}   baseline: cp + sha256sum of the backup file"
    )
    print(f"{'peak memory (backup and restore)':34}{figures['peak_mib']:9.0f} MiB")
    print(
        f"{'GUI thread, longest stall':34}{stall_max:9.1f} ms   (99th percentile {stall_p99:.1f} ms, "
        f"during a {stall_run} ms backup on the task runner)"
    )


if __name__ == "__main__":
    main()
