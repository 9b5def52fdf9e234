"""Render resources/icons/custos.svg into the icon files the Windows and macOS builds need.

    python packaging/make_icons.py

writes packaging/windows/custos.ico (16-256 px) and packaging/macos/custos.icns (16-1024 px).
Both are committed, so a release build needs no image tools; run this again after changing the
SVG (tests/test_dist.py checks that the files exist and hold every size).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "custos.svg"
ICO = ROOT / "packaging" / "windows" / "custos.ico"
ICNS = ROOT / "packaging" / "macos" / "custos.icns"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024]


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: only rendering
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    largest = render(renderer, max(ICNS_SIZES))
    ICO.parent.mkdir(parents=True, exist_ok=True)
    render(renderer, 256).save(ICO, sizes=[(s, s) for s in ICO_SIZES])
    ICNS.parent.mkdir(parents=True, exist_ok=True)
    largest.save(ICNS, append_images=[render(renderer, s) for s in ICNS_SIZES[:-1]])
    del app
    print(f"wrote {ICO.relative_to(ROOT)} and {ICNS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
