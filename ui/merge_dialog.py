"""Tools → Merge duplicates…: likely duplicate pairs, and merging two records field by field.

The core finds the pairs and does the merge under the signed-in role's policy
(app/duplicates.py, the 'merge customers' permission); this dialog shows what it was given
and sends back the user's choice. Every core call runs in the task runner.

For the selected pair the two records stand side by side, one row per field the role may
see, with a radio button for each side's value. The lower id is kept by default (the
likely original; "Keep the other one" swaps), and each field starts on the kept record's
value unless that is empty and the other has one. Fields the role may not change stay on
the kept record's value. Merge asks once more, then the other record closes and its id
leads to the kept one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import access, duplicates
from app.customers import Customer
from app.duplicates import KEEP, NAME_AND_COMPANY, OTHER, DuplicateList, Pair
from app.fields import FieldDef
from ui.access_names import join_names
from ui.customer_model import display_value, label_language
from ui.enter_key import PrimaryButton
from ui.messages import show_error


class MergeDialog(QDialog):
    """Emits ``merged(kept_id)`` after each merge, so the customer list can refresh."""

    merged = Signal(int)

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge duplicate customers"))
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._language = label_language()
        self._fields: list[tuple[FieldDef, str]] = []
        self._mergeable: set[str] = set()
        self._pair: tuple[Customer, Customer] | None = None
        self._busy = False
        self._closed = False
        self._note = ""  # what the last merge did, shown above the refreshed list
        self.groups: dict[str, QButtonGroup] = {}
        self.confirmation: QMessageBox | None = None

        self.status = QLabel(self.tr("Looking for likely duplicates…"))
        self.status.setObjectName("mergeStatus")
        self.status.setWordWrap(True)
        self.pairs = QTreeWidget()
        self.pairs.setObjectName("pairList")
        self.pairs.setRootIsDecorated(False)
        self.pairs.setAllColumnsShowFocus(True)
        self.pairs.setHeaderLabels(
            [self.tr("No."), self.tr("Name"), self.tr("No."), self.tr("Name"), self.tr("Same")]
        )
        self.pairs.currentItemChanged.connect(self._pair_selected)

        self.choice_box = QGroupBox(self.tr("Choose the value to keep for each field"))
        self.choice_box.setObjectName("choiceBox")
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._grid_host)
        self.swap_button = QPushButton(self.tr("Keep the other one"))
        self.swap_button.setObjectName("swapButton")
        self.swap_button.setAutoDefault(False)
        self.swap_button.clicked.connect(self.swap)
        box_layout = QVBoxLayout(self.choice_box)
        box_layout.addWidget(scroll, 1)
        box_layout.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setObjectName("mergeButton")
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.status)
        layout.addWidget(self.pairs, 1)
        layout.addWidget(self.choice_box, 4)
        layout.addWidget(self.buttons)
        self.resize(760, 620)
        self.enter_key = PrimaryButton(self, self.merge_button)
        self._update_buttons()
        self._loaded_once = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:  # listed once shown, so an error has a window to appear over
            self._loaded_once = True
            self.load()

    # ------------------------------------------------------------------ the list of pairs

    def load(self) -> None:
        vault, actor = self._vault, self._actor
        self.enter_key.busy()
        self._busy = True
        self._update_buttons()

        def fetch(_task: Any) -> tuple[DuplicateList, list[tuple[FieldDef, str]], list[str]]:
            found = duplicates.likely_duplicates(vault, actor)
            return found, access.visible_fields(vault, actor), duplicates.mergeable_fields(vault, actor)

        self._runner.run(fetch, on_result=self._loaded, on_error=self._load_failed, vault=vault)

    def _loaded(self, result: tuple[DuplicateList, list[tuple[FieldDef, str]], list[str]]) -> None:
        if self._closed:
            return
        found, self._fields, mergeable = result
        self._mergeable = set(mergeable)
        self._busy = False
        self.pairs.clear()
        for pair in found.pairs:
            item = QTreeWidgetItem(
                [
                    str(pair.first.id),
                    pair.first.name,
                    str(pair.second.id),
                    pair.second.name,
                    self._reasons(pair),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, pair)
            self.pairs.addTopLevelItem(item)
        for column in range(self.pairs.columnCount()):
            self.pairs.resizeColumnToContents(column)
            self.pairs.setColumnWidth(column, self.pairs.columnWidth(column) + 16)
        if not found.pairs:
            self.status.setText(
                self.tr(
                    "No likely duplicates: no two customers share a phone, e-mail or ID number, "
                    "or both name and company."
                )
            )
        elif found.more:
            self.status.setText(
                self.tr(
                    "The first %n likely duplicate pairs. Merge these, and more will be listed.",
                    "",
                    len(found.pairs),
                )
            )
        else:
            self.status.setText(
                self.tr("%n likely duplicate pair(s). Pick one to compare.", "", len(found.pairs))
            )
        if self._note:
            self.status.setText(self._note + " " + self.status.text())
            self._note = ""
        self.pairs.setCurrentItem(self.pairs.topLevelItem(0))
        if not found.pairs:
            self._show_pair(None)
        self._update_buttons()
        self.enter_key.idle(self.pairs)

    def _reasons(self, pair: Pair) -> str:
        labels = {
            key: field.label(self._language) for key, field in ((f.key, f) for f, _level in self._fields)
        }
        names = []
        for reason in pair.reasons:
            if reason == NAME_AND_COMPANY:
                names.append(self.tr("name and company"))
            else:
                names.append(labels.get(reason, reason))
        return join_names(names)

    def _pair_selected(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None
    ) -> None:
        pair: Pair | None = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self._show_pair((pair.first, pair.second) if pair is not None else None)

    # ------------------------------------------------------------------ the side-by-side choice

    def _show_pair(self, pair: tuple[Customer, Customer] | None) -> None:
        self._pair = pair
        while self._grid.count():
            widget = self._grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.groups.clear()
        if pair is None:
            self._update_buttons()
            return
        keep, other = pair
        defaults = duplicates.default_choices(keep, other, [k for k in self._mergeable])
        keep_head = QLabel(self.tr("Keep No. %1").replace("%1", str(keep.id)))
        other_head = QLabel(self.tr("Merge away No. %1").replace("%1", str(other.id)))
        for column, head in ((1, keep_head), (2, other_head)):
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self._grid.addWidget(head, 0, column)
        row = 1
        for field, _level in self._fields:
            if field.retired:
                continue
            label = QLabel(field.label(self._language))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._grid.addWidget(label, row, 0)
            group = QButtonGroup(self._grid_host)
            for column, (side, customer) in enumerate(((KEEP, keep), (OTHER, other)), start=1):
                radio = QRadioButton(self._shown(field, customer))
                radio.setObjectName(f"{side}_{field.key}")
                radio.setProperty("side", side)
                group.addButton(radio)
                self._grid.addWidget(radio, row, column)
                if field.key not in self._mergeable:
                    radio.setEnabled(False)
                    radio.setToolTip(self.tr("Your role cannot change this field; the kept value stays."))
            chosen = defaults.get(field.key, KEEP)
            next(b for b in group.buttons() if b.property("side") == chosen).setChecked(True)
            if (keep.get(field.key) or "") == (other.get(field.key) or ""):
                for radio in group.buttons():  # the same on both sides: nothing to choose
                    radio.setEnabled(False)
            label.setBuddy(group.buttons()[0])
            self.groups[field.key] = group
            row += 1
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 1)
        self._grid.setRowStretch(row, 1)
        self._update_buttons()

    def _shown(self, field: FieldDef, customer: Customer) -> str:
        value = customer.get(field.key)
        if value in (None, ""):
            return self.tr("(empty)")
        return display_value(field, value)

    def choice(self, key: str) -> str:
        """KEEP or OTHER: the side chosen for field ``key``."""
        return self.groups[key].checkedButton().property("side")

    def choose(self, key: str, side: str) -> None:
        next(b for b in self.groups[key].buttons() if b.property("side") == side).setChecked(True)

    def taken(self) -> list[str]:
        return [key for key in self.groups if key in self._mergeable and self.choice(key) == OTHER]

    def swap(self) -> None:
        if self._pair is not None and not self._busy:
            self._show_pair((self._pair[1], self._pair[0]))

    # ------------------------------------------------------------------ merging

    def merge(self) -> None:
        if self._pair is None or self._busy or self.confirmation is not None:
            return
        keep, other = self._pair
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Merge customers?"),
            self.tr(
                "Merge No. %2 (%3) into No. %1 (%4)? No. %2 leaves the customer list; its number "
                "then leads to No. %1 and its history is kept. This cannot be undone."
            )
            .replace("%1", str(keep.id))
            .replace("%2", str(other.id))
            .replace("%3", other.name)
            .replace("%4", keep.name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("mergeConfirmation")
        confirm = box.addButton(self.tr("Merge"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(confirm)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        self.confirmation = box
        box.finished.connect(lambda _result: self._confirmed(box, box.clickedButton() is confirm))
        box.open()

    def _confirmed(self, box: QMessageBox, yes: bool) -> None:
        self.confirmation = None
        box.deleteLater()
        if self._closed:
            return
        self.activateWindow()  # the keyboard comes back here, whatever the window manager does
        if not yes or self._pair is None:
            return
        keep, other = self._pair
        taken = self.taken()
        vault, actor = self._vault, self._actor
        self.enter_key.busy()
        self._busy = True
        self._update_buttons()
        self.status.setText(self.tr("Merging…"))

        def run(_task: Any) -> Customer:
            return duplicates.merge(vault, actor, keep.id, other.id, taken)

        self._runner.run(
            run, on_result=lambda kept: self._merged(kept, other.id), on_error=self._merge_failed, vault=vault
        )

    def _merged(self, kept: Customer, other_id: int) -> None:
        if self._closed:
            return
        self.merged.emit(kept.id)
        self.load()
        done = self.tr("Merged No. %1 into No. %2.")
        self._note = done.replace("%1", str(other_id)).replace("%2", str(kept.id))

    def _load_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self._busy = False
        self._update_buttons()
        self.enter_key.idle()
        self.status.setText(self.tr("Could not list the likely duplicates."))
        show_error(self, error, self.tr("Could not list the likely duplicates"))

    def _merge_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        show_error(self, error, self.tr("Could not merge the customers"))
        self.load()  # e.g. one of the two was changed or deleted meanwhile: list afresh

    def _update_buttons(self) -> None:
        ready = self._pair is not None and not self._busy
        self.merge_button.setEnabled(ready)
        self.swap_button.setEnabled(ready)

    # ------------------------------------------------------------------ closing

    def done(self, result: int) -> None:
        """Closing (or a lock) wipes the names and values shown."""
        self._closed = True
        if self.confirmation is not None:
            self.confirmation.setText("")
            self.confirmation.done(0)
        self.pairs.clear()
        self._show_pair(None)
        super().done(result)
