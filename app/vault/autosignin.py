""" "Sign in automatically on this PC": the OS keyring holds one user's slot key.

What is stored is the Argon2id output for that user's slot (not the password and not the
data key), under the service name ``Custos`` and the account ``<vault id>/<user>``. Only
backends that keep secrets in an OS-protected store are accepted; the fail, null and
plain-file backends are refused with the reason, and nothing ever falls back to a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app.errors import KeyringUnavailableError

SERVICE = "Custos"
_UNSAFE_MODULE_PREFIXES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    reason: str
    backend: str


def _leaf_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)
    return list(inner) if inner is not None else [backend]


def status() -> KeyringStatus:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    leaves = _leaf_backends(backend)
    usable = [
        b
        for b in leaves
        if not type(b).__module__.startswith(_UNSAFE_MODULE_PREFIXES) and getattr(b, "priority", 0) >= 1
    ]
    if not usable:
        if any(type(b).__module__.startswith("keyrings.alt") for b in leaves):
            reason = (
                "The only keyring available stores secrets in a plain file, which is not safe "
                "enough for the vault key."
            )
        else:
            reason = (
                "No secure keyring service was found on this PC (for example GNOME Keyring, "
                "KWallet, Windows Credential Manager or the macOS Keychain)."
            )
        return KeyringStatus(False, reason, name)
    return KeyringStatus(True, "", name)


def _require() -> None:
    current = status()
    if not current.available:
        raise KeyringUnavailableError(current.reason)


def _account(vault_id: str, user: str) -> str:
    return f"{vault_id}/{user.casefold()}"


def store(vault_id: str, user: str, slot_key: bytes) -> None:
    _require()
    try:
        keyring.set_password(SERVICE, _account(vault_id, user), slot_key.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(f"The keyring refused to store the key: {exc}") from None


def load(vault_id: str, user: str) -> bytes | None:
    if not status().available:
        return None
    try:
        secret = keyring.get_password(SERVICE, _account(vault_id, user))
    except keyring.errors.KeyringError:
        return None
    try:
        return bytes.fromhex(secret) if secret else None
    except ValueError:
        return None


def forget(vault_id: str, user: str) -> None:
    if not status().available:
        return
    try:
        keyring.delete_password(SERVICE, _account(vault_id, user))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        pass
