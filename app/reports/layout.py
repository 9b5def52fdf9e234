"""The page layout shared by the letters and copies sent to customers: A4, the bundled CJK
font, a header with the business's name, numbered pages, and a few paragraph styles.

Each report builds its flowables and calls ``build``; the PDF comes back as bytes, so the
caller decides where it goes (app/files.write_atomic for a file).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from app.reports.fonts import register_cjk_font

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#C8CDD5")
FILL = colors.HexColor("#F2F4F7")


class Styles:
    def __init__(self) -> None:
        font = register_cjk_font()
        self.font = font
        self.mono = register_cjk_font(monospace=True)

        def style(name: str, size: float, leading: float, color=INK, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=leading, textColor=color, wordWrap="CJK", **kw
            )

        self.title = style("title", 17, 23, ACCENT, spaceAfter=4)
        self.subtitle = style("subtitle", 9.5, 13, MUTED, spaceAfter=8)
        self.head = style("head", 12, 17, ACCENT, spaceBefore=10, spaceAfter=3, keepWithNext=1)
        self.body = style("body", 10, 15, spaceAfter=4)
        self.small = style("small", 8.5, 11.5, MUTED)
        self.cell = style("cell", 9, 12.5)
        self.cell_head = style("cell_head", 9, 12.5, ACCENT)
        self.mono_small = ParagraphStyle("mono", fontName=self.mono, fontSize=7.5, leading=9.5, textColor=INK)


def para(text: Any, style: ParagraphStyle) -> Paragraph:
    """Text as a paragraph, escaped (a customer's value is never markup); newlines kept."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>") or "&nbsp;", style)


def table(st: Styles, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Table:
    data = [[para(h, st.cell_head) for h in header]]
    data += [[para(value, st.cell) for value in row] for row in rows]
    result = Table(data, colWidths=[w * CONTENT_W for w in widths], repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return result


def build(story: list[Flowable], *, header: str, footer: str, title: str) -> bytes:
    """A4 PDF of ``story`` with ``header`` on every page and "footer · page n" at the bottom."""
    st = Styles()
    buffer = io.BytesIO()

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(st.font, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, PAGE_H - 12 * mm, header)
        canvas.drawRightString(PAGE_W - MARGIN_X, 10 * mm, f"{footer} · {doc.page}")
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_X, PAGE_H - 14 * mm, PAGE_W - MARGIN_X, PAGE_H - 14 * mm)
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=header,
        invariant=1,
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    doc.build(story)
    return buffer.getvalue()
