"""The letter to customers affected by an incident (PIPL Art. 57), one page per customer.

Art. 57 says what a notice tells the person: the kinds of personal information involved, the
cause and the possible harm, what the business has done, what the person can do to reduce
the harm, and how to reach the business. The letter takes those from the incident register
and addresses each affected customer by name — read through ``customers.fetch`` under the
writer's role, like every other read — in Chinese or English, in the bundled CJK font, and is
written atomically so a crash never leaves half a letter that someone might post.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from app import customers, incidents
from app.access import Actor, access_for
from app.errors import KnownError, ValidationError
from app.files import write_atomic
from app.i18n import _
from app.reports.fonts import register_cjk_font

LANGUAGES = ("zh", "en")
CHUNK = 500

_T = {
    "title": ("个人信息安全事件告知函", "Notice of a personal information security incident"),
    "dear": ("尊敬的{name}：", "Dear {name},"),
    "dear_unnamed": ("尊敬的客户（客户编号 {id}）：", "Dear customer (customer no. {id}),"),
    "intro": (
        "我们遗憾地通知您，{business}发生了一起涉及您个人信息的安全事件。根据《中华人民共和国个人信息保护法》"
        "第五十七条，现将有关情况告知如下。",
        "We regret to tell you that {business} had a security incident involving your personal information. "
        "As the Personal Information Protection Law of China (Art. 57) requires, this letter tells you what "
        "happened and what you can do.",
    ),
    "what": ("发生了什么", "What happened"),
    "when": ("时间", "When"),
    "period": (
        "事件发生于 {start} 至 {end}；我们于 {found} 发现。",
        "It took place from {start} to {end}; we found it on {found}.",
    ),
    "found_only": ("我们于 {found} 发现此事件。", "We found it on {found}."),
    "kinds": ("涉及的个人信息种类", "The kinds of personal information involved"),
    "done": ("我们已采取的措施", "What we have done"),
    "advice": ("您可以采取的措施", "What you can do"),
    "contact": ("联系我们", "How to reach us"),
    "none": ("（无）", "(none)"),
    "closing": (
        "对此给您带来的不便和担忧，我们深表歉意。",
        "We are sorry for the worry and trouble this causes you.",
    ),
    "reference": ("事件编号 {id} · {date}", "Incident {id} · {date}"),
}


class LettersCancelled(KnownError):
    """The person pressed Cancel; no file was written."""


def _t(key: str, language: str) -> str:
    return _T[key][0 if language == "zh" else 1]


def _day(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def render(
    vault,
    actor: Actor,
    incident_id: int,
    language: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> tuple[bytes, int]:
    """The letter as PDF bytes and how many customers it addresses.

    ``progress(done, total)`` is told after each chunk of customers; when ``should_cancel()``
    turns true the work stops with ``Cancelled`` before anything is written.
    """
    if language not in LANGUAGES:
        raise ValidationError({"lang": _("the letter's language is zh or en")})
    incident = incidents.get(vault, actor, incident_id)
    ids = incidents.customer_ids(vault, actor, incident_id)
    if not ids:
        raise ValidationError(
            {"customers": _("incident {id} names no affected customers").format(id=incident_id)}
        )
    access = access_for(vault, actor)
    font = register_cjk_font()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=16, textColor=colors.HexColor("#111111")
    )
    heading = ParagraphStyle(
        "heading", parent=body, fontSize=11.5, leading=18, spaceBefore=8, textColor=colors.HexColor("#1F3A5F")
    )
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=10, alignment=1)
    small = ParagraphStyle(
        "small", parent=body, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555")
    )
    business = escape(vault.business_name or "")
    kinds = "、".join if language == "zh" else ", ".join
    labels = incidents.field_labels(access, incident.fields, "zh" if language == "zh" else "en")
    if incident.occurred_from and incident.occurred_to:
        when = _t("period", language).format(
            start=_day(incident.occurred_from),
            end=_day(incident.occurred_to),
            found=_day(incident.discovered_at),
        )
    else:
        when = _t("found_only", language).format(found=_day(incident.discovered_at))

    def paragraphs(text: str) -> list[Paragraph]:
        lines = [line for line in text.splitlines() if line.strip()] or [_t("none", language)]
        return [Paragraph(escape(line), body) for line in lines]

    story: list = []
    for start in range(0, len(ids), CHUNK):
        if should_cancel is not None and should_cancel():
            raise LettersCancelled(_("Writing the notice letters was cancelled; nothing was written."))
        if progress is not None:
            progress(start, len(ids))
        chunk = ids[start : start + CHUNK]
        found = {c.id: c for c in customers.fetch(vault, actor, chunk)}
        for customer_id in chunk:
            customer = found.get(customer_id)
            name = customer.name if customer is not None and access.can_read("name") else ""
            if story:
                story.append(PageBreak())
            story.append(Paragraph(escape(_t("title", language)), title))
            greeting = (
                _t("dear", language).format(name=escape(name))
                if name
                else _t("dear_unnamed", language).format(id=customer_id)
            )
            story.append(Paragraph(greeting, body))
            story.append(Spacer(1, 4))
            story.append(Paragraph(_t("intro", language).format(business=business or "—"), body))
            story.append(Paragraph(_t("what", language), heading))
            story += paragraphs(incident.what_happened)
            story.append(Paragraph(_t("when", language), heading))
            story.append(Paragraph(escape(when), body))
            story.append(Paragraph(_t("kinds", language), heading))
            story.append(Paragraph(escape(kinds(labels) if labels else _t("none", language)), body))
            story.append(Paragraph(_t("done", language), heading))
            story += paragraphs(incident.actions)
            story.append(Paragraph(_t("advice", language), heading))
            story += paragraphs(incident.advice)
            story.append(Paragraph(_t("contact", language), heading))
            story += paragraphs("\n".join(part for part in (vault.business_name, incident.contact) if part))
            story.append(Spacer(1, 10))
            story.append(Paragraph(_t("closing", language), body))
            story.append(Spacer(1, 14))
            story.append(
                Paragraph(
                    escape(
                        _t("reference", language).format(
                            id=incident.id, date=datetime.now().strftime("%Y-%m-%d")
                        )
                    ),
                    small,
                )
            )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_t("title", language),
        author=vault.business_name or "Custos",
    )
    doc.build(story)
    if should_cancel is not None and should_cancel():
        raise LettersCancelled(_("Writing the notice letters was cancelled; nothing was written."))
    if progress is not None:
        progress(len(ids), len(ids))
    return buffer.getvalue(), len(ids)


def write(
    vault,
    actor: Actor,
    incident_id: int,
    out: Path,
    language: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the letter to ``out`` (atomically) and audit it; returns the customers addressed."""
    data, count = render(vault, actor, incident_id, language, progress=progress, should_cancel=should_cancel)
    write_atomic(Path(out), data)
    vault.audit().append(
        actor.user,
        "incident.notice_written",
        f"incident:{incident_id}",
        {"customers": count, "language": language, "file": Path(out).name},
    )
    return count
