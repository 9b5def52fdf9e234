"""The main window: find a customer fast, open, add, delete; lock when away.

Layout: a search box over the customer table, a status bar (vault folder, signed-in user and
role, customer count, last save), menus and a toolbar. Typing filters as you type: each key
restarts a short debounce timer, and the query then runs in the task runner, off the GUI thread
(see ``CustomerTableModel.load``). The unfiltered list and its pages are read on the GUI thread:
they are single indexed queries of a few milliseconds.

Locking (Ctrl+L, or after the idle time from the settings) waits for running tasks, closes any
open dialog, empties the model and every widget that showed customer data, closes the vault and
shows a locked page; then ``locked`` is emitted and the app's start-up code asks for a password.
``unlocked(vault)`` brings the list back.

A field pack (app/fieldpack.py: a small vault a field user carries on a laptop) opens in the
same window in field mode: a coloured banner says whose pack it is, that it works offline and
when it expires; only the work a pack can do offline is offered (search, view, add, edit, record
consent and print the receipt: actions declared ``offline``, ui/feature.py); the office features
are hidden, and the core refuses them in a pack anyway. An expired pack never gets this far: the
core does not open it, and the launcher only says to bring it back to the office.

For benchmark scripts: ``window.model.view_loaded`` fires when a view is shown (the first page
is fetched by the next paint), ``window.table`` is the view to scroll and ``window.search_box``
the box to type into.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPoint,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import alerts, customers, fieldpack, notices
from app import requests as requests_mod
from app.access import Access, access_for
from app.customers import RELEVANCE, CustomerView
from app.errors import KnownError, VaultLockedError
from app.fields import Catalogue, FieldDef
from app.search import RESULT_CAP
from ui import settings as settings_mod
from ui.access_names import join_names, role_label
from ui.card_sections import CARD_SECTIONS
from ui.columns import ColumnChooser, visible_fields
from ui.customer_card import CustomerCard
from ui.customer_model import CustomerTableModel, label_language
from ui.customer_table import CustomerTable
from ui.dates import format_day, format_moment, format_time
from ui.editor import CustomerEditor
from ui.empty_state import EmptyState
from ui.feature import Feature, Menu, Section, action_label
from ui.features import FEATURES
from ui.icons import app_icon, icon
from ui.idle import IdleWatcher
from ui.messages import describe, show_error
from ui.password_dialog import ChangePasswordDialog

FeatureT = TypeVar("FeatureT", bound=Feature)

SEARCH_DEBOUNCE_MS = 200
# Unusual-access rules are evaluated this often while signed in (and at sign-in and lock),
# off the GUI thread and never on a customer read (app/alerts.py).
ALERTS_EVERY_MS = 5 * 60 * 1000
CARD_FOLLOW_MS = 250  # the card follows the selection once the arrow keys rest this long


class MainWindow(QMainWindow):
    """The customer list of one unlocked vault.

    Signals:
        lock_requested: a lock is starting (Ctrl+L or idle); other windows should close.
        locked: the vault is closed and no customer data is left in this window.
        settings_requested: the user chose Settings…; the app opens the settings dialog.
    """

    lock_requested = Signal()
    locked = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        vault: Any,
        settings: settings_mod.Settings,
        runner: Any,
        translations: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self._vault: Any = None
        self._actor = None
        self._access: Access | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.notices_box: QMessageBox | None = None
        self.requests_box: QMessageBox | None = None
        self._settings = settings
        self._runner = runner
        self._translations = translations
        self._catalogue: Catalogue | None = None
        self._pack: Any = None  # the pack's header (user, expiry) when the vault is a field pack
        self._locked = True
        self._locking = False
        self._awaiting_password = False  # signed in with a password someone else set
        self._session = 0  # bumped on lock: results of older tasks are ignored
        self._last_saved: QTime | None = None
        self._focus_search_on_show = True
        self.editors: list[CustomerEditor] = []
        self._to_select: int | None = None  # the id of a customer just saved, selected once shown

        self.model = CustomerTableModel(language=self.language(), runner=runner, parent=self)
        self.model.view_loaded.connect(self._on_view_loaded)
        self.model.load_failed.connect(self._on_load_failed)
        self.model.modelReset.connect(self._update_actions)

        self.idle_watcher = IdleWatcher(settings.get(settings_mod.IDLE_LOCK_MINUTES), self)
        self.idle_watcher.idle.connect(self.lock)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(CARD_FOLLOW_MS)
        self._follow_timer.timeout.connect(self._follow_selection)
        self.alerts_timer = QTimer(self)
        self.alerts_timer.setInterval(ALERTS_EVERY_MS)
        self.alerts_timer.timeout.connect(self.evaluate_alerts)
        self._card_was_open = False  # shown again after the next sign-in
        self._card_sized = False

        self._build()
        self._build_actions()
        self._retranslate()
        self.apply_settings()
        self.resize(1100, 700)
        self._open_session(vault)

    # ------------------------------------------------------------------ building

    def language(self) -> str:
        language = getattr(self._translations, "language", None)
        if language is None:
            return label_language()
        return "zh" if str(language).startswith("zh") else "en"

    def _build(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumHeight(self.search_box.sizeHint().height() + 6)
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self._search_now)
        self.search_box.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setMinimumWidth(140)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)

        self.table = CustomerTable(self.model)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._header_sort_changed)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.table.selectionModel().currentRowChanged.connect(self._selection_moved)

        # Counts only, for a role that sees no customer field (the auditor): no table at all.
        self.counts_page = QWidget()
        self.counts_page.setObjectName("countsPage")
        self.counts_total = QLabel()
        self.counts_total.setObjectName("countsTotal")
        self.counts_total.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.counts_total.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.counts_total.setFont(font)
        self.counts_message = QLabel()
        self.counts_message.setObjectName("countsMessage")
        self.counts_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counts_message.setWordWrap(True)
        self.counts_message.setFixedWidth(520)  # a wrapped label in a centred slot needs a width
        self.counts_message.setStyleSheet("color: palette(placeholder-text);")
        counts_layout = QVBoxLayout(self.counts_page)
        counts_layout.addStretch(1)
        counts_layout.addWidget(self.counts_total)
        counts_layout.addSpacing(8)
        message_row = QHBoxLayout()  # not an alignment flag: that would ignore the wrapped height
        message_row.addStretch(1)
        message_row.addWidget(self.counts_message)
        message_row.addStretch(1)
        counts_layout.addLayout(message_row)
        counts_layout.addStretch(2)

        self.empty_state = EmptyState()  # no customers yet, or no match for the search

        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.counts_page)
        self.list_stack.addWidget(self.empty_state)

        # Shown once, at a new user's first sign-in: what their role lets them see.
        self.role_banner = QFrame()
        self.role_banner.setObjectName("roleBanner")
        self.role_banner.setStyleSheet(
            "QFrame#roleBanner { background: #e8f0fe; border: 1px solid #c6d7f5; border-radius: 4px; }"
            " QFrame#roleBanner QLabel { color: #1f3763; }"
        )
        self.role_banner_text = QLabel()
        self.role_banner_text.setObjectName("roleBannerText")
        self.role_banner_text.setWordWrap(True)
        self.role_banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.role_banner_dismiss = QPushButton()
        self.role_banner_dismiss.setObjectName("roleBannerDismiss")
        self.role_banner_dismiss.clicked.connect(self.dismiss_role_banner)
        banner_layout = QHBoxLayout(self.role_banner)
        banner_layout.setContentsMargins(12, 8, 8, 8)
        banner_layout.setSpacing(12)
        banner_layout.addWidget(self.role_banner_text, 1)
        banner_layout.addWidget(self.role_banner_dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.role_banner.hide()

        # Field mode: whose pack this is, that it works offline, and until when (ui/field_mode).
        self.field_banner = QFrame()
        self.field_banner.setObjectName("fieldBanner")
        self.field_banner.setStyleSheet(
            "QFrame#fieldBanner { background: #fff4e0; border: 1px solid #f0c987; border-radius: 4px; }"
            " QFrame#fieldBanner QLabel { color: #6b4500; }"
        )
        self.field_banner_title = QLabel()
        self.field_banner_title.setObjectName("fieldBannerTitle")
        self.field_banner_title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self.field_banner_title.font()
        title_font.setBold(True)
        self.field_banner_title.setFont(title_font)
        self.field_banner_text = QLabel()
        self.field_banner_text.setObjectName("fieldBannerText")
        self.field_banner_text.setWordWrap(True)
        self.field_banner_text.setTextFormat(Qt.TextFormat.PlainText)
        field_layout = QVBoxLayout(self.field_banner)
        field_layout.setContentsMargins(12, 8, 12, 8)
        field_layout.setSpacing(2)
        field_layout.addWidget(self.field_banner_title)
        field_layout.addWidget(self.field_banner_text)
        self.field_banner.hide()

        content = QWidget()
        content.setObjectName("content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 12, 12, 0)
        layout.setSpacing(10)
        layout.addWidget(self.role_banner)
        layout.addLayout(top)
        layout.addWidget(self.list_stack, 1)

        self.locked_page = QWidget()
        self.locked_page.setObjectName("lockedPage")
        self.locked_title = QLabel()
        self.locked_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.locked_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.locked_title.setFont(font)
        self.locked_hint = QLabel()
        self.locked_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_hint.setStyleSheet("color: palette(placeholder-text);")
        # A field pack is written back to its file when it locks; if that was refused (another
        # window saved the same pack meanwhile) the person must read why, here, not in a log.
        self.locked_error = QLabel()
        self.locked_error.setObjectName("lockedError")
        self.locked_error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_error.setWordWrap(True)
        self.locked_error.setStyleSheet("QLabel { color: #b3261e; background: #fdecea; padding: 10px 16px; }")
        self.locked_error.hide()
        locked_layout = QVBoxLayout(self.locked_page)
        locked_layout.addStretch(1)
        locked_layout.addWidget(self.locked_title)
        locked_layout.addWidget(self.locked_hint)
        locked_layout.addSpacing(12)
        locked_layout.addWidget(self.locked_error)
        locked_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.locked_page)
        self.content = content
        # The banner sits above the list and above the expired pack's page alike.
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        banner_row = QVBoxLayout()
        banner_row.setContentsMargins(12, 12, 12, 0)
        banner_row.addWidget(self.field_banner)
        central_layout.addLayout(banner_row)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # The customer card, beside the list (ui/customer_card.py); it follows the selection.
        self.card = CustomerCard(self, CARD_SECTIONS)
        self.card.saved.connect(self._customer_saved)
        self.card.open_existing.connect(self.open_customer)
        self.card.left.connect(self._card_left)
        self.card_dock = QDockWidget()
        self.card_dock.setObjectName("customerCardDock")
        self.card_dock.setWidget(self.card)
        self.card_dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.card_dock.setMinimumWidth(460)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.card_dock)
        self.card_dock.hide()

        self.folder_label = QLabel()
        self.folder_label.setObjectName("folderLabel")
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.requests_label = QLabel()
        self.requests_label.setObjectName("requestsLabel")
        self.requests_label.setStyleSheet("color: #b3261e;")
        self.requests_label.hide()
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.folder_label, 1)
        for label in (self.requests_label, self.user_label, self.total_label, self.saved_label):
            label.setContentsMargins(12, 0, 4, 0)
            status.addPermanentWidget(label)

    def _action(self, name: str, slot: Any, shortcuts: list[QKeySequence] | None = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts(shortcuts)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        """The window's own actions, then each feature's, placed by section (see ui/feature.py)."""
        self.action_new = self._action(
            "actionNew", self.new_customer, [QKeySequence(QKeySequence.StandardKey.New)]
        )
        self.action_open = self._action(
            "actionOpen",
            self.open_selected,
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
        )
        self.action_delete = self._action(
            "actionDelete", self.delete_selected, [QKeySequence(QKeySequence.StandardKey.Delete)]
        )
        # Enter and Del act on the list only: in the search box they keep their usual meaning.
        for action in (self.action_open, self.action_delete):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.action_find = self._action(
            "actionFind", self.focus_search, [QKeySequence(QKeySequence.StandardKey.Find)]
        )
        self.action_lock = self._action("actionLock", self.lock, [QKeySequence("Ctrl+L")])
        self.action_lock.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action_password = self._action("actionChangePassword", self.change_password)
        self.action_columns = self._action("actionColumns", self.open_column_chooser)
        self.action_card = self._action("actionCustomerCard", self.toggle_card, [QKeySequence("Ctrl+I")])
        self.action_card.setCheckable(True)
        self.card_dock.visibilityChanged.connect(self._card_visibility_changed)
        self.action_settings = self._action(
            "actionSettings",
            self.settings_requested.emit,
            [QKeySequence(QKeySequence.StandardKey.Preferences)],
        )
        self.action_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        for action, name in (
            (self.action_new, "customer-new"),
            (self.action_open, "customer-open"),
            (self.action_delete, "customer-delete"),
            (self.action_columns, "columns"),
            (self.action_lock, "lock"),
        ):
            action.setIcon(icon(name))
        self.action_quit = self._action("actionQuit", self.close, [QKeySequence("Ctrl+Q")])
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_quit.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        self.features: list[Feature] = [feature_class(self, self) for feature_class in FEATURES]
        placed: list[tuple[Section, QAction]] = [
            (Section.FILE_SESSION, self.action_lock),
            (Section.FILE_SESSION, self.action_password),
            (Section.FILE_APP, self.action_settings),
            (Section.FILE_APP, self.action_quit),
            (Section.CUSTOMERS_RECORD, self.action_new),
            (Section.CUSTOMERS_RECORD, self.action_open),
            (Section.CUSTOMERS_RECORD, self.action_delete),
            (Section.CUSTOMERS_FIND, self.action_find),
            (Section.VIEW_LIST, self.action_columns),
            (Section.VIEW_LIST, self.action_card),
        ]
        placed += [(item.section, item.action) for f in self.features for item in f.actions]
        bar = self.menuBar()
        self.menus = {menu: bar.addMenu("") for menu in Menu}
        self.menu_file = self.menus[Menu.FILE]
        self.menu_customers = self.menus[Menu.CUSTOMERS]
        self.menu_view = self.menus[Menu.VIEW]
        self.menu_tools = self.menus[Menu.TOOLS]
        self.menu_help = self.menus[Menu.HELP]
        for menu in Menu:
            sections = [section for section in Section if section.menu is menu]
            first = True
            for section in sections:
                actions = [action for placed_section, action in placed if placed_section is section]
                if not actions:
                    continue
                if not first:
                    self.menus[menu].addSeparator()
                first = False
                self.menus[menu].addActions(actions)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QSize(20, 20))
        for action in (self.action_new, self.action_open, self.action_delete):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_columns)
        for feature in self.features:
            self.toolbar.addActions([item.action for item in feature.actions if item.toolbar])
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.action_lock)
        self.addToolBar(self.toolbar)

    def _retranslate(self) -> None:
        self.setWindowTitle(self._title())
        self.search_box.setPlaceholderText(
            self.tr("Search by name, pinyin or initials, phone, e-mail, company or tag  (Ctrl+F)")
        )
        self.action_new.setText(self.tr("&New customer"))
        self.action_new.setToolTip(self.tr("Add a customer (Ctrl+N)"))
        self.action_open.setText(self.tr("&Open"))
        self.action_open.setToolTip(self.tr("Open the selected customer (Enter)"))
        self.action_delete.setText(self.tr("&Delete"))
        self.action_delete.setToolTip(self.tr("Delete the selected customer (Del)"))
        self.action_find.setText(self.tr("&Find"))
        self.action_lock.setText(self.tr("Lock"))
        self.action_lock.setToolTip(self.tr("Lock the vault now (Ctrl+L)"))
        self.action_columns.setText(self.tr("&Columns…"))
        self.action_card.setText(self.tr("Customer &card"))
        self.action_card.setToolTip(self.tr("Show or hide the card of the selected customer (Ctrl+I)"))
        self.card_dock.setWindowTitle(self.tr("Customer"))
        self.card.retranslate()
        self.action_password.setText(self.tr("Change &password…"))
        self.role_banner_dismiss.setText(self.tr("Dismiss"))
        self.action_settings.setText(self.tr("&Settings…"))
        self.action_quit.setText(self.tr("&Quit"))
        self.action_quit.setToolTip(self.tr("Lock the vault and close Custos (Ctrl+Q)"))
        for feature in self.features:
            feature.retranslate()
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_customers.setTitle(self.tr("&Customers"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_tools.setTitle(self.tr("&Tools"))
        self.menu_help.setTitle(self.tr("&Help"))
        self._set_locked_page_texts()
        self._update_status()
        self._update_role_texts()
        self._update_list_page()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.set_language(self.language())
        super().changeEvent(event)

    def _title(self) -> str:
        if self._pack is not None and not self._locked:
            return self.tr("Field pack for %1 — Custos").replace("%1", self._pack.user)
        business = ""
        if self._vault is not None and not self._locked:
            try:
                business = self._vault.business_name
            except KnownError:
                business = ""
        return self.tr("%1 — Custos").replace("%1", business) if business else self.tr("Custos")

    # ------------------------------------------------------------------ session

    def _open_session(self, vault: Any) -> None:
        self._vault = vault
        self._actor = vault.actor
        self._locked = False
        self._session += 1
        self._pack = vault.pack if fieldpack.is_field_mode(vault) else None
        self._show_field_banner()
        self._catalogue = Catalogue.load(vault.connection())
        self._access = access_for(vault, self._actor)
        self.card.build_sections()
        self.setWindowTitle(self._title())
        self.idle_watcher.start()
        session = self._session
        if self._pack is None:  # alerts, notices and requests live in the office vault
            self.alerts_timer.start()
            # After the window is on screen, so the dialogs have a window to be modal over.
            QTimer.singleShot(0, lambda: self.show_notices(session))
            QTimer.singleShot(0, lambda: self.check_requests(session, at_signin=True))
        # A pack opens with the office password it was sealed to; that one is changed in the office.
        self._awaiting_password = self._pack is None and bool(vault.must_change_password)
        if not self._awaiting_password:
            self._show_customers()
            return
        # A password someone else set: no customer reaches a model or widget until the user has
        # chosen their own. The window shows only a note behind the change-password dialog.
        self.stack.setCurrentWidget(self.locked_page)
        self._set_locked_page_texts()
        self._update_status()
        self._update_actions()
        QTimer.singleShot(0, lambda: self._ask_for_new_password(session))

    @property
    def field_mode(self) -> bool:
        """The window shows a field pack, not the office vault (see the module docstring)."""
        return self._pack is not None and not self._locked

    @property
    def field_pack(self) -> Any:
        """The pack's header (user, expiry, office) in field mode, else None."""
        return self._pack if not self._locked else None

    def _show_field_banner(self) -> None:
        """The coloured line over everything in field mode: whose pack, offline, until when."""
        pack = self._pack
        if pack is None or self._locked:
            self.field_banner.hide()
            return
        self.field_banner_title.setText(
            self.tr("Field pack for %1 — offline — expires %2")
            .replace("%1", pack.user)
            .replace("%2", format_day(pack.expires_at))
        )
        self.field_banner_text.setText(
            self.tr(
                "Search, view, add and edit customers and record consent here; it all goes into the "
                "office vault (%1) when the pack is merged back there. Office work — backups, users, "
                "imports, exports, reports, field packs — is done in the office."
            ).replace("%1", pack.business)
        )
        self.field_banner.show()

    def _show_customers(self, *, first_signin: bool = False) -> None:
        self.model.set_source(self._vault, self._actor, self._access)
        self.model.set_fields(self._visible_fields())
        self.stack.setCurrentWidget(self.content)
        self._show_list_or_counts()
        self._update_status()
        self._update_actions()
        if self._card_was_open and not self.counts_only:
            self.card_dock.show()
        self.role_banner.setVisible(first_signin)
        self._update_role_texts()

    def _set_locked_page_texts(self) -> None:
        if self._awaiting_password:
            self.locked_title.setText(self.tr("Choose your own password"))
            self.locked_hint.setText(
                self.tr("Customer records appear once you have set a password only you know.")
            )
        else:
            self.locked_title.setText(self.tr("Custos is locked"))
            self.locked_hint.setText(self.tr("Customer data is hidden until you sign in again."))

    @property
    def counts_only(self) -> bool:
        """The role sees no customer field (the auditor): the window shows the count alone."""
        access = self._access
        if access is None or self._catalogue is None:
            return False
        return not any(access.can_see(f.key) for f in self._catalogue.active())

    def _show_list_or_counts(self, *, keep_query: bool = False) -> None:
        """The table for a role that sees customer fields; the count and a note otherwise.

        A counts-only role never makes a customer view: no row, not even an id, reaches a model.
        """
        if self.counts_only:
            self.model.set_view(None)
            self.list_stack.setCurrentWidget(self.counts_page)
            self.search_box.setEnabled(False)
            self.search_box.hide()  # nothing to search: no field is shown
            self._show_count()
            return
        self.search_box.show()
        access = self._access
        searchable = access is not None and bool(customers.search_columns(access))
        self.search_box.setEnabled(searchable)
        if keep_query and self.model.view is not None and searchable:
            self.model.reload()
        else:
            if not searchable:
                self.search_box.setText("")
            self.model.load("")

    def _show_count(self) -> None:
        try:
            count = customers.count(self._vault, self._actor)
        except KnownError as error:
            self.statusBar().showMessage(describe(error), 10_000)
            return
        self._set_total(count)

    def _update_role_texts(self) -> None:
        """The counts page and the first sign-in banner, in the current language."""
        if self._locked or self._access is None or self._actor is None:
            self.counts_total.clear()
            self.counts_message.clear()
            self.role_banner_text.clear()
            return
        role = role_label(self._actor.role)
        self.counts_message.setText(
            self.tr(
                "Your role (%1) shows counts only: customer details are not part of it. "
                "If your work needs them, ask the owner to change your role."
            ).replace("%1", role)
        )
        self.role_banner_text.setText(self.role_summary())

    def role_summary(self) -> str:
        """One plain sentence: what the signed-in role shows, read-only, masked and hides."""
        access, catalogue = self._access, self._catalogue
        if access is None or catalogue is None or self._actor is None:
            return ""
        language = self.language()
        by_level: dict[str, list[str]] = {"write": [], "read": [], "masked": [], "hidden": []}
        for field in catalogue.active():
            by_level[access.level(field.key)].append(field.label(language))
        role = role_label(self._actor.role)
        read_only = [self.tr("%1 (read only)").replace("%1", label) for label in by_level["read"]]
        seen = by_level["write"] + read_only
        if seen:
            parts = [self.tr("As %1 you see: %2").replace("%1", role).replace("%2", join_names(seen))]
        else:
            parts = [self.tr("As %1 you see no customer details, only counts").replace("%1", role)]
        if by_level["masked"]:
            parts.append(self.tr("masked: %1").replace("%1", join_names(by_level["masked"])))
        if by_level["hidden"] and seen:
            parts.append(self.tr("hidden: %1").replace("%1", join_names(by_level["hidden"])))
        return self.tr("; ").join(parts) + self.tr(".")

    def dismiss_role_banner(self) -> None:
        self.role_banner.hide()

    # ------------------------------------------------------------------ after sign-in

    def show_notices(self, session: int) -> QMessageBox | None:
        """What happened since this user's last sign-in that they must know (a password reset
        with the recovery code …), in one message; seen once the user closes it with OK."""
        if session != self._session or self._locked or self.notices_box is not None:
            return None
        try:
            pending = notices.pending(self._vault)
        except KnownError:
            return None
        if not pending:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Since your last sign-in"),
            "\n\n".join(self._notice_text(n) for n in pending),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("noticesBox")
        vault = self._vault

        def closed(result: int) -> None:
            self.notices_box = None
            if result == QMessageBox.StandardButton.Ok and session == self._session and not self._locked:
                try:
                    notices.acknowledge(vault, pending)
                except KnownError as error:
                    show_error(self, error)

        box.finished.connect(closed)
        box.finished.connect(box.deleteLater)
        self.notices_box = box
        self.open_dialog(box)
        return box

    def check_requests(self, session: int | None = None, *, at_signin: bool = False) -> None:
        """Overdue and due-soon customers' requests, read off the GUI thread: counted in the
        status bar, and listed once at sign-in for those who handle requests."""
        session = self._session if session is None else session
        if session != self._session or self._locked or not self.allows("handle_requests"):
            self.requests_label.hide()
            return
        vault, actor = self._vault, self._actor
        self._runner.run(
            lambda _task: (session, requests_mod.attention(vault, actor)),
            on_result=lambda result: self._requests_checked(result, at_signin),
            on_error=lambda _error: self.requests_label.hide(),
            vault=vault,
        )

    def _requests_checked(self, result: tuple[int, list], at_signin: bool) -> None:
        session, due = result
        if session != self._session or self._locked:
            return
        overdue = sum(1 for _request, state in due if state == "overdue")
        soon = len(due) - overdue
        if not due:
            self.requests_label.hide()
            return
        self.requests_label.setText(
            self.tr("Requests: %1 overdue, %2 due soon").replace("%1", str(overdue)).replace("%2", str(soon))
        )
        self.requests_label.setToolTip(self.tr("Tools → Customers' requests"))
        self.requests_label.show()
        if not at_signin or self.requests_box is not None:
            return
        lines = []
        for request, state in due[:10]:
            when = request.deadline.due.isoformat() if request.deadline.due else ""
            text = self.tr("%1 overdue since %2") if state == "overdue" else self.tr("%1 due on %2")
            lines.append(text.replace("%1", request.reference).replace("%2", when))
        if len(due) > 10:
            lines.append(self.tr("… and %1 more").replace("%1", str(len(due) - 10)))
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Customers' requests need an answer"),
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("requestsBox")

        def closed(_result: int) -> None:
            self.requests_box = None

        box.finished.connect(closed)
        box.finished.connect(box.deleteLater)
        self.requests_box = box
        self.open_dialog(box)

    def evaluate_alerts(self) -> None:
        """The alert rules over what was done since the last evaluation, off the GUI thread;
        an alert raised for an owner who is signed in is shown to them now."""
        if self._locked or self._vault is None:
            return
        session, vault = self._session, self._vault

        def evaluate(_task: Any) -> int:
            return alerts.evaluate(vault)

        def done(_read: int) -> None:
            if session == self._session and not self._locked:
                self.show_notices(session)

        self._runner.run(evaluate, on_result=done, on_error=self._task_failed, vault=vault)

    def _notice_text(self, notice: notices.Notice) -> str:
        when = format_moment(notice.at)
        if notice.kind == notices.RECOVERY_PASSWORD_RESET:
            return (
                self.tr(
                    "On %1 the recovery code was used to reset the password of %2. If no owner did this, "
                    "the recovery code has leaked: replace it and check the users."
                )
                .replace("%1", when)
                .replace("%2", str(notice.details.get("user", "?")))
            )
        return f"{when}: {notice.message()}"

    # ------------------------------------------------------------------ first sign-in

    def _ask_for_new_password(self, session: int) -> None:
        """A password someone else set must be changed before work starts; Cancel locks."""
        if session != self._session or self._locked or self.password_dialog is not None:
            return
        try:
            must_change = self._vault.must_change_password
        except KnownError:
            return
        if not must_change:
            return
        dialog = ChangePasswordDialog(self._vault, self._runner, self, forced=True)
        dialog.accepted.connect(self._password_changed)
        dialog.rejected.connect(self._password_change_cancelled)
        dialog.finished.connect(dialog.deleteLater)
        self.password_dialog = dialog
        self.open_dialog(dialog)

    def change_password(self) -> ChangePasswordDialog | None:
        """File → Change password… (the signed-in user's own, proving the current one)."""
        if self._locked or self.password_dialog is not None or self._vault.user is None:
            return None
        dialog = ChangePasswordDialog(self._vault, self._runner, self)
        dialog.accepted.connect(self._password_changed)
        dialog.rejected.connect(self._password_dialog_closed)
        dialog.finished.connect(dialog.deleteLater)
        self.password_dialog = dialog
        self.open_dialog(dialog)
        return dialog

    def _password_dialog_closed(self) -> None:
        self.password_dialog = None

    def _password_changed(self) -> None:
        self.password_dialog = None
        if self._awaiting_password and not self._locked:
            self._awaiting_password = False
            self._show_customers(first_signin=True)
        self.statusBar().showMessage(self.tr("Your new password is saved."), 10_000)

    def _password_change_cancelled(self) -> None:
        self.password_dialog = None
        if not self._locked and not self._locking:
            self.lock()  # no work with a password someone else knows

    def refresh_access(self) -> None:
        """Re-read the signed-in user's role and its policy (after the users or roles dialog)."""
        if self._locked or self._vault is None:
            return
        try:
            self._actor = self._vault.actor
            self._catalogue = Catalogue.load(self._vault.connection())
            self._access = access_for(self._vault, self._actor)
        except KnownError as error:
            show_error(self, error)
            return
        shown = self.card.customer_id
        self.card.build_sections()
        if shown is not None and not self.counts_only:
            self.card.show_customer(shown)
        self.model.set_source(self._vault, self._actor, self._access)
        self.model.set_fields(self._visible_fields())
        self._show_list_or_counts(keep_query=True)
        self._update_status()
        self._update_actions()
        self._update_role_texts()

    @property
    def vault(self) -> Any:
        return self._vault

    @property
    def is_locked(self) -> bool:
        return self._locked

    def unlocked(self, vault: Any) -> None:
        """Show the list again after sign-in: same column order and sort, empty search."""
        self._open_session(vault)
        self.focus_search()

    def lock(self) -> None:
        """Lock now: afterwards no customer value is held by this window or its dialogs."""
        if self._locked or self._locking:
            return
        self._locking = True
        try:
            self.lock_requested.emit()
            self._search_timer.stop()
            self._follow_timer.stop()
            self.idle_watcher.stop()
            self.alerts_timer.stop()
            self._session += 1
            self._to_select = None
            self._runner.wait_all()
            self.card.clear()
            self._card_was_open = self.card_dock.isVisible()
            self.card_dock.hide()
            self._close_dialogs()
            self.model.clear()
            self.table.clearSelection()
            self.search_box.blockSignals(True)
            self.search_box.setText("")  # setText, unlike clear(), also drops the undo history
            self.search_box.blockSignals(False)
            self.count_label.clear()
            vault, self._vault, self._actor, self._access = self._vault, None, None, None
            self.password_dialog = None
            self.notices_box = None
            self.requests_box = None
            self.requests_label.hide()
            self.role_banner.hide()
            self._update_role_texts()
            self.locked_error.hide()
            if vault is not None:
                try:
                    vault.lock(audit=True)
                except KnownError as error:  # a field pack whose file could not be written back
                    self.locked_error.setText(describe(error))
                    self.locked_error.show()
            self._pack = None
            self.field_banner.hide()
            self._locked = True
            self._awaiting_password = False
            self._set_locked_page_texts()
            self.stack.setCurrentWidget(self.locked_page)
            self.setWindowTitle(self._title())
            self._update_status()
            self._update_actions()
        finally:
            self._locking = False
        self.locked.emit()

    def open_dialog(self, dialog: QDialog) -> None:
        # A window-modal dialog shadows the window's own shortcuts; Ctrl+L must still lock.
        dialog.addAction(self.action_lock)
        dialog.open()

    def _close_dialogs(self) -> None:
        for editor in list(self.editors):
            editor.discard()
        self.editors.clear()
        for box in self.findChildren(QMessageBox):
            # A confirmation may name a customer: empty it before it goes.
            box.setText("")
            box.setInformativeText("")
            box.setDetailedText("")
            box.done(0)
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    # ------------------------------------------------------------------ settings and columns

    def apply_settings(self) -> None:
        """Re-read the settings this window uses (after the settings dialog was accepted)."""
        density = self._settings.get(settings_mod.TABLE_DENSITY)
        height = self.table.fontMetrics().height() + (6 if density == "compact" else 14)
        vertical = self.table.verticalHeader()
        vertical.setMinimumSectionSize(min(height, vertical.minimumSectionSize()))
        vertical.setDefaultSectionSize(height)
        self.idle_watcher.set_minutes(self._settings.get(settings_mod.IDLE_LOCK_MINUTES))

    def _visible_fields(self) -> list[FieldDef]:
        assert self._catalogue is not None and self._actor is not None and self._access is not None
        allowed = {f.key for f in self._catalogue.active() if self._access.can_see(f.key)}
        return visible_fields(
            self._catalogue, self._settings, self._vault.vault_id, self._actor.user, allowed
        )

    def set_visible_columns(self, keys: list[str]) -> None:
        """Show these fields as columns and remember the choice for this vault and user."""
        self._settings.set_columns_for(self._vault.vault_id, self._actor.user, keys)
        self.model.set_fields(self._visible_fields())
        self._sync_sort_indicator(self.model.view)

    def open_column_chooser(self) -> ColumnChooser | None:
        if self._locked or self._catalogue is None or self._access is None or self.counts_only:
            return None
        access = self._access
        chooser = ColumnChooser(
            [f for f in self._catalogue.active() if access.can_see(f.key)],
            [f.key for f in self.model.fields()],
            self.language(),
            self,
        )
        chooser.accepted.connect(lambda: self.set_visible_columns(chooser.chosen_keys()))
        chooser.finished.connect(chooser.deleteLater)
        self.open_dialog(chooser)
        return chooser

    def allows(self, permission: str) -> bool:
        return not self._locked and self._access is not None and self._access.allows(permission)

    # ------------------------------------------------------------------ search and sort

    def _search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _search_now(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.run_search()

    def run_search(self) -> None:
        """Show what the search box asks for now (the debounce timer calls this)."""
        if self._locked:
            return
        text = self.search_box.text().strip()
        if not text:
            self.count_label.clear()
        self.model.load(text)

    def _on_view_loaded(self, view: CustomerView) -> None:
        if view.query:
            if view.capped:
                text = self.tr("%1+ matches").replace("%1", QLocale().toString(RESULT_CAP))
            elif view.count == 0:
                text = self.tr("No matches")
            elif view.count == 1:
                text = self.tr("1 match")
            else:
                text = self.tr("%1 matches").replace("%1", QLocale().toString(view.count))
            self.count_label.setText(text)
        else:
            self.count_label.clear()
            self._set_total(view.count)
        self._sync_sort_indicator(view)
        self.table.fit_columns()
        self._update_actions()
        self._update_list_page()
        if self._to_select is not None:
            self._select_saved(view)

    def _update_list_page(self) -> None:
        """The table when it has rows; otherwise what the emptiness means and what to do next."""
        view = self.model.view
        if self._locked or self.counts_only:
            return
        if view is None or view.count > 0:
            self.list_stack.setCurrentWidget(self.table)
            return
        new_icon = self.action_new.icon()
        buttons: list[tuple[str, Any, Any]] = []
        if view.query:
            title = self.tr("No customer matches \u201c%1\u201d").replace("%1", view.query)
            message = self.tr(
                "Check the spelling, or search by another detail: part of a phone number, "
                "an e-mail address, a company or a tag."
            )
            buttons.append((self.tr("Clear the search"), None, self._clear_search))
            if self.action_new.isEnabled():
                buttons.append((self.tr("New customer"), new_icon, self.new_customer))
        elif self.action_new.isEnabled():
            title = self.tr("No customers yet")
            message = self.tr(
                "Add your first customer to begin. Each field in the form says what it is for, "
                "and the search box above finds anyone again as you type."
            )
            buttons.append((self.tr("Add the first customer"), new_icon, self.new_customer))
            buttons += [
                (action_label(item.action), item.action.icon(), item.action.trigger)
                for feature in self.features
                for item in feature.actions
                if item.first_step and item.action.isEnabled()
            ]
        else:
            title = self.tr("No customers yet")
            message = self.tr(
                "Customers appear here as your colleagues add them. Your role does not add customers."
            )
        self.empty_state.show_state(title, message, buttons)
        self.list_stack.setCurrentWidget(self.empty_state)

    def _clear_search(self) -> None:
        self.search_box.clear()
        self._search_now()
        self.focus_search()

    def _on_load_failed(self, error: BaseException) -> None:
        if isinstance(error, VaultLockedError):
            QTimer.singleShot(0, self.lock)
            return
        # Reported in the status bar: this can arrive while the table paints.
        self.statusBar().showMessage(describe(error), 10_000)

    def _sync_sort_indicator(self, view: CustomerView | None) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if view is None or view.sort == RELEVANCE:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        else:
            order = Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self.model.column_of(view.sort), order)
        header.blockSignals(False)
        header.viewport().update()

    def _header_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self._locked or not self.model.is_sortable(column):
            self._sync_sort_indicator(self.model.view)  # e.g. tags: the core cannot sort them
            return
        self.model.sort(column, order)

    # ------------------------------------------------------------------ customers

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_customer(self.model.customer_id(index.row()))

    def open_selected(self) -> CustomerEditor | None:
        row = self.selected_row()
        customer_id = self.model.customer_id(row) if row >= 0 else None
        return self.open_customer(customer_id) if customer_id is not None else None

    def new_customer(self) -> CustomerEditor | None:
        return self.open_customer(None)

    def open_customer(self, customer_id: int | None) -> CustomerEditor | None:
        """Open a customer on the card beside the list, keyboard in its Details; ``None`` adds a
        new customer in the (window-modal) editor. Returns the editor showing the customer."""
        if self._locked:
            return None
        for open_editor in self.editors:
            if open_editor.isVisible():  # one at a time: the editor is window-modal
                open_editor.raise_()
                open_editor.activateWindow()
                return open_editor
        if customer_id is not None:
            return self.open_card(customer_id)
        try:
            editor = CustomerEditor(self._vault, customer_id, self._runner, self)
        except KnownError as error:
            show_error(self, error)
            self.model.reload()
            return None
        editor.saved.connect(self._customer_saved)
        editor.open_existing.connect(self.open_customer)
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.editors.append(editor)
        self.open_dialog(editor)
        return editor

    def open_card(self, customer_id: int, section: Any = None) -> CustomerEditor | None:
        """Show the card on ``customer_id`` (asking first if the card holds unsaved edits) and
        give it the keyboard: Details, or ``section`` (a CardSection class)."""
        if self._locked or self.counts_only:
            return None
        self._follow_timer.stop()
        self.card_dock.show()
        self.card_dock.raise_()
        if not self.card.show_customer(customer_id):
            if self.card.customer_id is None:
                self.model.reload()  # e.g. deleted by someone else since the list was shown
            return None
        self.card.show_section(section or type(self.card.details))
        self.card.focus_current()
        return self.card.editor

    def _selection_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.card_dock.isVisible() and not self.card.pinned:
            self._follow_timer.start()

    def _follow_selection(self) -> None:
        """The card follows the list, unless pinned or holding unsaved edits (it says why)."""
        customer_id = self.selected_customer_id()
        if customer_id is None or self._locked or not self.card_dock.isVisible() or self.card.pinned:
            return
        if customer_id == self.card.customer_id:
            return
        if self.card.is_dirty():
            self.show_message(
                self.tr("The card stays on %1 until its changes are saved or undone.").replace(
                    "%1", self.card.customer.name if self.card.customer else ""
                )
            )
            return
        self.card.show_customer(customer_id)

    def toggle_card(self) -> None:
        """View → Customer card: show it (on the selected customer) or hide it."""
        if self.card_dock.isVisible():
            self.card_dock.hide()
        elif not self._locked and not self.counts_only:
            self.card_dock.show()
            self.card_dock.raise_()

    def _card_visibility_changed(self, visible: bool) -> None:
        self.action_card.setChecked(self.card_dock.isVisible())
        if visible and not self._card_sized:
            self._card_sized = True  # a useful width the first time; the user's own afterwards
            self.resizeDocks([self.card_dock], [max(560, self.width() * 2 // 5)], Qt.Orientation.Horizontal)
        if visible and self.card.customer_id is None and not self._locked:
            customer_id = self.selected_customer_id()
            if customer_id is not None:
                self.card.show_customer(customer_id)

    def _card_left(self) -> None:
        """Escape or a save on the card: the list has the keyboard again."""
        if not self._locked and not self.counts_only:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _editor_closed(self, editor: CustomerEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
            editor.deleteLater()

    def _customer_saved(self, customer: Any) -> None:
        self._mark_saved()
        self._to_select = customer.id
        self.model.reload()

    def _select_saved(self, view: CustomerView) -> None:
        """Select the customer just saved in the new list (found off the GUI thread: in a large
        vault its row is a count over the sort index)."""
        customer_id, self._to_select = self._to_select, None
        session = self._session

        def locate(_task: Any) -> tuple[int, CustomerView, int, int | None]:
            return session, view, customer_id, view.position(customer_id)

        self._runner.run(
            locate, on_result=self._saved_located, on_error=self._on_load_failed, vault=self._vault
        )

    def _saved_located(self, result: tuple[int, CustomerView, int, int | None]) -> None:
        session, view, customer_id, row = result
        if session != self._session or self._locked or view is not self.model.view:
            return  # the list changed meanwhile: the user has moved on
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if view.query:
            # The search hides the customer just saved. Losing sight of what you just typed in is
            # worse than losing the search: show the whole list with them selected, and say why.
            self._to_select = customer_id
            self._search_timer.stop()
            self.search_box.blockSignals(True)
            self.search_box.setText("")
            self.search_box.blockSignals(False)
            self.count_label.clear()
            self.show_message(
                self.tr(
                    "The customer you saved does not match the search \u201c%1\u201d: "
                    "the search was cleared to show them."
                ).replace("%1", view.query)
            )
            self.model.load("")

    def delete_selected(self) -> bool:
        """Delete the selected customer after a confirmation naming them; True if deleted."""
        row = self.selected_row()
        customer = self.model.customer(row) if row >= 0 and not self._locked else None
        if customer is None or not self.allows("delete_customers"):
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Delete customer"),
            self.tr(
                "Delete \u201c%1\u201d? The customer disappears from every list and search. "
                "The record is kept for the erasure workflow until it is purged."
            ).replace("%1", customer.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes or self._locked:
            return False
        vault, actor, customer_id = self._vault, self._actor, customer.id
        session = self._session

        def remove(_task: Any) -> tuple[int, int]:
            customers.delete(vault, actor, customer_id)
            return session, customer_id

        self._runner.run(remove, on_result=self._deleted, on_error=self._task_failed, vault=vault)
        return True

    def _deleted(self, result: tuple[int, int]) -> None:
        session, customer_id = result
        if session != self._session:
            return
        if self.card.customer_id == customer_id:
            self.card.clear()  # nothing left to show or save
        self._mark_saved()
        self.model.reload()

    def _task_failed(self, error: BaseException) -> None:
        if not self._locked:
            show_error(self, error)
            self.model.reload()

    # ------------------------------------------------------------------ status bar

    def _mark_saved(self) -> None:
        self._last_saved = QTime.currentTime()
        self._update_status()

    def _set_total(self, count: int | None) -> None:
        if count is None:
            self.total_label.clear()
        elif count == 1:
            self.total_label.setText(self.tr("1 customer"))
        else:
            self.total_label.setText(self.tr("%1 customers").replace("%1", QLocale().toString(count)))
        self.counts_total.setText(self.total_label.text())

    def _update_status(self) -> None:
        if self._locked or self._vault is None:
            self.folder_label.setText(self.tr("Locked"))
            self.folder_label.setToolTip("")
            self.user_label.clear()
            self._set_total(None)
        else:
            folder = str(self._vault.folder)
            if self._pack is not None:
                folder = str(self._vault.pack_path)
                self.folder_label.setText(self.tr("Field pack: %1").replace("%1", folder))
            else:
                self.folder_label.setText(self.tr("Vault: %1").replace("%1", folder))
            self.folder_label.setToolTip(folder)
            self.user_label.setText(
                self.tr("%1 (%2)").replace("%1", self._actor.user).replace("%2", role_label(self._actor.role))
            )
            if self.counts_only:
                pass  # the count shown was read by _show_count
            elif self.model.view is not None and not self.model.query:
                self._set_total(self.model.view.count)
            elif self.model.view is not None:
                self._refresh_total()
        if self._last_saved is None:
            self.saved_label.setText(self.tr("No changes yet"))
        else:
            self.saved_label.setText(self.tr("Saved %1").replace("%1", format_time(self._last_saved)))

    def _refresh_total(self) -> None:
        vault, actor, session = self._vault, self._actor, self._session
        self._runner.run(
            lambda _task: (session, customers.count(vault, actor)), on_result=self._total_counted, vault=vault
        )

    def _total_counted(self, result: tuple[int, int]) -> None:
        session, count = result
        if session == self._session and not self._locked:
            self._set_total(count)

    # ------------------------------------------------------------------ the Host of ui/feature.py

    def feature(self, feature_class: type[FeatureT]) -> FeatureT:
        """The window's instance of a feature (tests and screenshots open its dialogs through it)."""
        return next(f for f in self.features if isinstance(f, feature_class))

    @property
    def runner(self) -> Any:
        return self._runner

    def selected_customer_id(self) -> int | None:
        row = self.selected_row()
        return self.model.customer_id(row) if row >= 0 and not self._locked else None

    def selected_customer_ids(self) -> list[int]:
        if self._locked or self.table.selectionModel() is None:
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.customer_id(row) for row in rows]
        return [i for i in ids if i is not None]

    def search_text(self) -> str:
        return "" if self._locked else self.search_box.text().strip()

    def reload_customers(self) -> None:
        if not self._locked and not self.counts_only:
            self.model.reload()

    def refresh_requests(self) -> None:
        self.check_requests()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().addPermanentWidget(widget)

    def menu_actions(self) -> list[QAction]:
        return [a for menu in self.menus.values() for a in menu.actions() if not a.isSeparator()]

    def _table_context_menu(self, pos: QPoint) -> None:
        """Right-click on a row: what can be done to that customer, the window's and each feature's."""
        index = self.table.indexAt(pos)
        if not index.isValid() or self._locked:
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addActions([self.action_open, self.action_delete])
        customer_actions = [
            item.action for f in self.features for item in f.actions if item.section is Section.CUSTOMER
        ]
        if customer_actions:
            menu.addSeparator()
            menu.addActions(customer_actions)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ misc

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _update_actions(self, *_args: object) -> None:
        unlocked = not self._locked
        access = self._access
        field = self.field_mode
        listing = unlocked and not self._awaiting_password and not self.counts_only
        has_row = listing and self.table.currentIndex().isValid()
        can_write = (
            access is not None
            and self._catalogue is not None
            and any(access.can_write(f.key) for f in self._catalogue.active())
        )
        self.action_new.setEnabled(listing and can_write)
        self.action_open.setEnabled(has_row)
        # A pack adds and corrects customers; deleting (and the erasure it starts) is office work.
        self.action_delete.setEnabled(has_row and not field and self.allows("delete_customers"))
        self.action_delete.setVisible(not field)
        self.action_find.setEnabled(listing and self.search_box.isEnabled())
        self.action_lock.setEnabled(unlocked)
        # The pack opens with the office password it was sealed to; it is changed in the office.
        self.action_password.setEnabled(
            unlocked and not field and self._vault is not None and self._vault.user is not None
        )
        self.action_password.setVisible(not field)
        self.action_columns.setEnabled(listing)
        self.action_card.setEnabled(listing)
        for feature in self.features:
            feature.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow in the search box moves into the results, like a browser's address bar.
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()  # Esc empties the search, as in most search fields
                return True
            if key_event.key() == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self._search_now()
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._focus_search_on_show:
            self._focus_search_on_show = False
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Unsaved edits on the card are asked about, as the modal editor asked before it closed.
        if not self._locked and self.card.is_dirty() and not self.card.confirm_leave():
            event.ignore()
            return
        waiting = [f for f in self.features if not f.about_to_close(lambda: QTimer.singleShot(0, self.close))]
        if waiting:
            event.ignore()  # e.g. the backup on close runs first; the window closes when it ends
            return
        if self.field_mode:
            self.lock()  # writes the pack back now, while this window can still say it could not
            if not self.locked_error.isHidden():
                event.ignore()  # stay open on the locked page, which says what was not saved
                return
        self._follow_timer.stop()
        self._search_timer.stop()
        self.idle_watcher.stop()
        self.alerts_timer.stop()
        super().closeEvent(event)
