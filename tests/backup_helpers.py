"""Helpers for the backup tests: rewriting a backup's manifest the way someone holding the data key
could (to make a backup that claims another schema), and flipping bytes."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from app import backup


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def rewrite_manifest(path: Path, data_key: bytes | None, **changes) -> None:
    """Replace the manifest with one carrying ``changes``, signed with ``data_key`` (None: left
    with its old, now wrong, signature), and write a matching index and footer."""
    found = backup.open_backup(path)
    manifest = backup.Manifest(**{**asdict(found.manifest), **changes})
    if data_key is not None:
        manifest = backup.Manifest(**{**asdict(manifest), "hmac": backup._sign(manifest.body(), data_key)})
    raw = path.read_bytes()
    offset = found.index[backup.MANIFEST][0]
    manifest_bytes = json.dumps(manifest.as_dict()).encode()
    index = {name: list(found.index[name]) for name in found.index}
    index[backup.MANIFEST] = [offset, len(manifest_bytes)]
    index_bytes = json.dumps(index).encode()
    tail = backup.FOOTER.pack(backup.MAGIC, backup.FORMAT, offset + len(manifest_bytes), len(index_bytes))
    path.write_bytes(raw[:offset] + manifest_bytes + index_bytes + tail)
