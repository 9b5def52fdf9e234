"""The table model behind the registers (requests, alerts, incidents, field packs, the merge
queue): a plain list loaded whole — tens to hundreds of rows — so counting and replacing rows is
the same everywhere and each register writes only its ``data`` and headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


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

    def headers(self) -> Sequence[str]:
        """The column titles, translated each time they are asked for."""
        return ()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section]


def list_table_look(table: QTableView) -> None:
    """How every register's read-only list behaves: whole rows, one at a time, never edited in
    place, no row numbers, columns as wide as their contents and the last one taking the rest.
    Each caller adds only what its own list needs (no word wrap, alternating rows, …)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


def list_table_view(model: QAbstractTableModel, name: str) -> QTableView:
    """A register's list over ``model``, named for tests and screenshots."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    list_table_look(table)
    return table
