"""Import benchmark: a GBK CSV into a vault of N customers, against a plain baseline in the same run.

    python bench/bench_import.py --customers 1000000 [--rows 100000] [--rows 1000000] [--gui]

Works on a *copy* of a demo vault of N customers (``/work/bench-vaults/<N>/vault`` when it
exists — never changed — else built once with ``custos demo`` under ``--dir``). Writes a CSV
of ``--rows`` customers in GBK (Chinese names, companies and addresses, phones, e-mails,
notes; one row in a hundred a duplicate of a customer in the vault, one in two hundred
invalid), then times, each in a fresh process so its peak memory is its own:

* baseline: Python's csv module reading the GBK file plus ``executemany`` into a plain table
  (no indexes, no validation) of the same vault, one transaction;
* import: ``custos``'s import as the owner — detection, mapping, the catalogue's validation,
  the duplicate look-ups, inserts with search indexes, one transaction.

``--gui`` also runs the import on the desktop app's task runner under a Qt event loop and
reports the longest the GUI thread waited between two 10 ms timer ticks. Figures print;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo  # noqa: E402

SHARED = Path("/work/bench-vaults")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红文斌宇浩凯婷雪琳晨欣怡佳俊博子涵梓轩"
CITIES = [
    "北京市海淀区",
    "上海市徐汇区",
    "广州市天河区",
    "深圳市南山区",
    "杭州市西湖区",
    "成都市武侯区",
    "武汉市洪山区",
]
TRADES = ["科技", "贸易", "餐饮", "五金", "服装", "物流", "文化传媒", "医疗器械"]


def cpu_seconds() -> float:
    """User + system CPU time of this process: what the work costs when the machine is shared
    (on a loaded machine the wall-clock time also counts the time spent waiting for a core)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler:
    """The largest resident size while a phase runs (sampled every 20 ms): unlocking the vault
    before it costs Argon2id's memory, which the process's lifetime peak would include."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            with open("/proc/self/statm") as statm:
                self.peak = max(self.peak, int(statm.read().split()[1]) * page)
            self._stop.wait(0.02)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        return self.peak / (1024 * 1024)


def write_csv(path: Path, rows: int, existing_phones: list[str]) -> None:
    rnd = random.Random(7)
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["客户名称", "手机号", "邮箱", "公司", "联系地址", "备注"])
        for n in range(rows):
            name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
            if n % 100 == 50 and existing_phones:
                phone = rnd.choice(existing_phones)  # already a customer
            elif n % 200 == 7:
                phone = "1381234"  # too short: an invalid row
            else:
                phone = f"190{n:08d}"
            email = f"c{n}@example.cn" if n % 3 == 0 else ""
            company = f"{rnd.choice(CITIES)[:2]}{rnd.choice(TRADES)}有限公司" if n % 4 == 0 else ""
            address = f"{rnd.choice(CITIES)}{rnd.randrange(1, 300)}号" if n % 2 == 0 else ""
            notes = "老客户，周末来店" if n % 10 == 0 else ""
            writer.writerow([name, phone, email, company, address, notes])


def phase_baseline(folder: Path, path: Path) -> dict:
    from app.vault import Vault
    from app.vault.database import transaction

    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    conn = vault.connection()
    conn.execute("CREATE TABLE bench_plain (name, phone, email, company, address, notes)")
    started, cpu = time.perf_counter(), cpu_seconds()
    with RssSampler() as rss, path.open(encoding="gb18030", newline="") as handle, transaction(conn):
        reader = csv.reader(handle)
        next(reader)
        conn.executemany("INSERT INTO bench_plain VALUES (?, ?, ?, ?, ?, ?)", reader)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    count = conn.execute("SELECT count(*) FROM bench_plain").fetchone()[0]
    conn.execute("DROP TABLE bench_plain")
    vault.lock()
    return {"seconds": seconds, "cpu": cpu, "rows": count, "peak_mb": rss.mb, "process_peak_mb": peak_mb()}


def phase_import(folder: Path, path: Path) -> dict:
    from app import access, importing
    from app.vault import Vault

    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    started, cpu = time.perf_counter(), cpu_seconds()
    with RssSampler() as rss:
        source = importing.open_source(path)
        mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
        result = importing.run(vault, vault.actor, source, mapping, source_text="bench: generated GBK CSV")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    undo_started = time.perf_counter()
    undone = importing.undo(vault, vault.actor, result.import_id)
    undo_seconds = time.perf_counter() - undo_started
    vault.lock()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "encoding": source.encoding,
        "counts": result.counts.as_dict(),
        "undo_seconds": undo_seconds,
        "undo_removed": undone.removed,
        "peak_mb": rss.mb,
        "process_peak_mb": peak_mb(),
    }


def phase_gui(folder: Path, path: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QProgressBar

    from app import access, importing
    from app.vault import Vault
    from ui.main import prepare_runtime
    from ui.tasks import TaskRunner

    app = QApplication([])
    vault = Vault.unlock(folder, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    source = importing.open_source(path)
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
    bar = QProgressBar()
    bar.setRange(0, 1000)
    bar.show()
    clock = QElapsedTimer()
    gaps: list[int] = []
    state: dict = {}

    def tick() -> None:
        gaps.append(clock.restart())

    def work(task) -> importing.ImportResult:
        return importing.run(
            vault,
            vault.actor,
            source,
            mapping,
            source_text="bench: GUI",
            dry_run=True,
            progress=lambda rows, fraction: task.progress(rows, 1000, f"{fraction}"),
        )

    collections: list[float] = []  # each garbage collection's pause: it holds the GIL
    collecting: list[float] = []

    def on_gc(phase: str, _info: dict) -> None:
        if phase == "start":
            collecting[:] = [time.perf_counter()]
        elif collecting:
            collections.append((time.perf_counter() - collecting[0]) * 1000)

    prepare_runtime()  # as ui.main.run does before the event loop starts
    gc.callbacks.append(on_gc)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    started = time.perf_counter()
    TaskRunner().run(
        work,
        on_result=lambda r: (state.update(result=r), app.quit()),
        on_error=lambda e: (state.update(error=repr(e)), app.quit()),
        on_progress=lambda rows, _t, f: bar.setValue(int(float(f) * 1000)),
        vault=vault,
    )
    app.exec()
    seconds = time.perf_counter() - started
    vault.lock()
    gaps = gaps[1:] or [0]
    return {
        "seconds": seconds,
        "max_gap_ms": max(gaps),
        "p99_gap_ms": sorted(gaps)[int(len(gaps) * 0.99)],
        "ticks": len(gaps),
        "gc_max_ms": round(max(collections, default=0.0), 1),
        "gc_count": len(collections),
        "error": state.get("error"),
    }


def run_phase(phase: str, folder: Path, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--work", str(folder), "--csv", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def base_vault(customers: int, scratch: Path) -> Path:
    shared = SHARED / ("1m" if customers == 1_000_000 else str(customers)) / "vault"
    if (shared / "vault.db").exists():
        return shared
    built = scratch / f"base-{customers}"
    if not (built / "vault.db").exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "app.cli", "demo", "--vault", str(built), "--customers", str(customers)],
            check=True,
            cwd=ROOT,
            env={**os.environ, "CUSTOS_PASSWORD": demo.DEMO_PASSWORD},
            stdout=subprocess.DEVNULL,
        )
        print(f"demo vault of {customers:,} built in {time.perf_counter() - started:.0f} s")
    return built


def fresh_copy(base: Path, work: Path) -> None:
    """The benchmark changes its vault (and upgrades its schema): always a copy of the base."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(base, work)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=int(os.environ.get("N", 1_000_000)))
    parser.add_argument(
        "--rows", type=int, action="append", help="rows per file (repeatable; default 100000)"
    )
    parser.add_argument("--dir", type=Path, default=Path("/tmp/custos-bench-import"))
    parser.add_argument("--gui", action="store_true", help="also measure GUI-thread stalls during an import")
    parser.add_argument("--phase", choices=("baseline", "import", "gui"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phases = {"baseline": phase_baseline, "import": phase_import, "gui": phase_gui}
        print(json.dumps(phases[args.phase](args.work, args.csv)))
        return 0

    from app import customers as customers_mod
    from app.vault import Vault

    args.dir.mkdir(parents=True, exist_ok=True)
    base = base_vault(args.customers, args.dir)
    work = args.dir / "work-vault"
    fresh_copy(base, work)
    vault = Vault.unlock(work, demo.DEMO_OWNER, demo.DEMO_PASSWORD)
    total = customers_mod.count(vault, vault.actor)
    phones = [
        r[0]
        for r in vault.connection().execute(
            "SELECT phone FROM customers WHERE phone IS NOT NULL AND deleted_at IS NULL LIMIT 5000"
        )
    ]
    vault.lock()
    print(f"Custos import benchmark: into a vault of {total:,} customers (a copy of {base})")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'rows':>10} {'phase':<10} {'seconds':>8} {'cpu s':>7} {'rows/s':>10} {'peak MB':>8}  notes")
    for rows in args.rows or [100_000]:
        path = args.dir / f"customers-{rows}.gbk.csv"
        if not path.exists():
            write_csv(path, rows, phones)
        size = path.stat().st_size / 1e6
        baseline = run_phase("baseline", work, path)
        print(
            f"{rows:>10,} {'baseline':<10} {baseline['seconds']:8.2f} {baseline['cpu']:7.2f}"
            f" {rows / baseline['seconds']:10,.0f}"
            f" {baseline['peak_mb']:8.0f}  csv + executemany into a plain table ({size:.1f} MB GBK)"
        )
        imported = run_phase("import", work, path)
        c = imported["counts"]
        print(
            f"{rows:>10,} {'import':<10} {imported['seconds']:8.2f} {imported['cpu']:7.2f}"
            f" {rows / imported['seconds']:10,.0f}"
            f" {imported['peak_mb']:8.0f}  {imported['encoding']}: created {c['created']:,},"
            f" duplicates {c['duplicate'] + c['duplicate_in_file']:,}, invalid {c['invalid']:,};"
            f" process peak incl. sign-in {imported['process_peak_mb']:.0f} MB"
        )
        print(
            f"{'':>10} {'ratio':<10} {imported['seconds'] / baseline['seconds']:8.1f}x"
            f" {imported['cpu'] / max(baseline['cpu'], 0.001):6.1f}x  import / baseline (wall, cpu);"
            f" undo of the {imported['undo_removed']:,} created: {imported['undo_seconds']:.1f} s"
        )
        if args.gui:
            gui = run_phase("gui", work, path)
            print(
                f"{rows:>10,} {'gui':<10} {gui['seconds']:8.2f} {'':>7} {'':>10} {'':>8}"
                f"  longest GUI-thread wait {gui['max_gap_ms']} ms (p99 {gui['p99_gap_ms']} ms,"
                f" {gui['ticks']:,} ticks of 10 ms; longest of {gui['gc_count']:,} garbage"
                f" collections {gui['gc_max_ms']} ms)"
                f"{' ERROR ' + gui['error'] if gui['error'] else ''}"
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
