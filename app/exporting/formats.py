"""The file formats an export is written in, each fed one row at a time.

Every writer takes a binary stream (a plain staging file, or an entry of the encrypted
archive) and rows of strings, and keeps no more than a row in memory, except where the
library itself cannot: openpyxl reads the whole sheet back when it closes the workbook, and
reportlab lays out a whole PDF before writing it (so a PDF table is capped at
``request.PDF_MAX_ROWS`` rows).

**Formula injection.** A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, and tab or carriage return can smuggle one past a first look; a customer can
type such a name into a web form that ends up here. CSV and XLSX cells starting with one of
those (or with the full-width ＝ ＋ － ＠ that WPS and Excel with a Chinese input method
turn into formulas too) get a leading apostrophe, as OWASP's CSV-injection guidance says; XLSX
cells are in addition always written as text, never as a formula. JSON, vCard and PDF are not
evaluated by anything, so they carry values unchanged.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Callable
from typing import BinaryIO, ClassVar

from app.errors import KnownError
from app.i18n import _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


# A row's cells, each after a NUL (which no stored value holds): one search finds whether any
# starts with a trigger, so the usual row costs one regular-expression call, not one per cell.
_ANY_TRIGGER = re.compile("\x00[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def neutralise(value: str) -> str:
    """OWASP: a value a spreadsheet would run as a formula gets a leading apostrophe."""
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def neutralise_row(values: list[str]) -> list[str]:
    if _ANY_TRIGGER.search("\x00" + "\x00".join(values)) is None:
        return values
    return [neutralise(v) for v in values]


class Writer:
    """One output file. ``row`` gets the values (strings, "" for empty) of one customer."""

    def __init__(self, out: BinaryIO, keys: list[str], headings: list[str], meta: dict) -> None:
        self.out = out
        self.keys = keys
        self.headings = headings
        self.meta = meta

    def row(self, customer_id: int, values: list[str]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file (everything written to ``out``); not called on failure."""

    def discard(self) -> None:
        """Release whatever the writer holds after a failure or a cancel."""


class CsvWriter(Writer):
    def __init__(self, out: BinaryIO, keys, headings, meta, *, encoding: str) -> None:
        super().__init__(out, keys, headings, meta)
        self.encoding = encoding
        if encoding == "utf-8-sig":
            # The BOM by hand, then plain UTF-8: Python's utf-8-sig encoder is a Python-level
            # codec called per write, several seconds over a million rows.
            out.write(codecs.BOM_UTF8)
            encoding = "utf-8"
        self.text = io.TextIOWrapper(out, encoding=encoding, errors="strict", newline="", write_through=False)
        self.csv = csv.writer(self.text, lineterminator="\r\n")
        self._write(0, headings)

    def _write(self, customer_id: int, values: list[str]) -> None:
        cells = neutralise_row(values)
        try:
            self.csv.writerow(cells)
        except UnicodeEncodeError:
            raise self._unencodable(customer_id, cells) from None

    def _unencodable(self, customer_id: int, cells: list[str]) -> KnownError:
        encoder = codecs.getincrementalencoder(self.encoding)()
        for key, heading, value in zip(self.keys, self.headings, cells, strict=False):
            for ch in value:
                try:
                    encoder.encode(ch)
                except UnicodeEncodeError:
                    return KnownError(
                        _(
                            "Customer {id}'s {field} holds {char!r} (U+{code:04X}), which {encoding} cannot"
                            " encode. Export as UTF-8 or GB18030 instead; nothing was written."
                        ).format(
                            id=customer_id,
                            field=heading or key,
                            char=ch,
                            code=ord(ch),
                            encoding=self.encoding.upper(),
                        )
                    )
        return KnownError(_("A heading cannot be encoded in {encoding}.").format(encoding=self.encoding))

    def row(self, customer_id: int, values: list[str]) -> None:
        self._write(customer_id, values)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()

    def discard(self) -> None:
        # The wrapper would close ``out`` when collected; the caller closes it.
        with contextlib.suppress(ValueError):
            self.text.detach()


class XlsxWriter(Writer):
    """openpyxl's write-only workbook. It buffers the sheet's XML in a file until it closes the
    workbook; ``buffer_path`` puts that file beside the export (private, 0600, removed at the
    end either way) rather than in the shared temporary folder."""

    def __init__(self, out: BinaryIO, keys, headings, meta, *, buffer_path: str, title: str) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet._writer import ALL_TEMP_FILES, WorksheetWriter

        super().__init__(out, keys, headings, meta)
        self.buffer_path = buffer_path
        self.book = Workbook(write_only=True)
        sheet = self.book.create_sheet(title=title[:31] or "Customers")
        os.close(os.open(buffer_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        # openpyxl removes the buffer itself once the sheet is in the workbook (and at exit).
        ALL_TEMP_FILES.append(buffer_path)
        self._temp_files = ALL_TEMP_FILES
        sheet._writer = WorksheetWriter(sheet, out=buffer_path)
        sheet.freeze_panes = "A2"
        for index, key in enumerate(keys, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = (
                40 if key in ("address", "notes") else 18
            )
        sheet._writer.write_top()
        bold = Font(bold=True)
        header = []
        for text in headings:
            cell = WriteOnlyCell(sheet, value=neutralise(text))
            cell.font = bold
            cell.data_type = "s"
            header.append(cell)
        sheet.append(header)
        self.sheet = sheet
        self._cell = WriteOnlyCell

    def row(self, customer_id: int, values: list[str]) -> None:
        # Every value is a string, kept as text; openpyxl would type a str starting with "=" as
        # a formula, but neutralise() has given every such value its apostrophe.
        self.sheet.append([v or None for v in neutralise_row(values)])

    def close(self) -> None:
        self.book.save(self.out)

    def discard(self) -> None:
        # Finish the sheet's XML into its buffer (removed next by ``cleanup``), so no half-run
        # openpyxl generator is left to write into a closed file when it is collected.
        with contextlib.suppress(Exception):  # the workbook is abandoned either way
            self.sheet.close()

    def cleanup(self) -> None:
        if self.buffer_path in self._temp_files:
            self._temp_files.remove(self.buffer_path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.buffer_path)


class JsonWriter(Writer):
    """``{"export": {...}, "fields": [...], "customers": [{...}, ...], "count": N}``, streamed."""

    def __init__(self, out: BinaryIO, keys, headings, meta) -> None:
        super().__init__(out, keys, headings, meta)
        head = {
            "export": meta,
            "fields": [{"key": k, "label": h} for k, h in zip(keys, headings, strict=True)],
        }
        text = json.dumps(head, ensure_ascii=False, indent=1)
        self.out.write((text[:-2] + ',\n "customers": [').encode("utf-8"))
        self.count = 0

    def row(self, customer_id: int, values: list[str]) -> None:
        record = {k: (v if v != "" else None) for k, v in zip(self.keys, values, strict=True)}
        prefix = "\n  " if self.count == 0 else ",\n  "
        self.out.write((prefix + json.dumps(record, ensure_ascii=False)).encode("utf-8"))
        self.count += 1

    def close(self) -> None:
        self.out.write(f'\n ],\n "count": {self.count}\n}}\n'.encode())


def _vcard_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> bytes:
    """RFC 6350 / 2425: lines longer than 75 octets continue on the next with a leading space,
    never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts, current, size = [], [], 0
    limit = 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if size + len(encoded) > limit:
            parts.append(b"".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(encoded)
        size += len(encoded)
    parts.append(b"".join(current))
    return b"\r\n ".join(parts) + b"\r\n"


class VcardWriter(Writer):
    """vCard 3.0 (what phones, Outlook and WeChat Work import). Built-in fields go to their vCard
    properties; the id, custom fields and anything without one go to ``X-CUSTOS-<KEY>``."""

    PROPERTIES: ClassVar[dict[str, Callable[[str], str]]] = {
        "phone": lambda v: f"TEL;TYPE=CELL:{_vcard_escape(v)}",
        "email": lambda v: f"EMAIL;TYPE=INTERNET:{_vcard_escape(v)}",
        "company": lambda v: f"ORG:{_vcard_escape(v)}",
        "address": lambda v: f"ADR;TYPE=HOME:;;{_vcard_escape(v)};;;;",
        "notes": lambda v: f"NOTE:{_vcard_escape(v)}",
        "tags": lambda v: "CATEGORIES:" + ",".join(_vcard_escape(t) for t in v.split(",")),
    }

    def row(self, customer_id: int, values: list[str]) -> None:
        by_key = dict(zip(self.keys, values, strict=True))
        name = by_key.get("name") or ""
        lines = ["BEGIN:VCARD", "VERSION:3.0"]
        # FN and N are required by vCard 3.0; without the name field the card is named by its id.
        shown = name or by_key.get("id") or "-"
        lines.append(f"FN:{_vcard_escape(shown)}")
        lines.append(f"N:{_vcard_escape(name)};;;;" if name else "N:;;;;")
        for key, value in by_key.items():
            if key == "name" or not value:
                continue
            make = self.PROPERTIES.get(key)
            if make is not None:
                lines.append(make(value))
            else:
                label = "".join(ch if ch.isalnum() and ch.isascii() else "-" for ch in key.upper())
                lines.append(f"X-CUSTOS-{label}:{_vcard_escape(value)}")
        lines.append("END:VCARD")
        self.out.write(b"".join(_fold(line) for line in lines))


class PdfWriter(Writer):
    """A landscape A4 table in the bundled CJK font, the header repeated on every page and each
    page footed with what the file is (purpose, recipient) and its page number."""

    def __init__(self, out: BinaryIO, keys, headings, meta, *, title: str, footer: str) -> None:
        super().__init__(out, keys, headings, meta)
        self.title = title
        self.footer = footer
        self.rows: list[list[str]] = []

    def row(self, customer_id: int, values: list[str]) -> None:
        self.rows.append(values)

    def close(self) -> None:
        from xml.sax.saxutils import escape

        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

        from app.reports.fonts import register_cjk_font

        font = register_cjk_font()
        cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
        head = ParagraphStyle("head", parent=cell, textColor=colors.white)
        title = ParagraphStyle("title", fontName=font, fontSize=14, leading=18)
        page_w, page_h = landscape(A4)
        width = page_w - 24 * mm
        weights = [
            3 if k in ("address", "notes") else 2 if k in ("email", "company", "name", "id") else 1.5
            for k in self.keys
        ]
        total = sum(weights) or 1
        widths = [width * w / total for w in weights]

        def para(text: str, style) -> Paragraph:
            return Paragraph(escape(text).replace("\n", "<br/>"), style)

        data = [[para(h, head) for h in self.headings]]
        data += [[para(v, cell) for v in row] for row in self.rows]
        table = LongTable(data, colWidths=widths, repeatRows=1)
        from reportlab.platypus import TableStyle

        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#37474f")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0bec5")),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f8")]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        footer = self.footer

        def on_page(canvas, doc) -> None:
            canvas.saveState()
            canvas.setFont(font, 7)
            canvas.drawString(12 * mm, 7 * mm, footer)
            canvas.drawRightString(page_w - 12 * mm, 7 * mm, str(doc.page))
            canvas.restoreState()

        doc = SimpleDocTemplate(
            self.out,
            pagesize=(page_w, page_h),
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=12 * mm,
            bottomMargin=14 * mm,
            title=self.title,
            author="Custos",
            invariant=1,
        )
        doc.build(
            [para(self.title, title), Spacer(1, 4 * mm), table], onFirstPage=on_page, onLaterPages=on_page
        )
