"""Which column of a file goes into which field: found from the headers, checked, saved.

Headers are matched in Chinese and English (姓名 / 客户名称 / 联系人 / Name, 手机 / 手机号 /
联系电话 / Mobile, …), traditional spellings included, and against the labels and keys of the
vault's custom fields. Exports whose headers are known — Outlook (English and Chinese),
Thunderbird, Google Contacts, WeCom (企业微信) and DingTalk (钉钉) contact lists — are
recognised by name, and their split name columns combined the way that program writes them.

A ``Mapping`` sends each target (a field key, or ``consent:<purpose>``) one or more columns;
several columns are joined (姓 + 名 is 王芳, First + Last is "John Smith"); a column no target
names is ignored. ``check`` refuses a mapping the actor may not use: a field the role may not
write, a retired field, a consent column without the permission to record consent. A mapping
is saved in the vault under its header signature and offered again for a file with the same
columns.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app import consent
from app.access import Access, Actor, access_for
from app.errors import PermissionDeniedError, ValidationError
from app.i18n import _
from app.vault.database import transaction

CONSENT_PREFIX = "consent:"
FAMILY, GIVEN, MIDDLE = "_family", "_given", "_middle"  # name parts while mapping automatically
PROBLEM_COLUMNS = ("导入问题", "import problem")  # the column our invalid-rows file adds

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名",
        "客户名称",
        "客户姓名",
        "客户名",
        "联系人",
        "联系人姓名",
        "名称",
        "客户",
        "称呼",
        "真实姓名",
        "显示名称",
        "全名",
        "name",
        "fullname",
        "customer",
        "customername",
        "contact",
        "contactname",
        "displayname",
        "客戶名稱",
        "聯絡人",
    ),
    FAMILY: ("姓", "姓氏", "lastname", "surname", "familyname"),
    GIVEN: ("名", "名字", "firstname", "givenname"),
    MIDDLE: ("middlename", "中间名", "additionalname"),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "联系电话",
        "电话",
        "电话号码",
        "联系方式",
        "联系手机",
        "mobile",
        "mobilephone",
        "mobilenumber",
        "cell",
        "cellphone",
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "phone1value",
        "primaryphone",
        "手機",
        "手機號碼",
        "電話",
        "行動電話",
        "聯絡電話",
    ),
    "email": (
        "邮箱",
        "电子邮箱",
        "电子邮件",
        "邮件",
        "邮件地址",
        "电子邮件地址",
        "个人邮箱",
        "企业邮箱",
        "email",
        "emailaddress",
        "mail",
        "primaryemail",
        "email1value",
        "電子郵件",
        "電子郵箱",
        "郵箱",
    ),
    "company": (
        "公司",
        "单位",
        "公司名称",
        "单位名称",
        "工作单位",
        "企业",
        "企业名称",
        "company",
        "organization",
        "organisation",
        "organizationname",
        "organization1name",
        "employer",
        "公司名稱",
        "機構",
    ),
    "address": (
        "地址",
        "联系地址",
        "通讯地址",
        "住址",
        "家庭住址",
        "收货地址",
        "详细地址",
        "address",
        "homeaddress",
        "homestreet",
        "address1formatted",
        "postaladdress",
        "地區",
        "通訊地址",
    ),
    "notes": ("备注", "说明", "备注信息", "notes", "note", "remarks", "comment", "comments", "備註", "描述"),
    "tags": ("标签", "分类", "分组", "客户标签", "tags", "labels", "categories", "groupmembership", "標籤"),
    "id_number": (
        "身份证号",
        "身份证",
        "身份证号码",
        "证件号码",
        "证件号",
        "idnumber",
        "idno",
        "residentid",
        "身分證字號",
        "身份證號碼",
    ),
    "source": ("来源", "客户来源", "收集来源", "source", "leadsource"),
    CONSENT_PREFIX + "marketing": (
        "同意营销",
        "营销同意",
        "同意接收营销",
        "接收推广",
        "同意推广",
        "营销推广同意",
        "marketingconsent",
        "consenttomarketing",
        "marketingoptin",
        "optin",
        "newsletteroptin",
    ),
}
_TARGET_OF = {alias: target for target, aliases in _ALIASES.items() for alias in aliases}

# Known exports: (name, headers that identify it, columns of its split name in writing order).
PROFILES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    (
        "Outlook",
        frozenset({"firstname", "middlename", "lastname", "emailaddress", "mobilephone", "businessphone"}),
        ("firstname", "middlename", "lastname"),
    ),
    ("Outlook (中文)", frozenset({"名", "姓", "电子邮件地址", "移动电话", "单位", "商务电话"}), ("姓", "名")),
    (
        "Thunderbird",
        frozenset({"firstname", "lastname", "displayname", "primaryemail", "mobilenumber", "workphone"}),
        ("firstname", "lastname"),
    ),
    (
        "Google Contacts",
        frozenset({"email1type", "email1value", "phone1type", "phone1value", "groupmembership", "labels"}),
        ("firstname", "middlename", "lastname", "givenname", "additionalname", "familyname"),
    ),
    ("企业微信 WeCom", frozenset({"姓名", "账号", "别名", "职务", "部门", "手机", "座机", "个人邮箱"}), ()),
    ("钉钉 DingTalk", frozenset({"姓名", "工号", "手机号", "职位", "部门", "邮箱", "办公地点"}), ()),
    ("vCard", frozenset({"name", "familyname", "givenname", "otherphones", "otheremails"}), ()),
)


def normalise(header: str) -> str:
    """The header as matched: width-folded, lower-case, without spaces, marks such as * or
    (必填), and punctuation: "E-mail Address" and "电子邮件地址（必填）*" match their aliases."""
    text = unicodedata.normalize("NFKC", header).casefold()
    text = re.sub(r"[(\[【].*?[)\]】]", "", text)
    return re.sub(r"[\s*:：_\-./#'\"]", "", text)


def known_header_count(cells: Sequence[str]) -> int:
    """How many cells are column names we know: finds the header row below a title row."""
    return sum(1 for cell in cells if normalise(cell) in _TARGET_OF)


def recognise(headers: Sequence[str]) -> str | None:
    """The program that wrote a file with these headers, if it is a known export."""
    present = {normalise(h) for h in headers}
    for name, signature, _name_order in PROFILES:
        if len(signature & present) >= min(4, len(signature)):
            return name
    return None


def signature(headers: Sequence[str]) -> str:
    """The key a saved mapping is found by: the normalised headers in order."""
    return hashlib.sha256("\x1f".join(normalise(h) for h in headers).encode("utf-8")).hexdigest()


def join_parts(parts: Sequence[str], target: str) -> str:
    """Several columns' values as one field value. A name's parts meet without a space between
    two Chinese characters (王 + 芳) and with one otherwise (John + Smith); notes go on separate
    lines, tags are a list, anything else is joined by a space."""
    values = [p.strip() for p in parts if p and p.strip()]
    if target == "notes":
        return "\n".join(values)
    if target == "tags":
        return ",".join(values)
    if target != "name":
        return " ".join(values)
    text = ""
    for value in values:
        if text and not (_cjk(text[-1]) and _cjk(value[0])):
            text += " "
        text += value
    return text


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@dataclass
class Mapping:
    """target -> source columns in the order they are joined; unnamed columns are ignored.
    ``consent_text``: the notice text (app/consent.py key) a consent column's answers cite."""

    targets: dict[str, list[str]] = field(default_factory=dict)
    consent_text: str | None = None

    def used_columns(self) -> set[str]:
        return {c for columns in self.targets.values() for c in columns}

    def ignored(self, headers: Sequence[str]) -> list[str]:
        used = self.used_columns()
        return [h for h in headers if h not in used]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"fields": {k: list(v) for k, v in self.targets.items()}}
        if self.consent_text:
            data["consent_text"] = self.consent_text
        return data

    @classmethod
    def from_json(cls, data: Any) -> Mapping:
        """A mapping from its JSON form (a saved one, or ``--mapping FILE``); ValidationError
        says what is wrong with a hand-written one. ``{"fields": {"name": ["姓", "名"], "phone":
        "手机"}}`` — one column may be given as a plain string."""
        if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            raise ValidationError(
                {"mapping": _('expected an object with "fields": {"field": ["column", …]}')}
            )
        targets: dict[str, list[str]] = {}
        for target, columns in data["fields"].items():
            if isinstance(columns, str):
                columns = [columns]
            if (
                not isinstance(target, str)
                or not isinstance(columns, list)
                or not all(isinstance(c, str) for c in columns)
            ):
                raise ValidationError({"mapping": _("each field names a column or a list of columns")})
            if columns:
                targets[target] = list(columns)
        consent_text = data.get("consent_text")
        if consent_text is not None and not isinstance(consent_text, str):
            raise ValidationError({"mapping": _("consent_text is the key of a notice text")})
        return cls(targets, consent_text or None)


def auto_mapping(access: Access, headers: Sequence[str]) -> Mapping:
    """The mapping a person would most likely choose, from the headers alone.

    Only targets the actor may use are proposed (writable, active fields; consent with the
    permission to record it). The first column for a target wins; a later one with the same
    meaning (a second phone column) stays ignored for the person to decide.
    """
    writable = {f.key for f in access.catalogue.active() if access.can_write(f.key)}
    customs = {}
    for definition in access.catalogue.active():
        if not definition.builtin and definition.key in writable:
            for label in (definition.key, definition.label_zh, definition.label_en):
                customs.setdefault(normalise(label), definition.key)
    found: dict[str, list[str]] = {}
    parts: dict[str, str] = {}
    by_norm = {normalise(h): h for h in reversed(headers)}
    for header in headers:
        key = normalise(header)
        if key in PROBLEM_COLUMNS:
            continue
        target = customs.get(key) or _TARGET_OF.get(key)
        if target is None:
            continue
        if target in (FAMILY, GIVEN, MIDDLE):
            parts.setdefault(target, header)
            continue
        if target.startswith(CONSENT_PREFIX):
            if not access.allows("record_consent"):
                continue
        elif target not in writable:
            continue
        found.setdefault(target, [header])
    if "name" not in found and "name" in writable and (FAMILY in parts or GIVEN in parts):
        profile = recognise(headers)
        order = next((o for n, _s, o in PROFILES if n == profile and o), ())
        columns = [by_norm[k] for k in order if k in by_norm]
        if not columns:
            family_first = any(_cjk(ch) for ch in parts.get(FAMILY, "") + parts.get(GIVEN, ""))
            keys = (FAMILY, GIVEN) if family_first else (GIVEN, MIDDLE, FAMILY)
            columns = [parts[k] for k in keys if k in parts]
        found["name"] = columns
    return Mapping(found)


def check(access: Access, mapping: Mapping, headers: Sequence[str]) -> None:
    """Refuse a mapping naming a missing column, an unknown or retired field, a field the
    actor may not write, or consent without the permission; the name must be mapped."""
    present = set(headers)
    for target, columns in mapping.targets.items():
        for column in columns:
            if column not in present:
                raise ValidationError(
                    {target: _("there is no column {column} in this file").format(column=repr(column))}
                )
        if target.startswith(CONSENT_PREFIX):
            purpose = target.removeprefix(CONSENT_PREFIX)
            if purpose not in consent.PURPOSES:
                raise ValidationError({target: _("unknown consent purpose {p}").format(p=repr(purpose))})
            access.require("record_consent")
            continue
        if target not in access.catalogue:
            raise ValidationError({target: _("unknown field")})
        if access.catalogue.get(target).retired:
            raise ValidationError({target: _("this field is retired and no longer collected")})
        if not access.can_write(target):
            access.require_write(target)
    required = [f for f in access.catalogue.active() if f.required and f.key not in mapping.targets]
    if required:
        raise ValidationError(
            {
                f.key: _("map a column to {field}: it is required").format(field=access.field_label(f.key))
                for f in required
            }
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save(vault, actor: Actor, headers: Sequence[str], mapping: Mapping) -> None:
    """Keep ``mapping`` for files with these headers (the newest choice replaces an older one)."""
    access = access_for(vault, actor)
    access.require("import_customers")
    check(access, mapping, headers)
    conn = vault.connection()
    with transaction(conn):
        conn.execute(
            "INSERT INTO import_mappings (signature, headers, mapping, saved_at, saved_by)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (signature) DO UPDATE SET headers = excluded.headers, mapping = excluded.mapping,"
            " saved_at = excluded.saved_at, saved_by = excluded.saved_by",
            (
                signature(headers),
                json.dumps(list(headers), ensure_ascii=False),
                json.dumps(mapping.as_json(), ensure_ascii=False),
                _now(),
                actor.user,
            ),
        )


def saved(vault, actor: Actor, headers: Sequence[str]) -> Mapping | None:
    """The mapping saved for these headers, reduced to what the actor may still use (the
    policy may have changed since), or None."""
    access = access_for(vault, actor)
    access.require("import_customers")
    row = (
        vault.connection()
        .execute("SELECT mapping FROM import_mappings WHERE signature = ?", (signature(headers),))
        .fetchone()
    )
    if row is None:
        return None
    mapping = Mapping.from_json(json.loads(row[0]))
    usable = {}
    for target, columns in mapping.targets.items():
        try:
            check(access, Mapping({target: columns}), headers)
        except ValidationError as error:
            if target in error.errors:
                continue
        except PermissionDeniedError:
            continue
        usable[target] = columns
    mapping.targets = usable
    return mapping


def mapping_for(vault, actor: Actor, headers: Sequence[str]) -> tuple[Mapping, bool]:
    """(the mapping to offer, whether it is one saved earlier): saved, else automatic."""
    remembered = saved(vault, actor, headers)
    if remembered is not None and remembered.targets:
        return remembered, True
    return auto_mapping(access_for(vault, actor), headers), False
