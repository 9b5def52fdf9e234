"""Sensitive fields under a second key: encrypted values and their blind index.

Values of fields classified *sensitive* (PIPL Art. 28: the resident ID number, and any
custom field the owner classifies so) are stored as ``enc1:<base64 nonce||ciphertext>``:
AES-256-GCM under a key derived from the vault's random **sensitive key**, with associated
data binding the customer id and the field key (a value copied to another customer or field
does not decrypt). The sensitive key is sealed only into the key slots of users whose role
may see a sensitive field (and the recovery slot), so a user without it who opens vault.db
with the data key — which every user holds — finds ciphertext only.

Exact lookups (which customer has this ID number?) go through ``sensitive_index``: a token
HMAC-SHA256(index key, field || value) per value, the index key derived from the sensitive
key too. Without the key the tokens cannot be computed for a guess, so they reveal nothing
but equality between rows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import DamagedVaultError
from app.i18n import _

PREFIX = "enc1:"
SENSITIVE = "sensitive"


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


class _Nonces:
    """Random 96-bit GCM nonces, drawn from the OS in blocks of 4,096.

    A bulk load encrypts hundreds of thousands of values; ``os.urandom`` per value released
    the GIL each time, and waiting to get it back from the demo generator's thread cost more
    than the encryption itself (6 of 44 s at 300,000 customers). Each nonce is still 12
    bytes straight from the OS's CSPRNG, handed out once: a lock keeps threads from taking
    the same bytes, and a forked child draws a fresh block rather than reuse its parent's.
    """

    BLOCK = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer = b""
        self._offset = 0
        self._pid = 0

    def take(self) -> bytes:
        with self._lock:
            if self._offset >= len(self._buffer) or self._pid != os.getpid():
                self._buffer, self._offset, self._pid = os.urandom(12 * self.BLOCK), 0, os.getpid()
            nonce = self._buffer[self._offset : self._offset + 12]
            self._offset += 12
            return nonce


_nonces = _Nonces()


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)  # type: ignore[union-attr]


class SensitiveCipher:
    """Encrypts, decrypts and indexes sensitive values under one sensitive key."""

    def __init__(self, sensitive_key: bytes) -> None:
        self._aead = AESGCM(_derive(sensitive_key, b"custos sensitive values v1"))
        self._index_key = _derive(sensitive_key, b"custos blind index v1")

    @staticmethod
    def _aad(customer_id: int, field: str) -> bytes:
        return f"custos/sensitive/v1|{customer_id}|{field}".encode()

    def encrypt(self, customer_id: int, field: str, value: str) -> str:
        nonce = _nonces.take()
        ct = self._aead.encrypt(nonce, value.encode("utf-8"), self._aad(customer_id, field))
        return PREFIX + base64.b64encode(nonce + ct).decode("ascii")

    def decrypt(self, customer_id: int, field: str, stored: str | None) -> str | None:
        """The plaintext; a value written before the upgrade (not yet encrypted) is returned as is."""
        if not is_encrypted(stored):
            return stored
        try:
            raw = base64.b64decode(stored[len(PREFIX) :], validate=True)  # type: ignore[index]
            plain = self._aead.decrypt(raw[:12], raw[12:], self._aad(customer_id, field))
        except (InvalidTag, ValueError):
            raise DamagedVaultError(
                _(
                    "A sensitive value of customer {id} ({field}) does not decrypt: it was changed"
                    " outside Custos or moved between records."
                ).format(id=customer_id, field=field)
            ) from None
        return plain.decode("utf-8")

    def token(self, field: str, value: str) -> bytes:
        return hmac.new(self._index_key, f"{field}\x00{value}".encode(), hashlib.sha256).digest()


def sensitive_keys(catalogue) -> list[str]:
    """Keys of every field classified sensitive, retired ones too (their values stay stored)."""
    return [f.key for f in catalogue if f.sensitivity == SENSITIVE]


def index_value(conn, cipher: SensitiveCipher, customer_id: int, field: str, value: str | None) -> None:
    conn.execute("DELETE FROM sensitive_index WHERE customer_id = ? AND field = ?", (customer_id, field))
    if value:
        conn.execute(
            "INSERT OR IGNORE INTO sensitive_index (field, token, customer_id) VALUES (?, ?, ?)",
            (field, cipher.token(field, value), customer_id),
        )


def remove_customer(conn, customer_id: int) -> None:
    conn.execute("DELETE FROM sensitive_index WHERE customer_id = ?", (customer_id,))


def remove_customers(conn, customer_ids: Sequence[int]) -> None:
    conn.execute(
        "DELETE FROM sensitive_index WHERE customer_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(customer_ids)),),
    )


def encrypt_field(conn, cipher: SensitiveCipher, field, *, builtin_keys: tuple[str, ...]) -> int:
    """Encrypt every plaintext value of ``field`` (live and deleted rows) and index the live ones.

    Used by the one-time upgrade of an older vault and when a field is reclassified as
    sensitive. Returns how many values were encrypted. Runs in the caller's transaction.
    """
    changed = 0
    if field.key in builtin_keys:
        rows = conn.execute(
            f"SELECT id, {field.key}, deleted_at FROM customers WHERE {field.key} IS NOT NULL"
        ).fetchall()
        for customer_id, stored, deleted_at in rows:
            plain = cipher.decrypt(customer_id, field.key, stored)
            if not is_encrypted(stored):
                conn.execute(
                    f"UPDATE customers SET {field.key} = ? WHERE id = ?",
                    (cipher.encrypt(customer_id, field.key, plain), customer_id),
                )
                changed += 1
            if deleted_at is None:
                index_value(conn, cipher, customer_id, field.key, plain)
        return changed
    rows = conn.execute(
        "SELECT id, extra, deleted_at FROM customers WHERE json_extract(extra, ?) IS NOT NULL",
        (f'$."{field.key}"',),
    ).fetchall()
    for customer_id, extra_text, deleted_at in rows:
        extra = json.loads(extra_text)
        stored = extra[field.key]
        plain = cipher.decrypt(customer_id, field.key, stored)
        if not is_encrypted(stored):
            extra[field.key] = cipher.encrypt(customer_id, field.key, plain)
            conn.execute(
                "UPDATE customers SET extra = ? WHERE id = ?",
                (json.dumps(extra, ensure_ascii=False), customer_id),
            )
            changed += 1
        if deleted_at is None:
            index_value(conn, cipher, customer_id, field.key, plain)
    return changed


def decrypt_field(conn, cipher: SensitiveCipher, field, *, builtin_keys: tuple[str, ...]) -> int:
    """Undo ``encrypt_field`` when a field stops being sensitive; drops its index entries."""
    changed = 0
    if field.key in builtin_keys:
        for customer_id, stored in conn.execute(
            f"SELECT id, {field.key} FROM customers WHERE {field.key} LIKE 'enc1:%'"
        ).fetchall():
            conn.execute(
                f"UPDATE customers SET {field.key} = ? WHERE id = ?",
                (cipher.decrypt(customer_id, field.key, stored), customer_id),
            )
            changed += 1
    else:
        for customer_id, extra_text in conn.execute(
            "SELECT id, extra FROM customers WHERE json_extract(extra, ?) LIKE 'enc1:%'",
            (f'$."{field.key}"',),
        ).fetchall():
            extra = json.loads(extra_text)
            extra[field.key] = cipher.decrypt(customer_id, field.key, extra[field.key])
            conn.execute(
                "UPDATE customers SET extra = ? WHERE id = ?",
                (json.dumps(extra, ensure_ascii=False), customer_id),
            )
            changed += 1
    conn.execute("DELETE FROM sensitive_index WHERE field = ?", (field.key,))
    return changed


def _stored_values(conn, field, builtin_keys: tuple[str, ...]):
    """(customer id, stored value, deleted_at, extra dict or None) for every stored value."""
    if field.key in builtin_keys:
        for customer_id, stored, deleted_at in conn.execute(
            f"SELECT id, {field.key}, deleted_at FROM customers WHERE {field.key} IS NOT NULL"
        ).fetchall():
            yield customer_id, stored, deleted_at, None
        return
    for customer_id, extra_text, deleted_at in conn.execute(
        "SELECT id, extra, deleted_at FROM customers WHERE json_extract(extra, ?) IS NOT NULL",
        (f'$."{field.key}"',),
    ).fetchall():
        extra = json.loads(extra_text)
        yield customer_id, extra[field.key], deleted_at, extra


def needs_move(conn, old: SensitiveCipher, catalogue, builtin_keys: tuple[str, ...]) -> bool:
    """Whether values are still under ``old``: probe the first encrypted value of each field."""
    for key in sensitive_keys(catalogue):
        field = catalogue.get(key)
        for customer_id, stored, _deleted, _extra in _stored_values(conn, field, builtin_keys):
            if is_encrypted(stored):
                try:
                    old.decrypt(customer_id, key, stored)
                except DamagedVaultError:
                    break  # this field has moved already
                return True
    return False


def move_to_new_key(
    conn, old: SensitiveCipher, new: SensitiveCipher, catalogue, builtin_keys: tuple[str, ...]
) -> int:
    """Re-encrypt every sensitive value and rebuild the blind index under ``new``.

    Value by value (decrypt, encrypt, write), so no page ever holds the plaintext. Runs in
    the caller's transaction; returns how many values moved.
    """
    moved = 0
    for key in sensitive_keys(catalogue):
        field = catalogue.get(key)
        conn.execute("DELETE FROM sensitive_index WHERE field = ?", (key,))
        for customer_id, stored, deleted_at, extra in list(_stored_values(conn, field, builtin_keys)):
            plain = old.decrypt(customer_id, key, stored)
            if plain is None:
                continue
            sealed = new.encrypt(customer_id, key, plain)
            if extra is None:
                conn.execute(f"UPDATE customers SET {key} = ? WHERE id = ?", (sealed, customer_id))
            else:
                extra[key] = sealed
                conn.execute(
                    "UPDATE customers SET extra = ? WHERE id = ?",
                    (json.dumps(extra, ensure_ascii=False), customer_id),
                )
            if deleted_at is None:
                index_value(conn, new, customer_id, key, plain)
            moved += 1
    return moved
