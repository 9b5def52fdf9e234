"""Tools → Compliance report… and Verify a report…: the compliance report (PIPL Art. 54) from the
desktop.

The report dialog chooses the period (last month, last quarter, this year, or custom dates), the
language and the file, then runs app/compliance_record.produce on the task runner with progress
and Cancel; a cancelled report writes and records nothing. When it is done it shows the
verification code and offers to open the folder. The verify dialog takes a file or the code off
a printed copy and says which report it is, or that it is unknown or altered. The core checks
'compliance_reports' on every call; the window only decides what to offer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import compliance_record
from ui import style
from ui.enter_key import PrimaryButton
from ui.feature import Feature, Host, Section
from ui.folders import documents_folder
from ui.messages import describe
from ui.tasks import Cancelled, Task, TaskRunner

PERMISSION = "compliance_reports"
LAST_MONTH, LAST_QUARTER, THIS_YEAR, CUSTOM = "last_month", "last_quarter", "this_year", "custom"


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The first and last day of a preset period, as of ``today``."""
    if preset == LAST_MONTH:
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == LAST_QUARTER:
        first_month = 3 * ((today.month - 1) // 3) + 1
        end = today.replace(month=first_month, day=1) - timedelta(days=1)
        return end.replace(month=3 * ((end.month - 1) // 3) + 1, day=1), end
    return today.replace(month=1, day=1), today


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _file_row(parent: QWidget, edit: QLineEdit, pick: Callable[[], None]) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    browse = QPushButton(QCoreApplication.translate("ComplianceReportDialog", "Browse…"), row)
    browse.setObjectName("browse")
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    browse.clicked.connect(pick)
    return row


class ComplianceReportDialog(QDialog):
    """Period, language and file → the report, made off the GUI thread, recorded, with its code."""

    def __init__(
        self,
        vault: Any,
        runner: TaskRunner,
        language: str = "zh",
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("complianceReportDialog")
        self.vault = vault
        self.runner = runner
        self.today = today or date.today()
        self.open_url = open_url
        self.made: compliance_record.Made | None = None
        self.task: Task | None = None
        self.running = False
        self._stop = threading.Event()
        self.setWindowTitle(self.tr("Compliance report"))
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Compliance report")))
        layout.addWidget(
            style.note_label(
                self.tr(
                    "A PDF for your compliance audit (PIPL Art. 54): the data inventory, who sees "
                    "what, consent, exports, requests, backups, the audit log, incidents and alerts, "
                    "and a checklist of the policy with what to do about anything not met. It holds "
                    "counts and settings, never a customer's personal data. Each report is recorded "
                    "with a code printed on every page."
                )
            )
        )
        form = QFormLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("preset")
        for key, text in (
            (LAST_MONTH, self.tr("Last month")),
            (LAST_QUARTER, self.tr("Last quarter")),
            (THIS_YEAR, self.tr("This year")),
            (CUSTOM, self.tr("Custom dates")),
        ):
            self.preset.addItem(text, key)
        form.addRow(self.tr("Period:"), self.preset)
        dates = QWidget(self)
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        self.start = QDateEdit()
        self.start.setObjectName("start")
        self.end = QDateEdit()
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        row.addWidget(self.start, 1)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end, 1)
        form.addRow(self.tr("Dates:"), dates)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if language == "zh" else 1)
        form.addRow(self.tr("Language:"), self.language)
        self.out = QLineEdit()
        self.out.setObjectName("outFile")
        form.addRow(self.tr("Save as:"), _file_row(self, self.out, self._pick_file))
        layout.addLayout(form)
        progress_row = QWidget(self)
        prow = QHBoxLayout(progress_row)
        prow.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("progress")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelWork")
        prow.addWidget(self.bar, 1)
        prow.addWidget(self.cancel_button)
        self.progress_row = progress_row
        progress_row.hide()
        layout.addWidget(progress_row)
        self.message = style.InlineMessage()
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.make = self.buttons.addButton(self.tr("Make report"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make.setObjectName("makeReport")
        self.open_folder = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder.setObjectName("openFolder")
        self.open_folder.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        layout.addWidget(self.buttons)
        self.make.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder.clicked.connect(self._open_folder)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.language.currentIndexChanged.connect(self._suggest_file)
        PrimaryButton(self, self.make)
        self._setting_dates = False
        self._file_chosen = False
        self.out.textEdited.connect(self._file_typed)
        self.preset.setCurrentIndex(self.preset.findData(LAST_MONTH))
        self._preset_changed()
        self.resize(600, self.sizeHint().height())

    # ----------------------------------------------------------------------- the form

    def _preset_changed(self) -> None:
        preset = self.preset.currentData()
        if preset != CUSTOM:
            start, end = preset_period(preset, self.today)
            self._setting_dates = True
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(end))
            self._setting_dates = False
        self._suggest_file()

    def _dates_edited(self) -> None:
        preset = self.preset.currentData()
        # A date field also says "changed" when Return only re-reads the same date.
        moved = preset != CUSTOM and self.period() != preset_period(preset, self.today)
        if not self._setting_dates and moved:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self.preset.blockSignals(False)
        self._suggest_file()

    def _file_typed(self) -> None:
        self._file_chosen = bool(self.out.text().strip())

    def _folder(self) -> Path:
        current = self.out.text().strip()
        if current:
            return Path(current).expanduser().parent
        return documents_folder()

    def _suggest_file(self) -> None:
        """A file name from the period and language, in the folder already chosen."""
        if self._file_chosen:
            return
        name = self.tr("compliance-report") + (
            f"-{_pydate(self.start.date()).isoformat()}-{_pydate(self.end.date()).isoformat()}"
            f"-{self.language.currentData()}.pdf"
        )
        self.out.setText(str(self._folder() / name))

    def _pick_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the compliance report"), self.out.text(), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            self.out.setText(chosen)
            self._file_chosen = True

    # ----------------------------------------------------------------------- the work

    def period(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    def run(self) -> None:
        text = self.out.text().strip()
        self.message.clear()
        self.open_folder.hide()
        if not text:
            self.message.show_error(self.tr("Choose where to save the report."))
            self.out.setFocus()
            return
        out = Path(text).expanduser()
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        start, end = self.period()
        language = self.language.currentData()
        vault, actor = self.vault, self.vault.actor
        stop = self._stop = threading.Event()
        self._busy(True)

        def work(task: Task) -> compliance_record.Made:
            def stopped() -> bool:
                return task.cancelled or stop.is_set()

            def progress(done: int, total: int, _what: str) -> None:
                if stopped():
                    raise Cancelled()
                task.progress(done, total, "")

            return compliance_record.produce(
                vault, actor, start, end, language, out, progress=progress, cancelled=stopped
            )

        task = self.runner.run(
            work,
            on_result=self._done,
            on_error=self._failed,
            on_progress=lambda done, total, text: self._progress(done, total, text),
            vault=vault,
            parent=self,
        )
        if self.running:  # still running (the inline runner has finished already)
            self.task = task

    def cancel(self) -> None:
        """Stop the report at its next step: nothing is written or recorded."""
        self._stop.set()
        if self.task is not None:
            self.task.cancel()
        self.cancel_button.setEnabled(False)

    def _busy(self, busy: bool) -> None:
        self.running = busy
        for widget in (self.make, self.preset, self.start, self.end, self.language, self.out):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress_row.setVisible(busy)
        self.bar.setRange(0, 0)
        self.bar.setFormat(self.tr("Making the report… %p%"))

    def _progress(self, done: int, total: int, _text: str) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _done(self, made: compliance_record.Made) -> None:
        self.task = None
        self._busy(False)
        self.made = made
        self.message.show_success(
            self.tr("Report written: %1 (%2 pages). Verification code %3. %4 of %5 requirements are not met.")
            .replace("%1", made.path.name)
            .replace("%2", str(made.record.pages))
            .replace("%3", made.record.code)
            .replace("%4", str(made.unmet))
            .replace("%5", str(made.items))
        )
        self.open_folder.show()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        if isinstance(error, (Cancelled, compliance_record.Cancelled)):
            self.message.show_info(self.tr("Cancelled: no report was written or recorded."))
            return
        self.message.show_error(describe(error))

    def _open_folder(self) -> None:
        if self.made is not None:
            self.open_url(QUrl.fromLocalFile(str(self.made.path.parent)))

    def reject(self) -> None:
        if self.running:  # closing while it runs stops it; nothing is half written
            self.cancel()
            self.runner.wait_all()
        super().reject()


class VerifyReportDialog(QDialog):
    """A report file, or the code on a printed copy → which recorded report it is."""

    def __init__(self, vault: Any, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyReportDialog")
        self.vault = vault
        self.runner = runner
        self.verdict: compliance_record.Verdict | None = None
        self.setWindowTitle(self.tr("Verify a report"))
        layout = QVBoxLayout(self)
        layout.addWidget(style.title_label(self.tr("Verify a compliance report")))
        layout.addWidget(
            style.note_label(
                self.tr(
                    "Choose the report's PDF file, or type the verification code printed at the foot of a "
                    "paper copy. Custos says which report it is and whether the file was changed."
                )
            )
        )
        form = QFormLayout()
        self.file = QLineEdit()
        self.file.setObjectName("reportFile")
        form.addRow(self.tr("File:"), _file_row(self, self.file, self._pick_file))
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setPlaceholderText("XXXX-XXXX")
        form.addRow(self.tr("Or code:"), self.code)
        layout.addLayout(form)
        self.message = style.InlineMessage()
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.check = self.buttons.addButton(self.tr("Verify"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.check.setObjectName("verify")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        layout.addWidget(self.buttons)
        self.check.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)
        PrimaryButton(self, self.check)
        self.resize(560, self.sizeHint().height())

    def _pick_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the report"), self.file.text(), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            self.file.setText(chosen)

    def run(self) -> None:
        path, code = self.file.text().strip(), self.code.text().strip()
        self.message.clear()
        if not path and not code:
            self.message.show_error(self.tr("Choose the report's file or type its code."))
            return
        vault, actor = self.vault, self.vault.actor
        self.check.setEnabled(False)

        def work(_task: Task) -> compliance_record.Verdict:
            data = compliance_record.read_report_file(Path(path).expanduser()) if path else None
            return compliance_record.verify(vault, actor, data, code or None)

        self.runner.run(work, on_result=self._done, on_error=self._failed, vault=vault, parent=self)

    def _done(self, verdict: compliance_record.Verdict) -> None:
        self.check.setEnabled(True)
        self.verdict = verdict
        text = describe_verdict(verdict)
        self.message.show_success(text) if verdict.ok else self.message.show_error(text)

    def _failed(self, error: BaseException) -> None:
        self.check.setEnabled(True)
        self.message.show_error(describe(error))


def describe_verdict(verdict: compliance_record.Verdict) -> str:
    """The verdict in the window's language (the core's sentence names the same facts)."""
    r = verdict.record
    if r is not None:
        facts = {
            "%1": r.made_by,
            "%2": datetime.fromisoformat(r.made_at).astimezone().strftime("%Y-%m-%d %H:%M"),
            "%3": r.period_from,
            "%4": r.period_to,
            "%5": r.code,
            "%6": str(r.pages),
        }
    if verdict.status == compliance_record.MATCH and verdict.sha256:
        text = QCoreApplication.translate(
            "VerifyReportDialog", "Matches the report made by %1 on %2 for %3 to %4: code %5, %6 pages."
        )
    elif verdict.status == compliance_record.MATCH:
        text = QCoreApplication.translate(
            "VerifyReportDialog",
            "Code %5 is the report made by %1 on %2 for %3 to %4, %6 pages. "
            "Check that the paper copy shows this period and page count.",
        )
    elif verdict.status == compliance_record.ALTERED:
        text = QCoreApplication.translate(
            "VerifyReportDialog",
            "Altered: this file carries code %5 of the report made by %1 on %2 for %3 to %4, "
            "but its contents differ from that report.",
        )
    elif verdict.status == compliance_record.OTHER_CODE:
        text = QCoreApplication.translate(
            "VerifyReportDialog",
            "This file is the report with code %5 (made by %1 for %3 to %4), not the code typed.",
        )
    elif verdict.status == compliance_record.UNRECORDED:
        return QCoreApplication.translate(
            "VerifyReportDialog",
            "Not verified: the record of this report was not written by Custos when the report was made.",
        )
    else:
        return QCoreApplication.translate(
            "VerifyReportDialog", "No such report: it was not made in this vault, or it was altered."
        )
    for key, value in facts.items():
        text = text.replace(key, value)
    return text


class ComplianceFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_report = self.add_action(
            "actionComplianceReport", Section.TOOLS_RECORDS, self.open_report, permission=PERMISSION
        )
        self.action_verify = self.add_action(
            "actionVerifyReport", Section.TOOLS_RECORDS, self.open_verify, permission=PERMISSION
        )

    def retranslate(self) -> None:
        self.action_report.setText(self.tr("Compl&iance report…"))
        self.action_report.setToolTip(self.tr("A PDF report for a compliance audit of a chosen period"))
        self.action_verify.setText(self.tr("&Verify a report…"))
        self.action_verify.setToolTip(
            self.tr("Check a report file or a printed copy's code against the record")
        )

    def open_report(self) -> ComplianceReportDialog | None:
        if not self.host.allows(PERMISSION):
            return None
        dialog = ComplianceReportDialog(
            self.host.vault, self.host.runner, self.host.language(), self.host.window()
        )
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def open_verify(self) -> VerifyReportDialog | None:
        if not self.host.allows(PERMISSION):
            return None
        dialog = VerifyReportDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
