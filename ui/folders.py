"""Where the desktop app suggests saving the files it writes (reports, letters, exports, kits)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QStandardPaths


def documents_folder() -> Path:
    """The user's Documents folder when it exists, else their home folder.

    Every suggested file name starts here, so the suggestion must be a folder a save can
    succeed in: a minimal Linux desktop has no ~/Documents, and suggesting it made the first
    "Make report" fail with "the folder does not exist".
    """
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path(QDir.homePath())
