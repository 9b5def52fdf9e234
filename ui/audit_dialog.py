"""The audit log, readable: a paged, filtered view and the chain's verification state.

Tools → Audit log shows the whole log; a customer's History (from the customer's context menu
or the editor) shows the entries about that customer. Pages come from ``app.audit.read``
(keyset paging, newest first) on the task runner, so neither a page nor the verification of
a million entries ever runs on the GUI thread. The core checks 'view_audit' on every call.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QModelIndex,
    QRegularExpression,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import audit
from ui.feature import Feature, Host, Section
from ui.messages import translate_core

CONTEXT = "AuditLog"
NO_DATE = QDate(2000, 1, 1)  # the minimum of the date fields, shown as "Any"

# Display names of the actions Custos records; an action not listed shows its own key.
ACTION_NAMES = {
    "vault.create": QT_TRANSLATE_NOOP("AuditLog", "Vault created"),
    "signin": QT_TRANSLATE_NOOP("AuditLog", "Signed in"),
    "signin.failed": QT_TRANSLATE_NOOP("AuditLog", "Failed sign-in"),
    "lock": QT_TRANSLATE_NOOP("AuditLog", "Locked"),
    "signin.automatic_enabled": QT_TRANSLATE_NOOP("AuditLog", "Automatic sign-in turned on"),
    "signin.automatic_disabled": QT_TRANSLATE_NOOP("AuditLog", "Automatic sign-in turned off"),
    "customer.create": QT_TRANSLATE_NOOP("AuditLog", "Customer added"),
    "customer.create_many": QT_TRANSLATE_NOOP("AuditLog", "Customers added in bulk"),
    "customer.update": QT_TRANSLATE_NOOP("AuditLog", "Customer changed"),
    "customer.delete": QT_TRANSLATE_NOOP("AuditLog", "Customer deleted"),
    "customer.view": QT_TRANSLATE_NOOP("AuditLog", "Customer opened"),
    "customer.reveal": QT_TRANSLATE_NOOP("AuditLog", "Masked value revealed"),
    "customer.lookup": QT_TRANSLATE_NOOP("AuditLog", "Sensitive value looked up"),
    "customer.merge": QT_TRANSLATE_NOOP("AuditLog", "Customers merged"),
    "customer.merged_into": QT_TRANSLATE_NOOP("AuditLog", "Merged into another customer"),
    "consent.given": QT_TRANSLATE_NOOP("AuditLog", "Consent given"),
    "consent.refused": QT_TRANSLATE_NOOP("AuditLog", "Consent refused"),
    "consent.withdrawn": QT_TRANSLATE_NOOP("AuditLog", "Consent withdrawn"),
    "consent.text_version": QT_TRANSLATE_NOOP("AuditLog", "Consent text version added"),
    "consent.evidence_read": QT_TRANSLATE_NOOP("AuditLog", "Consent evidence opened"),
    "consent.export": QT_TRANSLATE_NOOP("AuditLog", "Consent records exported"),
    "vault.pinyin_upgrade": QT_TRANSLATE_NOOP("AuditLog", "Pinyin search prepared"),
    "field.add": QT_TRANSLATE_NOOP("AuditLog", "Field added"),
    "field.update": QT_TRANSLATE_NOOP("AuditLog", "Field changed"),
    "field.reorder": QT_TRANSLATE_NOOP("AuditLog", "Fields reordered"),
    "field.retire": QT_TRANSLATE_NOOP("AuditLog", "Field retired"),
    "user.add": QT_TRANSLATE_NOOP("AuditLog", "User added"),
    "user.remove": QT_TRANSLATE_NOOP("AuditLog", "User removed"),
    "user.disable": QT_TRANSLATE_NOOP("AuditLog", "User disabled"),
    "user.enable": QT_TRANSLATE_NOOP("AuditLog", "User enabled"),
    "user.role": QT_TRANSLATE_NOOP("AuditLog", "User's role changed"),
    "user.password_reset": QT_TRANSLATE_NOOP("AuditLog", "Password reset"),
    "user.password_changed": QT_TRANSLATE_NOOP("AuditLog", "Password changed"),
    "role.add": QT_TRANSLATE_NOOP("AuditLog", "Role added"),
    "policy.set": QT_TRANSLATE_NOOP("AuditLog", "Field access changed"),
    "policy.permissions": QT_TRANSLATE_NOOP("AuditLog", "Role permissions changed"),
    "recovery.replaced": QT_TRANSLATE_NOOP("AuditLog", "Recovery code replaced"),
    "vault.key_rotated": QT_TRANSLATE_NOOP("AuditLog", "Data key rotated"),
    "vault.sensitive_upgrade": QT_TRANSLATE_NOOP("AuditLog", "Sensitive values encrypted"),
    "audit.checkpoints_started": QT_TRANSLATE_NOOP("AuditLog", "Signed checkpoints started"),
    "customer.erase": QT_TRANSLATE_NOOP("AuditLog", "Customer erased for good"),
    "customer.erase_reapplied": QT_TRANSLATE_NOOP("AuditLog", "Erasure applied again"),
    "erasure.reapplied": QT_TRANSLATE_NOOP("AuditLog", "Erasure ledger replayed"),
    "customer.anonymise": QT_TRANSLATE_NOOP("AuditLog", "Fields anonymised"),
    "customer.data_copy": QT_TRANSLATE_NOOP("AuditLog", "Copy of a customer's data made"),
    "hold.place": QT_TRANSLATE_NOOP("AuditLog", "Legal hold placed"),
    "hold.release": QT_TRANSLATE_NOOP("AuditLog", "Legal hold released"),
    "hold.read": QT_TRANSLATE_NOOP("AuditLog", "Held values read"),
    "hold.expired": QT_TRANSLATE_NOOP("AuditLog", "Held values deleted at the end of the hold"),
    "request.add": QT_TRANSLATE_NOOP("AuditLog", "Request registered"),
    "request.update": QT_TRANSLATE_NOOP("AuditLog", "Request changed"),
    "request.identity_requested": QT_TRANSLATE_NOOP("AuditLog", "Proof of identity asked for"),
    "request.identity_checked": QT_TRANSLATE_NOOP("AuditLog", "Requester's identity checked"),
    "request.extend": QT_TRANSLATE_NOOP("AuditLog", "Request deadline extended"),
    "request.action": QT_TRANSLATE_NOOP("AuditLog", "Action recorded on a request"),
    "request.correct": QT_TRANSLATE_NOOP("AuditLog", "Correction made for a request"),
    "request.withdraw_consent": QT_TRANSLATE_NOOP("AuditLog", "Consent withdrawn for a request"),
    "request.close": QT_TRANSLATE_NOOP("AuditLog", "Request closed"),
    "request.reply": QT_TRANSLATE_NOOP("AuditLog", "Reply letter written"),
    "requests.deadline_settings": QT_TRANSLATE_NOOP("AuditLog", "Request deadline rules changed"),
    "retention.rule_add": QT_TRANSLATE_NOOP("AuditLog", "Retention rule added"),
    "retention.rule_remove": QT_TRANSLATE_NOOP("AuditLog", "Retention rule removed"),
    "retention.review": QT_TRANSLATE_NOOP("AuditLog", "Retention review"),
    "retention.apply": QT_TRANSLATE_NOOP("AuditLog", "Retention applied"),
    "retention.grace": QT_TRANSLATE_NOOP("AuditLog", "Grace period for deleted customers changed"),
    "export.create": QT_TRANSLATE_NOOP("AuditLog", "Customers exported"),
    "partner.add": QT_TRANSLATE_NOOP("AuditLog", "Partner registered"),
    "partner.update": QT_TRANSLATE_NOOP("AuditLog", "Partner agreement changed"),
    "partner.document_add": QT_TRANSLATE_NOOP("AuditLog", "Signed agreement attached"),
    "partner.document_read": QT_TRANSLATE_NOOP("AuditLog", "Signed agreement opened"),
    "partner.end": QT_TRANSLATE_NOOP("AuditLog", "Partner agreement ended"),
    "partner.deletion_confirmed": QT_TRANSLATE_NOOP("AuditLog", "Partner's deletion confirmed"),
    "backup.create": QT_TRANSLATE_NOOP("AuditLog", "Backup made and verified"),
    "backup.failed": QT_TRANSLATE_NOOP("AuditLog", "Backup failed"),
    "backup.drill": QT_TRANSLATE_NOOP("AuditLog", "Restore drill"),
    "backup.prune": QT_TRANSLATE_NOOP("AuditLog", "Old backups pruned"),
    "backup.settings_changed": QT_TRANSLATE_NOOP("AuditLog", "Backup schedule changed"),
    "backup.restored": QT_TRANSLATE_NOOP("AuditLog", "Vault restored from a backup"),
}


def action_label(action: str) -> str:
    source = ACTION_NAMES.get(action)
    return QCoreApplication.translate(CONTEXT, source) if source else action


def format_moment(iso: str) -> str:
    """A stored UTC stamp in local time, year first (never 12/2/26), in either language."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return moment.toLocalTime().toString("yyyy-MM-dd HH:mm:ss")


def details_text(details: dict[str, Any]) -> str:
    """Details as one line: ``fields: phone, email · reason: 核对``."""
    if details.get("unreadable") is True:
        return QCoreApplication.translate("AuditLog", "(unreadable: changed outside Custos)")
    parts = []
    for key, value in sorted(details.items()):
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        parts.append(f"{key}: {value}")
    return " · ".join(parts)


class AuditTableModel(QAbstractTableModel):
    """Entries newest first; each further page is read on the runner when the view scrolls."""

    loaded = Signal()
    failed = Signal(str)
    COLUMNS = (
        QT_TRANSLATE_NOOP("AuditLog", "When"),
        QT_TRANSLATE_NOOP("AuditLog", "User"),
        QT_TRANSLATE_NOOP("AuditLog", "Action"),
        QT_TRANSLATE_NOOP("AuditLog", "About"),
        QT_TRANSLATE_NOOP("AuditLog", "Details"),
    )

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._actor = vault.actor
        self._runner = runner
        self._entries: list[audit.AuditEntry] = []
        self._where = audit.AuditFilter()
        self._next: int | None = None
        self._loading = False
        self._generation = 0  # a page read for an older filter is dropped
        self.at_end = False

    # -- loading

    def set_filter(self, where: audit.AuditFilter) -> None:
        self._generation += 1
        self.beginResetModel()
        self._entries, self._where, self._next, self.at_end = [], where, None, False
        self.endResetModel()
        self._load(None)

    def clear(self) -> None:
        """Drop every entry shown; a page still being read is dropped when it arrives."""
        self._generation += 1
        self.beginResetModel()
        self._entries, self._next, self._loading, self.at_end = [], None, False, True
        self.endResetModel()

    def _load(self, before: int | None) -> None:
        generation, where, vault, actor = self._generation, self._where, self._vault, self._actor
        self._loading = True
        self._runner.run(
            lambda _task: audit.read(vault, actor, where, before_seq=before),
            on_result=lambda page: self._page_read(generation, page),
            on_error=lambda exc: self._page_failed(generation, exc),
            vault=vault,
            parent=self,
        )

    def _page_read(self, generation: int, page: audit.AuditPage) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if page.entries:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page.entries) - 1)
            self._entries.extend(page.entries)
            self.endInsertRows()
        self._next = page.next_before
        self.at_end = page.next_before is None
        self.loaded.emit()

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.at_end = True
        self.failed.emit(translate_core(str(exc)))

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(self._next)

    # -- the table

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def entry(self, row: int) -> audit.AuditEntry:
        return self._entries[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if column == 0:
            return format_moment(entry.at)
        if column == 1:
            return entry.actor
        if column == 2:
            return action_label(entry.action) if role == Qt.ItemDataRole.DisplayRole else entry.action
        if column == 3:
            if entry.customer_id is not None:
                return QCoreApplication.translate("AuditLog", "Customer %1").replace(
                    "%1", str(entry.customer_id)
                )
            return entry.object
        return details_text(entry.details)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(CONTEXT, self.COLUMNS[section])
        return None


class AuditDialog(QDialog):
    """The log with filters (dates, user, action, customer) and the verification state.

    With ``customer_id`` it is that customer's history: the customer filter is fixed.
    """

    def __init__(
        self,
        vault: Any,
        runner: Any,
        parent: QWidget | None = None,
        *,
        customer_id: int | None = None,
        customer_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._customer_id = customer_id
        if customer_id is None:
            self.setWindowTitle(self.tr("Audit log"))
        else:
            title = self.tr("History of customer %1").replace("%1", str(customer_id))
            self.setWindowTitle(f"{title} — {customer_name}" if customer_name else title)
        self.model = AuditTableModel(vault, runner, self)
        self.verified: audit.AuditReport | None = None
        self._build()
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(self._show_failure)
        self.resize(980, 620)
        self._load_choices()
        self.apply_filter()
        self.verify()

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        self.verify_label = QLabel()
        self.verify_label.setObjectName("verifyState")
        self.verify_label.setWordWrap(True)
        self.verify_again = QPushButton(self.tr("Verify again"))
        self.verify_again.setAutoDefault(False)
        self.verify_again.clicked.connect(self.verify)
        banner = QHBoxLayout()
        banner.addWidget(self.verify_label, 1)
        banner.addWidget(self.verify_again)
        layout.addLayout(banner)
        self.limits_label = QLabel()
        self.limits_label.setWordWrap(True)
        self.limits_label.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.limits_label)

        filters = QHBoxLayout()
        self.since = self._date_edit("since")
        self.until = self._date_edit("until")
        self.user = QComboBox()
        self.user.setObjectName("userFilter")
        self.user.addItem(self.tr("Everyone"), None)
        self.action = QComboBox()
        self.action.setObjectName("actionFilter")
        self.action.addItem(self.tr("All actions"), None)
        self.customer = QLineEdit()
        self.customer.setObjectName("customerFilter")
        self.customer.setPlaceholderText(self.tr("Customer no."))
        self.customer.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,18}"), self.customer)
        )
        self.customer.setMaximumWidth(120)
        if self._customer_id is not None:
            self.customer.setText(str(self._customer_id))
            self.customer.setEnabled(False)
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("To"), self.until),
            (self.tr("User"), self.user),
            (self.tr("Action"), self.action),
            (self.tr("Customer"), self.customer),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        self.show_button = QPushButton(self.tr("Show"))
        self.show_button.setObjectName("showButton")
        self.show_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.show_button)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 110, 170, 110)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(buttons)
        layout.addLayout(footer)
        # Enter applies the filters from any field, in every state; Escape closes.
        self.show_button.setDefault(True)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(f"{name}Filter")
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("Any"))
        edit.setDate(NO_DATE)
        return edit

    # -- filters

    def _load_choices(self) -> None:
        vault, actor = self._vault, self._actor
        self._runner.run(
            lambda _task: audit.users_and_actions(vault, actor),
            on_result=self._choices_read,
            on_error=lambda exc: self._show_failure(translate_core(str(exc))),
            vault=vault,
            parent=self,
        )

    def _choices_read(self, choices: tuple[list[str], list[str]]) -> None:
        names, actions = choices
        for name in names:
            self.user.addItem(name, name)
        for action in sorted(actions, key=action_label):
            self.action.addItem(action_label(action), action)

    def current_filter(self) -> audit.AuditFilter:
        def moment(edit: QDateEdit, next_day: bool) -> Any:
            date = edit.date()
            if date == NO_DATE:
                return None
            if next_day:
                date = date.addDays(1)  # "To" includes the whole day
            return QDateTime(date, QTime(0, 0)).toPython()

        text = self.customer.text().strip()
        return audit.AuditFilter(
            since=moment(self.since, False),
            until=moment(self.until, True),
            user=self.user.currentData(),
            action=self.action.currentData(),
            customer=int(text) if text else None,
        )

    def apply_filter(self) -> None:
        self.count_label.setText(self.tr("Reading…"))
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        self.since.setDate(NO_DATE)
        self.until.setDate(NO_DATE)
        self.user.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        if self._customer_id is None:
            self.customer.clear()
        self.apply_filter()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if shown == 0:
            self.count_label.setText(self.tr("No entries match these filters."))
        elif self.model.at_end:
            self.count_label.setText(self.tr("Entries: %1").replace("%1", f"{shown:,}"))
        else:
            self.count_label.setText(
                self.tr("Entries shown: %1 (scroll for older ones)").replace("%1", f"{shown:,}")
            )

    def _show_failure(self, message: str) -> None:
        self.count_label.setText(message)

    # -- verification

    def verify(self) -> None:
        self.verify_again.setEnabled(False)
        self.verify_label.setText(self.tr("Verifying the log…"))
        self.verify_label.setStyleSheet("")
        vault, actor = self._vault, self._actor
        self._runner.run(
            lambda _task: vault.verify_audit(actor),
            on_result=self._verified,
            on_error=self._verify_failed,
            vault=vault,
            parent=self,
        )

    def _verified(self, report: audit.AuditReport) -> None:
        self.verified = report
        self.verify_again.setEnabled(True)
        if report.ok:
            text = self.tr("✔ Intact: %1 entries verified against %2 signed checkpoints.")
            self.verify_label.setText(
                text.replace("%1", f"{report.entries:,}").replace("%2", str(report.checkpoints))
            )
            self.verify_label.setStyleSheet("color: #1e7b34; font-weight: bold;")
        else:
            problems = "; ".join(report.problems)
            self.verify_label.setText(self.tr("✘ The log was tampered with: %1").replace("%1", problems))
            self.verify_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.limits_label.setText(
            self.tr(
                "What this check cannot see: a whole vault folder put back to an earlier state "
                "(as restoring a backup does); entries removed by a user who holds the data key "
                "after every other user's newest checkpoint; before a user signs in again after a "
                "data-key rotation, their checkpoint pins only its own entry."
            )
        )

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_again.setEnabled(True)
        self.verify_label.setText(
            self.tr("The log could not be verified: %1").replace("%1", translate_core(str(exc)))
        )
        self.verify_label.setStyleSheet("color: #b3261e; font-weight: bold;")


class AuditFeature(Feature):
    """Tools → Audit log, and History… for the selected customer (both need 'view_audit')."""

    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_log = self.add_action(
            "actionAuditLog", Section.TOOLS_RECORDS, self.open_log, permission="view_audit"
        )
        self.action_history = self.add_action(
            "actionCustomerHistory", Section.CUSTOMER, self.open_history, permission="view_audit"
        )

    def retranslate(self) -> None:
        self.action_log.setText(self.tr("&Audit log…"))
        self.action_history.setText(self.tr("&History…"))
        self.action_history.setToolTip(self.tr("Who viewed or changed this customer, and when"))

    def open_log(self) -> AuditDialog | None:
        if not self.host.allows("view_audit"):
            return None
        dialog = AuditDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def open_history(self) -> AuditDialog | None:
        customer_id = self.host.selected_customer_id()
        if customer_id is None or not self.host.allows("view_audit"):
            return None
        dialog = AuditDialog(self.host.vault, self.host.runner, self.host.window(), customer_id=customer_id)
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
