"""The table model behind the registers (requests, alerts, incidents, field packs, the merge
queue): a plain list loaded whole — tens to hundreds of rows — so counting and replacing rows is
the same everywhere and each register writes only its ``data`` and headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex
from PySide6.QtWidgets import QWidget


class ListTableModel(QAbstractTableModel):
    column_count = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: Any) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The row's object, or None for a row that is not there (no selection)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_count
