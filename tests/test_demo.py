"""The demo generator's rows are what the catalogue would store (create_many trusts them)."""

from __future__ import annotations

from app import demo
from app.fields import Catalogue


def test_generated_rows_are_already_in_stored_form(vault) -> None:
    catalogue = Catalogue.load(vault.connection())
    rows = demo.synthetic_customers(3000, seed=7)
    for row in rows:
        cleaned = catalogue.clean(row, creating=True)
        assert {k: v or None for k, v in row.items()} == cleaned


def test_generation_is_deterministic_and_mixed_language() -> None:
    first = demo.synthetic_customers(500, seed=3, start=1)
    assert first == demo.synthetic_customers(500, seed=3, start=1)
    chinese = sum(1 for r in first if not r["name"].isascii())
    assert 200 < chinese < 300
