"""File → Import customers…: the wizard from a file to committed customers, and the list of imports.

Pages: file → encoding and preview → mapping → check → duplicates and source → import → summary.
Everything that reads the file or touches the vault runs in the task runner (opening and
re-reading the file with another encoding, the dry run behind the check page, the import,
saving the invalid rows, undo); the pages only show what the core (app/importing) returned.

The check page's counts come from a dry run: the very same import, rolled back, so what it
says is what the import will do. The import page shows rows done, rows per second and a
Cancel that rolls everything back. File → Imports… lists committed imports and undoes one.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDir, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import consent, importing
from app.access import access_for
from app.errors import KnownError
from app.importing import encoding as enc
from app.importing import mapping as mapping_mod
from app.importing.readers import Record, Source
from ui import style
from ui.customer_model import label_language
from ui.dates import format_moment
from ui.enter_key import PrimaryButton
from ui.messages import describe, show_error
from ui.tasks import Task

PAGE_FILE, PAGE_PREVIEW, PAGE_MAPPING, PAGE_CHECK, PAGE_OPTIONS, PAGE_IMPORT, PAGE_SUMMARY = range(7)
PREVIEW_ROWS = 50
IGNORE = ""


def _native(path: str | Path) -> str:
    return QDir.toNativeSeparators(str(path))


def _table(columns: int = 0) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _item(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(" ".join(str(text).split()) if "\n" in str(text) else str(text))


class _Page(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.heading = style.title_label("")
        self.intro = style.note_label()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(10, 6, 10, 0)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.intro)
        self.body.addSpacing(style.SPACING)


# ----------------------------------------------------------------------------- file


class FilePage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Choose the file to import"))
        self.intro.setText(
            self.tr(
                "A CSV or TSV file (from Excel, WPS or another program, in any common encoding), an"
                " Excel workbook (.xlsx) or a phone's contacts (.vcf)."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("The file's path"))
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.setObjectName("importBrowse")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.message = style.InlineMessage()
        self.message.setObjectName("fileMessage")
        form = style.FormGrid()
        form.add_row(self.tr("File:"), row)
        form.add_row("", self.message)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._open)
        self.path_edit.textChanged.connect(self._edited)
        self.browse_button.clicked.connect(self._browse)

    def _edited(self) -> None:
        self.w.source = None
        self.message.clear()
        self.completeChanged.emit()
        if self.path_edit.text().strip():
            self._timer.start()

    def _browse(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the file to import"),
            start,
            self.tr("Customer files (*.csv *.tsv *.txt *.xlsx *.vcf);;All files (*)"),
        )
        if chosen:
            self.path_edit.setText(_native(chosen))

    def path(self) -> str:
        return self.path_edit.text().strip()

    def _open(self) -> None:
        path = self.path()
        if not path:
            return
        self.message.show_info(self.tr("Reading the file…"))
        self.w.open_file(path, {}, self._opened)

    def _opened(self, path: str, error: BaseException | None) -> None:
        if path != self.path():
            return  # typed on since
        if error is not None:
            self.message.show_error(describe(error))
        else:
            self.message.show_success(self.w.describe_source())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.source is not None and str(self.w.source.path) == str(Path(self.path()))


# ----------------------------------------------------------------------------- encoding and preview


class PreviewPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Check that the text reads right"))
        self.intro.setText(
            self.tr(
                "If names show as strange characters, choose another encoding: Chinese Excel and WPS"
                " files are usually GB18030/GBK, files from Taiwan or Hong Kong Big5."
            )
        )
        self.encoding_box = QComboBox()
        self.encoding_box.setObjectName("encodingBox")
        for name in enc.ENCODINGS:
            self.encoding_box.addItem(enc.ENCODING_LABELS[name], name)
        self.delimiter_box = QComboBox()
        self.delimiter_box.setObjectName("delimiterBox")
        for text, value in (
            (self.tr("Comma"), ","),
            (self.tr("Semicolon"), ";"),
            (self.tr("Tab"), "\t"),
            ("|", "|"),
        ):
            self.delimiter_box.addItem(text, value)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("sheetBox")
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerRow")
        self.header_spin.setRange(1, 10)
        self.detected = style.note_label()
        self.detected.setObjectName("detectedNote")
        self.message = style.InlineMessage()
        self.table = _table()
        self.table.setObjectName("previewTable")
        form = style.FormGrid()
        self.encoding_caption = form.add_row(self.tr("Encoding:"), self.encoding_box)
        self.delimiter_caption = form.add_row(self.tr("Delimiter:"), self.delimiter_box)
        self.sheet_caption = form.add_row(self.tr("Sheet:"), self.sheet_box)
        form.add_row(self.tr("Column names in row:"), self.header_spin)
        form.add_row("", self.detected)
        self.body.addLayout(form)
        self.body.addWidget(self.message)
        self.body.addWidget(self.table, 1)
        self._loading = False
        self.encoding_box.activated.connect(self._changed)
        self.delimiter_box.activated.connect(self._changed)
        self.sheet_box.activated.connect(self._changed)
        self.header_spin.valueChanged.connect(self._changed)

    def initializePage(self) -> None:
        self._show_settings()
        self._fill()

    def _show_settings(self) -> None:
        source = self.w.source
        assert source is not None
        self._loading = True
        text_file = source.kind in ("csv", "vcard")
        for widget in (self.encoding_box, self.encoding_caption):
            widget.setVisible(text_file)
        for widget in (self.delimiter_box, self.delimiter_caption):
            widget.setVisible(source.kind == "csv")
        for widget in (self.sheet_box, self.sheet_caption):
            widget.setVisible(source.kind == "xlsx")
        index = self.encoding_box.findData(source.encoding)
        if index < 0 and source.encoding:
            self.encoding_box.addItem(source.encoding, source.encoding)
            index = self.encoding_box.count() - 1
        self.encoding_box.setCurrentIndex(max(index, 0))
        self.delimiter_box.setCurrentIndex(max(self.delimiter_box.findData(source.delimiter), 0))
        self.sheet_box.clear()
        self.sheet_box.addItems(source.sheets)
        self.sheet_box.setCurrentText(source.sheet)
        self.header_spin.setEnabled(source.kind != "vcard")
        self.header_spin.setValue(max(source.header_row, 1))
        guess = source.guess
        if text_file and guess is not None:
            self.detected.setText(
                self.tr("Detected: %1").replace("%1", enc.ENCODING_LABELS.get(guess.encoding, guess.encoding))
            )
        else:
            self.detected.setText("")
        self._loading = False

    def _fill(self) -> None:
        source = self.w.source
        assert source is not None
        rows = self.w.preview
        self.table.clear()
        self.table.setColumnCount(len(source.headers) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("Line"), *source.headers])
        self.table.setRowCount(len(rows))
        for r, record in enumerate(rows):
            self.table.setItem(r, 0, _item(str(record.line)))
            if record.problem:
                self.table.setItem(r, 1, _item(record.problem))
                continue
            for c, cell in enumerate(record.cells):
                self.table.setItem(r, c + 1, _item(cell))
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))

    def _changed(self) -> None:
        if self._loading or self.w.source is None:
            return
        options: dict[str, Any] = {"header_row": self.header_spin.value()}
        if self.w.source.kind in ("csv", "vcard"):
            options["encoding"] = self.encoding_box.currentData()
        if self.w.source.kind == "csv":
            options["delimiter"] = self.delimiter_box.currentData()
        if self.w.source.kind == "xlsx":
            options["sheet"] = self.sheet_box.currentText()
            if options["sheet"] != self.w.source.sheet:
                options.pop("header_row")  # a new sheet: find its header again
        if self.w.source.kind == "vcard":
            options.pop("header_row")
        self.message.show_info(self.tr("Reading the file again…"))
        self.w.open_file(str(self.w.source.path), options, self._reopened)

    def _reopened(self, _path: str, error: BaseException | None) -> None:
        if error is not None:
            self.message.show_error(describe(error))
            return
        self.message.clear()
        self._show_settings()
        self._fill()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.source is not None and not self.w.busy


# ----------------------------------------------------------------------------- mapping


class MappingPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Which column goes into which field"))
        self.intro.setText(
            self.tr(
                "Columns were matched by their names. Choose “Do not import” for a column you do not"
                " want; two columns sent to the same field are joined (姓 + 名)."
            )
        )
        self.recognised = style.note_label()
        self.recognised.setObjectName("recognisedNote")
        self.table = _table(3)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("First value"), self.tr("Field")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.notice_box = QComboBox()
        self.notice_box.setObjectName("noticeBox")
        self.notice_caption = QLabel(self.tr("Consent answers refer to the notice:"))
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_caption)
        notice_row.addWidget(self.notice_box, 1)
        self.remember = QCheckBox(self.tr("Use this mapping again for files with these columns"))
        self.remember.setObjectName("rememberMapping")
        self.remember.setChecked(True)
        self.message = style.InlineMessage()
        self.message.setObjectName("mappingMessage")
        self.body.addWidget(self.recognised)
        self.body.addWidget(self.table, 1)
        self.body.addLayout(notice_row)
        self.body.addWidget(self.remember)
        self.body.addWidget(self.message)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        source = self.w.source
        assert source is not None
        mapping, remembered = self.w.mapping, self.w.mapping_remembered
        program = importing.recognise(source.headers)
        notes = []
        if program:
            notes.append(self.tr("Recognised: an export of %1.").replace("%1", program))
        if remembered:
            notes.append(self.tr("The mapping you chose for these columns last time is filled in."))
        self.recognised.setText(" ".join(notes))
        self.recognised.setVisible(bool(notes))
        target_of = {column: target for target, columns in mapping.targets.items() for column in columns}
        first = {}
        for record in self.w.preview:
            for header, cell in zip(source.headers, record.cells, strict=False):
                if cell.strip() and header not in first:
                    first[header] = cell
        self.table.setRowCount(len(source.headers))
        self.combos = []
        for row, header in enumerate(source.headers):
            self.table.setItem(row, 0, _item(header))
            self.table.setItem(row, 1, _item(first.get(header, "")[:80]))
            combo = QComboBox()
            combo.setObjectName(f"mapping_{row}")
            combo.addItem(self.tr("Do not import"), IGNORE)
            for key, label in self.w.targets():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(target_of.get(header, IGNORE)), 0))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 220))
        self.notice_box.clear()
        for text in self.w.notice_texts:
            self.notice_box.addItem(f"{text.title(label_language())} ({text.reference})", text.key)
        if mapping.consent_text:
            self.notice_box.setCurrentIndex(max(self.notice_box.findData(mapping.consent_text), 0))
        self._changed()

    def current_mapping(self) -> importing.Mapping:
        source = self.w.source
        assert source is not None
        targets: dict[str, list[str]] = {}
        for header, combo in zip(source.headers, self.combos, strict=True):
            key = combo.currentData()
            if key:
                targets.setdefault(key, []).append(header)
        consent_text = None
        if any(k.startswith(mapping_mod.CONSENT_PREFIX) for k in targets):
            consent_text = self.notice_box.currentData() or None
        return importing.Mapping(targets, consent_text)

    def _changed(self) -> None:
        mapping = self.current_mapping()
        consented = any(k.startswith(mapping_mod.CONSENT_PREFIX) for k in mapping.targets)
        self.notice_box.setVisible(consented)
        self.notice_caption.setVisible(consented)
        self.message.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.combos) and "name" in self.current_mapping().targets

    def validatePage(self) -> bool:
        mapping = self.current_mapping()
        try:
            mapping_mod.check(self.w.access, mapping, self.w.source.headers)  # type: ignore[union-attr]
        except KnownError as error:
            self.message.show_error(describe(error))
            return False
        self.w.mapping = mapping
        return True


# ----------------------------------------------------------------------------- check


class CheckPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Check the rows"))
        self.intro.setText(
            self.tr(
                "Every row was checked by the same rules as the customer form and compared with the"
                " customers you have. Nothing is imported yet; the rows are shown as they will be stored."
            )
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("checkProgress")
        self.progress.setRange(0, 1000)
        self.counts = QLabel()
        self.counts.setObjectName("checkCounts")
        self.counts.setWordWrap(True)
        self.counts.setFont(style.scaled_font(self.counts, 1.05, bold=True))
        self.table = _table()
        self.table.setObjectName("checkTable")
        self.save_button = QPushButton(self.tr("Save invalid rows…"))
        self.save_button.setObjectName("saveInvalid")
        self.save_button.setToolTip(
            self.tr("A CSV of the rows that cannot be imported, each with its reason: fix them and import it")
        )
        self.message = style.InlineMessage()
        self.message.setObjectName("checkMessage")
        row = QHBoxLayout()
        row.addWidget(self.counts, 1)
        row.addWidget(self.save_button)
        self.body.addWidget(self.progress)
        self.body.addLayout(row)
        self.body.addWidget(self.message)
        self.body.addWidget(self.table, 1)
        self.save_button.clicked.connect(self._save_invalid)
        self.done = False

    def initializePage(self) -> None:
        self.done = False
        self.message.clear()
        self.counts.setText(self.tr("Checking…"))
        self.table.setRowCount(0)
        self.save_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.w.dry_run(self._progress, self._checked)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        self.w.cancel_task()

    def _progress(self, rows: int, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.counts.setText(self.tr("Checking… %1 rows").replace("%1", QLocale().toString(rows)))

    def _checked(self, result: importing.ImportResult | None, error: BaseException | None) -> None:
        self.progress.hide()
        if error is not None:
            self.counts.setText("")
            self.message.show_error(describe(error))
            return
        assert result is not None
        c = result.counts
        locale = QLocale()
        self.counts.setText(
            self.tr("%1 rows: %2 new, %3 duplicates (%4 within the file), %5 invalid")
            .replace("%1", locale.toString(c.rows))
            .replace("%2", locale.toString(c.new))
            .replace("%3", locale.toString(c.duplicate + c.duplicate_in_file))
            .replace("%4", locale.toString(c.duplicate_in_file))
            .replace("%5", locale.toString(c.invalid))
        )
        self.save_button.setEnabled(c.invalid > 0)
        self._fill(result)
        self.done = c.new + c.duplicate + c.duplicate_in_file > 0
        if not self.done:
            self.message.show_error(
                self.tr("No row can be imported. Fix the file, or go back and change the mapping.")
            )
        self.completeChanged.emit()

    def _fill(self, result: importing.ImportResult) -> None:
        fields = [key for key in self.w.mapping.targets if not key.startswith(mapping_mod.CONSENT_PREFIX)]
        labels = dict(self.w.targets())
        # Invalid rows first (they need the person), then the rest in file order.
        outcomes = result.invalid[:200] + [o for o in result.preview if o.status != importing.engine.INVALID]
        self.table.clear()
        self.table.setColumnCount(3 + len(fields))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Result"), self.tr("Problem"), *[labels.get(k, k) for k in fields]]
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setRowCount(len(outcomes))
        for r, outcome in enumerate(outcomes):
            self.table.setItem(r, 0, _item(str(outcome.line)))
            item = _item(self.w.status_text(outcome))
            if outcome.status == importing.engine.INVALID:
                item.setForeground(Qt.GlobalColor.red)
            self.table.setItem(r, 1, item)
            problem = _item(outcome.reason_text())
            problem.setToolTip(outcome.reason_text())
            self.table.setItem(r, 2, problem)
            for c, key in enumerate(fields):
                self.table.setItem(r, 3 + c, _item(outcome.values.get(key) or ""))
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(
                column, min(self.table.columnWidth(column), 260 if column == 2 else 200)
            )

    def _save_invalid(self) -> None:
        source = self.w.source
        assert source is not None
        start = str(source.path.with_name(source.path.stem + "-invalid.csv"))
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the invalid rows"), start, self.tr("CSV files (*.csv)")
        )
        if chosen:
            self.message.show_info(self.tr("Saving…"))
            self.w.save_invalid(Path(chosen), self._saved)

    def _saved(self, path: Path, count: int | None, error: BaseException | None) -> None:
        if error is not None:
            self.message.show_error(describe(error))
        else:
            self.message.show_success(
                self.tr("%1 rows saved to %2 with their reasons: fix them there and import that file.")
                .replace("%1", QLocale().toString(count or 0))
                .replace("%2", _native(path))
            )

    def isComplete(self) -> bool:
        return self.done and not self.w.busy


# ----------------------------------------------------------------------------- duplicates and source


class OptionsPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Duplicates and where the data came from"))
        self.intro.setText(
            self.tr(
                "A row is a duplicate when its phone, e-mail or ID number belongs to a customer you have"
                " (or to an earlier row of the file)."
            )
        )
        self.choices = QButtonGroup(self)
        texts = {
            importing.SKIP: (self.tr("Skip them"), self.tr("Keep the customers as they are.")),
            importing.FILL: (
                self.tr("Fill in empty fields"),
                self.tr("Add what the file knows and the customer lacks; change nothing else."),
            ),
            importing.OVERWRITE: (
                self.tr("Overwrite with the file's values"),
                self.tr("The file's non-empty values replace the customer's (undo puts them back)."),
            ),
            importing.CREATE: (
                self.tr("Add them as new customers anyway"),
                self.tr("You can merge them later (Tools → Merge duplicates)."),
            ),
        }
        self.radios: dict[str, QRadioButton] = {}
        for value, (label, note) in texts.items():
            radio = QRadioButton(label)
            radio.setObjectName(f"duplicate_{value}")
            self.choices.addButton(radio)
            self.radios[value] = radio
            self.body.addWidget(radio)
            box = QHBoxLayout()
            box.addSpacing(24)
            box.addWidget(style.note_label(note), 1)
            self.body.addLayout(box)
        self.radios[importing.SKIP].setChecked(True)
        self.body.addSpacing(style.SPACING * 2)
        self.source_box = QComboBox()
        self.source_box.setObjectName("sourceText")
        self.source_box.setEditable(True)
        self.source_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source_box.addItems(
            [
                "",
                self.tr("Customers' own sign-up forms (consent given)"),
                self.tr("Trade-fair visitor list (visitors consented to being contacted)"),
                self.tr("Our previous customer system (existing customers, contract)"),
                self.tr("Contacts on the shop's phone (existing customers)"),
            ]
        )
        self.source_box.lineEdit().setPlaceholderText(self.tr("e.g. customers' own sign-up forms"))
        form = style.FormGrid()
        form.add_row(self.tr("Where did this data come from, and on what basis?"), QWidget())
        self.body.addLayout(form)
        self.body.addWidget(self.source_box)
        self.body.addWidget(
            style.note_label(
                self.tr(
                    "Kept with the import and on each new customer, as the law on personal information"
                    " asks: you may need to show where a customer's data came from."
                )
            )
        )
        self.body.addStretch(1)
        self.source_box.editTextChanged.connect(lambda _text: self.completeChanged.emit())
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Import"))

    def initializePage(self) -> None:
        self.source_box.setFocus()

    def policy(self) -> str:
        return next(value for value, radio in self.radios.items() if radio.isChecked())

    def source_text(self) -> str:
        return self.source_box.currentText().strip()

    def isComplete(self) -> bool:
        return bool(self.source_text())


# ----------------------------------------------------------------------------- import


class ImportPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Importing"))
        self.intro.setText(
            self.tr(
                "Everything is imported together or not at all: Cancel leaves your customers as they were."
            )
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 1000)
        self.rows_label = QLabel()
        self.rows_label.setObjectName("importRows")
        self.rate_label = QLabel()
        self.rate_label.setObjectName("importRate")
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setObjectName("cancelImport")
        self.message = style.InlineMessage()
        self.message.setObjectName("importMessage")
        row = QHBoxLayout()
        row.addWidget(self.rows_label, 1)
        row.addWidget(self.rate_label)
        self.body.addWidget(self.progress)
        self.body.addLayout(row)
        self.body.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.cancel_button.clicked.connect(self._cancel)
        self.finished_ok = False
        self._started = 0.0

    def initializePage(self) -> None:
        self.finished_ok = False
        self.message.clear()
        self.progress.setValue(0)
        self.rows_label.setText(self.tr("Starting…"))
        self.rate_label.setText("")
        self.cancel_button.setEnabled(True)
        self._started = time.monotonic()
        self.w.run_import(self._progress, self._done)
        self.completeChanged.emit()
        self.w.sync_buttons()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.rows_label.setText(self.tr("Cancelling…"))
        self.w.cancel_task()

    def _progress(self, rows: int, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))
        elapsed = max(time.monotonic() - self._started, 0.001)
        locale = QLocale()
        self.rows_label.setText(self.tr("%1 rows").replace("%1", locale.toString(rows)))
        self.rate_label.setText(self.tr("%1 rows/s").replace("%1", locale.toString(int(rows / elapsed))))

    def _done(self, result: importing.ImportResult | None, error: BaseException | None) -> None:
        self.cancel_button.setEnabled(False)
        if error is not None:
            self.progress.setValue(0)
            self.rows_label.setText("")
            self.rate_label.setText("")
            self.message.show_error(describe(error))
            self.completeChanged.emit()
            self.w.sync_buttons()
            return
        assert result is not None
        self.progress.setValue(1000)
        self.finished_ok = True
        self.completeChanged.emit()
        # On to the summary once this page's own signal handling is over (an inline runner
        # finishes inside initializePage, where QWizard is still switching to this page).
        QTimer.singleShot(0, self.w.next)

    def isComplete(self) -> bool:
        return self.finished_ok

    def cleanupPage(self) -> None:
        self.w.cancel_task()


# ----------------------------------------------------------------------------- summary


class SummaryPage(_Page):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.heading.setText(self.tr("Imported"))
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton(self.tr("Undo this import…"))
        self.undo_button.setObjectName("undoImport")
        self.message = style.InlineMessage()
        self.message.setObjectName("summaryMessage")
        self.body.addWidget(self.summary)
        self.body.addSpacing(style.SPACING)
        self.body.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.undo_button.clicked.connect(self._undo)

    def initializePage(self) -> None:
        result = self.w.result
        assert result is not None
        c = result.counts
        locale = QLocale()
        lines = []
        if result.import_id is None:
            self.heading.setText(self.tr("Nothing imported"))
            lines.append(self.tr("No row was new and none changed a customer."))
            self.undo_button.hide()
        else:
            self.heading.setText(self.tr("Imported"))
            lines.append(
                self.tr("%1 customers added, %2 updated, %3 duplicates skipped, %4 invalid rows left out.")
                .replace("%1", locale.toString(c.created))
                .replace("%2", locale.toString(c.updated))
                .replace("%3", locale.toString(c.skipped))
                .replace("%4", locale.toString(c.invalid))
            )
            if c.restricted:
                lines.append(
                    self.tr(
                        "%1 customers matched were not updated: they asked to restrict the processing of"
                        " their data."
                    ).replace("%1", locale.toString(c.restricted))
                )
            if c.consents:
                lines.append(
                    self.tr("%1 consent decisions recorded (channel: imported).").replace(
                        "%1", locale.toString(c.consents)
                    )
                )
            if c.consents_minors:
                lines.append(
                    self.tr(
                        "Consent not recorded for %1 customers under 14: a guardian must decide."
                    ).replace("%1", locale.toString(c.consents_minors))
                )
            lines.append(
                self.tr("%1 rows in %2 s (%3 rows/s).")
                .replace("%1", locale.toString(c.rows))
                .replace("%2", locale.toString(result.seconds, "f", 1))
                .replace("%3", locale.toString(int(result.rows_per_second)))
            )
            lines.append(
                self.tr("This is import no. %1. You can undo it here or later from File → Imports….").replace(
                    "%1", str(result.import_id)
                )
            )
            self.undo_button.show()
            self.undo_button.setEnabled(True)
        self.summary.setText("\n\n".join(lines))

    def _undo(self) -> None:
        result = self.w.result
        if result is None or result.import_id is None:
            return
        if not confirm_undo(self, result.import_id):
            return
        self.undo_button.setEnabled(False)
        self.w.undo(result.import_id, self._undone)

    def _undone(self, outcome: importing.UndoResult | None, error: BaseException | None) -> None:
        if error is not None:
            self.undo_button.setEnabled(True)
            self.message.show_error(describe(error))
            return
        assert outcome is not None
        self.message.show_success(undo_text(outcome))


def confirm_undo(parent: QWidget, import_id: int) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("ImportUndo", "Undo import"),
        QCoreApplication.translate(
            "ImportUndo",
            "Undo import no. %1? The customers it added are removed and the values it replaced are put"
            " back, except where someone changed them since.",
        ).replace("%1", str(import_id)),
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("confirmUndo")
    undo = box.addButton(
        QCoreApplication.translate("ImportUndo", "Undo import"), QMessageBox.ButtonRole.AcceptRole
    )
    box.setDefaultButton(undo)
    box.exec()
    return box.clickedButton() is undo


def undo_text(outcome: importing.UndoResult) -> str:
    locale = QLocale()
    return (
        QCoreApplication.translate(
            "ImportUndo",
            "Undone: %1 customers removed, %2 values restored, %3 kept because they were changed since.",
        )
        .replace("%1", locale.toString(outcome.removed))
        .replace("%2", locale.toString(outcome.restored))
        .replace("%3", locale.toString(outcome.kept))
    )


# ----------------------------------------------------------------------------- the wizard


class ImportWizard(QWizard):
    """Emits ``imported(import_id)`` after a commit and ``undone(import_id)`` after an undo,
    so the customer list can be read again."""

    imported = Signal(int)
    undone = Signal(int)

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import customers"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self._vault = vault
        self._runner = runner
        self.access = access_for(vault, vault.actor)
        self.source: Source | None = None
        self.preview: list[Record] = []
        self.mapping = importing.Mapping()
        self.mapping_remembered = False
        self.result: importing.ImportResult | None = None
        self.notice_texts = (
            consent.list_texts(vault, vault.actor) if self.access.allows("record_consent") else []
        )
        self.busy = False
        self._task: Task | None = None
        self._close_when_done = False
        self._generation = 0
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.options_page = OptionsPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for number, page in enumerate(
            (
                self.file_page,
                self.preview_page,
                self.mapping_page,
                self.check_page,
                self.options_page,
                self.import_page,
                self.summary_page,
            )
        ):
            self.setPage(number, page)
        self.resize(860, 640)
        self.enter_key = PrimaryButton(self, None)
        self.currentIdChanged.connect(lambda _id: self.sync_buttons())

    # --- what the pages show

    def describe_source(self) -> str:
        source = self.source
        assert source is not None
        columns = self.tr("%n column(s)", "", len(source.headers))
        if source.kind == "xlsx":
            return self.tr("Excel workbook, sheet %1, %2").replace("%1", source.sheet).replace("%2", columns)
        if source.kind == "vcard":
            return self.tr("Contacts (vCard), %1").replace(
                "%1", enc.ENCODING_LABELS.get(source.encoding, source.encoding)
            )
        return (
            self.tr("Text table (CSV), %1, %2")
            .replace("%1", enc.ENCODING_LABELS.get(source.encoding, source.encoding))
            .replace("%2", columns)
        )

    def targets(self) -> list[tuple[str, str]]:
        """(key, label) of every target the role may map to: writable active fields, then consent."""
        language = label_language()
        found = [
            (f.key, f.label(language)) for f in self.access.catalogue.active() if self.access.can_write(f.key)
        ]
        if self.access.allows("record_consent") and self.notice_texts:
            covered = sorted({p for t in self.notice_texts for p in t.purposes})
            for purpose in covered:
                found.append(
                    (
                        mapping_mod.CONSENT_PREFIX + purpose,
                        self.tr("Consent: %1").replace("%1", consent.purpose_label(purpose, language)),
                    )
                )
        return found

    def status_text(self, outcome: importing.RowOutcome) -> str:
        if outcome.status == importing.engine.INVALID:
            return self.tr("Invalid")
        if outcome.status == importing.engine.NEW:
            return self.tr("New")
        if outcome.in_file:
            return self.tr("Duplicate in the file")
        return self.tr("Duplicate of no. %1").replace("%1", ", ".join(str(i) for i in outcome.matches[:3]))

    # --- work on the runner

    def _start(self, fn, on_result, on_error, on_progress=None) -> None:
        """Run ``fn`` on the runner. Only the newest task's outcome is delivered: a task started
        before it (the file re-read with the encoding before, a check the person left by going
        back, which was cancelled) finishes unheard."""
        self._generation += 1
        generation = self._generation
        self.busy = True
        self.sync_buttons()

        def finished_ok(value: Any) -> None:
            if generation != self._generation:
                return
            self.busy = False
            self._task = None
            on_result(value)
            self._after_task()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self.busy = False
            self._task = None
            on_error(error)
            self._after_task()

        self._task = self._runner.run(
            fn,
            on_result=finished_ok,
            on_error=failed,
            on_progress=on_progress,
            vault=self._vault,
            parent=self,
        )

    def _after_task(self) -> None:
        if self._close_when_done:
            super().reject()
            return
        self.sync_buttons()
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def sync_buttons(self) -> None:
        """Back and Cancel are not offered while the import itself runs (its page has its own)."""
        running_import = self.busy and self.currentId() == PAGE_IMPORT
        self.button(QWizard.WizardButton.BackButton).setEnabled(
            not running_import
            and not (self.currentId() == PAGE_IMPORT and self.import_page.finished_ok)
            and self.currentId() > 0
        )

    def open_file(self, path: str, options: dict[str, Any], done) -> None:
        def work(_task: Task) -> tuple[Source, list[Record], importing.Mapping, bool]:
            source = importing.open_source(path, **options)
            preview = source.preview(PREVIEW_ROWS)
            mapping, remembered = importing.mapping_for(self._vault, self._vault.actor, source.headers)
            return source, preview, mapping, remembered

        def opened(value) -> None:
            self.source, self.preview, self.mapping, self.mapping_remembered = value
            done(path, None)

        def failed(error: BaseException) -> None:
            if not isinstance(error, KnownError | OSError):
                show_error(self, error)
            done(path, error)

        self._start(work, opened, failed)

    def dry_run(self, progress, done) -> None:
        source, mapping = self.source, self.mapping

        def work(task: Task) -> importing.ImportResult:
            return importing.run(
                self._vault,
                self._vault.actor,
                source,
                mapping,
                dry_run=True,
                progress=lambda rows, fraction: task.progress(rows, 1000, str(fraction)),
                cancelled=lambda: task.cancelled,
            )

        self._start(
            work,
            lambda result: done(result, None),
            lambda error: done(None, error),
            lambda rows, _total, fraction: progress(rows, float(fraction)),
        )

    def run_import(self, progress, done) -> None:
        source, mapping = self.source, self.mapping
        policy, source_text = self.options_page.policy(), self.options_page.source_text()
        remember = self.mapping_page.remember.isChecked()

        def work(task: Task) -> importing.ImportResult:
            if remember:
                mapping_mod.save(self._vault, self._vault.actor, source.headers, mapping)
            return importing.run(
                self._vault,
                self._vault.actor,
                source,
                mapping,
                on_duplicate=policy,
                source_text=source_text,
                progress=lambda rows, fraction: task.progress(rows, 1000, str(fraction)),
                cancelled=lambda: task.cancelled,
            )

        def finished(result: importing.ImportResult) -> None:
            self.result = result
            if result.import_id is not None:
                self.imported.emit(result.import_id)
            done(result, None)

        self._start(
            work, finished, lambda error: done(None, error), lambda rows, _t, f: progress(rows, float(f))
        )

    def save_invalid(self, path: Path, done) -> None:
        source, mapping = self.source, self.mapping
        self._start(
            lambda _task: importing.write_invalid_rows(self._vault, self._vault.actor, source, mapping, path),
            lambda count: done(path, count, None),
            lambda error: done(path, None, error),
        )

    def undo(self, import_id: int, done) -> None:
        def finished(outcome: importing.UndoResult) -> None:
            self.undone.emit(import_id)
            done(outcome, None)

        self._start(
            lambda _task: importing.undo(self._vault, self._vault.actor, import_id),
            finished,
            lambda error: done(None, error),
        )

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def reject(self) -> None:
        """Closing while work runs cancels it (an import rolls back) and closes once it stopped."""
        if self.busy:
            self._close_when_done = True
            self.cancel_task()
            return
        super().reject()


# ----------------------------------------------------------------------------- File → Imports…


class ImportsDialog(QDialog):
    """The committed imports, newest first, and undoing one. Emits ``undone(import_id)``."""

    undone = Signal(int)

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importsDialog")
        self.setWindowTitle(self.tr("Imports"))
        self._vault = vault
        self._runner = runner
        self._busy = False
        self.list = QTreeWidget()
        self.list.setObjectName("importList")
        self.list.setRootIsDecorated(False)
        self.list.setAllColumnsShowFocus(True)
        self.list.setHeaderLabels(
            [
                self.tr("No."),
                self.tr("When"),
                self.tr("By"),
                self.tr("File"),
                self.tr("Added"),
                self.tr("Updated"),
                self.tr("Source"),
                self.tr("State"),
            ]
        )
        self.message = style.InlineMessage()
        self.message.setObjectName("importsMessage")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = QPushButton(self.tr("Undo import…"))
        self.undo_button.setObjectName("undoImportButton")
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self._undo)
        self.list.currentItemChanged.connect(lambda *_: self._update())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(style.note_label(self.tr("Every import, who ran it, from which file and source.")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(860, 420)
        self.enter_key = PrimaryButton(self, None)
        self.records: list[importing.ImportRecord] = []
        self.refresh()

    def refresh(self) -> None:
        self._busy = True
        self._update()
        self._runner.run(
            lambda _task: importing.list_imports(self._vault, self._vault.actor),
            on_result=self._listed,
            on_error=self._failed,
            vault=self._vault,
            parent=self,
        )

    def _listed(self, records: list[importing.ImportRecord]) -> None:
        self._busy = False
        self.records = records
        self.list.clear()
        locale = QLocale()
        for record in records:
            state = (
                self.tr("Undone %1 by %2")
                .replace("%1", format_moment(record.undone_at))
                .replace("%2", record.undone_by or "")
                if record.undone_at
                else ""
            )
            item = QTreeWidgetItem(
                [
                    str(record.id),
                    format_moment(record.at),
                    record.user,
                    record.file_name,
                    locale.toString(record.counts.get("created", 0)),
                    locale.toString(record.counts.get("updated", 0)),
                    record.source,
                    state,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        if records:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        else:
            self.message.show_info(self.tr("No imports yet."))
        self._update()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.show_error(describe(error))
        self._update()

    def _selected(self) -> importing.ImportRecord | None:
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = item.data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.records if r.id == wanted), None)

    def _update(self) -> None:
        record = self._selected()
        self.undo_button.setEnabled(not self._busy and record is not None and not record.undone_at)

    def _undo(self) -> None:
        record = self._selected()
        if record is None or record.undone_at or not confirm_undo(self, record.id):
            return
        self._busy = True
        self._update()
        self._runner.run(
            lambda _task: importing.undo(self._vault, self._vault.actor, record.id),
            on_result=self._undone,
            on_error=self._failed,
            vault=self._vault,
            parent=self,
        )

    def _undone(self, outcome: importing.UndoResult) -> None:
        self.message.show_success(undo_text(outcome))
        self.undone.emit(outcome.import_id)
        self.refresh()
