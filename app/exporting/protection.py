"""Protecting an export file: an AES-256 encrypted ZIP archive with a generated passphrase.

WinZip's AES format (AE-2, AES-256 in CTR mode with an HMAC-SHA1 check per entry) is what
7-Zip, WinZip, macOS Archive Utility (recent) and WPS open, so the recipient needs nothing
from us. The passphrase is generated here, shown once to the person exporting and stored
nowhere: the vault's export record names the protection, never the passphrase.

Names and sizes of the entries are not encrypted in this format, so the entry is named for
the format only (``customers.csv``), never for the purpose or a customer.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

# Crockford's base32 without the letters people mistake for others (I, L, O, U).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_SIZE = 6, 5  # 30 characters, 150 bits


def new_passphrase() -> str:
    """``7K3QX-…`` six groups of five: read aloud or typed without confusion, 150 bits."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


@contextmanager
def encrypted_entry(out: BinaryIO, entry_name: str, passphrase: str) -> Iterator[BinaryIO]:
    """A writable stream whose bytes land, compressed and AES-256 encrypted, as ``entry_name``
    in a ZIP archive written to ``out``. Nothing is written in plain text on the way."""
    import pyzipper

    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(passphrase.encode("ascii"))
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        with zf.open(entry_name, "w", force_zip64=True) as entry:
            yield entry


def read_entry(path, passphrase: str) -> tuple[str, bytes]:
    """(entry name, content) of an archive written by ``encrypted_entry``: for tests and for a
    person checking a file before sending it."""
    import pyzipper

    with pyzipper.AESZipFile(path) as zf:
        zf.setpassword(passphrase.encode("ascii"))
        (name,) = zf.namelist()
        return name, zf.read(name)
