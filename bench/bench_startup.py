"""Start-up time of the frozen build against the same start from source, in one run.

    python bench/bench_startup.py [--customers N] [--runs R] [--frozen dist/custos/custos] [--dir DIR]

Both are started the same way, alternately, on the same demo vault of N customers (offscreen,
each in a fresh process with its own empty settings): the start-up probe (ui/startup_probe.py)
records the wall-clock time of the first window's first paint (the sign-in form), signs in with
the demo password and records the main window's first paint. Figures are seconds from the
moment the process was started; the main window's includes the Argon2id unlock of the key slot.
Prints the median and the slowest of R runs each, the frozen/source ratio, and the sizes of the
bundle, the wheel and the .deb when `make dist` built them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import demo  # noqa: E402


def environment(home: Path) -> dict[str, str]:
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
        "CUSTOS_PASSWORD": demo.DEMO_PASSWORD,
        "PYTHONPATH": str(ROOT),  # the source run only; the frozen program ignores it
    }


def start_once(command: list[str], vault: Path, home: Path) -> tuple[float, float]:
    report = home / "probe.json"
    report.unlink(missing_ok=True)
    env = {**environment(home), "CUSTOS_STARTUP_PROBE": str(report)}
    started = time.time()
    done = subprocess.run(
        [*command, "--vault", str(vault)], env=env, cwd=home, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not report.is_file():
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    data = json.loads(report.read_text("utf-8"))
    if "main_paint" not in data:
        raise SystemExit(f"{' '.join(command)}: the main window never painted: {data}")
    return data["first_paint"] - started, data["main_paint"] - started


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "custos" / "custos")
    parser.add_argument("--dir", type=Path, help="reuse the demo vault DIR/vault instead of building one")
    args = parser.parse_args()
    if not args.frozen.is_file():
        print(f"no frozen build at {args.frozen}: run `make dist` first", file=sys.stderr)
        return 1

    faces = {"source": [sys.executable, "-m", "ui.launch"], "frozen": [str(args.frozen)]}
    with tempfile.TemporaryDirectory(prefix="custos-bench-startup-") as tmp:
        tmp_path = Path(tmp)
        vault = args.dir / "vault" if args.dir else tmp_path / "vault"
        if not (vault / "vault.keys").is_file():
            subprocess.run(
                [*faces["source"], "demo", "--vault", str(vault), "--customers", str(args.customers)],
                env=environment(tmp_path / "setup"),
                check=True,
                capture_output=True,
            )
        times: dict[str, list[tuple[float, float]]] = {face: [] for face in faces}
        for run in range(args.runs):
            for face, command in faces.items():  # alternate, so both see the same machine load
                times[face].append(start_once(command, vault, tmp_path / f"{face}-{run}"))

    print(f"Start-up, {args.customers:,} customers, {args.runs} runs each (seconds from process start)")
    print(f"{'':8}{'first window painted':>24}{'main window painted':>24}")
    medians = {}
    for face, runs in times.items():
        first = [f for f, _ in runs]
        main_ = [m for _, m in runs]
        medians[face] = (statistics.median(first), statistics.median(main_))
        print(
            f"{face:8}{medians[face][0]:>12.2f} (max {max(first):.2f}){medians[face][1]:>12.2f} "
            f"(max {max(main_):.2f})"
        )
    ratio_first = medians["frozen"][0] / medians["source"][0]
    ratio_main = medians["frozen"][1] / medians["source"][1]
    print(f"frozen/source: first window {ratio_first:.2f}x, main window {ratio_main:.2f}x")

    dist = args.frozen.parent.parent
    print(f"bundle {args.frozen.parent}: {size_of(args.frozen.parent) / 2**20:.1f} MiB")
    for pattern in ("custos-*.whl", "custos_*.deb"):
        for package in sorted(dist.glob(pattern)):
            print(f"{package.name}: {size_of(package) / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
