"""Masked forms of field values: what a role with level ``masked`` sees instead of the value.

The masked form keeps just enough to recognise a record on the phone or at the counter
(138****5678, w***@example.com, 王*, 北京市朝阳区****) and never the whole value: when a
rule would leave a value unchanged (a one-letter name, a value that is all asterisks) the
value is masked fully. Custom fields and free-text fields are masked fully, with a fixed
length so the mask does not even tell how long the value is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.fields import FieldDef

FULL = "****"
COMPOUND_SURNAMES = (
    *("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟"),
    *("公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯"),
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese administrative units, province down to district/county. A unit's name is a few
# Chinese characters with nothing of a street in it: no digits, no Latin letters, none of the
# characters only streets and buildings use. "花园路3号院东区" therefore has no unit
# (路 and 号 stop the name), and is masked whole instead of shown whole.
# (Only characters no unit name uses: 道 is in 道里区, 镇 in 镇江市, 门 in 厦门市.)
_STREET_CHARS = "路街巷弄号院楼栋幢室层村"
_UNIT = re.compile(
    rf"(?:(?P<upper>[\u4e00-\u9fff]{{2,8}}?(?:特别行政区|自治区))"
    rf"|(?P<province>[^{_STREET_CHARS}\d\sA-Za-z]{{2,3}}?省)"
    rf"|(?P<prefecture>[^{_STREET_CHARS}\d\sA-Za-z]{{2,10}}?(?:自治州|地区|盟))"
    rf"|(?P<city>[^{_STREET_CHARS}\d\sA-Za-z]{{2,4}}?市)"
    rf"|(?P<district>[^{_STREET_CHARS}\d\sA-Za-z]{{1,8}}?(?:自治县|自治旗|区|县|旗)))"
)
# "超市" (supermarket), "菜市" (market) … end in 市 without being a city.
_NOT_A_CITY = ("超市", "菜市", "夜市", "集市", "花市", "鱼市", "股市", "早市", "楼市")
_MAX_UNITS = 3


def _chinese_admin_prefix(value: str) -> str:
    """The province / city / district units an address starts with ('' when none)."""
    kept, rest = "", value.lstrip()
    for _ in range(_MAX_UNITS):
        match = _UNIT.match(rest)
        if not match:
            break
        unit = match.group(0)
        if match.lastgroup == "city" and unit.endswith(_NOT_A_CITY):
            break
        kept, rest = kept + unit, rest[len(unit) :]
        if match.lastgroup == "district":
            break
    return kept


# Words of a Western street, building or flat; a component holding one is never shown.
# Compared case-insensitively against whole words, and as endings (Hauptstraße, Lindenweg).
_STREET_WORDS_TEXT = """street st road rd avenue ave av lane ln drive dr way close court ct place pl boulevard
    blvd square sq terrace crescent row mews walk gardens gdns highway hwy parkway pkwy circle cir
    alley apt apartment suite ste flat floor fl unit building bldg house block room po box lot
    rue allée allee chemin impasse straße strasse str weg platz gasse ring damm ufer
    via viale piazza corso calle avenida plaza carrer rua travessa"""
_STREET_WORDS = frozenset(_STREET_WORDS_TEXT.split())
_STREET_ENDINGS = ("straße", "strasse", "str.", "weg", "platz", "gasse", "allee")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Tokens with digits that are postcodes (10115, 20500-1234, SW1A, 1AA), not house numbers
# (12, 221b), which would place the address within a street.
_POSTCODE = re.compile(r"^(?:\d{4,6}(?:-\d{3,4})?|[A-Za-z]{1,2}\d[A-Za-z\d]?|\d[A-Za-z]{2})$")
_MAX_PLACES = 3


def _locality(component: str) -> str | None:
    """A comma-separated component as a place name (city, region, country), or None.

    Postcodes are dropped ("London SW1A 1AA" -> "London", "DC 20500" -> "DC"); a component
    with a house number or a street word is not a place."""
    tokens = component.split()
    if any(any(ch.isdigit() for ch in t) and not _POSTCODE.match(t) for t in tokens):
        return None
    kept = [t for t in tokens if not any(ch.isdigit() for ch in t)]
    if not kept or len(kept) > 4:
        return None
    for word in (w.lower() for token in kept for w in _WORD.findall(token)):
        if word in _STREET_WORDS or word.endswith(_STREET_ENDINGS):
            return None
    return " ".join(kept)


def mask_phone(value: str) -> str:
    """13812345678 -> 138****5678; 010-58815678 -> 010-****5678; +442079460958 -> +44*****0958."""
    if "-" in value:
        area, _, number = value.partition("-")
        return f"{area}-{'*' * max(len(number) - 4, 2)}{number[-4:] if len(number) > 6 else ''}"
    plus = "+" if value.startswith("+") else ""
    digits = value[len(plus) :]
    if len(digits) >= 8:
        return f"{plus}{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
    return plus + "*" * max(len(digits) - 2, 2) + digits[-2:]


def mask_email(value: str) -> str:
    """wang.fang@example.com -> w***@example.com."""
    local, at, domain = value.rpartition("@")
    if not at:
        return FULL
    return f"{local[:1]}***@{domain}"


def mask_cn_id(value: str) -> str:
    """110105194912310021 -> 1101**********0021."""
    if len(value) < 10:
        return FULL
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value: str) -> str:
    """王芳 -> 王*; 欧阳娜娜 -> 欧阳**; John Smith -> J*** Smith; Madonna -> M***."""
    if _CJK.match(value):
        keep = 2 if value.startswith(COMPOUND_SURNAMES) and len(value) > 2 else 1
        if len(value) <= keep:
            return FULL  # a one-character name would be shown whole
        return value[:keep] + "*" * (len(value) - keep)
    parts = value.split()
    if len(parts) == 1:
        return value[:1] + "***"
    return " ".join([*(p[:1] + "***" for p in parts[:-1]), parts[-1]])


def mask_address(value: str) -> str:
    """Only the city or district level, never the street, for Chinese and Western addresses.

    北京市朝阳区建国路88号 -> 北京市朝阳区****; 广东省深圳市南山区科技园 -> 广东省深圳市南山区****;
    12 High Street, London SW1A 1AA, UK -> ****, London, UK. An address whose levels cannot be
    recognised is masked whole: 花园路3号院东区 -> ****; London, 12 High Street -> ****.
    """
    if _CJK.search(value[:4] or value):
        return _chinese_admin_prefix(value) + FULL
    components = [c.strip() for c in value.split(",") if c.strip()]
    places: list[str] = []
    # From the end: country, region, city ... while each is a place; the first component
    # (where the street or house name is written) is never shown.
    for component in reversed(components[1:]):
        place = _locality(component)
        if place is None or len(places) == _MAX_PLACES:
            break
        places.append(place)
    return ", ".join([FULL, *reversed(places)])


_BY_TYPE = {"phone": mask_phone, "email": mask_email, "cn_id": mask_cn_id}
_BY_KEY = {"name": mask_name, "address": mask_address}


def mask(field: FieldDef, value: str | None) -> str | None:
    """The masked form of a stored value (None and "" stay as they are: nothing to hide)."""
    if value is None or value == "":
        return value
    rule = None
    if field.builtin:
        rule = _BY_TYPE.get(field.type) or _BY_KEY.get(field.key)
    masked = rule(value) if rule else FULL
    if masked == value or "*" not in masked:
        masked = FULL if value != FULL else FULL + "*"
    return masked
