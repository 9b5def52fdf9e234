"""What an export is asked to do: which customers, which fields and how, why, to whom, as what.

An ``ExportRequest`` is plain data: the wizard, the command line and tests build one, and
``app.exporting.engine`` checks it against the actor's role, the partner's agreement and the
customers' consent before a byte is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app import consent as consent_mod
from app import fields as fields_mod
from app.access import Access
from app.errors import ValidationError
from app.i18n import N_, _

# -- how each field is put out
FULL, MASKED, PSEUDONYMISED, OMITTED = "full", "masked", "pseudonymised", "omitted"
TREATMENTS = (FULL, MASKED, PSEUDONYMISED, OMITTED)
TREATMENT_LABELS = {
    FULL: ("完整", "Full"),
    MASKED: ("脱敏", "Masked"),
    PSEUDONYMISED: ("假名化", "Pseudonymised"),
    OMITTED: ("不导出", "Left out"),
}
# The customer's id is offered like a field: it links rows back to the vault, so a partner
# export would normally pseudonymise it or leave it out.
ID_FIELD = "id"

# -- formats
FORMATS = ("csv", "xlsx", "json", "pdf", "vcf")
FORMAT_SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "json": ".json", "pdf": ".pdf", "vcf": ".vcf"}
# CSV encodings: UTF-8 with a BOM (Excel recognises it), GBK for older Excel and WPS, and
# GB18030 (a superset of GBK that holds every character) when GBK cannot hold a name.
ENCODINGS = ("utf-8-sig", "gbk", "gb18030")
# A PDF table is for reading and printing; reportlab builds the document in memory.
PDF_MAX_ROWS = 10_000

# -- the legal basis for including customers (PIPL Art. 13)
CONSENT = "consent"
LEGAL_BASES = {
    CONSENT: N_("consent of each customer"),
    "contract": N_("necessary to perform a contract with the customer"),
    "legal_obligation": N_("necessary to fulfil a legal duty or obligation"),
    "vital_interests": N_("necessary to protect life, health or property in an emergency"),
}
MIN_BASIS_NOTE = 10

# -- protection of the file
ENCRYPTED, PLAIN = "aes-256-zip", "plain"

# -- how customers are chosen
SELECTION_KINDS = ("all", "ids", "search", "tag", "consent")


@dataclass(frozen=True)
class Selection:
    """Which customers: everyone, a list of ids, a search, a tag, or those with current consent
    for a purpose (``consent="marketing"`` or ``"sharing:<partner>"``)."""

    kind: str = "all"
    ids: tuple[int, ...] = ()
    query: str = ""
    tag: str = ""
    consent: str = ""

    def __post_init__(self) -> None:
        if self.kind not in SELECTION_KINDS:
            raise ValidationError(
                {"filter": _("choose customers by: {kinds}").format(kinds=", ".join(SELECTION_KINDS))}
            )
        if self.kind == "ids" and not self.ids:
            raise ValidationError({"filter": _("no customers are selected")})
        if self.kind == "search" and not self.query.strip():
            raise ValidationError({"filter": _("type what to search for")})
        if self.kind == "tag" and not self.tag.strip():
            raise ValidationError({"filter": _("name the tag")})
        if self.kind == "consent":
            consent_mod.parse_purpose(self.consent)

    @classmethod
    def parse(cls, text: str) -> Selection:
        """The command line's ``--filter``: ``all``, ``ids:1,2,3``, ``search:王``, ``tag:vip``,
        ``consent:marketing`` (or ``consent:sharing:Partner``)."""
        kind, _sep, value = (text or "all").strip().partition(":")
        kind = kind.strip().lower()
        if kind == "all" and not value:
            return cls("all")
        if kind == "ids":
            try:
                ids = tuple(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
            except ValueError:
                raise ValidationError({"filter": _("ids: whole numbers separated by commas")}) from None
            return cls("ids", ids=ids)
        if kind == "search":
            return cls("search", query=value)
        if kind == "tag":
            return cls("tag", tag=value)
        if kind == "consent":
            return cls("consent", consent=value)
        raise ValidationError(
            {
                "filter": _(
                    "unknown filter {text!r}: use all, ids:1,2, search:TEXT, tag:TAG or consent:PURPOSE"
                ).format(text=text)
            }
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "ids":
            out["count"] = len(self.ids)
        if self.query:
            out["query"] = self.query
        if self.tag:
            out["tag"] = self.tag
        if self.consent:
            out["consent"] = self.consent
        return out

    def describe(self) -> str:
        if self.kind == "all":
            return _("every customer")
        if self.kind == "ids":
            return _("{count} selected customers").format(count=len(self.ids))
        if self.kind == "search":
            return _("customers found by {query!r}").format(query=self.query)
        if self.kind == "tag":
            return _("customers tagged {tag!r}").format(tag=self.tag)
        return _("customers with current consent for {purpose}").format(purpose=self.consent)


@dataclass(frozen=True)
class ExportRequest:
    selection: Selection
    fields: tuple[tuple[str, str], ...]  # (field key, treatment) in column order
    purpose: str
    format: str
    partner: str = ""  # a registered partner's name; "" is internal use
    legal_basis: str = CONSENT
    basis_note: str = ""
    encoding: str = "utf-8-sig"
    protection: str = ENCRYPTED
    plain_acknowledged: bool = False
    language: str = "en"  # of the column headings

    @property
    def columns(self) -> list[tuple[str, str]]:
        """The fields actually put out (left-out ones dropped), in order."""
        return [(k, t) for k, t in self.fields if t != OMITTED]

    @property
    def recipient(self) -> str:
        return self.partner or "internal"


def parse_fields(text: str) -> list[tuple[str, str]]:
    """``--fields name,phone=masked,id=pseudonymised``: a treatment after ``=`` (default full)."""
    out: list[tuple[str, str]] = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        key, _sep, treatment = part.partition("=")
        treatment = treatment.strip().lower() or FULL
        if treatment not in TREATMENTS:
            raise ValidationError(
                {
                    "fields": _("{key}: treatment is one of {treatments}").format(
                        key=key, treatments=", ".join(TREATMENTS)
                    )
                }
            )
        out.append((key.strip(), treatment))
    if not out:
        raise ValidationError({"fields": _("name at least one field")})
    return out


def exportable(access: Access) -> list[tuple[str, str]]:
    """(field key, the role's level) for every field the role may put in an export: the ones it
    sees (hidden fields cannot even be asked for), active ones only, the customer id first."""
    out = [(ID_FIELD, "read")]
    out += [(f.key, access.level(f.key)) for f in access.catalogue.active() if access.can_see(f.key)]
    return out


def allowed_treatments(access: Access, key: str) -> tuple[str, ...]:
    """Full and pseudonymised values need the field in full: a pseudonym keeps equality
    (two customers with the same phone get the same pseudonym), which the masked form hides."""
    if key == ID_FIELD or access.can_read(key):
        return TREATMENTS
    if access.can_see(key):
        return (MASKED, OMITTED)
    return ()


def default_treatment(access: Access, key: str) -> str:
    return FULL if key == ID_FIELD or access.can_read(key) else MASKED


def purpose_preset(access: Access, purpose: str) -> list[tuple[str, str]]:
    """The minimum necessary for a purpose: the name and the fields the catalogue classifies as
    used for it, as the role may read them; everything else left out. The customer id is
    pseudonymised, so rows can be told apart without linking them back to the vault."""
    wanted = {f.key for f in access.catalogue.active() if purpose in f.purposes} | {"name"}
    out = []
    for key, _level in exportable(access):
        if key == ID_FIELD:
            out.append((key, PSEUDONYMISED))
        elif key in wanted:
            out.append((key, default_treatment(access, key)))
        else:
            out.append((key, OMITTED))
    return out


def partner_preset(access: Access, partner_fields: Iterable[str]) -> list[tuple[str, str]]:
    """What a partner's agreement covers (its categories of information), nothing more."""
    covered = set(partner_fields)
    out = []
    for key, _level in exportable(access):
        if key not in covered:
            out.append((key, OMITTED))
        elif key == ID_FIELD:
            out.append((key, PSEUDONYMISED))
        else:
            out.append((key, default_treatment(access, key)))
    return out


def heading(access: Access, key: str, language: str) -> str:
    if key == ID_FIELD:
        return "客户编号" if language.startswith("zh") else "Customer ID"
    if key in access.catalogue:
        return access.catalogue.get(key).label(language)
    return key


def field_def(access: Access, key: str) -> fields_mod.FieldDef | None:
    return access.catalogue.get(key) if key in access.catalogue else None
