"""Reading vault.db and its WAL page by page, decrypted with the data key, as an attacker who
holds the key would: every page image, live, free or superseded, not only what SQL can reach.

SQLCipher 4 encrypts each page with AES-256-CBC under the raw data key; the page's last 80
bytes are its reserve (a 16-byte IV, then the HMAC). Page 1 starts with the 16-byte file salt
in place of the header's first bytes. A WAL frame is a 24-byte header and one such page.
"""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 80
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = SALT if first else 0
    end = PAGE_SIZE - RESERVE
    iv = page[end : end + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:end]) + decryptor.finalize()


def pages(db: Path, key: bytes) -> list[tuple[str, bytes]]:
    """(where, plaintext) for every page of vault.db and every frame of its WAL."""
    out: list[tuple[str, bytes]] = []
    data = db.read_bytes()
    for index in range(len(data) // PAGE_SIZE):
        page = data[index * PAGE_SIZE : (index + 1) * PAGE_SIZE]
        out.append((f"db page {index + 1}", _decrypt_page(key, page, index == 0)))
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        raw = wal.read_bytes()
        offset, frame = WAL_HEADER, 0
        while offset + FRAME_HEADER + PAGE_SIZE <= len(raw):
            frame += 1
            (number,) = struct.unpack(">I", raw[offset : offset + 4])
            page = raw[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE_SIZE]
            out.append((f"wal frame {frame} (page {number})", _decrypt_page(key, page, number == 1)))
            offset += FRAME_HEADER + PAGE_SIZE
    return out


def encodings(text: str | bytes) -> list[bytes]:
    """The forms a value may take in a page: UTF-8 (SQLite's text encoding) and UTF-16 (never
    used by Custos, checked anyway); bytes (a blind-index token) as they are."""
    if isinstance(text, bytes):
        return [text]
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def find(db: Path, key: bytes, needles: list) -> list[tuple[str, str | bytes]]:
    """(where, needle) for every page or WAL frame holding one of ``needles``."""
    hits = []
    for where, plain in pages(db, key):
        for needle in needles:
            if any(form in plain for form in encodings(needle)):
                hits.append((where, needle))
    return hits
