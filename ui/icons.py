"""The app's icons, drawn as small SVGs in resources/icons.

Icons are files beside the code rather than a compiled Qt resource, as the translations are;
the PyInstaller spec bundles the folder. A missing or unreadable file is a packaging bug, so
``icon`` fails loudly instead of showing a blank button.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.resource_files import resource_path

ICONS_DIR = resource_path("icons")


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as an icon (cached: each is read once)."""
    path = ICONS_DIR / f"{name}.svg"
    loaded = QIcon(str(path)) if path.is_file() else QIcon()
    if loaded.isNull():
        raise FileNotFoundError(f"icon missing from the installation: {path}")
    return loaded


def app_icon() -> QIcon:
    """Custos's own icon: window title bars, the task bar, the About box."""
    return icon("custos")
