"""CustomerView's anchors and the trigger-kept customer count."""

from __future__ import annotations

import random

import pytest

from app import customers, demo
from app.access import Actor
from app.vault import Vault


@pytest.fixture
def filled(vault: Vault, owner: Actor, monkeypatch: pytest.MonkeyPatch) -> Vault:
    monkeypatch.setattr(customers, "ANCHOR_SPACING", 37)  # many anchors over a small vault
    customers.create_many(vault, owner, demo.synthetic_customers(1500, seed=5), audit_each=False)
    return vault


def full_order(vault: Vault, owner: Actor, sort: str, descending: bool) -> list[int]:
    view = customers.CustomerView(vault, owner, sort=sort, descending=descending)
    return [cid for start in range(0, view.count, 400) for cid in view.ids(start, 400)]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ["name", "phone", "email", "created_at"])
def test_random_jumps_after_build_anchors_match_the_full_order(
    filled: Vault, owner: Actor, sort: str, descending: bool
) -> None:
    expected = full_order(filled, owner, sort, descending)
    view = customers.CustomerView(filled, owner, sort=sort, descending=descending)
    view.build_anchors()
    rnd = random.Random(sort)
    for start in [0, 36, 37, 38, 1499, 1463, *rnd.sample(range(1500), 40)]:
        assert view.ids(start, 25) == expected[start : start + 25], start


def test_anchors_are_reused_until_a_customer_changes(filled: Vault, owner: Actor) -> None:
    first = customers.CustomerView(filled, owner)
    first.build_anchors()
    reused = customers.CustomerView(filled, owner)
    assert reused._anchors
    expected = full_order(filled, owner, "name", False)
    assert reused.ids(1200, 10) == expected[1200:1210]

    customers.create(filled, owner, {"name": "阿阿阿"})  # sorts near the start: shifts every position
    fresh = customers.CustomerView(filled, owner)
    assert not fresh._anchors
    assert fresh.ids(1200, 10) == full_order(filled, owner, "name", False)[1200:1210]


def test_count_follows_create_soft_delete_and_purge(vault: Vault, owner: Actor) -> None:
    ids = customers.create_many(vault, owner, [{"name": f"客户{i}"} for i in range(5)])
    assert customers.count(vault, owner) == 5
    customers.delete(vault, owner, ids[0])
    assert customers.count(vault, owner) == 4
    vault.connection().execute("DELETE FROM customers WHERE id = ?", (ids[0],))  # an erasure purge
    assert customers.count(vault, owner) == 4
    vault.connection().execute("DELETE FROM customers WHERE id = ?", (ids[1],))
    assert customers.count(vault, owner) == 3
    assert customers.CustomerView(vault, owner).count == 3


def test_lock_clears_the_anchor_cache(filled: Vault, owner: Actor) -> None:
    customers.CustomerView(filled, owner).build_anchors()
    assert filled.cache
    filled.lock()
    assert filled.cache == {}


@pytest.mark.parametrize("descending", [False, True])
def test_pages_near_the_end_without_anchors_match_the_full_order(
    filled: Vault, owner: Actor, descending: bool
) -> None:
    expected = full_order(filled, owner, "name", descending)
    for start in (1499, 1490, 1475, 1200, 900):
        filled.cache.clear()  # no anchors from earlier views
        view = customers.CustomerView(filled, owner, descending=descending)
        assert view.ids(start, 25) == expected[start : start + 25], start
        assert view.ids(start - 25, 25) == expected[start - 25 : start], start


def test_build_anchors_is_free_when_cached_anchors_are_current(filled: Vault, owner: Actor) -> None:
    first = customers.CustomerView(filled, owner)
    assert not first.anchored
    first.build_anchors()
    assert first.anchored
    again = customers.CustomerView(filled, owner)
    assert again.anchored  # from the vault's cache: the UI skips the background pass
    customers.create(filled, owner, {"name": "新客户"})
    assert not customers.CustomerView(filled, owner).anchored


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ["name", "phone", "company", "created_at"])
def test_position_of_a_customer_is_its_row_in_the_view(
    filled: Vault, owner: Actor, sort: str, descending: bool
) -> None:
    expected = full_order(filled, owner, sort, descending)
    view = customers.CustomerView(filled, owner, sort=sort, descending=descending)
    for row in [0, 1, 749, 1498, 1499, *random.Random(sort).sample(range(1500), 30)]:
        assert view.position(expected[row]) == row


def test_position_is_none_for_a_customer_outside_the_view(filled: Vault, owner: Actor) -> None:
    searched = customers.CustomerView(filled, owner, query="zzzz-nobody")
    someone = customers.CustomerView(filled, owner).ids(0, 1)[0]
    assert searched.position(someone) is None
    customers.delete(filled, owner, someone)
    assert customers.CustomerView(filled, owner).position(someone) is None
    found = customers.create(filled, owner, {"name": "Zz Position"})
    search = customers.CustomerView(filled, owner, query="Zz Position")
    assert search.position(found.id) == search.ids(0, search.count).index(found.id)
