"""How hard a password is to guess, and the rule for accounts that manage users.

The estimate is zxcvbn's (patterns, common passwords, names, dates, keyboard walks), told the
words an attacker would try first for this vault: the user's name and the business name.
A hand-written "length and character classes" rule called ``Password1234`` good; zxcvbn
knows it is one of the most common passwords.

Every password needs ``MIN_PASSWORD_LENGTH`` characters. An account whose role can manage
users (which can reset anyone's password) also needs a zxcvbn score of at least
``MANAGER_MIN_SCORE``: the core refuses weaker ones with ``WeakPasswordError``, whose
``warning`` and ``suggestions`` are zxcvbn's English feedback (the UI translates them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zxcvbn import zxcvbn

from app.errors import KnownError
from app.i18n import N_, _

MIN_PASSWORD_LENGTH = 8
MANAGER_MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable", about 10^8 guesses or more
SCORES = range(5)  # 0 too guessable … 4 very unguessable


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    warning: str  # zxcvbn's English warning, or ""
    suggestions: tuple[str, ...]


# zxcvbn's warnings, word for word (zxcvbn/feedback.py), so the command line says them in the
# user's language; the desktop meter translates the same sentences with Qt's catalogue.
WARNINGS = (
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
)


class WeakPasswordError(KnownError):
    """A password too easy to guess for an account that can manage users."""

    def __init__(self, strength: Strength) -> None:
        if strength.warning:
            message = _(
                "This password is too easy to guess for an account that can manage users ({reason}). "
                "Add a few uncommon words, or make it longer."
            ).format(reason=_(strength.warning).rstrip(".。"))
        else:
            message = _(
                "This password is too easy to guess for an account that can manage users. "
                "Add a few uncommon words, or make it longer."
            )
        super().__init__(message)
        self.strength = strength


def estimate(password: str, user_inputs: Iterable[str] = ()) -> Strength:
    """zxcvbn's estimate; ``user_inputs`` are words tied to this account (user, business)."""
    if not password:
        return Strength(0, "", ())
    words = [w.strip() for w in user_inputs if w and w.strip()]
    result = zxcvbn(password, user_inputs=words)
    feedback = result.get("feedback") or {}
    return Strength(
        int(result["score"]),
        str(feedback.get("warning") or ""),
        tuple(str(s) for s in feedback.get("suggestions") or ()),
    )


def check_password_policy(
    password: str, *, manages_users: bool = False, user_inputs: Iterable[str] = ()
) -> None:
    """Raise a ``KnownError`` for a password the vault must not accept for this account."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise KnownError(_("A password needs at least {count} characters.").format(count=MIN_PASSWORD_LENGTH))
    if manages_users:
        strength = estimate(password, user_inputs)
        if strength.score < MANAGER_MIN_SCORE:
            raise WeakPasswordError(strength)
