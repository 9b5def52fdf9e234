"""The customer table as a Qt model: a window over a core ``CustomerView``, never the whole list.

``CustomerView`` gives random access to row *i* of a sorted (optionally searched) customer list.
This model asks it for whole pages (``page_size`` rows) the first time ``data()`` needs a row of
that page and keeps at most ``max_pages`` pages in an LRU cache, so a million customers scroll
with a few hundred rows in memory. A page of the unfiltered list is one indexed query (a few
milliseconds), so pages are fetched on the GUI thread; a *search* can take longer, so ``load()``
builds searched views in the task runner and drops results that arrive after a newer request.

The model holds customer values only in its page cache: ``clear()`` (used when the vault locks)
drops the view, the cache and the vault reference.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app import customers
from app.access import Access, Actor, access_for
from app.customers import RELEVANCE, SORT_KEYS, Customer, CustomerView
from app.errors import KnownError
from app.fields import FieldDef
from app.phones import format_phone
from ui.dates import format_day

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def label_language() -> str:
    """Which catalogue label (``label_zh`` / ``label_en``) suits the current UI language.

    ``ui.i18n.Translations.apply`` sets the default QLocale with the UI language, so the locale
    is the single source of truth for widgets that are not handed a ``Translations``.
    """
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


def display_value(field: FieldDef, value: str | None, locale: QLocale | None = None) -> str:
    """How a stored value reads in a table cell: dates unambiguous (ui.dates), numbers grouped
    the locale's way."""
    if value is None or value == "":
        return ""
    locale = locale or QLocale()
    if field.type == "tags":
        return value.replace(",", ", ")
    if field.type == "phone":
        return format_phone(value, field.region)
    if field.type == "date":
        return format_day(value, locale)
    if field.type == "number":
        return format_number(value, locale)
    if field.type == "longtext":
        return " ".join(value.split())[:300]
    return value


def format_number(stored: str, locale: QLocale) -> str:
    """A stored number (exact decimal text, see fields.clean_number) with the locale's digit
    grouping and decimal point, digit for digit: going through a float would show
    12345678901234567890 as 12,345,678,901,234,567,168."""
    sign, digits = ("-", stored[1:]) if stored.startswith("-") else ("", stored)
    whole, point, fraction = digits.partition(".")
    if not whole.isdigit() or (point and not fraction.isdigit()):
        return stored  # not in the stored form (an old value): shown as it is
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = locale.groupSeparator().join([whole, *groups])
    return sign + grouped + (locale.decimalPoint() + fraction if point else "")


class CustomerTableModel(QAbstractTableModel):
    """Rows of a ``CustomerView``; columns are the visible catalogue fields.

    Signals:
        view_loaded(view): a new view is shown (after ``load``, ``sort`` or ``set_view``).
        load_failed(error): a known error while building a view or fetching a page.
    """

    anchors_ready = Signal()  # the current sort order can now jump to any row quickly
    view_loaded = Signal(object)
    load_failed = Signal(object)

    def __init__(
        self,
        vault: Any = None,
        actor: Actor | None = None,
        fields: Sequence[FieldDef] = (),
        language: str = "en",
        *,
        runner: Any = None,
        page_size: int = 100,
        max_pages: int = 8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self._actor = actor
        self._access: Access | None = access_for(vault, actor) if vault is not None and actor else None
        self._fields: list[FieldDef] = list(fields)
        self._language = language
        self._runner = runner
        self.page_size = page_size
        self.max_pages = max_pages
        self._view: CustomerView | None = None
        self._pages: OrderedDict[int, list[Customer | None]] = OrderedDict()
        self._generation = 0
        # The user's column sort; a new search shows relevance order until a header is clicked.
        self._sort = self.default_sort()
        self._descending = False
        self.pages_fetched = 0  # for tests and benchmarks

    # ------------------------------------------------------------------ source and columns

    def set_source(self, vault: Any, actor: Actor, access: Access | None = None) -> None:
        """The vault and actor new views are made with (after sign-in, or a policy change).

        The actor's role decides which columns may be sorted: only fields it reads unmasked
        (the order of values tells something about them). A remembered sort the role may not
        use falls back to the creation order.
        """
        self._vault = vault
        self._actor = actor
        self._access = access or access_for(vault, actor)
        if not self.may_sort_by(self._sort):
            self._sort, self._descending = self.default_sort(), False

    @property
    def access(self) -> Access | None:
        return self._access

    def may_sort_by(self, key: str) -> bool:
        """Whether the core sorts by ``key`` for this actor (a sortable field read unmasked)."""
        if key not in SORT_KEYS:
            return False
        access = self._access
        return access is None or key not in access.catalogue or access.can_read(key)

    def default_sort(self) -> str:
        """Name order where the role reads names; the creation order otherwise."""
        return "name" if self.may_sort_by("name") else "created_at"

    def set_fields(self, fields: Sequence[FieldDef]) -> None:
        self.beginResetModel()
        self._fields = list(fields)
        self.endResetModel()

    def fields(self) -> list[FieldDef]:
        return list(self._fields)

    def set_language(self, language: str) -> None:
        self._language = language
        if self._fields:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._fields) - 1)

    def column_of(self, key: str) -> int:
        """The column showing field ``key``, or -1."""
        for column, field in enumerate(self._fields):
            if field.key == key:
                return column
        return -1

    # ------------------------------------------------------------------ views

    @property
    def view(self) -> CustomerView | None:
        return self._view

    @property
    def query(self) -> str:
        return self._view.query if self._view is not None else ""

    @property
    def sort_key(self) -> str:
        """The user's column sort (also used when the search is cleared)."""
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    def set_sort_preference(self, key: str, descending: bool = False) -> None:
        """Remember a column sort without loading anything (the next ``load`` uses it)."""
        if self.may_sort_by(key):
            self._sort, self._descending = key, descending

    def set_view(self, view: CustomerView | None) -> None:
        """Show ``view`` (a snapshot of positions); every cached page is dropped.

        A search still running in the runner is superseded: its result will be ignored.
        """
        self._generation += 1
        self.beginResetModel()
        self._view = view
        self._pages.clear()
        self.endResetModel()
        if view is not None:
            self.view_loaded.emit(view)
            self._build_anchors(view)

    def _build_anchors(self, view: CustomerView) -> None:
        """Let the core index the whole sort order in the runner, so that dragging the scroll
        bar to any row costs a short seek on the GUI thread instead of a long OFFSET scan."""
        # The core caches anchors on the vault until a customer changes, so a view whose
        # order was indexed before says so (``anchored``) and needs no second pass.
        if view.query or view.anchored or self._runner is None:
            return
        self._runner.run(
            lambda _task: view.build_anchors(),
            on_result=self._anchors_built,
            on_error=self._anchors_failed,
            vault=self._vault,
        )

    def _anchors_built(self, _result: object) -> None:
        # A bound method, not a lambda: Qt drops the connection if the model is gone first.
        self.anchors_ready.emit()

    def _anchors_failed(self, error: BaseException) -> None:
        # Only speed is lost (pages fall back to offset scans); a locked vault is expected here.
        if not isinstance(error, KnownError):
            raise error

    def clear(self) -> None:
        """Forget the view, every cached value and the vault (on lock). Pending loads are dropped."""
        self._generation += 1
        self.beginResetModel()
        self._view = None
        self._pages.clear()
        self._vault = None
        self._actor = None
        self._access = None
        self.endResetModel()

    def load(self, query: str = "", *, relevance: bool = True) -> None:
        """Show the customers matching ``query`` (all when empty).

        A query is run in the task runner (it may take a moment on a large vault); its view
        replaces the current one only if no newer ``load``, ``sort`` or ``clear`` came since.
        ``relevance`` orders a search by relevance; otherwise by the user's column sort.

        The unfiltered list is made at once: it costs one row read (the count is kept by the
        core), and its pages are single indexed seeks. Its sort anchors, which make a jump to
        any row a short seek, are built in the runner right after (``build_anchors``).
        """
        if self._vault is None or self._actor is None:
            return
        query = query.strip()
        self._generation += 1
        generation = self._generation
        sort = RELEVANCE if query and relevance else self._sort
        descending = False if sort == RELEVANCE else self._descending
        vault, actor = self._vault, self._actor
        if not query or self._runner is None:
            try:
                view = CustomerView(vault, actor, query=query, sort=sort, descending=descending)
            except KnownError as error:
                self.load_failed.emit(error)
                return
            self.set_view(view)
            return

        def build(_task: Any) -> tuple[int, CustomerView | None, KnownError | None]:
            try:
                return (
                    generation,
                    CustomerView(vault, actor, query=query, sort=sort, descending=descending),
                    None,
                )
            except KnownError as error:  # e.g. the vault was locked meanwhile
                return generation, None, error

        self._runner.run(build, on_result=self._on_built, vault=vault)

    def _on_built(self, result: tuple[int, CustomerView | None, KnownError | None]) -> None:
        generation, view, error = result
        if generation != self._generation:
            return  # an older request finishing after a newer one
        if error is not None:
            self.load_failed.emit(error)
            return
        self.set_view(view)

    def reload(self) -> None:
        """Make a fresh view with the same query and order (after a change)."""
        view = self._view
        if view is None:
            self.load("")
        else:
            self.load(view.query, relevance=view.sort == RELEVANCE)

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self._fields) and self.may_sort_by(self._fields[column].key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-sort in the core by this column's field; columns the core cannot sort are ignored."""
        if not self.is_sortable(column):
            return
        self._sort = self._fields[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.load(self.query, relevance=False)

    # ------------------------------------------------------------------ the page cache

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def cached_row_count(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def customer(self, row: int) -> Customer | None:
        """The customer at ``row`` (fetching its page if needed), or None."""
        if self._view is None or not 0 <= row < self._view.count:
            return None
        number, offset = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def customer_id(self, row: int) -> int | None:
        found = self.customer(row)
        return found.id if found is not None else None

    def _fetch_page(self, number: int) -> list[Customer | None]:
        assert self._view is not None
        try:
            ids = self._view.ids(number * self.page_size, self.page_size)
            by_id = {c.id: c for c in customers.fetch(self._vault, self._actor, ids)}
        except KnownError as error:
            # Cached empty, so one failure is reported once, not on every repaint.
            self._pages[number] = []
            self.load_failed.emit(error)
            return []
        # A customer deleted since the view was made stays an empty row until the next view.
        page = [by_id.get(customer_id) for customer_id in ids]
        self._pages[number] = page
        self.pages_fetched += 1
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return page

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if parent.isValid() or self._view is None:
            return 0
        return self._view.count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._fields)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._view is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            found = self.customer(index.row())
            if found is None:
                return None
            field = self._fields[index.column()]
            return display_value(field, found.values.get(field.key))
        if role == CUSTOMER_ID_ROLE:
            return self.customer_id(index.row())
        if role == CUSTOMER_ROLE:
            return self.customer(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._fields[index.column()].type == "number":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._fields):
            field = self._fields[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return field.label(self._language)
            if role == Qt.ItemDataRole.ToolTipRole:
                if field.key not in SORT_KEYS:
                    return self.tr("This column cannot be sorted.")
                if not self.may_sort_by(field.key):
                    return self.tr("Your role sees this field masked, so the list cannot be sorted by it.")
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return QLocale().toString(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
