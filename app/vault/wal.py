"""Checking ``vault.db-wal`` before SQLite reads it.

SQLite's recovery reads WAL frames in order and stops, silently, at the first frame whose
checksum fails: every committed transaction after it is dropped, and the next write
overwrites the evidence. A crash leaves the WAL behind, so one damaged byte in it could lose
committed customers without a word. Custos therefore validates the file itself (the WAL
format of sqlite.org/fileformat2.html §4; SQLCipher encrypts the page images, not the
headers, and the checksums cover the bytes as written) and refuses to open on damage, after
copying the WAL aside.

Normal states that are not damage: an empty or absent WAL; frames left over from an older
generation (other salts) after the ones in use; an unfinished transaction at the very end
(a crash while writing it: no commit frame follows the break).
"""

from __future__ import annotations

import hashlib
import shutil
import struct
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.errors import DamagedVaultError
from app.i18n import _

HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
MAGIC_LE, MAGIC_BE = 0x377F0682, 0x377F0683
DAMAGED_SUFFIX = ".damaged-"


@dataclass(frozen=True)
class WalDamage:
    """Where the damage is and how much committed work SQLite would have dropped."""

    frame: int  # 1-based frame number of the first bad frame (0: the header)
    lost_commits: int
    reason: str


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def inspect(wal: Path) -> WalDamage | None:
    """None when ``wal`` is absent, empty or sound; otherwise what is wrong with it."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return None
    if len(data) < HEADER_SIZE:
        return WalDamage(0, 0, _("its header is cut short"))
    magic, _version, page_size, _ckpt, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:HEADER_SIZE])
    if magic not in (MAGIC_LE, MAGIC_BE):
        return WalDamage(0, _commits_after(data, 0, None), _("its header is not a write-ahead log header"))
    big_endian = magic == MAGIC_BE
    s0, s1 = _checksum(data[:24], big_endian, 0, 0)
    if (s0, s1) != (c1, c2) or page_size < 512 or page_size & (page_size - 1):
        return WalDamage(0, _commits_after(data, 0, None), _("its header checksum does not match"))
    frame_size = FRAME_HEADER_SIZE + page_size
    offset, number = HEADER_SIZE, 0
    while offset + frame_size <= len(data):
        number += 1
        header = data[offset : offset + FRAME_HEADER_SIZE]
        _page, _commit, f_salt1, f_salt2, f1, f2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2):
            # An older generation's frame, or one whose salt was damaged: damage only if
            # frames of the current generation carrying a commit come after it.
            lost = _commits_after(data, offset, (salt1, salt2), frame_size)
            return WalDamage(number, lost, _("a frame's header was damaged")) if lost else None
        s0, s1 = _checksum(header[:8], big_endian, s0, s1)
        s0, s1 = _checksum(data[offset + FRAME_HEADER_SIZE : offset + frame_size], big_endian, s0, s1)
        if (s0, s1) != (f1, f2):
            lost = _commits_after(data, offset, (salt1, salt2), frame_size)
            # No commit at or after the break: a transaction cut short by a crash, never committed.
            return WalDamage(number, lost, _("a frame's checksum does not match")) if lost else None
        offset += frame_size
    return None


def _commits_after(data: bytes, offset: int, salts: tuple[int, int] | None, frame_size: int = 0) -> int:
    """Commit frames of the current generation from ``offset`` on (all frames for a bad header)."""
    if salts is None:
        if len(data) < HEADER_SIZE:
            return 0
        page_size = struct.unpack(">I", data[8:12])[0]
        if page_size < 512 or page_size & (page_size - 1) or page_size > 65536:
            return 1  # cannot even tell the frames apart: assume committed work was lost
        frame_size, offset, salts = FRAME_HEADER_SIZE + page_size, HEADER_SIZE, None
    count = 0
    while offset + frame_size <= len(data):
        _page, commit, f_salt1, f_salt2 = struct.unpack(">4I", data[offset : offset + 16])
        if commit and (salts is None or (f_salt1, f_salt2) == salts):
            count += 1
        offset += frame_size
    return count


def set_aside(wal: Path) -> Path:
    """Copy the damaged WAL beside the vault under a dated name (once per distinct content)."""
    digest = hashlib.sha256(wal.read_bytes()).hexdigest()
    for existing in wal.parent.glob(wal.name + DAMAGED_SUFFIX + "*"):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            return existing
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = wal.with_name(f"{wal.name}{DAMAGED_SUFFIX}{stamp}")
    shutil.copyfile(wal, target)
    target.chmod(0o600)
    return target


def check(db_path: Path, *, attempts: int = 3) -> None:
    """DamagedVaultError (after copying the WAL aside) when ``db_path``'s WAL is damaged.

    A writer in another process may be half-way through appending a frame; a damage that
    does not persist over a few reads is that, not damage.
    """
    wal = db_path.with_name(db_path.name + "-wal")
    for attempt in range(attempts):
        damage = inspect(wal)
        if damage is None:
            return
        if attempt + 1 < attempts:
            time.sleep(0.1)
    copy = set_aside(wal)
    where = _("its header") if damage.frame == 0 else _("frame {number}").format(number=damage.frame)
    raise DamagedVaultError(
        _(
            "{wal} (recent changes not yet merged into vault.db) is damaged at {where}: {reason}. "
            "Opening the vault now would silently drop {lost} saved change(s) after it, so it was not "
            "opened. A copy of the damaged file was kept at {copy}. Restore the vault from a backup."
        ).format(wal=wal.name, where=where, reason=damage.reason, lost=damage.lost_commits, copy=copy)
    )
