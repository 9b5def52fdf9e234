"""tools/qt_system_libs.sh: what `make run` and `make test` install, or ask for, before Qt starts.

The script runs for real against stand-ins for ``ldconfig``, ``id`` and ``apt-get`` on PATH,
so each decision (install as root, print the command otherwise, no window libraries when
offscreen, no display) is checked without touching the machine's packages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "tools" / "qt_system_libs.sh"
BASE = [
    "libEGL.so.1",
    "libGL.so.1",
    "libfontconfig.so.1",
    "libxkbcommon.so.0",
    "libglib-2.0.so.0",
    "libdbus-1.so.3",
]


def script_table() -> dict[str, str]:
    """soname → Debian package, as the script lists them."""
    return dict(re.findall(r"(lib[\w.+-]+\.so\.\d+):(lib[\w.+-]+)", SCRIPT.read_text()))


def run(
    tmp_path: Path,
    *args: str,
    present: list[str],
    uid: int = 0,
    apt: bool = True,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the script with ``present`` as the only libraries ldconfig knows; returns apt-get's calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "grep").unlink(missing_ok=True)
    (bin_dir / "grep").symlink_to(shutil.which("grep"))
    known = "".join(f"\t{lib} (libc6,x86-64) => /lib/x86_64-linux-gnu/{lib}\n" for lib in present)
    (tmp_path / "ldconfig.out").write_text(f"{len(present)} libs found in cache\n{known}")
    stubs = {
        "ldconfig": f"#!/bin/bash\ncat '{tmp_path / 'ldconfig.out'}'\n",
        "id": f"#!/bin/bash\necho {uid}\n",
    }
    (bin_dir / "cat").unlink(missing_ok=True)
    (bin_dir / "cat").symlink_to(shutil.which("cat"))
    log = tmp_path / "apt.log"
    log.write_text("")
    if apt:
        stubs["apt-get"] = f"#!/bin/bash\necho \"$*\" >> '{log}'\n"
    else:
        (bin_dir / "apt-get").unlink(missing_ok=True)
    for name, text in stubs.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    environment = {"PATH": str(bin_dir), "HOME": str(tmp_path), **(env or {})}
    result = subprocess.run(
        ["/bin/bash", str(SCRIPT), *args], env=environment, capture_output=True, text=True, timeout=30
    )
    return result, [line for line in log.read_text().splitlines() if line]


def window_sonames() -> list[str]:
    return [lib for lib in script_table() if lib not in BASE]


def test_as_root_it_installs_exactly_what_a_window_lacks(tmp_path) -> None:
    lacking = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    present = BASE + [lib for lib in window_sonames() if lib not in lacking]
    result, apt = run(tmp_path, "--window", present=present, env={"DISPLAY": ":0"})
    assert result.returncode == 0, result.stderr
    assert apt == ["update -qq", "install -y -qq libxcb-icccm4 libxcb-keysyms1"]


def test_without_root_it_prints_the_exact_command_and_stops(tmp_path) -> None:
    result, apt = run(tmp_path, "--window", present=BASE, uid=1000, env={"DISPLAY": ":0"})
    assert result.returncode == 1
    assert apt == []
    packages = [script_table()[lib] for lib in window_sonames()]
    assert f"sudo apt-get install -y {' '.join(packages)}" in result.stderr
    assert "libxcb-cursor0" in packages and "libxkbcommon-x11-0" in packages


def test_offscreen_needs_no_window_libraries(tmp_path) -> None:
    result, apt = run(tmp_path, "--window", present=BASE, uid=1000, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert apt == [] and result.stderr == ""


def test_the_test_suite_asks_only_for_the_base_libraries(tmp_path) -> None:
    result, _apt = run(tmp_path, present=BASE[1:], uid=1000)
    assert result.returncode == 1
    assert "sudo apt-get install -y libegl1\n" in result.stderr


def test_without_a_display_it_says_how_to_run_under_xvfb(tmp_path) -> None:
    result, apt = run(tmp_path, "--window", present=BASE + window_sonames(), env={})
    assert result.returncode == 1
    assert "DISPLAY is not set" in result.stderr
    assert "xvfb-run" in result.stderr
    assert apt == []


def test_dry_run_says_what_it_would_install_and_installs_nothing(tmp_path) -> None:
    result, apt = run(tmp_path, "--window", "--dry-run", present=BASE, env={"DISPLAY": ":0"})
    assert result.returncode == 0
    assert result.stdout.startswith("Would install: libxcb1 libx11-6 ")
    assert apt == []
    result, apt = run(tmp_path, "--dry-run", present=BASE)
    assert result.stdout == "Nothing to install.\n"


def test_without_apt_it_names_the_packages(tmp_path) -> None:
    result, _apt = run(tmp_path, present=BASE[1:], apt=False)
    assert result.returncode == 1
    assert "libegl1" in result.stderr and "package manager" in result.stderr


@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_the_list_covers_every_system_library_the_xcb_plugin_loads() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    needed: set[str] = set()
    for library in (qt / "plugins" / "platforms" / "libqxcb.so", *qt.glob("lib/libQt6XcbQpa.so*")):
        if not library.is_file():
            continue
        output = subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=os.environ).stdout
        needed |= {line.split()[0] for line in output.splitlines() if "=>" in line}
    system_x = {lib for lib in needed if re.match(r"lib(xcb|X11|xkbcommon)", lib)}
    assert system_x, "the xcb plugin was not found"
    assert system_x <= set(script_table()), sorted(system_x - set(script_table()))
