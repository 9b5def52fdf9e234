"""The customer editor: one form with every active catalogue field, built-in and custom.

The form is built from the catalogue, so a field the owner adds appears here without code
changes. Values are validated by the core (``Catalogue.clean``): when it refuses a save, each
message is shown under its field and the dialog stays open with everything the user typed.
Saving runs in the task runner; the worker only calls the core and never touches a widget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QCloseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app import customers
from app.customers import Customer
from app.errors import ValidationError
from app.fields import Catalogue, FieldDef
from ui.customer_model import label_language
from ui.messages import show_error, translate_core

ERROR_COLOR = "#b3261e"
_NUMBER_RE = QRegularExpression(r"^-?[0-9][0-9,]*(\.[0-9]*)?$|^-?\.[0-9]*$|^-?$")


def format_timestamp(iso: str, locale: QLocale | None = None) -> str:
    """A stored UTC timestamp (ISO 8601) in local time, written the user's way."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    return (locale or QLocale()).toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)


class _DateEdit(QLineEdit):
    """A date that may be empty: typed (2024-03-18, 2024/3/18, 2024年3月18日) or picked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self._calendar = QCalendarWidget()
        self._calendar.setGridVisible(False)
        self._calendar.clicked.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self._calendar)
        menu.addAction(holder)
        self._menu = menu
        pick = self.addAction(
            self.style().standardIcon(self.style().StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        pick.setToolTip(self.tr("Pick a date"))
        pick.triggered.connect(self._open_calendar)

    def _open_calendar(self) -> None:
        day = QDate.fromString(self.text().strip(), Qt.DateFormat.ISODate)
        self._calendar.setSelectedDate(day if day.isValid() else QDate.currentDate())
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def _picked(self, day: QDate) -> None:
        self.setText(day.toString(Qt.DateFormat.ISODate))
        self._menu.close()


class CustomerEditor(QDialog):
    """Add (``customer_id=None``) or edit one customer.

    Emits ``saved(customer)`` after the core stored the change; then the dialog closes.
    """

    saved = Signal(object)  # app.customers.Customer

    def __init__(
        self, vault: Any, customer_id: int | None, runner: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerEditor")
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._language = label_language()
        self._catalogue = Catalogue.load(vault.connection())
        self._customer: Customer | None = (
            customers.get(vault, self._actor, customer_id) if customer_id is not None else None
        )
        self._saving = False
        self._discarded = False
        self.widgets: dict[str, QWidget] = {}  # editable fields by key
        self.error_labels: dict[str, QLabel] = {}
        self._readonly: dict[str, QWidget] = {}  # retired fields that still hold a value

        self.setWindowTitle(self.tr("New customer") if self._customer is None else self.tr("Edit customer"))
        self.setModal(True)
        self._build()
        self._initial = self.values()
        self.resize(580, 0)
        self._fit_height()

    # ------------------------------------------------------------------ building the form

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 12)
        outer.setSpacing(0)

        self.summary = QLabel()
        self.summary.setObjectName("errorSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            f"QLabel {{ color: {ERROR_COLOR}; background: #fdecea; padding: 10px 20px; }}"
        )
        self.summary.hide()
        outer.addWidget(self.summary)

        body = QWidget()
        body.setObjectName("editorBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(20, 16, 20, 12)
        form = QFormLayout()
        body_layout.addLayout(form)
        body_layout.addStretch(1)  # spare height goes below the form, not into the notes box
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._form = form

        for field in self._catalogue:
            value = self._customer.values.get(field.key) if self._customer else None
            if field.retired:
                if value not in (None, ""):
                    self._add_readonly_row(field, value)
                continue
            self._add_field_row(field, value)

        has_required = any(f.required for f in self._catalogue.active())
        if has_required:
            note = QLabel(self.tr("Fields marked * are required."))
            note.setObjectName("requiredNote")
            note.setStyleSheet("color: palette(placeholder-text);")
            form.addRow("", note)

        if self._customer is not None:
            form.addRow(self._history_box(self._customer))

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self._body = body
        outer.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setContentsMargins(20, 0, 20, 0)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        outer.addSpacing(12)
        outer.addWidget(self.buttons)

    def _label(self, field: FieldDef, suffix: str = "") -> QLabel:
        text = field.label(self._language) + (" *" if field.required and not suffix else "") + suffix
        label = QLabel(text)
        label.setObjectName(f"label_{field.key}")
        if field.required and not suffix:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        return label

    def _editor_for(self, field: FieldDef, value: str | None) -> QWidget:
        text = value or ""
        if field.type == "tags":
            text = text.replace(",", ", ")  # stored "vip,老客户"; the core accepts either
        widget: QWidget
        if field.type == "longtext":
            edit = QPlainTextEdit()
            edit.setPlainText(text)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            widget = edit
        elif field.type == "choice":
            combo = QComboBox()
            combo.addItem("", "")
            for choice in field.rules.get("choices", []):
                combo.addItem(choice, choice)
            if text and combo.findData(text) < 0:
                combo.addItem(text, text)  # a value from before the choices changed stays visible
            combo.setCurrentIndex(max(0, combo.findData(text)))
            widget = combo
        elif field.type == "date":
            date_edit = _DateEdit()
            date_edit.setText(text)
            widget = date_edit
        else:
            line = QLineEdit(text)
            if field.type == "number":
                line.setValidator(QRegularExpressionValidator(_NUMBER_RE, line))
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
                bounds = [str(field.rules[k]) for k in ("min", "max") if k in field.rules]
                if len(bounds) == 2:
                    line.setPlaceholderText(
                        self.tr("%1 to %2").replace("%1", bounds[0]).replace("%2", bounds[1])
                    )
            elif field.type == "phone":
                line.setPlaceholderText(self.tr("e.g. 138 1234 5678"))
            elif field.type == "email":
                line.setPlaceholderText(self.tr("name@example.com"))
            elif field.type == "tags":
                line.setPlaceholderText(self.tr("Separate tags with commas"))
            max_length = field.rules.get("max_length")
            if max_length:
                line.setMaxLength(int(max_length) + 50)  # the core explains an overlong value
            widget = line
        widget.setObjectName(f"field_{field.key}")
        return widget

    def _add_field_row(self, field: FieldDef, value: str | None) -> None:
        widget = self._editor_for(field, value)
        error = QLabel()
        error.setObjectName(f"error_{field.key}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOR};")
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(widget)
        column.addWidget(error)
        label = self._label(field)
        label.setBuddy(widget)
        self._form.addRow(label, cell)
        self.widgets[field.key] = widget
        self.error_labels[field.key] = error

    def _add_readonly_row(self, field: FieldDef, value: str) -> None:
        shown = QLineEdit(value)
        shown.setReadOnly(True)
        shown.setObjectName(f"retired_{field.key}")
        shown.setToolTip(self.tr("This field is retired: its value is kept but no longer collected."))
        self._form.addRow(self._label(field, " " + self.tr("(retired)")), shown)
        self._readonly[field.key] = shown

    def _history_box(self, customer: Customer) -> QGroupBox:
        box = QGroupBox(self.tr("History"))
        box.setObjectName("history")
        layout = QFormLayout(box)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        created = QLabel(
            self.tr("%1 by %2")
            .replace("%1", format_timestamp(customer.created_at))
            .replace("%2", customer.created_by)
        )
        created.setObjectName("createdInfo")
        updated = QLabel(
            self.tr("%1 by %2")
            .replace("%1", format_timestamp(customer.updated_at))
            .replace("%2", customer.updated_by)
        )
        updated.setObjectName("updatedInfo")
        for label in (created, updated):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addRow(self.tr("Created:"), created)
        layout.addRow(self.tr("Last changed:"), updated)
        return box

    # ------------------------------------------------------------------ values

    @property
    def customer(self) -> Customer | None:
        return self._customer

    def widget(self, key: str) -> QWidget:
        return self.widgets[key]

    def values(self) -> dict[str, str]:
        """What the form holds now, by field key (editable fields only)."""
        result = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QPlainTextEdit):
                result[key] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                result[key] = str(widget.currentData() or "")
            elif isinstance(widget, QLineEdit):
                result[key] = widget.text()
        return result

    def set_value(self, key: str, value: str) -> None:
        widget = self.widgets[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QLineEdit):
            widget.setText(value)

    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def _changes(self) -> dict[str, str]:
        current = self.values()
        if self._customer is None:
            return current
        return {k: v for k, v in current.items() if v.strip() != self._initial.get(k, "").strip()}

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        if self._saving:
            return
        changes = self._changes()
        if self._customer is not None and not changes:
            self._initial = self.values()
            self.accept()
            return
        self._clear_errors()
        self._saving = True
        self.save_button.setEnabled(False)
        vault, actor, customer = self._vault, self._actor, self._customer

        def store(_task: Any) -> Customer:
            if customer is None:
                return customers.create(vault, actor, changes)
            return customers.update(vault, actor, customer.id, changes)

        self._runner.run(store, on_result=self._saved, on_error=self._failed, vault=vault)

    def _saved(self, customer: Customer) -> None:
        if self._discarded:
            return  # the vault was locked while saving; the window refreshes after sign-in
        self._saving = False
        self.save_button.setEnabled(True)
        self._customer = customer
        self._initial = self.values()
        self.saved.emit(customer)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if self._discarded:
            return
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        else:  # a known error (e.g. deleted meanwhile) in words; a bug with its details
            show_error(self, error, self.tr("Could not save the customer"))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; messages for no visible field go to the summary."""
        self._clear_errors()
        loose = []
        first: QWidget | None = None
        for key, message in errors.items():
            text = _sentence(translate_core(message))
            label = self.error_labels.get(key)
            if label is None:
                loose.append(text if key not in self._catalogue else f"{key}: {text}")
                continue
            label.setText(text)
            label.show()
            self.widgets[key].setProperty("invalid", True)
            self.widgets[key].setStyleSheet(_INVALID_STYLE)
            first = first or self.widgets[key]
        summary = self.tr("Please correct the fields marked below. Nothing was saved.")
        self.summary.setText("\n".join([summary, *loose]))
        self.summary.show()
        self._fit_height()
        if first is not None:
            first.setFocus()

    def _fit_height(self) -> None:
        """As tall as the form needs (no empty band under a short form), scrolling past 720 px."""
        self._body.adjustSize()
        chrome = 90 + (self.summary.sizeHint().height() if self.summary.isVisibleTo(self) else 0)
        wanted = min(720, self._body.sizeHint().height() + chrome)
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _clear_errors(self) -> None:
        self.summary.hide()
        self.summary.clear()
        for key, label in self.error_labels.items():
            label.clear()
            label.hide()
            self.widgets[key].setProperty("invalid", False)
            self.widgets[key].setStyleSheet("")

    def shown_errors(self) -> dict[str, str]:
        """The inline messages currently visible, by field key (for tests and screenshots)."""
        return {k: label.text() for k, label in self.error_labels.items() if label.text()}

    # ------------------------------------------------------------------ closing

    def reject(self) -> None:
        if self.is_dirty() and not self._confirm_discard():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and self.is_dirty() and not self._confirm_discard():
            event.ignore()
            return
        self._initial = self.values()  # reject() below must not ask a second time
        super().closeEvent(event)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard changes?"),
            self.tr("This customer has changes that were not saved. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes)

    def discard(self) -> None:
        """Close at once without asking and wipe every value from the widgets (on lock)."""
        self._discarded = True
        for widget in [*self.widgets.values(), *self._readonly.values()]:
            if isinstance(widget, QPlainTextEdit | QComboBox):
                widget.clear()  # QPlainTextEdit.clear() drops the undo history too
            elif isinstance(widget, QLineEdit):
                widget.setText("")  # setText, not clear(): it also drops the undo history
        for label in self.findChildren(QLabel):
            if label.objectName() in ("createdInfo", "updatedInfo"):
                label.clear()
        self._clear_errors()
        self._customer = None
        self._initial = self.values()
        super().reject()
        self.deleteLater()


def _sentence(text: str) -> str:
    """Core messages are phrases ("not a valid date"); shown alone, they start with a capital."""
    return text[:1].upper() + text[1:]


_INVALID_STYLE = f"border: 1px solid {ERROR_COLOR}; border-radius: 3px; padding: 2px;"
