"""Render every page of a PDF to PNG, for looking at generated reports without a printer.

Usage: python tools/render_pdf.py IN.pdf OUT_PREFIX   ->  OUT_PREFIX.png (one page)
                                                        or OUT_PREFIX-1.png, OUT_PREFIX-2.png, ...
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium

SCALE = 2.0  # 144 dpi: small text is legible, files stay small


def render(pdf_path: Path, out_prefix: Path, scale: float = SCALE) -> list[Path]:
    """Render each page and return the PNG paths written."""
    if out_prefix.suffix.lower() == ".png":  # accept "out.png" as well as "out"
        out_prefix = out_prefix.with_suffix("")
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(pdf_path))
    written: list[Path] = []
    try:
        count = len(pdf)
        for index in range(count):
            page = pdf[index]
            try:
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil()
            finally:
                page.close()
            suffix = ".png" if count == 1 else f"-{index + 1}.png"
            target = out_prefix.with_name(out_prefix.name + suffix)
            image.save(target)
            written.append(target)
    finally:
        pdf.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in render(Path(argv[1]), Path(argv[2])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
