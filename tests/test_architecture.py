"""The core never depends on Qt: app/ imports neither PySide6, shiboken6 nor ui/, statically or
dynamically, and importing it leaves Qt unloaded."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
FORBIDDEN = ("PySide6", "shiboken6", "ui")
DYNAMIC_IMPORTERS = {"import_module", "__import__", "find_spec", "import_from_path", "load_module"}


def is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def app_sources() -> list[Path]:
    files = sorted(APP.rglob("*.py"))
    assert len(files) >= 10, "the core sources were not found"
    return files


def forbidden_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if is_forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and is_forbidden(node.module):
                found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name in DYNAMIC_IMPORTERS:
                for arg in node.args[:1]:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and is_forbidden(arg.value)
                    ):
                        found.append(f"{name}({arg.value!r})")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.split(".")[0] in ("PySide6", "shiboken6")
        ):
            # A module name in a string is how a dynamic import would hide; the core needs none.
            found.append(f"string {node.value!r}")
    return found


@pytest.mark.parametrize("path", app_sources(), ids=lambda p: str(p.relative_to(APP.parent)))
def test_core_module_does_not_import_qt_or_ui(path: Path) -> None:
    assert forbidden_imports(path) == []


def test_the_checker_recognises_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import PySide6.QtCore\n"
        "from shiboken6 import isValid\n"
        "from ui.main_window import MainWindow\n"
        "import importlib\n"
        "importlib.import_module('ui.models')\n"
        "__import__('shiboken6')\n"
        "QT = 'PySide6.QtWidgets'\n"
        "import uikit\n"
        "from .ui import helpers\n",
        "utf-8",
    )
    assert sorted(forbidden_imports(sample)) == sorted(
        [
            "import PySide6.QtCore",
            "from shiboken6 import ...",
            "from ui.main_window import ...",
            "import_module('ui.models')",
            "__import__('shiboken6')",
            "string 'shiboken6'",
            "string 'PySide6.QtWidgets'",
        ]
    )


def test_importing_the_core_leaves_qt_unloaded() -> None:
    modules = ["app.customers", "app.vault", "app.audit", "app.fields", "app.search", "app.access"]
    if importlib.util.find_spec("app.cli") is not None:
        modules.insert(0, "app.cli")
    code = (
        f"import {', '.join(modules)}, sys\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=APP.parent
    )
    assert done.returncode == 0, done.stderr
