"""A change to a field a role cannot see does not show up in that role's "updated at / by"."""

from __future__ import annotations

import itertools

import pytest

from app import customers, users
from app.access import Actor
from app.errors import PermissionDeniedError
from app.vault import Vault

SALLY = Actor("sally", "sales")
SAM = Actor("sam", "service")


@pytest.fixture
def staffed(vault: Vault, owner: Actor, monkeypatch: pytest.MonkeyPatch) -> Vault:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.add(vault, owner, "sam", "service-pass-1", "service")
    clock = (f"2026-01-01T00:00:{second:02d}+00:00" for second in itertools.count())
    monkeypatch.setattr(customers, "_now", lambda: next(clock))
    return vault


def seen(vault: Vault, actor: Actor, customer_id: int) -> tuple[str, str]:
    customer = customers.get(vault, actor, customer_id)
    return customer.updated_at, customer.updated_by


def test_each_role_sees_only_changes_to_fields_it_can_see(staffed: Vault, owner: Actor) -> None:
    vault = staffed
    created = customers.create(vault, owner, {"name": "王芳", "notes": "喜欢绿茶", "company": "王记"})
    assert customers.get(vault, SALLY, created.id).get("notes") is None  # notes: service only
    assert customers.get(vault, SAM, created.id).get("company") is None  # company: sales only
    at_creation = (created.created_at, owner.user)

    customers.update(vault, owner, created.id, {"notes": "改喝红茶"})
    notes_change = seen(vault, owner, created.id)
    assert notes_change != at_creation
    assert seen(vault, SALLY, created.id) == at_creation  # sales cannot see notes
    assert seen(vault, SAM, created.id) == notes_change

    customers.update(vault, SALLY, created.id, {"company": "王记五金"})
    company_change = seen(vault, owner, created.id)
    assert company_change[1] == "sally"
    assert seen(vault, SALLY, created.id) == company_change
    assert seen(vault, SAM, created.id) == notes_change  # service cannot see company

    customers.update(vault, SAM, created.id, {"name": "王芳芳"})
    everyone = seen(vault, owner, created.id)
    assert seen(vault, SALLY, created.id) == seen(vault, SAM, created.id) == everyone


def test_json_output_and_lists_use_the_same_visible_time(staffed: Vault, owner: Actor) -> None:
    created = customers.create(staffed, owner, {"name": "王芳", "notes": "a"})
    customers.update(staffed, owner, created.id, {"notes": "b"})
    (listed,) = customers.fetch(staffed, SALLY, [created.id])
    assert listed.as_dict()["updated_at"] == created.created_at


def test_a_role_that_does_not_see_every_field_cannot_sort_by_last_change(
    staffed: Vault, owner: Actor
) -> None:
    customers.create(staffed, owner, {"name": "王芳"})
    with pytest.raises(PermissionDeniedError, match="last change"):
        customers.CustomerView(staffed, SALLY, sort="updated_at")
    assert customers.CustomerView(staffed, owner, sort="updated_at").count == 1


def test_a_change_made_before_tracking_reads_as_creation_for_partial_roles(
    staffed: Vault, owner: Actor
) -> None:
    created = customers.create(staffed, owner, {"name": "王芳", "notes": "a"})
    customers.update(staffed, owner, created.id, {"notes": "b"})
    staffed.connection().execute("UPDATE customers SET changes = NULL WHERE id = ?", (created.id,))
    assert seen(staffed, SALLY, created.id) == (created.created_at, owner.user)
    assert seen(staffed, owner, created.id) != (created.created_at, owner.user)
