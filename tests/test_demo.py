"""The demo generator's rows are what the catalogue would store (create_many trusts them)."""

from __future__ import annotations

import re
from collections import Counter

from app import demo
from app.fields import Catalogue


def test_generated_rows_are_already_in_stored_form(vault) -> None:
    catalogue = Catalogue.load(vault.connection())
    rows = demo.synthetic_customers(3000, seed=7)
    for row in rows:
        cleaned = catalogue.clean(row, creating=True)
        assert {k: v or None for k, v in row.items()} == cleaned


def test_generation_is_deterministic() -> None:
    first = demo.synthetic_customers(500, seed=3, start=1)
    assert first == demo.synthetic_customers(500, seed=3, start=1)
    assert first != demo.synthetic_customers(500, seed=4, start=1)


def test_demo_customers_look_like_a_chinese_shops() -> None:
    rows = demo.synthetic_customers(3000, seed=1)
    chinese = [r for r in rows if not r["name"].isascii()]
    latin = [r for r in rows if r["name"].isascii()]
    # mostly Chinese, a minority of Latin names
    assert 0.8 < len(chinese) / len(rows) < 0.95
    assert len(latin) > 100
    # surname frequencies like China's: 王, 李, 张 each about 7 %, 刘 and 陈 about 5 %
    surnames = Counter(r["name"][0] for r in chinese)
    top = [s for s, _ in surnames.most_common(5)]
    assert set(top) == set("王李张刘陈"), top
    for surname in "王李张":
        assert 0.05 < surnames[surname] / len(chinese) < 0.1, (surname, surnames[surname])
    # mainland mobiles, Chinese addresses, companies and ID numbers
    assert all(re.fullmatch(r"1[3-9]\d{9}", r["phone"]) for r in chinese)
    assert all(re.search(r"[市区].*[路街道].*号", r["address"]) for r in chinese)
    companies = [r["company"] for r in chinese if r["company"]]
    assert len(companies) > len(chinese) / 3
    assert all(c.endswith(("公司", "店", "商行")) for c in companies)
    assert any(r["id_number"] for r in chinese)
    assert all(not r["id_number"] for r in latin)
