"""Key slots (``vault.keys``): how the random data key is stored, wrapped, LUKS-style.

Layout of one slot::

    password --Argon2id(salt, t, m, p)--> KEK --AES-256-GCM--> slot private key (X25519)
    slot private key + envelope --X25519/HKDF/AES-256-GCM--> {"data": data key, ...}

Why the extra X25519 step: rotating the data key (or, later, granting a role the
sensitive-field key) must re-wrap *every* slot, but the person rotating does not know the
other users' passwords. Each slot therefore has a public key in clear; anyone holding the
data key can seal a new envelope to every slot, and only the slot's password can open it.

Associated data binds every ciphertext to the vault id, the slot id and its purpose, so a
slot copied into another vault, or from one slot position to another, fails to decrypt.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import DamagedVaultError, WrongPasswordError
from app.files import write_atomic
from app.i18n import _

KEYFILE_FORMAT = 1
RECOVERY_SLOT_ID = "recovery"
# Slot kinds. A replacement recovery code lives in a "recovery-pending" slot until it has been
# shown (and written down): until then the old code keeps working, so a replacement cut short
# never leaves the vault without a recovery code anyone knows.
USER, RECOVERY, PENDING_RECOVERY = "user", "recovery", "recovery-pending"
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud and typed by hand


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Recorded per slot so a slot keeps opening after the default changes.

    The default takes about 0.3 s on a 2-core desktop (measured: t=3, m=128 MiB, p=2).
    """

    time_cost: int = 3
    memory_kib: int = 131072
    parallelism: int = 2


DEFAULT_KDF = KdfParams()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_kek(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key-encryption key for a password or recovery code."""
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def new_recovery_code() -> str:
    """A random recovery code: 24 symbols of 32 (120 bits), grouped for reading aloud."""
    symbols = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(24))
    return "-".join(symbols[i : i + 4] for i in range(0, 24, 4))


def normalize_recovery_code(code: str) -> str:
    """Accept what a person types: lower case, spaces, missing or extra dashes."""
    symbols = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def _envelope_key(shared: bytes, ephemeral_pub: bytes, slot_pub: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_pub + slot_pub, info=b"custos envelope v1"
    ).derive(shared)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _damaged_slot(what: str = "a key slot cannot be read") -> DamagedVaultError:
    return DamagedVaultError(
        _("vault.keys is damaged: {problem}. Restore vault.keys from a backup.").format(problem=what)
    )


@dataclass
class Slot:
    """One key slot. ``secrets`` is opened from the envelope; never written to disk in clear."""

    id: str
    kind: str  # "user" or "recovery"
    user: str | None
    created_at: str
    kdf: dict[str, Any]
    public_key: str
    private_key: dict[str, str]
    envelope: dict[str, str]
    # True once the slot signs audit checkpoints (app/anchor.py). The flag is bound into the
    # private key's associated data, so nobody without the slot's password can turn it off:
    # a slot that says "anchored" must have a checkpoint in audit.anchor.
    anchored: bool = False

    def _aad(self, vault_id: str, purpose: str) -> bytes:
        return f"custos/v1|{vault_id}|{self.id}|{purpose}".encode()

    def _private_purpose(self) -> str:
        return "private+anchor" if self.anchored is True else "private"

    def _private_raw(self, vault_id: str, kek: bytes) -> bytes:
        """The slot's X25519 private key; WrongPasswordError when ``kek`` is not this slot's."""
        if len(kek) != 32:  # e.g. a mangled saved sign-in: not this slot's key, not damage
            raise WrongPasswordError(_("Wrong password."))
        try:
            return AESGCM(kek).decrypt(
                _unb64(self.private_key["nonce"]),
                _unb64(self.private_key["ct"]),
                self._aad(vault_id, self._private_purpose()),
            )
        except InvalidTag:
            raise WrongPasswordError(_("Wrong password.")) from None

    def signing_seed(self, vault_id: str, kek: bytes) -> bytes:
        """Secret material for this slot's checkpoint signing key (see app/anchor.py).

        Derived from the slot's private key, which only the slot's password (or its saved
        keyring key) opens: the data key alone does not give it.
        """
        try:
            private_raw = self._private_raw(vault_id, kek)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _damaged_slot() from None
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=vault_id.encode(), info=b"custos checkpoint v1"
        ).derive(private_raw)

    def anchor(self, vault_id: str, kek: bytes) -> None:
        """Re-encrypt the private key with the "anchored" associated data (same key pair)."""
        if self.anchored is True:
            return
        private_raw = self._private_raw(vault_id, kek)
        nonce = os.urandom(12)
        self.anchored = True
        ct = AESGCM(kek).encrypt(nonce, private_raw, self._aad(vault_id, self._private_purpose()))
        self.private_key = {"nonce": _b64(nonce), "ct": _b64(ct)}

    def kdf_params(self) -> KdfParams:
        return KdfParams(self.kdf["t"], self.kdf["m"], self.kdf["p"])

    def derive(self, secret: str) -> bytes:
        try:
            salt, params = _unb64(self.kdf["salt"]), self.kdf_params()
        except (KeyError, TypeError, ValueError):
            raise _damaged_slot() from None
        return derive_kek(secret, salt, params)

    def open(self, vault_id: str, kek: bytes) -> dict[str, bytes]:
        """Unwrap with a KEK; raises WrongPasswordError when it is not this slot's."""
        try:
            private_raw = self._private_raw(vault_id, kek)
            private = X25519PrivateKey.from_private_bytes(private_raw)
            ephemeral = _unb64(self.envelope["ephemeral"])
            shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
            key = _envelope_key(shared, ephemeral, _unb64(self.public_key))
            try:
                payload = AESGCM(key).decrypt(
                    _unb64(self.envelope["nonce"]),
                    _unb64(self.envelope["ct"]),
                    self._aad(vault_id, "envelope"),
                )
            except InvalidTag:
                raise _damaged_slot("a key slot opened but its contents do not") from None
            return {name: bytes.fromhex(value) for name, value in json.loads(payload).items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            # Fields of the wrong type or shape, bad base64, keys of the wrong length: a
            # hand-edited or damaged vault.keys, never a bare traceback.
            raise _damaged_slot() from None

    def seal(self, vault_id: str, secrets_: dict[str, bytes]) -> None:
        """Replace the envelope so it carries ``secrets_`` (no password needed)."""
        ephemeral = X25519PrivateKey.generate()
        ephemeral_pub = _raw_public(ephemeral.public_key())
        slot_pub = _unb64(self.public_key)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(slot_pub))
        nonce = os.urandom(12)
        payload = json.dumps({name: value.hex() for name, value in sorted(secrets_.items())}).encode()
        ct = AESGCM(_envelope_key(shared, ephemeral_pub, slot_pub)).encrypt(
            nonce, payload, self._aad(vault_id, "envelope")
        )
        self.envelope = {"ephemeral": _b64(ephemeral_pub), "nonce": _b64(nonce), "ct": _b64(ct)}

    def set_secret(self, vault_id: str, secret: str, params: KdfParams) -> bytes:
        """(Re)key the slot for a new password: fresh salt, fresh key pair. Returns the KEK."""
        salt = os.urandom(16)
        kek = derive_kek(secret, salt, params)
        self.set_kek(vault_id, kek, params, salt)
        return kek

    def set_kek(self, vault_id: str, kek: bytes, params: KdfParams, salt: bytes) -> None:
        private = X25519PrivateKey.generate()
        nonce = os.urandom(12)
        self.anchored = True  # every key pair made by this version signs checkpoints
        ct = AESGCM(kek).encrypt(nonce, _raw_private(private), self._aad(vault_id, self._private_purpose()))
        self.kdf = {
            "alg": "argon2id",
            "v": 19,
            "t": params.time_cost,
            "m": params.memory_kib,
            "p": params.parallelism,
            "salt": _b64(salt),
        }
        self.public_key = _b64(_raw_public(private.public_key()))
        self.private_key = {"nonce": _b64(nonce), "ct": _b64(ct)}


def new_slot(
    vault_id: str, kind: str, user: str | None, secret: str, secrets_: dict[str, bytes], params: KdfParams
) -> tuple[Slot, bytes]:
    """A fresh slot opened by ``secret`` and carrying ``secrets_``. Returns (slot, KEK)."""
    if kind == RECOVERY:
        slot_id = RECOVERY_SLOT_ID
    elif kind == PENDING_RECOVERY:
        slot_id = f"{RECOVERY_SLOT_ID}-{secrets.token_hex(6)}"
    else:
        slot_id = f"u-{secrets.token_hex(6)}"
    slot = Slot(slot_id, kind, user, datetime.now(UTC).isoformat(timespec="seconds"), {}, "", {}, {})
    kek = slot.set_secret(vault_id, secret, params)
    slot.seal(vault_id, secrets_)
    return slot, kek


@dataclass
class KeyFile:
    """The parsed ``vault.keys``. Saved atomically: a crash leaves the old or the new file.

    ``generation`` counts committed changes of the slots. vault.db keeps a copy of the slots
    with the same number, committed with the change; the file is written after that commit,
    so a file older than the database's copy is rewritten from it at the next unlock.
    """

    vault_id: str
    created_at: str
    slots: list[Slot] = field(default_factory=list)
    generation: int = 0

    @classmethod
    def new(cls) -> KeyFile:
        return cls(str(uuid.uuid4()), datetime.now(UTC).isoformat(timespec="seconds"))

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            raise DamagedVaultError(
                _(
                    "{file} is damaged and cannot be read ({problem}). Restore it from a backup, or"
                    " restore the whole vault."
                ).format(file=path.name, problem="UnicodeDecodeError")
            ) from None
        return cls.from_text(text, path.name)

    @classmethod
    def from_text(cls, text: str, name: str = "vault.keys") -> KeyFile:
        try:
            raw = json.loads(text)
            if raw.get("format") != KEYFILE_FORMAT:
                raise DamagedVaultError(
                    _("{file} has an unknown format ({format}); it may come from a newer Custos.").format(
                        file=name, format=repr(raw.get("format"))
                    )
                )
            slots = [Slot(**slot) for slot in raw["slots"]]
            generation = raw.get("generation", 0)
            if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0:
                raise TypeError("generation")
            return cls(str(raw["vault_id"]), str(raw["created_at"]), slots, generation)
        except DamagedVaultError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DamagedVaultError(
                _(
                    "{file} is damaged and cannot be read ({problem}). Restore it from a backup, or"
                    " restore the whole vault."
                ).format(file=name, problem=type(exc).__name__)
            ) from None

    def to_text(self) -> str:
        data = {
            "format": KEYFILE_FORMAT,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "generation": self.generation,
            "slots": [asdict(slot) for slot in self.slots],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def copy(self) -> KeyFile:
        return KeyFile.from_text(self.to_text())

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_text().encode("utf-8"))

    def user_slot(self, user: str) -> Slot | None:
        folded = user.casefold()
        return next((s for s in self.slots if s.kind == "user" and (s.user or "").casefold() == folded), None)

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == RECOVERY), None)

    def pending_recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == PENDING_RECOVERY), None)

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind == "user" and s.user]
