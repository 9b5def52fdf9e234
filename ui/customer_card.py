"""The customer card: one person, open beside the list, in sections each feature fills.

DESIGN.md ("What comes next"): a customer opens as a card, not a modal editor, and a feature
shows what it knows about one person by adding a section, not a window. A section is a
``CardSection`` subclass listed in ui/card_sections.py; the card shows those the signed-in role
may use (``permission``, decided for display only — the core checks every call again) as tabs,
and hands each the customer it shows.

The card follows the list's selection unless it is pinned; it never leaves a customer whose
details have unsaved edits without asking (the Details section says whether it has any). On
lock the main window calls ``clear``: every section wipes what it showed.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import customers, restrictions
from app.customers import Customer
from app.errors import KnownError
from ui.dates import format_moment
from ui.editor import CustomerEditor
from ui.messages import show_error


class CardSection(QWidget):
    """One tab of the card. Subclasses set ``permission`` (None: every role), ``name`` (an
    object name tests and screenshots use) and implement ``title`` and ``show_customer``.

    ``changed`` tells the card that something about the customer changed (a save, a consent
    recorded), so the other sections read again.
    """

    permission: str | None = None
    offline = False  # also shown in a field pack (offline work on a laptop); office-only otherwise
    name = "section"
    changed = Signal()

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__()
        self.host = host
        self.card = card
        self.setObjectName(self.name)

    @classmethod
    def allowed(cls, host: Any) -> bool:
        """Whether the signed-in role gets this tab (override when one of several permissions will do)."""
        return cls.permission is None or host.allows(cls.permission)

    def title(self) -> str:
        raise NotImplementedError

    def show_customer(self, customer: Customer) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Read again for the same customer (another section changed something)."""
        if self.card.customer is not None:
            self.show_customer(self.card.customer)

    def retranslate(self) -> None:
        """Texts in the current language (after a language change)."""

    def clear(self) -> None:
        """Forget the customer: nothing they showed stays in a widget (lock, or another customer)."""

    def is_dirty(self) -> bool:
        return False

    def confirm_leave(self) -> bool:
        """Whether the card may move to another customer (asks about unsaved work)."""
        return True

    def focus_first(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class DetailsSection(CardSection):
    """The customer editor, embedded: the same form, checks, duplicate warning and keys."""

    name = "detailsSection"
    offline = True

    def __init__(self, host: Any, card: CustomerCard) -> None:
        super().__init__(host, card)
        self.editor: CustomerEditor | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:
        return self.tr("Details")

    def show_customer(self, customer: Customer) -> None:
        self.clear()
        editor = CustomerEditor(
            self.host.vault, customer.id, self.host.runner, self, embedded=True, customer=customer
        )
        editor.saved.connect(self._saved)
        editor.open_existing.connect(self.card.open_existing)
        editor.left.connect(self.card.left)
        self._layout.addWidget(editor)
        editor.show()
        self.editor = editor

    def _saved(self, customer: Customer) -> None:
        self.card.customer_saved(customer)

    def clear(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None and shiboken6.isValid(editor):
            editor.discard()  # wipes every value, then goes
            self._layout.removeWidget(editor)

    def is_dirty(self) -> bool:
        return self.editor is not None and self.editor.is_dirty()

    def confirm_leave(self) -> bool:
        return self.editor is None or not self.editor.is_dirty() or self.editor._confirm_discard()

    def focus_first(self) -> None:
        if self.editor is None:
            return
        first = next(iter(self.editor.widgets.values()), None)
        (first or self.editor).setFocus(Qt.FocusReason.OtherFocusReason)


class CustomerCard(QWidget):
    """The card. Signals: ``saved(customer)`` after Details saved, ``open_existing(id)`` when the
    duplicate warning chose another customer, ``left`` when the person is done (Escape, save),
    ``consent_changed`` when a consent was recorded or withdrawn."""

    saved = Signal(object)
    open_existing = Signal(int)
    left = Signal()
    consent_changed = Signal()

    def __init__(
        self, host: Any, sections: tuple[type[CardSection], ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerCard")
        self.host = host
        self._section_classes = sections
        self.sections: list[CardSection] = []
        self.customer: Customer | None = None

        self.name_label = QLabel()
        self.name_label.setObjectName("cardName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label = QLabel()
        self.number_label.setObjectName("cardNumber")
        self.number_label.setStyleSheet("color: palette(placeholder-text);")
        self.pin_button = QToolButton()
        self.pin_button.setObjectName("pinButton")
        self.pin_button.setCheckable(True)
        self.pin_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        header = QHBoxLayout()
        header.setContentsMargins(12, 8, 8, 4)
        header.setSpacing(10)
        header.addWidget(self.name_label)
        header.addWidget(self.number_label)
        header.addStretch(1)
        header.addWidget(self.pin_button)

        # Shown while processing of this customer is restricted at their request (PIPL Art. 44):
        # whoever opens the record, in any role, sees that it may only be stored.
        self.restriction_banner = QLabel()
        self.restriction_banner.setObjectName("restrictionBanner")
        self.restriction_banner.setWordWrap(True)
        self.restriction_banner.setStyleSheet(
            "QLabel { background: #fdecea; color: #8c1d18; border-left: 4px solid #b3261e;"
            " padding: 8px 12px; margin: 0 8px 6px 8px; }"
        )
        self.restriction_banner.hide()
        self.restriction: restrictions.Restriction | None = None

        self.tabs = QTabWidget()
        self.tabs.setObjectName("cardTabs")
        self.tabs.setDocumentMode(True)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("cardPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.tabs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.restriction_banner)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    # ------------------------------------------------------------------ sections

    def build_sections(self) -> None:
        """(Re)make the tabs the signed-in role may use: at sign-in and after a role change."""
        self.clear()
        self.tabs.clear()
        for section in self.sections:
            section.deleteLater()
        self.sections = []
        if self.host.is_locked:
            return
        for section_class in self._section_classes:
            if self.host.field_mode and not section_class.offline:
                continue  # e.g. sharing and history belong to the office vault
            if section_class.allowed(self.host):
                section = section_class(self.host, self)
                section.changed.connect(lambda s=section: self._section_changed(s))
                self.sections.append(section)
                self.tabs.addTab(section, section.title())

    def section(self, section_class: type[CardSection]) -> Any:
        """The card's instance of a section, or None when the role does not get it."""
        return next((s for s in self.sections if isinstance(s, section_class)), None)

    @property
    def details(self) -> DetailsSection | None:
        return self.section(DetailsSection)

    @property
    def editor(self) -> CustomerEditor | None:
        details = self.details
        return details.editor if details is not None else None

    def show_section(self, section_class: type[CardSection]) -> Any:
        section = self.section(section_class)
        if section is not None:
            self.tabs.setCurrentWidget(section)
        return section

    def _section_changed(self, source: CardSection) -> None:
        self._update_banner()
        for section in self.sections:
            if section is not source and not section.is_dirty():
                section.refresh()

    # ------------------------------------------------------------------ the customer

    @property
    def customer_id(self) -> int | None:
        return self.customer.id if self.customer is not None else None

    @property
    def pinned(self) -> bool:
        return self.pin_button.isChecked()

    def is_dirty(self) -> bool:
        return any(s.is_dirty() for s in self.sections)

    def confirm_leave(self) -> bool:
        """Whether the customer shown may be left (each section asks about its unsaved work)."""
        return all(section.confirm_leave() for section in self.sections)

    def show_customer(self, customer_id: int, *, force: bool = False) -> bool:
        """Show another customer (or the same one read again with ``force``); asks first when
        the current one has unsaved edits. False when the person chose to stay, or the core
        refused (the customer was deleted meanwhile, the session locked)."""
        if customer_id == self.customer_id and not force:
            return True
        if customer_id != self.customer_id and not self.confirm_leave():
            return False
        try:
            customer = customers.view(self.host.vault, self.host.vault.actor, customer_id)
        except KnownError as error:
            show_error(self.host.window(), error)
            return False
        self._show(customer)
        return True

    def _show(self, customer: Customer) -> None:
        for section in self.sections:
            section.clear()
        self.customer = customer
        self._update_header()
        self._update_banner()
        for section in self.sections:
            section.show_customer(customer)
        self.stack.setCurrentWidget(self.tabs)

    def customer_saved(self, customer: Customer) -> None:
        """Details saved: show what the core stored (no second read) and tell the window."""
        self.customer = customer
        self._update_header()
        for section in self.sections:
            if isinstance(section, DetailsSection):
                section.show_customer(customer)
            else:
                section.refresh()
        self.saved.emit(customer)
        self.left.emit()

    def focus_current(self) -> None:
        section = self.tabs.currentWidget()
        if isinstance(section, CardSection):
            section.focus_first()

    def clear(self) -> None:
        """Wipe the card (lock, or the customer was deleted)."""
        for section in self.sections:
            section.clear()
        self.customer = None
        self._update_header()
        self._update_banner()
        self.stack.setCurrentWidget(self.placeholder)

    def _update_banner(self) -> None:
        """Ask the core whether processing of the customer shown is restricted (one indexed
        lookup of a handful of rows, so it is read on the GUI thread like the record itself)."""
        self.restriction = None
        if self.customer is not None and self.host.vault is not None:
            try:
                self.restriction = restrictions.current(
                    self.host.vault, self.host.vault.actor, self.customer.id
                )
            except KnownError:
                self.restriction = None
        self._banner_text()

    def _banner_text(self) -> None:
        found = self.restriction
        if found is None:
            self.restriction_banner.hide()
            self.restriction_banner.clear()
            return
        text = self.tr(
            "Processing restricted at the customer's request since %1. Keep the record, but do not use"
            " it: it is left out of exports and marketing lists, and imports do not update it."
        ).replace("%1", format_moment(found.since))
        self.restriction_banner.setText("⚠ " + text)
        self.restriction_banner.show()

    def _update_header(self) -> None:
        if self.customer is None:
            self.name_label.clear()
            self.number_label.clear()
        else:
            self.name_label.setText(self.customer.name or self.tr("(no name)"))
            self.number_label.setText(self.tr("No. %1").replace("%1", str(self.customer.id)))

    def retranslate(self) -> None:
        self.pin_button.setText(self.tr("Pin"))
        self.pin_button.setToolTip(
            self.tr("Keep this customer on the card while you select others in the list")
        )
        self.placeholder.setText(self.tr("Select a customer in the list to see their card."))
        self._banner_text()
        for index, section in enumerate(self.sections):
            section.retranslate()
            self.tabs.setTabText(index, section.title())
        self._update_header()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape anywhere else on the card gives the list the keyboard back (Details handles its
        # own Escape: it asks about unsaved edits first).
        if event.key() == Qt.Key.Key_Escape:
            self.left.emit()
            event.accept()
            return
        super().keyPressEvent(event)
