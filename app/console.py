"""Text for a terminal: values that cannot pass for another row or a command, aligned columns.

The core refuses control characters in new values, but a terminal must be safe from every
value that reaches it: one stored before that rule, a field label, a user name, a path in an
error message. ``printable`` writes each character a terminal would act on — C0/C1 controls
(newline, ESC, CSI), DEL, line and paragraph separators, bidirectional overrides and
isolates — as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``), so a value stays on its own
line and in its own cell, and is shown as typed rather than obeyed.

Chinese characters take two terminal columns; ``pad`` and ``clip`` count display columns
(East Asian width), not characters, so tables stay aligned around Chinese names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Characters a terminal acts on, or that reorder or break the text around them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# json.dumps escapes C0 itself; its own newlines (indentation) must stay.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: Any) -> str:
    """``value`` as one line of inert text (see the module docstring)."""
    text = "" if value is None else str(value)
    # A lone surrogate (undecodable bytes from the command line) cannot be written as UTF-8.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSAFE.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def dumps(data: Any) -> str:
    """JSON for a terminal or a pipe: readable Chinese, and the characters ``printable``
    escapes written as ``\\uXXXX`` (json already escapes C0; this adds DEL, C1, bidi)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Outside strings JSON has only ASCII punctuation, so every match is inside a string,
    # where \\uXXXX means the same character.
    return _UNSAFE_IN_JSON.sub(_json_escape, text.encode("utf-8", "backslashreplace").decode("utf-8"))


def width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two, combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def clip(text: str, columns: int) -> str:
    """The longest start of ``text`` that fits ``columns``; an ellipsis marks a cut."""
    if width(text) <= columns:
        return text
    kept, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + "…"


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` clipped to ``columns`` and padded with spaces to exactly that width."""
    text = clip(text, columns)
    fill = " " * (columns - width(text))
    return fill + text if right else text + fill
