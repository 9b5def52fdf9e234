"""Consent: versioned notice texts (告知同意书), per-purpose consent records, withdrawal, expiry.

PIPL asks for a notice with set contents (Art. 17), consent that can be withdrawn as easily as
it was given (Art. 15), separate consent for sensitive information (Art. 29) and for giving it
to another party (Art. 23), and a guardian's consent for a child under 14 (Art. 31); GDPR Art. 7
asks the business to be able to prove consent. This module is where all of that is kept.

**Notice texts.** A text (``key``, e.g. ``marketing``) has versions. A version is immutable —
the database refuses UPDATE and DELETE on it — because records and printed forms cite it: a
change is always a new version, old versions stay readable, ``diff`` compares two. A version's
contents are *structured*: one section per Art. 17 item (who the business is and how to reach
it, purposes, methods, categories, retention, how to exercise rights; plus necessity and impact
for sensitive information, the recipient for sharing, the guardian's role for minors), each in
Chinese and/or English. ``check_contents`` names every section that is missing, still holds a
placeholder 【…】, or (for the business section) gives no way to make contact — a check the
editor can run as the user types, and that every save runs again.

**Records.** One row per customer, purpose and decision (given / refused / withdrawn), citing
the exact text version and the SHA-256 of its content, the channel, who collected it and when,
its evidence (a drawn signature or an attached scan, in ``consent_evidence``), an optional
expiry date, and for a child under 14 the guardian. History is append-only (triggers refuse
UPDATE/DELETE); a withdrawal is a new record pointing at the one it withdraws. Evidence, the
records and their audit entries are written in one transaction.

**Current consent** for purpose P is the latest decision being "given" and not expired on the
day asked; ``consent_current`` (kept by a trigger) holds each latest decision so that lists,
search and counts filter by it through an index. ``customer_ids`` / ``may_include`` are what
any feature acting for a purpose calls.

**Who may.** Reading texts: anyone signed in (they are what customers are shown). Editing
texts: the 'edit the access policy' permission. Seeing a customer's consent (status, history,
evidence, the filter): 'view_consent'. Recording and withdrawing: 'record_consent'; for the
separate consents (sensitive information, sharing) the role must also be one that may see a
sensitive field, as those decisions concern data only such roles handle.

**Evidence storage.** Evidence lives in the SQLCipher database (encrypted with the data key like
every customer record), not under the sensitive-field key: the staff who collect and must later
prove consent are mostly roles without that key. Its SHA-256 is in the record's audit entry.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import fields as fields_mod
from app import restrictions, sensitive
from app.access import Access, Actor, access_for
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.i18n import _
from app.vault.database import transaction

# ------------------------------------------------------------------------------- vocabulary

SENSITIVE, SHARING = "sensitive", "sharing"
# The catalogue's purposes, plus the two that need separate consent (PIPL Art. 29 and 23).
PURPOSES = (*fields_mod.PURPOSES, SENSITIVE, SHARING)
SEPARATE_PURPOSES = frozenset({SENSITIVE, SHARING})
PURPOSE_LABELS = {
    "sales": ("销售联系", "Sales contact"),
    "service": ("客户服务", "Service"),
    "marketing": ("营销推广", "Marketing"),
    "billing": ("开票结算", "Billing"),
    "delivery": ("配送上门", "Delivery"),
    "compliance": ("合规义务", "Legal obligations"),
    SENSITIVE: ("处理敏感个人信息", "Sensitive personal information"),
    SHARING: ("向第三方提供", "Sharing with a partner"),
}

GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
DECISIONS = (GIVEN, REFUSED)
# What the card shows per purpose: a stored status, or expired / none.
EXPIRED, NONE = "expired", "none"

CHANNELS = {
    "paper": ("签署纸质表格", "Signed paper form"),
    "signature": ("屏幕签名", "Signature on screen"),
    "verbal": ("当面口头（员工见证）", "Verbal, in person, staff witness"),
    "phone": ("电话", "Phone"),
    "electronic": ("电子方式", "Electronic"),
    "imported": ("导入", "Imported"),
}
LANGUAGES = ("zh", "en")

# Art. 17 sections every notice fills, then the ones its purposes add.
BASE_SECTIONS = ("controller", "purposes", "methods", "categories", "retention", "rights")
SECTION_LABELS = {
    "controller": ("个人信息处理者名称及联系方式", "Who we are and how to contact us"),
    "purposes": ("处理目的", "Purposes"),
    "methods": ("处理方式", "How the information is processed"),
    "categories": ("个人信息种类", "Categories of personal information"),
    "retention": ("保存期限", "How long it is kept"),
    "rights": ("行使权利的方式和程序", "How to exercise your rights"),
    "necessity": (
        "处理敏感个人信息的必要性及对个人权益的影响",
        "Why sensitive information is needed, and its impact",
    ),
    "recipient": (
        "接收方名称、联系方式、处理目的、方式和种类",
        "Recipient, its contact, purpose, method and categories",
    ),
    "minors": ("不满十四周岁未成年人个人信息的处理规则", "Rules for children under 14"),
}
SECTION_ORDER = (*BASE_SECTIONS, "necessity", "recipient", "minors")

MINOR_AGE = 14
BIRTH_DATE_FIELD = "birth_date"  # a custom date field of this key, if the owner adds one
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_SECTION_CHARS = 5000
MAX_NOTE_CHARS = 1000
NO_EXPIRY = "9999-12-31"

_KEY_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
# Text left for the writer to fill in: 【…】, [[…]], {…}, or TODO/TBD/XXX.
_PLACEHOLDER_RE = re.compile(r"【[^】]*】|\[\[[^\]]*\]\]|\{[a-z_]+\}|\bTODO\b|\bTBD\b|XXX")
_CONTACT_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|(?:\+?\d[\d -]{5,}\d)")


class NothingToWithdrawError(KnownError):
    """The customer has no current consent for that purpose."""


class ContentsMissingError(ValidationError):
    """A notice text lacks Art. 17 contents; ``missing`` lists (language, section) pairs."""

    def __init__(self, missing: list[Missing]) -> None:
        self.missing = list(missing)
        super().__init__({m.key: m.reason for m in self.missing})


# ------------------------------------------------------------------------------- notice texts


def purpose_label(purpose: str, language: str = "en", partner: str = "") -> str:
    zh, en = PURPOSE_LABELS.get(purpose, (purpose, purpose))
    label = zh if language.startswith("zh") else en
    return f"{label}: {partner}" if partner else label


def required_sections(purposes: Iterable[str], minors: bool) -> tuple[str, ...]:
    """The sections a notice for these purposes must fill, in print order."""
    wanted = set(BASE_SECTIONS)
    purposes = set(purposes)
    if SENSITIVE in purposes:
        wanted.add("necessity")  # Art. 30
    if SHARING in purposes:
        wanted.add("recipient")  # Art. 23
    if minors:
        wanted.add("minors")  # Art. 31
    return tuple(s for s in SECTION_ORDER if s in wanted)


@dataclass(frozen=True)
class Missing:
    """One thing a notice lacks: ``section`` in ``language`` ("" when it is not per language)."""

    language: str
    section: str
    problem: str  # "empty", "placeholder", "no_contact", "no_partner", "no_language"

    @property
    def key(self) -> str:
        return f"{self.language}.{self.section}" if self.language else self.section

    @property
    def reason(self) -> str:
        label = SECTION_LABELS.get(self.section, (self.section, self.section))[1]
        return {
            "empty": _("missing: {section}").format(section=label),
            "placeholder": _("{section} still holds text to fill in (【…】)").format(section=label),
            "no_contact": _("{section} gives no phone number or e-mail address").format(section=label),
            "no_partner": _("name the partner the information is shared with"),
            "no_language": _("the notice needs its text in Chinese or English"),
        }[self.problem]


def _clean_sections(sections: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    cleaned: dict[str, dict[str, str]] = {}
    for language, parts in sections.items():
        if language not in LANGUAGES:
            raise ValidationError(
                {"language": _("notice texts are in zh or en, not {lang!r}").format(lang=language)}
            )
        out = {}
        for key, text in parts.items():
            if key not in SECTION_LABELS:
                raise ValidationError(
                    {key: _("unknown section; sections are {known}").format(known=", ".join(SECTION_ORDER))}
                )
            text = (text or "").replace("\r\n", "\n").strip()
            if len(text) > MAX_SECTION_CHARS:
                raise ValidationError(
                    {f"{language}.{key}": _("at most {n} characters").format(n=MAX_SECTION_CHARS)}
                )
            try:
                fields_mod.check_text(text, multiline=True)
            except ValueError as exc:
                raise ValidationError({f"{language}.{key}": str(exc)}) from None
            if text:
                out[key] = text
        if out:
            cleaned[language] = out
    return cleaned


def check_contents(
    purposes: Iterable[str],
    sections: Mapping[str, Mapping[str, str]],
    *,
    partner: str = "",
    minors: bool = False,
) -> list[Missing]:
    """What a notice for ``purposes`` lacks under PIPL Art. 17 (and 23, 30, 31); empty when complete.

    Pure (no vault): the editor calls it as the user types. Each language present must fill
    every required section; a language is present when any of its sections has text.
    """
    purposes = list(purposes)
    required = required_sections(purposes, minors)
    missing: list[Missing] = []
    if SHARING in purposes and not partner.strip():
        missing.append(Missing("", "partner", "no_partner"))
    present = [lang for lang in LANGUAGES if any((t or "").strip() for t in sections.get(lang, {}).values())]
    if not present:
        return [*missing, Missing("", "language", "no_language")]
    for lang in present:
        parts = sections.get(lang, {})
        for key in required:
            text = (parts.get(key) or "").strip()
            if not text:
                missing.append(Missing(lang, key, "empty"))
            elif _PLACEHOLDER_RE.search(text):
                missing.append(Missing(lang, key, "placeholder"))
            elif key == "controller" and not _CONTACT_RE.search(text):
                missing.append(Missing(lang, key, "no_contact"))
    return missing


@dataclass(frozen=True)
class TextVersion:
    """One immutable version of a notice text."""

    id: int
    key: str
    version: int
    title_zh: str
    title_en: str
    purposes: tuple[str, ...]
    partner: str
    minors: bool
    sections: dict[str, dict[str, str]]
    sha256: str
    note: str
    created_at: str
    created_by: str

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if self.sections.get(lang))

    @property
    def separate_purposes(self) -> tuple[str, ...]:
        return tuple(p for p in self.purposes if p in SEPARATE_PURPOSES)

    def title(self, language: str = "en") -> str:
        zh = language.startswith("zh")
        return (
            (self.title_zh if zh else self.title_en) or (self.title_en if zh else self.title_zh) or self.key
        )

    @property
    def reference(self) -> str:
        """Short enough to read out on the phone: key, version and the start of the hash."""
        return f"{self.key}-v{self.version}-{self.sha256[:8]}"

    def text(self, language: str) -> str:
        """The notice as plain text (headings and sections), for display, diff and print."""
        parts = self.sections.get(language, {})
        index = 0 if language == "zh" else 1
        lines = [self.title(language), ""]
        for key in SECTION_ORDER:
            if key in parts:
                lines += [SECTION_LABELS[key][index], parts[key], ""]
        return "\n".join(lines).rstrip() + "\n"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "version": self.version,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "purposes": list(self.purposes),
            "partner": self.partner,
            "minors": self.minors,
            "sections": self.sections,
            "sha256": self.sha256,
            "reference": self.reference,
            "note": self.note,
            "created_at": self.created_at,
            "created_by": self.created_by,
        }


def text_digest(
    key: str,
    version: int,
    title_zh: str,
    title_en: str,
    purposes: Sequence[str],
    partner: str,
    minors: bool,
    sections: Mapping[str, Mapping[str, str]],
) -> str:
    """SHA-256 of a version's canonical content: everything a customer is shown, nothing else."""
    canonical = json.dumps(
        {
            "key": key,
            "version": version,
            "title_zh": title_zh,
            "title_en": title_en,
            "purposes": list(purposes),
            "partner": partner,
            "minors": bool(minors),
            "sections": sections,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_VERSION_SELECT = (
    "SELECT id, text_key, version, title_zh, title_en, purposes, partner, minors, sections, sha256, note,"
    " created_at, created_by FROM consent_text_versions"
)


def _version_from_row(row: Sequence[Any]) -> TextVersion:
    return TextVersion(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        tuple(json.loads(row[5])),
        row[6],
        bool(row[7]),
        json.loads(row[8]),
        row[9],
        row[10],
        row[11],
        row[12],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_purposes(purposes: Iterable[str]) -> list[str]:
    chosen = []
    for purpose in purposes:
        if purpose not in PURPOSES:
            raise ValidationError(
                {
                    "purposes": _("unknown purpose {p!r}; known: {known}").format(
                        p=purpose, known=", ".join(PURPOSES)
                    )
                }
            )
        if purpose not in chosen:
            chosen.append(purpose)
    if not chosen:
        raise ValidationError({"purposes": _("a notice covers at least one purpose")})
    return [p for p in PURPOSES if p in chosen]


def _save_version(
    vault,
    actor: Actor,
    key: str,
    version: int,
    *,
    title_zh: str,
    title_en: str,
    purposes: Iterable[str],
    partner: str,
    minors: bool,
    sections: Mapping[str, Mapping[str, str]],
    note: str,
) -> TextVersion:
    chosen = _check_purposes(purposes)
    partner = (partner or "").strip()
    if partner and SHARING not in chosen:
        raise ValidationError({"partner": _("a partner is named only in a notice that covers sharing")})
    title_zh, title_en, note = (title_zh or "").strip(), (title_en or "").strip(), (note or "").strip()
    for name, value in (("title_zh", title_zh), ("title_en", title_en), ("partner", partner)):
        try:
            fields_mod.check_text(value)
        except ValueError as exc:
            raise ValidationError({name: str(exc)}) from None
        if len(value) > 200:
            raise ValidationError({name: _("at most {n} characters").format(n=200)})
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": _("at most {n} characters").format(n=MAX_NOTE_CHARS)})
    cleaned = _clean_sections(sections)
    missing = check_contents(chosen, cleaned, partner=partner, minors=minors)
    if missing:
        raise ContentsMissingError(missing)
    digest = text_digest(key, version, title_zh, title_en, chosen, partner, minors, cleaned)
    conn = vault.connection()
    conn.execute(
        "INSERT INTO consent_text_versions (text_key, version, title_zh, title_en, purposes, partner, minors,"
        " sections, sha256, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            version,
            title_zh,
            title_en,
            json.dumps(chosen),
            partner,
            int(bool(minors)),
            json.dumps(cleaned, ensure_ascii=False, sort_keys=True),
            digest,
            note,
            _now(),
            actor.user,
        ),
    )
    vault.audit().append(
        actor.user,
        "consent.text_version",
        f"consent-text:{key}",
        {"version": version, "sha256": digest, "purposes": chosen, "note": note},
    )
    return get_text(vault, actor, key, version)


def add_text(
    vault,
    actor: Actor,
    key: str,
    *,
    purposes: Iterable[str],
    sections: Mapping[str, Mapping[str, str]],
    title_zh: str = "",
    title_en: str = "",
    partner: str = "",
    minors: bool = False,
    note: str = "",
) -> TextVersion:
    """A new notice text, as its version 1. Needs the 'edit the access policy' permission.

    Raises ContentsMissingError (a ValidationError keyed ``lang.section``) naming every
    missing Art. 17 content; nothing is saved then.
    """
    access_for(vault, actor).require("edit_policy")
    key = (key or "").strip().lower()
    if not _KEY_RE.match(key):
        raise ValidationError({"key": _("use 2-40 lower-case letters, digits and -, starting with a letter")})
    conn = vault.connection()
    with transaction(conn):
        if conn.execute("SELECT 1 FROM consent_texts WHERE key = ?", (key,)).fetchone():
            raise ValidationError({"key": _("a notice text called {key!r} already exists").format(key=key)})
        conn.execute(
            "INSERT INTO consent_texts (key, created_at, created_by) VALUES (?, ?, ?)",
            (key, _now(), actor.user),
        )
        return _save_version(
            vault,
            actor,
            key,
            1,
            title_zh=title_zh,
            title_en=title_en,
            purposes=purposes,
            partner=partner,
            minors=minors,
            sections=sections,
            note=note,
        )


_KEEP: Any = object()


def new_version(
    vault,
    actor: Actor,
    key: str,
    *,
    sections: Mapping[str, Mapping[str, str]] | None = None,
    purposes: Iterable[str] | None = None,
    title_zh: str | None = None,
    title_en: str | None = None,
    partner: str | None = None,
    minors: bool | None = None,
    note: str = "",
) -> TextVersion:
    """The next version of a text: anything not given is taken from the latest version.

    This is the only way to change a notice — versions are never edited in place, so every
    record and printed form keeps pointing at exactly what the customer saw. Refuses a
    version identical to the latest (nothing would have changed).
    """
    access_for(vault, actor).require("edit_policy")
    conn = vault.connection()
    with transaction(conn):
        latest = get_text(vault, actor, key)
        new = dict(
            title_zh=latest.title_zh if title_zh is None else title_zh,
            title_en=latest.title_en if title_en is None else title_en,
            purposes=list(latest.purposes if purposes is None else purposes),
            partner=latest.partner if partner is None else partner,
            minors=latest.minors if minors is None else minors,
            sections=latest.sections if sections is None else sections,
        )
        same = (
            new["title_zh"].strip() == latest.title_zh
            and new["title_en"].strip() == latest.title_en
            and _check_purposes(new["purposes"]) == list(latest.purposes)
            and new["partner"].strip() == latest.partner
            and bool(new["minors"]) == latest.minors
            and _clean_sections(new["sections"]) == latest.sections
        )
        if same:
            raise ValidationError(
                {"sections": _("nothing changed since version {v}").format(v=latest.version)}
            )
        return _save_version(vault, actor, latest.key, latest.version + 1, note=note, **new)


def list_texts(vault, actor: Actor) -> list[TextVersion]:
    """The latest version of every notice text, by key. Anyone signed in may read texts."""
    access_for(vault, actor)
    rows = vault.connection().execute(
        f"{_VERSION_SELECT} WHERE id IN (SELECT max(id) FROM consent_text_versions GROUP BY text_key)"
        " ORDER BY text_key"
    )
    return [_version_from_row(r) for r in rows]


def versions(vault, actor: Actor, key: str) -> list[TextVersion]:
    """Every version of one text, oldest first."""
    access_for(vault, actor)
    rows = (
        vault.connection()
        .execute(f"{_VERSION_SELECT} WHERE text_key = ? ORDER BY version", (key,))
        .fetchall()
    )
    if not rows:
        raise NotFoundError(_("There is no notice text called {key!r}.").format(key=key))
    return [_version_from_row(r) for r in rows]


def get_text(vault, actor: Actor, key: str, version: int | None = None) -> TextVersion:
    """One version of a text (the latest when ``version`` is None)."""
    conn = vault.connection()
    if version is None:
        row = conn.execute(
            f"{_VERSION_SELECT} WHERE text_key = ? ORDER BY version DESC LIMIT 1", (key,)
        ).fetchone()
    else:
        row = conn.execute(f"{_VERSION_SELECT} WHERE text_key = ? AND version = ?", (key, version)).fetchone()
    if row is None:
        if (
            version is None
            or not conn.execute("SELECT 1 FROM consent_texts WHERE key = ?", (key,)).fetchone()
        ):
            raise NotFoundError(_("There is no notice text called {key!r}.").format(key=key))
        raise NotFoundError(_("Notice text {key!r} has no version {v}.").format(key=key, v=version))
    return _version_from_row(row)


def _get_version_by_id(conn, version_id: int) -> TextVersion:
    return _version_from_row(conn.execute(f"{_VERSION_SELECT} WHERE id = ?", (version_id,)).fetchone())


def diff(old: TextVersion, new: TextVersion, language: str) -> list[str]:
    """Unified diff (difflib) of two versions' text in one language, line by line."""
    return list(
        difflib.unified_diff(
            old.text(language).splitlines(),
            new.text(language).splitlines(),
            fromfile=f"{old.key} v{old.version}",
            tofile=f"{new.key} v{new.version}",
            lineterm="",
        )
    )


def starter_sections(
    purposes: Iterable[str],
    language: str,
    *,
    minors: bool = False,
    business: str = "",
    contact: str = "",
    partner: str = "",
) -> dict[str, str]:
    """A first draft of every section a notice for ``purposes`` needs, for the editor to pre-fill.

    Whatever only the business can say (its name and contact, a partner's details) is left as
    a 【…】 placeholder unless given, so ``check_contents`` keeps the draft from being saved
    until someone has filled it in.
    """
    purposes = list(purposes)
    zh = language == "zh"
    business = business or ("【商户名称】" if zh else "【business name】")
    contact = contact or ("【联系电话或电子邮箱】" if zh else "【phone or e-mail】")
    partner = partner or ("【合作方名称及联系方式】" if zh else "【partner name and contact】")
    index = 0 if zh else 1
    text = _STARTER_ZH if zh else _STARTER_EN
    drafts = {
        "controller": text["controller"].format(business=business, contact=contact),
        "purposes": "\n".join("· " + _STARTER_PURPOSES[p][index].format(partner=partner) for p in purposes),
        "rights": text["rights"].format(contact=contact),
        "recipient": text["recipient"].format(partner=partner),
    }
    return {key: drafts.get(key, text.get(key, "")) for key in required_sections(purposes, minors)}


_STARTER_PURPOSES = {
    "sales": (
        "向您介绍和销售我们的产品与服务，并就您的询价和订单与您联系。",
        "To present and sell our products and services and to contact you about your enquiries and orders.",
    ),
    "service": (
        "为您提供售后服务、维修、预约和客户支持。",
        "To provide after-sales service, repairs, appointments and customer support.",
    ),
    "marketing": (
        "通过短信、电话或电子邮件向您发送优惠活动、新品和会员通知。",
        "To send you offers, news about products and member notices by text message, phone or e-mail.",
    ),
    "billing": (
        "开具发票、收款和对账，并履行会计和税务记录义务。",
        "To invoice, take payment and reconcile accounts, and to keep accounting and tax records.",
    ),
    "delivery": ("安排送货和上门服务。", "To arrange deliveries and visits."),
    "compliance": ("履行法律、行政法规规定的义务。", "To meet obligations under laws and regulations."),
    SENSITIVE: (
        "核验您的身份（居民身份证号码），用于开具实名发票和办理需要实名的业务。",
        "To verify your identity (resident ID number) for invoices and services that require your real name.",
    ),
    SHARING: (
        "将您的姓名、联系电话和地址提供给{partner}，由其为您安装和维修所购产品。",
        (
            "To give your name, phone number and address to {partner}, who install and repair the products "
            "you buy."
        ),
    ),
}
_STARTER_ZH = {
    "controller": "{business}，联系方式：{contact}。",
    "methods": "我们通过门店系统以电子方式收集、存储和使用您的信息，数据加密保存，仅授权员工按岗位需要查看。",
    "categories": "姓名、联系电话、电子邮箱、地址，以及与您的订单和服务相关的记录。",
    "retention": "自最后一次交易或联系之日起保存三年，期满后删除或匿名化处理；法律法规另有规定的，从其规定。",
    "rights": (
        "您可以随时查阅、复制、更正、删除您的个人信息，或撤回本同意，"
        "撤回方式与给予同意一样便捷：到店告知、致电或发送邮件至{contact}。"
        "撤回不影响撤回前基于同意已进行的处理。"
    ),
    "necessity": (
        "敏感个人信息一旦泄露可能危害您的人身、财产安全。我们仅在办理上述业务所必需时处理，"
        "单独征得您的同意，并加密存储、严格限制查看人员。"
    ),
    "recipient": (
        "接收方：{partner}。提供目的和方式：仅为上述目的，以加密文件提供；"
        "提供的信息种类：姓名、联系电话、地址。您可以向接收方行使本告知中所述的各项权利。"
    ),
    "minors": (
        "您的孩子不满十四周岁时，我们须取得您作为监护人的同意，并按敏感个人信息的规则处理孩子的信息，"
        "仅用于上述目的。"
    ),
}
_STARTER_EN = {
    "controller": "{business}, contact: {contact}.",
    "methods": (
        "We collect, store and use your information electronically in our shop system; it "
        "is kept encrypted and only staff who need it for their work can see it."
    ),
    "categories": "Name, phone number, e-mail address, address, and records of your orders and services.",
    "retention": (
        "Three years from your last purchase or contact, then deleted or anonymised, unless "
        "the law requires otherwise."
    ),
    "rights": (
        "You may at any time see, copy, correct or delete your personal information, or withdraw "
        "this consent, as easily as you gave it: tell us in the shop, call, or write to {contact}. "
        "Withdrawing does not affect processing done before."
    ),
    "necessity": (
        "If sensitive information leaks it can harm your safety or property. We process it "
        "only where the services above require it, ask for your separate consent, keep it "
        "encrypted and limit who can see it."
    ),
    "recipient": (
        "Recipient: {partner}. Purpose and method: only for the purpose above, as an encrypted "
        "file. Information given: name, phone number, address. You may exercise the rights "
        "in this notice with the recipient too."
    ),
    "minors": (
        "When your child is under 14 we need your consent as their guardian, and we treat "
        "the child's information as sensitive and use it only for the purposes above."
    ),
}


# ------------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """Proof handed to ``record``: a drawn signature (PNG bytes from the pad) or an attachment
    (a scan or photo: PNG, JPEG or PDF). The type is decided by the content, not a file name."""

    kind: str  # "signature" or "attachment"
    data: bytes


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    kind: str
    mime: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    """The MIME type of an accepted evidence file from its first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _image_ink(data: bytes) -> bool:
    """Whether a decodable image has any mark on it (a blank pad gives a uniform image)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.width * image.height > 40_000_000:
                raise ValidationError({"evidence": _("the image is too large (more than 40 megapixels)")})
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError({"evidence": _("the image is damaged and cannot be read")}) from None
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[1] == 0:
        return False  # fully transparent
    grey = rgba.convert("L")
    low, high = grey.getextrema()
    opaque = alpha.getextrema()[0] == 255
    return high - low > 24 or (not opaque and alpha.getextrema()[1] > 24 and low < 200)


def check_evidence(evidence: Evidence) -> str:
    """Validate evidence before anything is written; returns its MIME type.

    Signatures: PNG, at most 2 MiB, not blank. Attachments: PNG, JPEG or PDF by content, at
    most 10 MiB; images must decode, PDFs must look whole (header and end-of-file marker).
    """
    data = evidence.data or b""
    if evidence.kind == "signature":
        if not data:
            raise ValidationError({"signature": _("the signature is empty: ask the customer to sign")})
        if len(data) > MAX_SIGNATURE_BYTES:
            raise ValidationError({"signature": _("the signature image is over 2 MB")})
        if sniff(data) != "image/png":
            raise ValidationError({"signature": _("a signature must be a PNG image")})
        if not _image_ink(data):
            raise ValidationError({"signature": _("the signature is empty: ask the customer to sign")})
        return "image/png"
    if evidence.kind != "attachment":
        raise ValidationError({"evidence": _("evidence is a signature or an attachment")})
    if not data:
        raise ValidationError({"attachment": _("the attached file is empty")})
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "attachment": _("the attached file is {size:.1f} MB; at most 10 MB").format(
                    size=len(data) / 1e6
                )
            }
        )
    mime = sniff(data)
    if mime is None:
        raise ValidationError({"attachment": _("attach a scan or photo: a PNG or JPEG image or a PDF")})
    if mime == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError({"attachment": _("the PDF is incomplete or damaged")})
    else:
        _image_ink(data)  # decodes it: a truncated or fake image is refused here
    return mime


# ------------------------------------------------------------------------------- minors


def born_on(id_number: str | None, birth_date: str | None) -> date | None:
    """Date of birth from a resident ID number (digits 7-14) or a stored birth date."""
    for text, parse in (
        (birth_date, lambda t: date.fromisoformat(t[:10])),
        (id_number, lambda t: date(int(t[6:10]), int(t[10:12]), int(t[12:14]))),
    ):
        if text and not sensitive.is_encrypted(text):
            try:
                return parse(text)
            except ValueError:
                continue
    return None


def adult_on(born: date) -> date:
    """The day a child born on ``born`` turns 14 (29 February counts from 1 March)."""
    try:
        return born.replace(year=born.year + MINOR_AGE)
    except ValueError:
        return date(born.year + MINOR_AGE, 3, 1)


def note_birth(conn, customer_id: int, id_number: str | None, birth_date: str | None) -> None:
    """Keep ``consent_minors`` current for one customer whose ID or birth date was just written
    (plaintext values). Called by app/customers.py in the write's transaction."""
    born = born_on(id_number, birth_date)
    if born is not None and adult_on(born) > date.today():
        conn.execute(
            "INSERT INTO consent_minors (customer_id, adult_on) VALUES (?, ?)"
            " ON CONFLICT (customer_id) DO UPDATE SET adult_on = excluded.adult_on",
            (customer_id, adult_on(born).isoformat()),
        )
    else:
        conn.execute("DELETE FROM consent_minors WHERE customer_id = ?", (customer_id,))


def minor_rows(rows: Iterable[tuple[int, str | None, str | None]]) -> list[tuple[int, str]]:
    """(customer_id, adult_on) for the minors among (id, id_number, birth_date) rows; bulk inserts."""
    today = date.today()
    out = []
    for customer_id, id_number, birth_date in rows:
        born = born_on(id_number, birth_date)
        if born is not None and adult_on(born) > today:
            out.append((customer_id, adult_on(born).isoformat()))
    return out


def _stored_birth(vault, conn, customer_id: int) -> date | None:
    """Date of birth from the stored values when this session can read them (the sensitive
    key decrypts an encrypted ID number); None when none is stored or it cannot be read."""
    row = conn.execute(
        "SELECT id_number, json_extract(extra, ?) FROM customers WHERE id = ?",
        (f'$."{BIRTH_DATE_FIELD}"', customer_id),
    ).fetchone()
    if row is None:
        return None
    id_number, birth_date = row
    cipher = vault.sensitive_cipher()
    if cipher is not None:
        id_number = cipher.decrypt(customer_id, "id_number", id_number)
        birth_date = cipher.decrypt(customer_id, BIRTH_DATE_FIELD, birth_date)
    return born_on(id_number, birth_date)


def guardian_until(vault, actor: Actor, customer_id: int, on: date | None = None) -> date | None:
    """The day the customer turns 14 when they are under 14 on ``on`` (today), else None.

    Read from the ID number or birth date when this session can read them, else from what
    was noted when they were written (any role's consent check needs it, the ID stays
    encrypted). Every role may ask: the answer decides whether a guardian must sign.
    """
    on = on or date.today()
    conn = vault.connection()
    born = _stored_birth(vault, conn, customer_id)
    if born is not None:
        until = adult_on(born)
    else:
        row = conn.execute(
            "SELECT adult_on FROM consent_minors WHERE customer_id = ?", (customer_id,)
        ).fetchone()
        if row is None:
            return None
        until = date.fromisoformat(row[0])
    return until if until > on else None


# ------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Guardian:
    """A parent or other guardian deciding for a child under 14 (PIPL Art. 31)."""

    name: str
    relation: str
    consented: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "relation": self.relation, "consented": self.consented}


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    customer_id: int
    purpose: str
    partner: str
    status: str
    text_key: str
    text_version: int
    text_sha256: str
    channel: str
    collected_at: str
    collected_by: str
    recorded_at: str
    expires_on: str | None
    separate: bool
    minor: bool
    guardian: Guardian | None
    witness: str | None
    evidence: EvidenceInfo | None
    withdraws: int | None
    note: str

    def expired(self, on: date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on <= (on or date.today()).isoformat()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "purpose": self.purpose,
            "partner": self.partner,
            "status": self.status,
            "text": self.text_key,
            "text_version": self.text_version,
            "text_sha256": self.text_sha256,
            "channel": self.channel,
            "collected_at": self.collected_at,
            "collected_by": self.collected_by,
            "recorded_at": self.recorded_at,
            "expires_on": self.expires_on,
            "separate": self.separate,
            "minor": self.minor,
            "guardian": self.guardian.as_dict() if self.guardian else None,
            "witness": self.witness,
            "evidence": None
            if self.evidence is None
            else {
                "kind": self.evidence.kind,
                "mime": self.evidence.mime,
                "size": self.evidence.size,
                "sha256": self.evidence.sha256,
            },
            "withdraws": self.withdraws,
            "note": self.note,
        }


@dataclass(frozen=True)
class PurposeStatus:
    """Where one customer stands for one purpose today (the card's row)."""

    purpose: str
    partner: str
    state: str  # given, refused, withdrawn, expired, none
    record: ConsentRecord | None
    newer_text: int | None  # the latest version of the cited text, when newer than the one agreed to

    @property
    def current(self) -> bool:
        return self.state == GIVEN

    def as_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "partner": self.partner,
            "state": self.state,
            "current": self.current,
            "record": self.record.as_dict() if self.record else None,
            "newer_text_version": self.newer_text,
        }


_RECORD_SELECT = (
    "SELECT c.id, c.customer_id, c.purpose, c.partner, c.status, v.text_key, v.version, c.text_sha256,"
    " c.channel, c.collected_at, c.collected_by, c.recorded_at, c.expires_on, c.separate, c.minor,"
    " c.guardian, c.witness, e.id, e.kind, e.mime, e.size, e.sha256, c.withdraws, c.note"
    " FROM consents c JOIN consent_text_versions v ON v.id = c.text_version_id"
    " LEFT JOIN consent_evidence e ON e.id = c.evidence_id"
)


# The record plus, first, the latest version of the text it cites (is there a newer one?).
_LATEST_SELECT = _RECORD_SELECT.replace(
    "SELECT c.id",
    "SELECT (SELECT max(version) FROM consent_text_versions l WHERE l.text_key = v.text_key), c.id",
    1,
)


def _record_from_row(row: Sequence[Any]) -> ConsentRecord:
    guardian = json.loads(row[15]) if row[15] else None
    return ConsentRecord(
        id=row[0],
        customer_id=row[1],
        purpose=row[2],
        partner=row[3],
        status=row[4],
        text_key=row[5],
        text_version=row[6],
        text_sha256=row[7],
        channel=row[8],
        collected_at=row[9],
        collected_by=row[10],
        recorded_at=row[11],
        expires_on=row[12],
        separate=bool(row[13]),
        minor=bool(row[14]),
        guardian=Guardian(guardian["name"], guardian["relation"], guardian["consented"])
        if guardian
        else None,
        witness=row[16],
        evidence=EvidenceInfo(row[17], row[18], row[19], row[20], row[21]) if row[17] is not None else None,
        withdraws=row[22],
        note=row[23],
    )


def parse_purpose(text: str) -> tuple[str, str]:
    """ "marketing" -> ("marketing", ""); "sharing:Partner Ltd" -> ("sharing", "Partner Ltd")."""
    purpose, _sep, partner = (text or "").partition(":")
    purpose, partner = purpose.strip().lower(), partner.strip()
    if purpose not in PURPOSES:
        raise ValidationError(
            {
                "purpose": _("unknown purpose {p!r}; known: {known}").format(
                    p=purpose, known=", ".join(PURPOSES)
                )
            }
        )
    if purpose == SHARING and not partner:
        raise ValidationError({"purpose": _("name the partner: sharing:<partner name>")})
    if purpose != SHARING and partner:
        raise ValidationError({"purpose": _("only sharing names a partner")})
    return purpose, partner


def _require_view(access: Access) -> None:
    access.require("view_consent")


def _require_record(access: Access, purposes: Iterable[str]) -> None:
    access.require("record_consent")
    separate = sorted(set(purposes) & SEPARATE_PURPOSES)
    if separate and not access.policy.holds_sensitive(access.role, access.catalogue):
        raise PermissionDeniedError(
            _(
                "{user} ({role}) may not record separate consent for {purpose}:"
                " the role does not see sensitive information."
            ).format(user=access.actor.user, role=access.role.name, purpose=purpose_label(separate[0]))
        )


def _live_customer(conn, customer_id: int) -> None:
    from app import customers

    customers._check_id(customer_id)
    if (
        conn.execute("SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
        is None
    ):
        raise customers._not_found(conn, customer_id)


def _parse_day(value: str | date | None, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(fields_mod.clean_date(str(value)))
    except ValueError as exc:
        raise ValidationError({what: str(exc)}) from None


def _parse_moment(value: datetime | str | None) -> datetime:
    if value is None or value == "":
        return datetime.now(UTC)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError({"collected_at": _("a time is written YYYY-MM-DD HH:MM")}) from None
    if value.tzinfo is None:
        value = value.astimezone()
    value = value.astimezone(UTC)
    if value > datetime.now(UTC) + timedelta(minutes=5):
        raise ValidationError({"collected_at": _("consent cannot be collected in the future")})
    return value


def _check_person(value: str | None, what: str, *, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError({what: _("required")})
        return None
    if len(text) > 100:
        raise ValidationError({what: _("at most {n} characters").format(n=100)})
    try:
        fields_mod.check_text(text)
    except ValueError as exc:
        raise ValidationError({what: str(exc)}) from None
    return text


def _check_channel(
    channel: str, evidence: Evidence | None, witness: str | None, collector: str, *, giving: bool
) -> None:
    if channel not in CHANNELS:
        raise ValidationError(
            {
                "channel": _("unknown channel {c!r}; channels are {known}").format(
                    c=channel, known=", ".join(CHANNELS)
                )
            }
        )
    if not giving:
        return  # a withdrawal is as easy as it gets: how and by whom is enough
    if channel == "signature" and (evidence is None or evidence.kind != "signature"):
        raise ValidationError({"signature": _("a signature on screen needs the drawn signature")})
    if channel == "paper" and (evidence is None or evidence.kind != "attachment"):
        raise ValidationError({"attachment": _("a signed paper form needs its scan or photo attached")})
    if channel == "verbal":
        if not witness:
            raise ValidationError({"witness": _("verbal consent needs a member of staff as witness")})
        if witness.casefold() == collector.casefold():
            raise ValidationError(
                {"witness": _("the witness must be someone other than the person collecting")}
            )


def _insert_evidence(conn, evidence: Evidence, mime: str) -> EvidenceInfo:
    digest = hashlib.sha256(evidence.data).hexdigest()
    cursor = conn.execute(
        "INSERT INTO consent_evidence (kind, mime, size, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (evidence.kind, mime, len(evidence.data), digest, evidence.data, _now()),
    )
    return EvidenceInfo(cursor.lastrowid, evidence.kind, mime, len(evidence.data), digest)


def record(
    vault,
    actor: Actor,
    customer_id: int,
    *,
    text: str,
    decisions: Mapping[str, str],
    channel: str,
    version: int | None = None,
    evidence: Evidence | None = None,
    witness: str | None = None,
    guardian: Guardian | None = None,
    expires_on: str | date | None = None,
    collected_at: datetime | str | None = None,
    note: str = "",
) -> list[ConsentRecord]:
    """Record one customer's decisions on the purposes of one notice version, with evidence.

    ``decisions`` maps purposes of the notice to "given" or "refused" (the ticked boxes).
    Everything is checked before anything is written; then the evidence, one record per
    purpose and one audit entry per record commit together, or nothing does.

    Raises ValidationError (keys: purpose, channel, signature, attachment, witness, guardian,
    expires_on, collected_at), PermissionDeniedError, NotFoundError (customer, text).
    """
    access = access_for(vault, actor)
    decisions = dict(decisions)
    _require_record(access, decisions)
    conn = vault.connection()
    _live_customer(conn, customer_id)
    notice = get_text(vault, actor, text, version)
    if not decisions:
        raise ValidationError({"purpose": _("tick at least one purpose")})
    for purpose, decision in decisions.items():
        if purpose not in notice.purposes:
            raise ValidationError(
                {
                    "purpose": _("notice {ref} does not cover {purpose}; it covers {covered}").format(
                        ref=notice.reference, purpose=purpose, covered=", ".join(notice.purposes)
                    )
                }
            )
        if decision not in DECISIONS:
            raise ValidationError(
                {purpose: _("a decision is given or refused, not {d!r}").format(d=decision)}
            )
    witness = _check_person(witness, "witness", required=False)
    _check_channel(channel, evidence, witness, actor.user, giving=True)
    mime = check_evidence(evidence) if evidence is not None else None
    moment = _parse_moment(collected_at)
    expiry = _parse_day(expires_on, "expires_on")
    if expiry is not None and expiry <= moment.date():
        raise ValidationError({"expires_on": _("the expiry date must be after the day consent is collected")})
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": _("at most {n} characters").format(n=MAX_NOTE_CHARS)})
    until = guardian_until(vault, actor, customer_id, moment.date())
    minor = until is not None or guardian is not None
    guardian_json = None
    if minor:
        if guardian is None:
            raise ValidationError(
                {
                    "guardian": _("the customer is under 14 (until {day}): a guardian must decide").format(
                        day=until
                    )
                }
            )
        name = _check_person(guardian.name, "guardian", required=True)
        relation = _check_person(guardian.relation, "guardian_relation", required=True)
        if GIVEN in decisions.values() and not guardian.consented:
            raise ValidationError(
                {"guardian": _("the guardian has not consented, so consent cannot be given")}
            )
        guardian_json = json.dumps(
            {"name": name, "relation": relation, "consented": bool(guardian.consented)}, ensure_ascii=False
        )
    collected = moment.isoformat(timespec="seconds")
    created: list[int] = []
    with transaction(conn):
        for purpose in decisions:
            row = conn.execute(
                "SELECT c.collected_at FROM consent_current cc JOIN consents c ON c.id = cc.record_id"
                " WHERE cc.purpose = ? AND cc.partner = ? AND cc.customer_id = ?",
                (purpose, notice.partner if purpose == SHARING else "", customer_id),
            ).fetchone()
            if row is not None and row[0] > collected:
                raise ValidationError(
                    {
                        "collected_at": _(
                            "a later decision on {purpose} (collected {at}) is already recorded"
                        ).format(purpose=purpose, at=row[0])
                    }
                )
        info = _insert_evidence(conn, evidence, mime) if evidence is not None and mime else None
        audit = vault.audit()
        for purpose, decision in decisions.items():
            partner = notice.partner if purpose == SHARING else ""
            cursor = conn.execute(
                "INSERT INTO consents (customer_id, purpose, partner, status, text_version_id, text_sha256,"
                " channel, collected_at, collected_by, recorded_at, expires_on, separate, minor, guardian,"
                " witness, evidence_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    customer_id,
                    purpose,
                    partner,
                    decision,
                    notice.id,
                    notice.sha256,
                    channel,
                    collected,
                    actor.user,
                    _now(),
                    expiry.isoformat() if expiry else None,
                    int(purpose in SEPARATE_PURPOSES or minor),
                    int(minor),
                    guardian_json,
                    witness,
                    info.id if info else None,
                    note,
                ),
            )
            created.append(cursor.lastrowid)
            audit.append(
                actor.user,
                f"consent.{decision}",
                f"customer:{customer_id}",
                {
                    "record": cursor.lastrowid,
                    "purpose": purpose,
                    "partner": partner,
                    "text": notice.reference,
                    "text_sha256": notice.sha256,
                    "channel": channel,
                    "evidence_sha256": info.sha256 if info else None,
                    "expires_on": expiry.isoformat() if expiry else None,
                    "minor": minor,
                },
            )
    return _records(conn, created)


def imported_text(vault, actor: Actor, purposes: Iterable[str], key: str | None = None) -> TextVersion:
    """The notice text an imported consent column cites: ``key``'s latest version, or the only
    text whose latest version covers every one of ``purposes``. ValidationError when there is
    none, or several to choose from, or ``key``'s text does not cover them."""
    wanted = sorted(set(purposes))
    if key:
        notice = get_text(vault, actor, key)
        missing = [p for p in wanted if p not in notice.purposes]
        if missing:
            raise ValidationError(
                {
                    "consent_text": _("notice {ref} does not cover {purpose}; it covers {covered}").format(
                        ref=notice.reference, purpose=missing[0], covered=", ".join(notice.purposes)
                    )
                }
            )
        return notice
    covering = [t for t in list_texts(vault, actor) if all(p in t.purposes for p in wanted)]
    if len(covering) == 1:
        return covering[0]
    if not covering:
        raise ValidationError(
            {
                "consent_text": _(
                    "no notice text covers {purposes}: add one (Consent → Notice texts) before importing"
                    " consent"
                ).format(purposes=", ".join(wanted))
            }
        )
    raise ValidationError(
        {
            "consent_text": _("several notice texts cover {purposes}; choose one: {keys}").format(
                purposes=", ".join(wanted), keys=", ".join(t.key for t in covering)
            )
        }
    )


def record_imported(
    vault,
    actor: Actor,
    answers: Sequence[tuple[int, Mapping[str, str]]],
    *,
    notice: TextVersion,
    note: str,
) -> tuple[int, int]:
    """Consent decisions read from an imported file, for customers the import just created:
    channel "imported", citing ``notice``, collected now by the importing user, the import
    named in ``note``. Returns (records written, customers skipped as under 14).

    A child's consent needs a guardian's decision, which a spreadsheet column cannot show: for
    a customer under 14 (from the ID number or birth date) nothing is recorded. Checked like
    ``record``; written with one audit entry per record, inside the caller's transaction.
    """
    access = access_for(vault, actor)
    purposes = {p for _cid, decisions in answers for p in decisions}
    _require_record(access, purposes)
    for purpose in purposes:
        if purpose not in notice.purposes:
            raise ValidationError(
                {
                    "purpose": _("notice {ref} does not cover {purpose}").format(
                        ref=notice.reference, purpose=purpose
                    )
                }
            )
    conn = vault.connection()
    today = datetime.now(UTC).date().isoformat()
    ids = [cid for cid, _decisions in answers]
    minors = {
        row[0]
        for row in conn.execute(
            "SELECT customer_id FROM consent_minors WHERE customer_id IN (SELECT value FROM json_each(?))"
            " AND adult_on > ?",
            (json.dumps(ids), today),
        )
    }
    now = _now()
    written = 0
    audit = vault.audit()
    with transaction(conn):
        for customer_id, decisions in answers:
            if customer_id in minors:
                continue
            for purpose, decision in decisions.items():
                if decision not in DECISIONS:
                    raise ValidationError(
                        {purpose: _("a decision is given or refused, not {d!r}").format(d=decision)}
                    )
                partner = notice.partner if purpose == SHARING else ""
                cursor = conn.execute(
                    "INSERT INTO consents (customer_id, purpose, partner, status, text_version_id,"
                    " text_sha256, channel, collected_at, collected_by, recorded_at, separate, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'imported', ?, ?, ?, ?, ?)",
                    (
                        customer_id,
                        purpose,
                        partner,
                        decision,
                        notice.id,
                        notice.sha256,
                        now,
                        actor.user,
                        now,
                        int(purpose in SEPARATE_PURPOSES),
                        note,
                    ),
                )
                written += 1
                audit.append(
                    actor.user,
                    f"consent.{decision}",
                    f"customer:{customer_id}",
                    {
                        "record": cursor.lastrowid,
                        "purpose": purpose,
                        "partner": partner,
                        "text": notice.reference,
                        "text_sha256": notice.sha256,
                        "channel": "imported",
                        "evidence_sha256": None,
                        "expires_on": None,
                        "minor": False,
                    },
                )
    return written, len(minors & set(ids))


def _records(conn, ids: Sequence[int]) -> list[ConsentRecord]:
    rows = conn.execute(
        f"{_RECORD_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id",
        (json.dumps(list(ids)),),
    ).fetchall()
    return [_record_from_row(r) for r in rows]


def withdraw(
    vault,
    actor: Actor,
    customer_id: int,
    purpose: str,
    *,
    channel: str,
    partner: str = "",
    note: str = "",
    witness: str | None = None,
    at: datetime | str | None = None,
) -> ConsentRecord:
    """Withdraw a customer's current consent for one purpose: one new record saying when, how
    and by whom; the consent it withdraws stays in the history. Takes effect at once for
    every list, count and ``may_include``.

    Raises NothingToWithdrawError when the latest decision is not "given" (never given,
    refused, or already withdrawn); expired consent may still be withdrawn, for the record.
    """
    purpose, partner = parse_purpose(f"{purpose}:{partner}" if partner else purpose)
    access = access_for(vault, actor)
    _require_record(access, [purpose])
    conn = vault.connection()
    _live_customer(conn, customer_id)
    witness = _check_person(witness, "witness", required=False)
    _check_channel(channel, None, witness, actor.user, giving=False)
    moment = _parse_moment(at).isoformat(timespec="seconds")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError({"note": _("at most {n} characters").format(n=MAX_NOTE_CHARS)})
    label = purpose_label(purpose, partner=partner)
    with transaction(conn):
        row = conn.execute(
            f"{_RECORD_SELECT} WHERE c.id = (SELECT record_id FROM consent_current"
            " WHERE purpose = ? AND partner = ? AND customer_id = ?)",
            (purpose, partner, customer_id),
        ).fetchone()
        if row is None:
            raise NothingToWithdrawError(
                _("Customer {id} never gave consent for {purpose}: there is nothing to withdraw.").format(
                    id=customer_id, purpose=label
                )
            )
        current = _record_from_row(row)
        if current.status != GIVEN:
            raise NothingToWithdrawError(
                _(
                    "Customer {id}'s consent for {purpose} is not in force ({status} on {at}):"
                    " there is nothing to withdraw."
                ).format(id=customer_id, purpose=label, status=current.status, at=current.collected_at[:10])
            )
        if moment < current.collected_at:
            raise ValidationError({"at": _("a withdrawal cannot be dated before the consent it withdraws")})
        version_id = conn.execute(
            "SELECT text_version_id FROM consents WHERE id = ?", (current.id,)
        ).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO consents (customer_id, purpose, partner, status, text_version_id, text_sha256,"
            " channel, collected_at, collected_by, recorded_at, expires_on, separate, minor, guardian,"
            " witness, withdraws, note)"
            " VALUES (?, ?, ?, 'withdrawn', ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?)",
            (
                customer_id,
                purpose,
                partner,
                version_id,
                current.text_sha256,
                channel,
                moment,
                actor.user,
                _now(),
                int(current.separate),
                int(current.minor),
                witness,
                current.id,
                note,
            ),
        )
        vault.audit().append(
            actor.user,
            "consent.withdrawn",
            f"customer:{customer_id}",
            {
                "record": cursor.lastrowid,
                "withdraws": current.id,
                "purpose": purpose,
                "partner": partner,
                "channel": channel,
            },
        )
    return _records(conn, [cursor.lastrowid])[0]


# ------------------------------------------------------------------------------- reading


def status(vault, actor: Actor, customer_id: int, *, on: date | None = None) -> list[PurposeStatus]:
    """Every purpose's standing for one customer (the card's Consent section), in PURPOSES order;
    purposes never decided show as "none", each partner shared with gets its own row."""
    access = access_for(vault, actor)
    _require_view(access)
    conn = vault.connection()
    _live_customer(conn, customer_id)
    today = (on or date.today()).isoformat()
    rows = conn.execute(
        _LATEST_SELECT + " WHERE c.id IN (SELECT record_id FROM consent_current WHERE customer_id = ?)",
        (customer_id,),
    ).fetchall()
    found: dict[tuple[str, str], PurposeStatus] = {}
    for row in rows:
        rec = _record_from_row(row[1:])
        state = (
            EXPIRED
            if rec.status == GIVEN and rec.expires_on is not None and rec.expires_on <= today
            else rec.status
        )
        latest = row[0] if row[0] > rec.text_version else None
        found[(rec.purpose, rec.partner)] = PurposeStatus(rec.purpose, rec.partner, state, rec, latest)
    out = []
    for purpose in PURPOSES:
        if purpose == SHARING:
            out += [found[k] for k in sorted(found) if k[0] == SHARING]
        else:
            out.append(found.get((purpose, ""), PurposeStatus(purpose, "", NONE, None, None)))
    return out


def history(vault, actor: Actor, customer_id: int) -> list[ConsentRecord]:
    """Every decision ever recorded for the customer, newest first (withdrawn ones included)."""
    access = access_for(vault, actor)
    _require_view(access)
    conn = vault.connection()
    _live_customer(conn, customer_id)
    rows = conn.execute(
        f"{_RECORD_SELECT} WHERE c.customer_id = ? ORDER BY c.id DESC", (customer_id,)
    ).fetchall()
    return [_record_from_row(r) for r in rows]


def get_record(vault, actor: Actor, record_id: int) -> ConsentRecord:
    _require_view(access_for(vault, actor))
    row = vault.connection().execute(f"{_RECORD_SELECT} WHERE c.id = ?", (record_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no consent record {id}.").format(id=record_id))
    return _record_from_row(row)


def collected_together(vault, actor: Actor, record_id: int) -> list[ConsentRecord]:
    """The records made with this one from one form (same customer, moment, text version and
    channel): what one receipt covers."""
    rec = get_record(vault, actor, record_id)
    rows = (
        vault.connection()
        .execute(
            f"{_RECORD_SELECT} WHERE c.customer_id = ? AND c.collected_at = ? AND c.text_sha256 = ?"
            " AND c.channel = ? AND (c.status = 'withdrawn') = ? ORDER BY c.id",
            (rec.customer_id, rec.collected_at, rec.text_sha256, rec.channel, rec.status == WITHDRAWN),
        )
        .fetchall()
    )
    return [_record_from_row(r) for r in rows]


def text_of(vault, actor: Actor, record: ConsentRecord) -> TextVersion:
    """The exact notice version a record cites."""
    return get_text(vault, actor, record.text_key, record.text_version)


def evidence_data(vault, actor: Actor, record_id: int) -> tuple[EvidenceInfo, bytes]:
    """The evidence of one record (signature PNG or attachment), checked against its hash.
    Reading it is audited, as it shows the customer's signature or documents."""
    rec = get_record(vault, actor, record_id)
    if rec.evidence is None:
        raise NotFoundError(_("Consent record {id} has no evidence attached.").format(id=record_id))
    (data,) = (
        vault.connection()
        .execute("SELECT data FROM consent_evidence WHERE id = ?", (rec.evidence.id,))
        .fetchone()
    )
    if hashlib.sha256(data).hexdigest() != rec.evidence.sha256:
        from app.errors import DamagedVaultError

        raise DamagedVaultError(
            _("The evidence of consent record {id} was changed outside Custos.").format(id=record_id)
        )
    vault.audit().append(
        actor.user, "consent.evidence_read", f"customer:{rec.customer_id}", {"record": record_id}
    )
    return rec.evidence, bytes(data)


# ------------------------------------------------------------------------------- acting for a purpose


def filter_sql(vault, actor: Actor, purpose_text: str, *, on: date | None = None) -> tuple[str, list[Any]]:
    """An SQL condition on ``customers`` (aliased or not) that keeps those with current consent
    for the purpose, and its arguments; for app/customers.py's lists and counts. Checks the
    actor may see consent: filtering on it would otherwise reveal it. Customers under a
    restriction of processing (app/restrictions.py) are never kept: nothing is done with
    them for a purpose."""
    _require_view(access_for(vault, actor))
    purpose, partner = parse_purpose(purpose_text)
    today = (on or date.today()).isoformat()
    return (
        "EXISTS (SELECT 1 FROM consent_current cc WHERE cc.purpose = ? AND cc.partner = ?"
        " AND cc.customer_id = customers.id AND cc.status = 'given' AND cc.expires_on > ?)"
        f" AND {restrictions.sql_not_restricted()}",
        [purpose, partner, today],
    )


def count_current(vault, actor: Actor, purpose_text: str, *, on: date | None = None) -> int:
    """How many live customers have current consent for the purpose and are not under a
    restriction (one index range, less the few restricted ones)."""
    _require_view(access_for(vault, actor))
    purpose, partner = parse_purpose(purpose_text)
    today = (on or date.today()).isoformat()
    conn = vault.connection()
    given = (
        "SELECT count(*) FROM consent_current WHERE purpose = ? AND partner = ? AND status = 'given' "
        "AND expires_on > ?"
    )
    total = conn.execute(given, (purpose, partner, today)).fetchone()[0]
    restricted = conn.execute(
        f"{given} AND customer_id IN (SELECT customer_id FROM restrictions WHERE lifted_at IS NULL)",
        (purpose, partner, today),
    ).fetchone()[0]
    return total - restricted


def customer_ids(vault, actor: Actor, purpose_text: str, *, on: date | None = None) -> Iterator[int]:
    """Ids of every live customer who may be included for the purpose today, ascending.

    What a marketing list, an export or a sharing run asks before using anyone: the answer
    follows withdrawals and expiry the moment they are recorded, and leaves out customers under
    a restriction of processing.
    """
    _require_view(access_for(vault, actor))
    purpose, partner = parse_purpose(purpose_text)
    today = (on or date.today()).isoformat()
    conn = vault.connection()
    restricted = restrictions.in_force(conn)
    cursor = conn.execute(
        "SELECT customer_id FROM consent_current WHERE purpose = ? AND partner = ? AND status = 'given'"
        " AND expires_on > ? ORDER BY customer_id",
        (purpose, partner, today),
    )
    for (customer_id,) in cursor:
        if customer_id not in restricted:
            yield customer_id


def may_include(
    vault, actor: Actor, purpose_text: str, ids: Iterable[int], *, on: date | None = None
) -> list[int]:
    """The ids among ``ids`` (order kept) that have current consent for the purpose and are
    not under a restriction of processing."""
    _require_view(access_for(vault, actor))
    purpose, partner = parse_purpose(purpose_text)
    today = (on or date.today()).isoformat()
    conn = vault.connection()
    restricted = restrictions.in_force(conn)
    wanted = [i for i in ids if isinstance(i, int) and i not in restricted]
    ok: set[int] = set()
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        ok.update(
            r[0]
            for r in conn.execute(
                "SELECT customer_id FROM consent_current WHERE purpose = ? AND partner = ?"
                " AND status = 'given' AND expires_on > ?"
                " AND customer_id IN (SELECT value FROM json_each(?))",
                (purpose, partner, today, json.dumps(chunk)),
            )
        )
    return [i for i in wanted if i in ok]


def generation(conn) -> int:
    """Changes whenever a consent decision is recorded, or a restriction of processing placed
    or lifted (both change who a consent list holds; cached list positions use it)."""
    return conn.execute(
        "SELECT (SELECT ifnull(max(id), 0) FROM consents)"
        " + (SELECT count(*) + count(lifted_at) FROM restrictions)"
    ).fetchone()[0]


# ------------------------------------------------------------------------------- export


def export_records(vault, actor: Actor, customer_id: int) -> dict[str, Any]:
    """One customer's consent records as JSON shaped after ISO/IEC TS 27560 (consent record
    information structure): a header naming the controller and the PII principal, then one
    record per decision with its notice, purposes, status, method of collection and
    evidence hash. Audited, as it is a copy of personal data leaving the vault."""
    records = history(vault, actor, customer_id)
    conn = vault.connection()
    business = vault.business_name if hasattr(vault, "business_name") else ""
    texts: dict[tuple[str, int], TextVersion] = {}
    out = []
    for rec in reversed(records):
        key = (rec.text_key, rec.text_version)
        if key not in texts:
            texts[key] = get_text(vault, actor, *key)
        notice = texts[key]
        out.append(
            {
                "recordId": f"{vault.vault_id}:consent:{rec.id}",
                "piiPrincipalId": f"{vault.vault_id}:customer:{customer_id}",
                "eventType": {
                    GIVEN: "consent-given",
                    REFUSED: "consent-refused",
                    WITHDRAWN: "consent-withdrawn",
                }[rec.status],
                "eventTime": rec.collected_at,
                "recordedTime": rec.recorded_at,
                "consentStatus": rec.status,
                "purposes": [
                    {
                        "purpose": rec.purpose,
                        "purposeDescription": purpose_label(rec.purpose, partner=rec.partner),
                        "lawfulBasis": "consent",
                        "separateConsent": rec.separate,
                        **({"recipient": rec.partner} if rec.partner else {}),
                    }
                ],
                "notice": {
                    "noticeId": notice.key,
                    "version": notice.version,
                    "reference": notice.reference,
                    "languages": list(notice.languages),
                    "sha256": rec.text_sha256,
                },
                "collectionMethod": rec.channel,
                "collectedBy": rec.collected_by,
                "witness": rec.witness,
                "expiry": rec.expires_on,
                "delegation": (
                    {
                        "type": "guardian",
                        "name": rec.guardian.name,
                        "relation": rec.guardian.relation,
                        "consented": rec.guardian.consented,
                    }
                    if rec.guardian
                    else None
                ),
                "evidence": (
                    {"type": rec.evidence.kind, "mediaType": rec.evidence.mime, "sha256": rec.evidence.sha256}
                    if rec.evidence
                    else None
                ),
                "withdraws": f"{vault.vault_id}:consent:{rec.withdraws}" if rec.withdraws else None,
            }
        )
    vault.audit().append(actor.user, "consent.export", f"customer:{customer_id}", {"records": len(out)})
    del conn
    return {
        "schema": "ISO/IEC TS 27560:2023 consent record (shape)",
        "generatedAt": _now(),
        "piiController": {"name": business, "vaultId": vault.vault_id},
        "piiPrincipalId": f"{vault.vault_id}:customer:{customer_id}",
        "records": out,
    }
