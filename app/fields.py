"""The field catalogue: every customer field, built-in and custom, with its classification.

Built-in fields are columns of ``customers``; custom fields are owner-defined and stored in
``customers.extra``. This module only describes and validates fields; changing the catalogue
(a permission, audited) is app/field_admin.py, and who may see which field is app/access.py —
both import this module, never the other way round.

Every value passes through ``FieldDef.clean`` before it is stored, so the database only ever
holds normalised values (``13812345678``, lower-case e-mail domains, upper-case ID check
letters) and search and masking can rely on that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from app import phones
from app.errors import NotFoundError, ValidationError
from app.i18n import _

SENSITIVITIES = ("public", "internal", "personal", "sensitive")
SENSITIVITY_LABELS = {
    "public": ("公开", "Public"),
    "internal": ("内部", "Internal"),
    "personal": ("个人信息", "Personal"),
    "sensitive": ("敏感个人信息", "Sensitive personal (PIPL Art. 28)"),
}
PURPOSES = ("sales", "service", "marketing", "billing", "delivery", "compliance")
CUSTOM_TYPES = ("text", "number", "date", "choice")
BUILTIN_KEYS = ("name", "phone", "email", "company", "address", "tags", "notes", "source", "id_number")

# Keys the customer record itself uses in every output (``Customer.as_dict``, ``--json``,
# exports): a custom field may not take one, or its value would replace the customer's id or
# hide who changed the record.
RESERVED_KEYS = frozenset(
    {"id", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by"}
    | {"extra", "sort_name", "masked", "fields", "values"}
)

# The longest value each type accepts (characters as typed), unless the field's rules set a
# smaller ``max_length``. Checked before any other work, so a pasted megabyte is refused at
# once; generous for real data (a Chinese address is rarely over 60 characters).
TYPE_MAX_LENGTH = {
    "text": 500,
    "longtext": 5000,
    "phone": 40,
    "email": 254,
    "cn_id": 30,
    "tags": 1000,
    "number": 40,
    "date": 20,
    "choice": 200,
}
LABEL_MAX_LENGTH = 100
# Only notes (longtext) may hold line breaks and tabs; no field may hold other control
# characters, lone surrogates, or the bidirectional overrides and isolates that make text
# display in an order other than the one it is stored in.
_LINE_BREAKS = frozenset("\n\u2028\u2029")


def too_long(length: int, limit: int) -> str:
    return _("too long: {length} characters; at most {limit}").format(
        length=f"{length:,}", limit=f"{limit:,}"
    )


# Every character check_text refuses, as one character class: the C0 and C1 controls (Unicode
# category Cc), lone surrogates (Cs), line breaks and the bidi overrides and isolates. One regex
# search finds the first of them: an import checks a million rows' fields.
_FORBIDDEN = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069"
_FORBIDDEN_RE = re.compile(f"[{_FORBIDDEN}]")
_FORBIDDEN_MULTILINE_RE = re.compile(f"(?![\\n\\t])[{_FORBIDDEN}]")


def check_text(text: str, *, multiline: bool = False) -> None:
    """Raise ValueError naming the first character a field may not hold (see above)."""
    found = (_FORBIDDEN_MULTILINE_RE if multiline else _FORBIDDEN_RE).search(text)
    if found is None:
        return
    ch = found.group()
    if not multiline and (ch in _LINE_BREAKS or ch == "\r"):
        raise ValueError(_("a line break is not allowed here (only in notes)"))
    raise ValueError(
        _("contains a control character ({code}); only plain text is allowed").format(code=f"U+{ord(ch):04X}")
    )


# ---------------------------------------------------------------------------------------
# Value validators. Each takes a stripped, non-empty string and returns the normal form or
# raises ValueError with a message for the person typing it.

# Phones: parsed and checked with libphonenumber (app/phones.py); the stored form is shared
# by search and duplicate matching.
clean_phone = phones.clean_phone


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def clean_email(text: str) -> str:
    if len(text) > 254 or not _EMAIL_RE.match(text):
        raise ValueError(_("not a valid e-mail address (name@example.com)"))
    # Lower-cased whole: mail systems treat local parts case-insensitively in practice, and
    # search and duplicate detection then need no special cases.
    return text.lower()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def cn_id_check_char(first17: str) -> str:
    """GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def clean_cn_id(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).replace(" ", "").upper()  # full-width digits too
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        raise ValueError(_("a resident ID number has 18 characters: 17 digits and a digit or X"))
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError(_("the date of birth inside the ID number is not a real date")) from None
    if not date(1900, 1, 1) <= born <= date.today():
        raise ValueError(_("the date of birth inside the ID number is out of range"))
    if cn_id_check_char(value[:17]) != value[17]:
        raise ValueError(_("the ID number's check digit is wrong: please check for a typo"))
    return value


def clean_tags(text: str) -> str:
    """Tags separated by commas (either width), semicolons or 、; duplicates dropped ignoring
    case, first spelling kept. Linear in the number of tags (a set of folded forms)."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,，;；、]", text):
        tag = part.strip()
        folded = tag.casefold()
        if tag and folded not in seen:
            seen.add(folded)
            tags.append(tag)
    return ",".join(tags)


# A number keeps every digit it was typed with (a float would turn 12345678901234567890 into
# 12345678901234567168); beyond 30 significant digits or such magnitudes it is refused.
NUMBER_DIGITS = 30


def clean_number(text: str) -> str:
    """The exact decimal typed, in plain notation: "1,234" -> "1234", "1.50" -> "1.5"."""
    compact = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", compact):
        raise ValueError(_("not a number"))
    try:
        number = Decimal(compact)
    except InvalidOperation:
        raise ValueError(_("not a number")) from None
    if number.is_zero():
        return "0"
    with localcontext() as context:
        # normalize() rounds to the context's precision (28 digits by default); the typed text
        # is at most TYPE_MAX_LENGTH["number"] characters, so this precision never rounds.
        context.prec = 2 * TYPE_MAX_LENGTH["number"]
        number = number.normalize()
    if len(number.as_tuple().digits) > NUMBER_DIGITS or abs(number.adjusted()) > NUMBER_DIGITS:
        raise ValueError(_("a number may have at most {count} digits").format(count=NUMBER_DIGITS))
    return format(number, "f")


def clean_date(text: str) -> str:
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not match:
        raise ValueError(_("a date is written YYYY-MM-DD, e.g. 2024-03-18"))
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        raise ValueError(_("not a real date")) from None


_CLEANERS = {
    "email": clean_email,
    "cn_id": clean_cn_id,
    "tags": clean_tags,
    "number": clean_number,
    "date": clean_date,
}


@dataclass(frozen=True)
class FieldDef:
    key: str
    label_zh: str
    label_en: str
    type: str
    builtin: bool
    required: bool
    searchable: bool
    sensitivity: str
    purposes: tuple[str, ...]
    rules: dict[str, Any] = field(default_factory=dict)
    position: int = 0
    retired: bool = False

    def label(self, language: str = "en") -> str:
        return self.label_zh if language.startswith("zh") else self.label_en

    @property
    def region(self) -> str:
        """For a phone field: the home region numbers without a country code are read in."""
        return self.rules.get("region") or phones.DEFAULT_REGION

    @property
    def max_length(self) -> int:
        """The most characters a value of this field may have (as typed)."""
        limit = TYPE_MAX_LENGTH.get(self.type, TYPE_MAX_LENGTH["text"])
        rule = self.rules.get("max_length")
        return min(int(rule), limit) if rule else limit

    def clean(self, value: Any) -> str | None:
        """The stored form of ``value``; None for empty. Raises ValueError with a reason."""
        text = "" if value is None else str(value).strip()
        if self.type == "longtext":
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text:
            if self.required:
                raise ValueError(_("required"))
            return None
        if len(text) > self.max_length:
            raise ValueError(too_long(len(text), self.max_length))
        check_text(text, multiline=self.type == "longtext")
        if self.type == "phone":
            text = phones.clean_phone(text, self.region)
        elif cleaner := _CLEANERS.get(self.type):
            text = cleaner(text)
        if self.type == "choice":
            choices = self.rules.get("choices", [])
            if text not in choices:
                raise ValueError(_("must be one of: {choices}").format(choices=", ".join(choices)))
        if self.type == "number":
            number = Decimal(text)
            if "min" in self.rules and number < Decimal(str(self.rules["min"])):
                raise ValueError(_("must be at least {minimum}").format(minimum=self.rules["min"]))
            if "max" in self.rules and number > Decimal(str(self.rules["max"])):
                raise ValueError(_("must be at most {maximum}").format(maximum=self.rules["max"]))
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "type": self.type,
            "builtin": self.builtin,
            "required": self.required,
            "searchable": self.searchable,
            "sensitivity": self.sensitivity,
            "purposes": list(self.purposes),
            "rules": self.rules,
            "position": self.position,
            "retired": self.retired,
        }


class Catalogue:
    """The fields in display order. Retired custom fields are kept (old values stay readable)."""

    def __init__(self, fields: list[FieldDef]) -> None:
        self._fields = sorted(fields, key=lambda f: (f.position, f.key))
        self._by_key = {f.key: f for f in self._fields}

    @classmethod
    def load(cls, conn) -> Catalogue:
        rows = conn.execute(
            "SELECT key, label_zh, label_en, type, builtin, required, searchable, sensitivity, purposes,"
            " rules, position, retired_at FROM fields"
        ).fetchall()
        return cls(
            [
                FieldDef(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    bool(r[4]),
                    bool(r[5]),
                    bool(r[6]),
                    r[7],
                    tuple(json.loads(r[8])),
                    json.loads(r[9]),
                    r[10],
                    r[11] is not None,
                )
                for r in rows
            ]
        )

    def __iter__(self):
        return iter(self._fields)

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def get(self, key: str) -> FieldDef:
        try:
            return self._by_key[key]
        except KeyError:
            raise NotFoundError(_("There is no field called {key}.").format(key=repr(key))) from None

    def active(self) -> list[FieldDef]:
        return [f for f in self._fields if not f.retired]

    def clean(self, values: dict[str, Any], *, creating: bool) -> dict[str, str | None]:
        """Validate and normalise; raises ValidationError naming every bad field at once."""
        errors: dict[str, str] = {}
        cleaned: dict[str, str | None] = {}
        for key, value in values.items():
            if key not in self._by_key:
                errors[key] = _("unknown field")
                continue
            definition = self._by_key[key]
            if definition.retired and value not in (None, ""):
                errors[key] = _("this field is retired and no longer collected")
                continue
            try:
                cleaned[key] = definition.clean(value)
            except ValueError as exc:
                errors[key] = str(exc)
        if creating:
            for definition in self.active():
                if definition.required and definition.key not in values:
                    errors[definition.key] = _("required")
        if errors:
            raise ValidationError(errors)
        return cleaned
