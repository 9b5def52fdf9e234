"""Tools → Notice texts…: the consent notices (告知同意书), their versions, and writing new ones.

A notice is never edited in place (app/consent.py): "New version…" starts from the latest
version and saves the next one; every older version stays readable here, and "Changes" shows
what changed between any two, additions in green and removals in red (``consent.diff``).

While a text is written, the PIPL Art. 17 check of the core (``consent.check_contents``) runs
as the person types and lists what is still missing — a section left empty, a 【…】 still to
fill in, a business section without a phone number or e-mail — so Save is offered only for a
complete notice; the core checks again when it saves. Saving runs on the task runner.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import consent
from app.errors import KnownError
from ui.consent_record import ERROR_STYLE, error_text
from ui.customer_model import label_language
from ui.dates import format_moment
from ui.messages import show_error

CHECK_DELAY_MS = 150
OK_STYLE = "QLabel { color: #1e7b34; font-weight: bold; }"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def diff_html(lines: list[str]) -> str:
    """A unified diff as HTML: added lines green, removed lines red, headers grey."""
    rows = []
    for line in lines:
        text = html.escape(line) or "&nbsp;"
        if line.startswith(("+++", "---")):
            style = "color:#5f6368;"
        elif line.startswith("@@"):
            style = "color:#1a73e8;background:#eef3fd;"
        elif line.startswith("+"):
            style = "color:#0d5223;background:#e6f4ea;"
        elif line.startswith("-"):
            style = "color:#8c1d18;background:#fce8e6;text-decoration:line-through;"
        else:
            style = ""
        rows.append(f'<div style="white-space:pre-wrap;{style}">{text}</div>')
    return '<div style="font-family:monospace;">' + "".join(rows) + "</div>"


class NoticeTextsDialog(QDialog):
    """The list of texts and versions, a reader, a comparison, and the writer."""

    def __init__(self, vault: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeTextsDialog")
        self.setWindowTitle(self.tr("Notice texts"))
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._language = label_language()
        self._saving = False
        self._editing_key: str | None = None  # None: a new text
        self._base: consent.TextVersion | None = None  # what a new version starts from
        self._texts: dict[str, list[consent.TextVersion]] = {}
        self._written: dict[tuple[str, str], str] = {}  # typed section text, kept across purposes
        self._writer_start: tuple = ()
        self.section_edits: dict[tuple[str, str], QPlainTextEdit] = {}
        self.missing: list[consent.Missing] = []
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_check)
        self._build()
        self.reload()
        self.resize(1080, 760)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setObjectName("noticeTree")
        self.tree.setHeaderLabels([self.tr("Notice"), self.tr("Written")])
        self.tree.setColumnWidth(0, 250)
        self.tree.currentItemChanged.connect(self._item_changed)
        self.new_text_button = QPushButton(self.tr("New text…"))
        self.new_text_button.setObjectName("newTextButton")
        self.new_text_button.clicked.connect(self.start_new_text)
        self.new_version_button = QPushButton(self.tr("New version…"))
        self.new_version_button.setObjectName("newVersionButton")
        self.new_version_button.clicked.connect(self.start_new_version)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_text_button)
        row.addWidget(self.new_version_button)
        left_layout.addLayout(row)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_reader())
        self.pages.addWidget(self._build_writer())

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 660])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _build_reader(self) -> QWidget:
        page = QWidget()
        self.info_label = QLabel()
        self.info_label.setObjectName("noticeInfo")
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_language = QComboBox()
        self.read_language.setObjectName("readLanguage")
        for lang in consent.LANGUAGES:
            self.read_language.addItem(LANGUAGE_NAMES[lang], lang)
        if self._language == "en":
            self.read_language.setCurrentIndex(1)
        self.read_language.currentIndexChanged.connect(self._show_reading)
        self.reader = QTextBrowser()
        self.reader.setObjectName("noticeReader")

        self.diff_from = QComboBox()
        self.diff_from.setObjectName("diffFrom")
        self.diff_to = QComboBox()
        self.diff_to.setObjectName("diffTo")
        for combo in (self.diff_from, self.diff_to):
            combo.currentIndexChanged.connect(self._show_diff)
        self.diff_view = QTextBrowser()
        self.diff_view.setObjectName("diffView")
        compare = QWidget()
        compare_layout = QVBoxLayout(compare)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("From")))
        choose.addWidget(self.diff_from)
        choose.addWidget(QLabel(self.tr("to")))
        choose.addWidget(self.diff_to)
        choose.addStretch(1)
        compare_layout.addLayout(choose)
        compare_layout.addWidget(self.diff_view, 1)

        self.read_tabs = QTabWidget()
        self.read_tabs.setObjectName("readTabs")
        self.read_tabs.addTab(self.reader, self.tr("Text"))
        self.read_tabs.addTab(compare, self.tr("Changes"))
        top = QHBoxLayout()
        top.addWidget(self.info_label, 1)
        top.addWidget(QLabel(self.tr("Language:")))
        top.addWidget(self.read_language)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.read_tabs, 1)
        return page

    def _build_writer(self) -> QWidget:
        page = QWidget()
        self.writer_title = QLabel()
        self.writer_title.setObjectName("writerTitle")
        font = self.writer_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.writer_title.setFont(font)
        self.error_label = QLabel()
        self.error_label.setObjectName("noticeError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("noticeKey")
        self.key_edit.setPlaceholderText(self.tr("e.g. marketing-2027 (lower-case letters, digits, -)"))
        self.title_zh = QLineEdit()
        self.title_zh.setObjectName("titleZh")
        self.title_en = QLineEdit()
        self.title_en.setObjectName("titleEn")
        self.purpose_checks: dict[str, QCheckBox] = {}
        purposes = QWidget()
        grid = QGridLayout(purposes)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, purpose in enumerate(consent.PURPOSES):
            check = QCheckBox(consent.purpose_label(purpose, self._language))
            check.setObjectName(f"purpose_{purpose}")
            check.toggled.connect(self._shape_changed)
            grid.addWidget(check, index // 4, index % 4)
            self.purpose_checks[purpose] = check
        self.partner_edit = QLineEdit()
        self.partner_edit.setObjectName("partner")
        self.partner_edit.setPlaceholderText(self.tr("The partner's name (for sharing)"))
        self.partner_edit.textChanged.connect(self._schedule_check)
        self.minors_check = QCheckBox(self.tr("Also for children under 14 (guardian consent)"))
        self.minors_check.setObjectName("minors")
        self.minors_check.toggled.connect(self._shape_changed)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("versionNote")
        self.note_edit.setPlaceholderText(self.tr("Why this version (kept with it)"))
        for edit in (self.key_edit, self.title_zh, self.title_en):
            edit.textChanged.connect(self._schedule_check)
        form = QFormLayout()
        form.addRow(self.tr("Key:"), self.key_edit)
        form.addRow(self.tr("Title (Chinese):"), self.title_zh)
        form.addRow(self.tr("Title (English):"), self.title_en)
        form.addRow(self.tr("Purposes:"), purposes)
        form.addRow(self.tr("Partner:"), self.partner_edit)
        form.addRow("", self.minors_check)
        form.addRow(self.tr("Note:"), self.note_edit)

        self.section_tabs = QTabWidget()
        self.section_tabs.setObjectName("sectionTabs")
        self.section_forms: dict[str, QFormLayout] = {}
        for lang in consent.LANGUAGES:
            holder = QWidget()
            self.section_forms[lang] = QFormLayout(holder)
            self.section_forms[lang].setLabelAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
            )
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(holder)
            self.section_tabs.addTab(scroll, LANGUAGE_NAMES[lang])
        if self._language == "en":
            self.section_tabs.setCurrentIndex(1)

        self.starter_button = QPushButton(self.tr("Fill empty sections with a draft"))
        self.starter_button.setObjectName("starterButton")
        self.starter_button.setAutoDefault(False)
        self.starter_button.clicked.connect(self.fill_starter)

        self.check_box = QGroupBox(self.tr("PIPL Art. 17 check"))
        self.check_state = QLabel()
        self.check_state.setObjectName("checkState")
        self.check_state.setWordWrap(True)
        self.missing_list = QListWidget()
        self.missing_list.setObjectName("missingList")
        self.missing_list.setMaximumHeight(130)
        check_layout = QVBoxLayout(self.check_box)
        check_layout.addWidget(self.check_state)
        check_layout.addWidget(self.missing_list)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveNoticeButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelNoticeButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_writing)
        bottom = QHBoxLayout()
        bottom.addWidget(self.starter_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(page)
        layout.addWidget(self.writer_title)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(self.section_tabs, 1)
        layout.addWidget(self.check_box)
        layout.addLayout(bottom)
        return page

    # ------------------------------------------------------------------ reading

    def reload(self, select: tuple[str, int] | None = None) -> None:
        self._texts = {
            t.key: consent.versions(self._vault, self._actor, t.key)
            for t in consent.list_texts(self._vault, self._actor)
        }
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for key, found in self._texts.items():
            latest = found[-1]
            top = QTreeWidgetItem([f"{latest.title(self._language)}  ({key})", ""])
            top.setData(0, Qt.ItemDataRole.UserRole, latest)
            for notice in reversed(found):
                label = self.tr("Version %1").replace("%1", str(notice.version))
                if notice is latest:
                    label = self.tr("Version %1 (current)").replace("%1", str(notice.version))
                child = QTreeWidgetItem([label, format_moment(notice.created_at) + "  " + notice.created_by])
                child.setData(0, Qt.ItemDataRole.UserRole, notice)
                if notice.note:
                    child.setToolTip(0, notice.note)
                top.addChild(child)
                if select == (key, notice.version):
                    chosen = child
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if chosen is None and self.tree.topLevelItemCount():
            chosen = self.tree.topLevelItem(0).child(0)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        else:
            self._item_changed(None, None)

    def current_notice(self) -> consent.TextVersion | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_version(self, key: str, version: int) -> None:
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            for child_index in range(top.childCount()):
                notice = top.child(child_index).data(0, Qt.ItemDataRole.UserRole)
                if notice.key == key and notice.version == version:
                    self.tree.setCurrentItem(top.child(child_index))
                    return

    def _item_changed(self, *_args: object) -> None:
        notice = self.current_notice()
        self.new_version_button.setEnabled(notice is not None and self.pages.currentIndex() == 0)
        for combo in (self.diff_from, self.diff_to):
            combo.blockSignals(True)
            combo.clear()
        if notice is None:
            self.info_label.setText(self.tr("No notice text yet: New text… writes the first one."))
            self.reader.clear()
            self.diff_view.clear()
            for combo in (self.diff_from, self.diff_to):
                combo.blockSignals(False)
            return
        found = self._texts.get(notice.key, [notice])
        for version in found:
            for combo in (self.diff_from, self.diff_to):
                combo.addItem(self.tr("v%1").replace("%1", str(version.version)), version)
        # Compare the version shown with the one before it (or itself when it is the first).
        index = next(i for i, v in enumerate(found) if v.version == notice.version)
        self.diff_to.setCurrentIndex(index)
        self.diff_from.setCurrentIndex(max(0, index - 1))
        for combo in (self.diff_from, self.diff_to):
            combo.blockSignals(False)
        purposes = ", ".join(
            consent.purpose_label(p, self._language, notice.partner) for p in notice.purposes
        )
        self.info_label.setText(
            self.tr("%1 · version %2 · %3\nPurposes: %4\nSHA-256: %5")
            .replace("%1", notice.key)
            .replace("%2", str(notice.version))
            .replace("%3", format_moment(notice.created_at) + " " + notice.created_by)
            .replace("%4", purposes)
            .replace("%5", notice.sha256)
        )
        self._show_reading()
        self._show_diff()

    def reading_language(self, notice: consent.TextVersion) -> str:
        lang = self.read_language.currentData()
        return lang if lang in notice.languages else notice.languages[0]

    def _show_reading(self, *_args: object) -> None:
        notice = self.current_notice()
        if notice is not None:
            self.reader.setPlainText(notice.text(self.reading_language(notice)))
            self._show_diff()

    def _show_diff(self, *_args: object) -> None:
        old, new = self.diff_from.currentData(), self.diff_to.currentData()
        if old is None or new is None:
            self.diff_view.clear()
            return
        if old.version == new.version:
            self.diff_view.setPlainText(self.tr("Choose two different versions to see what changed."))
            return
        old, new = sorted((old, new), key=lambda v: v.version)
        lang = self.read_language.currentData()
        lines = consent.diff(old, new, lang)
        if not lines:
            self.diff_view.setPlainText(self.tr("The text in this language is the same in both versions."))
            return
        self.diff_view.setHtml(diff_html(lines))

    def diff_lines(self) -> list[str]:
        """The diff shown, as text lines (for tests)."""
        return self.diff_view.toPlainText().splitlines()

    # ------------------------------------------------------------------ writing

    def start_new_text(self) -> None:
        if not self._leave_writer():
            return
        self._editing_key, self._base = None, None
        self._written.clear()
        self.key_edit.setEnabled(True)
        self.key_edit.clear()
        self.title_zh.clear()
        self.title_en.clear()
        self.partner_edit.clear()
        self.note_edit.clear()
        for check in self.purpose_checks.values():
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.minors_check.blockSignals(True)
        self.minors_check.setChecked(False)
        self.minors_check.blockSignals(False)
        self.writer_title.setText(self.tr("New notice text"))
        self._open_writer()
        self.key_edit.setFocus()

    def start_new_version(self) -> None:
        notice = self.current_notice()
        if notice is None or not self._leave_writer():
            return
        latest = self._texts[notice.key][-1]
        self._editing_key, self._base = latest.key, latest
        self._written = {
            (lang, key): text for lang, parts in latest.sections.items() for key, text in parts.items()
        }
        self.key_edit.setText(latest.key)
        self.key_edit.setEnabled(False)
        self.title_zh.setText(latest.title_zh)
        self.title_en.setText(latest.title_en)
        self.partner_edit.setText(latest.partner)
        self.note_edit.clear()
        for purpose, check in self.purpose_checks.items():
            check.blockSignals(True)
            check.setChecked(purpose in latest.purposes)
            check.blockSignals(False)
        self.minors_check.blockSignals(True)
        self.minors_check.setChecked(latest.minors)
        self.minors_check.blockSignals(False)
        self.writer_title.setText(
            self.tr("New version %1 of %2 (version %3 stays as it is)")
            .replace("%1", str(latest.version + 1))
            .replace("%2", latest.key)
            .replace("%3", str(latest.version))
        )
        self._open_writer()
        self.note_edit.setFocus()

    def _open_writer(self) -> None:
        self.error_label.hide()
        self._rebuild_sections()
        self.pages.setCurrentIndex(1)
        self.tree.setEnabled(False)
        self.new_text_button.setEnabled(False)
        self.new_version_button.setEnabled(False)
        self.save_button.setDefault(True)
        self._writer_start = self._writer_state()
        self.run_check()

    def chosen_purposes(self) -> list[str]:
        return [p for p, check in self.purpose_checks.items() if check.isChecked()]

    def _shape_changed(self, *_args: object) -> None:
        self.partner_edit.setEnabled(consent.SHARING in self.chosen_purposes())
        self._rebuild_sections()
        self._schedule_check()

    def _rebuild_sections(self) -> None:
        """One box per section the chosen purposes need, per language; typed text is kept."""
        for (lang, key), edit in self.section_edits.items():
            self._written[(lang, key)] = edit.toPlainText()
        self.section_edits.clear()
        required = consent.required_sections(self.chosen_purposes(), self.minors_check.isChecked())
        index = 0 if self._language == "zh" else 1
        for lang, form in self.section_forms.items():
            while form.rowCount():
                form.removeRow(0)
            for key in required:
                edit = QPlainTextEdit()
                edit.setObjectName(f"section_{lang}_{key}")
                edit.setTabChangesFocus(True)
                edit.setPlainText(self._written.get((lang, key), ""))
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 14)
                edit.textChanged.connect(self._schedule_check)
                label = QLabel(consent.SECTION_LABELS[key][index])
                label.setWordWrap(True)
                label.setMaximumWidth(200)
                form.addRow(label, edit)
                self.section_edits[(lang, key)] = edit
        self.partner_edit.setEnabled(consent.SHARING in self.chosen_purposes())

    def sections(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {lang: {} for lang in consent.LANGUAGES}
        for (lang, key), edit in self.section_edits.items():
            out[lang][key] = edit.toPlainText()
        return out

    def section_edit(self, language: str, key: str) -> QPlainTextEdit:
        return self.section_edits[(language, key)]

    def fill_starter(self) -> None:
        """Put the core's draft into every empty section; what only the business can say stays
        as 【…】 for the check to point at."""
        purposes = self.chosen_purposes()
        if not purposes:
            self._show_error(self.tr("Tick the purposes this notice covers first."))
            return
        business = self._vault.business_name
        for lang in consent.LANGUAGES:
            drafts = consent.starter_sections(
                purposes,
                lang,
                minors=self.minors_check.isChecked(),
                business=business,
                partner=self.partner_edit.text().strip(),
            )
            for key, text in drafts.items():
                edit = self.section_edits.get((lang, key))
                if edit is not None and not edit.toPlainText().strip():
                    edit.setPlainText(text)
        self.run_check()

    def _schedule_check(self, *_args: object) -> None:
        self._check_timer.start()

    def run_check(self) -> None:
        """The core's Art. 17 check over what is typed now; Save only for a complete notice."""
        self._check_timer.stop()
        purposes = self.chosen_purposes()
        self.missing_list.clear()
        if not purposes:
            self.missing = []
            self.check_state.setText(self.tr("Tick the purposes this notice covers."))
            self.check_state.setStyleSheet("")
            self.missing_list.hide()
            self.save_button.setEnabled(False)
            return
        self.missing = consent.check_contents(
            purposes, self.sections(), partner=self.partner_edit.text(), minors=self.minors_check.isChecked()
        )
        if self.missing:
            self.check_state.setText(self.tr("Still missing before this notice can be saved:"))
            self.check_state.setStyleSheet("color: #b3261e;")
            for item in self.missing:
                prefix = f"{LANGUAGE_NAMES[item.language]}: " if item.language else ""
                self.missing_list.addItem(prefix + self.missing_text(item))
            self.missing_list.show()
        else:
            self.check_state.setText(self.tr("✔ Everything PIPL Art. 17 asks of this notice is there."))
            self.check_state.setStyleSheet(OK_STYLE)
            self.missing_list.hide()
        self.save_button.setEnabled(not self.missing and not self._saving)

    def missing_text(self, item: consent.Missing) -> str:
        """The core's finding in the UI's language, with the section named as the writer sees it."""
        zh, en = consent.SECTION_LABELS.get(item.section, (item.section, item.section))
        label = zh if self._language == "zh" else en
        return {
            "empty": self.tr("Missing: %1"),
            "placeholder": self.tr("%1 still holds text to fill in (【…】)"),
            "no_contact": self.tr("%1 gives no phone number or e-mail address"),
            "no_partner": self.tr("Name the partner the information is shared with"),
            "no_language": self.tr("The notice needs its text in Chinese or English"),
        }.get(item.problem, item.reason).replace("%1", label)

    def missing_items(self) -> list[str]:
        return [self.missing_list.item(i).text() for i in range(self.missing_list.count())]

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def save(self) -> None:
        self.run_check()
        if self._saving or self.missing or self.pages.currentIndex() != 1:
            return
        vault, actor, key = self._vault, self._actor, self.key_edit.text()
        values = dict(
            sections=self.sections(),
            purposes=self.chosen_purposes(),
            title_zh=self.title_zh.text(),
            title_en=self.title_en.text(),
            partner=self.partner_edit.text() if consent.SHARING in self.chosen_purposes() else "",
            minors=self.minors_check.isChecked(),
            note=self.note_edit.text(),
        )
        adding = self._editing_key is None

        def store(_task: Any) -> consent.TextVersion:
            if adding:
                return consent.add_text(vault, actor, key, **values)
            return consent.new_version(vault, actor, key, **values)

        self._saving = True
        self.save_button.setEnabled(False)
        self.error_label.hide()
        self._runner.run(store, on_result=self._saved, on_error=self._failed, vault=vault, parent=self)

    def _saved(self, notice: consent.TextVersion) -> None:
        self._saving = False
        self._close_writer()
        self.reload(select=(notice.key, notice.version))

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, KnownError):
            show_error(self, error)
            return
        self._show_error(self.tr("Nothing was saved. %1").replace("%1", error_text(error)))

    def _close_writer(self) -> None:
        self.pages.setCurrentIndex(0)
        self.tree.setEnabled(True)
        self.new_text_button.setEnabled(True)
        self._written.clear()
        for edit in self.section_edits.values():
            edit.textChanged.disconnect(self._schedule_check)
        self.section_edits.clear()
        self._item_changed()
        self.tree.setFocus()

    def _writer_state(self) -> tuple:
        return (
            self.key_edit.text(),
            self.title_zh.text(),
            self.title_en.text(),
            tuple(self.chosen_purposes()),
            self.partner_edit.text(),
            self.minors_check.isChecked(),
            self.note_edit.text(),
            sorted(
                (k, v)
                for k, v in {
                    **self._written,
                    **{k: e.toPlainText() for k, e in self.section_edits.items()},
                }.items()
            ),
        )

    def _writer_dirty(self) -> bool:
        return self.pages.currentIndex() == 1 and self._writer_state() != self._writer_start

    def _leave_writer(self) -> bool:
        """Whether the writer may be left; asks when it holds unsaved text."""
        if self._saving:
            return False
        if self.pages.currentIndex() != 1:
            return True
        if self._writer_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Discard this text?"),
                self.tr("The notice text being written was not saved. Discard it?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer not in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes):
                return False
        self._close_writer()
        return True

    def cancel_writing(self) -> None:
        self._leave_writer()

    def reject(self) -> None:
        # Escape while writing goes back to the list (asking first); from the list it closes.
        if self.pages.currentIndex() == 1:
            self._leave_writer()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.pages.currentIndex() == 1 and not self._leave_writer():
            event.ignore()
            return
        super().closeEvent(event)
