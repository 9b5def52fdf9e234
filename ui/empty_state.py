"""The panel shown instead of an empty customer table: what happened and what to do next.

A blank white table tells a new user nothing. The main window shows this panel when the list has
no row to show — no customers yet (with the first steps: add a customer, and whatever features
offer as a first step, such as an import) or no match for the search (with a way out) — and
the table again as soon as there is a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui import style


class EmptyState(QWidget):
    """A centred title, one explaining paragraph and up to a few buttons (the first is primary)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAutoFillBackground(True)
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.title.setFont(style.scaled_font(self.title, 1.5, bold=True))
        self.title.setStyleSheet(f"color: {style.ACCENT};")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setObjectName("emptyMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {style.MUTED};")
        self.message.setFixedWidth(520)  # a wrapped label in a centred slot needs a width
        self.buttons: list[QPushButton] = []
        self._button_row = QHBoxLayout()
        self._button_row.setSpacing(style.SPACING)

        column = QVBoxLayout()
        column.setSpacing(style.SPACING)
        column.addWidget(self.title)
        message_row = QHBoxLayout()
        message_row.addStretch(1)
        message_row.addWidget(self.message)
        message_row.addStretch(1)
        column.addLayout(message_row)
        column.addSpacing(8)
        column.addLayout(self._button_row)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column)
        layout.addStretch(2)

    def show_state(
        self, title: str, message: str, buttons: Sequence[tuple[str, QIcon | None, Callable[[], object]]]
    ) -> None:
        """Show ``title``, ``message`` and a button per (text, icon, what it does)."""
        self.title.setText(title)
        self.message.setText(message)
        for button in self.buttons:
            self._button_row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        while self._button_row.count():
            self._button_row.takeAt(0)
        self._button_row.addStretch(1)
        for number, (text, icon, slot) in enumerate(buttons):
            button = QPushButton(text)
            button.setObjectName(f"emptyButton{number}")
            if icon is not None:
                button.setIcon(icon)
            button.setMinimumHeight(button.sizeHint().height() + 8)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            button.setAutoDefault(False)  # Enter in the search box must not press it
            if number == 0:
                button.setFont(style.scaled_font(button, 1.0, bold=True))
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            self._button_row.addWidget(button)
            self.buttons.append(button)
        self._button_row.addStretch(1)

    def button_texts(self) -> list[str]:
        return [button.text() for button in self.buttons]
