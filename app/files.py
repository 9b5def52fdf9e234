"""Writing files so that a crash, a full disk or a cancelled job never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from app import faults


def write_atomic(path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over ``path``.

    ``before_replace`` runs once the data is safely on disk and before the rename: a record of
    the file (e.g. its hash in the vault) committed there exists before the file does, and if
    it raises, the file is never put in place.

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
        if before_replace is not None:
            before_replace()
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


def restrict_to_owner(folder: Path) -> None:
    """The folder readable by its owner only (0700), and every file in it (0600), on POSIX.

    A vault's files are encrypted, but a world-readable copy still lets anyone on the PC take
    it away to attack the passwords offline. SQLite gives vault.db-wal and -shm the database
    file's own mode, so a private vault.db keeps them private too. Entries already private
    are left alone; one that cannot be changed (another owner's file) is left as it is.
    """
    if os.name != "posix":
        return
    folder = Path(folder)
    with contextlib.suppress(OSError):
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                mode = entry.stat(follow_symlinks=False).st_mode
                if entry.is_symlink() or not mode & 0o077:
                    continue
                os.chmod(entry.path, 0o700 if entry.is_dir(follow_symlinks=False) else 0o600)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (0600); it must not exist yet."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
