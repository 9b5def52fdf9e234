"""Customer search: Chinese names of one to four characters, Latin text, phone digits,
ranking, FTS syntax in user input, deletion and updates, the result cap — and, with
hypothesis, that whatever is typed never raises and every hit really matches.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from app import customers
from app.access import Actor
from app.customers import Customer
from app.search import normalize_query
from app.vault import Vault

SEED = [
    {"name": "王芳", "phone": "13812345678", "email": "wangfang@example.com", "tags": "VIP，老客户"},
    {"name": "王芳芳", "phone": "13912345678", "company": "北京华信科技有限公司"},
    {"name": "王小芳", "phone": "010-58815678", "email": "xiaofang@qq.com"},
    {"name": "李王", "phone": "13700001234", "company": "上海王氏贸易"},
    {"name": "欧阳娜娜", "email": "nana@example.cn", "tags": "明星"},
    {"name": "张伟", "company": "北京华信科技有限公司", "email": "zhangwei@huaxin.cn"},
    {
        "name": "John Smith",
        "phone": "+44 20 7946 0958",
        "email": "john.smith@example.com",
        "company": "Acme Ltd",
    },
    {"name": "Mary Smithers", "email": "mary@smithers.co.uk"},
    {"name": "Anna Li", "email": "anna.li@example.com", "tags": "vip"},
    {"name": "Li", "phone": "15000005881", "email": "li@example.com"},
    {"name": "Lin", "email": "lin@example.com"},
    {"name": "Olivia Lind"},
    {"name": "smiley face", "company": "Smile Co"},
]


@pytest.fixture
def seeded(vault: Vault, owner: Actor) -> dict[str, Customer]:
    ids = customers.create_many(vault, owner, SEED)
    return {c.name: c for c in customers.fetch(vault, owner, ids)}


def names(vault: Vault, owner: Actor, query: str, **kwargs: int) -> list[str]:
    result = customers.search(vault, owner, query, **kwargs)
    return [c.name for c in customers.fetch(vault, owner, result.ids)]


# ------------------------------------------------------------------------------ Chinese


def test_one_chinese_character_finds_every_name_containing_it(vault: Vault, owner: Actor, seeded) -> None:
    found = names(vault, owner, "王")
    assert set(found) == {"王芳", "王芳芳", "王小芳", "李王"}  # also 李王 (not at the start)
    assert set(names(vault, owner, "娜")) == {"欧阳娜娜"}
    assert set(names(vault, owner, "芳")) == {"王芳", "王芳芳", "王小芳"}


def test_two_chinese_characters_match_adjacent_characters_only(vault: Vault, owner: Actor, seeded) -> None:
    assert set(names(vault, owner, "王芳")) == {"王芳", "王芳芳"}  # not 王小芳
    assert set(names(vault, owner, "欧阳")) == {"欧阳娜娜"}
    assert set(names(vault, owner, "阳娜")) == {"欧阳娜娜"}
    assert names(vault, owner, "芳王") == []


def test_chinese_matches_company_and_tags_too(vault: Vault, owner: Actor, seeded) -> None:
    assert set(names(vault, owner, "华信科技")) == {"王芳芳", "张伟"}
    assert set(names(vault, owner, "北京华信科技有限公司")) == {"王芳芳", "张伟"}
    assert set(names(vault, owner, "有限公")) == {"王芳芳", "张伟"}
    assert set(names(vault, owner, "华信")) == {"王芳芳", "张伟"}
    assert set(names(vault, owner, "老客户")) == {"王芳"}
    assert set(names(vault, owner, "明星")) == {"欧阳娜娜"}
    assert "李王" in names(vault, owner, "王氏")


def test_three_chinese_characters_are_a_substring_search(vault: Vault, owner: Actor, seeded) -> None:
    assert set(names(vault, owner, "王芳芳")) == {"王芳芳"}
    assert set(names(vault, owner, "欧阳娜")) == {"欧阳娜娜"}
    assert set(names(vault, owner, "阳娜娜")) == {"欧阳娜娜"}


# ------------------------------------------------------------------------------ Latin, e-mail, phone


def test_latin_substrings_are_case_insensitive(vault: Vault, owner: Actor, seeded) -> None:
    assert set(names(vault, owner, "smi")) == {"John Smith", "Mary Smithers", "smiley face"}
    assert set(names(vault, owner, "SMITH")) == {"John Smith", "Mary Smithers"}
    assert set(names(vault, owner, "mItHeRs")) == {"Mary Smithers"}
    assert set(names(vault, owner, "acme")) == {"John Smith"}
    # zhangwei@huaxin.cn by its text; both 北京华信 companies by their pinyin
    assert set(names(vault, owner, "huaxin")) == {"张伟", "王芳芳"}
    assert set(names(vault, owner, "@example.cn")) == {"欧阳娜娜"}


def test_one_or_two_latin_letters_match_the_start_of_a_name_or_email(
    vault: Vault, owner: Actor, seeded
) -> None:
    assert set(names(vault, owner, "li")) == {"Li", "Lin", "李王"}  # 李王 by its pinyin, liwang
    assert set(names(vault, owner, "Li")) == {"Li", "Lin", "李王"}
    assert set(names(vault, owner, "j")) == {"John Smith"}
    # wangfang@… by its e-mail; every 王 by its pinyin; 李王 by its company 上海王氏贸易 (wangshi…)
    assert set(names(vault, owner, "wa")) == {"王芳", "王芳芳", "王小芳", "李王"}
    assert set(names(vault, owner, "zh")) == {"张伟"}  # zhangwei@…
    assert "Anna Li" not in names(vault, owner, "li"), "two letters do not match in the middle"


def test_phone_digits_match_inside_the_number(vault: Vault, owner: Actor, seeded) -> None:
    assert set(names(vault, owner, "5678")) == {"王芳", "王芳芳", "王小芳"}
    assert set(names(vault, owner, "1234 5678")) == {"王芳", "王芳芳"}
    assert set(names(vault, owner, "138-1234")) == {"王芳"}
    assert set(names(vault, owner, "138 1234 5678")) == {"王芳"}
    assert set(names(vault, owner, "+86 138 1234 5678")) == {"王芳"}  # stored without the country code
    assert set(names(vault, owner, "0086 139-1234")) == {"王芳芳"}
    assert set(names(vault, owner, "+86 10 5881")) == {"王小芳"}
    assert set(names(vault, owner, "+44 20 7946")) == {"John Smith"}
    assert set(names(vault, owner, "5881-56")) == {"王小芳"}  # 010-58815678
    assert set(names(vault, owner, "7946 0958")) == {"John Smith"}
    assert set(names(vault, owner, "010-5881")) == {"王小芳"}
    assert set(names(vault, owner, "１３８－１２３４")) == {"王芳"}  # full-width, as a Chinese IME types it
    assert set(names(vault, owner, "５６７８")) == {"王芳", "王芳芳", "王小芳"}
    assert set(names(vault, owner, "13")) == {"王芳", "王芳芳", "李王"}  # two digits: start of the number


def test_normalize_query_reduces_phone_like_text_to_digits() -> None:
    assert normalize_query(" 138-1234  5678 ") == "13812345678"
    assert normalize_query("+86 (10) 5881") == "105881"  # the country code is not stored
    assert normalize_query("0086 138") == "138"
    assert normalize_query("+44 20") == "4420"
    assert normalize_query("a\x00b") == "a b"
    assert normalize_query("  王   芳 ") == "王 芳"
    assert normalize_query("a-1") == "a-1"


# ------------------------------------------------------------------------------ ranking


def test_exact_name_first_then_prefix_then_the_rest(vault: Vault, owner: Actor) -> None:
    ids = customers.create_many(
        vault,
        owner,
        [
            {"name": "Olivia Lind"},
            {"name": "Linda"},
            {"name": "Lin"},
            {"name": "Carolin"},
            {"name": "Lina"},
        ],
    )
    olivia, linda, lin, carolin, lina = ids
    assert customers.search(vault, owner, "lin").ids == [lin, lina, linda, olivia, carolin]
    chinese = customers.create_many(vault, owner, [{"name": "李王芳"}, {"name": "王芳芳"}, {"name": "王芳"}])
    assert customers.search(vault, owner, "王芳").ids == [chinese[2], chinese[1], chinese[0]]


# ------------------------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    "query",
    [
        "5881-56",
        "a@b",
        '"',
        '""',
        "*",
        "a*",
        "AND",
        "OR",
        "NOT",
        "a AND b",
        "NEAR(",
        "NEAR(a b)",
        "{name}:x",
        "name:王",
        "'",
        "^",
        "^王",
        "",
        "   ",
        "\t\n",
        "-",
        "+",
        "()",
        "(",
        ")",
        "\\",
        "%",
        "_",
        "王*",
        '"王芳"',
        "'; DROP TABLE customers; --",
        "\x00",
        "a\x00b",
        "🙂",
        "😀😀😀",
        "ｆｕｌｌ",
        "\u200b",
    ],
)
def test_queries_with_fts_syntax_never_raise(vault: Vault, owner: Actor, seeded, query: str) -> None:
    result = customers.search(vault, owner, query)
    assert isinstance(result.ids, list)
    assert not result.capped
    assert customers.count(vault, owner) == len(SEED)


def test_quotes_and_operators_are_plain_text(vault: Vault, owner: Actor) -> None:
    quoted, at = customers.create_many(
        vault, owner, [{"name": 'The "Best" Shop AND more'}, {"name": "a@b 商店", "email": "shop@abc.com"}]
    )
    assert customers.search(vault, owner, '"Best"').ids == [quoted]
    assert customers.search(vault, owner, "AND more").ids == [quoted]
    assert customers.search(vault, owner, "a@b").ids == [at]


# ------------------------------------------------------------------------------ index upkeep


def test_deleted_customers_are_never_returned(vault: Vault, owner: Actor, seeded) -> None:
    for name in ("王芳", "John Smith", "Li"):
        customers.delete(vault, owner, seeded[name].id)
    for query in ("王芳", "王", "smith", "jo", "13812345678", "5678", "wangfang", "wa", "VIP", "li", "Li"):
        found = names(vault, owner, query)
        assert not {"王芳", "John Smith", "Li"} & set(found), (query, found)


def test_updated_names_are_found_by_the_new_value_not_the_old(vault: Vault, owner: Actor, seeded) -> None:
    customer = seeded["王芳"]
    customers.update(vault, owner, customer.id, {"name": "赵敏", "phone": "15900009999", "tags": "新标签"})
    for old in ("王芳", "13812345678", "老客户"):
        assert customer.id not in customers.search(vault, owner, old).ids, old
    for new in ("赵敏", "赵", "敏", "15900009999", "9999", "新标签", "wangfang"):
        assert customer.id in customers.search(vault, owner, new).ids, new
    customers.update(vault, owner, customer.id, {"notes": "不影响搜索"})
    assert customer.id in customers.search(vault, owner, "赵敏").ids


@pytest.mark.parametrize("query", ["客户", "客", "kehu", "ke", "138000", "13"])
def test_a_small_limit_caps_the_result_and_says_so(vault: Vault, owner: Actor, query: str) -> None:
    customers.create_many(
        vault,
        owner,
        [
            {"name": f"客户{i} kehu{i}", "phone": f"1380000{i:04d}", "email": f"kehu{i}@example.com"}
            for i in range(12)
        ],
    )
    result = customers.search(vault, owner, query, limit=5)
    assert result.capped
    assert len(result.ids) == 5
    assert "5+" in result.describe()
    full = customers.search(vault, owner, query)
    assert not full.capped and full.total == 12
    assert "12 matches" in full.describe()
    exact = customers.search(vault, owner, query, limit=12)
    assert not exact.capped and exact.total == 12


def test_a_cap_reached_by_name_prefixes_alone_is_reported(vault: Vault, owner: Actor) -> None:
    customers.create_many(vault, owner, [{"name": f"Zed {i}"} for i in range(8)])
    result = customers.search(vault, owner, "ze", limit=5)
    assert (len(result.ids), result.capped) == (5, True)
    exact_names = customers.create_many(vault, owner, [{"name": "Kim"} for _ in range(8)])
    result = customers.search(vault, owner, "Kim", limit=5)
    assert (result.ids, result.capped) == (exact_names[:5], True)


# ------------------------------------------------------------------------------ properties

ALPHABET = "王芳李阳娜ab AB12358８－-@.\"'*()"

PROPERTY_SEED = [
    {"name": "王芳", "phone": "13812345678", "email": "ab@b.com"},
    {"name": "王芳芳", "phone": "010-12355812", "company": "李阳 ab 公司"},
    {"name": "李王", "email": "a.b@ab.cn", "tags": "ab，王芳"},
    {"name": "欧阳娜娜", "company": "AB-12", "phone": "15835812358"},
    {"name": "ab", "tags": "B2,芳"},
    {"name": "Ab 王芳李", "company": "(ab) \"ab\" 'ab'"},
    {"name": "b*a", "email": "b.a@a.b.com", "phone": "+44 1235 812358"},
    {"name": "王 芳", "company": "a-b"},
    {"name": "娜", "tags": "李"},
    {"name": "12358", "phone": "13512358123"},
]


def searchable_texts(customer: Customer) -> list[str]:
    """What a search may match: the fields as indexed (a phone by its digits, tags space-separated)."""
    v = customer.values
    phone = v.get("phone") or ""
    return [
        v.get("name") or "",
        phone,
        re.sub(r"\D", "", phone),
        v.get("email") or "",
        v.get("company") or "",
        (v.get("tags") or "").replace(",", " "),
    ]


def spelled(text: str) -> list[str]:
    """Words as typed in pinyin (pypinyin's readings; the seed has no polyphonic surname)."""
    words: list[str] = []
    for part in lazy_pinyin(text):
        words += re.findall(r"[^\W_]+", part.casefold())
    return words


def pinyin_match(customer: Customer, query: str) -> bool:
    """The name's full pinyin or initials start with the query, or a Chinese company's do
    from one of its characters on."""
    typed = re.sub(r"[ ']", "", query.casefold())
    if not re.fullmatch(r"[a-z]+", typed) or not re.match(r"[a-z]", query.casefold()):
        return False
    name = spelled(customer.name)
    if "".join(name).startswith(typed) or "".join(w[0] for w in name).startswith(typed):
        return True
    company = customer.values.get("company") or ""
    if len(typed) < 2 or not re.search(r"[\u4e00-\u9fff]", company):
        return False
    words = spelled(company)
    return any(
        "".join(words[i:]).startswith(typed) or "".join(w[0] for w in words[i:]).startswith(typed)
        for i in range(len(words))
    )


def contains(customer: Customer, text: str) -> bool:
    return pinyin_match(customer, text) or any(
        text.casefold() in field.casefold() for field in searchable_texts(customer)
    )


@pytest.fixture
def property_vault(vault: Vault, owner: Actor) -> list[Customer]:
    ids = customers.create_many(vault, owner, PROPERTY_SEED)
    return customers.fetch(vault, owner, ids)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=ALPHABET, max_size=8))
def test_search_never_raises_and_every_hit_contains_the_query(
    vault: Vault, owner: Actor, property_vault: list[Customer], query: str
) -> None:
    result = customers.search(vault, owner, query)
    text = normalize_query(query)
    by_id = {c.id: c for c in property_vault}
    assert len(set(result.ids)) == len(result.ids)
    for customer_id in result.ids:
        assert contains(by_id[customer_id], text), (query, text, by_id[customer_id].values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(alphabet=ALPHABET, min_size=1, max_size=8)
    | st.sampled_from(
        [
            "王芳",
            "王",
            "芳",
            "李",
            "娜娜",
            "阳娜",
            "芳李",
            "王 芳",
            "ab",
            "12358",
            "358",
            "b.c",
            "ab 公",
            "(ab)",
            '"ab"',
            "'ab'",
            "B2",
            "*a",
            "a-b",
            "1235",
        ]
    )
)
def test_long_and_chinese_queries_find_every_customer_that_contains_them(
    vault: Vault, owner: Actor, property_vault: list[Customer], query: str
) -> None:
    text = normalize_query(query)
    chinese_only = bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)
    if len(text) < 3 and not chinese_only:
        return  # 1-2 Latin letters or digits match only the start of a field, by design
    found = set(customers.search(vault, owner, query).ids)
    expected = {c.id for c in property_vault if contains(c, text)}
    assert found == expected, (query, text)


def test_property_seed_is_rich_enough(vault: Vault, owner: Actor, property_vault: list[Customer]) -> None:
    """The properties above are only meaningful if common queries have several hits."""
    assert len(customers.search(vault, owner, "王芳").ids) >= 4
    assert len(customers.search(vault, owner, "ab").ids) >= 3
    assert len(customers.search(vault, owner, "358").ids) >= 3
