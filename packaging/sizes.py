"""Print what `make dist` produced and what dominates the bundle's size.

    python packaging/sizes.py [DIST]      DIST defaults to dist/

The bundle is measured by file size (what an installer carries), grouped the way a person would
look for savings: Qt's libraries, plugins and translations separately, each Python package, and
each top-level shared library.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

TOP = 15


def group_of(relative: Path) -> str:
    parts = relative.parts
    if parts[:1] != ("_internal",) or len(parts) == 2:
        return "/".join(parts)  # the executables, or one top-level library of _internal
    inner = parts[1:]
    if inner[:2] == ("PySide6", "Qt") and len(inner) > 3:
        return "/".join(inner[:3]) if inner[2] != "plugins" else "/".join(inner[:4])
    return inner[0] + "/"


def bundle_sizes(bundle: Path) -> tuple[int, Counter[str]]:
    groups: Counter[str] = Counter()
    total = 0
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            groups[group_of(path.relative_to(bundle))] += size
    return total, groups


def mib(size: int) -> str:
    return f"{size / 2**20:7.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", nargs="?", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    bundle = args.dist / "custos"
    if not bundle.is_dir():
        print(f"no bundle at {bundle}", file=sys.stderr)
        return 1
    total, groups = bundle_sizes(bundle)
    print(f"Bundle {bundle}: {mib(total)} in {sum(1 for p in bundle.rglob('*') if p.is_file())} files")
    print(f"Largest parts (top {TOP}):")
    for name, size in groups.most_common(TOP):
        print(f"  {mib(size)}  {size / total:5.1%}  {name}")
    for pattern in ("custos-*.whl", "custos_*.deb"):
        for package in sorted(args.dist.glob(pattern)):
            print(f"{package.name}: {mib(package.stat().st_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
