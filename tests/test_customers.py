"""Customer records through the service: CRUD, soft deletion, custom fields, and sorted views."""

from __future__ import annotations

import random
import unicodedata

import pytest
from pypinyin import lazy_pinyin

from app import customers, field_admin
from app.access import Actor
from app.customers import RELEVANCE, SORT_KEYS, Customer, CustomerView
from app.errors import KnownError, NotFoundError, ValidationError
from app.vault import Vault

SURNAMES = ["王", "李", "张", "刘", "陈", "欧阳", "Smith", "smith", "Ng", "Østergaard", "O'Brien", "Zhang"]
GIVEN = ["芳", "娜", "伟", "小明", "Anna", "bob", "Émile", "", "芳芳", "Li"]
COMPANIES = [None, "北京华信科技有限公司", "Acme Ltd", "acme ltd", "上海贸易", "", "Zeta"]


def audit_count(vault: Vault) -> int:
    head = vault.audit().head()
    return head[0] if head else 0


@pytest.fixture
def many(vault: Vault, owner: Actor) -> tuple[Vault, list[Customer]]:
    """~300 customers with duplicates, empty values and mixed scripts."""
    rnd = random.Random(20240308)
    rows = []
    for i in range(300):
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
        if not name.strip():
            name = f"客户{i}"
        row: dict[str, str | None] = {"name": name}
        if rnd.random() < 0.8:
            row["phone"] = f"13{rnd.randint(0, 9)}{rnd.randint(0, 99999999):08d}"
        if rnd.random() < 0.3:
            row["phone"] = rnd.choice(["010-12345678", "+44 20 7946 0958", "021 6234 5678"])
        if rnd.random() < 0.7:
            row["email"] = f"{rnd.choice(['a', 'B', 'zz', 'wang', 'li'])}{rnd.randint(0, 50)}@example.com"
        row["company"] = rnd.choice(COMPANIES)
        rows.append(row)
    ids = customers.create_many(vault, owner, rows[:150])
    ids += customers.create_many(vault, owner, rows[150:], audit_each=False)
    for customer_id in rnd.sample(ids, 40):
        customers.update(vault, owner, customer_id, {"notes": "updated"})
    return vault, customers.fetch(vault, owner, ids)


def letters(text: str) -> str:
    """Pinyin and Latin letters run together, accents dropped: the order Chinese contact lists use."""
    spelled = "".join(lazy_pinyin(text)).casefold()
    return "".join(ch for ch in unicodedata.normalize("NFKD", spelled) if ch.isalnum())


def sort_value(customer: Customer, key: str) -> str | tuple[str, str]:
    if key == "name":
        return letters(customer.name), customer.name.casefold()
    if key in ("created_at", "updated_at"):
        return getattr(customer, key)
    return customer.values.get(key) or ""


def expected_order(items: list[Customer], key: str, descending: bool) -> list[int]:
    ordered = sorted(items, key=lambda c: (sort_value(c, key), c.id), reverse=descending)
    return [c.id for c in ordered]


# ------------------------------------------------------------------------ create / read / update / delete


def test_create_get_update_delete(vault: Vault, owner: Actor) -> None:
    created = customers.create(
        vault,
        owner,
        {
            "name": " 王芳 ",
            "phone": "+86 138-1234-5678",
            "email": "WangFang@Example.com",
            "company": "北京华信科技有限公司",
        },
    )
    assert created.name == "王芳"
    assert created.values["phone"] == "13812345678"
    assert created.values["email"] == "wangfang@example.com"
    assert created.created_by == owner.user == created.updated_by
    assert customers.get(vault, owner, created.id) == created
    assert customers.count(vault, owner) == 1

    updated = customers.update(vault, owner, created.id, {"company": "", "notes": "喜欢绿茶"})
    assert updated.values["company"] is None
    assert updated.values["notes"] == "喜欢绿茶"
    assert updated.values["phone"] == "13812345678"
    assert customers.get(vault, owner, created.id) == updated

    customers.delete(vault, owner, created.id)
    with pytest.raises(NotFoundError):
        customers.get(vault, owner, created.id)
    assert customers.count(vault, owner) == 0
    assert customers.fetch(vault, owner, [created.id]) == []
    assert list(CustomerView(vault, owner)) == []
    assert customers.search(vault, owner, "王芳").ids == []
    assert customers.search(vault, owner, "13812345678").ids == []
    with pytest.raises(NotFoundError):
        customers.update(vault, owner, created.id, {"name": "复活"})
    with pytest.raises(NotFoundError):
        customers.delete(vault, owner, created.id)


def test_unknown_ids_are_not_found(vault: Vault, owner: Actor) -> None:
    with pytest.raises(NotFoundError, match="12345"):
        customers.get(vault, owner, 12345)
    with pytest.raises(NotFoundError):
        customers.update(vault, owner, 12345, {"name": "x"})
    with pytest.raises(NotFoundError):
        customers.delete(vault, owner, 12345)


def test_deleted_rows_are_kept_for_the_erasure_workflow(vault: Vault, owner: Actor) -> None:
    customer = customers.create(vault, owner, {"name": "张伟"})
    customers.delete(vault, owner, customer.id)
    row = (
        vault.connection()
        .execute("SELECT deleted_by, deleted_at IS NOT NULL FROM customers WHERE id = ?", (customer.id,))
        .fetchone()
    )
    assert row == (owner.user, 1)


def test_custom_field_values_round_trip_in_extra(vault: Vault, owner: Actor) -> None:
    field_admin.add_custom_field(
        vault, owner, key="birthday", label_zh="生日", label_en="Birthday", type="date"
    )
    field_admin.add_custom_field(
        vault,
        owner,
        key="level",
        label_zh="等级",
        label_en="Level",
        type="choice",
        rules={"choices": ["金卡", "银卡"]},
    )
    field_admin.add_custom_field(vault, owner, key="spend", label_zh="消费", label_en="Spend", type="number")
    customer = customers.create(vault, owner, {"name": "李娜", "birthday": "1990年5月4日", "level": "金卡"})
    assert customer.values["birthday"] == "1990-05-04"
    assert customer.values["level"] == "金卡"
    assert "spend" not in customer.values
    raw = vault.connection().execute("SELECT extra FROM customers WHERE id = ?", (customer.id,)).fetchone()[0]
    assert "金卡" in raw  # stored as readable JSON (inside the encrypted file)

    changed = customers.update(
        vault, owner, customer.id, {"level": "银卡", "spend": "1,500", "birthday": None}
    )
    assert changed.values["level"] == "银卡"
    assert changed.values["spend"] == "1500"
    assert "birthday" not in changed.values
    assert customers.get(vault, owner, customer.id).values == changed.values


def test_update_with_no_real_change_writes_no_audit_entry(vault: Vault, owner: Actor) -> None:
    customer = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678", "email": "a@b.com"})
    before = audit_count(vault)
    same = customers.update(
        vault,
        owner,
        customer.id,
        {"name": "王芳 ", "phone": "138 1234 5678", "email": "A@B.com", "company": ""},
    )
    assert audit_count(vault) == before
    assert same == customer
    assert same.updated_at == customer.updated_at
    customers.update(vault, owner, customer.id, {"company": "Acme"})
    assert audit_count(vault) == before + 1


def test_update_validates_and_changes_nothing_on_error(vault: Vault, owner: Actor) -> None:
    customer = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678"})
    before = audit_count(vault)
    with pytest.raises(ValidationError) as caught:
        customers.update(vault, owner, customer.id, {"name": "", "phone": "123", "email": "王芳@"})
    assert set(caught.value.errors) == {"name", "phone", "email"}
    assert customers.get(vault, owner, customer.id) == customer
    assert audit_count(vault) == before


def test_create_many_is_all_or_nothing(vault: Vault, owner: Actor) -> None:
    rows = [{"name": f"客户{i}", "phone": f"139{i:08d}"} for i in range(20)]
    rows[13] = {"name": "坏数据", "email": "not-an-email"}
    before = audit_count(vault)
    with pytest.raises(ValidationError) as caught:
        customers.create_many(vault, owner, rows)
    assert set(caught.value.errors) == {"email"}
    assert customers.count(vault, owner) == 0
    assert audit_count(vault) == before
    assert customers.search(vault, owner, "客户").ids == []
    assert vault.connection().execute("SELECT count(*) FROM customers").fetchone()[0] == 0

    del rows[13]
    ids = customers.create_many(vault, owner, rows)
    assert [c.name for c in customers.fetch(vault, owner, ids)] == [r["name"] for r in rows]
    assert customers.count(vault, owner) == 19
    assert audit_count(vault) == before + 19


def test_create_many_can_write_one_summary_audit_entry(vault: Vault, owner: Actor) -> None:
    before = audit_count(vault)
    ids = customers.create_many(
        vault, owner, [{"name": "甲"}, {"name": "乙"}], audit_each=False, source_note="import.csv"
    )
    assert audit_count(vault) == before + 1
    entry = vault.audit().entries(limit=1)[0]
    assert entry.action == "customer.create_many"
    assert entry.details == {"count": 2, "source": "import.csv"}
    assert entry.object == f"customer:{ids[0]}..{ids[1]}"


def test_fetch_keeps_the_requested_order_and_skips_missing(vault: Vault, owner: Actor) -> None:
    a, b, c = customers.create_many(vault, owner, [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}])
    customers.delete(vault, owner, b)
    assert [x.id for x in customers.fetch(vault, owner, [c, 999, b, a])] == [c, a]


# ------------------------------------------------------------------------------ views


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(SORT_KEYS))
def test_view_sorted_by_each_key_matches_a_python_sort(
    many: tuple[Vault, list[Customer]], owner: Actor, sort: str, descending: bool
) -> None:
    vault, items = many
    view = CustomerView(vault, owner, sort=sort, descending=descending)
    expected = expected_order(items, sort, descending)
    assert view.count == len(expected) == 300
    assert [c.id for c in view] == expected
    pages = []
    for start in range(0, view.count, 37):
        pages += view.ids(start, 37)
    assert pages == expected


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", ["name", "phone", "company", "updated_at"])
def test_random_access_matches_slicing_the_full_order(
    many: tuple[Vault, list[Customer]], owner: Actor, sort: str, descending: bool
) -> None:
    vault, items = many
    expected = expected_order(items, sort, descending)
    rnd = random.Random(f"{sort}-{descending}")
    view = CustomerView(vault, owner, sort=sort, descending=descending)
    for _ in range(120):
        start = rnd.randrange(-5, len(expected) + 5)
        n = rnd.choice([1, 2, 7, 25, 50, 400])
        got = view.ids(start, n)
        want = expected[start : start + n] if start >= 0 else []
        assert got == want, (start, n)
    # After a sequential read, too (every page leaves an anchor), and jumping back into it.
    sequential = CustomerView(vault, owner, sort=sort, descending=descending)
    assert [i for s in range(0, 300, 50) for i in sequential.ids(s, 50)] == expected
    for start in [299, 0, 150, 149, 151, 50, 49, 51, 1, 250, 298, 100]:
        assert sequential.ids(start, 13) == expected[start : start + 13]


def test_view_edges(many: tuple[Vault, list[Customer]], owner: Actor) -> None:
    vault, _ = many
    view = CustomerView(vault, owner)
    assert view.ids(300, 10) == []
    assert view.ids(0, 0) == []
    assert view.ids(-1, 5) == []
    assert len(view.ids(295, 10)) == 5
    assert [c.id for c in view.rows(10, 3)] == view.ids(10, 3)
    with pytest.raises(KnownError, match="sort"):
        CustomerView(vault, owner, sort="id_number")


def test_view_skips_deleted_customers(many: tuple[Vault, list[Customer]], owner: Actor) -> None:
    vault, items = many
    gone = items[::3]
    for customer in gone:
        customers.delete(vault, owner, customer.id)
    live = [c for c in items if c not in gone]
    view = CustomerView(vault, owner, sort="email", descending=True)
    assert view.count == len(live)
    assert [c.id for c in view] == expected_order(live, "email", True)


@pytest.mark.parametrize(
    ("sort", "descending"), [("name", False), ("phone", True), ("company", False), ("created_at", True)]
)
def test_view_with_a_query_and_a_sort(
    many: tuple[Vault, list[Customer]], owner: Actor, sort: str, descending: bool
) -> None:
    vault, items = many
    matching = [c for c in items if "王" in c.name or "王" in (c.values.get("company") or "")]
    assert len(matching) > 5
    view = CustomerView(vault, owner, query="王", sort=sort, descending=descending)
    assert view.count == len(matching)
    assert view.ids(0, 1000) == expected_order(matching, sort, descending)
    assert view.ids(3, 4) == expected_order(matching, sort, descending)[3:7]


def test_view_with_a_query_in_relevance_order_puts_exact_names_first(vault: Vault, owner: Actor) -> None:
    other, prefix, exact, last = customers.create_many(
        vault, owner, [{"name": "Joanne"}, {"name": "Annabel"}, {"name": "ANN"}, {"name": "Aaron Ann"}]
    )
    view = CustomerView(vault, owner, query="ann", sort=RELEVANCE)
    assert view.ids(0, 10) == [exact, prefix, other, last]
    plain = CustomerView(vault, owner, sort=RELEVANCE)  # no query: name order
    assert plain.ids(0, 10) == [last, exact, prefix, other]
