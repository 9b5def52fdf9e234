"""Which text encoding a file from a Chinese (or any) Windows PC is in.

Excel and WPS on a Chinese Windows save CSV in GBK (the code page, GB18030's subset), Excel's
"Unicode text" is UTF-16 with a BOM, Taiwanese and Hong Kong PCs write Big5, everything else
UTF-8 with or without a BOM, and old Western exports Windows-1252. Byte-order marks and UTF-16's
zero bytes settle the question outright. What is left is the hard case: GB18030, Big5 and
Windows-1252 all decode most byte strings without an error, and even a short GBK text can be
valid UTF-8, so a decoder's success says little.

charset-normalizer gives a first opinion, but on short text (a file of two-character Chinese
names) it is unreliable, so each candidate is *decoded and scored*: how much of the resulting
text is what that script's users actually write. A GBK name decoded as GB18030 gives the
common characters of GB 2312 level 1 (its 3,755 most frequent characters); Big5 bytes decoded as
GB18030 give kana, Cyrillic, private-use and rare extension characters, and GBK bytes decoded
as Big5 give Big5's rarer level-2 characters about half the time. Ties go to GB18030, the
encoding of the mainland users this program mostly serves. The user sees the guess with a live
preview and can change it.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

UTF8, UTF8_SIG, UTF16, GB18030, BIG5, CP1252 = "utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1252"
# What a user may choose, in the order offered (labels: ENCODING_LABELS).
ENCODINGS = (UTF8, UTF8_SIG, UTF16, "utf-16-le", "utf-16-be", GB18030, BIG5, CP1252)
ENCODING_LABELS = {
    UTF8: "UTF-8",
    UTF8_SIG: "UTF-8 (BOM)",
    UTF16: "UTF-16 (BOM)",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    GB18030: "GB18030 / GBK",
    BIG5: "Big5",
    CP1252: "Windows-1252",
}
# Spellings people and vCards use for the same thing (GBK and GB2312 are subsets of GB18030).
ALIASES = {
    "gbk": GB18030,
    "gb2312": GB18030,
    "gb-2312": GB18030,
    "gb18030": GB18030,
    "cp936": GB18030,
    "euc-cn": GB18030,
    "big5": BIG5,
    "big-5": BIG5,
    "big5-hkscs": "big5hkscs",
    "cp950": BIG5,
    "utf8": UTF8,
    "utf-8": UTF8,
    "utf-8-sig": UTF8_SIG,
    "utf-16": UTF16,
    "utf16": UTF16,
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "windows-1252": CP1252,
    "cp1252": CP1252,
    "latin-1": CP1252,
    "latin1": CP1252,
    "iso-8859-1": CP1252,
}
SAMPLE_BYTES = 256 * 1024


def normalise_name(name: str) -> str | None:
    """The codec name for what a user or a vCard wrote (``GBK`` -> gb18030), or None if unknown."""
    key = name.strip().lower().replace("_", "-")
    if key in ALIASES:
        return ALIASES[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


@dataclass(frozen=True)
class Guess:
    encoding: str
    reason: str  # "bom", "utf-16", "utf-8", "scored", "ascii"
    scores: tuple[tuple[str, float], ...] = ()


def _gb_level(ch: str) -> int:
    """2 for GB 2312 level 1 (the most frequent 3,755 characters), 1 for level 2, 0 otherwise."""
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    if len(code) != 2:
        return 0
    return 2 if 0xB0 <= code[0] <= 0xD7 else 1 if 0xD8 <= code[0] <= 0xF7 else 0


def _big5_level(ch: str) -> int:
    """2 for Big5's frequent characters (A440–C67E), 1 for its less frequent ones, 0 otherwise."""
    try:
        code = ch.encode("big5")
    except UnicodeEncodeError:
        return 0
    if len(code) != 2:
        return 0
    value = code[0] << 8 | code[1]
    return 2 if 0xA440 <= value <= 0xC67E else 1 if 0xC940 <= value <= 0xF9D5 else 0


def _score_char(ch: str, encoding: str) -> float:
    if ch.isascii():
        return 0.0
    if ch == "\ufffd":
        return -4.0  # bytes this encoding cannot read
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        if encoding == UTF8:
            return 3.0  # three bytes, as much as the 1.5 best-case GB18030 characters they could be
        if encoding == GB18030:
            return {2: 2.0, 1: 1.0, 0: -1.0}[_gb_level(ch)]
        if encoding == BIG5:
            return {2: 2.0, 1: 1.0, 0: -1.0}[_big5_level(ch)]
        return -1.0
    if ch in "，。、；：？！“”‘’（）《》【】—…·　":
        return 1.0  # Chinese punctuation: written by every script's users
    category = unicodedata.category(ch)
    if category.startswith("L") and "\u00c0" <= ch <= "\u017f":
        # Accented Latin letters: in Windows-1252 one byte each, so less than a two-byte
        # Chinese character's worth; in UTF-8 two bytes, as much as the one character those
        # bytes could be in GB18030 (equal scores go to UTF-8).
        return {CP1252: 0.75, UTF8: 2.0}.get(encoding, -0.5)
    if category in ("Co", "Cn", "Cc", "Cs") or "\u3040" <= ch <= "\u30ff" or "\u0400" <= ch <= "\u04ff":
        return -3.0  # private use, unassigned, controls, kana, Cyrillic: what a wrong guess makes
    return -0.5


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def score(text: str, encoding: str) -> float:
    """How plausible ``text`` is as something written in ``encoding``'s script (higher is better).

    A Chinese character wedged between two Latin letters is what a Western word's accented
    letter becomes when its byte swallows the next letter as a double-byte character
    ("François" read as Big5 is "Fran綼is"); real text seldom has one.
    """
    total = 0.0
    for position, ch in enumerate(text):
        value = _score_char(ch, encoding)
        if (
            value > 0
            and not ch.isascii()
            and 0 < position < len(text) - 1
            and _ascii_letter(text[position - 1])
            and _ascii_letter(text[position + 1])
            and unicodedata.category(ch) == "Lo"
        ):
            value = -1.5
        total += value
    return total


def _decoded(data: bytes, encoding: str) -> str | None:
    """``data`` decoded, bytes that are not valid in ``encoding`` as U+FFFD (scored down, so a
    UTF-8 file with one GBK row pasted in is still UTF-8, and that row is reported); a
    multi-byte character cut at the end of the sample is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)("replace").decode(data, final=False)
    except (LookupError, UnicodeError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows zero bytes at every other position (ASCII is common
    in any file: digits, delimiters, line ends)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def detect(data: bytes) -> Guess:
    """The encoding of a file whose first bytes (up to SAMPLE_BYTES) are ``data``."""
    if data.startswith(codecs.BOM_UTF8):
        return Guess(UTF8_SIG, "bom")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Guess("utf-32", "bom")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Guess(UTF16, "bom")
    bomless = _utf16_without_bom(data)
    if bomless:
        return Guess(bomless, "utf-16")
    if data.isascii():
        return Guess(UTF8, "ascii")
    # UTF-8 first: of equal scores the first wins. GBK text is seldom valid UTF-8, but a short
    # one can be (郑爽 is D6A3 CBAC, two valid UTF-8 sequences), so UTF-8 is scored like the rest.
    candidates = [UTF8, GB18030, BIG5, CP1252]
    best = charset_normalizer.from_bytes(data[:65536]).best()
    if best is not None:
        opinion = normalise_name(best.encoding)
        if opinion and opinion not in candidates and opinion not in (UTF8, UTF8_SIG):
            candidates.append(opinion)
    scores = []
    for encoding in candidates:
        text = _decoded(data, encoding)
        if text is not None:
            scores.append((encoding, score(text, encoding)))
    # max() keeps the first of equal scores: candidates are in order of preference.
    chosen = max(scores, key=lambda item: item[1])[0]
    return Guess(chosen, "scored", tuple(scores))
