"""Record consent: the dialog staff fill in with the customer, and the small withdrawal dialog.

Everything a record needs is asked here and nothing is decided here: the notice and version
(the current one unless another is chosen — an old paper form may cite an older one), the
customer's decision per purpose (the separate consents of PIPL Art. 29 and 23 in their own box),
the channel and its evidence (the signature pad, a scan or photo, or a witness), a re-consent
date, and for a child under 14 the guardian. Whether the customer is a minor is the core's
answer (``consent.guardian_until``); whether the input is acceptable is the core's check when
``consent.record`` runs on the task runner. A refusal is shown as one message at the top and
the dialog keeps everything entered: the core writes all records or none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import consent
from app.errors import KnownError, ValidationError
from ui.customer_model import label_language
from ui.enter_key import PrimaryButton
from ui.messages import describe, show_error, translate_core
from ui.signature_pad import SignaturePad

ERROR_STYLE = "QLabel { color: #b3261e; background: #fdecea; padding: 10px 16px; }"
NOTE_STYLE = "QLabel { color: #7a4f01; background: #fff4e0; padding: 8px 12px; border-radius: 4px; }"
# The order the channel list shows: the ones used at a counter first.
CHANNEL_ORDER = ("signature", "paper", "verbal", "phone", "electronic", "imported")
MAX_ATTACHMENT_MB = consent.MAX_ATTACHMENT_BYTES // (1024 * 1024)


def channel_label(channel: str, language: str | None = None) -> str:
    zh, en = consent.CHANNELS.get(channel, (channel, channel))
    return zh if (language or label_language()) == "zh" else en


def error_text(error: BaseException, names: dict[str, str] | None = None) -> str:
    """A core refusal as sentences; a message that does not say which box it is about
    ("required", "at most 100 characters") is prefixed with that box's name from ``names``."""
    if isinstance(error, ValidationError):
        parts = []
        for key, message in error.errors.items():
            text = translate_core(str(message))
            if not text.endswith((".", "。")):
                text += "。" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "."
            text = text[:1].upper() + text[1:]
            if names and key in names and (message == "required" or str(message).startswith("at most")):
                text = f"{names[key]}: {text[:1].lower() + text[1:]}"
            parts.append(text)
        return " ".join(parts)
    return describe(error)


class RecordConsentDialog(QDialog):
    """One customer's decisions on one notice version, with evidence. ``recorded(records)`` after
    the core stored them; the dialog then closes."""

    recorded = Signal(list)  # [consent.ConsentRecord]

    def __init__(
        self,
        vault: Any,
        runner: Any,
        customer_id: int,
        customer_name: str,
        parent: QWidget | None = None,
        *,
        text_key: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordConsentDialog")
        self._vault = vault
        self._runner = runner
        self._actor = vault.actor
        self._customer_id = customer_id
        self._language = label_language()
        self._busy = False
        self._attachment: bytes | None = None
        self._attachment_name = ""
        self.decisions: dict[str, QComboBox] = {}
        self.setWindowTitle(self.tr("Record consent — %1").replace("%1", customer_name))
        self._texts = consent.list_texts(vault, self._actor)
        self._minor_until = consent.guardian_until(vault, self._actor, customer_id)
        self._build(customer_name)
        if text_key is not None and self.text_combo.findData(text_key) >= 0:
            self.text_combo.setCurrentIndex(self.text_combo.findData(text_key))
        self._text_changed()
        self._channel_changed()
        self.resize(720, 860)

    # ------------------------------------------------------------------ building

    def _build(self, customer_name: str) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 12)
        self.error_label = QLabel()
        self.error_label.setObjectName("recordError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        outer.addWidget(self.error_label)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 12, 20, 8)
        layout.setSpacing(10)

        heading = QLabel(
            self.tr("Customer: %1 (No. %2)")
            .replace("%1", customer_name)
            .replace("%2", str(self._customer_id))
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.minor_note = QLabel()
        self.minor_note.setObjectName("minorNote")
        self.minor_note.setWordWrap(True)
        self.minor_note.setStyleSheet(NOTE_STYLE)
        if self._minor_until is not None:
            self.minor_note.setText(
                self.tr(
                    "This customer is under 14 until %1: a parent or guardian decides, and every "
                    "consent is recorded as separate consent."
                ).replace("%1", self._minor_until.isoformat())
            )
        else:
            self.minor_note.hide()
        layout.addWidget(self.minor_note)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.text_combo = QComboBox()
        self.text_combo.setObjectName("noticeText")
        for notice in self._texts:
            self.text_combo.addItem(f"{notice.title(self._language)}  ({notice.key})", notice.key)
        self.text_combo.currentIndexChanged.connect(self._text_changed)
        self.version_combo = QComboBox()
        self.version_combo.setObjectName("noticeVersion")
        self.version_combo.currentIndexChanged.connect(self._version_changed)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.text_combo, 1)
        notice_row.addWidget(self.version_combo)
        form.addRow(self.tr("Notice:"), notice_row)
        layout.addLayout(form)

        self.notice_view = QTextBrowser()
        self.notice_view.setObjectName("noticeView")
        self.notice_view.setFixedHeight(140)
        layout.addWidget(self.notice_view)

        self.purposes_box = QGroupBox(self.tr("The customer's decision"))
        self.purposes_form = QFormLayout(self.purposes_box)
        layout.addWidget(self.purposes_box)
        self.separate_box = QGroupBox(self.tr("Separate consent (PIPL Art. 29 and 23)"))
        self.separate_box.setObjectName("separateBox")
        self.separate_box.setStyleSheet("QGroupBox#separateBox { color: #8b1e1e; }")
        self.separate_form = QFormLayout(self.separate_box)
        layout.addWidget(self.separate_box)

        self.guardian_box = QGroupBox(self.tr("Parent or guardian (PIPL Art. 31)"))
        self.guardian_box.setObjectName("guardianBox")
        guardian_form = QFormLayout(self.guardian_box)
        self.guardian_name = QLineEdit()
        self.guardian_name.setObjectName("guardianName")
        self.guardian_relation = QLineEdit()
        self.guardian_relation.setObjectName("guardianRelation")
        self.guardian_relation.setPlaceholderText(self.tr("e.g. mother, father, legal guardian"))
        self.guardian_consents = QCheckBox(self.tr("The guardian consents to what is ticked above"))
        self.guardian_consents.setObjectName("guardianConsents")
        self.guardian_consents.setChecked(True)
        guardian_form.addRow(self.tr("Guardian's name:"), self.guardian_name)
        guardian_form.addRow(self.tr("Relation to the child:"), self.guardian_relation)
        guardian_form.addRow("", self.guardian_consents)
        self.guardian_box.setVisible(self._minor_until is not None)
        layout.addWidget(self.guardian_box)

        how = QFormLayout()
        how.setHorizontalSpacing(14)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel")
        for channel in CHANNEL_ORDER:
            self.channel_combo.addItem(channel_label(channel, self._language), channel)
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        how.addRow(self.tr("How it was given:"), self.channel_combo)
        self.witness = QLineEdit()
        self.witness.setObjectName("witness")
        self.witness.setPlaceholderText(self.tr("A member of staff other than you"))
        self.witness_label = QLabel(self.tr("Witness:"))
        self.witness_label.setBuddy(self.witness)
        how.addRow(self.witness_label, self.witness)
        layout.addLayout(how)

        # Evidence: the pad for a signature on screen, a file for everything else.
        self.pad = SignaturePad()
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.clicked.connect(self.pad.clear)
        pad_page = QWidget()
        pad_layout = QVBoxLayout(pad_page)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_hint = QLabel(self.tr("Ask the customer to sign in the box (mouse, pen or finger)."))
        pad_hint.setStyleSheet("color: palette(placeholder-text);")
        pad_layout.addWidget(pad_hint)
        pad_layout.addWidget(self.pad)
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_button)
        pad_layout.addLayout(clear_row)

        attach_page = QWidget()
        attach_layout = QHBoxLayout(attach_page)
        attach_layout.setContentsMargins(0, 0, 0, 0)
        self.attach_button = QPushButton(self.tr("Attach scan or photo…"))
        self.attach_button.setObjectName("attachButton")
        self.attach_button.clicked.connect(self.choose_attachment)
        self.attachment_label = QLabel()
        self.attachment_label.setObjectName("attachmentLabel")
        self.attachment_label.setWordWrap(True)
        self.remove_attachment_button = QPushButton(self.tr("Remove"))
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        attach_layout.addWidget(self.attach_button)
        attach_layout.addWidget(self.attachment_label, 1)
        attach_layout.addWidget(self.remove_attachment_button)
        self.evidence_stack = QStackedWidget()
        self.evidence_stack.addWidget(pad_page)
        self.evidence_stack.addWidget(attach_page)
        self.evidence_box = QGroupBox(self.tr("Evidence"))
        evidence_layout = QVBoxLayout(self.evidence_box)
        evidence_layout.addWidget(self.evidence_stack)
        layout.addWidget(self.evidence_box)
        self._show_attachment()

        when = QFormLayout()
        when.setHorizontalSpacing(14)
        self.expires_check = QCheckBox(self.tr("Ask again on"))
        self.expires_check.setObjectName("expiresCheck")
        self.expires_edit = QDateEdit(QDate.currentDate().addYears(1))
        self.expires_edit.setObjectName("expiresOn")
        self.expires_edit.setCalendarPopup(True)
        self.expires_edit.setDisplayFormat("yyyy-MM-dd")
        self.expires_edit.setMinimumDate(QDate.currentDate().addDays(1))
        self.expires_edit.setEnabled(False)
        self.expires_check.toggled.connect(self.expires_edit.setEnabled)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expires_check)
        expiry_row.addWidget(self.expires_edit)
        expiry_row.addStretch(1)
        when.addRow(self.tr("Re-consent:"), expiry_row)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setMaxLength(consent.MAX_NOTE_CHARS)
        when.addRow(self.tr("Note:"), self.note)
        layout.addLayout(when)

        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setContentsMargins(20, 0, 20, 0)
        self.record_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.record_button.setObjectName("recordButton")
        self.record_button.setText(self.tr("Record"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        if not self._texts:
            self.record_button.setEnabled(False)
            self._show_error(
                self.tr("There is no notice text yet. An owner writes one under Tools → Notice texts.")
            )
        self.enter_key = PrimaryButton(self, self.record_button)

    # ------------------------------------------------------------------ the notice

    def notice(self) -> consent.TextVersion | None:
        return self.version_combo.currentData()

    def _text_changed(self, *_args: object) -> None:
        key = self.text_combo.currentData()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        if key is not None:
            found = consent.versions(self._vault, self._actor, key)
            for notice in reversed(found):  # the current one first, and chosen
                label = self.tr("v%1").replace("%1", str(notice.version))
                if notice is found[-1]:
                    label = self.tr("v%1 (current)").replace("%1", str(notice.version))
                self.version_combo.addItem(label, notice)
        self.version_combo.blockSignals(False)
        self._version_changed()

    def _version_changed(self, *_args: object) -> None:
        notice = self.notice()
        old = {p: combo.currentData() for p, combo in self.decisions.items()}
        for form in (self.purposes_form, self.separate_form):
            while form.rowCount():
                form.removeRow(0)
        self.decisions.clear()
        if notice is None:
            self.notice_view.clear()
            self.purposes_box.hide()
            self.separate_box.hide()
            return
        language = self._language if self._language in notice.languages else notice.languages[0]
        self.notice_view.setPlainText(notice.text(language))
        for purpose in notice.purposes:
            combo = QComboBox()
            combo.setObjectName(f"decision_{purpose}")
            combo.addItem(self.tr("Not asked"), None)
            combo.addItem(self.tr("Agrees"), consent.GIVEN)
            combo.addItem(self.tr("Does not agree"), consent.REFUSED)
            if old.get(purpose):
                combo.setCurrentIndex(combo.findData(old[purpose]))
            label = consent.purpose_label(
                purpose, self._language, notice.partner if purpose == "sharing" else ""
            )
            separate = purpose in consent.SEPARATE_PURPOSES
            (self.separate_form if separate else self.purposes_form).addRow(label + ":", combo)
            self.decisions[purpose] = combo
        self.purposes_box.setVisible(self.purposes_form.rowCount() > 0)
        self.separate_box.setVisible(self.separate_form.rowCount() > 0)

    def set_decision(self, purpose: str, decision: str | None) -> None:
        combo = self.decisions[purpose]
        combo.setCurrentIndex(combo.findData(decision))

    # ------------------------------------------------------------------ evidence

    def channel(self) -> str:
        return self.channel_combo.currentData()

    def _channel_changed(self, *_args: object) -> None:
        channel = self.channel()
        self.evidence_stack.setCurrentIndex(0 if channel == "signature" else 1)
        # The stack is as tall as the page shown, not as its tallest page (the pad).
        for index in range(self.evidence_stack.count()):
            page = self.evidence_stack.widget(index)
            policy = (
                QSizePolicy.Policy.Preferred
                if index == self.evidence_stack.currentIndex()
                else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy, policy)
        self.evidence_stack.adjustSize()
        verbal = channel == "verbal"
        self.witness.setVisible(verbal)
        self.witness_label.setVisible(verbal)
        if channel == "paper":
            self.attach_button.setText(self.tr("Attach the signed form…"))
        else:
            self.attach_button.setText(self.tr("Attach scan or photo…"))
        self._show_attachment()

    def choose_attachment(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Attach a scan or photo"),
            "",
            self.tr("Scans and photos (*.png *.jpg *.jpeg *.pdf);;All files (*)"),
        )
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> bool:
        """Take a scan or photo as evidence; refuse one over the limit before reading it all.
        Its content is checked by the core when the consent is recorded."""
        try:
            size = path.stat().st_size
            if size > consent.MAX_ATTACHMENT_BYTES:
                self._show_error(
                    self.tr("%1 is %2 MB; a scan or photo may be at most %3 MB. Nothing was attached.")
                    .replace("%1", path.name)
                    .replace("%2", f"{size / (1024 * 1024):.1f}")
                    .replace("%3", str(MAX_ATTACHMENT_MB))
                )
                return False
            data = path.read_bytes()
        except OSError as error:
            self._show_error(describe(error))
            return False
        if consent.sniff(data) is None:
            self._show_error(
                self.tr(
                    "%1 is not a PNG or JPEG image or a PDF. Attach a scan or photo of the signed form "
                    "(at most %2 MB)."
                )
                .replace("%1", path.name)
                .replace("%2", str(MAX_ATTACHMENT_MB))
            )
            return False
        self._attachment, self._attachment_name = data, path.name
        self._clear_error()
        self._show_attachment()
        return True

    def remove_attachment(self) -> None:
        self._attachment, self._attachment_name = None, ""
        self._show_attachment()

    def _show_attachment(self) -> None:
        if self._attachment is None:
            required = self.channel() == "paper"
            self.attachment_label.setText(
                self.tr("Required: a scan or photo of the signed form (PNG, JPEG or PDF, at most %1 MB).")
                if required
                else self.tr("Optional: PNG, JPEG or PDF, at most %1 MB.")
            )
            self.attachment_label.setText(self.attachment_label.text().replace("%1", str(MAX_ATTACHMENT_MB)))
            self.remove_attachment_button.hide()
        else:
            self.attachment_label.setText(
                self.tr("%1 (%2 KB)")
                .replace("%1", self._attachment_name)
                .replace("%2", f"{len(self._attachment) / 1024:,.0f}")
            )
            self.remove_attachment_button.show()

    def evidence(self) -> consent.Evidence | None:
        """What the channel asks for: the pad's PNG for a signature on screen (an empty pad
        gives empty bytes, which the core refuses), else the attached file if any."""
        if self.channel() == "signature":
            return consent.Evidence("signature", self.pad.to_png())
        if self._attachment is not None:
            return consent.Evidence("attachment", self._attachment)
        return None

    # ------------------------------------------------------------------ recording

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()

    def error_message(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""

    def record(self) -> None:
        if self._busy or not self._texts:
            return
        notice = self.notice()
        if notice is None:
            return
        decisions = {p: c.currentData() for p, c in self.decisions.items() if c.currentData()}
        guardian = None  # none given: for a minor the core then says a guardian must decide
        if self.guardian_name.text().strip() or self.guardian_relation.text().strip():
            guardian = consent.Guardian(
                self.guardian_name.text(), self.guardian_relation.text(), self.guardian_consents.isChecked()
            )
        expires = (
            self.expires_edit.date().toString(Qt.DateFormat.ISODate)
            if self.expires_check.isChecked()
            else None
        )
        args = dict(
            text=notice.key,
            version=notice.version,
            decisions=decisions,
            channel=self.channel(),
            evidence=self.evidence(),
            witness=self.witness.text() if self.channel() == "verbal" else None,
            guardian=guardian,
            expires_on=expires,
            note=self.note.text(),
        )
        vault, actor, customer_id = self._vault, self._actor, self._customer_id
        self._busy = True
        self.enter_key.busy()
        self.record_button.setEnabled(False)
        self._clear_error()
        self._runner.run(
            lambda _task: consent.record(vault, actor, customer_id, **args),
            on_result=self._recorded,
            on_error=self._failed,
            vault=vault,
        )

    def _field_names(self) -> dict[str, str]:
        """What the core's error keys are called on this form."""
        return {
            "guardian": self.tr("Guardian's name"),
            "guardian_relation": self.tr("Relation to the child"),
            "witness": self.tr("Witness"),
            "note": self.tr("Note"),
            "expires_on": self.tr("Re-consent date"),
        }

    def _recorded(self, records: list) -> None:
        self._busy = False
        self.recorded.emit(records)
        self.pad.clear()
        self._attachment = None
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        if not isinstance(error, KnownError):
            show_error(self, error)
            return
        self._show_error(
            self.tr("Nothing was recorded. %1").replace("%1", error_text(error, self._field_names()))
        )
        self.enter_key.idle()

    # ------------------------------------------------------------------ closing

    def _has_input(self) -> bool:
        return (
            not self.pad.is_empty()
            or self._attachment is not None
            or any(c.currentData() for c in self.decisions.values())
        )

    def reject(self) -> None:
        if self._busy:
            return
        if self._has_input() and not self._confirm_discard():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy or (self.isVisible() and self._has_input() and not self._confirm_discard()):
            event.ignore()
            return
        self.pad.clear()
        self.decisions.clear()
        super().closeEvent(event)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard this consent?"),
            self.tr("The decisions and the signature entered here were not recorded. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes):
            self.pad.clear()
            for combo in self.decisions.values():
                combo.setCurrentIndex(0)
            self._attachment = None
            return True
        return False


class WithdrawDialog(QDialog):
    """Withdraw one purpose: how the customer said so, and an optional note. The core records
    when and by whom; the consent withdrawn stays in the history."""

    withdrawn = Signal(object)  # consent.ConsentRecord

    def __init__(
        self,
        vault: Any,
        runner: Any,
        customer_id: int,
        purpose: str,
        partner: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawDialog")
        self._vault, self._runner, self._actor = vault, runner, vault.actor
        self._customer_id, self._purpose, self._partner = customer_id, purpose, partner
        self._busy = False
        language = label_language()
        label = consent.purpose_label(purpose, language, partner)
        self.setWindowTitle(self.tr("Withdraw consent"))
        intro = QLabel(
            self.tr(
                "Withdraw the consent for %1? It stops at once for every list and export. "
                "The consent given stays in the history."
            ).replace("%1", label)
        )
        intro.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("withdrawError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("withdrawChannel")
        for channel in ("verbal", "phone", "electronic", "paper", "signature", "imported"):
            name = self.tr("In person") if channel == "verbal" else channel_label(channel, language)
            self.channel_combo.addItem(name, channel)
        self.note = QLineEdit()
        self.note.setObjectName("withdrawNote")
        self.note.setMaxLength(consent.MAX_NOTE_CHARS)
        form = QFormLayout()
        form.addRow(self.tr("How the customer said so:"), self.channel_combo)
        form.addRow(self.tr("Note:"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.withdraw_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.withdraw_button.setObjectName("withdrawButton")
        self.withdraw_button.setText(self.tr("Withdraw"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.withdraw)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.enter_key = PrimaryButton(self, self.withdraw_button)
        self.resize(460, 0)

    def withdraw(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.enter_key.busy()
        self.withdraw_button.setEnabled(False)
        vault, actor, cid = self._vault, self._actor, self._customer_id
        purpose, partner = self._purpose, self._partner
        channel, note = self.channel_combo.currentData(), self.note.text()
        self._runner.run(
            lambda _task: consent.withdraw(
                vault, actor, cid, purpose, partner=partner, channel=channel, note=note
            ),
            on_result=self._done,
            on_error=self._failed,
            vault=vault,
        )

    def _done(self, record: consent.ConsentRecord) -> None:
        self._busy = False
        self.withdrawn.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.withdraw_button.setEnabled(True)
        if not isinstance(error, KnownError):
            show_error(self, error)
            return
        self.error_label.setText(self.tr("Nothing was withdrawn. %1").replace("%1", error_text(error)))
        self.error_label.show()
        self.enter_key.idle()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
