"""Showing errors: known errors as a plain message in the user's language, bugs with details.

The core translates most of its messages itself, into the language ui.i18n gives it
(app/i18n.py, gettext). Those it leaves in English that a user meets often are listed here
with QT_TRANSLATE_NOOP so lupdate collects them and the UI shows them translated; any other
known error is shown as the core wrote it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import (
    DamagedVaultError,
    KnownError,
    NewerVaultError,
    NotAVaultError,
    PolicyNotAcknowledgedError,
    ThrottledError,
    UnknownUserError,
    ValidationError,
    VaultLockedError,
    WrongPasswordError,
)
from app.passwords import WeakPasswordError

CONTEXT = "CoreMessages"

# Field validation messages from app/fields.py (exact strings), translated for display.
VALIDATION_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "required"),
    QT_TRANSLATE_NOOP("CoreMessages", "unknown field"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a valid e-mail address (name@example.com)"),
    QT_TRANSLATE_NOOP("CoreMessages", "a resident ID number has 18 characters: 17 digits and a digit or X"),
    QT_TRANSLATE_NOOP("CoreMessages", "the date of birth inside the ID number is not a real date"),
    QT_TRANSLATE_NOOP("CoreMessages", "the date of birth inside the ID number is out of range"),
    QT_TRANSLATE_NOOP("CoreMessages", "the ID number's check digit is wrong: please check for a typo"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a number"),
    QT_TRANSLATE_NOOP("CoreMessages", "a date is written YYYY-MM-DD, e.g. 2024-03-18"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a real date"),
    QT_TRANSLATE_NOOP("CoreMessages", "this field is retired and no longer collected"),
    QT_TRANSLATE_NOOP("CoreMessages", "A password needs at least 8 characters."),
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "No secure keyring service was found on this PC (for example GNOME Keyring, "
        "KWallet, Windows Credential Manager or the macOS Keychain).",
    ),
    QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The only keyring available stores secrets in a plain file, which is not safe "
        "enough for the vault key.",
    ),
)


def translate_core(message: str) -> str:
    """The translation of a core message if one exists, else the message itself."""
    return QCoreApplication.translate(CONTEXT, message)


def describe(error: BaseException) -> str:
    """A sentence for a person: translated for the errors the UI knows, the core's text otherwise."""
    if isinstance(error, WeakPasswordError):
        return " ".join(
            [
                QCoreApplication.translate(
                    "Messages", "This password is too easy to guess for an account that can manage users."
                ),
                *[
                    QCoreApplication.translate("PasswordFeedback", p)
                    for p in (error.strength.warning, *error.strength.suggestions[:1])
                    if p
                ],
            ]
        )
    if isinstance(error, WrongPasswordError):
        return QCoreApplication.translate(
            "Messages", "Wrong password. Nothing was changed; please try again."
        )
    if isinstance(error, ThrottledError):
        seconds = int(error.retry_after) + 1
        return QCoreApplication.translate(
            "Messages",
            "Too many wrong passwords. Please wait %n second(s) before trying again.",
        ).replace("%n", str(seconds))
    if isinstance(error, NewerVaultError):
        return QCoreApplication.translate(
            "Messages",
            "This vault was saved by a newer version of Custos. Please update Custos to open it. "
            "The vault was not changed.",
        )
    if isinstance(error, DamagedVaultError):
        return (
            QCoreApplication.translate(
                "Messages", "The vault is damaged and cannot be opened. Restore it from a backup."
            )
            + "\n\n"
            + str(error)
        )
    if isinstance(error, NotAVaultError):
        return (
            QCoreApplication.translate("Messages", "This folder is not a Custos vault.") + "\n\n" + str(error)
        )
    if isinstance(error, UnknownUserError):
        return QCoreApplication.translate("Messages", "There is no user with that name in this vault.")
    if isinstance(error, PolicyNotAcknowledgedError):
        # Met in the desktop app when an owner publishes a version while this user works.
        return QCoreApplication.translate(
            "Messages",
            "A new version (%1) of the written policy was published. Lock Custos (Ctrl+L) and sign in"
            " again to read and acknowledge it; until then no customer is shown.",
        ).replace("%1", str(error.number))
    if isinstance(error, VaultLockedError):
        return QCoreApplication.translate("Messages", "The vault is locked. Please sign in again.")
    if isinstance(error, ValidationError):
        return "\n".join(f"{key}: {translate_core(msg)}" for key, msg in error.errors.items())
    if isinstance(error, KnownError):
        return translate_core(str(error))
    if isinstance(error, OSError):
        return QCoreApplication.translate("Messages", "The file could not be written or read: %1").replace(
            "%1", error.strerror or str(error)
        )
    return QCoreApplication.translate(
        "Messages", "Something went wrong inside Custos. Nothing was saved. Details: %1"
    ).replace("%1", repr(error))


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """A modal message box. Bugs are also re-raised in tests via the ``excepthook``."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("Messages", "Custos"),
        describe(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    details = getattr(error, "__traceback_text__", None)
    if details and not isinstance(error, KnownError):
        box.setDetailedText(details)
    box.setObjectName("errorBox")
    box.open() if parent is not None and parent.isVisible() else box.exec()


def ask_before(
    parent: QWidget, title: str, text: str, object_name: str, on_yes: Callable[[], object]
) -> QMessageBox:
    """Open (not exec) a warning asking Yes/Cancel before something that cannot be undone;
    Cancel is the default, so Enter never does it by accident. ``on_yes`` runs after Yes."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName(object_name)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.finished.connect(lambda result: on_yes() if result == QMessageBox.StandardButton.Yes else None)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
