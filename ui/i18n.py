"""Loading the UI language: the system locale by default, overridable in Settings.

Translations are Qt Linguist catalogues: sources in ``resources/translations/*.ts``
(updated with ``make translations``), compiled ``.qm`` next to them.

Chinese desktop software writes no access-key letter after a button or menu text ("确定", not
"确定(&O)"); Qt's own catalogue does ("是(&Y)", "否(&N)"), so every catalogue is read through
``WithoutMnemonics``, which drops such a suffix.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import i18n as core_i18n
from app.resource_files import resource_path

TRANSLATIONS_DIR = resource_path("translations")
SUPPORTED = ("en", "zh_CN")
_MNEMONIC_SUFFIX = re.compile(r"\s*\(&[^)&]\)")


class WithoutMnemonics(QTranslator):
    """A catalogue whose translations carry no "(&N)" access-key suffix."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        text = super().translate(context, source, disambiguation, n)
        if not text:
            return None  # a null string: "not here", so Qt asks the next catalogue
        return _MNEMONIC_SUFFIX.sub("", text)


def resolve_language(preference: str) -> str:
    """ "system" follows the OS locale: Chinese for any zh locale, English otherwise."""
    if preference in SUPPORTED:
        return preference
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class Translations:
    """Installs and swaps the app's and Qt's own translators."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, preference: str) -> str:
        language = resolve_language(preference)
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        if language != "en":
            ours = WithoutMnemonics(self.app)
            if ours.load(str(TRANSLATIONS_DIR / f"custos_{language}.qm")):
                self.app.installTranslator(ours)
                self._installed.append(ours)
            qt = WithoutMnemonics(self.app)
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self.app.installTranslator(qt)
                self._installed.append(qt)
        QLocale.setDefault(
            QLocale(QLocale.Language.Chinese, QLocale.Country.China)
            if language == "zh_CN"
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        )
        # The core's messages (errors, validation) come from its own gettext catalogue
        # (app/i18n.py): it speaks the language the window does.
        core_i18n.set_language(language)
        self.language = language
        return language
