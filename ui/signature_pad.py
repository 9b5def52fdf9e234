"""A pad the customer signs on: mouse, pen (tablet) or finger (touch), turned into a PNG.

The PNG is what ``app.consent.record`` keeps as evidence: dark ink on a transparent background,
at the pad's logical size, so that the core's own check (is there any ink at all?) decides
whether a signature is empty. The pad only collects strokes; it never judges them.

A pen's pressure widens the line a little, as on paper. Qt turns an unaccepted tablet or touch
event into a mouse event; the pad accepts both, so one stroke is never drawn twice.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#101040")
BASE_WIDTH = 2.6  # logical pixels at mid pressure


class SignaturePad(QWidget):
    """Strokes drawn by the customer; ``to_png()`` hands them on, ``clear()`` starts again."""

    changed = Signal()  # a stroke began, or the pad was cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(420, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Delete clears it
        self.setCursor(Qt.CursorShape.CrossCursor)
        # Each stroke: points with the pressure they were drawn at (1.0 for a mouse or finger).
        self._strokes: list[list[tuple[QPointF, float]]] = []
        self._drawing = False
        self.setToolTip(self.tr("Sign with the mouse, a pen or a finger. Delete clears the pad."))

    def sizeHint(self) -> QSize:
        return QSize(520, 180)

    # ------------------------------------------------------------------ state

    def is_empty(self) -> bool:
        return not self._strokes

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def to_png(self) -> bytes:
        """The signature as PNG bytes (empty bytes when nothing was drawn)."""
        if not self._strokes:
            return b""
        image = QImage(self.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # ------------------------------------------------------------------ input

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([(QPointF(pos), pressure)])
        self.update()
        self.changed.emit()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append((QPointF(pos), pressure))
            self.update()

    def _end(self, pos: QPointF, pressure: float) -> None:
        if self._drawing:
            self._extend(pos, pressure)
        self._drawing = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 1.0)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position(), 1.0)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position(), 1.0)
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = max(0.2, event.pressure() or 0.0)
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position(), pressure)
        event.accept()  # no synthesized mouse event: the stroke is drawn once

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            touch: QTouchEvent = event  # type: ignore[assignment]
            points = touch.points()
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos, 1.0)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos, 1.0)
                else:
                    self._end(pos, 1.0)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._drawing = False
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._strokes:
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ painting

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for stroke in self._strokes:
            if len(stroke) == 1:  # a dot: a tap, or the dot on an i
                point, pressure = stroke[0]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                radius = BASE_WIDTH * (0.6 + pressure * 0.6)
                painter.drawEllipse(point, radius, radius)
                continue
            for (start, p0), (end, p1) in itertools.pairwise(stroke):
                pen = QPen(INK, BASE_WIDTH * (0.6 + (p0 + p1) * 0.4))
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(start, end)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        border = QColor("#1a73e8") if self.hasFocus() else QColor("#b8bec8")
        painter.setPen(QPen(border, 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        # The line to sign on, and a cross where a signature usually starts.
        baseline = self.height() - 36
        painter.setPen(QPen(QColor("#c8cdd5"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        painter.setPen(QPen(QColor("#9aa0a6"), 1))
        painter.drawText(24, baseline - 6, "✕")
        if not self._strokes:
            painter.setPen(QColor("#9aa0a6"))
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -40),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("Sign here"),
            )
        self._paint_strokes(painter)
        painter.end()
