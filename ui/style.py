"""The look shared by Custos's windows: colours, a few label kinds, fonts.

Kept small on purpose: widgets use the platform style and these helpers only add what the
platform does not have (a page title, an inline error line, a muted note, the CJK font).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QSizePolicy, QWidget

from app.resource_files import resource_path

FONTS_DIR = resource_path("fonts")
CJK_FONT = FONTS_DIR / "wqy-microhei.ttc"

ACCENT = "#1f3a5f"  # the emergency kit's ink blue
ERROR = "#b3261e"
SUCCESS = "#1b6e3a"
MUTED = "#5f6670"
PANEL = "#f2f4f7"
PANEL_BORDER = "#c8cdd5"

# Strength levels 0..4: too short, weak, fair, good, strong.
STRENGTH_COLOURS = ("#b3261e", "#c8551b", "#b08800", "#4a8f3c", "#1b6e3a")

DIALOG_MARGIN = 24
SPACING = 12


def register_fonts() -> list[str]:
    """Make the bundled CJK font available, so Chinese never shows as boxes.

    Needed where the system has no CJK font (minimal Linux installs, offscreen rendering);
    harmless elsewhere. Returns the families added (empty if the file is missing).
    """
    if not CJK_FONT.is_file():
        return []
    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
    return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    if bold:
        font.setWeight(QFont.Weight.Bold)
    return font


def monospace_font(point_size: float) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A window's heading, for dialogs (wizard pages have their own title)."""
    label = QLabel(text, parent)
    label.setObjectName("titleLabel")
    label.setFont(scaled_font(label, 1.45, bold=True))
    label.setStyleSheet(f"color: {ACCENT};")
    label.setWordWrap(True)
    return label


def note_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """Secondary text: explanations and hints, smaller and grey."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setFont(scaled_font(label, 0.92))
    label.setStyleSheet(f"color: {MUTED};")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class InlineMessage(QLabel):
    """A one-line (wrapping) message under a form: red for errors, green for success.

    Hidden while empty so forms do not carry a blank gap.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.kind = ""
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, ERROR, "error")

    def show_success(self, text: str) -> None:
        self._show(text, SUCCESS, "success")

    def show_info(self, text: str) -> None:
        self._show(text, MUTED, "info")

    def _show(self, text: str, colour: str, kind: str) -> None:
        self.kind = kind
        self.setStyleSheet(f"color: {colour};")
        self.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


class ElidedLabel(QLabel):
    """One line of text shortened in the middle to fit (paths keep both ends); the full
    text is the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 40)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


def fit_width(window: QWidget, width: int) -> None:
    """Give a top-level window ``width`` and exactly the height its wrapped text needs there.

    Qt sizes a new window for its (narrower) size hint and then widens it to the minimum
    width, leaving the height meant for the narrow layout: wrapped labels float in gaps.
    """
    window.setMinimumWidth(width)
    layout = window.layout()
    if layout is not None:
        layout.activate()
    height = window.heightForWidth(width) if window.hasHeightForWidth() else -1
    window.resize(width, max(height, window.minimumSizeHint().height()))


class FormGrid(QGridLayout):
    """A label/field form on a grid. Unlike QFormLayout, a word-wrapped note under a field
    gets only the height its lines need (QFormLayout sizes such rows for a narrow column,
    leaving gaps that grow with the window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.setHorizontalSpacing(14)
        self.setVerticalSpacing(8)
        self.setColumnStretch(1, 1)

    def add_row(self, label: str, field: QWidget | QLayout) -> QLabel | None:
        row = self.rowCount()
        caption = None
        if label:
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.addWidget(caption, row, 0)
            if isinstance(field, QWidget):
                caption.setBuddy(field)
        if isinstance(field, QWidget):
            self.addWidget(field, row, 1)
        else:
            self.addLayout(field, row, 1)
        return caption

    def add_gap(self, height: int = 8) -> None:
        self.setRowMinimumHeight(self.rowCount(), height)
