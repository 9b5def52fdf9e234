"""The frozen build (``make dist``) and the wheel, installed and started the way a user would.

The frozen tests start the BUILT program, dist/custos/custos (or ``CUSTOS_FROZEN``), never the
source tree. Without a build they are skipped, so the normal suite stays fast; ``make dist-test``
sets ``CUSTOS_DIST_TESTS=1``, which turns a missing build into a failure and also runs the slow
check that installs the wheel into a fresh virtualenv.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.dist_smoke import ROOT, Installed, add_customer, check_cli, check_window

DIST_TESTS = os.environ.get("CUSTOS_DIST_TESTS") == "1"
WINDOWS = sys.platform == "win32"
EXE = "custos.exe" if WINDOWS else "custos"
# The program to start (a /usr/bin/custos symlink for the installed .deb works too) and its bundle.
FROZEN = Path(os.environ.get("CUSTOS_FROZEN", ROOT / "dist" / "custos" / EXE))
BUNDLE = FROZEN.resolve().parent / "_internal"
QT = BUNDLE / "PySide6" if WINDOWS else BUNDLE / "PySide6" / "Qt"
PLUGINS = {
    "linux": [
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
    ],
    "win32": [
        "platforms/qoffscreen.dll",
        "platforms/qwindows.dll",
        "imageformats/qsvg.dll",
        "iconengines/qsvgicon.dll",
    ],
    "darwin": [
        "platforms/libqoffscreen.dylib",
        "platforms/libqcocoa.dylib",
        "imageformats/libqsvg.dylib",
        "iconengines/libqsvgicon.dylib",
    ],
}
TOOLS = ("pytest", "_pytest", "hypothesis", "ruff", "pypdf", "pypdfium2", "PyInstaller", "setuptools")
UNUSED_QT = re.compile(r"Qt6(Quick|Qml|Network|WebEngineCore|Pdf|Designer)\b")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen() -> Path:
    if not FROZEN.is_file():
        message = f"no frozen build at {FROZEN}: run `make dist`, then `make dist-test`"
        if DIST_TESTS:
            pytest.fail(message)
        pytest.skip(message)
    return FROZEN


def _relative_files(folder: Path, pattern: str) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.glob(pattern) if p.is_file()}


def test_frozen_bundle_carries_every_resource(frozen: Path) -> None:
    shipped = {
        "resources/fonts": _relative_files(ROOT / "resources" / "fonts", "*"),
        "resources/translations": _relative_files(ROOT / "resources" / "translations", "*.qm"),
        "resources/icons": _relative_files(ROOT / "resources" / "icons", "*.svg"),
        "app/vault/migrations": _relative_files(ROOT / "app" / "vault" / "migrations", "*.sql"),
        "app/locale": _relative_files(ROOT / "app" / "locale", "*/LC_MESSAGES/*.po"),
    }
    for folder, files in shipped.items():
        assert files, folder
        assert files <= _relative_files(BUNDLE / folder, "**/*"), folder
    for plugin in PLUGINS[sys.platform if sys.platform in PLUGINS else "linux"]:
        assert (QT / "plugins" / plugin).is_file(), plugin
    assert (QT / "translations" / "qtbase_zh_CN.qm").is_file()


def test_frozen_bundle_leaves_out_test_and_build_tools_and_unused_qt(frozen: Path) -> None:
    readers = pytest.importorskip("PyInstaller.archive.readers", reason="needs PyInstaller (the dist extra)")
    program = readers.CArchiveReader(str(frozen.resolve()))
    modules = set(program.open_embedded_archive("PYZ.pyz").toc)
    assert "app.cli" in modules and "ui.main" in modules
    for tool in TOOLS:
        assert not any(m == tool or m.startswith(tool + ".") for m in modules), tool
    unused = [p.name for p in BUNDLE.rglob("*") if UNUSED_QT.search(p.name)]
    assert not unused
    assert not list((QT / "plugins").glob("platforms/*wayland*"))
    assert not [p for p in (QT / "translations").iterdir() if p.name != "qtbase_zh_CN.qm"]


def test_frozen_cli_creates_a_vault_and_adds_and_finds_a_chinese_customer(frozen: Path, tmp_path) -> None:
    check_cli(Installed([str(frozen)], tmp_path / "home"))


def test_frozen_app_opens_its_window_in_chinese_and_exits_cleanly(frozen: Path, tmp_path) -> None:
    custos = Installed([str(frozen)], tmp_path / "home")
    add_customer(custos)
    check_window(custos)


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (Linux: apt-get install xvfb)")
def test_frozen_app_opens_a_real_x11_window(frozen: Path, tmp_path) -> None:
    """The xcb plugin and the system libraries it loads: what a desktop user's start needs."""
    custos = Installed(["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", str(frozen)], tmp_path / "home")
    add_customer(custos)
    check_window(custos, platform="xcb")


def test_wheel_carries_the_resources_migrations_and_catalogues(tmp_path) -> None:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "artifacts", ".*cache"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("custos-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in [
        *(f"custos_resources/fonts/{n}" for n in _relative_files(ROOT / "resources" / "fonts", "*")),
        *(f"custos_resources/{p}" for p in _relative_files(ROOT / "resources", "translations/*.qm")),
        *(f"custos_resources/{p}" for p in _relative_files(ROOT / "resources", "icons/*.svg")),
        *(f"app/{p}" for p in _relative_files(ROOT / "app", "vault/migrations/*.sql")),
        *(f"app/{p}" for p in _relative_files(ROOT / "app", "locale/*/LC_MESSAGES/*.po")),
        "app/resource_files.py",
        "ui/launch.py",
    ]:
        assert path in names, path
    assert not any(n.startswith(("tests/", "bench/", "tools/", "packaging/")) for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "custos = ui.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.skipif(not DIST_TESTS, reason="installs the wheel into a fresh venv: runs in `make dist-test`")
def test_wheel_installed_in_a_fresh_venv_runs_the_cli_and_the_window(tmp_path) -> None:
    wheels = sorted((ROOT / "dist").glob("custos-*.whl"))
    assert wheels, "no wheel in dist/: `make dist` builds it"
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    scripts = env_dir / ("Scripts" if WINDOWS else "bin")
    python = scripts / ("python.exe" if WINDOWS else "python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheels[-1])], check=True, capture_output=True
    )
    custos = Installed([str(scripts / EXE)], tmp_path / "home")
    located = subprocess.run(
        [str(python), "-c", "from app.resource_files import resources_dir; print(resources_dir())"],
        cwd=custos.home,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(located).parent.name == "site-packages" or "site-packages" in located, located
    assert Path(located).name == "custos_resources", located
    check_cli(custos)
    check_window(custos)


def test_spec_and_installers_carry_the_version_pyproject_declares() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    spec = (ROOT / "packaging" / "custos.spec").read_text("utf-8")
    assert f'VERSION = "{version}"' in spec
    inno = (ROOT / "packaging" / "windows" / "custos.iss").read_text("utf-8")
    assert f'#define AppVersion "{version}"' in inno


def test_windows_and_macos_icons_hold_every_size_the_installers_use() -> None:
    from PIL import Image

    with Image.open(ROOT / "packaging" / "windows" / "custos.ico") as ico:
        assert {(s, s) for s in (16, 32, 48, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "packaging" / "macos" / "custos.icns") as icns:
        assert {(s, s, 1) for s in (128, 256, 512)} <= set(icns.info["sizes"])
