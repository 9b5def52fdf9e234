"""The customer table model: a paged, bounded window over a core CustomerView."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt

from app import customers, demo
from app.customers import RELEVANCE, CustomerView
from app.fields import Catalogue, FieldDef
from app.vault.keyslots import KdfParams
from ui.customer_model import CUSTOMER_ID_ROLE, CustomerTableModel, display_value
from ui.tasks import InlineTaskRunner, Task

DEMO_COUNT = 2_500


@pytest.fixture
def demo_vault(tmp_path: Path, cheap_kdf: KdfParams):
    vault = demo.build_demo(tmp_path / "demo", DEMO_COUNT, kdf=cheap_kdf)
    yield vault
    vault.lock()


def columns(vault, *keys: str) -> list[FieldDef]:
    catalogue = Catalogue.load(vault.connection())
    return [catalogue.get(key) for key in keys]


def make_model(vault, *keys: str, **kwargs) -> CustomerTableModel:
    keys = keys or ("name", "phone", "email", "company", "tags")
    return CustomerTableModel(vault, vault.actor, columns(vault, *keys), "en", **kwargs)


def cell(model: CustomerTableModel, row: int, column: int = 0):
    return model.data(model.index(row, column))


def test_rows_are_read_page_by_page_with_random_access(demo_vault) -> None:
    model = make_model(demo_vault, runner=InlineTaskRunner())
    model.load("")
    assert model.rowCount() == DEMO_COUNT
    assert model.columnCount() == 5
    assert model.cached_pages() == []  # nothing is read before a cell is asked for

    expected = CustomerView(demo_vault, demo_vault.actor, sort="name")
    for row in (0, 1234, DEMO_COUNT - 1):
        assert cell(model, row) == expected.rows(row, 1)[0].name
        assert model.data(model.index(row, 0), CUSTOMER_ID_ROLE) == expected.ids(row, 1)[0]
    assert sorted(model.cached_pages()) == [0, 12, 24]
    assert model.pages_fetched == 3


def test_the_page_cache_stays_bounded_while_scrolling_through_everything(demo_vault) -> None:
    model = make_model(demo_vault, page_size=100, max_pages=4)
    model.load("")
    names = [cell(model, row) for row in range(DEMO_COUNT)]
    assert all(names)
    assert model.cached_row_count() <= 4 * 100
    assert len(model.cached_pages()) == 4
    assert model.pages_fetched == DEMO_COUNT // 100
    # the least recently used page goes first: touching page 21 keeps it when page 0 is read
    cell(model, 2100)
    cell(model, 0)
    assert 21 in model.cached_pages()
    assert 22 not in model.cached_pages()


def test_headers_follow_the_language(demo_vault) -> None:
    model = make_model(demo_vault, "name", "phone")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    model.set_language("zh")
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 1)] == ["姓名", "电话"]


def test_sort_makes_a_new_core_view_and_ignores_unsortable_columns(demo_vault) -> None:
    model = make_model(demo_vault, "name", "tags")
    model.load("")
    first = cell(model, 0)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.view.sort == "name"
    assert model.view.descending
    descending = CustomerView(demo_vault, demo_vault.actor, sort="name", descending=True)
    assert cell(model, 0) == descending.rows(0, 1)[0].name != first

    view = model.view
    model.sort(1, Qt.SortOrder.AscendingOrder)  # tags: not a core sort key
    assert model.view is view
    assert model.sort_key == "name"


def test_a_search_runs_in_the_runner_in_relevance_order(demo_vault) -> None:
    model = make_model(demo_vault, runner=InlineTaskRunner())
    loaded = []
    model.view_loaded.connect(loaded.append)
    model.load("王")
    assert model.view.query == "王"
    assert model.view.sort == RELEVANCE
    assert 0 < model.rowCount() < DEMO_COUNT
    assert all("王" in cell(model, row) for row in range(model.rowCount()))
    assert loaded == [model.view]


class DeferredRunner(InlineTaskRunner):
    """Holds tasks until ``finish`` runs them, in any order: a stand-in for slow threads."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []

    def run(self, fn, *, on_result=None, on_error=None, on_progress=None, vault=None, parent=None) -> Task:
        self.pending.append((fn, on_result, on_error))
        return Task(parent)

    def finish(self, index: int) -> None:
        fn, on_result, on_error = self.pending[index]
        try:
            result = fn(Task())
        except Exception as exc:  # pragma: no cover - the tests here expect results
            if on_error is None:
                raise
            on_error(exc)
        else:
            if on_result is not None:
                on_result(result)


def test_an_older_search_finishing_last_is_discarded(demo_vault) -> None:
    runner = DeferredRunner()
    model = make_model(demo_vault, runner=runner)
    model.load("")  # made at once; pending[0] builds its sort anchors
    model.load("王")
    model.load("smith")
    runner.finish(2)  # "smith" first
    assert model.view.query == "smith"
    runner.finish(1)  # then the stale "王"
    assert model.view.query == "smith"


def test_clearing_the_search_supersedes_a_running_one(demo_vault) -> None:
    runner = DeferredRunner()
    model = make_model(demo_vault, runner=runner)
    model.load("王")
    model.load("")  # unfiltered: made at once
    assert model.rowCount() == DEMO_COUNT
    runner.finish(0)  # the search finishing afterwards is stale
    assert model.view.query == ""
    assert model.rowCount() == DEMO_COUNT


def test_the_sort_anchors_are_built_in_the_runner(demo_vault) -> None:
    runner = DeferredRunner()
    model = make_model(demo_vault, runner=runner)
    model.load("")
    assert len(runner.pending) == 1  # the anchors, not the view
    assert not model.view._anchors
    runner.finish(0)
    assert len(model.view._anchors) >= DEMO_COUNT // customers.ANCHOR_SPACING
    assert (
        cell(model, DEMO_COUNT - 1)
        == CustomerView(demo_vault, demo_vault.actor).rows(DEMO_COUNT - 1, 1)[0].name
    )
    model.load("王")
    model.load("")  # the same order again: its anchors are cached in the core already
    assert len(runner.pending) == 2
    customers.create(demo_vault, demo_vault.actor, {"name": "新客户"})
    model.reload()  # after a change: once more
    assert len(runner.pending) == 3


def test_clear_forgets_the_view_and_every_value(demo_vault) -> None:
    model = make_model(demo_vault)
    model.load("")
    cell(model, 0)
    cell(model, 700)
    assert model.cached_row_count() > 0
    reset = []
    model.modelReset.connect(lambda: reset.append(True))
    model.clear()
    assert reset == [True]
    assert model.rowCount() == 0
    assert model.cached_pages() == []
    assert model.cached_row_count() == 0
    assert model.view is None
    assert model.data(model.index(0, 0)) is None
    model.load("")  # without a vault nothing happens
    assert model.rowCount() == 0


def test_set_view_swaps_in_a_view_with_a_reset(demo_vault) -> None:
    model = make_model(demo_vault)
    model.load("")
    cell(model, 0)
    resets = []
    model.modelAboutToBeReset.connect(lambda: resets.append("about"))
    model.modelReset.connect(lambda: resets.append("done"))
    model.set_view(CustomerView(demo_vault, demo_vault.actor, query="smith", sort="name"))
    assert resets == ["about", "done"]
    assert model.cached_pages() == []
    assert model.rowCount() > 0
    for row in range(min(20, model.rowCount())):
        values = model.customer(row).values
        assert any("smith" in (values.get(k) or "").lower() for k in ("name", "email", "company"))


def test_dates_are_unambiguous_and_numbers_grouped_in_the_users_locale() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    date_field = FieldDef("birthday", "生日", "Birthday", "date", False, False, False, "personal", ())
    number_field = FieldDef("spend", "消费", "Spend", "number", False, False, False, "internal", ())
    tags_field = FieldDef("tags", "标签", "Tags", "tags", True, False, True, "internal", ())
    assert display_value(date_field, "2024-03-18", english) == "2024-03-18"
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    assert display_value(date_field, "2024-03-08", chinese) == "2024年3月8日"
    assert display_value(number_field, "1234567", english) == "1,234,567"
    assert display_value(number_field, "12.5", english) == "12.5"
    assert display_value(tags_field, "vip,newsletter", english) == "vip, newsletter"
    assert display_value(tags_field, None, english) == ""
    phone_field = FieldDef("phone", "电话", "Phone", "phone", True, False, True, "personal", ())
    assert display_value(phone_field, "13812345678", english) == "138 1234 5678"
    assert display_value(phone_field, "010-58815678", english) == "010 5881 5678"
    assert display_value(phone_field, "+442079460958", english) == "+44 20 7946 0958"


def test_model_has_no_children_and_no_rows_without_a_view(demo_vault) -> None:
    model = make_model(demo_vault)
    assert model.rowCount() == 0
    model.load("")
    child_parent = model.index(0, 0)
    assert child_parent.isValid()
    assert model.rowCount(child_parent) == 0
    assert model.columnCount(child_parent) == 0
    assert not model.flags(QModelIndex())
