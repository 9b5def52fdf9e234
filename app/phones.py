"""Phone numbers: read in any common format, checked and written with libphonenumber's rules.

Parsing, validation and formatting use ``phonenumbers`` (Google's libphonenumber metadata,
updated as numbering plans change) rather than hand-made patterns.

**The stored form does not depend on any setting**, so search, duplicate matching and masking
compare like with like: a mainland number is stored without the country code — mobiles as 11
digits (13812345678), landlines as area code with its 0, a dash, the local number
(010-58815678) — and every other number as E.164 (+442079460958). Numbers typed without a
country code are read in the vault's *home region* (the phone field's ``region`` rule,
China unless the owner set another; see ``field_admin.set_phone_region``).

**Display** follows each number's own region, one way everywhere: numbers of the home region
in their national format (138 1234 5678, 010 5881 5678), others in international format
(+44 20 7946 0958, +1 415-555-0132).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from app.i18n import _

DEFAULT_REGION = "CN"
_CHINA = 86
# What people put between digits: spaces, dashes, dots, slashes and brackets (either width;
# NFKC turns the full-width forms of a Chinese input method into these).
_ALLOWED = re.compile(r"^[(\s]*\+?[0-9\s\-./()]+$")


def regions() -> frozenset[str]:
    """The region codes a vault's home region may be (ISO 3166 alpha-2, as libphonenumber knows them)."""
    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def _invalid_message(region: str) -> str:
    if region == "CN":
        return _(
            "not a valid phone number: a mobile has 11 digits starting with 1 (e.g. 138 1234 5678), "
            "a landline starts with its area code (e.g. 010 5881 5678); a number from another "
            "country starts with + and its country code (e.g. +1 415 555 0132)"
        )
    return _(
        "not a valid phone number in the vault's home region ({region}); a number from another "
        "country starts with + and its country code (e.g. +86 138 1234 5678)"
    ).format(region=region)


def clean_phone(text: str, region: str = DEFAULT_REGION) -> str:
    """The stored form of a typed number (see the module docstring); ValueError with a message
    for the person typing it."""
    typed = unicodedata.normalize("NFKC", text).strip()
    if not _ALLOWED.match(typed) or typed.count("+") > 1:
        raise ValueError(
            _("a phone number may contain only digits, spaces, dashes, brackets and a leading +")
        )
    if region == "CN":
        digits = _SEPARATORS.sub("", typed)
        if len(digits) == 11 and digits[0] == "1" and digits.isdigit() and _mobile_block(digits[:7]):
            return digits  # a mainland mobile, as stored_form writes it
    try:
        number = phonenumbers.parse(typed, region)
    except NumberParseException:
        raise ValueError(_invalid_message(region)) from None
    digits = re.sub(r"\D", "", typed)
    home_code = phonenumbers.country_code_for_region(region)
    international = "+" in typed or number.country_code != home_code
    if (
        number.country_code == _CHINA
        and not international
        and phonenumbers.number_type(number) != PhoneNumberType.MOBILE
        and not digits.startswith(("0", "86"))
    ):
        # A mainland landline is written with its area code's 0 (0555 123 4567); without it,
        # "(555) 123-4567" is someone's US number, not a landline in Ma'anshan.
        raise ValueError(_invalid_message(region))
    if not phonenumbers.is_valid_number(number):
        raise ValueError(_invalid_message(region))
    return stored_form(number)


_SEPARATORS = re.compile(r"[\s\-./()]")


@functools.lru_cache(maxsize=8192)
def _mobile_block(prefix: str) -> bool:
    """Whether the mainland mobile numbers starting with these 7 digits are valid.

    libphonenumber decides a mainland mobile's validity and type by its leading digits (its
    patterns for them end in a run of any digits), so one full check per block of 10,000
    numbers answers for all of them: an import of a hundred thousand numbers then parses a few
    hundred, not every one (a full parse costs about 0.3 ms). tests/test_phones.py compares the
    two paths on random numbers.
    """
    number = phonenumbers.parse(prefix + "0000", "CN")
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) == PhoneNumberType.MOBILE


def stored_form(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != _CHINA:
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = str(number.national_number)
    if phonenumbers.number_type(number) == PhoneNumberType.MOBILE:
        return national
    area = phonenumbers.length_of_national_destination_code(number)
    if area == 0:
        return national
    return f"0{national[:area]}-{national[area:]}"


def parse_stored(stored: str) -> phonenumbers.PhoneNumber | None:
    """The number a stored value means, or None for a masked or otherwise unreadable value."""
    try:
        return phonenumbers.parse(stored, None if stored.startswith("+") else "CN")
    except NumberParseException:
        return None


def format_phone(stored: str, region: str = DEFAULT_REGION) -> str:
    """How a stored number reads: national format for the home region, international for the
    rest. Masked values (138****5678) and anything unreadable are returned as they are."""
    if not stored or "*" in stored:
        return stored
    number = parse_stored(stored)
    if number is None or not phonenumbers.is_possible_number(number):
        return stored
    home = phonenumbers.region_code_for_number(number) == region or (
        number.country_code == phonenumbers.country_code_for_region(region)
    )
    return phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    )
