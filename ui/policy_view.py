"""The written policy on screen, and the acknowledgement every user gives at sign-in.

``document_html`` turns a policy document (app/policy_document.py: sections of paragraphs,
lists and tables, in Chinese and English) into rich text for a QTextBrowser. The
``PolicyAcknowledgeDialog`` shows the version a user has not yet acknowledged, in the UI's
language with a switch to the other, and its hash; "I have read and acknowledge" is enabled
only once the text has been scrolled to its end (Enter presses it then, never before), and
Escape or "Sign out" leaves without acknowledging. The acknowledgement itself is recorded by
the core off the GUI thread; the core, not this dialog, is what keeps customers from a user
who has not acknowledged.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import policy
from ui.messages import describe

# The heading the PDF gives the owner's texts too (app/reports/policy.py): in the document's
# language, which need not be the UI's.
OWN_HEADING = {"zh": "本单位补充规定", "en": "The business's own rules"}


def _block_html(block: dict[str, Any]) -> str:
    kind = block["kind"]
    if kind == "p":
        return f"<p>{escape(block['text'])}</p>"
    if kind == "sub":
        return f"<p><b>{escape(block['text'])}</b></p>"
    if kind == "list":
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block["items"]) + "</ul>"
    head = "".join(f"<th align='left' bgcolor='#F2F4F7'>{escape(h)}</th>" for h in block["header"])
    rows = "".join(
        "<tr>" + "".join(f"<td valign='top'>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in block["rows"]
    )
    return (
        "<table border='1' cellspacing='0' cellpadding='4' width='100%' style='border-color:#C8CDD5'>"
        f"<tr>{head}</tr>{rows}</table><p></p>"
    )


def document_html(document: dict[str, Any], language: str, heading: str = "") -> str:
    """Rich text of one language of a policy document (every value escaped)."""
    part = document["languages"]["zh" if language == "zh" else "en"]
    html = [f"<h2>{escape(part['title'])}</h2>"]
    if heading:
        html.append(f"<p style='color:#555555'>{escape(heading)}</p>")
    for number, section in enumerate(part["sections"], start=1):
        html.append(f"<h3>{number}. {escape(section['title'])}</h3>")
        html += [_block_html(block) for block in section["blocks"]]
        own = section["own"].strip()
        if own:
            html.append(f"<p><b>{escape(OWN_HEADING['zh' if language == 'zh' else 'en'])}</b></p>")
            html.append("<p>" + escape(own).replace("\n", "<br/>") + "</p>")
    return "".join(html)


class PolicyAcknowledgeDialog(QDialog):
    """Read version N of the written policy, then acknowledge it — or sign out.

    Accepted once the core has recorded the acknowledgement; rejected (Escape, "Sign out", the
    window's close button) means the caller signs the user out.
    """

    def __init__(
        self, vault: Any, version: policy.Version, runner: Any, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("policyAcknowledgeDialog")
        self._vault = vault
        self._runner = runner
        self.version = version
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setObjectName("policyIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.language_label = QLabel()
        row.addWidget(self.language_label)
        self.language = QComboBox()
        self.language.setObjectName("policyLanguage")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if language == "zh" else 1)
        self.language_label.setBuddy(self.language)
        row.addWidget(self.language)
        row.addStretch(1)
        layout.addLayout(row)
        self.text = QTextBrowser()
        self.text.setObjectName("policyText")
        self.text.setOpenLinks(False)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps
        # Read with the keyboard too: Page Down, Ctrl+End move through the text (and scroll it).
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.text, 1)
        self.hash_label = QLabel()
        self.hash_label.setObjectName("policyHash")
        self.hash_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.hash_label)
        self.hint = QLabel()
        self.hint.setObjectName("policyHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.sign_out = QPushButton()
        self.sign_out.setObjectName("policySignOut")
        self.sign_out.setAutoDefault(False)
        self.sign_out.clicked.connect(self.reject)
        buttons.addWidget(self.sign_out)
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setObjectName("policyAcknowledge")
        self.acknowledge_button.setEnabled(False)
        self.acknowledge_button.setDefault(True)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        buttons.addWidget(self.acknowledge_button)
        layout.addLayout(buttons)
        self.read_to_end = False
        self._busy = False
        self.text.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.text.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._scrolled())
        self.language.currentIndexChanged.connect(self._show_text)
        self.retranslate()
        self._show_text()
        self.text.setFocus()

    def retranslate(self) -> None:
        v = self.version
        self.setWindowTitle(self.tr("Customer information policy: please read"))
        self.intro.setText(
            self.tr(
                "Version %1 of the customer information policy was published by %2 on %3. Read it to the end"
                " and acknowledge it before you see any customer."
            )
            .replace("%1", str(v.number))
            .replace("%2", v.published_by)
            .replace("%3", v.published_at[:10])
        )
        self.language_label.setText(self.tr("&Language:"))
        self.hash_label.setText(
            self.tr("Version %1 · SHA-256 %2").replace("%1", str(v.number)).replace("%2", v.sha256)
        )
        self.sign_out.setText(self.tr("Sign out"))
        self.acknowledge_button.setText(self.tr("I have read and acknowledge"))
        self._update_hint()

    def _update_hint(self, error: str = "") -> None:
        if error:
            self.hint.setText(error)
        elif self.read_to_end:
            self.hint.setText(self.tr("Your acknowledgement is recorded with the version and its hash."))
        else:
            self.hint.setText(self.tr("Scroll to the end of the policy to acknowledge it."))

    def _show_text(self) -> None:
        self.text.setHtml(document_html(self.version.document, self.language.currentData()))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._scrolled)  # a policy short enough to fit needs no scrolling

    def _scrolled(self) -> None:
        if not self.isVisible():
            return  # before the first layout the range is empty: that is not "read to the end"
        bar = self.text.verticalScrollBar()
        # Within a line of the end counts (moving the cursor to the end stops a margin short).
        if not self.read_to_end and bar.value() >= bar.maximum() - self.text.fontMetrics().lineSpacing():
            self.read_to_end = True
            self._update_hint()
        self.acknowledge_button.setEnabled(self.read_to_end and not self._busy)

    def acknowledge(self) -> None:
        if not self.read_to_end or self._busy:
            return
        self._busy = True
        self.acknowledge_button.setEnabled(False)
        vault, actor, version = self._vault, self._vault.actor, self.version

        def work(_task: Any) -> Any:
            return policy.acknowledge(vault, actor, version.number, version.sha256)

        self._runner.run(work, on_result=self._done, on_error=self._failed, vault=vault, parent=self)

    def _done(self, _ack: Any) -> None:
        self._busy = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        """A newer version published meanwhile, for one: show it, to be read from the start."""
        self._busy = False
        newer = policy.needs_acknowledgement(self._vault, self._vault.actor)
        if newer is not None and newer.number != self.version.number:
            self.version = newer
            self.read_to_end = False
            self.retranslate()
            self._show_text()
        self._update_hint(describe(error))
        self._scrolled()

    def changeEvent(self, event: Any) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
