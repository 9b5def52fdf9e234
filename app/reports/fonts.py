"""Font registration shared by every PDF report.

Reports contain Chinese text and must print the same on any machine, including ones
without a CJK system font, so the app ships its own font and embeds (a subset of) it in
each PDF. WenQuanYi Micro Hei is used because it has TrueType outlines; reportlab cannot
embed CFF-outline fonts such as Noto Sans CJK.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.resource_files import resource_path

FONT_PATH = resource_path("fonts", "wqy-microhei.ttc")

# Registered name -> index of the face inside the .ttc collection.
_REGULAR = ("WenQuanYiMicroHei", 0)
_MONO = ("WenQuanYiMicroHeiMono", 1)

_lock = threading.Lock()
_registered: set[str] = set()


class FontMissingError(RuntimeError):
    """The bundled font cannot be loaded, so no PDF with Chinese text can be produced."""


def register_cjk_font(*, monospace: bool = False) -> str:
    """Register the bundled CJK font with reportlab (once) and return its font name.

    Safe to call from every report and from several threads: registration happens only on
    the first call. ``monospace=True`` gives the fixed-width face of the same family, for
    codes and identifiers that people must copy character by character.
    """
    name, index = _MONO if monospace else _REGULAR
    with _lock:
        if name in _registered:
            return name
        if not FONT_PATH.is_file():
            raise FontMissingError(
                f"Cannot create the PDF: the bundled font file is missing ({FONT_PATH}). "
                "Reinstall Custos to restore it. / 无法生成 PDF：缺少内置字体文件，请重新安装 Custos。"
            )
        try:
            font = TTFont(name, str(FONT_PATH), subfontIndex=index)
        except (OSError, TTFError) as exc:
            raise FontMissingError(
                f"Cannot create the PDF: the bundled font file {FONT_PATH} is unreadable or "
                f"damaged ({exc}). Reinstall Custos to restore it. / "
                "无法生成 PDF：内置字体文件已损坏，请重新安装 Custos。"
            ) from exc
        pdfmetrics.registerFont(font)
        _registered.add(name)
    return name
