"""The customer card's Requests section: this customer's requests, their restriction of
processing and their legal holds, for whoever handles customers' requests.

- The requests (status and deadline, coloured like the requests window), "New request…" for
  this customer, "Open in the requests window" on the one selected, and for a 'correct'
  request "Correct on the card…": the Details editor opens in correction mode and its save
  goes through ``requests.correct``, so the change is recorded on the request and audited.
- A 'restrict' request is accepted here or in the window ("Restrict processing"); while the
  restriction is in force the card shows its banner to every role, and "Lift restriction…"
  asks for the reason (kept on the request and in the audit log).
- Legal holds (app/holds.py, PIPL Art. 47(2)): the fields an erasure must keep, until a day,
  with the reason; placed and released by a role that may erase customers.

The section only offers; every call goes through the core, which checks the permission again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import deadlines, holds, requests, restrictions
from app.access import access_for
from app.customers import Customer
from ui.customer_card import CardSection, CustomerCard, DetailsSection
from ui.customer_model import label_language
from ui.dates import format_day, format_moment
from ui.editor import audit_text_warning, fit_to_width
from ui.list_model import list_table_look
from ui.messages import describe
from ui.requests_dialog import DUE_SOON, OVERDUE, NewRequestDialog, RequestsDialog, state_text, type_text


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setStyleSheet("color: #b3261e;")
    label.setWordWrap(True)
    return label


class HoldDialog(QDialog):
    """Which fields to keep, until when and why. The reason is given to the customer in the
    reply and stays in the erasure ledger after the erasure: hence the warning."""

    def __init__(self, fields: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holdDialog")
        self.setWindowTitle(self.tr("Keep fields under a legal hold"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "When this customer is erased, the fields ticked here are kept until the day given,"
                " because a law or contract requires it (PIPL Art. 47(2)); nothing else is kept."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.fields = QListWidget()
        self.fields.setObjectName("holdFields")
        for key, label in fields:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.fields.addItem(item)
        self.fields.setMinimumHeight(150)
        form.addRow(self.tr("Fields to keep"), self.fields)
        self.until = QLineEdit(QDate.currentDate().addYears(5).toString(Qt.DateFormat.ISODate))
        self.until.setObjectName("holdUntil")
        self.until.setPlaceholderText(self.tr("YYYY-MM-DD"))
        form.addRow(self.tr("Keep until"), self.until)
        self.reason = QLineEdit()
        self.reason.setObjectName("holdReason")
        self.reason.setPlaceholderText(self.tr("e.g. Invoices: Accounting Archives Measures, 30 years"))
        form.addRow(self.tr("Reason"), self.reason)
        self.warning = audit_text_warning()
        form.addRow(self.warning)
        self.error = _error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_width(self, 480)

    def check(self, key: str) -> None:
        for row in range(self.fields.count()):
            item = self.fields.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setCheckState(Qt.CheckState.Checked)

    def values(self) -> dict[str, Any]:
        keys = [
            self.fields.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.fields.count())
            if self.fields.item(row).checkState() == Qt.CheckState.Checked
        ]
        return {"fields": keys, "until": self.until.text().strip(), "reason": self.reason.text()}


class LiftDialog(QDialog):
    """Why the restriction ends; kept on the request and in the audit log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liftDialog")
        self.setWindowTitle(self.tr("Lift the restriction"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "From now on the customer's data may be used again: exported, listed for marketing and"
                " updated by imports. Say why."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.reason = QLineEdit()
        self.reason.setObjectName("liftReason")
        self.reason.setPlaceholderText(self.tr("e.g. The customer withdrew the request by phone"))
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(audit_text_warning())
        self.error = _error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fit_to_width(self, 440)


class RequestsSection(CardSection):
    permission = "handle_requests"
    name = "requestsSection"

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__(host, card)
        self._generation = 0  # a read for an earlier customer is dropped
        self.rows: list[requests.Request] = []
        self.holds: list[holds.Hold] = []
        self.restriction: restrictions.Restriction | None = None
        self.settings = deadlines.Settings()
        self.new_dialog: NewRequestDialog | None = None
        self.lift_dialog: LiftDialog | None = None
        self.hold_dialog: HoldDialog | None = None
        self.requests_dialog: RequestsDialog | None = None
        self.may_hold = host.allows("erase_customers")

        self.restriction_label = QLabel()
        self.restriction_label.setObjectName("restrictionState")
        self.restriction_label.setWordWrap(True)
        self.lift_button = QPushButton()
        self.lift_button.setObjectName("liftRestriction")
        self.lift_button.clicked.connect(self.open_lift)
        restriction_row = QHBoxLayout()
        restriction_row.addWidget(self.restriction_label, 1)
        restriction_row.addWidget(self.lift_button)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("cardRequests")
        self.holds_table = QTableWidget(0, 4)
        self.holds_table.setObjectName("cardHolds")
        for table in (self.table, self.holds_table):
            list_table_look(table)
            table.setWordWrap(False)
            table.horizontalHeader().setDefaultAlignment(
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
        holds_header = self.holds_table.horizontalHeader()
        holds_header.setStretchLastSection(False)
        holds_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the reason takes the room
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_in_window())
        self.holds_table.itemSelectionChanged.connect(self._update_buttons)

        self.new_button = QPushButton()
        self.new_button.setObjectName("newRequestForCustomer")
        self.new_button.clicked.connect(self.open_new)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openRequest")
        self.open_button.clicked.connect(self.open_in_window)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correctOnCard")
        self.correct_button.clicked.connect(self.correct_on_card)
        self.restrict_button = QPushButton()
        self.restrict_button.setObjectName("restrictFromCard")
        self.restrict_button.clicked.connect(self.restrict)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.correct_button, self.restrict_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.add_hold_button = QPushButton()
        self.add_hold_button.setObjectName("addHold")
        self.add_hold_button.clicked.connect(self.open_hold)
        self.release_button = QPushButton()
        self.release_button.setObjectName("releaseHold")
        self.release_button.clicked.connect(self.release_selected)
        for button in (self.add_hold_button, self.release_button):
            button.setAutoDefault(False)
            button.setVisible(self.may_hold)  # the core checks 'erase_customers' again
        hold_buttons = QHBoxLayout()
        hold_buttons.addWidget(self.add_hold_button)
        hold_buttons.addWidget(self.release_button)
        hold_buttons.addStretch(1)
        self.holds_box = QGroupBox()
        self.holds_box.setObjectName("holdsBox")
        holds_layout = QVBoxLayout(self.holds_box)
        holds_layout.addWidget(self.holds_table)
        holds_layout.addLayout(hold_buttons)

        self.message = QLabel()
        self.message.setObjectName("requestsMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(restriction_row)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.holds_box, 1)
        layout.addWidget(self.message)
        self.retranslate()
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Requests")

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New request…"))
        self.open_button.setText(self.tr("Open in the requests window"))
        self.correct_button.setText(self.tr("Correct on the card…"))
        self.correct_button.setToolTip(
            self.tr("Open the details in correction mode: saving records the change on this request")
        )
        self.restrict_button.setText(self.tr("Restrict processing"))
        self.lift_button.setText(self.tr("Lift restriction…"))
        self.add_hold_button.setText(self.tr("Add hold…"))
        self.release_button.setText(self.tr("Release hold"))
        self.holds_box.setTitle(self.tr("Legal holds: fields kept after an erasure"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Reference"),
                self.tr("Type"),
                self.tr("Received"),
                self.tr("Deadline"),
                self.tr("State"),
            ]
        )
        self.holds_table.setHorizontalHeaderLabels(
            [self.tr("Fields"), self.tr("Until"), self.tr("Reason"), self.tr("State")]
        )
        self._fill()

    # ------------------------------------------------------------------ reading

    def show_customer(self, customer: Customer) -> None:
        self._generation += 1
        generation, vault, actor, cid = self._generation, self.host.vault, self.host.vault.actor, customer.id

        def read(_task: Any) -> tuple:
            return (
                generation,
                requests.list_requests(vault, actor, status="all", customer_id=cid),
                holds.for_customer(vault, actor, cid),
                restrictions.current(vault, actor, cid),
                deadlines.load(vault.connection()),
            )

        self.host.runner.run(read, on_result=self._read, on_error=self._failed, vault=vault, parent=self)
        self._update_buttons()

    def _read(self, result: tuple) -> None:
        generation, rows, found_holds, restriction, settings = result
        if generation != self._generation or self.card.customer is None:
            return
        self.rows, self.holds, self.restriction, self.settings = rows, found_holds, restriction, settings
        self._fill()
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(describe(error))
        self._update_buttons()

    def clear(self) -> None:
        self._generation += 1
        self.rows, self.holds, self.restriction = [], [], None
        self.table.setRowCount(0)
        self.holds_table.setRowCount(0)
        self.message.clear()
        self.restriction_label.clear()
        self._update_buttons()

    def _fill(self) -> None:
        today = date.today()
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            state = r.state(today, self.settings)
            due = (
                self.tr("paused")
                if r.deadline.due is None
                else format_day(r.deadline.due) + ("*" if r.deadline.estimated else "")
            )
            cells = [r.reference, type_text(r.type), format_day(r.received_at), due, state_text(state)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if state in ("overdue", "due_soon"):
                    item.setForeground(QBrush(OVERDUE if state == "overdue" else DUE_SOON))
                self.table.setItem(row, column, item)
        # Only with holds to show: a language change while locked retranslates with none (and
        # the locked vault has no policy to read).
        access = access_for(self.host.vault, self.host.vault.actor) if self.holds else None
        self.holds_table.setRowCount(len(self.holds))
        for row, hold in enumerate(self.holds):
            separator = "、" if label_language().startswith("zh") else ", "
            labels = separator.join(access.field_label(k) if access else k for k in hold.fields)
            if hold.released_at:
                state = self.tr("Released")
            elif hold.active():
                state = self.tr("In force")
            else:
                state = self.tr("Ended")
            for column, text in enumerate((labels, format_day(hold.until), hold.reason, state)):
                self.holds_table.setItem(row, column, QTableWidgetItem(text))
        if self.restriction is not None:
            self.restriction_label.setText(
                self.tr("Processing restricted since %1 (request %2).")
                .replace("%1", format_moment(self.restriction.since))
                .replace("%2", f"R-{self.restriction.request_id:06d}" if self.restriction.request_id else "-")
            )
            self.restriction_label.setStyleSheet("color: #8c1d18; font-weight: bold;")
        elif self.card.customer is not None:
            self.restriction_label.setText(self.tr("Processing is not restricted."))
            self.restriction_label.setStyleSheet("color: palette(placeholder-text);")

    def selected(self) -> requests.Request | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def selected_hold(self) -> holds.Hold | None:
        rows = self.holds_table.selectionModel().selectedRows()
        return self.holds[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        current = self.selected()
        shown = self.card.customer is not None
        ready = (
            current is not None
            and current.status != requests.CLOSED
            and current.identity_status == "verified"
        )
        self.new_button.setEnabled(shown)
        self.open_button.setEnabled(current is not None)
        self.correct_button.setEnabled(ready and current.type == "correct" and self.card.details is not None)
        self.correct_button.setVisible(current is not None and current.type == "correct")
        self.restrict_button.setVisible(current is not None and current.type == "restrict")
        self.restrict_button.setEnabled(ready and current.type == "restrict" and self.restriction is None)
        self.lift_button.setVisible(self.restriction is not None)
        self.add_hold_button.setEnabled(shown)
        hold = self.selected_hold()
        self.release_button.setEnabled(hold is not None and hold.released_at is None)

    def select_request(self, request_id: int) -> None:
        row = next((i for i, r in enumerate(self.rows) if r.id == request_id), None)
        if row is not None:
            self.table.selectRow(row)

    # ------------------------------------------------------------------ acting

    def _run(self, work: Any, done_text: str, *, on_error: Any = None) -> None:
        vault, actor = self.host.vault, self.host.vault.actor

        def finished(_result: Any) -> None:
            self.message.setText(done_text)
            self.host.refresh_requests()
            self.changed.emit()
            self.refresh()

        self.host.runner.run(
            lambda _task: work(vault, actor),
            on_result=finished,
            on_error=on_error or self._failed,
            vault=vault,
            parent=self,
        )

    def open_new(self) -> NewRequestDialog | None:
        customer = self.card.customer
        if customer is None:
            return None
        dialog = NewRequestDialog(self, customer.id)
        self.new_dialog = dialog
        dialog.accepted.connect(lambda: self._save_new(dialog, customer.id))
        dialog.open()
        return dialog

    def _save_new(self, dialog: NewRequestDialog, customer_id: int) -> None:
        values = {**dialog.values(), "customer_id": customer_id}

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()  # the same dialog, with what was typed and the message

        def saved(request: requests.Request) -> None:
            self.new_dialog = None
            self.message.setText(self.tr("Registered %1.").replace("%1", request.reference))
            self.host.refresh_requests()
            self.refresh()

        vault, actor = self.host.vault, self.host.vault.actor
        self.host.runner.run(
            lambda _task: requests.add(vault, actor, **values),
            on_result=saved,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def open_in_window(self) -> RequestsDialog | None:
        current = self.selected()
        if current is None:
            return None
        dialog = RequestsDialog(
            self.host.vault, self.host.runner, self.host.window(), select_request=current.id
        )
        self.requests_dialog = dialog
        dialog.changed.connect(self.host.refresh_requests)
        dialog.changed.connect(self.refresh)
        dialog.changed.connect(self.changed)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def correct_on_card(self) -> Any:
        """Details, in correction mode for the selected 'correct' request."""
        current = self.selected()
        if current is None or current.type != "correct":
            return None
        details = self.card.show_section(DetailsSection)
        if details is None or details.editor is None:
            return None
        details.editor.correct_for(current.id, current.reference)
        details.focus_first()
        return details.editor

    def restrict(self) -> None:
        current = self.selected()
        if current is None:
            return
        self.restrict_button.setEnabled(False)
        self._run(
            lambda vault, actor: requests.restrict(vault, actor, current.id),
            self.tr("Processing restricted for %1.").replace("%1", current.reference),
        )

    def open_lift(self) -> LiftDialog | None:
        restriction = self.restriction
        if restriction is None:
            return None
        dialog = LiftDialog(self)
        self.lift_dialog = dialog
        dialog.accepted.connect(lambda: self._lift(dialog, restriction.id))
        dialog.open()
        return dialog

    def _lift(self, dialog: LiftDialog, restriction_id: int) -> None:
        reason = dialog.reason.text()

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()

        self._run(
            lambda vault, actor: requests.lift_restriction(vault, actor, restriction_id, reason=reason),
            self.tr("The restriction is lifted."),
            on_error=failed,
        )

    def open_hold(self) -> HoldDialog | None:
        customer = self.card.customer
        if customer is None:
            return None
        access = access_for(self.host.vault, self.host.vault.actor)
        language = label_language()
        fields = [(f.key, f.label(language)) for f in access.catalogue.active()]
        dialog = HoldDialog(fields, self)
        self.hold_dialog = dialog
        dialog.accepted.connect(lambda: self._place_hold(dialog, customer.id))
        dialog.open()
        return dialog

    def _place_hold(self, dialog: HoldDialog, customer_id: int) -> None:
        values = dialog.values()
        current = self.selected()
        request_id = current.id if current is not None and current.type == "delete" else None

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()

        self._run(
            lambda vault, actor: holds.place(vault, actor, customer_id, request_id=request_id, **values),
            self.tr("The hold is recorded."),
            on_error=failed,
        )

    def release_selected(self) -> None:
        hold = self.selected_hold()
        if hold is None:
            return
        self.release_button.setEnabled(False)
        self._run(
            lambda vault, actor: holds.release(vault, actor, hold.id),
            self.tr("The hold is released."),
        )
