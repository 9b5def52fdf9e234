"""Consent on paper: the blank form for one notice version, and the customer's receipt.

The **form** prints a notice version's text, a tick box per purpose (agree / do not agree),
the separate-consent boxes PIPL Art. 23 and 29 ask for, signature and date lines, a guardian
section for a child under 14, and a short reference with a QR code. The reference ties a
signed paper copy to the exact version (key, number and the start of its SHA-256) and, when
printed for a known customer, to that customer — so a scan filed months later can be matched
to what the customer was shown.

The **receipt** is what the customer keeps: what they decided for each purpose, the exact
version and its full hash, when, how and by whom it was collected, the guardian if any, the
drawn signature, and the notice text itself.

Both are bilingual (Chinese first) or one language, in the bundled CJK font, and written
atomically (app/files.py) so a crash never leaves half a PDF that someone might print.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app import consent
from app.files import write_atomic
from app.reports.fonts import register_cjk_font

__all__ = ["FORM_LANGUAGES", "form_reference", "render_form", "render_receipt", "write_form", "write_receipt"]

FORM_LANGUAGES = ("both", "zh", "en")

_PAGE_W, _PAGE_H = A4
_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 20 * mm
_CONTENT_W = _PAGE_W - 2 * _MARGIN_X

_INK = colors.HexColor("#111111")
_MUTED = colors.HexColor("#555555")
_ACCENT = colors.HexColor("#1F3A5F")
_RULE = colors.HexColor("#C8CDD5")
_FILL = colors.HexColor("#F2F4F7")
_SEPARATE = colors.HexColor("#8B1E1E")

_T = {
    "form": ("个人信息处理告知同意书", "Notice and consent form"),
    "receipt": ("同意回执", "Consent receipt"),
    "business": ("个人信息处理者", "Business"),
    "reference": ("表格编号", "Form reference"),
    "customer": ("客户", "Customer"),
    "customer_no": ("客户编号", "Customer no."),
    "notice": ("告知内容", "The notice"),
    "choices": ("您的选择", "Your choices"),
    "choices_hint": (
        "请逐项勾选“同意”或“不同意”。不同意某一项不影响其他各项。",
        "Tick Agree or Do not agree for each purpose. Saying no to one does not affect the others.",
    ),
    "agree": ("同意", "Agree"),
    "disagree": ("不同意", "Do not agree"),
    "separate": ("单独同意", "Separate consent"),
    "separate_hint": (
        "以下事项依法需要您单独作出同意，请分别勾选。",
        "The law asks for your separate consent to the following; please tick each on its own.",
    ),
    "separate_sensitive": (
        "我已阅读上述关于敏感个人信息的告知，单独同意处理我的敏感个人信息。",
        "I have read the notice about sensitive personal information and separately consent to its"
        " processing.",
    ),
    "separate_sharing": (
        "我已阅读上述告知，单独同意将我的个人信息提供给：{partner}。",
        "I have read the notice and separately consent to my information being given to: {partner}.",
    ),
    "sign": ("签名", "Signature"),
    "name": ("姓名", "Name"),
    "date": ("日期", "Date"),
    "signature_head": ("客户签名", "Customer's signature"),
    "guardian_head": ("监护人（客户不满十四周岁时填写）", "Guardian (if the customer is under 14)"),
    "guardian_relation": ("与客户关系", "Relation to the customer"),
    "guardian_statement": (
        "本人作为上述客户的监护人，已阅读本告知，并代为作出上述选择。",
        "As the customer's guardian I have read this notice and make the choices above on their behalf.",
    ),
    "staff_head": ("工作人员填写", "For staff"),
    "staff": ("经办人", "Collected by"),
    "qr_hint": (
        "扫描或录入编号，即可将本表与告知版本对应。",
        "Scan or type the reference to match this form to its notice version.",
    ),
    "decision": ("决定", "Decision"),
    "purpose": ("目的", "Purpose"),
    "expires": ("有效期至", "Valid until"),
    "version": ("告知版本", "Notice version"),
    "sha": ("告知文本指纹 (SHA-256)", "Notice fingerprint (SHA-256)"),
    "collected": ("收集时间", "Collected at"),
    "channel": ("方式", "How"),
    "witness": ("见证人", "Witness"),
    "guardian": ("监护人", "Guardian"),
    "no_expiry": ("长期", "No expiry"),
    "no_signature": ("（无手写签名：见收集方式）", "(no drawn signature: see how it was collected)"),
    "keep": (
        "请妥善保存本回执。您可以随时撤回同意，方式与给予同意一样便捷。",
        "Please keep this receipt. You may withdraw your consent at any time, as easily as you gave it.",
    ),
    "page": ("第 {n} 页，共 {total} 页", "page {n} of {total}"),
    "given": ("同意", "Agreed"),
    "refused": ("不同意", "Did not agree"),
    "withdrawn": ("已撤回", "Withdrawn"),
}


def _langs(language: str, available: Sequence[str] = consent.LANGUAGES) -> tuple[str, ...]:
    if language not in FORM_LANGUAGES:
        raise ValueError(f"language must be one of {FORM_LANGUAGES}")
    wanted = ("zh", "en") if language == "both" else (language,)
    chosen = tuple(lang for lang in wanted if lang in available)
    return chosen or tuple(available[:1])


def form_reference(notice: consent.TextVersion, customer_id: int | None = None) -> str:
    """What is printed under the QR code: the notice reference, and the customer when known."""
    return notice.reference + (f"-C{customer_id}" if customer_id else "")


def _qr_payload(vault_id: str, notice: consent.TextVersion, customer_id: int | None) -> str:
    # The vault id tells a scanned form from another shop's; the 16 hex digits of the hash
    # identify the exact text; the customer number is added when the form was printed for one.
    payload = f"custos-consent:{vault_id[:8]}:{notice.key}:v{notice.version}:{notice.sha256[:16]}"
    return payload + (f":C{customer_id}" if customer_id else "")


class _Styles:
    def __init__(self, font: str, mono: str) -> None:
        def style(name: str, size: float, leading: float, color=_INK, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color, **kw)

        self.font, self.mono = font, mono
        self.title = style("title", 18, 24, _ACCENT, spaceAfter=2)
        self.title_en = style("title_en", 11, 14, _MUTED, spaceAfter=4)
        self.head = style("head", 11.5, 16, _ACCENT, spaceBefore=7, spaceAfter=2, keepWithNext=1)
        self.body_zh = style("body_zh", 10, 15, wordWrap="CJK")
        self.body_en = style("body_en", 9, 12.5, _MUTED, spaceAfter=2)
        self.small = style("small", 8.5, 11, _MUTED, wordWrap="CJK")
        self.cell = style("cell", 10, 13.5, wordWrap="CJK")
        self.cell_en = style("cell_en", 8.5, 11, _MUTED)
        self.label = style("label", 9, 11.5, _INK)
        self.mono_small = ParagraphStyle("mono", fontName=mono, fontSize=7.5, leading=9.5, textColor=_INK)


def _pair(
    st: _Styles,
    key_or_pair: str | tuple[str, str],
    langs: Sequence[str],
    *,
    stacked: bool = False,
    **fmt: str,
) -> str:
    """Markup for a bilingual label: Chinese, then the English smaller and grey (on its own
    line when ``stacked``, for narrow label cells). The face is named in the tag: reportlab
    otherwise falls back to a non-embedded Latin face for a wrapped font run."""
    zh, en = _T[key_or_pair] if isinstance(key_or_pair, str) else key_or_pair
    zh, en = escape(zh.format(**fmt)), escape(en.format(**fmt))
    if tuple(langs) == ("zh", "en"):
        joiner = "<br/>" if stacked else "  "
        return f'{zh}{joiner}<font face="{st.font}" size="8.5" color="#555555">{en}</font>'
    return zh if langs[0] == "zh" else en


def _heading(st: _Styles, key: str | tuple[str, str], langs: Sequence[str]) -> Paragraph:
    return Paragraph(_pair(st, key, langs), st.head)


def _text_block(st: _Styles, text: str, language: str, *, secondary: bool) -> list[Flowable]:
    """Notice text, one paragraph per line: the first language printed full size, the second
    (English beside Chinese) smaller and grey."""
    style = st.body_en if secondary else st.body_zh
    return [Paragraph(escape(line) or "&nbsp;", style) for line in text.split("\n")]


def _table_style(st: _Styles, commands: list) -> TableStyle:
    """A table style whose (even empty) string cells use the embedded font, not Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), *commands])


class _Box(Flowable):
    """An empty tick box, drawn (not a font glyph) so it prints the same everywhere."""

    def __init__(self, size: float = 4.2 * mm, color=_INK) -> None:
        super().__init__()
        self.size, self.color = size, color
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.9)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def _qr(payload: str, size: float = 28 * mm) -> Flowable:
    """The QR code as a flowable drawn straight on the page (no graphics renderer, which would
    pull a non-embedded Latin font into the PDF)."""
    return QrCode(payload, width=size, height=size, qrLevel="M", qrBorder=2)


def _header_table(st: _Styles, rows: list[tuple[str, str]], qr: Flowable, reference: str, langs) -> Table:
    """Details on the left, the QR code and its reference on the right."""
    left = Table(
        [
            [Paragraph(_pair(st, key, langs, stacked=True), st.label), Paragraph(escape(value), st.cell)]
            for key, value in rows
        ],
        colWidths=[34 * mm, _CONTENT_W - 34 * mm - 46 * mm],
    )
    left.setStyle(
        _table_style(
            st,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, _RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ],
        )
    )
    right = [qr, Paragraph(escape(reference), st.mono_small)]
    table = Table([[left, right]], colWidths=[_CONTENT_W - 46 * mm, 46 * mm])
    table.setStyle(
        _table_style(
            st,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, _ACCENT),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, _ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ],
        )
    )
    return table


def _notice_story(st: _Styles, notice: consent.TextVersion, langs: Sequence[str]) -> list[Flowable]:
    story: list[Flowable] = [_heading(st, "notice", langs)]
    for key in consent.SECTION_ORDER:
        present = [lang for lang in langs if key in notice.sections.get(lang, {})]
        if not present:
            continue
        label = consent.SECTION_LABELS[key]
        block: list[Flowable] = [
            Paragraph(
                _pair(st, label, present)
                if len(present) == 2
                else escape(label[0 if present[0] == "zh" else 1]),
                st.head,
            )
        ]
        for lang in present:
            block += _text_block(st, notice.sections[lang][key], lang, secondary=lang != present[0])
        story += block
    return story


def _line_table(
    st: _Styles, labels: list[str | tuple[str, str]], langs, prefill: dict[int, str] | None = None
) -> Table:
    """Label + a line to write on, two per row."""
    prefill = prefill or {}
    cells = []
    for index, label in enumerate(labels):
        cells += [
            Paragraph(_pair(st, label, langs, stacked=True), st.label),
            Paragraph(escape(prefill.get(index, "")), st.cell),
        ]
    rows = [cells[i : i + 4] + [""] * (4 - len(cells[i : i + 4])) for i in range(0, len(cells), 4)]
    label_w, gap = 32 * mm, 6 * mm
    line_w = (_CONTENT_W - 2 * label_w - gap) / 2
    table = Table(
        [[r[0], r[1], "", r[2], r[3]] for r in rows],
        colWidths=[label_w, line_w, gap, label_w, line_w],
        rowHeights=[10.5 * mm] * len(rows),
    )
    style = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for r, row in enumerate(rows):
        style.append(("LINEBELOW", (1, r), (1, r), 0.7, _INK))
        if row[2] != "":
            style.append(("LINEBELOW", (4, r), (4, r), 0.7, _INK))
    table.setStyle(_table_style(st, style))
    return table


def _choices_table(st: _Styles, notice: consent.TextVersion, langs) -> list[Flowable]:
    ordinary = [p for p in notice.purposes if p not in consent.SEPARATE_PURPOSES]
    story: list[Flowable] = []
    if ordinary:
        story += [
            _heading(st, "choices", langs),
            Paragraph(_pair(st, "choices_hint", langs), st.small),
            Spacer(1, 2 * mm),
        ]
        rows = [
            [
                Paragraph(_pair(st, consent.PURPOSE_LABELS[p], langs), st.cell),
                _Box(),
                Paragraph(_pair(st, "agree", langs), st.cell),
                _Box(),
                Paragraph(_pair(st, "disagree", langs), st.cell),
            ]
            for p in ordinary
        ]
        table = Table(rows, colWidths=[_CONTENT_W - 82 * mm, 8 * mm, 30 * mm, 8 * mm, 36 * mm])
        table.setStyle(
            _table_style(
                st,
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, _RULE),
                    ("BACKGROUND", (0, 0), (-1, -1), _FILL),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ],
            )
        )
        story.append(table)
    separate = [p for p in notice.purposes if p in consent.SEPARATE_PURPOSES]
    if separate:
        rows = []
        for p in separate:
            key = "separate_sensitive" if p == consent.SENSITIVE else "separate_sharing"
            rows.append(
                [
                    _Box(color=_SEPARATE),
                    Paragraph(_pair(st, key, langs, partner=notice.partner), st.cell),
                    _Box(color=_SEPARATE),
                    Paragraph(_pair(st, "disagree", langs), st.cell),
                ]
            )
        table = Table(rows, colWidths=[8 * mm, _CONTENT_W - 52 * mm, 8 * mm, 36 * mm])
        table.setStyle(
            _table_style(
                st,
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BOX", (0, 0), (-1, -1), 1.2, _SEPARATE),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.4, _RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ],
            )
        )
        story += [
            KeepTogether(
                [
                    Paragraph(f'<font color="#8B1E1E">{_pair(st, "separate", langs)}</font>', st.head),
                    Paragraph(_pair(st, "separate_hint", langs), st.small),
                    Spacer(1, 2 * mm),
                    table,
                ]
            )
        ]
    return story


class _NumberedCanvas(Canvas):
    """Holds pages until the end so each footer can say "page n of N"."""

    def __init__(self, *args: Any, footer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(self, self._pageNumber, total)
            super().showPage()
        super().save()


@dataclass(frozen=True)
class _Page:
    font: str
    reference: str
    title: str
    langs: tuple[str, ...]

    def footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillColor(_ACCENT)
        canvas.rect(0, _PAGE_H - 6 * mm, _PAGE_W, 6 * mm, stroke=0, fill=1)
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(_MARGIN_X, 14 * mm, _PAGE_W - _MARGIN_X, 14 * mm)
        canvas.setFillColor(_MUTED)
        canvas.setFont(self.font, 8)
        canvas.drawString(_MARGIN_X, 10 * mm, f"{self.title} · {self.reference}")
        zh, en = _T["page"]
        page = " / ".join((zh if lang == "zh" else en).format(n=number, total=total) for lang in self.langs)
        canvas.drawRightString(_PAGE_W - _MARGIN_X, 10 * mm, page)
        canvas.restoreState()


def _build(story: list[Flowable], page: _Page, title: str) -> bytes:
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=title,
        author="Custos",
        creator="Custos",
        initialFontName=page.font,
    )
    frame = Frame(_MARGIN_X, _MARGIN_BOTTOM, _CONTENT_W, _PAGE_H - _MARGIN_TOP - _MARGIN_BOTTOM, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(
        story,
        canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer=page.footer, **k),
    )
    return buf.getvalue()


def _title_block(st: _Styles, notice: consent.TextVersion, kind: str, langs) -> list[Flowable]:
    zh_kind, en_kind = _T[kind]
    first = langs[0]
    main = notice.title(first) or (zh_kind if first == "zh" else en_kind)
    story: list[Flowable] = [Paragraph(escape(main), st.title)]
    if len(langs) == 2:
        story.append(Paragraph(escape(f"{notice.title('en')} · {en_kind}"), st.title_en))
    else:
        story.append(Paragraph(escape(zh_kind if first == "zh" else en_kind), st.title_en))
    return story


def render_form(
    notice: consent.TextVersion,
    *,
    language: str = "both",
    business_name: str,
    vault_id: str,
    customer: tuple[int, str] | None = None,
    printed_at: datetime | None = None,
) -> bytes:
    """The blank (or customer-addressed) form for one notice version, as PDF bytes."""
    font, mono = register_cjk_font(), register_cjk_font(monospace=True)
    st = _Styles(font, mono)
    langs = _langs(language, notice.languages)
    customer_id = customer[0] if customer else None
    reference = form_reference(notice, customer_id)
    printed = (printed_at or datetime.now().astimezone()).strftime("%Y-%m-%d")
    rows = [("business", business_name or "—"), ("reference", reference), ("date", printed)]
    if customer:
        rows.insert(1, ("customer", f"{customer[1]}  (No. {customer[0]})"))
    story = _title_block(st, notice, "form", langs)
    story += [_header_table(st, rows, _qr(_qr_payload(vault_id, notice, customer_id)), reference, langs)]
    story += [Paragraph(_pair(st, "qr_hint", langs), st.small)]
    story += _notice_story(st, notice, langs)
    # The choices, signatures, guardian and staff lines stay on one page: ticks on one sheet
    # and the signature on another invite a page being swapped.
    story.append(
        KeepTogether(
            [
                *_choices_table(st, notice, langs),
                _heading(st, "signature_head", langs),
                _line_table(st, ["name", "sign", "date"], langs, {0: customer[1] if customer else ""}),
                _heading(st, "guardian_head", langs),
                Paragraph(_pair(st, "guardian_statement", langs), st.small),
                Spacer(1, 2 * mm),
                _line_table(st, ["name", "guardian_relation", "sign", "date"], langs),
                _heading(st, "staff_head", langs),
                _line_table(st, ["staff", "date"], langs),
            ]
        )
    )
    title = notice.title(langs[0])
    return _build(story, _Page(font, reference, title, langs), f"{title} ({reference})")


def render_receipt(
    notice: consent.TextVersion,
    records: Sequence[consent.ConsentRecord],
    *,
    customer: tuple[int, str],
    business_name: str,
    vault_id: str,
    signature_png: bytes | None = None,
    language: str = "both",
) -> bytes:
    """The customer's receipt for decisions recorded together (one form), as PDF bytes."""
    if not records:
        raise ValueError("a receipt needs at least one record")
    font, mono = register_cjk_font(), register_cjk_font(monospace=True)
    st = _Styles(font, mono)
    langs = _langs(language, notice.languages)
    first = records[0]
    reference = form_reference(notice, customer[0])
    rows = [
        ("business", business_name or "—"),
        ("customer", f"{customer[1]}  (No. {customer[0]})"),
        ("version", f"{notice.key} v{notice.version}"),
        ("collected", first.collected_at.replace("T", " ")[:16] + " UTC"),
        ("channel", " / ".join(consent.CHANNELS[first.channel][0 if lang == "zh" else 1] for lang in langs)),
        ("staff", first.collected_by),
    ]
    if first.witness:
        rows.append(("witness", first.witness))
    if first.guardian:
        rows.append(("guardian", f"{first.guardian.name} ({first.guardian.relation})"))
    payload = _qr_payload(vault_id, notice, customer[0]) + ":R" + ",".join(str(r.id) for r in records)
    story = _title_block(st, notice, "receipt", langs)
    story += [_header_table(st, rows, _qr(payload), reference, langs)]
    story += [Paragraph(_pair(st, "sha", langs), st.small), Paragraph(notice.sha256, st.mono_small)]
    story += [_heading(st, "choices", langs)]
    decision_rows = [
        [
            Paragraph(_pair(st, "purpose", langs), st.small),
            Paragraph(_pair(st, "decision", langs), st.small),
            Paragraph(_pair(st, "expires", langs), st.small),
        ]
    ]
    for rec in records:
        label = consent.PURPOSE_LABELS[rec.purpose]
        if rec.partner:
            label = (f"{label[0]}：{rec.partner}", f"{label[1]}: {rec.partner}")
        decision_rows.append(
            [
                Paragraph(_pair(st, label, langs), st.cell),
                Paragraph(_pair(st, rec.status, langs), st.cell),
                Paragraph(
                    "—" if rec.status != consent.GIVEN else rec.expires_on or _pair(st, "no_expiry", langs),
                    st.cell,
                ),
            ]
        )
    table = Table(decision_rows, colWidths=[_CONTENT_W - 90 * mm, 50 * mm, 40 * mm])
    table.setStyle(
        _table_style(
            st,
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, _ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, _RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )
    )
    story.append(table)
    story.append(_heading(st, "signature_head", langs))
    if signature_png:
        image = Image(io.BytesIO(signature_png))
        scale = min(70 * mm / image.imageWidth, 28 * mm / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = "LEFT"
        story.append(image)
    else:
        story.append(Paragraph(_pair(st, "no_signature", langs), st.small))
    story += [Spacer(1, 3 * mm), Paragraph(_pair(st, "keep", langs), st.small)]
    story += _notice_story(st, notice, langs)
    title = _T["receipt"][0 if langs[0] == "zh" else 1]
    return _build(story, _Page(font, reference, title, langs), f"{title} ({reference})")


def write_form(path: Path, notice: consent.TextVersion, **kwargs: Any) -> None:
    """``render_form`` written atomically to ``path``."""
    write_atomic(Path(path), render_form(notice, **kwargs))


def write_receipt(
    path: Path, notice: consent.TextVersion, records: Sequence[consent.ConsentRecord], **kwargs: Any
) -> None:
    """``render_receipt`` written atomically to ``path``."""
    write_atomic(Path(path), render_receipt(notice, records, **kwargs))
