"""The Help menu: getting started, the keyboard shortcuts, about Custos.

These touch no vault data, so they work on the locked page too. The shortcut list is read from
the window's menus when it opens, so it names every action a feature added and cannot drift
from the real keys.
"""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import style
from ui.enter_key import PrimaryButton
from ui.feature import Feature, Host, Section, action_label


def key_text(action: QAction) -> str:
    """The action's keys as the platform writes them; Return and Enter read alike only once."""
    native = QKeySequence.SequenceFormat.NativeText
    texts = [keys.toString(native) for keys in action.shortcuts() if not keys.isEmpty()]
    return ", ".join(dict.fromkeys(texts))


class GettingStartedDialog(QDialog):
    """The first steps, in the order a new business takes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.setWindowTitle(self.tr("Getting started"))
        steps = [
            (
                self.tr("Add your customers"),
                self.tr(
                    "Customers → New customer (Ctrl+N). Fill in what you need; a red line under a "
                    "field says what to fix. Nothing is saved until you press Save."
                ),
            ),
            (
                self.tr("Find anyone as you type"),
                self.tr(
                    "Type a name (or its pinyin or initials), phone number, e-mail, company or tag in "
                    "the search box (Ctrl+F). Press Down to move into the results and Enter to open one."
                ),
            ),
            (
                self.tr("Choose what the list shows"),
                self.tr("View → Columns… picks the columns; click a column header to sort by it."),
            ),
            (
                self.tr("Set up your team"),
                self.tr(
                    "Tools → Users… gives each person their own sign-in; Tools → Roles and access… "
                    "decides which fields each role sees; Tools → Field catalogue… adds the fields "
                    "your business collects and says why. What you can open here depends on your role."
                ),
            ),
            (
                self.tr("Lock when you step away"),
                self.tr(
                    "File → Lock (Ctrl+L) hides every customer until you sign in again. Custos also "
                    "locks itself after the idle time chosen in File → Settings."
                ),
            ),
            (
                self.tr("Keep the emergency kit safe"),
                self.tr(
                    "The recovery code on the emergency kit printed at set-up is the only way back "
                    "in if every password is lost. Keep it on paper, away from this computer."
                ),
            ),
        ]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 16)
        layout.setSpacing(style.SPACING)
        layout.addWidget(style.title_label(self.tr("Getting started with Custos"), self))
        self.step_labels: list[QLabel] = []
        for number, (title, text) in enumerate(steps, start=1):
            heading = QLabel(self.tr("%1. %2").replace("%1", str(number)).replace("%2", title))
            heading.setFont(style.scaled_font(heading, 1.05, bold=True))
            body = QLabel(text)
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(heading)
            layout.addWidget(body)
            self.step_labels.append(heading)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addSpacing(4)
        layout.addWidget(buttons)
        self.enter_key = PrimaryButton(self, buttons.button(QDialogButtonBox.StandardButton.Close))
        self.setMinimumWidth(560)


class ShortcutsDialog(QDialog):
    """Every key the window answers to: its menus' shortcuts and the keys of the list itself."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(action_label(a), key_text(a)) for a in actions if key_text(a) and a.isVisible()]
        rows += [
            (self.tr("Move from the search box into the results"), self.tr("Down")),
            (self.tr("Clear the search"), self.tr("Esc")),
            (self.tr("Open a customer from the list"), self.tr("Double-click")),
            (self.tr("In a dialog: do the main action"), self.tr("Enter")),
            (self.tr("In a dialog: cancel"), self.tr("Esc")),
        ]
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.DIALOG_MARGIN, style.DIALOG_MARGIN, style.DIALOG_MARGIN, 16)
        layout.setSpacing(style.SPACING)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.enter_key = PrimaryButton(self, buttons.button(QDialogButtonBox.StandardButton.Close))
        self.setMinimumSize(480, 440)

    def shortcuts(self) -> dict[str, str]:
        """What the table shows, action → keys (for tests and screenshots)."""
        return {
            self.table.item(row, 0).text(): self.table.item(row, 1).text()
            for row in range(self.table.rowCount())
        }


class HelpFeature(Feature):
    def __init__(self, host: Host, parent=None) -> None:
        super().__init__(host, parent)
        self.action_getting_started = self.add_action(
            "actionGettingStarted",
            Section.HELP_GUIDE,
            self.show_getting_started,
            shortcuts=[QKeySequence(QKeySequence.StandardKey.HelpContents)],
            while_locked=True,
            offline=True,
        )
        self.action_shortcuts = self.add_action(
            "actionShortcuts",
            Section.HELP_GUIDE,
            self.show_shortcuts,
            shortcuts=[QKeySequence("Ctrl+/")],
            while_locked=True,
            offline=True,
        )
        self.action_about = self.add_action(
            "actionAbout", Section.HELP_ABOUT, self.show_about, while_locked=True, offline=True
        )
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)

    def retranslate(self) -> None:
        self.action_getting_started.setText(self.tr("&Getting started"))
        self.action_shortcuts.setText(self.tr("&Keyboard shortcuts"))
        self.action_about.setText(self.tr("&About Custos"))

    def show_getting_started(self) -> GettingStartedDialog:
        dialog = GettingStartedDialog(self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.host.menu_actions(), self.host.window())
        dialog.finished.connect(dialog.deleteLater)
        self.host.open_dialog(dialog)
        return dialog

    def show_about(self) -> QMessageBox:
        try:
            version = metadata.version("custos")
        except metadata.PackageNotFoundError:
            version = "?"
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            self.tr("About Custos"),
            self.tr(
                "Custos %1\n\nCustomer records in an encrypted local vault, with your customer "
                "information policy enforced."
            ).replace("%1", version),
            QMessageBox.StandardButton.Ok,
            self.host.window(),
        )
        box.setObjectName("aboutBox")
        box.setIconPixmap(self.host.window().windowIcon().pixmap(64, 64))
        box.finished.connect(box.deleteLater)
        self.host.open_dialog(box)
        return box
