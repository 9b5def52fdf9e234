"""Refresh the core's gettext catalogues from the code: what ``pyside6-lupdate`` is for ui/.

Collects every literal passed to ``_()``, ``N_()`` and ``ngettext()`` in app/ and rewrites each
``app/locale/<lang>/LC_MESSAGES/custos.po``: translations of messages still in the code are
kept, new messages are added untranslated, messages no longer in the code are dropped. Then
translate the empty ``msgstr`` entries (tests/test_locale.py fails until every one is).

    .venv/bin/python tools/update_po.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.i18n import PoTranslations  # noqa: E402

APP = ROOT / "app"
LOCALE = APP / "locale"
HEADER = {
    "zh_CN": (
        "Project-Id-Version: custos\\n"
        "Language: zh_CN\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"
    )
}


def messages() -> dict[str, tuple[str | None, list[str]]]:
    """msgid -> (plural msgid or None, ["app/file.py:line", ...]) in order of appearance."""
    found: dict[str, tuple[str | None, list[str]]] = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = node.args
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.id in ("_", "N_") and len(args) == 1 and literal[0]:
                msgid, plural = args[0].value, None
            elif node.func.id == "ngettext" and len(args) == 3 and literal[0] and literal[1]:
                msgid, plural = args[0].value, args[1].value
            else:
                continue
            entry = found.setdefault(msgid, (plural, []))
            entry[1].append(where)
    return found


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def render(language: str, current: dict[str, tuple[str | None, list[str]]], old: PoTranslations) -> str:
    lines = ['msgid ""', 'msgstr ""', *(f'"{line}\\n"' for line in HEADER[language].split("\\n") if line), ""]
    for msgid, (plural, places) in sorted(current.items(), key=lambda item: item[1][1][0]):
        lines += [f"#: {' '.join(places[:3])}"]
        if "{" in msgid:
            lines.append("#, python-brace-format")
        lines.append(f"msgid {quote(msgid)}")
        if plural is None:
            lines.append(f"msgstr {quote(old.gettext(msgid) if old.translated(msgid) else '')}")
        else:
            lines.append(f"msgid_plural {quote(plural)}")
            lines.append(
                f"msgstr[0] {quote(old.ngettext(msgid, plural, 1) if old.translated(msgid) else '')}"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    current = messages()
    for language in HEADER:
        po = LOCALE / language / "LC_MESSAGES" / "custos.po"
        old = PoTranslations(po.read_text("utf-8") if po.is_file() else "")
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_text(render(language, current, old), "utf-8")
        missing = [m for m in current if not old.translated(m)]
        print(f"{po.relative_to(ROOT)}: {len(current)} messages, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
