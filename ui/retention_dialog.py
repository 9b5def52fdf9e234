"""Tools → Retention…: keep nothing longer than needed (PIPL Art. 19, 47).

Two tabs over app/retention.py:

- **Rules**: per purpose or per field, how long data is kept, counted from the customer's last
  activity or from their withdrawal of consent, and what happens then (the fields are
  anonymised, or the customer is erased). Add, edit, remove. Below, the grace period after
  which soft-deleted customers are erased for good (default 30 days).
- **Review**: "Review now" is the dry run — the core works out who is due under each rule
  and saves that list, changing nothing; the window shows it rule by rule with why and what
  will happen, the soft-deleted customers due for purge with when and by whom they were
  deleted. "Approve and apply…" asks, then applies exactly that review off the GUI thread with
  progress and Cancel; a cancel rolls everything back. The summary says what was done.

Every call goes through the core, which checks 'review and apply retention rules' (reading the
rules needs no permission): the menu hides the window from other roles, and if it is opened
anyway the core's refusal is what the person sees.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import consent, erasure, retention
from app.access import access_for
from app.errors import KnownError
from app.fields import PURPOSES
from ui.customer_model import label_language
from ui.dates import format_day, format_moment
from ui.editor import fit_to_width
from ui.feature import Feature, Host, Section
from ui.list_model import list_table_look
from ui.messages import ask_before, describe

SHOWN_PER_RULE = 500  # customers listed under each rule of a review


def basis_text(basis: str) -> str:
    return {
        "last_activity": QCoreApplication.translate("RetentionDialog", "last activity"),
        "consent_withdrawn": QCoreApplication.translate("RetentionDialog", "consent withdrawn"),
    }.get(basis, basis)


def action_text(action: str) -> str:
    return {
        "erase": QCoreApplication.translate("RetentionDialog", "erase the customer"),
        "anonymise": QCoreApplication.translate("RetentionDialog", "anonymise the fields"),
    }.get(action, action)


def target_text(vault: Any, scope: str, target: str) -> str:
    if scope == "purpose":
        return QCoreApplication.translate("RetentionDialog", "Purpose: %1").replace(
            "%1", consent.purpose_label(target, label_language())
        )
    access = access_for(vault, vault.actor)
    return QCoreApplication.translate("RetentionDialog", "Field: %1").replace(
        "%1", access.field_label(target)
    )


class RuleDialog(QDialog):
    """One rule: what it covers, how long, counted from what, and what happens then."""

    def __init__(self, vault: Any, rule: retention.Rule | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleDialog")
        self.setWindowTitle(self.tr("Edit retention rule") if rule else self.tr("New retention rule"))
        self._vault = vault
        self.rule = rule
        access = access_for(vault, vault.actor)
        language = label_language()
        form = QFormLayout(self)
        self.scope = QComboBox()
        self.scope.setObjectName("ruleScope")
        self.scope.addItem(self.tr("A purpose"), "purpose")
        self.scope.addItem(self.tr("One field"), "field")
        self.target = QComboBox()
        self.target.setObjectName("ruleTarget")
        self._purposes = [(p, consent.purpose_label(p, language)) for p in PURPOSES]
        self._fields = [(f.key, f.label(language)) for f in access.catalogue.active()]
        self.scope.currentIndexChanged.connect(self._fill_targets)
        self.months = QSpinBox()
        self.months.setObjectName("ruleMonths")
        self.months.setRange(0, retention.MAX_MONTHS)
        self.months.setValue(24)
        self.months.setSuffix(self.tr(" months"))
        self.basis = QComboBox()
        self.basis.setObjectName("ruleBasis")
        for key in retention.BASES:
            self.basis.addItem(basis_text(key), key)
        self.action = QComboBox()
        self.action.setObjectName("ruleAction")
        self.action.addItem(self.tr("Anonymise the fields"), "anonymise")
        self.action.addItem(self.tr("Erase the customer"), "erase")
        self.note = QLineEdit()
        self.note.setObjectName("ruleNote")
        self.note.setPlaceholderText(self.tr("e.g. Marketing data: two years after the last contact"))
        form.addRow(self.tr("Applies to"), self.scope)
        form.addRow("", self.target)
        form.addRow(self.tr("Kept for"), self.months)
        form.addRow(self.tr("Counted from"), self.basis)
        form.addRow(self.tr("Then"), self.action)
        form.addRow(self.tr("Note"), self.note)
        hint = QLabel(
            self.tr(
                "For a purpose, anonymising clears the fields used only for that purpose; fields other"
                " purposes still need are kept. Fields under a legal hold are never cleared."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(hint)
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
        self._fill_targets()
        if rule is not None:
            self.scope.setCurrentIndex(self.scope.findData(rule.scope))
            self.target.setCurrentIndex(max(0, self.target.findData(rule.target)))
            self.months.setValue(rule.months)
            self.basis.setCurrentIndex(self.basis.findData(rule.basis))
            self.action.setCurrentIndex(self.action.findData(rule.action))
            self.note.setText(rule.note)
        fit_to_width(self, 460)

    def _fill_targets(self) -> None:
        self.target.clear()
        for key, label in self._purposes if self.scope.currentData() == "purpose" else self._fields:
            self.target.addItem(label, key)

    def values(self) -> dict[str, Any]:
        return {
            "scope": self.scope.currentData(),
            "target": self.target.currentData(),
            "months": self.months.value(),
            "basis": self.basis.currentData(),
            "action": self.action.currentData(),
            "note": self.note.text(),
        }


class RetentionDialog(QDialog):
    applied = Signal(object)  # retention.Applied

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Retention"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self.rules: list[retention.Rule] = []
        self.review: retention.Review | None = None
        self.rule_dialog: RuleDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.task: Any = None  # the apply job while it runs (Cancel reaches it)
        self._applying = False
        self._reads = 0
        self.tabs = QTabWidget()
        self.tabs.setObjectName("retentionTabs")
        self.tabs.addTab(self._rules_tab(), self.tr("Rules"))
        self.tabs.addTab(self._review_tab(), self.tr("Review and apply"))
        self.message = QLabel()
        self.message.setObjectName("retentionMessage")
        self.message.setWordWrap(True)
        done = QPushButton(self.tr("Close"))
        done.setObjectName("closeRetention")
        done.setAutoDefault(False)
        done.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(860, 560)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ building

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        self.rules_table = QTableWidget(0, 5)
        self.rules_table.setObjectName("retentionRules")
        list_table_look(self.rules_table)
        self.rules_table.setHorizontalHeaderLabels(
            [
                self.tr("Applies to"),
                self.tr("Kept for"),
                self.tr("Counted from"),
                self.tr("Then"),
                self.tr("Note"),
            ]
        )
        self.rules_table.itemSelectionChanged.connect(self._update_buttons)
        self.rules_table.itemDoubleClicked.connect(lambda _item: self.open_edit())
        self.add_button = QPushButton(self.tr("Add rule…"))
        self.add_button.setObjectName("addRule")
        self.add_button.clicked.connect(lambda: self.open_rule(None))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editRule")
        self.edit_button.clicked.connect(self.open_edit)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeRule")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.grace = QSpinBox()
        self.grace.setObjectName("graceDays")
        self.grace.setRange(0, erasure.MAX_GRACE_DAYS)
        self.grace.setSuffix(self.tr(" days"))
        self.grace_button = QPushButton(self.tr("Save"))
        self.grace_button.setObjectName("saveGrace")
        self.grace_button.setAutoDefault(False)
        self.grace_button.clicked.connect(self.save_grace)
        grace_row = QHBoxLayout()
        grace_row.addWidget(QLabel(self.tr("Deleted customers are erased for good after")))
        grace_row.addWidget(self.grace)
        grace_row.addWidget(self.grace_button)
        grace_row.addStretch(1)
        grace_note = QLabel(
            self.tr(
                "Until then a deleted customer can still be brought back by the owner; the review lists"
                " those whose grace period has passed."
            )
        )
        grace_note.setWordWrap(True)
        grace_note.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(page)
        layout.addWidget(self.rules_table, 1)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addLayout(grace_row)
        layout.addWidget(grace_note)
        return page

    def _review_tab(self) -> QWidget:
        page = QWidget()
        self.review_button = QPushButton(self.tr("Review now (dry run)"))
        self.review_button.setObjectName("reviewButton")
        self.review_button.setToolTip(self.tr("Work out who is due today; nothing changes"))
        self.review_button.clicked.connect(self.run_review)
        self.review_info = QLabel()
        self.review_info.setObjectName("reviewInfo")
        self.review_info.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.review_button)
        top.addWidget(self.review_info, 1)
        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewTree")
        self.tree.setHeaderLabels([self.tr("Who is due, and why"), self.tr("What will happen")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.apply_button = QPushButton(self.tr("Approve and apply…"))
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(lambda: self.apply_review())
        self.progress = QProgressBar()
        self.progress.setObjectName("applyProgress")
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelApply")
        self.cancel_button.clicked.connect(self.cancel_apply)
        self.cancel_button.hide()
        self.result = QLabel()
        self.result.setObjectName("applyResult")
        self.result.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignLeft)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.result)
        return page

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Rules, grace period and the newest review (with its people) off the GUI thread."""
        vault, actor = self._vault, self._actor
        self._reads += 1
        generation = self._reads

        def read(_task: Any) -> tuple:
            rules = retention.rules(vault, actor)
            grace = erasure.grace_days(vault)
            try:
                review = retention.get_review(vault, actor)
                people = retention.due_people(vault, actor, review, limit=SHOWN_PER_RULE)
                problem = None
            except KnownError as error:  # a refusal, or "no review yet": said in the review tab
                review, people, problem = None, {}, error
            return generation, rules, grace, review, people, problem

        self._runner.run(read, on_result=self._read, on_error=self._failed, vault=vault, parent=self)

    def _read(self, result: tuple) -> None:
        generation, rules, grace, review, people, problem = result
        if generation != self._reads:
            return  # a review ran meanwhile: this read is older than what is shown
        self.rules = rules
        self._fill_rules()
        self.grace.setValue(grace)
        if review is not None:
            self._show_review(review, people)
        elif problem is not None:
            self.review = None
            self.tree.clear()
            self.review_info.setText(describe(problem))
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(describe(error))
        self._update_buttons()

    def _fill_rules(self) -> None:
        self.rules_table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            cells = [
                target_text(self._vault, rule.scope, rule.target),
                self.tr("%n month(s)", "", rule.months),
                basis_text(rule.basis),
                action_text(rule.action),
                rule.note,
            ]
            for column, text in enumerate(cells):
                self.rules_table.setItem(row, column, QTableWidgetItem(text))

    def rule_reason(self, item: retention.Due) -> str:
        """Why the customers under one entry of a review are due, in words."""
        if item.rule == retention.PURGE:
            return self.tr("Deleted, and the %n-day grace period has passed", "", self.grace.value())
        rule = next((r for r in self.rules if str(r.id) == item.rule), None)
        if rule is None:
            return self.tr("Rule %1 (removed since the review)").replace("%1", item.rule)
        return (
            self.tr("%1: %2 after %3")
            .replace("%1", target_text(self._vault, rule.scope, rule.target))
            .replace("%2", self.tr("%n month(s)", "", rule.months))
            .replace("%3", basis_text(rule.basis))
        )

    def what_happens(self, item: retention.Due) -> str:
        if item.action == "erase":
            return self.tr("Erase for good")
        access = access_for(self._vault, self._actor)
        return self.tr("Clear %1").replace("%1", ", ".join(access.field_label(k) for k in item.fields))

    def _show_review(self, review: retention.Review, people: dict[str, list[retention.DuePerson]]) -> None:
        self.review = review
        self.tree.clear()
        for item in review.due:
            top = QTreeWidgetItem(
                [
                    self.tr("%1 — %n customer(s)", "", len(item.ids)).replace("%1", self.rule_reason(item)),
                    self.what_happens(item) if item.ids else "",
                ]
            )
            top.setData(0, Qt.ItemDataRole.UserRole, item.rule)
            for person in people.get(item.rule, []):
                label = self.tr("No. %1").replace("%1", str(person.id))
                if person.name:
                    label += f"  {person.name}"
                if person.deleted_at:
                    detail = (
                        self.tr("deleted %1 by %2")
                        .replace("%1", format_moment(person.deleted_at))
                        .replace("%2", person.deleted_by or "?")
                    )
                else:
                    detail = self.tr("last activity %1").replace("%1", format_day(person.last_activity))
                top.addChild(QTreeWidgetItem([f"{label} — {detail}", ""]))
            listed = min(len(item.ids), SHOWN_PER_RULE)
            gone = listed - len(people.get(item.rule, []))
            if gone:
                top.addChild(QTreeWidgetItem([self.tr("%n no longer in the vault (erased)", "", gone), ""]))
            if len(item.ids) > listed:
                more = len(item.ids) - listed
                top.addChild(QTreeWidgetItem([self.tr("… and %n more", "", more), ""]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(bool(item.ids))
        if review.applied_at:
            state = self.tr("Applied %1.").replace("%1", format_moment(review.applied_at))
        else:
            state = self.tr("Nothing has changed yet: approve to apply it.")
        self.review_info.setText(
            self.tr("Review no. %1 of %2 by %3: %n customer(s) due.", "", review.customers)
            .replace("%1", str(review.id))
            .replace("%2", format_day(review.on))
            .replace("%3", review.by)
            + " "
            + state
        )

    def _update_buttons(self) -> None:
        busy = self._applying
        selected = bool(self.rules_table.selectionModel().selectedRows())
        self.edit_button.setEnabled(selected and not busy)
        self.remove_button.setEnabled(selected and not busy)
        self.add_button.setEnabled(not busy)
        self.review_button.setEnabled(not busy)
        review = self.review
        self.apply_button.setEnabled(
            not busy and review is not None and review.applied_at is None and review.customers > 0
        )

    def selected_rule(self) -> retention.Rule | None:
        rows = self.rules_table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows else None

    # ------------------------------------------------------------------ rules

    def open_rule(self, rule: retention.Rule | None) -> RuleDialog:
        dialog = RuleDialog(self._vault, rule, self)
        self.rule_dialog = dialog
        dialog.accepted.connect(lambda: self._save_rule(dialog))
        dialog.open()
        return dialog

    def open_edit(self) -> RuleDialog | None:
        rule = self.selected_rule()
        return self.open_rule(rule) if rule is not None else None

    def _save_rule(self, dialog: RuleDialog) -> None:
        values, rule = dialog.values(), dialog.rule
        vault, actor = self._vault, self._actor

        def work(_task: Any) -> retention.Rule:
            if rule is None:
                return retention.add_rule(vault, actor, **values)
            return retention.edit_rule(vault, actor, rule.id, **values)

        def failed(error: BaseException) -> None:
            dialog.error.setText(describe(error))
            dialog.open()  # what was typed stays, with the message

        def saved(_rule: retention.Rule) -> None:
            self.rule_dialog = None
            self.message.setText(self.tr("Rule saved. Run a new review to see who it makes due."))
            self.reload()

        self._runner.run(work, on_result=saved, on_error=failed, vault=vault, parent=self)

    def remove_selected(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            return
        self._run(
            lambda vault, actor: retention.remove_rule(vault, actor, rule.id),
            self.tr("Rule removed."),
        )

    def save_grace(self) -> None:
        days = self.grace.value()
        self._run(
            lambda vault, actor: erasure.set_grace_days(vault, actor, days),
            self.tr("Deleted customers are now erased %n day(s) after deletion.", "", days),
        )

    def _run(self, work: Any, done_text: str) -> None:
        vault, actor = self._vault, self._actor

        def finished(_result: Any) -> None:
            self.message.setText(done_text)
            self.reload()

        self._runner.run(
            lambda _task: work(vault, actor),
            on_result=finished,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    # ------------------------------------------------------------------ review and apply

    def run_review(self) -> None:
        """The dry run: the core saves who is due today and changes nothing else."""
        vault, actor = self._vault, self._actor
        self._reads += 1  # a read still under way would show the review before this one
        self.review_button.setEnabled(False)
        self.result.clear()

        def work(_task: Any) -> tuple:
            review = retention.review(vault, actor)
            return review, retention.due_people(vault, actor, review, limit=SHOWN_PER_RULE)

        def done(result: tuple) -> None:
            self._show_review(*result)
            self.tabs.setCurrentIndex(1)
            self._update_buttons()

        self._runner.run(work, on_result=done, on_error=self._failed, vault=vault, parent=self)

    def apply_review(self, *, confirmed: bool = False) -> QMessageBox | None:
        review = self.review
        if review is None:
            return None
        if not confirmed:
            self.confirm_box = ask_before(
                self,
                self.tr("Apply the review"),
                self.tr(
                    "Apply review no. %1? Customers still due are erased for good or have the fields"
                    " shown cleared; this cannot be undone. Anyone active again since the review is left"
                    " alone."
                ).replace("%1", str(review.id)),
                "applyConfirm",
                lambda: self.apply_review(confirmed=True),
            )
            return self.confirm_box
        self.confirm_box = None
        vault, actor, review_id = self._vault, self._actor, review.id

        def work(task: Any) -> retention.Applied:
            return retention.apply(
                vault,
                actor,
                review_id,
                progress=lambda done, total: task.progress(done, total, ""),
                cancelled=lambda: task.cancelled,
            )

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.result.setText(self.tr("Applying…"))
        self._applying = True
        task = self._runner.run(
            work,
            on_result=self._applied,
            on_error=self._apply_failed,
            on_progress=self._progressed,
            vault=vault,
            parent=self,
        )
        self.task = task if self._applying else None  # an inline runner has finished already
        self._update_buttons()
        return None

    def _progressed(self, done: int, total: int, _text: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel_apply(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.result.setText(self.tr("Cancelling: everything done so far is rolled back…"))

    def _finish(self) -> None:
        self._applying = False
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _applied(self, applied: retention.Applied) -> None:
        self._finish()
        self.result.setText(
            self.tr(
                "Done. Erased: %1. Anonymised: %2. Left alone (no longer due): %3. Held values whose"
                " hold ended, deleted: %4."
            )
            .replace("%1", str(applied.erased))
            .replace("%2", str(applied.anonymised))
            .replace("%3", str(applied.skipped))
            .replace("%4", str(applied.held_values_expired))
        )
        self.applied.emit(applied)
        self.reload()

    def _apply_failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, retention.ApplyCancelled):
            self.result.setText(self.tr("Cancelled: nothing was erased or anonymised."))
        else:
            self.result.setText(describe(error))

    def reject(self) -> None:
        if self.task is not None:  # closing while applying: cancel, which rolls back
            self.cancel_apply()
            return
        super().reject()


class RetentionFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_retention = self.add_action(
            "actionRetention", Section.TOOLS_RECORDS, self.open_retention, permission="apply_retention"
        )

    def retranslate(self) -> None:
        self.action_retention.setText(self.tr("Re&tention…"))
        self.action_retention.setToolTip(
            self.tr("Retention rules, the review of who is due, and applying it after approval")
        )

    def open_retention(self) -> RetentionDialog | None:
        if not self.host.allows("apply_retention"):
            return None
        dialog = RetentionDialog(self.host.vault, self.host.runner, self.host.window())
        dialog.applied.connect(lambda _applied: self.host.reload_customers())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog
