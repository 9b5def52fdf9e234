"""Tools → Field packs…: prepare a pack for a field user, the packs still out, declare one lost,
merge one back (a dry run's summary first), and the review queue of what both sides changed.

A field pack (app/fieldpack.py) is a small encrypted vault a field user carries on a laptop;
this window is the office side of it. Everything goes through the core, which checks the
permissions ('prepare_field_packs', 'merge_field_packs') on every call: the window only decides
what to offer. Preparing and merging run on the task runner, never on the GUI thread, with
progress and Cancel; a cancelled prepare leaves no file and no record, a merge is all-or-nothing.

The conflict queue shows, for one field of one customer, the value the pack started with, the
office's value now and the field's value side by side; each is resolved by taking the office's,
the field's or a typed value (the core writes it and audits the decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import customers, fieldpack, users
from app.errors import KnownError
from app.fields import Catalogue
from ui import style
from ui.dates import format_day, format_moment
from ui.enter_key import PrimaryButton
from ui.feature import Feature, FeatureAction, Host, Section
from ui.folders import documents_folder
from ui.list_model import ListTableModel, list_table_view
from ui.messages import describe
from ui.tasks import Cancelled, Task

PREPARE = "prepare_field_packs"
MERGE = "merge_field_packs"
OVERDUE = QColor("#b3261e")
MUTED = QColor("#5f6670")
PACK_SUFFIX = fieldpack.EXTENSION


def _number(value: int) -> str:
    return QLocale().toString(int(value))


def pack_state(pack: Any) -> str:
    """Where a pack stands: out, out but expired (it only merges now), merged, lost or void."""
    return "expired" if pack.status == "out" and pack.expired else pack.status


def status_text(state: str) -> str:
    names = {
        "out": QCoreApplication.translate("FieldPacks", "Out"),
        "expired": QCoreApplication.translate("FieldPacks", "Expired, not back yet"),
        "merged": QCoreApplication.translate("FieldPacks", "Merged"),
        "lost": QCoreApplication.translate("FieldPacks", "Declared lost"),
        "void": QCoreApplication.translate("FieldPacks", "Not written"),
    }
    return names.get(state, state)


def suggested_file(user: str) -> str:
    """A pack's file name that says whose it is and from when: 李明-2026-12-03.custospack."""
    safe = "".join(c for c in user if c.isalnum() or c in "-_.") or "field"
    return f"{safe}-{QDate.currentDate().toString('yyyy-MM-dd')}{PACK_SUFFIX}"


# ---------------------------------------------------------------------- the packs still out


class PacksModel(ListTableModel):
    """One row per pack: who, when prepared, until when, how many customers, where it stands."""

    COLUMNS = ("user", "prepared", "by", "expires", "customers", "status")
    column_count = len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pack = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        state = pack_state(pack)
        if role == Qt.ItemDataRole.ForegroundRole:
            if state in ("expired", "lost"):
                return OVERDUE
            if state in ("merged", "void"):
                return MUTED
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "customers":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == "status":
            if state == "merged":
                return QCoreApplication.translate("FieldPacks", "Merged on %1").replace(
                    "%1", format_moment(pack.merged_at or "")
                )
            if state == "lost" and pack.incident_id is not None:
                return (
                    QCoreApplication.translate("FieldPacks", "Declared lost on %1; incident %2")
                    .replace("%1", format_moment(pack.lost_at or ""))
                    .replace("%2", str(pack.incident_id))
                )
            return pack.file_name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "user":
            return pack.user
        if column == "prepared":
            return format_moment(pack.prepared_at)
        if column == "by":
            return pack.prepared_by
        if column == "expires":
            return format_day(pack.expires_at)
        if column == "customers":
            return _number(pack.customers)
        return status_text(state)

    def headers(self) -> list[str]:
        titles = {
            "user": QCoreApplication.translate("FieldPacks", "Field user"),
            "prepared": QCoreApplication.translate("FieldPacks", "Prepared"),
            "by": QCoreApplication.translate("FieldPacks", "Prepared by"),
            "expires": QCoreApplication.translate("FieldPacks", "Expires"),
            "customers": QCoreApplication.translate("FieldPacks", "Customers"),
            "status": QCoreApplication.translate("FieldPacks", "Status"),
        }
        return [titles[column] for column in self.COLUMNS]


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    table = list_table_view(model, name)
    table.setAlternatingRowColors(True)
    return table


class FieldPacksDialog(QDialog):
    """The office's view of its field packs, and the four things done with them."""

    changed = Signal()  # customers may have changed (a merge, a resolved conflict)

    def __init__(self, vault: Any, runner: Any, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldPacksDialog")
        self.setWindowTitle(self.tr("Field packs"))
        self._vault, self._runner, self._host = vault, runner, host
        self._actor = vault.actor
        self.can_prepare = host.allows(PREPARE)
        self.can_merge = host.allows(MERGE)
        self.prepare_dialog: PrepareDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.lost_box: QMessageBox | None = None
        self.loading = False

        title = style.title_label(self.tr("Field packs"))
        intro = style.note_label(
            self.tr(
                "A field pack carries the customers a field user needs to a laptop without a network, "
                "encrypted and opened with that user's password. Packs not yet merged back are listed "
                "here; a lost laptop's pack is declared lost, which opens an incident."
            )
        )
        self.show_all = QCheckBox(self.tr("Show merged and lost packs too"))
        self.show_all.setObjectName("showAllPacks")
        self.show_all.toggled.connect(self.reload)
        self.model = PacksModel(self)
        self.table = _table(self.model, "packsTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel()
        self.empty.setObjectName("packsEmpty")
        self.empty.setStyleSheet(f"color: {style.MUTED};")
        self.message = style.InlineMessage()
        self.message.setObjectName("packsMessage")

        self.prepare_button = QPushButton(self.tr("Prepare a pack…"))
        self.prepare_button.setObjectName("preparePack")
        self.prepare_button.clicked.connect(lambda: self.open_prepare())
        self.merge_button = QPushButton(self.tr("Merge a pack…"))
        self.merge_button.setObjectName("mergePack")
        self.merge_button.clicked.connect(lambda: self.open_merge())
        self.lost_button = QPushButton(self.tr("Declare lost…"))
        self.lost_button.setObjectName("declareLost")
        self.lost_button.clicked.connect(lambda: self.declare_lost())
        self.conflicts_button = QPushButton(self.tr("Review queue…"))
        self.conflicts_button.setObjectName("reviewConflicts")
        self.conflicts_button.clicked.connect(lambda: self.open_conflicts())
        self.prepare_button.setVisible(self.can_prepare)
        self.merge_button.setVisible(self.can_merge)
        self.conflicts_button.setVisible(self.can_merge)
        self.lost_button.setVisible(self.can_prepare)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.show_all)
        top.addStretch(1)
        row = QHBoxLayout()
        for button in (self.prepare_button, self.merge_button, self.lost_button, self.conflicts_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(860, 480)
        self._update_buttons()
        self.reload()

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        vault, actor, everything = self._vault, self._actor, self.show_all.isChecked()
        self.loading = True
        self._update_buttons()

        def read(_task: Task) -> tuple[list[Any], int]:
            packs = fieldpack.outstanding(vault, actor, all_packs=everything)
            waiting = len(fieldpack.list_conflicts(vault, actor)) if self.can_merge else 0
            return packs, waiting

        self._runner.run(read, on_result=self._loaded, on_error=self._load_failed, vault=vault, parent=self)

    def _loaded(self, result: tuple[list[Any], int]) -> None:
        packs, waiting = result
        self.loading = False
        self.model.set_rows(packs)
        if packs:
            self.table.selectRow(0)
        self.empty.setText(
            ""
            if packs
            else self.tr("No field pack is out.")
            if not self.show_all.isChecked()
            else self.tr("No field pack has been prepared yet.")
        )
        self.empty.setVisible(not packs)
        self.conflicts_button.setText(
            self.tr("Review queue (%1)…").replace("%1", _number(waiting))
            if waiting
            else self.tr("Review queue…")
        )
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.loading = False
        self.message.show_error(describe(error))
        self._update_buttons()

    def selected_pack(self) -> Any:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        pack = self.selected_pack()
        self.lost_button.setEnabled(
            self.can_prepare and not self.loading and pack is not None and pack.status == "out"
        )

    # ------------------------------------------------------------------ the four actions

    def open_prepare(self, ids: list[int] | None = None) -> PrepareDialog | None:
        if not self.can_prepare:
            return None
        dialog = PrepareDialog(self._vault, self._runner, self, ids=ids or [])
        dialog.prepared.connect(lambda _pack: self.reload())
        dialog.finished.connect(dialog.deleteLater)
        self.prepare_dialog = dialog
        dialog.open()
        return dialog

    def open_merge(self, path: str | None = None) -> MergeDialog | None:
        if not self.can_merge:
            return None
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Merge a field pack"),
                str(documents_folder()),
                self.tr("Field packs (*%1);;All files (*)").replace("%1", PACK_SUFFIX),
            )
            if not path:
                return None
        dialog = MergeDialog(self._vault, self._runner, Path(path), self)
        dialog.merged.connect(self._merged)
        dialog.review_requested.connect(lambda: self.open_conflicts())
        dialog.finished.connect(dialog.deleteLater)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merged(self) -> None:
        self.reload()
        self.changed.emit()

    def declare_lost(self) -> QMessageBox | None:
        pack = self.selected_pack()
        if pack is None or not self.can_prepare or pack.status != "out":
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Declare the pack lost"),
            self.tr(
                "Declare the field pack of %1 (prepared %2, %3 customers) lost?\n\n"
                "It can no longer be merged, and an incident is opened with the customers and fields "
                "it held, for you to assess and, where needed, notify."
            )
            .replace("%1", pack.user)
            .replace("%2", format_moment(pack.prepared_at))
            .replace("%3", _number(pack.customers)),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("declareLostBox")
        confirm = box.addButton(self.tr("Declare lost"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        vault, actor, pack_id = self._vault, self._actor, pack.id

        def closed(_result: int) -> None:
            self.lost_box = None
            if box.clickedButton() is not confirm:
                return
            self._runner.run(
                lambda _task: fieldpack.declare_lost(vault, actor, pack_id),
                on_result=self._declared_lost,
                on_error=lambda error: self.message.show_error(describe(error)),
                vault=vault,
                parent=self,
            )

        box.finished.connect(closed)
        self.lost_box = box
        box.open()
        return box

    def _declared_lost(self, pack: Any) -> None:
        if pack.incident_id is not None:
            text = self.tr("The pack of %1 is declared lost; incident %2 was opened with what it held.")
        else:
            text = self.tr("The pack of %1 is declared lost.")
        self.message.show_success(text.replace("%1", pack.user).replace("%2", str(pack.incident_id)))
        self.reload()

    def open_conflicts(self) -> ConflictsDialog | None:
        if not self.can_merge:
            return None
        dialog = ConflictsDialog(self._vault, self._runner, self._host.language(), self)
        dialog.resolved.connect(self.changed.emit)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.finished.connect(dialog.deleteLater)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog


# ---------------------------------------------------------------------- preparing a pack


class PrepareDialog(QDialog):
    """Who the pack is for, which customers go, how long it lasts, where it is written."""

    prepared = Signal(object)

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None, *, ids: list[int]) -> None:
        super().__init__(parent)
        self.setObjectName("prepareDialog")
        self.setWindowTitle(self.tr("Prepare a field pack"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self.ids = list(ids)
        self.task: Task | None = None
        self.busy = False
        self.result_pack: Any = None

        title = style.title_label(self.tr("Prepare a field pack"))
        intro = style.note_label(
            self.tr(
                "The pack holds only what the field user's role may read: hidden fields stay here, "
                "masked values go masked. It opens with their own password and only until it expires."
            )
        )
        self.user = QComboBox()
        self.user.setObjectName("packUser")
        try:
            names = [u.name for u in users.list_users(vault, vault.actor) if u.status == "active"]
        except KnownError:
            names = []
        self.user.addItems(names)

        self.which = QButtonGroup(self)
        self.none_radio = QRadioButton(self.tr("None: the pack is for collecting new customers"))
        self.none_radio.setObjectName("packNone")
        self.tag_radio = QRadioButton(self.tr("With the tag:"))
        self.tag_radio.setObjectName("packByTag")
        self.tag = QLineEdit()
        self.tag.setObjectName("packTag")
        self.region_radio = QRadioButton(self.tr("Whose address contains:"))
        self.region_radio.setObjectName("packByRegion")
        self.region = QLineEdit()
        self.region.setObjectName("packRegion")
        self.region.setPlaceholderText(self.tr("e.g. 海淀区 or Shanghai"))
        self.selection_radio = QRadioButton()
        self.selection_radio.setObjectName("packSelection")
        if not self.ids:
            self.selection_radio.setText(self.tr("The customer selected in the list (none is selected)"))
        elif len(self.ids) == 1:
            self.selection_radio.setText(self.tr("The customer selected in the list"))
        else:
            self.selection_radio.setText(
                self.tr("The %1 customers selected in the list").replace("%1", _number(len(self.ids)))
            )
        self.selection_radio.setEnabled(bool(self.ids))
        for number, radio in enumerate(
            (self.none_radio, self.tag_radio, self.region_radio, self.selection_radio)
        ):
            self.which.addButton(radio, number)
        (self.selection_radio if self.ids else self.none_radio).setChecked(True)
        self.tag.textEdited.connect(lambda _text: self.tag_radio.setChecked(True))
        self.region.textEdited.connect(lambda _text: self.region_radio.setChecked(True))

        self.days = QSpinBox()
        self.days.setObjectName("packDays")
        self.days.setRange(1, fieldpack.MAX_DAYS)
        self.days.setValue(fieldpack.DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.valueChanged.connect(self._show_expiry)
        self.expiry = QLabel()
        self.expiry.setObjectName("packExpiry")
        self.expiry.setStyleSheet(f"color: {style.MUTED};")

        self.out = QLineEdit()
        self.out.setObjectName("packFile")
        self.browse = QPushButton(self.tr("Choose…"))
        self.browse.setObjectName("packBrowse")
        self.browse.clicked.connect(self.choose_file)
        self.user.currentTextChanged.connect(self._suggest_file)
        self._suggested = ""
        self._suggest_file(self.user.currentText())

        self.bar = QProgressBar()
        self.bar.setObjectName("prepareProgress")
        self.bar.hide()
        self.message = style.InlineMessage()
        self.message.setObjectName("prepareMessage")

        self.buttons = QDialogButtonBox()
        self.prepare_button = self.buttons.addButton(
            self.tr("Prepare"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.prepare_button.setObjectName("prepareButton")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("prepareCancel")
        self.prepare_button.clicked.connect(self.prepare)
        self.buttons.rejected.connect(self.reject)

        customers_box = QGridLayout()
        customers_box.setHorizontalSpacing(8)
        customers_box.addWidget(self.none_radio, 0, 0, 1, 2)
        customers_box.addWidget(self.tag_radio, 1, 0)
        customers_box.addWidget(self.tag, 1, 1)
        customers_box.addWidget(self.region_radio, 2, 0)
        customers_box.addWidget(self.region, 2, 1)
        customers_box.addWidget(self.selection_radio, 3, 0, 1, 2)
        file_row = QHBoxLayout()
        file_row.addWidget(self.out, 1)
        file_row.addWidget(self.browse)
        days_row = QHBoxLayout()
        days_row.addWidget(self.days)
        days_row.addWidget(self.expiry, 1)

        form = style.FormGrid()
        form.setVerticalSpacing(10)
        form.add_row(self.tr("Field user:"), self.user)
        form.add_row(self.tr("Customers:"), customers_box)
        form.add_row(self.tr("Expires after:"), days_row)
        form.add_row(self.tr("Write to:"), file_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.prepare_button)
        self._show_expiry()
        style.fit_width(self, 620)
        self.user.setFocus()

    def _show_expiry(self) -> None:
        day = QDate.currentDate().addDays(self.days.value())
        self.expiry.setText(self.tr("until %1").replace("%1", format_day(day)))

    def _suggest_file(self, user: str) -> None:
        """Follow the user's name until the person types a path of their own."""
        if self.out.text() and self.out.text() != self._suggested:
            return
        self._suggested = str(documents_folder() / suggested_file(user))
        self.out.setText(self._suggested)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Write the field pack to"),
            self.out.text() or str(documents_folder()),
            self.tr("Field packs (*%1)").replace("%1", PACK_SUFFIX),
        )
        if path:
            self.out.setText(path)

    def choice(self) -> dict[str, Any]:
        """What the core is asked for: exactly one way of choosing customers."""
        chosen: dict[str, Any] = {"tag": None, "region": None, "ids": None}
        if self.tag_radio.isChecked():
            chosen["tag"] = self.tag.text().strip()
        elif self.region_radio.isChecked():
            chosen["region"] = self.region.text().strip()
        elif self.selection_radio.isChecked():
            chosen["ids"] = list(self.ids)
        else:
            chosen["ids"] = []
        return chosen

    def prepare(self) -> None:
        if self.busy:
            return
        user = self.user.currentText().strip()
        out = self.out.text().strip()
        chosen = self.choice()
        problem, focus = "", None
        if not user:
            problem, focus = self.tr("Choose the field user the pack is for."), self.user
        elif self.tag_radio.isChecked() and not chosen["tag"]:
            problem, focus = self.tr("Type the tag whose customers go into the pack."), self.tag
        elif self.region_radio.isChecked() and not chosen["region"]:
            problem, focus = self.tr("Type the place whose customers go into the pack."), self.region
        elif not out:
            problem, focus = self.tr("Choose where to write the pack."), self.out
        if problem:
            self.message.show_error(problem)
            focus.setFocus()
            return
        vault, actor, days = self._vault, self._actor, self.days.value()

        def work(task: Task) -> Any:
            return fieldpack.prepare(
                vault,
                actor,
                user=user,
                out=Path(out),
                tag=chosen["tag"],
                region=chosen["region"],
                ids=chosen["ids"],
                days=days,
                progress=lambda done, total: task.progress(done, total),
                cancelled=lambda: task.cancelled,
            )

        self._set_busy(True)
        self.task = self._runner.run(
            work, on_result=self._done, on_error=self._failed, on_progress=self._progress, vault=vault
        )

    def _progress(self, done: int, total: int, _text: str) -> None:
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)
        if total:
            self.message.show_info(
                self.tr("Copying customers: %1 of %2")
                .replace("%1", _number(done))
                .replace("%2", _number(total))
            )

    def _done(self, pack: Any) -> None:
        self.task = None
        self._set_busy(False)
        self.result_pack = pack
        self.bar.hide()
        self.message.show_success(
            self.tr(
                "The pack for %1 holds %2 customers and expires on %3. Give it to them with the laptop: "
                "it opens with their own password."
            )
            .replace("%1", pack.user)
            .replace("%2", _number(pack.customers))
            .replace("%3", format_day(pack.expires_at))
        )
        self.prepare_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setFocus()
        self.prepared.emit(pack)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        self.bar.hide()
        if isinstance(error, Cancelled | fieldpack.PrepareCancelled):
            self.message.show_info(self.tr("Cancelled: no pack was written."))
            return
        self.message.show_error(describe(error))
        if not isinstance(error, KnownError | OSError):
            raise error

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.enter_key.busy()
            self.bar.setRange(0, 0)
            self.bar.show()
            self.message.show_info(self.tr("Preparing the pack…"))
        for widget in (
            self.user,
            self.none_radio,
            self.tag_radio,
            self.tag,
            self.region_radio,
            self.region,
            self.days,
            self.out,
            self.browse,
            self.prepare_button,
        ):
            widget.setEnabled(not busy)
        self.selection_radio.setEnabled(not busy and bool(self.ids))
        if not busy:
            self.enter_key.idle()

    def reject(self) -> None:
        """Cancel stops a running prepare (the core removes what it wrote) before closing."""
        if self.busy and self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.message.show_info(self.tr("Cancelling…"))
            return
        super().reject()


# ---------------------------------------------------------------------- merging a pack back


SUMMARY = (
    "newCustomers",
    "editsTaken",
    "conflicts",
    "duplicates",
    "erasedName",
    "discardedErased",
    "discardedDeleted",
    "notTaken",
    "consents",
    "auditEntries",
)


def summary_label(name: str) -> str:
    return {
        "newCustomers": QCoreApplication.translate("FieldPacks", "New customers added"),
        "editsTaken": QCoreApplication.translate("FieldPacks", "Changes taken from the field"),
        "conflicts": QCoreApplication.translate(
            "FieldPacks", "Conflicts for review (changed in both places)"
        ),
        "duplicates": QCoreApplication.translate(
            "FieldPacks", "New customers who may already be here, for review"
        ),
        "erasedName": QCoreApplication.translate(
            "FieldPacks", "New customers with the name of someone erased here, for review"
        ),
        "discardedErased": QCoreApplication.translate(
            "FieldPacks", "Discarded: customers erased in the office"
        ),
        "discardedDeleted": QCoreApplication.translate(
            "FieldPacks", "Not applied: customers deleted in the office"
        ),
        "notTaken": QCoreApplication.translate(
            "FieldPacks", "Not taken: fields the field role may not write, or invalid values"
        ),
        "consents": QCoreApplication.translate("FieldPacks", "Consent records added"),
        "auditEntries": QCoreApplication.translate("FieldPacks", "Field log entries added to the audit log"),
    }[name]


def summary_counts(report: Any) -> dict[str, int]:
    """The merge report (app/fieldpack.MergeReport) as one count per line of the summary."""
    return {
        "newCustomers": len(report.new),
        "editsTaken": sum(len(keys) for keys in report.applied.values()),
        "conflicts": len(report.conflicts),
        "duplicates": len(report.duplicates_queued),
        "erasedName": len(set(report.erased_name_queued) - set(report.duplicates_queued)),
        "discardedErased": len(report.erased_discarded) + len(report.erased_new_discarded),
        "discardedDeleted": len(report.deleted_discarded),
        "notTaken": len(report.not_permitted) + len(report.invalid),
        "consents": report.consents_added,
        "auditEntries": report.audit_entries_added,
    }


class MergeDialog(QDialog):
    """Check a pack (a dry run: nothing changes), show what merging would do, then merge.

    The dry run starts as soon as the dialog opens; Merge stays disabled until its summary is
    shown, so nobody merges what they have not seen. Both run on the task runner.
    """

    merged = Signal()
    review_requested = Signal()

    def __init__(self, vault: Any, runner: Any, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge a field pack"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self.path = Path(path)
        self.busy = False
        self.report: Any = None
        self.header: Any = None
        self.done_merging = False

        self.heading = style.title_label(self.tr("Merge a field pack"))
        self.file_label = style.ElidedLabel()
        self.file_label.set_full_text(self.tr("Pack: %1").replace("%1", str(self.path)))
        self.file_label.setStyleSheet(f"color: {style.MUTED};")
        self.state = QLabel()
        self.state.setObjectName("mergeState")
        self.state.setWordWrap(True)

        self.summary = QFrame()
        self.summary.setObjectName("mergeSummary")
        self.summary.setStyleSheet(
            f"QFrame#mergeSummary {{ background: {style.PANEL}; border: 1px solid {style.PANEL_BORDER}; "
            "border-radius: 4px; }"
        )
        grid = QGridLayout(self.summary)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(24)
        self.counts: dict[str, QLabel] = {}
        self.count_labels: dict[str, QLabel] = {}
        for row, name in enumerate(SUMMARY):
            label = QLabel()
            count = QLabel()
            count.setObjectName(name)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = count.font()
            font.setBold(True)
            count.setFont(font)
            grid.addWidget(label, row, 0)
            grid.addWidget(count, row, 1)
            self.counts[name] = count
            self.count_labels[name] = label
        self.summary.hide()
        self.details = QLabel()
        self.details.setObjectName("mergeDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.hide()

        self.bar = QProgressBar()
        self.bar.setObjectName("mergeProgress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.message = style.InlineMessage()
        self.message.setObjectName("mergeMessage")

        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.review_button = self.buttons.addButton(
            self.tr("Review queue…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.review_button.setObjectName("mergeReview")
        self.review_button.hide()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setObjectName("mergeClose")
        self.merge_button.clicked.connect(self.merge)
        self.review_button.clicked.connect(self._review)
        self.buttons.rejected.connect(self.reject)
        self.merge_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.file_label)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.merge_button)
        style.fit_width(self, 600)
        self._retranslate_counts()
        self.check()

    def _retranslate_counts(self) -> None:
        for name in SUMMARY:
            self.count_labels[name].setText(summary_label(name))

    # ------------------------------------------------------------------ the dry run

    def check(self) -> None:
        vault, actor, path = self._vault, self._actor, self.path

        def dry_run(_task: Task) -> tuple[Any, Any]:
            report = fieldpack.merge(vault, actor, path, dry_run=True)
            return report, fieldpack.read_header(path)  # read once the merge accepted the file

        self._set_busy(True, self.tr("Checking the pack (nothing changes yet)…"))
        self._runner.run(
            dry_run,
            on_result=self._checked,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _checked(self, result: tuple[Any, Any]) -> None:
        report, self.header = result
        self._set_busy(False)
        self.report = report
        self._show_report(report)
        if report.already_merged:
            self.state.setText(self.tr("This pack was already merged: merging it again changes nothing."))
            self.merge_button.setEnabled(False)
            self.close_button.setText(self.tr("Close"))
            return
        self.state.setText(
            self.tr("The pack of %1, prepared %2 by %3. Merging would do this:")
            .replace("%1", report.user)
            .replace("%2", format_moment(self.header.prepared_at))
            .replace("%3", self.header.prepared_by)
        )
        self.merge_button.setEnabled(True)
        self.merge_button.setFocus()

    def _show_report(self, report: Any) -> None:
        counts = summary_counts(report)
        for name in SUMMARY:
            self.counts[name].setText(_number(counts[name]))
            # Lines with nothing to say stay out of the way, except the first three.
            shown = counts[name] > 0 or name in ("newCustomers", "editsTaken", "conflicts")
            self.counts[name].setVisible(shown)
            self.count_labels[name].setVisible(shown)
        self.summary.show()
        notes = []
        if counts["discardedErased"]:
            notes.append(
                self.tr(
                    "Customers erased in the office while the pack was out are not brought back: what "
                    "the field changed or added for them is discarded."
                )
            )
        if counts["conflicts"] or counts["duplicates"] or counts["erasedName"]:
            notes.append(
                self.tr(
                    "Fields changed both here and in the field, and new customers who may already be "
                    "here, wait in the review queue: nothing is overwritten without a person deciding."
                )
            )
        self.details.setText("\n\n".join(notes))
        self.details.setVisible(bool(notes))

    # ------------------------------------------------------------------ the merge

    def merge(self) -> None:
        if self.busy or self.report is None or self.done_merging:
            return
        vault, actor, path = self._vault, self._actor, self.path
        self._set_busy(True, self.tr("Merging…"))
        self._runner.run(
            lambda _task: fieldpack.merge(vault, actor, path, dry_run=False),
            on_result=self._merged,
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _merged(self, report: Any) -> None:
        self._set_busy(False)
        self.report = report
        self.done_merging = True
        self._show_report(report)
        self.heading.setText(self.tr("Field pack merged"))
        self.state.setText(self.tr("Merged. The office vault now holds the field's work:"))
        self.message.show_success(self.tr("The pack of %1 is merged.").replace("%1", report.user))
        self.merge_button.setEnabled(False)
        self.merge_button.hide()
        counts = summary_counts(report)
        waiting = counts["conflicts"] + counts["duplicates"] + counts["erasedName"]
        self.review_button.setVisible(waiting > 0)
        self.close_button.setText(self.tr("Close"))
        (self.review_button if waiting else self.close_button).setFocus()
        self.merged.emit()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.state.setText("")
        self.message.show_error(describe(error))
        self.merge_button.setEnabled(False)
        self.close_button.setText(self.tr("Close"))
        if not isinstance(error, KnownError | OSError):
            raise error

    def _review(self) -> None:
        self.accept()
        self.review_requested.emit()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.bar.setVisible(busy)
        self.merge_button.setEnabled(False)
        if busy:
            self.enter_key.busy()
            self.message.show_info(text)
        else:
            self.enter_key.idle()
            if self.message.kind == "info":
                self.message.clear()
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        if self.busy:
            return  # a merge is all-or-nothing and short: it finishes, then the dialog closes
        super().reject()


# ---------------------------------------------------------------------- the review queue


@dataclass(frozen=True)
class QueueItem:
    """One queued decision as the queue shows it: a conflict with names and labels filled in."""

    conflict: Any  # app/fieldpack.Conflict
    customer: str
    field: str
    base: str
    office: str
    field_value: str

    @property
    def is_new_customer(self) -> bool:
        return self.conflict.kind == "new"

    @property
    def erased_name(self) -> bool:
        """A new customer whose name alone is an erased person's (names repeat: a person decides)."""
        return self.is_new_customer and bool(self.conflict.payload.get("erased_name"))


def _shown(value: Any) -> str:
    return QCoreApplication.translate("FieldPacks", "(empty)") if value in (None, "") else str(value)


def queue_items(vault: Any, actor: Any, language: str) -> list[QueueItem]:
    """The review queue with what a person needs to decide (runs off the GUI thread)."""
    conflicts = fieldpack.list_conflicts(vault, actor)
    catalogue = Catalogue.load(vault.connection())
    wanted = {c.customer_id for c in conflicts if c.kind == "edit" and c.customer_id is not None}
    for c in conflicts:
        if c.kind == "new":
            wanted.update(c.payload.get("matches", []))
    names = {found.id: found.name for found in customers.fetch(vault, actor, sorted(wanted))}
    items = []
    for c in conflicts:
        if c.kind == "edit":
            try:
                label = catalogue.get(c.field).label(language)
            except KeyError:
                label = c.field
            items.append(
                QueueItem(
                    c,
                    names.get(c.customer_id, f"#{c.customer_id}"),
                    label,
                    _shown(c.base),
                    _shown(c.office),
                    _shown(c.field_value),
                )
            )
            continue
        values = c.payload.get("values", {})
        details = [values.get(key) for key in ("name", "phone", "email", "company") if values.get(key)]
        matches = [f"{names.get(i, f'#{i}')} (#{i})" for i in c.payload.get("matches", [])]
        if c.payload.get("erased_name"):
            matches.append(
                QCoreApplication.translate("FieldPacks", "Same name as a customer who was erased here")
            )
        items.append(
            QueueItem(
                c,
                values.get("name") or QCoreApplication.translate("FieldPacks", "(no name)"),
                QCoreApplication.translate("FieldPacks", "New customer — may already be here"),
                "",
                "\n".join(matches) or QCoreApplication.translate("FieldPacks", "(no longer here)"),
                " · ".join(details),
            )
        )
    return items


class ConflictsModel(ListTableModel):
    """What waits for a person: one row per field changed both here and in the field (or a new
    customer who may already be here), with the three values side by side."""

    COLUMNS = ("customer", "field", "base", "office", "field_value")
    column_count = len(COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column == "base":
            return MUTED
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        value = getattr(item, column)
        return value.replace("\n", "; ") if role == Qt.ItemDataRole.DisplayRole else value

    def headers(self) -> list[str]:
        titles = {
            "customer": QCoreApplication.translate("FieldPacks", "Customer"),
            "field": QCoreApplication.translate("FieldPacks", "Field"),
            "base": QCoreApplication.translate("FieldPacks", "Started with"),
            "office": QCoreApplication.translate("FieldPacks", "Office now"),
            "field_value": QCoreApplication.translate("FieldPacks", "From the field"),
        }
        return [titles[column] for column in self.COLUMNS]


class ConflictsDialog(QDialog):
    """Resolve each queued field: take the office's value, the field's, or type the right one."""

    resolved = Signal()

    def __init__(self, vault: Any, runner: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Field pack review queue"))
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self._language = language
        self.busy = False

        title = style.title_label(self.tr("Review queue"))
        intro = style.note_label(
            self.tr(
                "These fields were changed both in the office and in the field since the pack was "
                "prepared. Choose which value is right; until then the office value stays."
            )
        )
        self.model = ConflictsModel(self)
        self.table = _table(self.model, "conflictsTable")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (0, 1):  # who and which field: as wide as their text
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3, 4):  # the three values share the rest alike, side by side
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

        self.base_value = self._value_label("baseValue")
        self.office_value = self._value_label("officeValue")
        self.field_value = self._value_label("fieldValue")
        self.take_office = QPushButton(self.tr("Keep the office value"))
        self.take_office.setObjectName("takeOffice")
        self.take_office.setShortcut(QKeySequence("Alt+O"))
        self.take_office.clicked.connect(lambda: self.resolve("office"))
        self.take_field = QPushButton(self.tr("Take the field value"))
        self.take_field.setObjectName("takeField")
        self.take_field.setShortcut(QKeySequence("Alt+F"))
        self.take_field.clicked.connect(lambda: self.resolve("field"))
        self.typed = QLineEdit()
        self.typed.setObjectName("typedValue")
        self.typed.setPlaceholderText(self.tr("or type the right value and press Enter"))
        self.typed.returnPressed.connect(lambda: self.resolve("value"))
        self.take_typed = QPushButton(self.tr("Use this value"))
        self.take_typed.setObjectName("takeTyped")
        self.take_typed.clicked.connect(lambda: self.resolve("value"))

        values = QGridLayout()
        values.setHorizontalSpacing(16)
        for column, (caption, label, button) in enumerate(
            (
                (self.tr("Started with"), self.base_value, None),
                (self.tr("Office now"), self.office_value, self.take_office),
                (self.tr("From the field"), self.field_value, self.take_field),
            )
        ):
            heading = QLabel(caption)
            heading.setStyleSheet(f"color: {style.MUTED};")
            if label is self.base_value:
                self.base_heading = heading
            values.addWidget(heading, 0, column)
            values.addWidget(label, 1, column)
            if button is not None:
                values.addWidget(button, 2, column)
            values.setColumnStretch(column, 1)
        typed_row = QHBoxLayout()
        typed_row.addWidget(self.typed, 1)
        typed_row.addWidget(self.take_typed)

        self.empty = QLabel(self.tr("Nothing waits for review."))
        self.empty.setObjectName("conflictsEmpty")
        self.empty.setStyleSheet(f"color: {style.MUTED};")
        self.empty.hide()
        self.message = style.InlineMessage()
        self.message.setObjectName("conflictsMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 18)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(values)
        layout.addLayout(typed_row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self._show_selected()
        self.reload()

    @staticmethod
    def _value_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setMinimumHeight(label.fontMetrics().height() * 2)
        label.setStyleSheet(
            f"QLabel {{ background: {style.PANEL}; border: 1px solid {style.PANEL_BORDER}; "
            "border-radius: 3px; padding: 6px; }"
        )
        return label

    def reload(self, keep_row: int = 0) -> None:
        vault, actor, language = self._vault, self._actor, self._language
        self._runner.run(
            lambda _task: queue_items(vault, actor, language),
            on_result=lambda rows: self._loaded(rows, keep_row),
            on_error=self._failed,
            vault=vault,
            parent=self,
        )

    def _loaded(self, rows: list[QueueItem], keep_row: int) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(min(keep_row, len(rows) - 1))
            self.table.setFocus()
        self._show_selected()

    def selected(self) -> QueueItem | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        item = self.selected()
        new = item is not None and item.is_new_customer
        self.base_value.setText("" if item is None else item.base)
        self.office_value.setText("" if item is None else item.office)
        self.field_value.setText("" if item is None else item.field_value)
        self.base_value.setVisible(not new)
        self.base_heading.setVisible(not new)
        if new and item.erased_name and not item.conflict.payload.get("matches"):
            self.take_office.setText(self.tr("The erased person: do not bring back"))
            self.take_field.setText(self.tr("Someone else: add as a new customer"))
        elif new:
            self.take_office.setText(self.tr("Same person: keep the office record"))
            self.take_field.setText(self.tr("Someone else: add as a new customer"))
        else:
            self.take_office.setText(self.tr("Keep the office value"))
            self.take_field.setText(self.tr("Take the field value"))
        enabled = item is not None and not self.busy
        for widget in (self.take_office, self.take_field):
            widget.setEnabled(enabled)
        for widget in (self.typed, self.take_typed):
            widget.setEnabled(enabled and not new)  # a new customer is one decision, not a value
        if item is not None and not new:
            value = item.conflict.field_value
            self.typed.setText("" if value is None else str(value))
        else:
            self.typed.clear()

    def resolve(self, take: str) -> None:
        item = self.selected()
        if item is None or self.busy or (take == "value" and item.is_new_customer):
            return
        value = self.typed.text() if take == "value" else None
        vault, actor, row = self._vault, self._actor, self.table.currentIndex().row()
        conflict_id = item.conflict.id
        self.busy = True
        self._show_selected()

        def done(_result: Any) -> None:
            self.busy = False
            if item.is_new_customer:
                text = self.tr("%1: decided.").replace("%1", item.customer)
            else:
                text = self.tr("%1 of %2: decided.").replace("%1", item.field).replace("%2", item.customer)
            self.message.show_success(text)
            self.resolved.emit()
            self.reload(row)

        def failed(error: BaseException) -> None:
            self.busy = False
            self._show_selected()
            self._failed(error)

        self._runner.run(
            lambda _task: fieldpack.resolve_conflict(vault, actor, conflict_id, take, value=value),
            on_result=done,
            on_error=failed,
            vault=vault,
            parent=self,
        )

    def _failed(self, error: BaseException) -> None:
        self.message.show_error(describe(error))
        if not isinstance(error, KnownError | OSError):
            raise error


# ---------------------------------------------------------------------- the feature


class FieldPacksFeature(Feature):
    """Tools → Field packs… and Customers → Prepare field pack for selected… (office only)."""

    def __init__(self, host: Host, parent: Any = None) -> None:
        super().__init__(host, parent)
        self.dialog: FieldPacksDialog | None = None
        self.action_packs = self.add_action("actionFieldPacks", Section.TOOLS_RECORDS, self.open_packs)
        self.action_prepare_selected = self.add_action(
            "actionPrepareFieldPackSelected", Section.CUSTOMER, self.prepare_for_selected, permission=PREPARE
        )

    def retranslate(self) -> None:
        self.action_packs.setText(self.tr("&Field packs…"))
        self.action_packs.setToolTip(
            self.tr("Prepare packs for laptops used offline, see those still out, merge them back")
        )
        self.action_prepare_selected.setText(self.tr("Prepare field pack for selected…"))
        self.action_prepare_selected.setToolTip(
            self.tr("A field pack holding the customers selected in the list")
        )

    def update_actions(self) -> None:
        super().update_actions()
        # Either permission opens the window (a manager who only merges still sees the list).
        if not self.host.field_mode:
            either = self.host.allows(PREPARE) or self.host.allows(MERGE)
            self.action_packs.setVisible(self.host.is_locked or either)
            self.action_packs.setEnabled(not self.host.is_locked and either)

    def is_enabled(self, item: FeatureAction) -> bool:
        return True

    def open_packs(self) -> FieldPacksDialog | None:
        host = self.host
        if host.is_locked or host.field_mode or not (host.allows(PREPARE) or host.allows(MERGE)):
            return None
        dialog = FieldPacksDialog(host.vault, host.runner, host, host.window())
        dialog.changed.connect(host.reload_customers)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        host.open_dialog(dialog)
        return dialog

    def prepare_for_selected(self) -> PrepareDialog | None:
        ids = self.host.selected_customer_ids()
        dialog = self.open_packs()
        if dialog is None or not ids:
            return None
        return dialog.open_prepare(ids)
