"""The field catalogue (owner): what the business collects about customers, and why.

Lists every field in display order. The owner can add custom fields, rename any field in both
languages, reclassify it (sensitivity and purposes, PIPL Art. 17 and 28), reorder fields and
retire custom ones. A built-in field's type and validation are fixed. All changes go through
app.fields, which validates and audits them.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QBrush, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import field_admin
from app.errors import KnownError, ValidationError
from app.fields import CUSTOM_TYPES, PURPOSES, SENSITIVITIES, SENSITIVITY_LABELS, Catalogue, FieldDef
from ui.customer_model import label_language
from ui.enter_key import PrimaryButton
from ui.messages import show_error, translate_core

ERROR_COLOR = "#b3261e"
LIST_STYLE = "QListWidget::item { padding: 4px 6px; }"
_NUMBER_RE = QRegularExpression(r"^-?[0-9]*(\.[0-9]*)?$")


def type_label(type_: str) -> str:
    names = {
        "text": QCoreApplication.translate("FieldCatalogue", "Text"),
        "longtext": QCoreApplication.translate("FieldCatalogue", "Long text"),
        "phone": QCoreApplication.translate("FieldCatalogue", "Phone number"),
        "email": QCoreApplication.translate("FieldCatalogue", "E-mail address"),
        "tags": QCoreApplication.translate("FieldCatalogue", "Tags"),
        "cn_id": QCoreApplication.translate("FieldCatalogue", "Resident ID number"),
        "number": QCoreApplication.translate("FieldCatalogue", "Number"),
        "date": QCoreApplication.translate("FieldCatalogue", "Date"),
        "choice": QCoreApplication.translate("FieldCatalogue", "Choice from a list"),
    }
    return names.get(type_, type_)


def purpose_label(purpose: str) -> str:
    names = {
        "sales": QCoreApplication.translate("FieldCatalogue", "Sales"),
        "service": QCoreApplication.translate("FieldCatalogue", "Customer service"),
        "marketing": QCoreApplication.translate("FieldCatalogue", "Marketing"),
        "billing": QCoreApplication.translate("FieldCatalogue", "Billing"),
        "delivery": QCoreApplication.translate("FieldCatalogue", "Delivery"),
        "compliance": QCoreApplication.translate("FieldCatalogue", "Legal compliance"),
    }
    return names.get(purpose, purpose)


def sensitivity_label(sensitivity: str, language: str) -> str:
    zh, en = SENSITIVITY_LABELS.get(sensitivity, (sensitivity, sensitivity))
    return zh if language.startswith("zh") else en


def _number_or_none(text: str) -> float | int | None:
    text = text.strip()
    if not text or text in ("-", "."):
        return None
    number = float(text)
    return int(number) if number.is_integer() else number


class _ClassificationEditor(QWidget):
    """Sensitivity and purposes: the two questions PIPL asks of every field."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sensitivity = QComboBox()
        self.sensitivity.setObjectName("sensitivity")
        for key in SENSITIVITIES:
            self.sensitivity.addItem(sensitivity_label(key, language), key)
        self.purposes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for index, purpose in enumerate(PURPOSES):
            box = QCheckBox(purpose_label(purpose))
            box.setObjectName(f"purpose_{purpose}")
            self.purposes[purpose] = box
            grid.addWidget(box, index // 2, index % 2)
        self.purpose_grid = QWidget()
        self.purpose_grid.setLayout(grid)

    def set_values(self, sensitivity: str, purposes: tuple[str, ...] | list[str]) -> None:
        self.sensitivity.setCurrentIndex(max(0, self.sensitivity.findData(sensitivity)))
        for key, box in self.purposes.items():
            box.setChecked(key in purposes)

    def chosen_sensitivity(self) -> str:
        return str(self.sensitivity.currentData())

    def chosen_purposes(self) -> list[str]:
        return [key for key, box in self.purposes.items() if box.isChecked()]


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


class AddFieldDialog(QDialog):
    """Define a custom field: key, type, labels, classification and its rules."""

    def __init__(self, vault: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addFieldDialog")
        self.setWindowTitle(self.tr("Add a custom field"))
        self._vault = vault
        self.added: FieldDef | None = None
        self._key_edited = False

        self.label_en = QLineEdit()
        self.label_en.setObjectName("labelEn")
        self.label_en.setPlaceholderText(self.tr("e.g. Birthday"))
        self.label_zh = QLineEdit()
        self.label_zh.setObjectName("labelZh")
        self.label_zh.setPlaceholderText(self.tr("e.g. 生日"))
        self.key = QLineEdit()
        self.key.setObjectName("key")
        self.key.setPlaceholderText(self.tr("e.g. birthday"))
        self.key.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"^[a-z][a-z0-9_]{0,39}$"), self)
        )
        self.key.textEdited.connect(self._key_typed)
        self.label_en.textEdited.connect(self._suggest_key)
        self.type = QComboBox()
        self.type.setObjectName("type")
        for type_ in CUSTOM_TYPES:
            self.type.addItem(type_label(type_), type_)
        self.type.currentIndexChanged.connect(self._type_changed)
        self.required = QCheckBox(self.tr("Required when adding a customer"))
        self.required.setObjectName("required")
        self.classification = _ClassificationEditor(language)
        self.classification.set_values("personal", [])
        self.choices = QPlainTextEdit()
        self.choices.setObjectName("choices")
        self.choices.setPlaceholderText(self.tr("One choice per line"))
        self.choices.setFixedHeight(self.choices.fontMetrics().lineSpacing() * 5 + 12)
        self.minimum = QLineEdit()
        self.minimum.setObjectName("minimum")
        self.maximum = QLineEdit()
        self.maximum.setObjectName("maximum")
        for edit in (self.minimum, self.maximum):
            edit.setValidator(QRegularExpressionValidator(_NUMBER_RE, edit))
            edit.setPlaceholderText(self.tr("no limit"))
        bounds = QWidget()
        bounds_row = QHBoxLayout(bounds)
        bounds_row.setContentsMargins(0, 0, 0, 0)
        bounds_row.addWidget(self.minimum)
        bounds_row.addWidget(QLabel(self.tr("to")))
        bounds_row.addWidget(self.maximum)

        self.errors: dict[str, QLabel] = {
            name: _error_label(f"error_{name}") for name in ("label", "key", "type", "choices", "rules")
        }
        self.errors["classification"] = _error_label("error_classification")

        form = QFormLayout()
        self._form = form
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("English label:"), self.label_en)
        form.addRow(self.tr("Chinese label:"), self.label_zh)
        form.addRow("", self.errors["label"])
        form.addRow(self.tr("Key:"), self.key)
        form.addRow("", self.errors["key"])
        form.addRow(self.tr("Type:"), self.type)
        form.addRow("", self.errors["type"])
        form.addRow(self.tr("Choices:"), self.choices)
        form.addRow("", self.errors["choices"])
        form.addRow(self.tr("Allowed range:"), bounds)
        form.addRow("", self.errors["rules"])
        self._bounds = bounds
        form.addRow("", self.required)
        form.addRow(self.tr("Sensitivity:"), self.classification.sensitivity)
        form.addRow(self.tr("Collected for:"), self.classification.purpose_grid)
        form.addRow("", self.errors["classification"])

        hint = QLabel(
            self.tr(
                "The key names the field in exports and imports and cannot be changed later. "
                "Collect only what the purposes need."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add field"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self._type_changed()
        self.resize(480, 0)

    def _key_typed(self, _text: str) -> None:
        self._key_edited = True

    def _suggest_key(self, text: str) -> None:
        if self._key_edited:
            return
        slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
        slug = re.sub(r"^[^a-z]+", "", slug)[:40]
        self.key.setText(slug)

    def _type_changed(self, *_args: object) -> None:
        # Whole form rows, not their widgets: a QFormLayout row whose widgets are merely hidden
        # keeps its old height, and the rows below were drawn over the Choices box.
        type_ = self.type.currentData()
        self._form.setRowVisible(self.choices, type_ == "choice")
        self._form.setRowVisible(self._bounds, type_ == "number")
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def rules(self) -> dict[str, Any]:
        type_ = self.type.currentData()
        rules: dict[str, Any] = {}
        if type_ == "choice":
            choices = []
            for line in self.choices.toPlainText().splitlines():
                if line.strip() and line.strip() not in choices:
                    choices.append(line.strip())
            rules["choices"] = choices
        elif type_ == "number":
            for name, edit in (("min", self.minimum), ("max", self.maximum)):
                number = _number_or_none(edit.text())
                if number is not None:
                    rules[name] = number
        return rules

    def submit(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()
        rules = self.rules()
        if "min" in rules and "max" in rules and rules["min"] > rules["max"]:
            self._show({"rules": self.tr("The smallest allowed value is larger than the largest.")})
            return
        try:
            self.added = field_admin.add_custom_field(
                self._vault,
                self._vault.actor,
                key=self.key.text().strip(),
                label_zh=self.label_zh.text(),
                label_en=self.label_en.text(),
                type=str(self.type.currentData()),
                sensitivity=self.classification.chosen_sensitivity(),
                purposes=self.classification.chosen_purposes(),
                rules=rules,
                required=self.required.isChecked(),
            )
        except ValidationError as error:
            self._show({k: translate_core(v) for k, v in error.errors.items()})
            return
        except KnownError as error:
            show_error(self, error)
            return
        self.accept()

    def _show(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            target = key if key in self.errors else "classification"
            self.errors[target].setText(message)
            self.errors[target].show()


class FieldCatalogueDialog(QDialog):
    """The owner's view of the catalogue. Emits ``catalogue_changed`` after every change."""

    catalogue_changed = Signal()

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldCatalogue")
        self.setWindowTitle(self.tr("Field catalogue"))
        self._vault = vault
        self._language = label_language()
        self._catalogue = Catalogue.load(vault.connection())

        intro = QLabel(
            self.tr(
                "Every piece of customer information Custos keeps, in the order the editor shows it. "
                "Classify each field so that policy, exports and reports treat it correctly."
            )
        )
        intro.setWordWrap(True)

        self.list = QListWidget()
        self.list.setObjectName("fieldList")
        self.list.setStyleSheet(LIST_STYLE)
        self.list.currentRowChanged.connect(self._show_selected)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.setObjectName("moveUp")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.setObjectName("moveDown")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.add_button = QPushButton(self.tr("Add custom field…"))
        self.add_button.setObjectName("addField")
        self.add_button.clicked.connect(self.add_field)
        self.retire_button = QPushButton(self.tr("Retire…"))
        self.retire_button.setObjectName("retireField")
        self.retire_button.clicked.connect(self.retire_selected)

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(list_buttons)
        left.addWidget(self.add_button)

        # --- details of the selected field
        self.key_label = QLabel()
        self.key_label.setObjectName("detailKey")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.type_label = QLabel()
        self.type_label.setObjectName("detailType")
        self.kind_label = QLabel()
        self.kind_label.setObjectName("detailKind")
        self.kind_label.setWordWrap(True)
        self.kind_label.setStyleSheet("color: palette(placeholder-text);")
        self.label_en = QLineEdit()
        self.label_en.setObjectName("detailLabelEn")
        self.label_zh = QLineEdit()
        self.label_zh.setObjectName("detailLabelZh")
        self.classification = _ClassificationEditor(self._language)
        self.choices = QPlainTextEdit()
        self.choices.setObjectName("detailChoices")
        self.choices.setPlaceholderText(self.tr("One choice per line"))
        self.choices.setFixedHeight(self.choices.fontMetrics().lineSpacing() * 4 + 12)
        self.minimum = QLineEdit()
        self.minimum.setObjectName("detailMinimum")
        self.maximum = QLineEdit()
        self.maximum.setObjectName("detailMaximum")
        for edit in (self.minimum, self.maximum):
            edit.setValidator(QRegularExpressionValidator(_NUMBER_RE, edit))
            edit.setPlaceholderText(self.tr("no limit"))
        self._bounds = QWidget()
        bounds_row = QHBoxLayout(self._bounds)
        bounds_row.setContentsMargins(0, 0, 0, 0)
        bounds_row.addWidget(self.minimum)
        bounds_row.addWidget(QLabel(self.tr("to")))
        bounds_row.addWidget(self.maximum)
        self.detail_error = _error_label("detailError")
        self.apply_button = QPushButton(self.tr("Save changes"))
        self.apply_button.setObjectName("applyField")
        self.apply_button.clicked.connect(self.apply_changes)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.setObjectName("revertField")
        self.revert_button.clicked.connect(lambda: self._show_selected(self.list.currentRow()))

        details = QGroupBox(self.tr("Selected field"))
        details_layout = QVBoxLayout(details)
        form = QFormLayout()
        details_layout.addLayout(form)
        details_layout.addStretch(1)  # spare height below the form, not between its rows
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("Key:"), self.key_label)
        form.addRow(self.tr("Type:"), self.type_label)
        form.addRow("", self.kind_label)
        form.addRow(self.tr("English label:"), self.label_en)
        form.addRow(self.tr("Chinese label:"), self.label_zh)
        self._detail_form = form
        form.addRow(self.tr("Choices:"), self.choices)
        form.addRow(self.tr("Allowed range:"), self._bounds)
        form.addRow(self.tr("Sensitivity:"), self.classification.sensitivity)
        form.addRow(self.tr("Collected for:"), self.classification.purpose_grid)
        form.addRow("", self.detail_error)
        detail_buttons = QHBoxLayout()
        detail_buttons.addWidget(self.retire_button)
        detail_buttons.addStretch(1)
        detail_buttons.addWidget(self.revert_button)
        detail_buttons.addWidget(self.apply_button)
        details_layout.addLayout(detail_buttons)
        self.details = details

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 2)
        columns.addWidget(details, 3)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(close)
        self.enter_key = PrimaryButton(self, self.apply_button)  # Enter in the details applies them
        self.add_dialog: AddFieldDialog | None = None
        self.resize(860, 560)
        self._fill_list()

    # ------------------------------------------------------------------ the list

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue

    def keys(self) -> list[str]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def select(self, key: str) -> None:
        for row, item_key in enumerate(self.keys()):
            if item_key == key:
                self.list.setCurrentRow(row)

    def selected(self) -> FieldDef | None:
        item = self.list.currentItem()
        return self._catalogue.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _fill_list(self, select: str | None = None) -> None:
        select = select or (self.selected().key if self.selected() else None)
        self._catalogue = Catalogue.load(self._vault.connection())
        self.list.blockSignals(True)
        self.list.clear()
        muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for field in self._catalogue:
            text = field.label(self._language)
            if field.retired:
                text += "  " + self.tr("(retired)")
            elif not field.builtin:
                text += "  " + self.tr("(custom)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, field.key)
            item.setToolTip(field.key)
            if field.retired:
                item.setForeground(QBrush(muted))
            self.list.addItem(item)
        self.list.blockSignals(False)
        keys = self.keys()
        self.list.setCurrentRow(keys.index(select) if select in keys else 0)
        self._show_selected(self.list.currentRow())

    def _show_selected(self, row: int) -> None:
        self.detail_error.hide()
        field = self.selected() if row >= 0 else None
        self.details.setEnabled(field is not None)
        self.up_button.setEnabled(field is not None and row > 0)
        self.down_button.setEnabled(field is not None and row < self.list.count() - 1)
        if field is None:
            return
        self.key_label.setText(field.key)
        self.type_label.setText(type_label(field.type))
        if field.retired:
            kind = self.tr("Retired: no longer collected. Stored values stay readable until erased.")
        elif field.builtin:
            kind = self.tr("Built-in field: its type and validation are fixed.")
        else:
            kind = self.tr("Custom field.")
        self.kind_label.setText(kind)
        self.label_en.setText(field.label_en)
        self.label_zh.setText(field.label_zh)
        self.classification.set_values(field.sensitivity, field.purposes)
        editable_rules = not field.builtin and not field.retired
        is_choice, is_number = field.type == "choice", field.type == "number"
        self._detail_form.setRowVisible(self.choices, is_choice)
        self._detail_form.setRowVisible(self._bounds, is_number)
        self.choices.setPlainText("\n".join(field.rules.get("choices", [])))
        self.choices.setReadOnly(not editable_rules)
        self.minimum.setText(str(field.rules.get("min", "")))
        self.maximum.setText(str(field.rules.get("max", "")))
        self.minimum.setReadOnly(not editable_rules)
        self.maximum.setReadOnly(not editable_rules)
        self.retire_button.setEnabled(not field.builtin and not field.retired)

    # ------------------------------------------------------------------ changes

    def _changed(self, key: str | None = None) -> None:
        self._fill_list(select=key)
        self.catalogue_changed.emit()

    def _edited_rules(self, field: FieldDef) -> dict[str, Any] | None:
        if field.builtin or field.retired:
            return None
        rules = dict(field.rules)
        if field.type == "choice":
            choices: list[str] = []
            for line in self.choices.toPlainText().splitlines():
                if line.strip() and line.strip() not in choices:
                    choices.append(line.strip())
            rules["choices"] = choices
        if field.type == "number":
            for name, edit in (("min", self.minimum), ("max", self.maximum)):
                number = _number_or_none(edit.text())
                if number is None:
                    rules.pop(name, None)
                else:
                    rules[name] = number
        return rules

    def apply_changes(self) -> None:
        field = self.selected()
        if field is None:
            return
        rules = self._edited_rules(field)
        if field.type == "choice" and rules is not None and not rules.get("choices"):
            self._detail_error(self.tr("A choice field needs at least one choice."))
            return
        try:
            field_admin.update_field(
                self._vault,
                self._vault.actor,
                field.key,
                label_zh=self.label_zh.text(),
                label_en=self.label_en.text(),
                sensitivity=self.classification.chosen_sensitivity(),
                purposes=self.classification.chosen_purposes(),
                rules=rules,
            )
        except ValidationError as error:
            self._detail_error("\n".join(translate_core(m) for m in error.errors.values()))
            return
        except KnownError as error:
            show_error(self, error)
            return
        self._changed(field.key)

    def _detail_error(self, text: str) -> None:
        self.detail_error.setText(text)
        self.detail_error.show()

    def add_field(self) -> AddFieldDialog:
        """Open the "add a custom field" dialog (window-modal); the list updates when it is done."""
        dialog = AddFieldDialog(self._vault, self._language, self)
        dialog.accepted.connect(lambda: self._field_added(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def _field_added(self, dialog: AddFieldDialog) -> None:
        if dialog.added is not None:
            self._changed(dialog.added.key)

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        keys = self.keys()
        target = row + step
        if row < 0 or not 0 <= target < len(keys):
            return
        keys[row], keys[target] = keys[target], keys[row]
        try:
            field_admin.reorder_fields(self._vault, self._vault.actor, keys)
        except KnownError as error:
            show_error(self, error)
            return
        self._changed(keys[target])

    def retire_selected(self) -> None:
        field = self.selected()
        if field is None or field.builtin or field.retired:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Retire field"),
            self.tr(
                "Retire the field \u201c%1\u201d? Custos stops collecting it and removes it from the "
                "editor. Values already stored stay readable until they are erased."
            ).replace("%1", field.label(self._language)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            field_admin.retire_field(self._vault, self._vault.actor, field.key)
        except KnownError as error:
            show_error(self, error)
            return
        self._changed(field.key)
