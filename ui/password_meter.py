"""The strength meter under a new-password field: zxcvbn's score and advice, translated.

The estimate is the core's (``app.passwords.estimate``), so the meter and the rule the core
applies to accounts that manage users never disagree. zxcvbn's feedback is a fixed set of
English sentences; they are listed below so lupdate collects them and the meter shows them
in the user's language.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from app.passwords import MIN_PASSWORD_LENGTH, Strength, estimate
from ui import style

FEEDBACK_CONTEXT = "PasswordFeedback"

# Every warning and suggestion zxcvbn gives (zxcvbn/feedback.py), word for word.
FEEDBACK = (
    QT_TRANSLATE_NOOP("PasswordFeedback", "Add another word or two. Uncommon words are better."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Capitalization doesn't help very much."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Reversed words aren't much harder to guess."),
    QT_TRANSLATE_NOOP(
        "PasswordFeedback", "Predictable substitutions like '@' instead of 'a' don't help very much."
    ),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Use a few words, avoid common phrases."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "No need for symbols, digits, or uppercase letters."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Straight rows of keys are easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Short keyboard patterns are easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "This is a top-10 common password."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "This is similar to a commonly used password."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "A word by itself is easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "All-uppercase is almost as easy to guess as all-lowercase."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Use a longer keyboard pattern with more turns."),
    QT_TRANSLATE_NOOP("PasswordFeedback", 'Repeats like "aaa" are easy to guess.'),
    QT_TRANSLATE_NOOP(
        "PasswordFeedback", 'Repeats like "abcabcabc" are only slightly harder to guess than "abc".'
    ),
    QT_TRANSLATE_NOOP("PasswordFeedback", "This is a top-100 common password."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "This is a very common password."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Names and surnames by themselves are easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Common names and surnames are easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Avoid repeated words and characters."),
    QT_TRANSLATE_NOOP("PasswordFeedback", 'Sequences like "abc" or "6543" are easy to guess.'),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Avoid sequences."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Recent years are easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Dates are often easy to guess."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Avoid recent years."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Avoid years that are associated with you."),
    QT_TRANSLATE_NOOP("PasswordFeedback", "Avoid dates and years that are associated with you."),
)


def translate_feedback(text: str) -> str:
    return QCoreApplication.translate(FEEDBACK_CONTEXT, text)


def advice(strength: Strength) -> str:
    """zxcvbn's warning and first suggestion, in the user's language."""
    parts = [strength.warning, *strength.suggestions[:1]]
    return " ".join(translate_feedback(p) for p in parts if p)


class PasswordStrengthMeter(QWidget):
    """A thin coloured bar, a word ("Very weak" … "Strong") and zxcvbn's advice below it.

    ``set_context`` gives the words tied to the account (user name, business name): a
    password built from them is rated as weak as it is.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel()
        self.label.setObjectName("strengthWord")
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("Very weak") + 24)
        self.advice = style.note_label()
        self.advice.setObjectName("strengthAdvice")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.advice)
        self.level = 0
        self.strength = Strength(0, "", ())
        self._context: tuple[str, ...] = ()
        self._password = ""
        self.set_password("")

    def set_context(self, *words: str) -> None:
        self._context = tuple(w for w in words if w)
        self.set_password(self._password)

    def set_password(self, password: str) -> None:
        self._password = password
        short = len(password) < MIN_PASSWORD_LENGTH
        self.strength = estimate(password, self._context)
        self.level = 0 if short else self.strength.score
        words = (
            self.tr("Very weak"),
            self.tr("Weak"),
            self.tr("Fair"),
            self.tr("Good"),
            self.tr("Strong"),
        )
        colour = style.STRENGTH_COLOURS[self.level]
        self.bar.setValue(max(self.level, 1) if password else 0)
        self.bar.setStyleSheet(
            "QProgressBar { border: none; border-radius: 3px; background: #e3e6ea; }"
            f"QProgressBar::chunk {{ border-radius: 3px; background: {colour}; }}"
        )
        if not password:
            word, note = "", ""
        elif short:
            word = self.tr("Too short")
            note = self.tr("At least %1 characters.").replace("%1", QLocale().toString(MIN_PASSWORD_LENGTH))
        else:
            word, note = words[self.level], advice(self.strength)
        self.label.setText(word)
        self.label.setStyleSheet(f"color: {colour};")
        self.advice.setText(note)
        self.advice.setVisible(bool(note))
