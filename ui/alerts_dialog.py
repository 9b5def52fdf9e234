"""Tools → Alerts and incidents…: unusual-access alerts (安全监控) and the incident register (应急响应).

The Alerts tab lists the alerts app/alerts.py raised — new or acknowledged, when, which rule,
about whom, the count and the limit — lets an owner acknowledge one with a note and change the
rules. The Incidents tab is the register of app/incidents.py: record an incident with its
affected customers and fields found in the audit log, move it on, and write the notice letters
to the affected customers as PDF (app/reports/incident_notice.py) off the GUI thread.

Which tab shows, and which buttons are offered, follows what the core says the signed-in role
may do; the core checks again on every call, so a button that should not have been offered is
still refused there. The auditor reads both registers as counts and fields: neither holds a
customer's personal data, and the customer numbers of an incident are read only by those who
keep the register.

A button in the status bar counts the alerts nobody has acknowledged and opens this window.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import alerts, incidents
from app.access import access_for
from app.errors import ValidationError, VaultLockedError
from app.i18n import _ as core_text
from app.reports import incident_notice
from ui import style
from ui.dates import format_moment
from ui.feature import Feature, Host, Section
from ui.folders import documents_folder
from ui.list_model import ListTableModel, list_table_view
from ui.messages import describe

CHECK_EVERY_MS = 60_000  # the status bar's count of open alerts
NEW = QColor(style.ERROR)


def rule_text(rule: str) -> str:
    names = {
        alerts.READS: QCoreApplication.translate("AlertsDialog", "Customers opened in an hour"),
        alerts.USUAL: QCoreApplication.translate("AlertsDialog", "More than the user's usual"),
        alerts.USUAL_FLOOR: QCoreApplication.translate(
            "AlertsDialog", "Least that counts as more than usual"
        ),
        alerts.REVEALS: QCoreApplication.translate("AlertsDialog", "Masked values revealed in an hour"),
        alerts.EXPORTS: QCoreApplication.translate("AlertsDialog", "Exports outside working hours"),
        alerts.FAILED_SIGNINS: QCoreApplication.translate("AlertsDialog", "Failed sign-ins in an hour"),
        alerts.BACKUP_AGE: QCoreApplication.translate("AlertsDialog", "Days without a backup"),
        alerts.WORKING_HOURS: QCoreApplication.translate("AlertsDialog", "Working hours"),
    }
    return names.get(rule, rule)


def severity_text(severity: str) -> str:
    names = {
        "low": QCoreApplication.translate("AlertsDialog", "Low"),
        "medium": QCoreApplication.translate("AlertsDialog", "Medium"),
        "high": QCoreApplication.translate("AlertsDialog", "High"),
        "critical": QCoreApplication.translate("AlertsDialog", "Critical"),
    }
    return names.get(severity, severity)


def status_text(status: str) -> str:
    names = {
        "open": QCoreApplication.translate("AlertsDialog", "Open"),
        "contained": QCoreApplication.translate("AlertsDialog", "Contained"),
        "closed": QCoreApplication.translate("AlertsDialog", "Closed"),
    }
    return names.get(status, status)


def subject_text(alert: alerts.Alert) -> str:
    if alert.subject:
        return alert.subject
    if alert.rule == alerts.FAILED_SIGNINS:
        return QCoreApplication.translate("AlertsDialog", "(names with no account)")
    return QCoreApplication.translate("AlertsDialog", "(the vault)")


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setStyleSheet(f"color: {style.ERROR};")
    label.setWordWrap(True)
    return label


def _problem(error: BaseException) -> str:
    """A refusal in one sentence; a ValidationError names the part that is wrong."""
    if isinstance(error, ValidationError) and getattr(error, "errors", None):
        return "; ".join(str(message) for message in error.errors.values())
    return describe(error)


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    table = list_table_view(model, name)
    table.setWordWrap(False)
    return table


# ------------------------------------------------------------------ models


class AlertsModel(ListTableModel):
    column_count = 8

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        alert = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and alert.open and index.column() == 1:
            return NEW
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return str(alert.id)
        if column == 1:
            return (
                QCoreApplication.translate("AlertsDialog", "New")
                if alert.open
                else QCoreApplication.translate("AlertsDialog", "Acknowledged")
            )
        if column == 2:
            return format_moment(alert.raised_at)
        if column == 3:
            return rule_text(alert.rule)
        if column == 4:
            return subject_text(alert)
        if column == 5:
            return str(alert.count)
        if column == 6:
            return str(alert.threshold)
        return alert.message()

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("AlertsDialog", "No."),
            QCoreApplication.translate("AlertsDialog", "State"),
            QCoreApplication.translate("AlertsDialog", "Raised"),
            QCoreApplication.translate("AlertsDialog", "Rule"),
            QCoreApplication.translate("AlertsDialog", "User"),
            QCoreApplication.translate("AlertsDialog", "Count"),
            QCoreApplication.translate("AlertsDialog", "Limit"),
            QCoreApplication.translate("AlertsDialog", "What happened"),
        )


class IncidentsModel(ListTableModel):
    column_count = 7

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, str] = {}
        self.language = language

    def set_rows(self, rows: list[incidents.Incident], labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.labels = rows, labels
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        incident = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return str(incident.id)
        if column == 1:
            return incident.title
        if column == 2:
            return severity_text(incident.severity)
        if column == 3:
            return status_text(incident.status)
        if column == 4:
            return format_moment(incident.discovered_at)
        if column == 5:
            return str(incident.customers)
        separator = "、" if self.language == "zh" else ", "
        return separator.join(self.labels.get(key, key) for key in incident.fields)

    def headers(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("AlertsDialog", "No."),
            QCoreApplication.translate("AlertsDialog", "Title"),
            QCoreApplication.translate("AlertsDialog", "Severity"),
            QCoreApplication.translate("AlertsDialog", "Status"),
            QCoreApplication.translate("AlertsDialog", "Discovered"),
            QCoreApplication.translate("AlertsDialog", "Customers"),
            QCoreApplication.translate("AlertsDialog", "Fields"),
        )


# ------------------------------------------------------------------ small dialogs


class AcknowledgeDialog(QDialog):
    """What the owner found, kept with the alert."""

    def __init__(self, alert: alerts.Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("acknowledgeDialog")
        self.setWindowTitle(self.tr("Acknowledge alert %1").replace("%1", str(alert.id)))
        form = QFormLayout(self)
        message = QLabel(alert.message())
        message.setWordWrap(True)
        form.addRow(message)
        self.note = QLineEdit()
        self.note.setObjectName("ackNote")
        self.note.setPlaceholderText(self.tr("e.g. checked with her: month-end call list"))
        form.addRow(self.tr("What you found"), self.note)
        self.error = _error_label()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())


class RulesDialog(QDialog):
    """Every rule with its on/off switch and threshold, and the working hours; saved together,
    and a value the core refuses is named next to its rule with nothing saved."""

    def __init__(self, values: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle(self.tr("Alert rules"))
        self.values = dict(values)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "An alert is raised when a count is more than its limit. Switch a rule off to stop it;"
                " alerts already raised are kept."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.switches: dict[str, QCheckBox] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for name, rule in alerts.RULES.items():
            value = values.get(name, rule.default)
            row = QHBoxLayout()
            edit = QLineEdit("" if value == alerts.OFF else value)
            edit.setObjectName(f"rule_{name}")
            edit.setMaximumWidth(90)
            edit.setToolTip(core_text(rule.label))
            if name != alerts.WORKING_HOURS:
                switch = QCheckBox(self.tr("On"))
                switch.setObjectName(f"ruleOn_{name}")
                switch.setChecked(value != alerts.OFF)
                switch.toggled.connect(edit.setEnabled)
                edit.setEnabled(switch.isChecked())
                if not edit.text():
                    edit.setText(rule.default)
                self.switches[name] = switch
                row.addWidget(switch)
            row.addWidget(edit)
            hint = QLabel(core_text(rule.label))
            hint.setStyleSheet(f"color: {style.MUTED};")
            hint.setWordWrap(True)
            row.addWidget(hint, 1)
            error = _error_label()
            error.hide()
            column = QVBoxLayout()
            column.addLayout(row)
            column.addWidget(error)
            self.edits[name], self.errors[name] = edit, error
            form.addRow(rule_text(name), column)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("rulesButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, self.sizeHint().height())

    def changes(self) -> dict[str, str]:
        """The rules whose value the owner changed (as typed: the core checks them)."""
        chosen = {}
        for name, edit in self.edits.items():
            switch = self.switches.get(name)
            value = alerts.OFF if switch is not None and not switch.isChecked() else edit.text()
            if value.strip() != self.values.get(name, alerts.RULES[name].default):
                chosen[name] = value
        return chosen

    def show_problem(self, error: BaseException) -> None:
        """Name the refused value beside its rule; nothing was saved."""
        for label in self.errors.values():
            label.hide()
        self.error.clear()
        found = error.errors if isinstance(error, ValidationError) else {}
        for rule, message in found.items():
            if rule in self.errors:
                self.errors[rule].setText(str(message))
                self.errors[rule].show()
                self.edits[rule].setFocus()
                return
        self.error.setText(_problem(error))


# ------------------------------------------------------------------ the incident editor


def _qt_moment(stamp: str) -> QDateTime:
    parsed = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
    return parsed.toLocalTime() if parsed.isValid() else QDateTime.currentDateTime()


def _moment_edit(name: str, moment: QDateTime) -> QDateTimeEdit:
    edit = QDateTimeEdit(moment)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setMaximumWidth(220)
    return edit


class IncidentEditor(QDialog):
    """A new incident, or one already recorded (then what happened stays as recorded and the
    status, the decisions, the actions, the advice and the contact can change).

    For a new one, "Find in the audit log" asks the core what a user opened, revealed, changed
    or added between two times and fills in the customers and fields from the answer.
    """

    def __init__(
        self,
        catalogue: list[tuple[str, str]],
        *,
        people: list[str] | None = None,
        incident: incidents.Incident | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.incident = incident
        self.customer_ids: list[int] = []
        self.found_by = ""
        self.setObjectName("incidentEditor")
        self.setWindowTitle(
            self.tr("Record an incident")
            if incident is None
            else self.tr("Incident %1").replace("%1", str(incident.id))
        )
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        column = QVBoxLayout(body)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # spare height below the form, not between its rows
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        now = QDateTime.currentDateTime()

        self.title = QLineEdit(incident.title if incident else "")
        self.title.setObjectName("incidentTitle")
        self.title.setPlaceholderText(self.tr("e.g. Field laptop lost on the train"))
        self.what = QPlainTextEdit(incident.what_happened if incident else "")
        self.what.setObjectName("whatHappened")
        self.what.setMaximumHeight(80)
        self.happened_from = _moment_edit(
            "happenedFrom", _qt_moment(incident.occurred_from) if incident else now.addSecs(-3600)
        )
        self.happened_to = _moment_edit("happenedTo", _qt_moment(incident.occurred_to) if incident else now)
        self.discovered = _moment_edit(
            "discoveredAt", _qt_moment(incident.discovered_at) if incident else now
        )
        self.severity = QComboBox()
        self.severity.setObjectName("severity")
        self.severity.setMaximumWidth(220)
        for key in incidents.SEVERITIES:
            self.severity.addItem(severity_text(key), key)
        if incident:
            self.severity.setCurrentIndex(incidents.SEVERITIES.index(incident.severity))
        period = QHBoxLayout()
        period.addWidget(self.happened_from)
        period.addWidget(QLabel("—"))
        period.addWidget(self.happened_to)
        period.addStretch(1)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("What happened"), self.what)
        form.addRow(self.tr("When it happened"), period)
        form.addRow(self.tr("When it was discovered"), self.discovered)
        form.addRow(self.tr("Severity"), self.severity)

        # Who and what was affected: from the audit log (new incidents), or as recorded.
        self.find_group = QGroupBox(self.tr("Find the affected customers in the audit log"))
        self.find_group.setObjectName("findGroup")
        find = QFormLayout(self.find_group)
        self.person = QComboBox()
        self.person.setObjectName("auditUser")
        self.person.setEditable(True)
        self.person.addItems(people or [])
        self.find_from = _moment_edit("findFrom", now.addDays(-1))
        self.find_to = _moment_edit("findTo", now)
        span = QHBoxLayout()
        span.addWidget(self.find_from)
        span.addWidget(QLabel("—"))
        span.addWidget(self.find_to)
        span.addStretch(1)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setObjectName("findAffected")
        self.found = QLabel()
        self.found.setObjectName("foundLabel")
        self.found.setWordWrap(True)
        find.addRow(self.tr("User"), self.person)
        find.addRow(self.tr("Between"), span)
        find.addRow(self.find_button, self.found)
        form.addRow(self.find_group)
        self.find_group.setVisible(incident is None and people is not None)

        self.customers_label = QLabel()
        self.customers_label.setObjectName("affectedCount")
        form.addRow(self.tr("Affected customers"), self.customers_label)
        self.fields = QListWidget()
        self.fields.setObjectName("affectedFields")
        self.fields.setMaximumHeight(110)
        chosen = set(incident.fields) if incident else set()
        for key, label in catalogue:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.fields.addItem(item)
        form.addRow(self.tr("Fields involved"), self.fields)

        self.notify_customers = QCheckBox(self.tr("Notify the affected customers"))
        self.notify_customers.setObjectName("notifyCustomers")
        self.customers_reason = QLineEdit(incident.notify_customers_reason if incident else "")
        self.customers_reason.setObjectName("notifyCustomersReason")
        self.customers_reason.setPlaceholderText(self.tr("Why (PIPL Art. 57)"))
        self.notify_regulator = QCheckBox(self.tr("Notify the regulator"))
        self.notify_regulator.setObjectName("notifyRegulator")
        self.regulator_reason = QLineEdit(incident.notify_regulator_reason if incident else "")
        self.regulator_reason.setObjectName("notifyRegulatorReason")
        self.regulator_reason.setPlaceholderText(self.tr("Why (PIPL Art. 57)"))
        if incident:
            self.notify_customers.setChecked(incident.notify_customers)
            self.notify_regulator.setChecked(incident.notify_regulator)
        form.addRow(self.notify_customers, self.customers_reason)
        form.addRow(self.notify_regulator, self.regulator_reason)
        self.actions = QPlainTextEdit(incident.actions if incident else "")
        self.actions.setObjectName("actionsTaken")
        self.actions.setMaximumHeight(70)
        self.advice = QPlainTextEdit(incident.advice if incident else "")
        self.advice.setObjectName("advice")
        self.advice.setMaximumHeight(60)
        self.advice.setPlaceholderText(self.tr("What customers can do themselves (in the letter)"))
        self.contact = QLineEdit(incident.contact if incident else "")
        self.contact.setObjectName("contact")
        self.contact.setPlaceholderText(self.tr("e.g. Ms Wang, 010-12345678"))
        form.addRow(self.tr("Actions taken"), self.actions)
        form.addRow(self.tr("Advice to customers"), self.advice)
        form.addRow(self.tr("Contact"), self.contact)
        self.status = QComboBox()
        self.status.setObjectName("incidentStatus")
        for key in incidents.STATUSES:
            self.status.addItem(status_text(key), key)
        if incident:
            self.status.setCurrentIndex(incidents.STATUSES.index(incident.status))
            for widget in (self.title, self.what, self.happened_from, self.happened_to, self.discovered):
                widget.setEnabled(False)
            self.severity.setEnabled(False)
            self.fields.setEnabled(False)
            form.addRow(self.tr("Status"), self.status)
        self.status.setVisible(incident is not None)

        self.error = _error_label()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("incidentButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._show_customers(incident.customers if incident else 0)
        self.resize(720, 760)

    def _show_customers(self, count: int) -> None:
        self.customers_label.setText(self.tr("%1 customer(s)").replace("%1", str(count)))

    def show_affected(self, found: incidents.Affected) -> None:
        """The audit log's answer: the customers by number, the fields ticked."""
        self.customer_ids, self.found_by = list(found.customer_ids), found.found_by
        self._show_customers(len(found.customer_ids))
        fields = set(found.fields)
        for row in range(self.fields.count()):
            item = self.fields.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in fields:
                item.setCheckState(Qt.CheckState.Checked)
        self.found.setText(
            self.tr("%1 customer(s) and %2 field(s) found; check the fields below.")
            .replace("%1", str(len(found.customer_ids)))
            .replace("%2", str(len(found.fields)))
        )

    def chosen_fields(self) -> list[str]:
        return [
            self.fields.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.fields.count())
            if self.fields.item(row).checkState() == Qt.CheckState.Checked
        ]

    def draft(self) -> incidents.Draft:
        return incidents.Draft(
            title=self.title.text(),
            what_happened=self.what.toPlainText(),
            discovered_at=self.discovered.dateTime().toPython(),
            severity=self.severity.currentData(),
            notify_customers=self.notify_customers.isChecked(),
            notify_customers_reason=self.customers_reason.text(),
            notify_regulator=self.notify_regulator.isChecked(),
            notify_regulator_reason=self.regulator_reason.text(),
            occurred_from=self.happened_from.dateTime().toPython(),
            occurred_to=self.happened_to.dateTime().toPython(),
            fields=self.chosen_fields(),
            customer_ids=list(self.customer_ids),
            found_by=self.found_by,
            actions=self.actions.toPlainText(),
            advice=self.advice.toPlainText(),
            contact=self.contact.text(),
        )

    def changes(self) -> dict[str, Any]:
        return {
            "status": self.status.currentData(),
            "actions": self.actions.toPlainText(),
            "advice": self.advice.toPlainText(),
            "contact": self.contact.text(),
            "notify_customers": self.notify_customers.isChecked(),
            "notify_customers_reason": self.customers_reason.text(),
            "notify_regulator": self.notify_regulator.isChecked(),
            "notify_regulator_reason": self.regulator_reason.text(),
        }


# ------------------------------------------------------------------ the window


class AlertsDialog(QDialog):
    """Both registers in one window, one tab each, shown per what the role may read."""

    changed = Signal()
    letters_written = Signal(str)

    def __init__(self, vault: Any, runner: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertsDialog")
        self.setWindowTitle(self.tr("Alerts and incidents"))
        self._vault, self._runner, self._actor, self._language = vault, runner, vault.actor, language
        access = access_for(vault, self._actor)
        self.can_view_alerts = access.allows("view_alerts")
        self.can_view_incidents = access.allows("view_incidents")
        self.can_keep_incidents = access.allows("manage_incidents")
        self.can_search_audit = self.can_keep_incidents and access.allows("view_audit")
        self.can_manage_alerts = alerts.can_manage(self._actor)
        self._labels = {f.key: f.label(language) for f in access.catalogue}
        self.ack_dialog: AcknowledgeDialog | None = None
        self.rules_dialog: RulesDialog | None = None
        self.editor: IncidentEditor | None = None
        self._letters_cancel: threading.Event | None = None

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("alertsTabs")
        layout.addWidget(self.tabs, 1)
        self.alerts_tab = self._build_alerts_tab()
        self.incidents_tab = self._build_incidents_tab()
        if self.can_view_alerts:
            self.tabs.addTab(self.alerts_tab, self.tr("Alerts"))
        if self.can_view_incidents:
            self.tabs.addTab(self.incidents_tab, self.tr("Incidents"))
        self.note = QLabel()
        self.note.setObjectName("alertsNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        done = QPushButton(self.tr("Done"))
        done.setObjectName("alertsDone")
        done.clicked.connect(self.accept)
        bottom.addWidget(done)
        layout.addLayout(bottom)
        self.resize(960, 560)
        self.reload()

    # -- building

    def _build_alerts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.alert_filter = QComboBox()
        self.alert_filter.setObjectName("alertFilter")
        self.alert_filter.addItem(self.tr("New alerts"), False)
        self.alert_filter.addItem(self.tr("All alerts"), True)
        self.alert_filter.currentIndexChanged.connect(self.reload_alerts)
        top.addWidget(self.alert_filter)
        top.addStretch(1)
        self.rules_button = QPushButton(self.tr("Rules…"))
        self.rules_button.setObjectName("alertRules")
        self.rules_button.clicked.connect(self.open_rules)
        top.addWidget(self.rules_button)
        layout.addLayout(top)
        self.alerts_model = AlertsModel(self)
        self.alerts_table = _table(self.alerts_model, "alertsTable")
        layout.addWidget(self.alerts_table, 1)
        self.alert_detail = QLabel()
        self.alert_detail.setObjectName("alertDetail")
        self.alert_detail.setWordWrap(True)
        self.alert_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.alert_detail)
        row = QHBoxLayout()
        self.ack_button = QPushButton(self.tr("Acknowledge…"))
        self.ack_button.setObjectName("acknowledgeAlert")
        self.ack_button.clicked.connect(self.open_acknowledge)
        row.addWidget(self.ack_button)
        self.owner_note = QLabel(self.tr("Only an owner acknowledges alerts and changes the rules."))
        self.owner_note.setObjectName("ownerNote")
        self.owner_note.setStyleSheet(f"color: {style.MUTED};")
        self.owner_note.setVisible(not self.can_manage_alerts)
        row.addWidget(self.owner_note)
        row.addStretch(1)
        layout.addLayout(row)
        self.alerts_table.selectionModel().selectionChanged.connect(self._alert_selected)
        self.alerts_table.doubleClicked.connect(lambda _index: self.open_acknowledge())
        self._alert_selected()
        return tab

    def _build_incidents_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.new_incident_button = QPushButton(self.tr("Record an incident…"))
        self.new_incident_button.setObjectName("newIncident")
        self.new_incident_button.clicked.connect(lambda: self.open_new_incident())
        self.new_incident_button.setVisible(self.can_keep_incidents)
        top.addWidget(self.new_incident_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.incidents_model = IncidentsModel(self._language, self)
        self.incidents_table = _table(self.incidents_model, "incidentsTable")
        layout.addWidget(self.incidents_table, 1)
        self.incident_detail = QLabel()
        self.incident_detail.setObjectName("incidentDetail")
        self.incident_detail.setWordWrap(True)
        self.incident_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.incident_detail)
        row = QHBoxLayout()
        self.edit_incident_button = QPushButton(self.tr("Update…"))
        self.edit_incident_button.setObjectName("editIncident")
        self.edit_incident_button.clicked.connect(lambda: self.open_incident())
        self.letter_language = QComboBox()
        self.letter_language.setObjectName("letterLanguage")
        self.letter_language.addItem("中文", "zh")
        self.letter_language.addItem("English", "en")
        self.letter_language.setCurrentIndex(0 if self._language == "zh" else 1)
        self.letters_button = QPushButton(self.tr("Write notice letters…"))
        self.letters_button.setObjectName("writeLetters")
        self.letters_button.clicked.connect(lambda: self.write_letters())
        self.progress = QProgressBar()
        self.progress.setObjectName("lettersProgress")
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelLetters")
        self.cancel_button.clicked.connect(self.cancel_letters)
        self.cancel_button.hide()
        for widget in (self.edit_incident_button, self.letter_language, self.letters_button):
            widget.setVisible(self.can_keep_incidents)
            row.addWidget(widget)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.incidents_table.selectionModel().selectionChanged.connect(self._incident_selected)
        self.incidents_table.doubleClicked.connect(lambda _index: self.open_incident())
        self._incident_selected()
        return tab

    # -- loading

    def reload(self) -> None:
        self.reload_alerts()
        self.reload_incidents()

    def reload_alerts(self) -> None:
        if not self.can_view_alerts:
            return
        vault, actor, everything = self._vault, self._actor, self.alert_filter.currentData()
        self._runner.run(
            lambda _task: alerts.list_alerts(vault, actor, include_acknowledged=everything),
            on_result=self._alerts_loaded,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _alerts_loaded(self, rows: list[alerts.Alert]) -> None:
        self.alerts_model.set_rows(rows)
        if rows:
            self.alerts_table.selectRow(0)
        self._alert_selected()

    def reload_incidents(self) -> None:
        if not self.can_view_incidents:
            return
        vault, actor = self._vault, self._actor
        self._runner.run(
            lambda _task: incidents.list_incidents(vault, actor),
            on_result=self._incidents_loaded,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _incidents_loaded(self, rows: list[incidents.Incident]) -> None:
        self.incidents_model.set_rows(rows, self._labels)
        if rows:
            self.incidents_table.selectRow(0)
        self._incident_selected()

    def _failed(self, error: BaseException) -> None:
        self.note.setText(_problem(error))

    # -- alerts

    def selected_alert(self) -> alerts.Alert | None:
        rows = self.alerts_table.selectionModel().selectedRows()
        return self.alerts_model.rows[rows[0].row()] if rows else None

    def _alert_selected(self, *_args: Any) -> None:
        alert = self.selected_alert()
        self.ack_button.setEnabled(self.can_manage_alerts and alert is not None and alert.open)
        self.rules_button.setEnabled(self.can_manage_alerts)
        if alert is None:
            self.alert_detail.setText(self.tr("No alerts.") if not self.alerts_model.rows else "")
            return
        text = alert.message()
        if not alert.open:
            text += "\n" + self.tr("Acknowledged by %1 on %2: %3").replace(
                "%1", alert.acknowledged_by or ""
            ).replace("%2", format_moment(alert.acknowledged_at or "")).replace("%3", alert.note or "—")
        self.alert_detail.setText(text)

    def open_acknowledge(self) -> AcknowledgeDialog | None:
        alert = self.selected_alert()
        if alert is None or not alert.open or not self.can_manage_alerts:
            return None
        dialog = AcknowledgeDialog(alert, self)
        self.ack_dialog = dialog
        dialog.accepted.connect(lambda: self.acknowledge(alert.id, dialog.note.text(), dialog))
        dialog.open()
        return dialog

    def acknowledge(self, alert_id: int, note: str, dialog: QDialog | None = None) -> None:
        """The core decides: an owner's acknowledgement is kept, anyone else's refused."""
        vault, actor = self._vault, self._actor

        def done(alert: alerts.Alert) -> None:
            self.ack_dialog = None
            self.note.setText(self.tr("Alert %1 acknowledged.").replace("%1", str(alert.id)))
            self.changed.emit()
            self.reload_alerts()

        def failed(error: BaseException) -> None:
            if dialog is not None:
                dialog.error.setText(_problem(error))
                dialog.open()  # what was typed stays
            else:
                self._failed(error)

        self._runner.run(
            lambda _task: alerts.acknowledge(vault, actor, alert_id, note),
            on_result=done,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def open_rules(self) -> None:
        vault, actor = self._vault, self._actor

        def show(values: dict[str, str]) -> None:
            dialog = RulesDialog(values, self)
            self.rules_dialog = dialog
            dialog.accepted.connect(lambda: self.save_rules(dialog))
            dialog.open()

        self._runner.run(
            lambda _task: alerts.rules(vault, actor), on_result=show, on_error=self._failed, vault=vault
        )

    def save_rules(self, dialog: RulesDialog) -> None:
        changes = dialog.changes()
        vault, actor = self._vault, self._actor

        def saved(values: dict[str, str]) -> None:
            self.rules_dialog = None
            self.note.setText(
                self.tr("The rules were saved.") if values else self.tr("Nothing was changed in the rules.")
            )
            self.changed.emit()

        def failed(error: BaseException) -> None:
            dialog.show_problem(error)
            dialog.open()  # the same dialog, with what was typed

        def work(_task: Any) -> dict[str, str]:
            return alerts.set_rules(vault, actor, changes)

        self._runner.run(work, on_result=saved, on_error=failed, vault=vault, parent=self)

    # -- incidents

    def selected_incident(self) -> incidents.Incident | None:
        rows = self.incidents_table.selectionModel().selectedRows()
        return self.incidents_model.rows[rows[0].row()] if rows else None

    def _incident_selected(self, *_args: Any) -> None:
        incident = self.selected_incident()
        busy = self._letters_cancel is not None
        self.edit_incident_button.setEnabled(incident is not None and not busy)
        self.letters_button.setEnabled(incident is not None and incident.customers > 0 and not busy)
        if incident is None:
            self.incident_detail.setText(
                self.tr("No incidents recorded.") if not self.incidents_model.rows else ""
            )
            return
        yes, no = self.tr("yes"), self.tr("no")
        lines = [
            incident.what_happened,
            self.tr("Notify customers: %1 — %2")
            .replace("%1", yes if incident.notify_customers else no)
            .replace("%2", incident.notify_customers_reason),
            self.tr("Notify the regulator: %1 — %2")
            .replace("%1", yes if incident.notify_regulator else no)
            .replace("%2", incident.notify_regulator_reason),
        ]
        if incident.actions:
            lines.append(self.tr("Actions: %1").replace("%1", incident.actions))
        self.incident_detail.setText("\n".join(lines))

    def _catalogue(self) -> list[tuple[str, str]]:
        return sorted(self._labels.items(), key=lambda item: item[1])

    def open_new_incident(self) -> None:
        """The editor, with the user list for the audit-log search when the role may search it."""
        if not self.can_keep_incidents:
            return
        vault, actor = self._vault, self._actor

        def show(people: list[str] | None) -> None:
            editor = IncidentEditor(self._catalogue(), people=people, parent=self)
            self.editor = editor
            editor.find_button.clicked.connect(lambda: self.find_affected(editor))
            editor.accepted.connect(lambda: self.save_incident(editor))
            editor.open()

        self._runner.run(
            lambda _task: incidents.audit_users(vault, actor) if self.can_search_audit else None,
            on_result=show,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def find_affected(self, editor: IncidentEditor) -> None:
        vault, actor = self._vault, self._actor
        user = editor.person.currentText()
        since = editor.find_from.dateTime().toPython()
        until = editor.find_to.dateTime().toPython()
        editor.find_button.setEnabled(False)
        editor.found.setText(self.tr("Searching the audit log…"))

        def found(result: incidents.Affected) -> None:
            editor.find_button.setEnabled(True)
            editor.show_affected(result)
            if not editor.title.text().strip():
                editor.title.setText(self.tr("Access by %1").replace("%1", user.strip()))

        def failed(error: BaseException) -> None:
            editor.find_button.setEnabled(True)
            editor.found.setText(_problem(error))

        self._runner.run(
            lambda _task: incidents.affected_from_audit(vault, actor, user, since, until),
            on_result=found,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def save_incident(self, editor: IncidentEditor) -> None:
        vault, actor = self._vault, self._actor
        if editor.incident is None:
            draft = editor.draft()

            def work(_task: Any) -> incidents.Incident:
                return incidents.add(vault, actor, draft)

            done_text = self.tr("Incident %1 recorded.")
        else:
            incident_id, changes = editor.incident.id, editor.changes()

            def work(_task: Any) -> incidents.Incident:
                return incidents.update(vault, actor, incident_id, **changes)

            done_text = self.tr("Incident %1 updated.")

        def saved(incident: incidents.Incident) -> None:
            self.editor = None
            self.note.setText(done_text.replace("%1", str(incident.id)))
            self.changed.emit()
            self.reload_incidents()

        def failed(error: BaseException) -> None:
            editor.error.setText(_problem(error))
            editor.open()  # nothing typed is lost

        self._runner.run(work, on_result=saved, on_error=failed, vault=vault, parent=self)

    def open_incident(self) -> IncidentEditor | None:
        incident = self.selected_incident()
        if incident is None or not self.can_keep_incidents:
            return None
        editor = IncidentEditor(self._catalogue(), incident=incident, parent=self)
        self.editor = editor
        editor.accepted.connect(lambda: self.save_incident(editor))
        editor.open()
        return editor

    def write_letters(self, path: str | None = None) -> None:
        """Ask where (unless ``path`` is given), then write every affected customer's letter off
        the GUI thread; Cancel stops it with nothing written."""
        incident = self.selected_incident()
        if incident is None or self._letters_cancel is not None:
            return
        language = self.letter_language.currentData()
        if path is None:
            folder = documents_folder()
            path, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the notice letters"),
                str(folder / f"incident-{incident.id}-{language}.pdf"),
                "PDF (*.pdf)",
            )
            if not path:
                return
        vault, actor, incident_id = self._vault, self._actor, incident.id
        # Its own flag, set by Cancel: the press may come before the runner hands back the task.
        cancel = self._letters_cancel = threading.Event()

        def work(task: Any) -> tuple[str, int]:
            count = incident_notice.write(
                vault,
                actor,
                incident_id,
                Path(path),
                language,
                progress=lambda done, total: task.progress(done, total, ""),
                should_cancel=lambda: task.cancelled or cancel.is_set(),
            )
            return path, count

        def written(result: tuple[str, int]) -> None:
            self._letters_over()
            where, count = result
            self.note.setText(
                self.tr("%1 letter(s) were saved to %2.").replace("%1", str(count)).replace("%2", where)
            )
            self.letters_written.emit(where)

        def failed(error: BaseException) -> None:
            self._letters_over()
            self._failed(error)

        def progressed(done: int, total: int, _text: str) -> None:
            if total:
                self.progress.setRange(0, total)
                self.progress.setValue(done)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.note.setText(self.tr("Writing the notice letters…"))
        self._runner.run(
            work, on_result=written, on_error=failed, on_progress=progressed, vault=vault, parent=self
        )
        self._incident_selected()

    def cancel_letters(self) -> None:
        if self._letters_cancel is not None:
            self._letters_cancel.set()
            self.cancel_button.setEnabled(False)

    def _letters_over(self) -> None:
        self._letters_cancel = None
        self.progress.hide()
        self.cancel_button.hide()
        self._incident_selected()

    def done(self, result: int) -> None:
        self.cancel_letters()  # closing is a Cancel: nothing half-written is left
        super().done(result)


# ------------------------------------------------------------------ the feature


class AlertsFeature(Feature):
    """Tools → Alerts and incidents…, and the status bar's count of new alerts."""

    def __init__(self, host: Host, parent: Any = None) -> None:
        super().__init__(host, parent)
        self.action_alerts = self.add_action(
            "actionAlerts", Section.TOOLS_RECORDS, self.open_alerts, permission="view_alerts"
        )
        self.indicator = QPushButton()
        self.indicator.setObjectName("alertsIndicator")
        self.indicator.setFlat(True)
        self.indicator.setCursor(Qt.CursorShape.PointingHandCursor)
        self.indicator.setStyleSheet(f"color: {style.ERROR}; font-weight: bold; padding: 0 6px;")
        self.indicator.clicked.connect(self.open_alerts)
        self.indicator.hide()
        host.add_status_widget(self.indicator)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.refresh_count)
        self._vault_seen: Any = None
        self.dialog: AlertsDialog | None = None
        self.open_alerts_count = 0

    def retranslate(self) -> None:
        self.action_alerts.setText(self.tr("&Alerts and incidents…"))
        self.action_alerts.setToolTip(self.tr("Unusual-access alerts and the incident register"))
        self.indicator.setToolTip(self.tr("Open Tools → Alerts and incidents"))
        self._show_count()

    def _may_open(self) -> bool:
        return self.host.allows("view_alerts") or self.host.allows("view_incidents")

    def update_actions(self) -> None:
        super().update_actions()
        # Either register opens the window (a role may read incidents but not alerts).
        self.action_alerts.setVisible(self.host.is_locked or self._may_open())
        self.action_alerts.setEnabled(not self.host.is_locked and self._may_open())
        vault = None if self.host.is_locked else self.host.vault
        if vault is not self._vault_seen:
            self._vault_seen = vault
            if vault is None:
                self.timer.stop()
                self.open_alerts_count = 0
                self._show_count()
            else:
                self.timer.start()
                self.refresh_count()

    def refresh_count(self) -> None:
        """Count the new alerts off the GUI thread (after the sign-in's own evaluation)."""
        vault = None if self.host.is_locked else self.host.vault
        try:
            actor = None if vault is None or not self.host.allows("view_alerts") else vault.actor
        except VaultLockedError:  # locked by another path (a restore, a closed window) since the last tick
            actor = None
        if vault is None or actor is None:
            self.open_alerts_count = 0
            self._show_count()
            return

        def counted(result: tuple[Any, int]) -> None:
            counted_vault, count = result
            if counted_vault is self.host.vault and not self.host.is_locked:
                self.open_alerts_count = count
                self._show_count()

        self.host.runner.run(
            lambda _task: (vault, alerts.open_count(vault, actor)),
            on_result=counted,
            on_error=lambda _error: None,  # the count is a hint; the window says what is wrong
            vault=vault,
        )

    def _show_count(self) -> None:
        count = self.open_alerts_count
        self.indicator.setText(self.tr("⚠ New alerts: %1").replace("%1", str(count)))
        self.indicator.setVisible(count > 0)

    def open_alerts(self, tab: str | None = None) -> AlertsDialog | None:
        if self.host.is_locked or not self._may_open():
            return None
        dialog = AlertsDialog(self.host.vault, self.host.runner, self.host.language(), self.host.window())
        if tab == "incidents" and dialog.can_view_incidents:
            dialog.tabs.setCurrentWidget(dialog.incidents_tab)
        dialog.changed.connect(self.refresh_count)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        self.host.open_dialog(dialog)
        return dialog
