"""Reading the files people have: CSV/TSV in any of the encodings of encoding.py, XLSX, vCard.

``open_source(path)`` looks at the file (format, encoding, delimiter and quote, sheet, header
row) and returns a ``Source``; ``Source.records()`` then streams its data rows one at a time,
so a million-row file never sits in memory. A row that cannot be read is still yielded, with
``problem`` saying why (a stray quote, bytes that are not text in the file's encoding, a row
in another encoding than the rest); a file that cannot be read at all raises
``ImportFileError`` with one sentence a person can act on. Nothing here raises anything else
for bad input: the parsers' own errors are caught at this boundary and translated.
"""

from __future__ import annotations

import csv
import io
import os
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.errors import KnownError
from app.i18n import _
from app.importing import encoding as enc
from app.importing.mapping import known_header_count

CSV, XLSX, VCARD = "csv", "xlsx", "vcard"
DELIMITERS = (",", "\t", ";", "|")
# The longest cell the CSV reader accepts. The catalogue refuses anything over 5,000 characters
# per field anyway; this only decides when a "cell" is really a runaway quote or not a CSV.
# csv.field_size_limit is process-wide; every reader in Custos wants the same limit.
MAX_CELL_CHARS = 16 * 1024 * 1024
csv.field_size_limit(MAX_CELL_CHARS)
MAX_COLUMNS = 1000
# An XLSX is a zip: refused before opening if its parts would unpack to more than this, if it
# has more parts than any real workbook, or if one part is compressed suspiciously well (a
# zip bomb: a few KB that unpack to gigabytes).
XLSX_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
XLSX_MAX_ENTRIES = 10_000
XLSX_MAX_RATIO = 200
_HEADER_SCAN_ROWS = 10


class ImportFileError(KnownError):
    """The file cannot be read at all (not the format it claims, damaged, a zip bomb)."""


@dataclass(frozen=True)
class Record:
    """One data row: where it starts in the file (line, or sheet row, or a card's BEGIN line),
    its cells, and why it could not be read, if it could not."""

    line: int
    cells: list[str]
    problem: str | None = None


@dataclass
class Source:
    """An opened file: what was detected (or chosen), its header, and its rows on demand."""

    path: Path
    kind: str
    size: int
    encoding: str = ""
    guess: enc.Guess | None = None
    delimiter: str = ","
    quotechar: str = '"'
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 1  # 1-based: the record (CSV), sheet row (XLSX) holding the column names
    headers: list[str] = field(default_factory=list)
    rows_estimate: int = 0  # XLSX: the sheet's stated size; CSV: 0 (progress goes by bytes)
    _done_bytes: int = 0

    @property
    def file_name(self) -> str:
        return self.path.name

    def records(self) -> Iterator[Record]:
        """The data rows below the header row, streamed."""
        if self.kind == CSV:
            return _csv_records(self)
        if self.kind == XLSX:
            return _xlsx_records(self)
        from app.importing import vcard  # vcard builds on this module's Record and Source

        return vcard.records(self)

    def progress(self) -> float:
        """How far the last ``records()`` iteration got, 0..1 (by bytes read, or rows)."""
        return min(1.0, self._done_bytes / self.size) if self.size else 1.0

    def preview(self, count: int = 50) -> list[Record]:
        rows = []
        for record in self.records():
            rows.append(record)
            if len(rows) >= count:
                break
        return rows


def open_source(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Source:
    """Look at ``path`` and return its ``Source``; any of the detected settings may be given."""
    file = Path(path)
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(enc.SAMPLE_BYTES)
    except FileNotFoundError:
        raise ImportFileError(_("{file}: no such file").format(file=file)) from None
    except IsADirectoryError:
        raise ImportFileError(_("{file} is a folder, not a file").format(file=file)) from None
    if not file.is_file():
        raise ImportFileError(_("{file} is not a regular file").format(file=file))
    if size == 0:
        raise ImportFileError(_("{file} is empty").format(file=file.name))
    if encoding is not None and enc.normalise_name(encoding) is None:
        raise ImportFileError(_("Unknown encoding {name}.").format(name=repr(encoding)))
    chosen = enc.normalise_name(encoding) if encoding else None
    suffix = file.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "{file} is an old Excel (.xls) workbook: open it in Excel or WPS, save it as .xlsx or"
                " CSV, and import that."
            ).format(file=file.name)
        )
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        source = Source(file, XLSX, size)
        _open_xlsx(source, sheet, header_row)
        return source
    if suffix in (".vcf", ".vcard") or _looks_like_vcard(head):
        from app.importing import vcard  # vcard builds on this module's Record and Source

        source = Source(file, VCARD, size)
        vcard.open_vcard(source, head, chosen)
        return source
    source = Source(file, CSV, size)
    _open_csv(source, head, chosen, delimiter, header_row)
    return source


def _looks_like_vcard(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \r\n\t")[:64].upper()
    if start.startswith(b"BEGIN:VCARD"):
        return True
    # UTF-16 vCards (some phones): the same words with zero bytes between.
    return start.replace(b"\x00", b"").lstrip(b"\xff\xfe").startswith(b"BEGIN:VCARD")


# ------------------------------------------------------------------------------------- CSV


def _decode_sample(head: bytes, encoding: str) -> str:
    text = head.decode(encoding, errors="replace")
    if len(head) >= enc.SAMPLE_BYTES:
        text = text[: max(text.rfind("\n"), 0)]  # the last line may be cut
    return text.lstrip("\ufeff")


def _sample_rows(text: str, delimiter: str, quotechar: str, limit: int = 50) -> list[list[str]]:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def sniff_dialect(text: str, suffix: str = "") -> tuple[str, str]:
    """(delimiter, quote character) of a CSV sample.

    Each candidate delimiter is tried on the first rows: the one that splits the most rows
    into the same number (above one) of columns wins; a .tsv/.tab file prefers the tab on a tie.
    The quote character is the sniffer's, when it finds one other than the usual double quote.
    """
    best, best_score = ",", -1.0
    order = ("\t", *[d for d in DELIMITERS if d != "\t"]) if suffix in (".tsv", ".tab") else DELIMITERS
    for delimiter in order:
        rows = _sample_rows(text, delimiter, '"')
        if not rows:
            continue
        widths = Counter(len(row) for row in rows)
        width, times = widths.most_common(1)[0]
        if width < 2:
            continue
        value = times / len(rows) + min(width, 50) / 1000
        if value > best_score:
            best, best_score = delimiter, value
    quotechar = '"'
    if '"' not in text and "'" in text:
        try:
            sniffed = csv.Sniffer().sniff(text[:65536], delimiters=best)
            if sniffed.quotechar == "'":
                quotechar = "'"
        except csv.Error:
            pass
    return best, quotechar


def _open_csv(
    source: Source, head: bytes, chosen: str | None, delimiter: str | None, header_row: int | None
) -> None:
    source.guess = enc.detect(head)
    source.encoding = chosen or source.guess.encoding
    text = _decode_sample(head, source.encoding)
    sniffed_delimiter, source.quotechar = sniff_dialect(text, source.path.suffix.lower())
    if delimiter is not None and (len(delimiter) != 1 or delimiter in "\r\n\"'"):
        raise ImportFileError(_("A delimiter is one character, such as , ; | or a tab."))
    source.delimiter = delimiter or sniffed_delimiter
    rows = _sample_rows(text, source.delimiter, source.quotechar, _HEADER_SCAN_ROWS)
    if not rows:
        raise ImportFileError(_("{file} holds no rows.").format(file=source.file_name))
    _choose_header(source, rows, header_row)


def _choose_header(source: Source, rows: list[list[str]], header_row: int | None) -> None:
    """The header row: as given, else the first of the first rows that names known columns
    (a sheet often starts with a title such as 客户名单 above the real header), else row 1."""
    if header_row is not None:
        if not 1 <= header_row <= len(rows):
            raise ImportFileError(
                _(
                    "There is no row {row} to take the column names from (the file starts with {count})."
                ).format(row=header_row, count=len(rows))
            )
        source.header_row = header_row
    else:
        source.header_row = 1
        for number, row in enumerate(rows, start=1):
            if known_header_count(row) >= 2:
                source.header_row = number
                break
    headers = [cell.strip().lstrip("\ufeff") for cell in rows[source.header_row - 1]]
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The header row has {count} columns; at most {limit} can be imported.").format(
                count=len(headers), limit=MAX_COLUMNS
            )
        )
    source.headers = _unique_headers(headers)


def _unique_headers(headers: list[str]) -> list[str]:
    """Column names as shown and saved in mappings: empty ones named by position, repeated ones
    numbered (two "电话" columns become "电话" and "电话 (2)")."""
    seen: Counter[str] = Counter()
    result = []
    for position, name in enumerate(headers, start=1):
        name = name or _("Column {number}").format(number=position)
        seen[name] += 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _mixed_problem(cells: list[str], encoding: str) -> str | None:
    """Why a row's text is not what its bytes meant, if it is not.

    U+FFFD marks bytes that were not valid in the file's encoding. In a GB18030 or Big5 file,
    a row whose bytes are valid UTF-8 Chinese was written by another program (two exports
    pasted together): decoded as the rest of the file it would be mojibake, so it is refused.
    """
    joined = "\x1f".join(cells)
    if joined.isascii():
        return None
    if "\ufffd" in joined:
        return _("this row holds bytes that are not valid {encoding} text (a damaged or mixed file?)").format(
            encoding=enc.ENCODING_LABELS.get(encoding, encoding)
        )
    if encoding in (enc.GB18030, enc.BIG5, enc.CP1252):
        try:
            raw = joined.encode(encoding)
            as_utf8 = raw.decode("utf-8")
        except UnicodeError:
            return None
        # GBK text can be valid UTF-8 by chance (郑爽 is): only text that reads better as
        # UTF-8 than as the file's encoding was written as UTF-8.
        if not as_utf8.isascii() and enc.score(as_utf8, enc.UTF8) > enc.score(joined, encoding):
            return _(
                "this row is UTF-8 text in a {encoding} file: the file mixes encodings; save it again in"
                " one encoding"
            ).format(encoding=enc.ENCODING_LABELS.get(encoding, encoding))
    return None


class _Counting(io.RawIOBase):
    """A binary file that remembers how many bytes were read, for the progress bar."""

    def __init__(self, handle: Any, source: Source) -> None:
        self._handle = handle
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer)
        self._source._done_bytes += count or 0
        return count


def _csv_records(source: Source) -> Iterator[Record]:
    source._done_bytes = 0
    with source.path.open("rb") as handle:
        raw = io.BufferedReader(_Counting(handle, source), 1024 * 1024)
        text = io.TextIOWrapper(raw, encoding=source.encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=source.delimiter, quotechar=source.quotechar, strict=True)
        index = 0  # records seen, blank ones not counted (as in the header scan)
        width = len(source.headers)
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                message = str(error)
                if "unexpected end of data" in message:
                    problem = _(
                        "a quote opened on line {line} is never closed; lines {line} to {end} could not"
                        " be read"
                    ).format(line=start, end=reader.line_num)
                elif "field larger than field limit" in message:
                    raise ImportFileError(
                        _(
                            "Line {line} holds a cell of more than {size} MB: this is not a usable CSV."
                        ).format(line=start, size=MAX_CELL_CHARS // (1024 * 1024))
                    ) from None
                else:
                    problem = _("line {line} is not valid CSV ({problem}): check its quotes").format(
                        line=start, problem=message
                    )
                yield Record(start, [], problem)
                continue
            if not any(cell.strip() for cell in row):
                continue
            index += 1
            if index <= source.header_row:
                continue
            if index == 1 and row:
                row[0] = row[0].lstrip("\ufeff")
            problem = _mixed_problem(row, source.encoding)
            if problem is None and len(row) > width and any(cell.strip() for cell in row[width:]):
                problem = _("this row has {count} cells but the header has {width} columns").format(
                    count=len(row), width=width
                )
            yield Record(start, row[:width] + [""] * (width - len(row)), problem)


# ------------------------------------------------------------------------------------- XLSX


def check_zip(path: Path) -> None:
    """Refuse a damaged zip or a zip bomb before any parser unpacks it."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFileError(
            _("{file} is not a readable XLSX workbook (the file is damaged or not a workbook).").format(
                file=path.name
            )
        ) from None
    if len(entries) > XLSX_MAX_ENTRIES:
        raise ImportFileError(
            _("{file} has {count} parts; no real workbook has so many: refused.").format(
                file=path.name, count=f"{len(entries):,}"
            )
        )
    total = sum(entry.file_size for entry in entries)
    bomb = any(
        entry.file_size > 10 * 1024 * 1024 and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if total > XLSX_MAX_UNCOMPRESSED or bomb:
        raise ImportFileError(
            _(
                "{file} would unpack to {size} MB: it is too large or built to exhaust memory (a zip"
                " bomb); refused. Save the sheet as CSV to import a very large table."
            ).format(file=path.name, size=f"{total // (1024 * 1024):,}")
        )
    if not any(entry.filename.startswith("xl/worksheets/") for entry in entries):
        raise ImportFileError(_("{file} holds no worksheets.").format(file=path.name))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # a phone number typed into a number cell: 13812345678.0
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _workbook(path: Path) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _damaged(path: Path, error: BaseException) -> ImportFileError:
    return ImportFileError(
        _("{file} is damaged and cannot be read as a workbook ({problem}).").format(
            file=path.name, problem=type(error).__name__
        )
    )


def _open_xlsx(source: Source, sheet: str | None, header_row: int | None) -> None:
    check_zip(source.path)
    try:
        book = _workbook(source.path)
        try:
            source.sheets = list(book.sheetnames)
            if sheet is None:
                source.sheet = source.sheets[0] if source.sheets else ""
            elif sheet in source.sheets:
                source.sheet = sheet
            else:
                raise ImportFileError(
                    _("There is no sheet {sheet}; the workbook has {sheets}.").format(
                        sheet=repr(sheet), sheets=", ".join(source.sheets)
                    )
                )
            worksheet = book[source.sheet]
            source.rows_estimate = worksheet.max_row or 0
            rows = []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for values in worksheet.iter_rows(values_only=True):
                    cells = [_cell_text(v) for v in values[: MAX_COLUMNS + 1]]
                    if any(c.strip() for c in cells):
                        rows.append(cells)
                    if len(rows) >= _HEADER_SCAN_ROWS:
                        break
        finally:
            book.close()
    except KnownError:
        raise
    except Exception as error:  # openpyxl's errors on a damaged workbook are of every type
        raise _damaged(source.path, error) from None
    if not rows:
        raise ImportFileError(_("The sheet {sheet} is empty.").format(sheet=source.sheet))
    _choose_header(source, rows, header_row)


def _xlsx_records(source: Source) -> Iterator[Record]:
    source._done_bytes = 0
    try:
        book = _workbook(source.path)
    except Exception as error:  # see _open_xlsx
        raise _damaged(source.path, error) from None
    width = len(source.headers)
    total = max(source.rows_estimate, 1)
    try:
        worksheet = book[source.sheet]
        index = 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = worksheet.iter_rows(values_only=True)
            number = 0
            while True:
                try:
                    values = next(rows)
                except StopIteration:
                    break
                except Exception as error:  # a damaged sheet part, found half-way
                    raise _damaged(source.path, error) from None
                number += 1
                source._done_bytes = int(source.size * min(number / total, 1.0))
                cells = [_cell_text(v) for v in values]
                if not any(c.strip() for c in cells):
                    continue
                index += 1
                if index <= source.header_row:
                    continue
                problem = None
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    problem = _("this row has {count} cells but the header has {width} columns").format(
                        count=len(cells), width=width
                    )
                yield Record(number, cells[:width] + [""] * (width - len(cells)), problem)
    finally:
        book.close()
