"""The customer editor: one form with every active catalogue field the role may see.

The form is built from the catalogue, so a field the owner adds appears here without code
changes. The signed-in role decides each field's row (``app.access``): a hidden field has
none, a read-only field is shown but not editable, a masked field shows its masked form
(138****5678) and, for a role allowed to reveal, a "Reveal…" button that asks why and
shows that one value in full (the core audits the reveal with the reason). A revealed
value lives only in its read-only box, never in a model, and is wiped on lock.

Values are validated by the core (``Catalogue.clean``): when it refuses a save, each message
is shown under its field and the dialog stays open with everything the user typed; a write
the role may not make is refused by the core, and its message is shown. A save that would
add a likely duplicate (same phone, e-mail or ID number, as the core judges under the role's
policy) is refused by the core too; the editor then asks "Open existing / Save anyway"
(ui/duplicate_warning.py) and emits ``open_existing`` when the user picks a customer.
Saving runs in the task runner; the worker only calls the core and never touches a widget.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app import audit, customers, duplicates, requests
from app.access import MASKED, READ, WRITE, access_for
from app.customers import Customer
from app.errors import ValidationError
from app.fields import Catalogue, FieldDef
from ui.access_names import role_label
from ui.audit_dialog import AuditDialog
from ui.customer_model import display_value, label_language
from ui.dates import format_moment
from ui.duplicate_warning import OPEN_EXISTING, SAVE_ANYWAY, DuplicateWarning
from ui.enter_key import PrimaryButton
from ui.messages import show_error, translate_core

ERROR_COLOR = "#b3261e"
_NUMBER_RE = QRegularExpression(r"^-?[0-9][0-9,]*(\.[0-9]*)?$|^-?\.[0-9]*$|^-?$")


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


def fit_to_width(dialog: QDialog, width: int) -> None:
    """Size a dialog of word-wrapped labels to ``width`` and the height its text needs there
    (a window's minimum size does not follow a label's height-for-width, so text was cut)."""
    dialog.resize(width, 0)
    layout = dialog.layout()
    height = layout.heightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    dialog.resize(width, max(height, dialog.sizeHint().height()))


def audit_text_warning() -> QLabel:
    """The warning under a box whose text goes into a signed audit entry (a reveal reason, a
    hold's reason): audit entries cannot be changed, so that text outlives even the erasure of
    the customer it is about."""
    label = QLabel(
        QCoreApplication.translate(
            "AuditTextWarning",
            "Don't type the customer's personal data here (a name, a phone number): the reason stays in"
            " the audit log, even after the customer is erased.",
        )
    )
    label.setObjectName("auditTextWarning")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: #8a5a00; }")
    return label


class RevealDialog(QDialog):
    """Why the full value is needed: required, and written to the audit log with the reveal."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revealDialog")
        self.setWindowTitle(self.tr("Reveal %1").replace("%1", field_label))
        intro = QLabel(
            self.tr(
                "Your role sees %1 masked. To see the full value, say why you need it. "
                "The reveal and your reason are recorded in the audit log."
            ).replace("%1", field_label)
        )
        intro.setWordWrap(True)
        self.warning = audit_text_warning()
        self.reason = QLineEdit()
        self.reason.setObjectName("revealReason")
        self.reason.setPlaceholderText(self.tr("e.g. Delivery address for order 1042"))
        self.reason.textChanged.connect(self._update_ok)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("Reason:"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reveal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.ok_button)
        fit_to_width(self, 440)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()))

    def accept(self) -> None:
        if self.reason.text().strip():  # Enter in the box must not skip the reason either
            super().accept()


class CustomerEditor(QDialog):
    """Add (``customer_id=None``) or edit one customer.

    Emits ``saved(customer)`` after the core stored the change; then the dialog closes.

    ``embedded=True`` makes it the Details section of the customer card (ui/customer_card.py):
    a child widget, not a window. It keeps every check and key of the dialog — Enter saves,
    Escape asks before losing edits — but never closes: after a save, or Escape on a form
    without edits, it emits ``left`` (the person is done here; the card gives the list the
    keyboard again), and "Undo changes" puts back the stored values after asking. ``customer``
    passes a record already read (after a save), so showing it again is not a second read.
    """

    saved = Signal(object)  # app.customers.Customer
    open_existing = Signal(int)  # a customer id: the user chose it over saving a duplicate
    left = Signal()  # embedded only: done with the form (saved, or Escape)

    def __init__(
        self,
        vault: Any,
        customer_id: int | None,
        runner: Any,
        parent: QWidget | None = None,
        *,
        embedded: bool = False,
        customer: Customer | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerEditor")
        self.embedded = embedded
        if embedded:
            self.setWindowFlags(Qt.WindowType.Widget)
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._access = access_for(vault, self._actor)
        self._language = label_language()
        self._catalogue = Catalogue.load(vault.connection())
        if customer is None and customer_id is not None:
            customer = customers.view(vault, self._actor, customer_id)
        self._customer: Customer | None = customer
        self._saving = False
        self._discarded = False
        self.duplicate_warning: DuplicateWarning | None = None
        self.widgets: dict[str, QWidget] = {}  # editable fields by key
        self.error_labels: dict[str, QLabel] = {}
        self._loose_errors = False  # the summary also names errors no field shows
        self._readonly: dict[str, QWidget] = {}  # read-only, masked and retired fields shown
        self.reveal_buttons: dict[str, QPushButton] = {}
        self.reveal_dialog: RevealDialog | None = None
        self.history_dialog: AuditDialog | None = None
        self.full_history_button: QPushButton | None = None
        self.revealed: set[str] = set()  # fields shown in full after a reveal
        self.correction: int | None = None  # a 'correct' request the next save is recorded on

        if self._customer is None:
            self.setWindowTitle(self.tr("New customer"))
        elif self.writable_fields():
            self.setWindowTitle(self.tr("Edit customer"))
        else:
            self.setWindowTitle(self.tr("Customer"))
        self._build()
        self._initial = self.values()
        if not embedded:
            self.setModal(True)
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

        self.correction_note = QLabel()
        self.correction_note.setObjectName("correctionNote")
        self.correction_note.setWordWrap(True)
        self.correction_note.setStyleSheet(
            "QLabel { background: #e8f0fe; color: #174ea6; padding: 10px 20px; }"
        )
        self.correction_note.hide()
        outer.addWidget(self.correction_note)

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
            level = self._access.level(field.key)
            value = self._customer.values.get(field.key) if self._customer else None
            if field.retired:
                if value not in (None, "") and self._access.can_see(field.key):
                    self._add_readonly_row(field, value)
                continue
            if level == WRITE:
                self._add_field_row(field, value)
            elif self._customer is None:
                continue  # a new customer: only what this role may fill in
            elif level == READ:
                self._add_view_row(field, value)
            elif level == MASKED:
                self._add_masked_row(field, value)
            # hidden: no row at all

        if self._customer is not None and not self.widgets:
            note = QLabel(
                self.tr("Your role (%1) can look at this customer but not change it.").replace(
                    "%1", role_label(self._actor.role)
                )
            )
            note.setObjectName("readOnlyNote")
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(placeholder-text);")
            form.addRow("", note)

        has_required = any(f.required and f.key in self.widgets for f in self._catalogue.active())
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
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if not self.widgets:  # nothing this role may change: a viewer with one Close button
            self.save_button.hide()
            close.setText(self.tr("Close"))
            if self.embedded:
                close.hide()  # the card stays open: there is nothing to close here
        elif self.embedded:
            close.setText(self.tr("Undo changes"))
            close.setToolTip(self.tr("Put back the stored values (Esc)"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        outer.addSpacing(12)
        outer.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.save_button if self.widgets else close)

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
            # Every field type has a limit in the core (FieldDef.max_length); typing may go a
            # little past it so that the core's message, not a silently stopped cursor, explains.
            line.setMaxLength(field.max_length + 50)
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
        changed = (
            widget.currentIndexChanged
            if isinstance(widget, QComboBox)
            else widget.textChanged  # QLineEdit, _DateEdit, QPlainTextEdit
        )
        changed.connect(lambda *_args, key=field.key: self._recheck(key))

    def _recheck(self, key: str) -> None:
        """A field marked invalid is checked again as it is edited (by the core's own rule for
        that field): the message goes as soon as the value is right, or says what is still wrong."""
        label = self.error_labels[key]
        if label.isHidden() or self._saving:
            return
        try:
            self._catalogue.get(key).clean(self.values()[key])
        except ValueError as error:
            label.setText(_sentence(translate_core(str(error))))
            return
        label.clear()
        label.hide()
        self.widgets[key].setProperty("invalid", False)
        self.widgets[key].setStyleSheet("")
        if all(other.isHidden() for other in self.error_labels.values()) and not self._loose_errors:
            self.summary.hide()

    def _add_view_row(self, field: FieldDef, value: str | None) -> None:
        """A field the role reads but may not change: its value, selectable, not editable."""
        text = display_value(field, value) if field.type != "longtext" else (value or "")
        shown: QWidget
        if field.type == "longtext":
            box = QPlainTextEdit(text)
            box.setReadOnly(True)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
            shown = box
        else:
            shown = QLineEdit(text)
            shown.setReadOnly(True)
        shown.setObjectName(f"readonly_{field.key}")
        shown.setToolTip(self.tr("Your role can read this field but not change it."))
        shown.setStyleSheet("background: palette(window);")
        label = self._label(field, " " + self.tr("(read only)"))
        label.setBuddy(shown)
        self._form.addRow(label, shown)
        self._readonly[field.key] = shown

    def _add_masked_row(self, field: FieldDef, value: str | None) -> None:
        """The masked form, read-only; with "Reveal…" where the role may reveal a value."""
        shown = QLineEdit(value or "")
        shown.setReadOnly(True)
        shown.setObjectName(f"masked_{field.key}")
        shown.setToolTip(self.tr("Your role sees this field masked."))
        shown.setStyleSheet("background: palette(window);")
        italic = QFont(shown.font())
        italic.setItalic(True)
        shown.setFont(italic)
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(shown, 1)
        if self._access.allows("reveal") and value not in (None, "") and self._customer is not None:
            button = QPushButton(self.tr("Reveal…"))
            button.setObjectName(f"reveal_{field.key}")
            button.setToolTip(self.tr("Show the full value; you will be asked why, and it is audited."))
            button.clicked.connect(lambda _checked=False, key=field.key: self.reveal(key))
            row.addWidget(button)
            self.reveal_buttons[field.key] = button
        label = self._label(field, " " + self.tr("(masked)"))
        label.setBuddy(shown)
        self._form.addRow(label, cell)
        self._readonly[field.key] = shown

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
            .replace("%1", format_moment(customer.created_at))
            .replace("%2", customer.created_by)
        )
        created.setObjectName("createdInfo")
        updated = QLabel(
            self.tr("%1 by %2")
            .replace("%1", format_moment(customer.updated_at))
            .replace("%2", customer.updated_by)
        )
        updated.setObjectName("updatedInfo")
        for label in (created, updated):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addRow(self.tr("Created:"), created)
        layout.addRow(self.tr("Last changed:"), updated)
        if audit.may_read(self._vault, self._actor):  # the core checks 'view_audit' again
            self.full_history_button = QPushButton(self.tr("Who viewed or changed it…"))
            self.full_history_button.setObjectName("fullHistoryButton")
            self.full_history_button.setAutoDefault(False)  # Enter still saves
            self.full_history_button.clicked.connect(self.open_history)
            row = QHBoxLayout()
            row.addWidget(self.full_history_button)
            row.addStretch(1)
            layout.addRow("", row)
        return box

    def open_history(self) -> AuditDialog | None:
        """This customer's entries in the audit log, over the editor (which stays open)."""
        if self._customer is None:
            return None
        dialog = AuditDialog(
            self._vault, self._runner, self, customer_id=self._customer.id, customer_name=self._customer.name
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(dialog.deleteLater)
        dialog.show()
        self.history_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ values

    @property
    def customer(self) -> Customer | None:
        return self._customer

    def widget(self, key: str) -> QWidget:
        return self.widgets[key]

    def writable_fields(self) -> list[str]:
        return [f.key for f in self._catalogue.active() if self._access.can_write(f.key)]

    def shown_fields(self) -> list[str]:
        """Every field with a row in the form (editable, read-only, masked or retired)."""
        return [f.key for f in self._catalogue if f.key in self.widgets or f.key in self._readonly]

    def shown_widget(self, key: str) -> QWidget:
        """The widget showing ``key``, editable or not."""
        return self.widgets.get(key) or self._readonly[key]

    # ------------------------------------------------------------------ reveal

    def reveal(self, key: str) -> RevealDialog | None:
        """Ask why, then show field ``key`` in full (the core checks 'reveal' and audits it)."""
        if self._customer is None or key not in self.reveal_buttons or self.reveal_dialog is not None:
            return None
        dialog = RevealDialog(self._catalogue.get(key).label(self._language), self)
        dialog.accepted.connect(lambda: self._run_reveal(key, dialog.reason.text().strip()))
        dialog.finished.connect(self._reveal_dialog_closed)
        self.reveal_dialog = dialog
        dialog.open()
        return dialog

    def _reveal_dialog_closed(self, _result: int) -> None:
        dialog, self.reveal_dialog = self.reveal_dialog, None
        if dialog is not None:
            dialog.reason.setText("")
            dialog.deleteLater()

    def _run_reveal(self, key: str, reason: str) -> None:
        vault, actor, customer_id = self._vault, self._actor, self._customer.id if self._customer else None
        if customer_id is None:
            return
        self.reveal_buttons[key].setEnabled(False)

        def fetch(_task: Any) -> tuple[str, str | None]:
            return key, customers.reveal(vault, actor, customer_id, key, reason=reason)

        self._runner.run(fetch, on_result=self._revealed, on_error=self._reveal_failed, vault=vault)

    def _revealed(self, result: tuple[str, str | None]) -> None:
        key, value = result
        if self._discarded:
            return
        shown = self._readonly.get(key)
        if not isinstance(shown, QLineEdit):
            return
        shown.setText(display_value(self._catalogue.get(key), value))
        font = QFont(shown.font())
        font.setItalic(False)
        shown.setFont(font)
        shown.setToolTip(self.tr("Revealed for this window only; the reveal was recorded in the audit log."))
        button = self.reveal_buttons[key]
        button.setText(self.tr("Revealed"))
        button.setEnabled(False)
        self.revealed.add(key)

    def _reveal_failed(self, error: BaseException) -> None:
        if self._discarded:
            return
        for key, button in self.reveal_buttons.items():
            button.setEnabled(key not in self.revealed)
        show_error(self, error, self.tr("Could not reveal the value"))

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
        self.enter_key.busy()
        self.save_button.setEnabled(False)
        self._store(changes, allow_duplicate=False)

    def correct_for(self, request_id: int | None, reference: str = "") -> None:
        """Make the next save the correction a customer asked for in request ``request_id``:
        the core (requests.correct) stores it and records the fields changed on the request.
        ``None`` goes back to an ordinary edit."""
        self.correction = request_id if self._customer is not None else None
        if self.correction is None:
            self.correction_note.hide()
            return
        self.correction_note.setText(
            self.tr(
                "Correcting for request %1: change what the customer asked to correct, then save. The"
                " change is recorded on the request."
            ).replace("%1", reference)
        )
        self.correction_note.show()

    def _store(self, changes: dict[str, str], *, allow_duplicate: bool) -> None:
        """Save off the GUI thread; the core refuses a likely duplicate unless allowed."""
        vault, actor, customer, correction = self._vault, self._actor, self._customer, self.correction

        def store(_task: Any) -> Customer:
            if customer is not None and correction is not None:
                requests.correct(vault, actor, correction, changes)
                return customers.get(vault, actor, customer.id)
            if customer is None:
                return duplicates.add_customer(vault, actor, changes, allow_duplicate=allow_duplicate)
            return duplicates.update_customer(
                vault, actor, customer.id, changes, allow_duplicate=allow_duplicate
            )

        self._runner.run(store, on_result=self._saved, on_error=self._failed, vault=vault)

    def _saved(self, customer: Customer) -> None:
        if self._discarded:
            return  # the vault was locked while saving; the window refreshes after sign-in
        self._saving = False
        self.save_button.setEnabled(True)
        self._customer = customer
        self._initial = self.values()
        self.correct_for(None)
        self.saved.emit(customer)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if self._discarded:
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self.enter_key.idle()
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
        elif isinstance(error, duplicates.DuplicateError):
            self._warn_duplicate(error)
        else:  # a known error (e.g. deleted meanwhile) in words; a bug with its details
            show_error(self, error, self.tr("Could not save the customer"))

    def _warn_duplicate(self, error: duplicates.DuplicateError) -> None:
        """Ask what to do about the matching customers the core named (window-modal)."""
        if self.duplicate_warning is not None:
            return
        self.save_button.setEnabled(False)  # until the question is answered
        warning = DuplicateWarning(error.matches, self._catalogue, self)
        warning.finished.connect(lambda result: self._duplicate_answered(warning, result))
        self.duplicate_warning = warning
        warning.open()

    def _duplicate_answered(self, warning: DuplicateWarning, result: int) -> None:
        self.duplicate_warning = None
        chosen = warning.chosen_id
        warning.deleteLater()
        if self._discarded:
            return
        self.save_button.setEnabled(True)
        if result == OPEN_EXISTING and chosen is not None:
            self._initial = self.values()  # the user chose the existing record: nothing to ask
            self.reject()
            self.open_existing.emit(chosen)
        elif result == SAVE_ANYWAY:
            self._saving = True
            self.enter_key.busy()
            self.save_button.setEnabled(False)
            self._store(self._changes(), allow_duplicate=True)
        else:  # back to editing: the form has the keyboard again, on the first field that matched
            self.activateWindow()
            first = next((k for k in duplicates.IDENTIFYING_FIELDS if k in self.widgets), None)
            self.enter_key.idle(self.widgets[first] if first is not None else None)

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
        self._loose_errors = bool(loose)
        summary = self.tr("Please correct the fields marked below. Nothing was saved.")
        self.summary.setText("\n".join([summary, *loose]))
        self.summary.show()
        self._fit_height()
        if first is not None:
            first.setFocus()

    def _fit_height(self) -> None:
        """As tall as the form needs (no empty band under a short form), scrolling past 720 px."""
        if self.embedded:
            return  # the card's height is the window's
        self._body.adjustSize()
        chrome = 90 + (self.summary.sizeHint().height() if self.summary.isVisibleTo(self) else 0)
        wanted = min(720, self._body.sizeHint().height() + chrome)
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _clear_errors(self) -> None:
        self._loose_errors = False
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

    def accept(self) -> None:
        if self.embedded:
            self.left.emit()
            return
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and not self._confirm_discard():
            return
        if self.embedded:
            self.undo_changes()
            self.left.emit()
            return
        super().reject()

    def undo_changes(self) -> None:
        """Embedded: the stored values back in every box, without asking (reject asks first)."""
        for key, value in self._initial.items():
            self.set_value(key, value)
        self._clear_errors()

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
        if self.reveal_dialog is not None:
            self.reveal_dialog.done(QDialog.DialogCode.Rejected)
        if self.duplicate_warning is not None:
            self.duplicate_warning.clear()  # it names other customers
            self.duplicate_warning.done(QDialog.DialogCode.Rejected)
        self.revealed.clear()
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
