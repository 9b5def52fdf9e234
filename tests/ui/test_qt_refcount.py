"""PySide6 6.12.0 on Python 3.11 over-released references to None/True in model signals
until the interpreter died with ``Fatal Python error: none_dealloc``. pyproject.toml pins
below 6.12 on 3.11; this fails if an upgrade brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt


class _Model(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows = 0

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self.rows

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        return index.row() if role == Qt.ItemDataRole.DisplayRole else None


def test_model_signals_do_not_leak_or_over_release_none_and_true(qapp) -> None:
    model = _Model()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(3000):
        model.beginResetModel()
        model.endResetModel()
        model.beginInsertRows(QModelIndex(), model.rows, model.rows)
        model.rows += 1
        model.endInsertRows()
        model.dataChanged.emit(model.index(0), model.index(0))
    # Immortal objects (3.12+) report a huge constant; on 3.11 a drop of thousands means the bug.
    assert sys.getrefcount(None) >= none_before - 100
    assert sys.getrefcount(True) >= true_before - 100
