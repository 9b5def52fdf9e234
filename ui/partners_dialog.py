"""Tools → Partners…: the partner register (合作伙伴).

The list shows each partner's agreement state, expiry and whether the deletion of shared data
is still to be confirmed; above it, the register's reminders. For the selected partner: its
agreement and every export it received. Adding and editing open the agreement form (every item
PIPL Art. 21 asks for); "Attach agreement…" stores the signed document in the vault; "End
agreement…" and "Confirm deletion…" move it from ended to pending to confirmed.

Reading needs 'export' or 'manage_partners'; the buttons that change the register are shown
to roles with 'manage_partners'. The core checks both again on every call.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import access, exporting, partners
from app.customers import Customer
from app.errors import KnownError, ValidationError
from app.exporting import request as rq
from app.exporting.record import READ_PERMISSIONS
from ui import style
from ui.customer_card import CardSection, CustomerCard
from ui.dates import format_day, format_moment
from ui.enter_key import PrimaryButton
from ui.export_wizard import fields_text, purpose_name
from ui.messages import describe


class PartnerEditor(QDialog):
    """The agreement form: add a partner, or change one's terms."""

    saved = Signal(object)  # the Partner

    def __init__(
        self,
        vault: Any,
        parent: QWidget | None = None,
        *,
        partner: partners.Partner | None = None,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.partner = partner
        view = access.access_for(vault, vault.actor)
        self.setWindowTitle(self.tr("Edit partner") if partner else self.tr("Add partner"))
        self.setObjectName("partnerEditor")
        self.name_edit = QLineEdit(partner.name if partner else "")
        self.name_edit.setObjectName("partnerName")
        self.contact_edit = QLineEdit(partner.contact if partner else "")
        self.contact_edit.setObjectName("partnerContact")
        self.purpose_boxes: dict[str, QCheckBox] = {}
        purposes = QGridLayout()
        for index, purpose in enumerate(partners.PURPOSES):
            box = QCheckBox(purpose_name(purpose))
            box.setObjectName(f"partnerPurpose_{purpose}")
            box.setChecked(bool(partner and purpose in partner.purposes))
            self.purpose_boxes[purpose] = box
            purposes.addWidget(box, index // 3, index % 3)
        self.field_boxes: dict[str, QCheckBox] = {}
        field_grid = QGridLayout()
        keys = [rq.ID_FIELD, *(f.key for f in view.catalogue.active())]
        for index, key in enumerate(keys):
            box = QCheckBox(rq.heading(view, key, language))
            box.setObjectName(f"partnerField_{key}")
            box.setChecked(bool(partner and key in partner.fields))
            self.field_boxes[key] = box
            field_grid.addWidget(box, index // 4, index % 4)
        self.starts = self._date(partner.starts_on if partner else date.today())
        self.starts.setObjectName("partnerStarts")
        self.expires = self._date(partner.expires_on if partner else date.today() + timedelta(days=365))
        self.expires.setObjectName("partnerExpires")
        self.review = self._date(
            (partner.review_on or partner.expires_on) if partner else date.today() + timedelta(days=180)
        )
        self.security_edit = QPlainTextEdit(partner.security_measures if partner else "")
        self.security_edit.setObjectName("partnerSecurity")
        self.security_edit.setMaximumHeight(64)
        self.end_combo = QComboBox()
        self.end_combo.setObjectName("partnerEnd")
        self.end_combo.addItem(self.tr("Deleted by the partner"), "delete")
        self.end_combo.addItem(self.tr("Returned to us"), "return")
        if partner:
            self.end_combo.setCurrentIndex(self.end_combo.findData(partner.end_of_agreement))
        self.assessment_edit = QPlainTextEdit(partner.assessment if partner else "")
        self.assessment_edit.setObjectName("partnerAssessment")
        self.assessment_edit.setMaximumHeight(56)
        self.suspended = QCheckBox(self.tr("Suspended: no exports to this partner for now"))
        self.suspended.setChecked(bool(partner and partner.status == "suspended"))
        self.suspended.setVisible(partner is not None)

        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Contact:"), self.contact_edit)
        form.addRow(self.tr("Purposes:"), purposes)
        form.addRow(self.tr("Information shared:"), field_grid)
        period = QHBoxLayout()
        period.addWidget(self.starts)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.expires)
        period.addStretch(1)
        form.addRow(self.tr("Agreement period:"), period)
        form.addRow(self.tr("Next review:"), self.review)
        form.addRow(self.tr("Security measures:"), self.security_edit)
        form.addRow(self.tr("At the end the data is:"), self.end_combo)
        form.addRow(self.tr("Security assessment:"), self.assessment_edit)
        form.addRow("", self.suspended)
        self.message = style.InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            style.note_label(
                self.tr(
                    "The agreement must say the purposes, the period, the information shared, the security"
                    " measures and what happens to the data at the end (PIPL Art. 21)."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Save))

    @staticmethod
    def _date(day: date | str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        value = day if isinstance(day, date) else date.fromisoformat(day)
        edit.setDate(QDate(value.year, value.month, value.day))
        return edit

    def values(self) -> dict[str, Any]:
        values = {
            "name": self.name_edit.text(),
            "contact": self.contact_edit.text(),
            "purposes": [p for p, box in self.purpose_boxes.items() if box.isChecked()],
            "fields": [k for k, box in self.field_boxes.items() if box.isChecked()],
            "starts_on": self.starts.date().toString("yyyy-MM-dd"),
            "expires_on": self.expires.date().toString("yyyy-MM-dd"),
            "review_on": self.review.date().toString("yyyy-MM-dd"),
            "security_measures": self.security_edit.toPlainText(),
            "end_of_agreement": self.end_combo.currentData(),
            "assessment": self.assessment_edit.toPlainText(),
        }
        if self.partner is not None:
            values["status"] = "suspended" if self.suspended.isChecked() else "active"
        return values

    def save(self) -> None:
        try:
            if self.partner is None:
                saved = partners.add(self.vault, self.vault.actor, self.values())
            else:
                saved = partners.update(self.vault, self.vault.actor, self.partner.id, self.values())
        except ValidationError as exc:
            self.message.show_error("; ".join(f"{self._label(k)}: {m}" for k, m in exc.errors.items()))
            return
        except KnownError as exc:
            self.message.show_error(describe(exc))
            return
        self.saved.emit(saved)
        self.accept()

    def _label(self, key: str) -> str:
        return {
            "name": self.tr("Name"),
            "contact": self.tr("Contact"),
            "purposes": self.tr("Purposes"),
            "fields": self.tr("Information shared"),
            "starts_on": self.tr("Agreement period"),
            "expires_on": self.tr("Agreement period"),
            "review_on": self.tr("Next review"),
            "security_measures": self.tr("Security measures"),
            "end_of_agreement": self.tr("At the end the data is"),
            "assessment": self.tr("Security assessment"),
        }.get(key, key)


class PartnersDialog(QDialog):
    """The register: list, reminders, the selected partner's agreement and what it received."""

    def __init__(
        self, vault: Any, runner: Any, parent: QWidget | None = None, *, language: str = "en"
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.language = language
        self.view = access.access_for(vault, vault.actor)
        self.can_manage = self.view.allows("manage_partners")
        self.setWindowTitle(self.tr("Partners"))
        self.setObjectName("partnersDialog")
        self.resize(920, 620)
        self.reminders = QLabel()
        self.reminders.setObjectName("partnerReminders")
        self.reminders.setWordWrap(True)
        self.reminders.setStyleSheet(f"color: {style.ERROR};")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("partnersTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Partner"),
                self.tr("Agreement"),
                self.tr("Expires"),
                self.tr("Purposes"),
                self.tr("Deletion"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 4):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.table.itemSelectionChanged.connect(self._selected)
        self.details = QLabel()
        self.details.setObjectName("partnerDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.shared = QTableWidget(0, 5)
        self.shared.setObjectName("partnerExports")
        self.shared.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Purpose"), self.tr("Customers"), self.tr("Fields"), self.tr("By")]
        )
        self.shared.verticalHeader().hide()
        self.shared.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shared.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 2, 4):
            self.shared.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("partnerAdd")
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("partnerEdit")
        self.attach_button = QPushButton(self.tr("Attach agreement…"))
        self.attach_button.setObjectName("partnerAttach")
        self.end_button = QPushButton(self.tr("End agreement…"))
        self.end_button.setObjectName("partnerEnd")
        self.confirm_button = QPushButton(self.tr("Confirm deletion…"))
        self.confirm_button.setObjectName("partnerConfirm")
        self.add_button.clicked.connect(self.add_partner)
        self.edit_button.clicked.connect(self.edit_partner)
        self.attach_button.clicked.connect(self.attach)
        self.end_button.clicked.connect(self.end_agreement)
        self.confirm_button.clicked.connect(self.confirm_deletion)
        self.message = style.InlineMessage()
        self.close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_box.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.close_box.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.attach_button,
            self.end_button,
            self.confirm_button,
        ):
            button.setVisible(self.can_manage)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Partners")))
        layout.addWidget(self.reminders)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.details)
        layout.addWidget(QLabel(self.tr("Exports this partner received:")))
        layout.addWidget(self.shared, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.close_box)
        self.enter_key = PrimaryButton(self, self.close_box.button(QDialogButtonBox.StandardButton.Close))
        self.partners: list[partners.Partner] = []
        self.reload()

    # -- reading

    def reload(self, select: str | None = None) -> None:
        current = select or (self.current().name if self.current() else None)
        actor = self.vault.actor
        self.partners = partners.list_partners(self.vault, actor)
        states = {
            "active": self.tr("Active"),
            "suspended": self.tr("Suspended"),
            "ended": self.tr("Ended"),
            "expired": self.tr("Expired"),
            "not_started": self.tr("Not started"),
        }
        deletion = {"": "", "pending": self.tr("To be confirmed"), "confirmed": self.tr("Confirmed")}
        self.table.setRowCount(0)
        for partner in self.partners:
            row = self.table.rowCount()
            self.table.insertRow(row)
            cells = [
                partner.name,
                states[partner.state()],
                format_day(partner.expires_on),
                ", ".join(purpose_name(p) for p in partner.purposes),
                deletion[partner.deletion],
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if partner.name == current:
                self.table.selectRow(row)
        reminders = partners.reminders(self.vault, actor)
        self.reminders.setText("\n".join(self._reminder_text(r) for r in reminders))
        self.reminders.setVisible(bool(reminders))
        if self.current() is None and self.partners:
            self.table.selectRow(0)
        self._selected()

    def _reminder_text(self, reminder: partners.Reminder) -> str:
        texts = {
            "deletion_pending": self.tr(
                "%1: the agreement ended on %2. Obtain the partner's confirmation that the data was"
                " deleted or returned."
            ),
            "expired": self.tr("%1: the agreement expired on %2. End it, or renew it."),
            "expiring": self.tr("%1: the agreement expires on %2."),
            "review_due": self.tr("%1: the partner's review is due on %2."),
        }
        return texts[reminder.kind].replace("%1", reminder.partner).replace("%2", format_day(reminder.day))

    def current(self) -> partners.Partner | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.partners):
            return None
        return self.partners[rows[0].row()]

    def _selected(self) -> None:
        partner = self.current()
        for button in (self.edit_button, self.attach_button, self.end_button, self.confirm_button):
            button.setEnabled(partner is not None)
        if partner is None:
            self.details.setText(self.tr("No partner is registered yet.") if not self.partners else "")
            self.shared.setRowCount(0)
            return
        self.edit_button.setEnabled(partner.status != "ended")
        self.end_button.setEnabled(partner.status != "ended")
        self.confirm_button.setEnabled(partner.deletion == "pending")
        handling = (
            self.tr("deleted by the partner")
            if partner.end_of_agreement == "delete"
            else self.tr("returned to us")
        )
        lines = [
            self.tr("Contact: %1").replace("%1", partner.contact),
            self.tr("Agreement: %1 to %2; at the end the data is %3.")
            .replace("%1", format_day(partner.starts_on))
            .replace("%2", format_day(partner.expires_on))
            .replace("%3", handling),
            self.tr("Security measures: %1").replace("%1", partner.security_measures),
        ]
        if partner.assessment:
            lines.append(self.tr("Security assessment: %1").replace("%1", partner.assessment))
        if partner.documents:
            doc = partner.documents[-1]
            lines.append(
                self.tr("Signed agreement: %1 (%2 KB)")
                .replace("%1", doc.filename)
                .replace("%2", f"{doc.size / 1024:.0f}")
            )
        else:
            lines.append(self.tr("No signed agreement attached yet."))
        if partner.deletion == "confirmed":
            lines.append(self.tr("Deletion confirmed: %1").replace("%1", partner.deletion_note))
        self.details.setText("\n".join(lines))
        records = exporting.log(self.vault, self.vault.actor, partner=partner.name)
        self.shared.setRowCount(0)
        for record in records:
            row = self.shared.rowCount()
            self.shared.insertRow(row)
            fields = fields_text(self.view, record.fields, self.language)
            cells = [
                format_moment(record.at),
                purpose_name(record.purpose),
                f"{record.rows:,}",
                fields,
                record.actor,
            ]
            for column, text in enumerate(cells):
                self.shared.setItem(row, column, QTableWidgetItem(text))

    # -- changing

    def add_partner(self) -> PartnerEditor:
        editor = PartnerEditor(self.vault, self, language=self.language)
        editor.saved.connect(lambda p: self.reload(p.name))
        editor.finished.connect(editor.deleteLater)
        editor.open()
        return editor

    def edit_partner(self) -> PartnerEditor | None:
        partner = self.current()
        if partner is None:
            return None
        editor = PartnerEditor(self.vault, self, partner=partner, language=self.language)
        editor.saved.connect(lambda p: self.reload(p.name))
        editor.finished.connect(editor.deleteLater)
        editor.open()
        return editor

    def attach(self, path: str | None = None) -> None:
        partner = self.current()
        if partner is None:
            return
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("The signed agreement"),
                "",
                self.tr("Scans and PDFs (*.pdf *.png *.jpg *.jpeg)"),
            )
        if not path:
            return
        file = Path(path)
        try:
            if file.stat().st_size > partners.MAX_DOCUMENT_BYTES + 1:
                raise ValidationError({"attachment": self.tr("the file is over 10 MB")})
            partners.attach_document(self.vault, self.vault.actor, partner.id, file.name, file.read_bytes())
        except (KnownError, OSError) as exc:
            self.message.show_error(describe(exc) if isinstance(exc, KnownError) else str(exc))
            return
        self.message.show_success(self.tr("The signed agreement is stored in the vault."))
        self.reload(partner.name)

    def end_agreement(self, note: str | None = None) -> None:
        partner = self.current()
        if partner is None:
            return
        if note is None:
            note, ok = QInputDialog.getText(
                self,
                self.tr("End agreement"),
                self.tr(
                    "End the agreement with %1? No more exports to it; its deletion of the data is then"
                    " to be confirmed. Note (optional):"
                ).replace("%1", partner.name),
            )
            if not ok:
                return
        try:
            partners.end(self.vault, self.vault.actor, partner.id, note=note)
        except KnownError as exc:
            self.message.show_error(describe(exc))
            return
        self.reload(partner.name)

    def confirm_deletion(self, note: str | None = None) -> None:
        partner = self.current()
        if partner is None:
            return
        if note is None:
            note, ok = QInputDialog.getMultiLineText(
                self,
                self.tr("Confirm deletion"),
                self.tr("How did %1 confirm the data was deleted or returned (date, document, who)?").replace(
                    "%1", partner.name
                ),
            )
            if not ok:
                return
        try:
            partners.confirm_deletion(self.vault, self.vault.actor, partner.id, note=note)
        except ValidationError:
            self.message.show_error(self.tr("Say how the partner confirmed it."))
            return
        except KnownError as exc:
            self.message.show_error(describe(exc))
            return
        self.reload(partner.name)


class SharedWithWidget(QWidget):
    """A customer's "Shared with": every export and partner that included them, newest first.

    The customer card's "Shared with" section shows it; read off the GUI thread.
    """

    def __init__(
        self,
        vault: Any,
        runner: Any,
        customer_id: int | None = None,
        parent: QWidget | None = None,
        *,
        language: str = "en",
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.runner = runner
        self.customer_id: int | None = None
        self.language = language
        self.view = access.access_for(vault, vault.actor)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("sharedWithTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Recipient"), self.tr("Purpose"), self.tr("Fields"), self.tr("By")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 2, 4):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.summary = style.note_label()
        self.summary.setObjectName("sharedWithSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.loaded: list[exporting.SharedWith] | None = None
        if customer_id is not None:
            self.show_customer_id(customer_id)

    def show_customer_id(self, customer_id: int) -> None:
        """Read (off the GUI thread) and show where this customer's data went."""
        self.clear()
        self.customer_id = customer_id
        self.summary.setText(self.tr("Reading…"))
        vault, actor = self.vault, self.vault.actor
        self.runner.run(
            lambda _task: (customer_id, exporting.shared_with(vault, actor, customer_id)),
            on_result=self._show,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def clear(self) -> None:
        """Forget the customer (on lock, or before another): nothing of theirs stays shown."""
        self.customer_id = None
        self.loaded = None
        self.table.setRowCount(0)
        self.summary.setText("")

    def _show(self, result: tuple[int, list[exporting.SharedWith]]) -> None:
        customer_id, entries = result
        if customer_id != self.customer_id:
            return  # an answer for a customer no longer shown
        self.loaded = entries
        self.table.setRowCount(0)
        partners_count = len({e.recipient for e in entries if e.recipient != "internal"})
        if not entries:
            self.summary.setText(self.tr("This customer's data has not been exported."))
        else:
            self.summary.setText(
                self.tr("In %n export(s)", "", len(entries))
                + self.tr(", shared with %n partner(s).", "", partners_count)
            )
        for entry in entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            recipient = self.tr("Internal use") if entry.recipient == "internal" else entry.recipient
            fields = fields_text(self.view, entry.fields, self.language)
            cells = [format_moment(entry.at), recipient, purpose_name(entry.purpose), fields, entry.actor]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the fields of a wide export do not fit a narrow card
                self.table.setItem(row, column, item)

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(describe(error))
        if not isinstance(error, KnownError):
            raise error


class SharedWithSection(CardSection):
    """The customer card's "Shared with" tab: where this customer's data went (DESIGN.md)."""

    name = "sharedWithSection"

    @classmethod
    def allowed(cls, host: Any) -> bool:
        # Any reason to read the record of exports will do (app/exporting/record.py).
        return any(host.allows(p) for p in READ_PERMISSIONS)

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__(host, card)
        self.widget = SharedWithWidget(host.vault, host.runner, None, self, language=host.language())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.widget)

    def title(self) -> str:
        return self.tr("Shared with")

    def show_customer(self, customer: Customer) -> None:
        self.widget.show_customer_id(customer.id)

    def clear(self) -> None:
        self.widget.clear()
