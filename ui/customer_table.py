"""The customer table: one row per customer, selected whole, columns that keep their widths.

A person clicks a customer, not a cell, so the table selects rows and draws no focus frame
around the clicked cell (which made a selected row look like one selected cell). Sorting is the
core's (the header click goes to ``CustomerTableModel.sort``), never the view's.

Column widths are kept per field key: fitted once to the header and the first page, or dragged
by the user. A change of columns — a new custom field, the column chooser, a new role policy —
keeps every known width and fits only a column never seen before.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui.customer_model import CustomerTableModel

MIN_COLUMN_WIDTH = 72
MAX_COLUMN_WIDTH = 340


class _RowDelegate(QStyledItemDelegate):
    """Paints every cell of the selected row alike: no frame marks the cell that was clicked."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.state &= ~QStyle.StateFlag.State_HasFocus


class CustomerTable(QTableView):
    def __init__(self, model: CustomerTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerTable")
        self.setModel(model)
        self._model = model
        self.setItemDelegate(_RowDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSortingEnabled(False)  # a header click sorts in the core (MainWindow)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self._widths: dict[str, int] = {}
        self._setting_widths = False
        header.sectionResized.connect(self._section_resized)
        model.modelAboutToBeReset.connect(self._resetting)
        model.modelReset.connect(self.fit_columns)

    def column_widths(self) -> dict[str, int]:
        """The width of each shown field's column, by field key."""
        header = self.horizontalHeader()
        return {field.key: header.sectionSize(c) for c, field in enumerate(self._model.fields())}

    def _resetting(self) -> None:
        self._setting_widths = True  # the header re-creates its sections: no width is chosen here

    def _section_resized(self, column: int, _old: int, new: int) -> None:
        """Remember a width the user dragged (the stretched last column has none of its own)."""
        fields = self._model.fields()
        if not self._setting_widths and 0 <= column < len(fields) - 1:
            self._widths[fields[column].key] = new

    def fit_columns(self) -> None:
        """Give every column its known width; fit new ones to the header and the first page only.

        Never measures every row. A width is remembered only once rows were measured, so the
        columns of an empty list are fitted again when the first customers arrive.
        """
        model = self._model
        self._setting_widths = True
        try:
            if model.columnCount() == 0 or model.view is None:
                return
            header = self.horizontalHeader()
            fm, header_fm = self.fontMetrics(), header.fontMetrics()
            sample = min(model.page_size, model.rowCount())
            for column, field in enumerate(model.fields()):
                width = self._widths.get(field.key)
                if width is None:
                    label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                    width = header_fm.horizontalAdvance(label) + 36  # room for the sort arrow
                    for row in range(sample):
                        text = model.data(model.index(row, column))
                        if text:
                            width = max(width, fm.horizontalAdvance(str(text)) + 24)
                    width = max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, width))
                    if sample > 0:
                        self._widths[field.key] = width
                header.resizeSection(column, width)
        finally:
            self._setting_widths = False
