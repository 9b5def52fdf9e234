"""vCard (.vcf) files exported from phones: versions 2.1, 3.0 and 4.0, one card per contact.

Each card becomes one row with the columns of ``HEADERS``, so a vCard is mapped and checked
like any table. What phones really write:

* 2.1 (older Android, Chinese feature phones):
  ``N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E8=8A=B3;;;``
  with ``=`` soft line breaks, bare type parameters (``TEL;CELL;PREF:``) and charsets other than
  UTF-8 (``CHARSET=GB2312``, ``CHARSET=BIG5``); the bytes of the rest of the file in the phone's
  code page.
* 3.0/4.0 (iPhone, Google): lines folded by a line break followed by a space or tab,
  ``TYPE=cell`` parameters, backslash escapes (``\\,`` ``\\;`` ``\\n``), ``item1.`` groups.
* Several TEL and EMAIL lines per card: the phone column takes the mobile number marked
  preferred (else the first mobile, else the first number); the others go to "Other phones",
  which a person can map to the notes or a custom field. E-mails likewise.

A card that cannot be read (no END, a line that is not a property — broken folding) is a row
with a problem; the cards around it are read normally.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.i18n import _
from app.importing import encoding as enc
from app.importing.mapping import join_parts
from app.importing.readers import Record, Source

NAME, FAMILY, GIVEN, PHONE, OTHER_PHONES = "Name", "Family name", "Given name", "Phone", "Other phones"
EMAIL, OTHER_EMAILS, COMPANY, TITLE, ADDRESS = "E-mail", "Other e-mails", "Organization", "Title", "Address"
NOTE, BIRTHDAY, CATEGORIES = "Note", "Birthday", "Categories"
HEADERS = [
    NAME,
    FAMILY,
    GIVEN,
    PHONE,
    OTHER_PHONES,
    EMAIL,
    OTHER_EMAILS,
    COMPANY,
    TITLE,
    ADDRESS,
    NOTE,
    BIRTHDAY,
    CATEGORIES,
]
MAX_CARD_BYTES = 1024 * 1024  # beyond this a "card" is a runaway (no END:VCARD), not a contact
_PROPERTY_RE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", re.S)


@dataclass
class _Card:
    line: int
    properties: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)
    problem: str | None = None


def open_vcard(source: Source, head: bytes, chosen: str | None) -> None:
    """A vCard file's encoding (of the parts not marked with their own CHARSET) and header."""
    source.guess = enc.detect(head)
    source.encoding = chosen or source.guess.encoding
    source.headers = list(HEADERS)
    source.header_row = 0


def _params(text: str) -> dict[str, list[str]]:
    """``;TYPE=CELL;PREF;CHARSET=GB2312`` -> {"TYPE": ["CELL", "PREF"], "CHARSET": ["GB2312"]}.
    2.1's bare parameters are types; 3.0's ``TYPE=a,b`` lists several."""
    params: dict[str, list[str]] = {}
    for part in text.split(";"):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep:
            name, value = "TYPE", part
        values = (
            [v.strip('"').upper() for v in value.split(",")] if name.upper() == "TYPE" else [value.strip('"')]
        )
        params.setdefault(name.strip().upper(), []).extend(values)
    return params


def _lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Physical lines joined into logical ones: 3.0/4.0 folding (a line starting with a space
    or tab continues the previous one) and 2.1 quoted-printable soft breaks (a line ending in
    ``=`` inside a QUOTED-PRINTABLE value continues on the next)."""
    pending: bytes | None = None
    start = 0
    quoted = False
    for number, line in enumerate(data.splitlines(), start=1):
        if pending is not None and line[:1] in (b" ", b"\t") and not quoted:
            pending += line[1:]
            continue
        if pending is not None and quoted and pending.endswith(b"="):
            pending = pending[:-1] + line.lstrip(b" \t")
            continue
        if pending is not None:
            yield start, pending
        pending, start = line, number
        head = line.split(b":", 1)[0].upper()
        quoted = b"QUOTED-PRINTABLE" in head
    if pending is not None:
        yield start, pending


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _split(value: str, separator: str) -> list[str]:
    """Split on unescaped separators (``N`` and ``ADR`` are ;-lists, ``CATEGORIES`` a ,-list)."""
    parts = re.split(r"(?<!\\)" + re.escape(separator), value)
    return [_unescape(p).strip() for p in parts]


def _decode_value(raw: bytes, params: dict[str, list[str]], file_encoding: str) -> str:
    encoding_param = (params.get("ENCODING") or [""])[0].upper()
    if encoding_param in ("QUOTED-PRINTABLE", "QP"):
        raw = quopri.decodestring(raw)
    elif encoding_param in ("B", "BASE64"):
        try:
            raw = base64.b64decode(raw, validate=False)
        except (binascii.Error, ValueError):
            raise ValueError(_("a base64 value does not decode")) from None
    charset = (params.get("CHARSET") or [""])[0]
    codec = enc.normalise_name(charset) if charset else file_encoding
    if codec is None:
        raise ValueError(_("unknown character set {name}").format(name=repr(charset)))
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        raise ValueError(
            _("a value is not valid {encoding} text").format(encoding=enc.ENCODING_LABELS.get(codec, codec))
        ) from None


def _cards(source: Source) -> Iterator[_Card]:
    data = source.path.read_bytes()
    file_encoding = source.encoding
    if file_encoding.startswith("utf-16") or file_encoding == "utf-32":
        # The whole file is UTF-16: re-encode as UTF-8 so the line logic works on bytes.
        data = data.decode(file_encoding, errors="replace").encode("utf-8")
        file_encoding = enc.UTF8
    elif file_encoding == enc.UTF8_SIG:
        data = data.removeprefix(b"\xef\xbb\xbf")
        file_encoding = enc.UTF8
    card: _Card | None = None
    size = 0
    for number, line in _lines(data):
        source._done_bytes = min(source.size, source._done_bytes + len(line) + 1)
        if not line.strip():
            continue
        upper = line.strip().upper()
        if upper == b"BEGIN:VCARD":
            if card is not None:
                card.problem = card.problem or _("the card has no END:VCARD before the next card")
                yield card
            card, size = _Card(number), 0
            continue
        if upper == b"END:VCARD":
            if card is None:
                yield _Card(number, problem=_("END:VCARD without BEGIN:VCARD"))
            else:
                yield card
            card = None
            continue
        if card is None:
            yield _Card(number, problem=_("text outside any card: {text}").format(text=_shown(line)))
            continue
        size += len(line)
        if size > MAX_CARD_BYTES:
            card.problem = card.problem or _("the card is larger than 1 MB (a missing END:VCARD?)")
            continue
        head, sep, raw = line.partition(b":")
        if not sep:
            card.problem = card.problem or _(
                "line {line} is not a vCard property (broken line folding?): {text}"
            ).format(line=number, text=_shown(line))
            continue
        try:
            head_text = head.decode("ascii")
        except UnicodeDecodeError:
            card.problem = card.problem or _("line {line} has a malformed property name").format(line=number)
            continue
        match = _PROPERTY_RE.match(head_text + ":")
        if not match:
            card.problem = card.problem or _(
                "line {line} is not a vCard property (broken line folding?): {text}"
            ).format(line=number, text=_shown(line))
            continue
        name, params = match[1].upper(), _params(match[2])
        if name in ("PHOTO", "LOGO", "SOUND", "KEY"):
            continue  # pictures and keys: not customer fields, and often large
        try:
            value = _decode_value(raw, params, file_encoding)
        except ValueError as error:
            card.problem = card.problem or _("line {line}: {problem}").format(line=number, problem=error)
            continue
        card.properties.append((name, params, value))
    if card is not None:
        card.problem = card.problem or _("the last card has no END:VCARD (the file is cut short?)")
        yield card


def _shown(line: bytes) -> str:
    text = line.decode("utf-8", errors="replace")
    return text[:40] + ("…" if len(text) > 40 else "")


def _pick(values: list[tuple[dict[str, list[str]], str]], preferred: str) -> tuple[str, list[str]]:
    """(the main value, the others): preferred-and-``preferred`` type, then ``preferred``
    type, then marked PREF, then the first."""
    if not values:
        return "", []

    def rank(item: tuple[dict[str, list[str]], str]) -> int:
        types = set(item[0].get("TYPE", []))
        pref = "PREF" in types or "PREF" in item[0]
        return 0 if preferred in types and pref else 1 if preferred in types else 2 if pref else 3

    ordered = sorted(values, key=rank)  # stable: the card's order among equals
    return ordered[0][1], [v for _p, v in ordered[1:]]


def _row(card: _Card) -> list[str]:
    found: dict[str, str] = {}
    phones: list[tuple[dict[str, list[str]], str]] = []
    emails: list[tuple[dict[str, list[str]], str]] = []
    for name, params, value in card.properties:
        if name == "FN":
            found[NAME] = _unescape(value).strip()
        elif name == "N":
            parts = _split(value, ";") + [""] * 5
            found[FAMILY], found[GIVEN] = parts[0], parts[1]
        elif name == "TEL":
            number = _unescape(value).strip().removeprefix("tel:")
            if number:
                phones.append((params, number))
        elif name == "EMAIL":
            address = _unescape(value).strip().removeprefix("mailto:")
            if address:
                emails.append((params, address))
        elif name == "ORG":
            found[COMPANY] = " ".join(p for p in _split(value, ";") if p)
        elif name == "TITLE":
            found[TITLE] = _unescape(value).strip()
        elif name == "ADR" and ADDRESS not in found:
            # post box; extended; street; locality; region; code; country
            parts = (_split(value, ";") + [""] * 7)[:7]
            found[ADDRESS] = _address(parts)
        elif name == "NOTE":
            found[NOTE] = _unescape(value).strip()
        elif name == "BDAY":
            found[BIRTHDAY] = value.strip()
        elif name == "CATEGORIES":
            found[CATEGORIES] = ",".join(p for p in _split(value, ",") if p)
    if not found.get(NAME):
        found[NAME] = _join_name(found.get(FAMILY, ""), found.get(GIVEN, ""))
    phone, other_phones = _pick(phones, "CELL")
    email, other_emails = _pick(emails, "PREF")
    found[PHONE], found[OTHER_PHONES] = phone, "; ".join(other_phones)
    found[EMAIL], found[OTHER_EMAILS] = email, "; ".join(other_emails)
    return [found.get(header, "") for header in HEADERS]


def _address(parts: list[str]) -> str:
    """A Chinese address reads from the largest unit to the smallest (省市区街道), a Western one
    the other way round; the order follows the script of the street."""
    box, extended, street, locality, region, code, country = parts
    if any(enc.score(p, enc.GB18030) > 0 for p in (street, locality, region)):
        return "".join(p for p in (country, region, locality, street, extended, box) if p)
    return ", ".join(p for p in (box, extended, street, locality, region, code, country) if p)


def _join_name(family: str, given: str) -> str:
    """王 + 芳 is 王芳; Smith + John is John Smith."""
    if enc.score(family + given, enc.GB18030) > 0:
        return join_parts([family, given], "name")
    return join_parts([given, family], "name")


def records(source: Source) -> Iterator[Record]:
    source._done_bytes = 0
    for card in _cards(source):
        if card.problem is not None:
            yield Record(card.line, [""] * len(HEADERS), card.problem)
        else:
            yield Record(card.line, _row(card))
