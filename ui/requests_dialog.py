"""Tools → Customers' requests…: the requests register with deadlines, new requests, identity
checks, actions, closing with the outcome and the reply letter.

Everything goes through app/requests.py (which checks 'handle customers' requests' on every
call) on the task runner; writing the reply PDF runs there too. Overdue requests are shown in
red, due-soon ones in amber; a deadline past the official holiday calendar is marked with *.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import datacopy, deadlines, erasure, requests
from app.access import access_for
from app.files import write_atomic
from app.reports import reply_letter
from ui.dates import format_moment
from ui.feature import Feature, Host, Section
from ui.folders import documents_folder
from ui.list_model import ListTableModel
from ui.messages import ask_before, describe

OVERDUE, DUE_SOON = QColor("#b3261e"), QColor("#8a5a00")


def type_text(type_: str) -> str:
    names = {
        "know": QCoreApplication.translate("RequestsDialog", "Know and copy"),
        "correct": QCoreApplication.translate("RequestsDialog", "Correct or complete"),
        "delete": QCoreApplication.translate("RequestsDialog", "Delete"),
        "withdraw": QCoreApplication.translate("RequestsDialog", "Withdraw consent"),
        "restrict": QCoreApplication.translate("RequestsDialog", "Restrict or object"),
        "portability": QCoreApplication.translate("RequestsDialog", "Transfer a copy"),
        "explain": QCoreApplication.translate("RequestsDialog", "Explain the rules"),
    }
    return names.get(type_, type_)


def state_text(state: str) -> str:
    names = {
        "overdue": QCoreApplication.translate("RequestsDialog", "Overdue"),
        "due_soon": QCoreApplication.translate("RequestsDialog", "Due soon"),
        "paused": QCoreApplication.translate("RequestsDialog", "Waiting for identity"),
        "ok": QCoreApplication.translate("RequestsDialog", "Open"),
        "closed": QCoreApplication.translate("RequestsDialog", "Closed"),
    }
    return names.get(state, state)


def event_text(event: requests.Event) -> str:
    """One entry of a request's actions as a person reads it: what happened, and to which
    fields (names only; the values are on the card and in the customer's history)."""
    d = event.details
    fields = ", ".join(d.get("fields", []))
    texts = {
        "received": QCoreApplication.translate("RequestEvents", "Received"),
        "updated": QCoreApplication.translate("RequestEvents", "Register entry changed: %1").replace(
            "%1", fields
        ),
        "identity_requested": QCoreApplication.translate(
            "RequestEvents", "Asked for proof of identity (the clock stops)"
        ),
        "identity_checked": (
            QCoreApplication.translate("RequestEvents", "Identity verified: %1")
            if d.get("verified")
            else QCoreApplication.translate("RequestEvents", "Identity check failed: %1")
        ).replace("%1", str(d.get("method", ""))),
        "extended": QCoreApplication.translate("RequestEvents", "Deadline extended"),
        "action": QCoreApplication.translate("RequestEvents", "Action: %1").replace(
            "%1", str(d.get("note", ""))
        ),
        "corrected": QCoreApplication.translate("RequestEvents", "Corrected on the card: %1").replace(
            "%1", fields or QCoreApplication.translate("RequestEvents", "nothing changed")
        ),
        "consent_withdrawn": QCoreApplication.translate("RequestEvents", "Consent withdrawn: %1").replace(
            "%1", str(d.get("purpose", ""))
        ),
        "copy_made": QCoreApplication.translate("RequestEvents", "Copy of their data made (%1)").replace(
            "%1", str(d.get("format", "")).upper()
        ),
        "reply_written": QCoreApplication.translate("RequestEvents", "Reply letter written (%1)").replace(
            "%1", str(d.get("language", ""))
        ),
        "restricted": QCoreApplication.translate("RequestEvents", "Processing restricted"),
        "restriction_lifted": QCoreApplication.translate("RequestEvents", "Restriction lifted"),
        "erased": QCoreApplication.translate("RequestEvents", "Customer erased"),
        "closed": QCoreApplication.translate("RequestEvents", "Closed: %1").replace(
            "%1", outcome_text(str(d.get("outcome", "")))
        ),
    }
    return texts.get(event.kind, event.kind)


def outcome_text(outcome: str) -> str:
    return {
        "done": QCoreApplication.translate("RequestsDialog", "Done"),
        "partly_done": QCoreApplication.translate("RequestsDialog", "Partly done"),
        "refused": QCoreApplication.translate("RequestsDialog", "Refused"),
    }.get(outcome, outcome)


def events_text(request: requests.Request) -> str:
    """The request's actions, oldest first, one per line with when and who."""
    return "\n".join(f"{format_moment(e.at)}  {e.actor}  {event_text(e)}" for e in request.events)


class RequestsModel(ListTableModel):
    column_count = 7

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = deadlines.Settings()
        self.today = date.today()

    def set_rows(self, rows: list[requests.Request], settings: deadlines.Settings) -> None:
        self.beginResetModel()
        self.rows, self.settings, self.today = rows, settings, date.today()
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        state = r.state(self.today, self.settings)
        if role == Qt.ItemDataRole.ForegroundRole and state in ("overdue", "due_soon"):
            return OVERDUE if state == "overdue" else DUE_SOON
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return r.reference
        if column == 1:
            return type_text(r.type)
        if column == 2:
            return r.received_at
        if column == 3:
            return r.requester or QCoreApplication.translate("RequestsDialog", "(erased)")
        if column == 4:
            return str(r.customer_id) if r.customer_id else ""
        if column == 5:
            if r.deadline.due is None:
                return QCoreApplication.translate("RequestsDialog", "paused")
            return r.deadline.due.isoformat() + ("*" if r.deadline.estimated else "")
        return state_text(state)

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("RequestsDialog", "Reference"),
            QCoreApplication.translate("RequestsDialog", "Type"),
            QCoreApplication.translate("RequestsDialog", "Received"),
            QCoreApplication.translate("RequestsDialog", "Requester"),
            QCoreApplication.translate("RequestsDialog", "Customer"),
            QCoreApplication.translate("RequestsDialog", "Deadline"),
            QCoreApplication.translate("RequestsDialog", "State"),
        )


class NewRequestDialog(QDialog):
    """The fields of a new request; the core validates, and a refusal keeps what was typed."""

    def __init__(self, parent: QWidget | None = None, customer_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newRequestDialog")
        self.setWindowTitle(self.tr("New request"))
        form = QFormLayout(self)
        self.type = QComboBox()
        self.type.setObjectName("requestType")
        for key in requests.TYPES:
            self.type.addItem(type_text(key), key)
        self.requester = QLineEdit()
        self.requester.setObjectName("requester")
        self.via = QComboBox()
        self.via.setObjectName("receivedVia")
        for key, text in (
            ("in_person", self.tr("In person")),
            ("phone", self.tr("Phone")),
            ("email", self.tr("E-mail")),
            ("letter", self.tr("Letter")),
            ("online", self.tr("Online")),
            ("other", self.tr("Other")),
        ):
            self.via.addItem(text, key)
        self.customer = QLineEdit(str(customer_id) if customer_id else "")
        self.customer.setObjectName("customerId")
        self.customer.setPlaceholderText(self.tr("Customer no. (if known)"))
        self.details = QLineEdit()
        self.details.setObjectName("details")
        self.identity = QLineEdit()
        self.identity.setObjectName("identityMethod")
        self.identity.setPlaceholderText(self.tr("e.g. ID card seen at the counter"))
        self.verified = QCheckBox(self.tr("Identity verified"))
        self.verified.setObjectName("identityVerified")
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("Requester"), self.requester)
        form.addRow(self.tr("Received via"), self.via)
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("What was asked"), self.details)
        form.addRow(self.tr("Identity check"), self.identity)
        form.addRow("", self.verified)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        text = self.customer.text().strip()
        return {
            "type": self.type.currentData(),
            "requester": self.requester.text(),
            "received_via": self.via.currentData(),
            "customer_id": int(text) if text.isdigit() else (text or None),
            "details": self.details.text(),
            "identity_method": self.identity.text(),
            "identity_verified": self.verified.isChecked(),
        }


class CloseRequestDialog(QDialog):
    """The outcome, the reasons for a refusal or partial answer, and the reply's own words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeRequestDialog")
        self.setWindowTitle(self.tr("Close request"))
        form = QFormLayout(self)
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        for key, text in (
            ("done", self.tr("Done")),
            ("partly_done", self.tr("Partly done")),
            ("refused", self.tr("Refused")),
        ):
            self.outcome.addItem(text, key)
        form.addRow(self.tr("Outcome"), self.outcome)
        self.reasons: dict[str, QCheckBox] = {}
        labels = {
            "identity": self.tr("Identity could not be verified"),
            "retention_law": self.tr("A law requires keeping the data (PIPL Art. 47(2))"),
            "secrecy": self.tr("A law requires confidentiality"),
            "others_rights": self.tr("It would harm other people's rights"),
            "no_data": self.tr("We hold no data about them"),
            "unfounded": self.tr("Manifestly unfounded or excessive"),
            "other": self.tr("Another reason (explain below)"),
        }
        for code in requests.REASONS:
            box = QCheckBox(labels[code])
            box.setObjectName(f"reason_{code}")
            self.reasons[code] = box
            form.addRow("", box)
        self.other = QLineEdit()
        self.other.setObjectName("otherReason")
        form.addRow(self.tr("Explanation"), self.other)
        self.reply = QPlainTextEdit()
        self.reply.setObjectName("replyText")
        self.reply.setMaximumHeight(80)
        form.addRow(self.tr("Reply"), self.reply)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        reasons = [
            {"code": code, "text": self.other.text() if code == "other" else ""}
            for code, box in self.reasons.items()
            if box.isChecked()
        ]
        return {"outcome": self.outcome.currentData(), "reasons": reasons, "reply": self.reply.toPlainText()}


class DeadlinesDialog(QDialog):
    """The owner's deadline rules: which regime new requests get (PRC working days on the
    mainland calendar, or the GDPR month), how long each gives, whether it can be extended, and
    how many days before the deadline a request counts as due soon. The core checks the ranges
    and the 'edit the access policy' permission; a refusal keeps what was typed."""

    saved = Signal(object)  # deadlines.Settings

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deadlinesDialog")
        self.setWindowTitle(self.tr("Request deadlines"))
        self._vault, self._runner = vault, runner
        current = deadlines.load(vault.connection())
        form = QFormLayout(self)
        self.regime = QComboBox()
        self.regime.setObjectName("regime")
        self.regime.addItem(self.tr("PRC: working days on the mainland calendar"), deadlines.PRC)
        self.regime.addItem(self.tr("GDPR: calendar months"), deadlines.GDPR)
        self.regime.setCurrentIndex(max(0, self.regime.findData(current.regime)))
        self.spins: dict[str, QSpinBox] = {}
        form.addRow(self.tr("New requests use"), self.regime)
        for name, low, high, label in (
            ("prc_working_days", 1, 60, self.tr("PRC: working days to answer")),
            ("prc_extension_working_days", 0, 60, self.tr("PRC: extension (working days, 0 = none)")),
            ("gdpr_months", 1, 3, self.tr("GDPR: months to answer")),
            ("gdpr_extension_months", 0, 2, self.tr("GDPR: extension (months, 0 = none)")),
            ("due_soon_days", 0, 30, self.tr("Due soon: days before the deadline")),
        ):
            spin = QSpinBox()
            spin.setObjectName(name)
            spin.setRange(low, high)
            spin.setValue(getattr(current, name))
            self.spins[name] = spin
            form.addRow(label, spin)
        note = QLabel(
            self.tr(
                "PRC practice is 15 working days; the GDPR gives one month, extendable by two with the reason"
                " told to the requester. Waiting for proof of identity stops the clock."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(note)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def values(self) -> dict[str, Any]:
        return {"regime": self.regime.currentData(), **{k: s.value() for k, s in self.spins.items()}}

    def save(self) -> None:
        vault, actor, values = self._vault, self._vault.actor, self.values()
        self.buttons.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.error.setText(describe(error))

        def done(settings: deadlines.Settings) -> None:
            self.buttons.setEnabled(True)
            self.saved.emit(settings)
            self.accept()

        self._runner.run(
            lambda _task: deadlines.save(vault, actor, **values),
            on_result=done,
            on_error=failed,
            vault=vault,
            parent=self,
        )


class RequestsDialog(QDialog):
    """The register: open requests (or all), most recent first, with their deadlines; the
    selected request's actions below."""

    changed = Signal()
    reply_written = Signal(str)

    def __init__(
        self, vault: Any, runner: Any, parent: QWidget | None = None, *, select_request: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requestsDialog")
        self.setWindowTitle(self.tr("Customers' requests"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self.model = RequestsModel(self)
        self.new_dialog: NewRequestDialog | None = None
        self.close_dialog: CloseRequestDialog | None = None
        self.deadlines_dialog: DeadlinesDialog | None = None
        self._select = select_request
        self._shown_request: int | None = None
        access = access_for(vault, self._actor)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setObjectName("statusFilter")
        self.filter.addItem(self.tr("Open requests"), "open")
        self.filter.addItem(self.tr("All requests"), "all")
        if select_request is not None:
            self.filter.setCurrentIndex(1)  # the request asked for may be closed
        self.filter.currentIndexChanged.connect(self.reload)
        top.addWidget(self.filter)
        top.addStretch(1)
        self.deadlines_button = QPushButton(self.tr("Deadlines…"))
        self.deadlines_button.setObjectName("deadlinesButton")
        self.deadlines_button.clicked.connect(self.open_deadlines)
        self.deadlines_button.setVisible(access.allows("edit_policy"))
        top.addWidget(self.deadlines_button)
        self.new_button = QPushButton(self.tr("New request…"))
        self.new_button.setObjectName("newRequest")
        self.new_button.clicked.connect(self.open_new)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.table = QTableView()
        self.table.setObjectName("requestsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 2)
        self.actions_view = QPlainTextEdit()
        self.actions_view.setObjectName("requestActions")
        self.actions_view.setReadOnly(True)
        self.actions_view.setPlaceholderText(self.tr("Select a request to see what was done."))
        layout.addWidget(self.actions_view, 1)
        self.note = QLabel()
        self.note.setObjectName("requestsNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.calendar_note = QLabel(
            self.tr(
                "* Beyond the official holiday calendar this version knows: Monday to Friday are counted."
            )
        )
        self.calendar_note.setObjectName("calendarNote")
        self.calendar_note.setWordWrap(True)
        self.calendar_note.hide()
        layout.addWidget(self.calendar_note)
        actions = QHBoxLayout()
        self.identity_button = QPushButton(self.tr("Identity verified"))
        self.identity_button.setObjectName("identityVerifiedButton")
        self.identity_button.clicked.connect(self.mark_identity)
        self.close_button = QPushButton(self.tr("Close request…"))
        self.close_button.setObjectName("closeRequest")
        self.close_button.clicked.connect(self.open_close)
        self.language = QComboBox()
        self.language.setObjectName("replyLanguage")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.reply_button = QPushButton(self.tr("Write reply PDF…"))
        self.reply_button.setObjectName("writeReply")
        self.reply_button.clicked.connect(self.write_reply)
        self.copy_button = QPushButton(self.tr("Copy of their data…"))
        self.copy_button.setObjectName("writeCopy")
        self.copy_button.clicked.connect(lambda: self.write_copy())
        self.erase_button = QPushButton(self.tr("Erase the customer…"))
        self.erase_button.setObjectName("eraseCustomer")
        self.erase_button.clicked.connect(lambda: self.erase_customer())
        self.erase_button.setVisible(access.allows("erase_customers"))
        self.restrict_button = QPushButton(self.tr("Restrict processing"))
        self.restrict_button.setObjectName("restrictButton")
        self.restrict_button.setToolTip(
            self.tr(
                "Leave the customer out of exports, marketing lists and imports until the restriction"
                " is lifted"
            )
        )
        self.restrict_button.clicked.connect(self.restrict)
        self.confirm_box: QMessageBox | None = None
        for widget in (
            self.identity_button,
            self.copy_button,
            self.erase_button,
            self.restrict_button,
            self.close_button,
            self.language,
            self.reply_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        done = QPushButton(self.tr("Done"))
        done.clicked.connect(self.accept)
        actions.addWidget(done)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.resize(900, 520)
        self._update_buttons()
        self.reload()

    # -- loading

    def reload(self) -> None:
        vault, actor, status = self._vault, self._actor, self.filter.currentData()

        def load(_task: Any) -> tuple[list[requests.Request], deadlines.Settings]:
            return requests.list_requests(vault, actor, status=status), deadlines.load(vault.connection())

        self._runner.run(load, on_result=self._loaded, on_error=self._failed, vault=vault, parent=self)

    def _loaded(self, result: tuple[list[requests.Request], deadlines.Settings]) -> None:
        rows, settings = result
        self.model.set_rows(rows, settings)
        estimated = any(r.deadline.estimated for r in rows)
        self.calendar_note.setVisible(estimated)
        wanted = self._select if self._select is not None else self._shown_request
        self._select = None
        row = next((i for i, r in enumerate(rows) if r.id == wanted), None)
        if row is not None:
            self.table.selectRow(row)
        else:
            self.actions_view.clear()
            self._shown_request = None
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.note.setText(describe(error))

    def selected(self) -> requests.Request | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selection_changed(self, *_args: Any) -> None:
        self._update_buttons()
        current = self.selected()
        if current is None:
            self._shown_request = None
            self.actions_view.clear()
            return
        self._shown_request = current.id
        vault, actor, request_id = self._vault, self._actor, current.id

        def shown(request: requests.Request) -> None:
            if request.id == self._shown_request:
                self.actions_view.setPlainText(events_text(request))

        self._runner.run(
            lambda _task: requests.get(vault, actor, request_id),
            on_result=shown,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _update_buttons(self, *_args: Any) -> None:
        current = self.selected()
        open_ = current is not None and current.status != requests.CLOSED
        self.identity_button.setEnabled(open_ and current.identity_status != "verified")
        self.close_button.setEnabled(open_)
        self.reply_button.setEnabled(current is not None and current.outcome is not None)
        ready = open_ and current.customer_id is not None and current.identity_status == "verified"
        self.copy_button.setEnabled(ready and current.type in ("know", "portability"))
        self.erase_button.setEnabled(ready and current.type == "delete")
        self.restrict_button.setVisible(current is not None and current.type == "restrict")
        self.restrict_button.setEnabled(ready and current.type == "restrict")

    # -- actions

    def _run(self, work: Any, done_text: str) -> None:
        vault, actor = self._vault, self._actor

        def finished(_result: Any) -> None:
            self.note.setText(done_text)
            self.changed.emit()
            self.reload()

        self._runner.run(
            lambda _task: work(vault, actor),
            on_result=finished,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def open_new(self) -> NewRequestDialog:
        dialog = NewRequestDialog(self)
        self.new_dialog = dialog
        dialog.accepted.connect(lambda: self._save_new(dialog))
        dialog.open()
        return dialog

    def _save_new(self, dialog: NewRequestDialog) -> None:
        values = dialog.values()
        if isinstance(values["customer_id"], str):
            dialog.error.setText(self.tr("The customer number is a whole number."))
            dialog.open()  # keep what was typed
            return
        vault, actor = self._vault, self._actor

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()  # nothing is lost: the same dialog, with the message

        def saved(request: requests.Request) -> None:
            self.new_dialog = None
            self.note.setText(self.tr("Registered %1.").replace("%1", request.reference))
            self.changed.emit()
            self.reload()

        self._runner.run(
            lambda _task: requests.add(vault, actor, **values),
            on_result=saved,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def mark_identity(self) -> None:
        current = self.selected()
        if current is None:
            return
        method = current.identity_method or self.tr("Checked by %1").replace("%1", self._actor.user)
        self._run(
            lambda vault, actor: requests.confirm_identity(vault, actor, current.id, method=method),
            self.tr("Identity of %1 recorded as verified.").replace("%1", current.reference),
        )

    def restrict(self) -> None:
        """Accept the selected 'restrict' request: the core places the restriction."""
        current = self.selected()
        if current is None:
            return
        self.restrict_button.setEnabled(False)
        self._run(
            lambda vault, actor: requests.restrict(vault, actor, current.id),
            self.tr("Processing of customer %1 is restricted until the restriction is lifted.").replace(
                "%1", str(current.customer_id)
            ),
        )

    def open_deadlines(self) -> DeadlinesDialog:
        dialog = DeadlinesDialog(self._vault, self._runner, self)
        self.deadlines_dialog = dialog
        dialog.saved.connect(
            lambda _settings: (self.note.setText(self.tr("Deadline rules saved.")), self.reload())
        )
        dialog.open()
        return dialog

    def open_close(self) -> CloseRequestDialog | None:
        current = self.selected()
        if current is None:
            return None
        dialog = CloseRequestDialog(self)
        self.close_dialog = dialog
        dialog.accepted.connect(lambda: self._save_close(dialog, current.id, current.reference))
        dialog.open()
        return dialog

    def _save_close(self, dialog: CloseRequestDialog, request_id: int, reference: str) -> None:
        values = dialog.values()
        vault, actor = self._vault, self._actor

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()

        def closed(_request: requests.Request) -> None:
            self.close_dialog = None
            self.note.setText(self.tr("Closed %1.").replace("%1", reference))
            self.changed.emit()
            self.reload()

        self._runner.run(
            lambda _task: requests.close(vault, actor, request_id, **values),
            on_result=closed,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def write_copy(self, path: str | None = None) -> None:
        """The customer's copy for a know (PDF) or portability (JSON) request, off the GUI thread."""
        current = self.selected()
        if current is None or current.customer_id is None:
            return
        fmt = "json" if current.type == "portability" else "pdf"
        language = self.language.currentData()
        if path is None:
            folder = documents_folder()
            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the copy"),
                str(folder / f"{current.reference}-copy.{fmt}"),
                f"{fmt.upper()} (*.{fmt})",
            )
            if not path:
                return
        vault, actor = self._vault, self._actor
        self.copy_button.setEnabled(False)

        def written(where: str) -> None:
            self.note.setText(self.tr("The copy was saved to %1.").replace("%1", where))
            self.changed.emit()
            self.reload()

        self._runner.run(
            lambda _task: _copy_work(vault, actor, current, fmt, language, path),
            on_result=written,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def erase_customer(self, *, confirmed: bool = False) -> QMessageBox | None:
        """Ask, then erase the request's customer for good (off the GUI thread)."""
        current = self.selected()
        if current is None or current.customer_id is None:
            return None
        if not confirmed:
            self.confirm_box = ask_before(
                self,
                self.tr("Erase the customer"),
                self.tr(
                    "Erase customer %1 for good? Their record, consent records and evidence are removed and"
                    " cannot be brought back; fields under a legal hold are kept until the hold ends."
                ).replace("%1", str(current.customer_id)),
                "eraseConfirm",
                lambda: self.erase_customer(confirmed=True),
            )
            return self.confirm_box
        self.confirm_box = None
        request_id, customer_id = current.id, current.customer_id
        self.erase_button.setEnabled(False)
        self._run(
            lambda vault, actor: erasure.erase(vault, actor, customer_id, request_id=request_id),
            self.tr("Customer %1 was erased for good.").replace("%1", str(customer_id)),
        )
        return None

    def write_reply(self, path: str | None = None) -> None:
        """Ask where (unless ``path`` is given), then render and write the letter off the GUI thread."""
        current = self.selected()
        if current is None:
            return
        language = self.language.currentData()
        if path is None:
            folder = documents_folder()
            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the reply"),
                str(folder / f"{current.reference}-{language}.pdf"),
                "PDF (*.pdf)",
            )
            if not path:
                return
        vault, actor, request_id = self._vault, self._actor, current.id
        self.reply_button.setEnabled(False)

        def work(_task: Any) -> str:
            write_atomic(Path(path), reply_letter.render(vault, actor, request_id, language))
            return path

        def written(where: str) -> None:
            self._update_buttons()
            self.note.setText(self.tr("The reply was saved to %1.").replace("%1", where))
            self.reply_written.emit(where)

        def failed(error: BaseException) -> None:
            self._update_buttons()
            self._failed(error)

        self._runner.run(work, on_result=written, on_error=failed, vault=vault, parent=self)


def _copy_work(vault: Any, actor: Any, request: requests.Request, fmt: str, language: str, path: str) -> str:
    """Render the customer's copy for ``request`` and write it (on a worker thread)."""
    content = datacopy.render(
        vault, actor, request.customer_id, fmt, language=language, request_id=request.id
    )
    write_atomic(Path(path), content)
    return path


class RequestsFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_requests = self.add_action(
            "actionRequests", Section.TOOLS_RECORDS, self.open_requests, permission="handle_requests"
        )

    def retranslate(self) -> None:
        self.action_requests.setText(self.tr("Customers' &requests…"))
        self.action_requests.setToolTip(self.tr("Requests to see, copy, correct or delete personal data"))

    def open_requests(self) -> RequestsDialog | None:
        if not self.host.allows("handle_requests"):
            return None
        dialog = RequestsDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.changed.connect(self.host.refresh_requests)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
