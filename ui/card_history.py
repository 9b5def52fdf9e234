"""The card's History section: this customer's entries in the audit log, newest first.

The same paged model as Tools → Audit log (``ui.audit_dialog.AuditTableModel`` over
``app.audit.read``), fixed to one customer: pages are read on the task runner, and the core
checks 'view_audit' on every page. "Filters and verification…" opens the full window for the
same customer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app import audit
from app.customers import Customer
from ui.audit_dialog import AuditDialog, AuditTableModel
from ui.customer_card import CardSection, CustomerCard


class HistorySection(CardSection):
    permission = "view_audit"
    name = "historySection"

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__(host, card)
        self.model = AuditTableModel(host.vault, host.runner, self)
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 80, 150, 0)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.hideColumn(3)  # "About": always this customer
        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")
        self.count_label.setWordWrap(True)
        self.full_button = QPushButton()
        self.full_button.setObjectName("historyFullButton")
        self.full_button.setAutoDefault(False)
        self.full_button.clicked.connect(self.open_full)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.full_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.retranslate()

    def retranslate(self) -> None:
        self.full_button.setText(self.tr("Filters and verification…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)

    def title(self) -> str:
        return self.tr("History")

    def show_customer(self, customer: Customer) -> None:
        self.count_label.setText(self.tr("Reading…"))
        self.model.set_filter(audit.AuditFilter(customer=customer.id))

    def clear(self) -> None:
        self.model.clear()
        self.count_label.clear()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if shown == 0:
            self.count_label.setText(self.tr("No entries about this customer."))
        elif self.model.at_end:
            self.count_label.setText(self.tr("Entries: %1").replace("%1", f"{shown:,}"))
        else:
            self.count_label.setText(
                self.tr("Entries shown: %1 (scroll for older ones)").replace("%1", f"{shown:,}")
            )

    def _failed(self, message: str) -> None:
        self.count_label.setText(message)

    def open_full(self) -> AuditDialog | None:
        customer = self.card.customer
        if customer is None:
            return None
        dialog = AuditDialog(
            self.host.vault,
            self.host.runner,
            self.host.window(),
            customer_id=customer.id,
            customer_name=customer.name,
        )
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
