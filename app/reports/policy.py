"""The written policy as PDF, in Chinese or English (``custos report policy``).

A published version is rendered from the document frozen when it was published (app/policy.py),
so a version printed today is the version staff acknowledged, whatever changed since; the PDF
carries its number, who published it and when, and its SHA-256 so a printed copy can be matched
to the record. With no version published an owner may print the draft, marked DRAFT on every
page so nobody mistakes it for rules in force. The bundled CJK font is embedded; text stays
extractable. The rendering depends only on the stored document, so the same version gives the
same bytes every time.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Spacer

from app import policy, policy_document
from app.access import Actor
from app.errors import ValidationError
from app.files import write_atomic
from app.i18n import _
from app.reports import layout

LANGUAGES = policy_document.LANGUAGES
DRAFT_MARK = colors.HexColor("#B42318")

_T = {
    "version": ("第 {number} 版", "Version {number}"),
    "published": ("{by} 于 {at} 发布", "Published by {by} on {at}"),
    "hash": ("SHA-256：{hash}", "SHA-256: {hash}"),
    "draft": ("草稿 — 尚未发布，不具效力", "DRAFT — not published, not in force"),
    "draft_short": ("草稿", "DRAFT"),
    "note": ("本版说明：{note}", "About this version: {note}"),
    "own": ("本单位补充规定", "The business's own rules"),
    "footer": ("客户信息管理制度 · 第 {number} 版", "Customer information policy · version {number}"),
    "ack": (
        "每位工作人员须在登录时阅读并确认本版本；确认记录保存在客户信息库中。",
        "Every member of staff reads and acknowledges this version at sign-in; the record is kept in the"
        " vault.",
    ),
}


def _t(key: str, language: str) -> str:
    return _T[key][0 if language == "zh" else 1]


def _when(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _blocks(st: layout.Styles, blocks: list[dict[str, Any]]) -> list:
    sub = st.cell_head.clone("policy_sub", keepWithNext=1, spaceBefore=4)
    story: list = []
    for block in blocks:
        kind = block["kind"]
        if kind == "p":
            story.append(layout.para(block["text"], st.body))
        elif kind == "sub":
            story.append(layout.para(block["text"], sub))
        elif kind == "list":
            story.append(
                ListFlowable(
                    [ListItem(layout.para(item, st.body), leftIndent=12) for item in block["items"]],
                    bulletType="bullet",
                    bulletFontName=st.font,
                    bulletFontSize=st.body.fontSize,
                    bulletOffsetY=-1,
                    leftIndent=12,
                    start="•",
                )
            )
        else:
            story.append(layout.table(st, block["header"], block["rows"], block["widths"]))
            story.append(Spacer(1, 6))
    return story


def render_document(
    document: dict[str, Any], language: str, *, version: policy.Version | None = None
) -> bytes:
    """PDF bytes of ``document`` (a published version's when ``version`` is given, else a draft)."""
    if language not in LANGUAGES:
        raise ValidationError({"lang": _("the policy's language is zh or en")})
    st = layout.Styles()
    part = document["languages"][language]
    business = document.get("business") or ""
    number = document["number"]
    story: list = [layout.para(part["title"], st.title)]
    lines = [business] if business else []
    lines.append(_t("version", language).format(number=number))
    if version is not None:
        lines.append(
            _t("published", language).format(by=version.published_by, at=_when(version.published_at))
        )
    story.append(layout.para(" · ".join(lines), st.subtitle))
    if version is None:
        draft = layout.para(_t("draft", language), st.head)
        draft.style = draft.style.clone("draft", textColor=DRAFT_MARK, spaceBefore=0)
        story.append(draft)
    else:
        story.append(layout.para(_t("hash", language).format(hash=version.sha256), st.mono_small))
        if version.note:
            story.append(Spacer(1, 3))
            story.append(layout.para(_t("note", language).format(note=version.note), st.small))
    story.append(Spacer(1, 3))
    story.append(layout.para(_t("ack", language), st.small))
    for index, section in enumerate(part["sections"], start=1):
        heading = layout.para(f"{index}. {section['title']}", st.head)
        body = _blocks(st, section["blocks"])
        story.append(KeepTogether([heading, *body[:1]]))
        story += body[1:]
        own = section["own"].strip()
        if own:
            story.append(
                KeepTogether([layout.para(_t("own", language), st.cell_head), layout.para(own, st.body)])
            )
    footer = _t("footer", language).format(number=number)
    header = business or "Custos"
    if version is None:
        footer = f"{_t('draft_short', language)} · {footer}"
        header = f"{header} · {_t('draft_short', language)}"
    return layout.build(story, header=header, footer=footer, title=part["title"])


def render(
    vault, actor: Actor, language: str, number: int | None = None
) -> tuple[bytes, policy.Version | None]:
    """The PDF of version ``number`` (default: the current one); the draft when none is published
    and no number is asked for (owners only, see policy.draft)."""
    if language not in LANGUAGES:
        raise ValidationError({"lang": _("the policy's language is zh or en")})
    if number is None and policy.current_version(vault) is None:
        return render_document(policy.draft(vault, actor), language), None
    version = policy.get_version(vault, actor, number)
    return render_document(version.document, language, version=version), version


def write(vault, actor: Actor, out: Path, language: str, number: int | None = None) -> policy.Version | None:
    """Write the PDF atomically and audit it; returns the version written (None: the draft)."""
    data, version = render(vault, actor, language, number)
    write_atomic(Path(out), data)
    vault.audit().append(
        actor.user,
        "report.policy",
        f"policy:v{version.number}" if version else "policy:draft",
        {"version": version.number if version else None, "language": language, "file": Path(out).name},
    )
    return version
