"""The warning shown when a save would add a likely duplicate customer.

The core decides what matched, under the signed-in role's policy (app/duplicates.py): this
dialog only lists the existing customers it was given, as the role may see them, and names
the fields that matched. Three ways out:

* **Open existing** (Enter, the default): the person is most likely already on file, and a
  duplicate is the harder mistake to undo (it takes a manager's merge). The editor closes
  without saving — the dialog says so — and the chosen customer opens.
* **Save anyway**: two people may share a family phone or a company e-mail.
* **Back to editing** (Escape): the form comes back with everything typed in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.duplicates import Match
from app.fields import Catalogue
from ui.access_names import join_names
from ui.customer_model import display_value, label_language
from ui.enter_key import PrimaryButton

OPEN_EXISTING, SAVE_ANYWAY = 2, 3  # done() codes beside QDialog's Rejected (0)


class DuplicateWarning(QDialog):
    """Lists the matching customers; ``chosen_id`` is the one to open after OPEN_EXISTING."""

    def __init__(self, matches: list[Match], catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateWarning")
        self.setWindowTitle(self.tr("Possible duplicate"))
        self.setModal(True)
        self._matches = matches
        language = label_language()

        def label(key: str) -> str:
            return catalogue.get(key).label(language) if key in catalogue else key

        headline = QLabel(
            self.tr("A customer with the same details is already on file.")
            if len(matches) == 1
            else self.tr("%n customers with the same details are already on file.", "", len(matches))
        )
        headline.setObjectName("duplicateHeadline")
        font = headline.font()
        font.setBold(True)
        headline.setFont(font)
        headline.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "Open the existing customer to update them instead (this form closes without "
                "saving), or save a second record anyway."
            )
        )
        explain.setWordWrap(True)

        self.list = QTreeWidget()
        self.list.setObjectName("duplicateList")
        self.list.setRootIsDecorated(False)
        self.list.setAllColumnsShowFocus(True)
        shown = [key for key in ("phone", "email") if key in catalogue]
        self.list.setHeaderLabels(
            [self.tr("No."), label("name"), *[label(k) for k in shown], self.tr("Same")]
        )
        for match in matches:
            customer = match.customer
            cells = [
                str(customer.id),
                customer.name,
                *[display_value(catalogue.get(k), customer.get(k)) for k in shown],
                join_names(label(k) for k in match.fields),
            ]
            item = QTreeWidgetItem(cells)
            item.setData(0, Qt.ItemDataRole.UserRole, customer.id)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
            self.list.setColumnWidth(column, self.list.columnWidth(column) + 16)
        self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.itemDoubleClicked.connect(lambda *_: self.open_existing())
        rows = min(len(matches), 6)
        self.list.setFixedHeight(
            self.list.sizeHintForRow(0) * rows + self.list.header().sizeHint().height() + 8
        )

        self.buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("Open existing"))
        self.open_button.setObjectName("openExisting")
        self.save_button = QPushButton(self.tr("Save anyway"))
        self.save_button.setObjectName("saveAnyway")
        self.back_button = QPushButton(self.tr("Back to editing"))
        self.back_button.setObjectName("backToEditing")
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.enter_key = PrimaryButton(self, self.open_button)  # Enter never lands on the others
        self.open_button.clicked.connect(self.open_existing)
        self.save_button.clicked.connect(lambda: self.done(SAVE_ANYWAY))
        self.back_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(headline)
        layout.addWidget(explain)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.resize(max(520, self.list.header().length() + 48), 0)

    @property
    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def open_existing(self) -> None:
        if self.chosen_id is not None:
            self.done(OPEN_EXISTING)

    def accept(self) -> None:
        # Enter in the list (or anywhere) is the default action: open the highlighted customer.
        self.open_existing()

    def clear(self) -> None:
        """Wipe the names and numbers shown (the vault is being locked)."""
        self.list.clear()
