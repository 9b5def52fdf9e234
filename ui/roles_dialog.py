"""Tools → Roles and access…: what each role sees of every field, and what it may do.

Two matrices. *Fields*: a row per field, a column per role, each cell one of the four levels
(hidden, masked, read only, read and edit). A role's level starts from the field's
classification (``access.default_level``); a cell the owner changed is an override and is
shown in bold. *Permissions*: a check box per role and permission. The owner's column is
fixed (the owner always has everything), and so is one's own role: nobody raises it.

Changes are staged here and saved together through app.access (``set_level``,
``set_permissions``), which audits each one and re-seals the key slots when a role gains or
loses a sensitive field. "Restore defaults" stages every field level back to its default,
i.e. removes the overrides. Closing with staged, unsaved changes asks first: save and
close, discard and close, or stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import access
from app.access import LEVELS, PERMISSIONS, Role
from app.errors import KnownError
from app.fields import Catalogue, FieldDef
from ui.access_names import level_label, permission_label, role_label
from ui.customer_model import label_language
from ui.enter_key import PrimaryButton
from ui.messages import describe
from ui.password_dialog import error_label
from ui.users_dialog import ERROR_STYLE, INFO_STYLE

# (level, is_override) for one role and field.
Cell = tuple[str, bool]

_LEVEL_COLORS = {"hidden": "#8a8a8a", "masked": "#9a6700", "read": "#1f5fa8", "write": "#1e6b2a"}


class AddRoleDialog(QDialog):
    """A custom role: a name and the built-in role whose defaults it starts from."""

    def __init__(self, roles: list[Role], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addRoleDialog")
        self.setWindowTitle(self.tr("Add a role"))
        self.name = QLineEdit()
        self.name.setObjectName("roleName")
        self.name.setPlaceholderText(self.tr("e.g. billing"))
        self.base = QComboBox()
        self.base.setObjectName("baseRole")
        for role in roles:
            if not role.is_owner:
                self.base.addItem(role_label(role.name), role.name)
        self.base.setCurrentIndex(max(0, self.base.findData("sales")))
        self.error = error_label("addRoleError")
        hint = QLabel(
            self.tr(
                "Lower-case letters, digits, - and _. The new role sees each field as the base role "
                "does until you change it, and starts with no permissions."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Based on:"), self.base)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add role"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.enter_key = PrimaryButton(self, buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.resize(420, 0)

    def submit(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("Enter a name for the role."))
            self.error.show()
            return
        self.accept()


class RolesDialog(QDialog):
    """The policy matrices. Emits ``policy_changed`` after a save or a new role."""

    policy_changed = Signal()

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rolesDialog")
        self.setWindowTitle(self.tr("Roles and access"))
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._language = label_language()
        self._busy = False
        self._roles: list[Role] = []
        self._fields: list[FieldDef] = []
        self._defaults: dict[tuple[str, str], str] = {}
        self._loaded: dict[tuple[str, str], Cell] = {}
        self._cells: dict[tuple[str, str], Cell] = {}
        self._loaded_permissions: dict[str, frozenset[str]] = {}
        self._combos: dict[tuple[str, str], QComboBox] = {}
        self._checks: dict[tuple[str, str], QCheckBox] = {}
        self.sub_dialog: AddRoleDialog | None = None

        intro = QLabel(
            self.tr(
                "What each role sees of every customer field, and what it may do. A level in bold was "
                "changed from the default that follows from the field's classification."
            )
        )
        intro.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("rolesMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.fields_table = self._matrix("fieldsMatrix")
        self.permissions_table = self._matrix("permissionsMatrix")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rolesTabs")
        self.tabs.addTab(self.fields_table, self.tr("Fields"))
        self.tabs.addTab(self.permissions_table, self.tr("Permissions"))

        legend = QLabel(
            self.tr(
                "Hidden: never shown. Masked: shown in part (138****5678); not searchable or sortable. "
                "Read only: shown in full. Read and edit: shown and changed."
            )
        )
        legend.setObjectName("levelsLegend")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(placeholder-text);")

        self.add_button = QPushButton(self.tr("Add role…"))
        self.add_button.setObjectName("addRole")
        self.add_button.clicked.connect(self.open_add_role)
        self.restore_button = QPushButton(self.tr("Restore defaults"))
        self.restore_button.setObjectName("restoreDefaults")
        self.restore_button.setToolTip(
            self.tr(
                "Every field level goes back to the default from its classification, and every permission to the role's starting set."  # noqa: E501 - one literal, so lupdate extracts it
            )
        )
        self.restore_button.clicked.connect(self.restore_defaults)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(legend)
        layout.addLayout(bottom)
        self.enter_key = PrimaryButton(self, self.save_button)
        self.reload()
        self._fit_size()

    # ------------------------------------------------------------------ building

    def _matrix(self, name: str) -> QTableWidget:
        table = QTableWidget()
        table.setObjectName(name)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical = table.verticalHeader()
        vertical.setStyleSheet(
            "QHeaderView::section { padding: 0 10px; border: none; background: palette(window); }"
        )
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 18)
        vertical.setHighlightSections(False)
        return table

    def _fixed(self, role: Role) -> bool:
        """The owner's column, and one's own role: shown, never changed here."""
        return role.is_owner or role.name == self._actor.role.lower()

    def reload(self) -> None:
        """Read roles, levels and permissions from the core; staged changes are kept."""
        staged = {k: v for k, v in self._cells.items() if self._loaded.get(k) != v}
        staged_permissions = {
            role: perms
            for role, perms in self._permissions().items()
            if self._loaded_permissions.get(role) != perms
        }
        order = {name: position for position, name in enumerate(access.BUILTIN_ROLES)}
        try:
            self._roles = sorted(
                access.list_roles(self._vault, self._actor),
                key=lambda r: (order.get(r.name, len(order)), r.name),
            )
            described = {r.name: access.describe_role(self._vault, self._actor, r.name) for r in self._roles}
            self._fields = Catalogue.load(self._vault.connection()).active()
        except KnownError as error:
            self.show_message(describe(error), error=True)
            return
        active = {f.key for f in self._fields}
        self._loaded.clear()
        self._defaults.clear()
        self._loaded_permissions.clear()
        for name, info in described.items():
            self._loaded_permissions[name] = frozenset(info["permissions"])
            for entry in info["fields"]:
                if entry["key"] in active:
                    self._loaded[(name, entry["key"])] = (entry["level"], bool(entry["override"]))
                    self._defaults[(name, entry["key"])] = entry["default"]
        self._cells = {**self._loaded, **{k: v for k, v in staged.items() if k in self._loaded}}
        self._build_fields_matrix()
        self._build_permissions_matrix(
            {**self._loaded_permissions, **{r: p for r, p in staged_permissions.items() if r in described}}
        )
        self._update_buttons()

    def _size_columns(self, table: QTableWidget, cell_width: int) -> None:
        """Each role column as wide as its name or its widest cell, whichever is wider."""
        metrics = table.horizontalHeader().fontMetrics()
        for column, role in enumerate(self._roles):
            width = max(cell_width, metrics.horizontalAdvance(role_label(role.name)) + 28)
            table.setColumnWidth(column, width)

    def _role_headers(self, table: QTableWidget) -> None:
        table.setColumnCount(len(self._roles))
        for column, role in enumerate(self._roles):
            item = QTableWidgetItem(role_label(role.name))
            if role.is_owner:
                item.setToolTip(self.tr("The owner always sees and edits every field."))
            elif self._fixed(role):
                item.setToolTip(self.tr("Your own role: another owner changes it."))
            elif not role.builtin:
                base = role_label(role.base)
                item.setToolTip(self.tr("Custom role, based on %1").replace("%1", base))
            table.setHorizontalHeaderItem(column, item)

    def _build_fields_matrix(self) -> None:
        table = self.fields_table
        table.clear()
        self._combos.clear()
        table.setRowCount(len(self._fields))
        self._role_headers(table)
        for row, field in enumerate(self._fields):
            table.setVerticalHeaderItem(row, QTableWidgetItem(field.label(self._language)))
            for column, role in enumerate(self._roles):
                key = (role.name, field.key)
                combo = QComboBox()
                combo.setObjectName(f"level_{role.name}_{field.key}")
                for level in LEVELS:
                    combo.addItem(level_label(level), level)
                combo.setEnabled(not self._fixed(role))
                combo.setToolTip(
                    self.tr("Default: %1").replace("%1", level_label(self._defaults.get(key, "hidden")))
                )
                combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                self._show_cell(combo, self._cells[key])
                combo.activated.connect(lambda _i, k=key, c=combo: self._level_chosen(k, c))
                holder = QWidget()
                cell_layout = QHBoxLayout(holder)
                cell_layout.setContentsMargins(6, 2, 6, 2)
                cell_layout.addWidget(combo)
                table.setCellWidget(row, column, holder)
                self._combos[key] = combo
        widest = max((c.sizeHint().width() for c in self._combos.values()), default=120)
        self._size_columns(table, widest + 12)

    def _show_cell(self, combo: QComboBox, cell: Cell) -> None:
        level, override = cell
        combo.setCurrentIndex(combo.findData(level))
        weight = "bold" if override else "normal"
        combo.setStyleSheet(f"QComboBox {{ color: {_LEVEL_COLORS[level]}; font-weight: {weight}; }}")

    def _build_permissions_matrix(self, permissions: dict[str, frozenset[str]]) -> None:
        table = self.permissions_table
        table.clear()
        self._checks.clear()
        table.setRowCount(len(PERMISSIONS))
        self._role_headers(table)
        for row, permission in enumerate(PERMISSIONS):
            table.setVerticalHeaderItem(row, QTableWidgetItem(permission_label(permission)))
            for column, role in enumerate(self._roles):
                box = QCheckBox()
                box.setObjectName(f"permission_{role.name}_{permission}")
                box.setChecked(permission in permissions.get(role.name, frozenset()))
                box.setEnabled(not self._fixed(role))
                box.toggled.connect(self._update_buttons)
                holder = QWidget()
                cell_layout = QHBoxLayout(holder)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
                table.setCellWidget(row, column, holder)
                self._checks[(role.name, permission)] = box
        self._size_columns(table, 110)

    def _fit_size(self) -> None:
        """Wide enough for every role column without a horizontal scroll bar (up to 1200 px)."""
        widths = []
        for table in (self.fields_table, self.permissions_table):
            metrics = table.verticalHeader().fontMetrics()
            labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
            header_width = max((metrics.horizontalAdvance(text) for text in labels), default=0)
            columns = sum(table.columnWidth(c) for c in range(table.columnCount()))
            widths.append(header_width + 24 + columns)
        width = max(widths)
        table = self.fields_table
        height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(table.rowCount()))
        self.resize(min(1200, max(720, width + 80)), min(760, max(480, height + 260)))

    # ------------------------------------------------------------------ editing

    def level_combo(self, role: str, key: str) -> QComboBox:
        return self._combos[(role, key)]

    def permission_box(self, role: str, permission: str) -> QCheckBox:
        return self._checks[(role, permission)]

    def level(self, role: str, key: str) -> str:
        """The level shown (staged or saved) for one cell."""
        return self._cells[(role, key)][0]

    def set_level(self, role: str, key: str, level: str) -> None:
        """As if the owner picked ``level`` in that cell."""
        combo = self._combos[(role, key)]
        combo.setCurrentIndex(combo.findData(level))
        self._level_chosen((role, key), combo)

    def _level_chosen(self, key: tuple[str, str], combo: QComboBox) -> None:
        level = str(combo.currentData())
        # Choosing the default level removes the override: the cell follows the classification.
        self._cells[key] = (level, level != self._defaults.get(key))
        self._show_cell(combo, self._cells[key])
        self._update_buttons()

    def restore_defaults(self) -> None:
        """Stage every changeable level back to its classification default (overrides removed)
        and every permission back to the role's starting set."""
        for role in self._roles:
            if self._fixed(role):
                continue
            for field in self._fields:
                key = (role.name, field.key)
                self._cells[key] = (self._defaults[key], False)
                self._show_cell(self._combos[key], self._cells[key])
            defaults = access.default_permissions(role)
            for permission in access.PERMISSIONS:
                box = self._checks.get((role.name, permission))
                if box is not None:
                    box.setChecked(permission in defaults)
        self._update_buttons()

    def _permissions(self) -> dict[str, frozenset[str]]:
        result: dict[str, set[str]] = {}
        for (role, permission), box in self._checks.items():
            result.setdefault(role, set())
            if box.isChecked():
                result[role].add(permission)
        return {role: frozenset(perms) for role, perms in result.items()}

    def pending_changes(self) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, list[str]]]]:
        """(role, field, level or None for the default) and (role, permissions) to save."""
        levels = []
        for key, cell in self._cells.items():
            if self._loaded.get(key) != cell:
                levels.append((key[0], key[1], cell[0] if cell[1] else None))
        permissions = [
            (role, sorted(perms))
            for role, perms in self._permissions().items()
            if self._loaded_permissions.get(role) != perms
        ]
        return levels, permissions

    def has_changes(self) -> bool:
        levels, permissions = self.pending_changes()
        return bool(levels or permissions)

    def _update_buttons(self, *_args: object) -> None:
        self.save_button.setEnabled(not self._busy and self.has_changes())
        self.add_button.setEnabled(not self._busy)
        self.restore_button.setEnabled(not self._busy)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ saving

    def _run(
        self, fn: Callable[[], object], done_text: str, *, then: Callable[[], object] | None = None
    ) -> None:
        """Run one core call in the runner; ``then`` is called after it succeeded."""
        self._busy = True
        self._update_buttons()

        def finished(_result: object) -> None:
            self._busy = False
            self.reload()
            self.show_message(done_text)
            self.policy_changed.emit()
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.reload()  # what was saved before the refusal shows as saved
            self.show_message(describe(error), error=True)
            self.policy_changed.emit()

        self._runner.run(lambda _task: fn(), on_result=finished, on_error=failed, vault=self._vault)

    def save(self, *, then: Callable[[], object] | None = None) -> None:
        if self._busy or not self.has_changes():
            return
        levels, permissions = self.pending_changes()
        vault, actor = self._vault, self._actor

        def store() -> None:
            for role, key, level in levels:
                access.set_level(vault, actor, role, key, level)
            for role, perms in permissions:
                access.set_permissions(vault, actor, role, perms)

        self._run(
            store, self.tr("Saved. The changes apply to each person from their next action."), then=then
        )

    def open_add_role(self) -> AddRoleDialog:
        dialog = AddRoleDialog(self._roles, self)
        dialog.accepted.connect(lambda: self.add_role(dialog.name.text(), str(dialog.base.currentData())))
        dialog.finished.connect(self._sub_finished)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _sub_finished(self, _result: int) -> None:
        dialog, self.sub_dialog = self.sub_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def add_role(self, name: str, based_on: str) -> None:
        vault, actor = self._vault, self._actor
        clean = name.strip().lower()
        self._run(
            lambda: access.add_role(vault, actor, clean, based_on=based_on),
            self.tr("The role %1 was added.").replace("%1", clean),
        )

    def reject(self) -> None:
        """Close, Esc and the window's close button: staged changes are not dropped unasked."""
        if self._busy or not self.has_changes():
            super().reject()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The changed levels and permissions are not saved yet. Discard the changes?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            # Closes once saved; a refusal keeps the dialog open with the core's message.
            self.save(then=self._close_if_saved)
        elif answer == QMessageBox.StandardButton.Discard:
            super().reject()
        # Cancel (or the question closed some other way): stay, changes still staged.

    def _close_if_saved(self) -> None:
        if not self.has_changes():
            super().reject()

    def done(self, result: int) -> None:
        if self.sub_dialog is not None:
            self.sub_dialog.done(QDialog.DialogCode.Rejected)
        super().done(result)
