"""Core modules depend on each other in one direction: the field catalogue below the access
policy, the policy below the services that change the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"


def imported_app_modules(module: str) -> set[str]:
    """Every app module ``module`` imports, at the top or inside a function, for type
    checking or not (``from app import x`` counts as importing ``app.x``)."""
    tree = ast.parse((APP / f"{module.replace('.', '/')}.py").read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("app.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "app":
                found |= {f"app.{a.name}" for a in node.names}
            elif node.module.startswith("app."):
                found.add(node.module)
    return {name.removeprefix("app.") for name in found}


@pytest.mark.parametrize(
    ("lower", "higher"),
    [("fields", "access"), ("fields", "field_admin"), ("access", "field_admin")],
)
def test_a_lower_module_never_imports_a_higher_one(lower: str, higher: str) -> None:
    assert higher not in imported_app_modules(lower)
    assert lower in imported_app_modules(higher)


def test_the_checker_sees_imports_inside_functions_and_type_checking_blocks(tmp_path: Path) -> None:
    assert "fields" in imported_app_modules("access")
    assert "vault.database" in imported_app_modules("field_admin")
