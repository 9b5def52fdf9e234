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
# Administrative units from the province down to the district/county, in the order they are
# written. The district level ends the kept prefix.
_ADMIN_UNIT = re.compile(r".+?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗)")
_DISTRICT_SUFFIXES = ("区", "县", "旗", "自治县")
_UPPER_SUFFIXES = ("特别行政区", "自治区", "地区")


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
    """北京市朝阳区建国路88号 -> 北京市朝阳区****; 12 High Street, London -> ****, London."""
    if _CJK.search(value[:4] or value):
        kept, rest = "", value
        while True:
            match = _ADMIN_UNIT.match(rest)
            # A unit is a few characters; a long run before the suffix is a street, not a unit.
            if not match or len(match.group(0)) > 8:
                break
            unit = match.group(0)
            kept, rest = kept + unit, rest[len(unit) :]
            if unit.endswith(_DISTRICT_SUFFIXES) and not unit.endswith(_UPPER_SUFFIXES):
                break
        return kept + FULL
    head, comma, last = value.rpartition(",")
    if not comma or not head.strip():
        return FULL
    return f"{FULL}, {last.strip()}"


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
