"""Loading the UI language: the system locale by default, overridable in Settings.

Translations are Qt Linguist catalogues: sources in ``resources/translations/*.ts``
(updated with ``make translations``), compiled ``.qm`` next to them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import i18n as core_i18n

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "translations"
SUPPORTED = ("en", "zh_CN")


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
            ours = QTranslator(self.app)
            if ours.load(str(TRANSLATIONS_DIR / f"custos_{language}.qm")):
                self.app.installTranslator(ours)
                self._installed.append(ours)
            qt = QTranslator(self.app)
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
