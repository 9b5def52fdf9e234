"""Writing files so that a crash, a full disk or a cancelled job never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app import faults


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over ``path``.

    The temporary file lives beside the target so ``os.replace`` is a rename on one file
    system (atomic), not a copy; readers see the old file or the new one. mkstemp creates
    it readable by the owner only (0600), which suits keys and recovery codes.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        faults.step(f"{path.name}.written")
        os.replace(tmp, path)
        _sync_folder(path.parent)
        faults.step(f"{path.name}.replaced")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
