"""Chinese names the way Chinese software handles them: the name column sorts in pinyin order
with Latin names among them letter by letter, and a search finds customers by the full pinyin
or the initials of their name or company — polyphonic surnames read as surnames, and never
through a field the searcher's role cannot read."""

from __future__ import annotations

import pytest
from pypinyin import Style, pinyin

from app import access, customers
from app import pinyin as pinyin_mod
from app.access import Actor
from app.customers import CustomerView
from app.errors import PermissionDeniedError
from app.vault import Vault

MIXED = [
    "王芳",
    "Anna Smith",
    "李娜",
    "汪芳",
    "Wang Li",
    "张伟",
    "陈静",
    "william brown",
    "欧阳娜娜",
    "Émile Zola",
    "单田芳",
    "曾国藩",
    "解缙",
    "区永",
    "Olivia Lind",
]
# Letter by letter: anna… chenjing ouyang… shan… wangfang (王芳, 汪芳: same letters, then by
# the characters) wangli williambrown xiejin zengguofan zhangwei ouyong…
MIXED_IN_PINYIN_ORDER = [
    "Anna Smith",
    "陈静",
    "Émile Zola",
    "李娜",
    "Olivia Lind",
    "欧阳娜娜",
    "区永",
    "单田芳",
    "汪芳",
    "王芳",
    "Wang Li",
    "william brown",
    "解缙",
    "曾国藩",
    "张伟",
]


@pytest.fixture
def mixed(vault: Vault, owner: Actor) -> dict[str, int]:
    ids = customers.create_many(
        vault,
        owner,
        [{"name": name} for name in MIXED]
        + [
            {"name": "赵敏", "company": "北京华信科技有限公司"},
            {"name": "孙丽", "company": "简单生活文化传媒有限公司"},  # 单 inside a word: dan
        ],
    )
    return {c.name: c.id for c in customers.fetch(vault, owner, ids)}


def listed(vault: Vault, actor: Actor, **kwargs) -> list[str]:
    view = CustomerView(vault, actor, **kwargs)
    return [c.name for c in view.rows(0, view.count)]


def found(vault: Vault, actor: Actor, query: str) -> set[str]:
    result = customers.search(vault, actor, query)
    return {c.name for c in customers.fetch(vault, actor, result.ids)}


# ------------------------------------------------------------------------------ sort


def test_names_sort_in_pinyin_order_with_latin_names_among_them(vault: Vault, owner: Actor, mixed) -> None:
    names = [n for n in listed(vault, owner) if n in MIXED]
    assert names == MIXED_IN_PINYIN_ORDER
    backwards = [n for n in listed(vault, owner, descending=True) if n in MIXED]
    assert backwards == MIXED_IN_PINYIN_ORDER[::-1]


def test_pinyin_order_holds_for_deep_pages_and_anchors(vault: Vault, owner: Actor, mixed) -> None:
    view = CustomerView(vault, owner)
    whole = view.ids(0, view.count)
    view.build_anchors()
    assert [i for start in range(view.count) for i in view.ids(start, 1)] == whole
    assert view.ids(view.count - 3, 3) == whole[-3:]


def test_a_searched_view_sorted_by_name_uses_pinyin_order(vault: Vault, owner: Actor, mixed) -> None:
    names = listed(vault, owner, query="芳", sort="name")
    assert names == ["单田芳", "汪芳", "王芳"]


def test_a_renamed_customer_moves_to_its_new_pinyin_place(vault: Vault, owner: Actor, mixed) -> None:
    customers.update(vault, owner, mixed["Anna Smith"], {"name": "周杰"})
    names = listed(vault, owner)
    assert names.index("周杰") > names.index("张伟")
    assert found(vault, owner, "zhoujie") == {"周杰"}
    assert "Anna Smith" not in found(vault, owner, "annasmith")


def test_a_role_that_cannot_read_names_cannot_sort_by_them(vault: Vault, owner: Actor, mixed) -> None:
    access.set_level(vault, owner, "sales", "name", "masked")
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match="sort by"):
        CustomerView(vault, sales, sort="name")
    # the default order for such a role is creation order, which tells nothing about names
    view = CustomerView(vault, sales, sort="relevance")
    assert view.sort == "created_at"
    assert view.ids(0, 3) == sorted(mixed.values())[:3]


# ------------------------------------------------------------------------------ search


@pytest.mark.parametrize("query", ["wangfang", "wang fang", "WangFang", "wang'fang", "wangf", "wf", "WF"])
def test_full_pinyin_and_initials_find_a_chinese_name(vault: Vault, owner: Actor, mixed, query: str) -> None:
    assert {"王芳", "汪芳"} <= found(vault, owner, query)


def test_pinyin_search_ranks_names_by_their_pinyin_before_other_matches(
    vault: Vault, owner: Actor, mixed
) -> None:
    result = customers.search(vault, owner, "wan")
    names = [c.name for c in customers.fetch(vault, owner, result.ids)]
    # a name starting with the typed text first, then names by their pinyin, in pinyin order
    assert names == ["Wang Li", "汪芳", "王芳"]


def test_compound_surnames_are_read_whole(vault: Vault, owner: Actor, mixed) -> None:
    assert found(vault, owner, "ouyangnana") == {"欧阳娜娜"}
    assert found(vault, owner, "oynn") == {"欧阳娜娜"}


@pytest.mark.parametrize(
    ("name", "full", "initials", "not_found_by"),
    [
        ("单田芳", "shantianfang", "stf", "dantianfang"),
        ("曾国藩", "zengguofan", "zgf", "cengguofan"),
        ("解缙", "xiejin", "xj", "jiejin"),
        ("区永", "ouyong", "oy", "quyong"),
    ],
)
def test_polyphonic_surnames_are_read_as_surnames(
    vault: Vault, owner: Actor, mixed, name: str, full: str, initials: str, not_found_by: str
) -> None:
    assert name in found(vault, owner, full)
    assert name in found(vault, owner, initials)
    assert name not in found(vault, owner, not_found_by)


def test_a_polyphonic_character_inside_a_company_keeps_its_usual_reading(
    vault: Vault, owner: Actor, mixed
) -> None:
    assert found(vault, owner, "jiandanshenghuo") == {"孙丽"}
    assert found(vault, owner, "jianshan") == set()


@pytest.mark.parametrize("query", ["huaxin", "hxkj", "bjhx", "beijinghuaxin", "huaxin keji", "kejiyouxian"])
def test_company_pinyin_and_initials_find_its_customers(
    vault: Vault, owner: Actor, mixed, query: str
) -> None:
    assert found(vault, owner, query) == {"赵敏"}


def test_pinyin_search_follows_edits_and_deletions(vault: Vault, owner: Actor, mixed) -> None:
    zhao = mixed["赵敏"]
    customers.update(vault, owner, zhao, {"company": "上海远航贸易有限公司"})
    assert found(vault, owner, "huaxin") == set()
    assert found(vault, owner, "yuanhang") == {"赵敏"}
    customers.delete(vault, owner, zhao)
    assert found(vault, owner, "yuanhang") == set()
    assert found(vault, owner, "zhaomin") == set()


def test_a_role_never_matches_by_the_pinyin_of_a_field_it_cannot_read(
    vault: Vault, owner: Actor, mixed
) -> None:
    service = Actor("sam", "service")  # company is hidden from service by default
    assert found(vault, owner, "hxkj") == {"赵敏"}
    assert found(vault, service, "hxkj") == set()
    assert found(vault, service, "huaxin") == set()
    assert found(vault, service, "zhaomin") == {"赵敏"}  # the name it reads
    for level in ("masked", "hidden"):
        access.set_level(vault, owner, "sales", "name", level)
        sales = Actor("sally", "sales")
        for query in ("wangfang", "wang fang", "wf", "w", "oynn", "shantianfang"):
            assert customers.search(vault, sales, query).ids == [], (level, query)
        assert CustomerView(vault, sales, query="wangfang", sort="relevance").count == 0
    auditor = Actor("audrey", "auditor")
    for query in ("wangfang", "wf", "huaxin", "hxkj"):
        assert customers.search(vault, auditor, query).ids == [], query


# ------------------------------------------------------------------------------ the readings


def test_every_surname_reading_is_one_of_pypinyins_readings_of_that_character() -> None:
    for char, reading in pinyin_mod.SURNAME_READINGS.items():
        readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
        assert reading in readings, (char, reading, readings)
        assert reading != readings[0], f"{char}: pypinyin already reads it {reading}"


def test_name_keys_of_mixed_text() -> None:
    assert pinyin_mod.name_keys("王芳") == ("wangfang\x01王芳", "wf")
    assert pinyin_mod.name_keys(" Émile Zola ") == ("emilezola\x01émile zola", "ez")
    assert pinyin_mod.name_keys("单于华") == ("chanyuhua\x01单于华", "cyh")  # 单于 is a compound surname
    assert pinyin_mod.name_keys("王A1") == ("wanga1\x01王a1", "wa")
    assert pinyin_mod.name_keys("") == ("\x01", "")


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [("wang fang", "wangfang"), ("Xi'an", "xian"), ("wf", "wf"), ("王芳", ""), ("138", ""), ("a@b.c", "")],
)
def test_what_counts_as_a_pinyin_query(typed: str, spelled: str) -> None:
    assert pinyin_mod.pinyin_query(typed) == spelled
