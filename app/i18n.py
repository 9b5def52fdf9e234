"""Messages of the Qt-free core and of the command line, in the user's language (gettext).

The desktop app translates its own strings with Qt's catalogue (resources/translations); the
core and the CLI must not import Qt, so their messages go through gettext. The catalogue is a
``.po`` file shipped inside this package (``app/locale/<lang>/LC_MESSAGES/custos.po``, read with
``importlib.resources`` like the migrations, so an installed wheel or a frozen build finds it)
and parsed here directly: there is no compiled ``.mo`` that could go stale beside its source.

Which language: the command line follows the locale environment the way gettext does
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); the desktop app sets the language the
user chose in Settings. Until someone sets it the core speaks English, so library use and
tests get the English text the code shows.

Messages are translated when they are made (``raise KnownError(_("…").format(…))``): a
``KnownError`` carries a finished sentence, and the UI and the CLI print it as it is.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import threading
from importlib import resources

DOMAIN = "custos"
SUPPORTED = ("en", "zh_CN")

_lock = threading.Lock()
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_cache: dict[str, gettext.NullTranslations] = {}


class PoTranslations(gettext.NullTranslations):
    """A gettext catalogue read from ``.po`` text: msgid/msgstr, plural forms, the header's
    ``Plural-Forms`` expression. Untranslated (empty) and fuzzy entries fall back to English."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._messages: dict[str, str] = {}
        self._plurals: dict[str, list[str]] = {}
        self._plural = lambda n: int(n != 1)
        self._parse(text)

    def _parse(self, text: str) -> None:
        for entry in re.split(r"\n\s*\n", text):
            fields: dict[str, str] = {}
            current = None
            fuzzy = False
            for line in entry.splitlines():
                line = line.strip()
                if line.startswith("#,") and "fuzzy" in line:
                    fuzzy = True
                if not line or line.startswith("#"):
                    continue
                if line.startswith('"'):
                    if current is not None:
                        fields[current] += ast.literal_eval(line)
                    continue
                keyword, _, rest = line.partition(" ")
                current = keyword
                fields[current] = ast.literal_eval(rest.strip())
            msgid = fields.get("msgid")
            if msgid is None:
                continue
            if msgid == "":
                self._read_header(fields.get("msgstr", ""))
                continue
            if fuzzy:
                continue
            if "msgid_plural" in fields:
                forms = [fields[k] for k in sorted(fields) if k.startswith("msgstr[")]
                if forms and all(forms):
                    self._plurals[msgid] = forms
            elif fields.get("msgstr"):
                self._messages[msgid] = fields["msgstr"]

    def _read_header(self, header: str) -> None:
        match = re.search(r"plural=([^;\n]+)", header)
        if match:
            self._plural = gettext.c2py(match.group(1).strip())

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if forms is None:
            return msgid1 if n == 1 else msgid2
        index = self._plural(n)
        return forms[index] if index < len(forms) else forms[-1]

    def translated(self, msgid: str) -> bool:
        """Whether ``msgid`` (a singular, or the singular of a plural) has a translation."""
        return msgid in self._messages or msgid in self._plurals


def catalogue(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` ("zh_CN"); English and unknown languages get none."""
    if language not in _cache:
        source = resources.files("app").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
        if language != "en" and source.is_file():
            _cache[language] = PoTranslations(source.read_text("utf-8"))
        else:
            _cache[language] = gettext.NullTranslations()
    return _cache[language]


def resolve(locale_name: str) -> str:
    """A locale name ("zh_CN.UTF-8", "zh_SG", "zh") -> a supported language: any Chinese
    locale reads Chinese (simplified, the catalogue we have), anything else English."""
    return "zh_CN" if locale_name.lower().startswith("zh") else "en"


def language_from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language gettext would choose from the environment (first non-empty variable wins;
    ``LANGUAGE`` may list several, the first supported one is taken)."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if not value:
            continue
        for name in value.split(":"):
            if name and name not in ("C", "POSIX") and not name.startswith("C."):
                return resolve(name)
        if variable != "LANGUAGE":
            return "en"
    return "en"


def set_language(language: str) -> str:
    """Make the core speak ``language`` ("en", "zh_CN" or a locale name); returns the one used."""
    global _current, _language
    chosen = language if language in SUPPORTED else resolve(language)
    with _lock:
        _current = catalogue(chosen)
        _language = chosen
    return chosen


def current_language() -> str:
    return _language


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a table of labels); it is
    translated where it is used, with ``_(variable)``."""
    return message


def _(message: str) -> str:
    """``message`` in the current language (the English text when there is no translation)."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The right plural form for ``n`` ("1 customer", "2 customers"; Chinese has one form)."""
    return _current.ngettext(singular, plural, n)
