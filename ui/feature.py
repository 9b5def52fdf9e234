"""How a feature joins the main window without editing it.

A feature (the field catalogue, users, roles, help; later consent, backup, import, export,
requests, reports, the audit log, duplicates) is one module with a ``Feature`` subclass. It
declares its actions with ``add_action`` — where each sits (a ``Section`` of a menu, the
toolbar, the customer's context menu), which permission it needs and whether it acts on the
selected customer — sets their texts in ``retranslate`` and opens its dialogs through the
``Host``. ``ui/features.py`` lists the features; ``MainWindow`` builds its menus from them and
keeps every action's enabled state current. A new feature is a new module and one line in that
list: the main window does not change.

The ``Host`` is the part of the main window a feature may use. It is passed in, not fetched
from a global, and it is small on purpose: a feature that needs more of the window should get
a new, named host method rather than reach into widgets.

An action is office-only unless declared ``offline``: in a field pack (a laptop away from the
office, ``host.field_mode``) the window hides every action that is not, so a feature added
later is safe by default — the core refuses office work in a pack anyway.

Actions in ``Section.CUSTOMER`` act on one customer (``host.selected_customer_id()``) and are
enabled only while one is selected. They appear in the Customers menu and the table's context
menu; what a feature shows about one person goes in a section of the customer card
(ui/card_sections.py), which the same actions can open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget


def action_label(action: QAction) -> str:
    """An action's menu text as a label: no mnemonic marker, no trailing ellipsis."""
    text = re.sub(r"\s*\(&\w\)", "", action.text())  # a Chinese-style "(&N)" goes whole
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".")


class Menu(Enum):
    """The menu bar, left to right."""

    FILE = 1
    CUSTOMERS = 2
    VIEW = 3
    TOOLS = 4
    HELP = 5


class Section(Enum):
    """A group of related actions inside one menu; groups are separated by a line, in this order.

    Sections are named for what their actions are about, so each coming feature has an obvious
    place: import, export and backup go to FILE_DATA; the audit log, reports and duplicates to
    TOOLS_RECORDS; anything about one person to CUSTOMER.
    """

    FILE_SESSION = (Menu.FILE, 1)  # lock, own password
    FILE_DATA = (Menu.FILE, 2)  # import, export, backup, restore, field packs
    FILE_APP = (Menu.FILE, 3)  # settings, quit
    CUSTOMERS_RECORD = (Menu.CUSTOMERS, 1)  # new, open, delete
    CUSTOMER = (Menu.CUSTOMERS, 2)  # acts on the selected customer: history, consent, requests
    CUSTOMERS_FIND = (Menu.CUSTOMERS, 3)
    VIEW_LIST = (Menu.VIEW, 1)
    TOOLS_SETUP = (Menu.TOOLS, 1)  # fields, users, roles
    TOOLS_RECORDS = (Menu.TOOLS, 2)  # audit log, duplicates, reports, partners
    HELP_GUIDE = (Menu.HELP, 1)
    HELP_ABOUT = (Menu.HELP, 2)

    @property
    def menu(self) -> Menu:
        return self.value[0]


class Host(Protocol):
    """What the main window offers a feature. Every method is safe to call while locked."""

    def window(self) -> QWidget:
        """The parent for the feature's dialogs (so that locking closes them)."""

    @property
    def vault(self) -> Any:
        """The unlocked vault, or None while locked."""

    @property
    def runner(self) -> Any:
        """The task runner: work that can take long runs off the GUI thread."""

    @property
    def is_locked(self) -> bool: ...

    def allows(self, permission: str) -> bool:
        """Whether the signed-in role has ``permission`` (False while locked).

        Only to decide what to offer: the core checks the permission again on every call.
        """

    def language(self) -> str:
        """ "zh" or "en": which catalogue label a field shows."""

    def open_dialog(self, dialog: QDialog) -> None:
        """Show ``dialog`` window-modal; Ctrl+L still locks, and locking closes it."""

    def selected_customer_id(self) -> int | None:
        """The customer selected in the list, if any."""

    def selected_customer_ids(self) -> list[int]:
        """Every customer selected in the list (an export of "the selection")."""

    def search_text(self) -> str:
        """What the list's search box holds ("" when the list is not searched)."""

    def open_customer(self, customer_id: int | None) -> Any:
        """Open a customer on the card (``None``: a new one, in the editor)."""

    def open_card(self, customer_id: int, section: Any = None) -> Any:
        """Show the customer card on ``customer_id``, at ``section`` (a CardSection class)."""

    @property
    def card(self) -> Any:
        """The customer card (ui/customer_card.py): its sections act on the customer shown."""

    def reload_customers(self) -> None:
        """Read the list again (after a feature changed customers)."""

    def refresh_access(self) -> None:
        """Re-read the signed-in role and the catalogue (after users, roles or fields changed)."""

    def show_message(self, text: str) -> None:
        """A short note in the status bar."""

    def refresh_requests(self) -> None:
        """Count overdue and due-soon customers' requests again (after a feature changed them)."""

    def menu_actions(self) -> list[QAction]:
        """Every action in the window's menus, in menu order (e.g. to list the shortcuts)."""

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent place in the status bar (e.g. the last backup's state)."""

    def lock(self) -> None:
        """Lock now (e.g. after the vault in the window was replaced by a restore)."""

    @property
    def field_mode(self) -> bool:
        """Whether the window shows a field pack (offline work on a laptop) rather than the
        office vault: only actions declared ``offline`` are offered then."""


@dataclass
class FeatureAction:
    """One action and the rules the window applies to it after every change of state."""

    action: QAction
    section: Section
    permission: str | None
    needs_customer: bool  # a Section.CUSTOMER action
    toolbar: bool
    while_locked: bool
    first_step: bool  # offered on the empty list of a new vault (e.g. an import)
    offline: bool = False  # also offered in a field pack (see the module docstring)


class Feature(QObject):
    """One feature's contribution to the main window: its actions and the dialogs they open.

    Subclasses call ``add_action`` in ``__init__`` and set texts in ``retranslate`` (called
    again on a language change). The window enables an action when the vault is unlocked, the
    role has its permission and, for a customer action, a customer is selected; an action whose
    permission the role lacks is hidden. Override ``is_enabled`` for anything more.
    """

    def __init__(self, host: Host, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.actions: list[FeatureAction] = []

    def add_action(
        self,
        name: str,
        section: Section,
        slot: Any,
        *,
        permission: str | None = None,
        shortcuts: list[QKeySequence] | None = None,
        icon: QIcon | None = None,
        toolbar: bool = False,
        while_locked: bool = False,
        first_step: bool = False,
        offline: bool = False,
    ) -> QAction:
        """Declare an action; ``name`` is its object name (tests and screenshots find it by it).

        ``while_locked`` keeps it usable on the locked page: only for actions that touch no
        vault data (help, about). ``first_step`` also offers it as a button on the empty list
        of a vault without customers, beside "Add the first customer". ``offline`` offers it in
        a field pack too: only for work the pack can do without the office vault.
        """
        action = QAction(self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if icon is not None:
            action.setIcon(icon)
        action.triggered.connect(lambda _checked=False: slot())
        needs_customer = section is Section.CUSTOMER
        self.actions.append(
            FeatureAction(
                action, section, permission, needs_customer, toolbar, while_locked, first_step, offline
            )
        )
        return action

    def retranslate(self) -> None:
        """Set every action's text and tooltip in the current language."""
        raise NotImplementedError

    def about_to_close(self, close_again: Any) -> bool:
        """The window is closing. Return False to keep it open for work that must finish first
        (a backup on close), then call ``close_again()`` when it has."""
        return True

    def is_enabled(self, item: FeatureAction) -> bool:
        """Beyond the permission and selection rules: override to add a condition."""
        return True

    def update_actions(self) -> None:
        host = self.host
        field_mode = host.field_mode
        for item in self.actions:
            if field_mode and not item.offline:
                item.action.setEnabled(False)  # office work: not in a pack on a laptop
                item.action.setVisible(False)
                continue
            visible = host.is_locked or item.permission is None or host.allows(item.permission)
            if item.while_locked:
                item.action.setEnabled(self.is_enabled(item))
                continue
            enabled = (
                not host.is_locked
                and (item.permission is None or host.allows(item.permission))
                and (not item.needs_customer or host.selected_customer_id() is not None)
                and self.is_enabled(item)
            )
            item.action.setEnabled(enabled)
            item.action.setVisible(visible)  # while locked the menus keep their shape
