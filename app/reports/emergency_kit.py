"""The emergency kit: a one-page sheet with the vault's recovery code, printed at vault creation.

It is the only way back into a vault when every password is lost, so it has to be readable
years later by a person who has forgotten how Custos works: bilingual (Chinese first), one
page, the code large and unambiguous, and plain instructions on how to keep it safe.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from app.files import write_atomic
from app.reports.fonts import register_cjk_font

__all__ = ["write_emergency_kit"]

_PAGE_W, _PAGE_H = A4
_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 18 * mm
_CONTENT_W = _PAGE_W - 2 * _MARGIN_X

_INK = colors.HexColor("#111111")
_MUTED = colors.HexColor("#555555")
_ACCENT = colors.HexColor("#1F3A5F")
_WARN = colors.HexColor("#8B1E1E")
_RULE = colors.HexColor("#C8CDD5")
_FILL = colors.HexColor("#F2F4F7")

_CODE_MAX_PT = 26.0
# Type scales tried in turn until the sheet fits on one page (see _render).
_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64, 0.58)
_SCALED_KEYS = frozenset({"spaceBefore", "spaceAfter", "leftIndent", "bulletIndent", "bulletFontSize"})
# Pathological inputs are shortened (middle ellipsis) so the sheet stays legible; real
# business names, vault ids and paths are far below these limits.
_MAX_NAME = 160
_MAX_VAULT_ID = 120
_MAX_LOCATION = 400

# Bilingual copy. Each entry is (Chinese, English); Chinese is printed first and larger
# because it is the primary language of the people who will rely on this sheet.
_TITLE = "Custos 应急恢复包 / Emergency Kit"
_SUBTITLE = (
    "请打印本页，上锁保管，并与电脑分开存放。",
    "Print this page and keep it locked away, separate from the computer.",
)
_LABELS = {
    "business": ("商户名称", "Business name"),
    "vault_id": ("保险库编号", "Vault ID"),
    "location": ("保险库位置", "Vault location"),
    "created": ("创建日期", "Created on"),
}
_CODE_LABEL = ("恢复码", "Recovery code")
_PURPOSE_HEAD = ("这张纸有什么用", "What this sheet is for")
_PURPOSE = (
    "如果所有密码都丢失或遗忘，可以用上面的恢复码为 Custos 重新设置密码。"
    "请注意：任何人只要同时拿到这个恢复码和一份保险库副本，就能读取全部客户资料。",
    "If every password is lost or forgotten, the recovery code above lets you set a new "
    "Custos password. Be aware: anyone who holds this code and a copy of the vault can "
    "read all customer data.",
)
_KEEP_HEAD = ("请这样保管", "How to keep it")
_KEEP_STEPS = (
    (
        "打印这张纸，放在上锁的地方（例如保险柜或带锁的抽屉）。",
        "Print this sheet and keep it in a locked place, such as a safe or a locked drawer.",
    ),
    (
        "与电脑分开存放：不要放在电脑旁边、电脑包里或贴在电脑上。",
        "Keep it away from the computer: not next to it, not in the laptop bag, not taped to it.",
    ),
    (
        "切勿用电子邮件、微信等发送恢复码，也不要拍照或扫描。",
        "Never email or message the code, and never photograph or scan this sheet.",
    ),
    (
        "打印完成后，删除电脑上保存的这个 PDF 文件。",
        "After printing, delete this PDF file from the computer.",
    ),
)
_LEAK_HEAD = ("如果恢复码泄露", "If the code leaks")
_LEAK = (
    "如果怀疑有人看到或拿走了这张纸，请立即在 Custos 中生成新的恢复码，然后用碎纸机等方式销毁这张纸。",
    "If you think someone has seen or taken this sheet, create a new recovery code in Custos "
    "straight away, then destroy this sheet, for example with a shredder.",
)
_RECORD_HEAD = ("保管记录", "Where it is kept")
_RECORD_FIELDS = (
    ("存放位置", "Stored at"),
    ("签名", "Signature"),
    ("日期", "Date"),
)
_CONFIDENTIAL = "机密  CONFIDENTIAL"
_FOOTER = "Custos 应急恢复包 · Emergency Kit — 本页共 1 页 · 1 page"


def write_emergency_kit(
    path: Path,
    *,
    business_name: str,
    vault_id: str,
    vault_location: str,
    recovery_code: str,
    created_at: datetime,
) -> None:
    """Write the emergency kit PDF to ``path``, atomically.

    The PDF is rendered in memory first and then swapped into place, so a failed or
    interrupted write never leaves a half-written sheet that someone might print and trust.
    The file is created readable only by the current user because it contains a secret.
    OSError from the file system propagates unchanged for the caller to report.
    """
    if not recovery_code.strip():
        raise ValueError("recovery_code must not be empty")
    data = _render(
        business_name=business_name,
        vault_id=vault_id,
        vault_location=vault_location,
        recovery_code=recovery_code.strip(),
        created_at=created_at,
    )
    write_atomic(Path(path), data)


def _render(
    *,
    business_name: str,
    vault_id: str,
    vault_location: str,
    recovery_code: str,
    created_at: datetime,
) -> bytes:
    """Lay out the sheet and return the PDF bytes.

    The sheet must be one page whatever the inputs, so the layout is tried at decreasing
    type scales until it fits; smaller type is better than a second page that gets lost.
    """
    font = register_cjk_font()
    mono = register_cjk_font(monospace=True)
    fields = [
        ("business", _shorten(business_name, _MAX_NAME)),
        ("vault_id", _shorten(vault_id, _MAX_VAULT_ID)),
        ("location", _shorten(vault_location, _MAX_LOCATION)),
        ("created", _format_date(created_at)),
    ]
    frame_h = _PAGE_H - _MARGIN_TOP - _MARGIN_BOTTOM
    probe = Canvas(io.BytesIO())
    for scale in _SCALES:
        story = _story(_Styles(font, mono, scale), fields, recovery_code)
        try:
            KeepInFrame(_CONTENT_W, frame_h, story, mode="error").wrapOn(probe, _CONTENT_W, frame_h)
        except LayoutError:
            continue
        break
    # If even the smallest scale overflowed (not reachable with the length caps above),
    # "shrink" still squeezes the last attempt onto the page; when it fits it is a no-op.
    content = KeepInFrame(_CONTENT_W, frame_h, story, mode="shrink")

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title="Custos Emergency Kit",
        author="Custos",
        creator="Custos",
        subject="Recovery code sheet",
        # Otherwise every page references non-embedded Helvetica as its starting font.
        initialFontName=font,
    )
    frame = Frame(_MARGIN_X, _MARGIN_BOTTOM, _CONTENT_W, frame_h, 0, 0, 0, 0, id="content")
    doc.addPageTemplates([PageTemplate(id="kit", frames=[frame], onPage=lambda c, _d: _decorate(c, font))])
    doc.build([content])
    return buf.getvalue()


def _story(st: _Styles, fields: list[tuple[str, str]], code: str) -> list[Flowable]:
    return [
        Paragraph(escape(_TITLE), st.title),
        Paragraph(escape(_SUBTITLE[0]), st.subtitle_zh),
        Paragraph(escape(_SUBTITLE[1]), st.subtitle_en),
        Spacer(1, st.gap),
        _details_table(st, fields),
        Spacer(1, st.gap),
        _code_box(st, code),
        Spacer(1, st.gap / 2),
        _heading(st, _PURPOSE_HEAD),
        Paragraph(escape(_PURPOSE[0]), st.body_zh),
        Paragraph(escape(_PURPOSE[1]), st.body_en),
        _heading(st, _KEEP_HEAD),
        *_steps(st, _KEEP_STEPS),
        _heading(st, _LEAK_HEAD, color=_WARN),
        Paragraph(escape(_LEAK[0]), st.body_zh),
        Paragraph(escape(_LEAK[1]), st.body_en),
        _heading(st, _RECORD_HEAD),
        _record_table(st),
    ]


class _Styles:
    """Type sizes and spacing for the sheet at a given scale, all in the embedded fonts."""

    def __init__(self, font: str, mono: str, scale: float) -> None:
        def style(name: str, size: float, leading: float, color: colors.Color, **kw: Any) -> ParagraphStyle:
            spacing = {k: v * scale for k, v in kw.items() if k in _SCALED_KEYS}
            fixed = {k: v for k, v in kw.items() if k not in _SCALED_KEYS}
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size * scale,
                leading=leading * scale,
                textColor=color,
                **spacing,
                **fixed,
            )

        self.font = font
        self.mono = mono
        self.scale = scale
        self.gap = 5 * mm * scale
        self.pad = 5 * scale
        self.title = style("title", 21, 27, _ACCENT, spaceAfter=3)
        self.subtitle_zh = style("subtitle_zh", 10.5, 15, _INK, wordWrap="CJK")
        self.subtitle_en = style("subtitle_en", 9, 12, _MUTED)
        self.label = style("label", 10, 13, _INK, wordWrap="CJK")
        self.label_en_size = 8 * scale
        # CJK wrapping may break between any two characters, which is what long Chinese
        # names and long paths without spaces need to stay inside their cell.
        self.value = style("value", 11, 15, _INK, wordWrap="CJK")
        self.code_label = style("code_label", 10, 13, _ACCENT, alignment=TA_CENTER)
        self.code_max = _CODE_MAX_PT * scale
        self.heading = style("heading", 12.5, 17, _ACCENT, spaceBefore=8, spaceAfter=3, keepWithNext=1)
        self.heading_en_size = 10 * scale
        self.body_zh = style("body_zh", 10.5, 15.5, _INK, wordWrap="CJK")
        self.body_en = style("body_en", 9, 12.5, _MUTED, spaceAfter=1)
        self.step_zh = style(
            "step_zh",
            10.5,
            15.5,
            _INK,
            wordWrap="CJK",
            leftIndent=14,
            bulletIndent=2,
            bulletFontName=font,
            bulletFontSize=10.5,
            spaceBefore=2,
        )
        self.step_en = style("step_en", 9, 12.5, _MUTED, leftIndent=14)


def _bilingual_label(st: _Styles, pair: tuple[str, str]) -> Paragraph:
    zh, en = pair
    return Paragraph(
        f'{escape(zh)}<br/><font size="{st.label_en_size:.2f}" color="#555555">{escape(en)}</font>', st.label
    )


def _heading(st: _Styles, pair: tuple[str, str], color: colors.Color = _ACCENT) -> Paragraph:
    zh, en = pair
    return Paragraph(
        f'<font color="#{color.hexval()[2:]}">{escape(zh)}</font>'
        f'<font size="{st.heading_en_size:.2f}" color="#555555">  {escape(en)}</font>',
        st.heading,
    )


def _steps(st: _Styles, steps: tuple[tuple[str, str], ...]) -> list[Flowable]:
    out: list[Flowable] = []
    for zh, en in steps:
        out.append(Paragraph(escape(zh), st.step_zh, bulletText="•"))
        out.append(Paragraph(escape(en), st.step_en))
    return out


def _details_table(st: _Styles, rows: list[tuple[str, str]]) -> Table:
    data = [[_bilingual_label(st, _LABELS[key]), Paragraph(escape(value), st.value)] for key, value in rows]
    label_w = 32 * mm * st.scale
    table = Table(data, colWidths=[label_w, _CONTENT_W - label_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, _ACCENT),
                ("LINEBELOW", (0, 0), (-1, -2), 0.5, _RULE),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, _ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), st.pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.pad),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _code_box(st: _Styles, code: str) -> Table:
    """The recovery code, as large as fits on one line, in a boxed panel."""
    side = 12
    inner_w = _CONTENT_W - 2 * side
    # Sized from the measured width so the code never wraps: a code split over two
    # lines invites typing mistakes.
    size = min(st.code_max, 0.97 * inner_w / max(stringWidth(code, st.mono, 1), 1))
    code_style = ParagraphStyle(
        "code", fontName=st.mono, fontSize=size, leading=size * 1.25, textColor=_INK, alignment=TA_CENTER
    )
    zh, en = _CODE_LABEL
    label = Paragraph(f"{escape(zh)} · {escape(en)}", st.code_label)
    table = Table([[label], [Paragraph(escape(code), code_style)]], colWidths=[_CONTENT_W])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("BOX", (0, 0), (-1, -1), 1.5, _ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), _FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), side),
                ("RIGHTPADDING", (0, 0), (-1, -1), side),
                ("TOPPADDING", (0, 0), (-1, 0), 8 * st.scale),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 2 * st.scale),
                ("TOPPADDING", (0, 1), (-1, 1), 4 * st.scale),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 12 * st.scale),
            ]
        )
    )
    return table


def _record_table(st: _Styles) -> Table:
    """Blank lines for the owner to write where the sheet is kept, and to sign and date it."""
    place, signature, date = (_bilingual_label(st, pair) for pair in _RECORD_FIELDS)
    label_w = 24 * mm
    gap = 8 * mm  # keeps the signature line from running into the date label
    line_w = (_CONTENT_W - 2 * label_w - gap) / 2
    row_h = 13 * mm * max(st.scale, 0.85)  # still room to write by hand when scaled down
    table = Table(
        [[place, "", "", "", ""], [signature, "", "", date, ""]],
        colWidths=[label_w, line_w, gap, label_w, line_w],
        rowHeights=[row_h, row_h],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("SPAN", (1, 0), (4, 0)),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (4, 0), 0.7, _INK),
                ("LINEBELOW", (1, 1), (1, 1), 0.7, _INK),
                ("LINEBELOW", (4, 1), (4, 1), 0.7, _INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _decorate(canvas: Canvas, font: str) -> None:
    """Page furniture: accent band, confidentiality mark and footer."""
    canvas.saveState()
    canvas.setFillColor(_ACCENT)
    canvas.rect(0, _PAGE_H - 6 * mm, _PAGE_W, 6 * mm, stroke=0, fill=1)
    canvas.setFillColor(_WARN)
    canvas.setFont(font, 9)
    canvas.drawRightString(_PAGE_W - _MARGIN_X, _PAGE_H - 12 * mm, _CONFIDENTIAL)
    canvas.setStrokeColor(_RULE)
    canvas.setLineWidth(0.5)
    canvas.line(_MARGIN_X, 13 * mm, _PAGE_W - _MARGIN_X, 13 * mm)
    canvas.setFillColor(_MUTED)
    canvas.setFont(font, 8)
    canvas.drawString(_MARGIN_X, 9 * mm, _FOOTER)
    canvas.restoreState()


def _format_date(value: datetime) -> str:
    """Unambiguous in both languages: ISO order, plus the UTC offset when it is known."""
    text = f"{value:%Y-%m-%d %H:%M}"
    offset = value.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, mins = divmod(abs(minutes), 60)
        text += f" (UTC{sign}{hours:02d}:{mins:02d})"
    return text


def _shorten(text: str, limit: int) -> str:
    """Keep the start and the end (the informative parts of names and paths)."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    head = keep // 2
    return text[:head] + "…" + text[len(text) - (keep - head) :]
