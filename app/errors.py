"""Known errors: conditions caused by the user or the environment, not by a bug.

Each carries a message a person can act on. The CLI prints it on one line and exits
non-zero; the UI shows it in a dialog. Anything that is not a ``KnownError`` is a bug and
is allowed to fail loudly.
"""

from __future__ import annotations


class KnownError(Exception):
    """Base class: ``str(error)`` is the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAVaultError(KnownError):
    """The folder holds no vault (or is missing)."""


class VaultExistsError(KnownError):
    """Refusing to create a vault over an existing one."""


class DamagedVaultError(KnownError):
    """vault.db or vault.keys is truncated, corrupted or inconsistent."""


class NewerVaultError(KnownError):
    """The vault was written by a newer Custos; it is left untouched."""


class WrongPasswordError(KnownError):
    """Password (or recovery code) did not unwrap the key slot."""


class ThrottledError(KnownError):
    """Too many failed sign-ins: the caller must wait ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnknownUserError(KnownError):
    """No key slot for that user name."""


class KeyringUnavailableError(KnownError):
    """No secure OS keyring: "sign in automatically" cannot be offered."""


class ValidationError(KnownError):
    """One or more field values are invalid. ``errors`` maps field key to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {msg}" for key, msg in self.errors.items()))


class NotFoundError(KnownError):
    """The customer (or other object) does not exist or was deleted."""


class PermissionDeniedError(KnownError):
    """The actor's role does not allow this operation."""


class PolicyNotAcknowledgedError(PermissionDeniedError):
    """The user has not acknowledged the current version ``number`` of the written policy
    (app/policy.py), so no customer data is given to them."""

    def __init__(self, message: str, number: int) -> None:
        super().__init__(message)
        self.number = number


class VaultLockedError(KnownError):
    """The vault was locked; sign in again."""
