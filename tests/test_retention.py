"""Retention: rules per purpose and field, the soft-delete grace period, review as a dry run,
apply only what was reviewed and is still due, holds respected, audited, permission needed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app import consent, customers, erasure, holds, retention, users
from app.access import Actor
from app.errors import NotFoundError, PermissionDeniedError, ValidationError
from tests import pagescan
from tests.consent_helpers import add_text, id_number_born, signature_png


def _age(vault, customer_id: int, days: int) -> None:
    """Make the record's last activity ``days`` ago (tests cannot wait two years)."""
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    vault.connection().execute("UPDATE customers SET updated_at = ? WHERE id = ?", (moment, customer_id))


def _deleted_days_ago(vault, customer_id: int, days: int) -> None:
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    vault.connection().execute("UPDATE customers SET deleted_at = ? WHERE id = ?", (moment, customer_id))


def _by_rule(review: retention.Review) -> dict[str, list[int]]:
    return {d.rule: d.ids for d in review.due}


def test_review_lists_who_is_due_and_changes_nothing(vault, owner) -> None:
    rule = retention.add_rule(
        vault, owner, scope="field", target="id_number", months=24, basis="last_activity", action="anonymise"
    )
    old = customers.create(vault, owner, {"name": "老客户", "id_number": id_number_born(date(1980, 1, 2))}).id
    recent = customers.create(
        vault, owner, {"name": "新客户", "id_number": id_number_born(date(1981, 1, 2))}
    ).id
    no_id = customers.create(vault, owner, {"name": "无证件"}).id
    for cid in (old, no_id):
        _age(vault, cid, 800)
    review = retention.review(vault, owner)
    assert _by_rule(review)[str(rule.id)] == [old]
    assert recent not in review.due[1].ids and no_id not in review.due[1].ids
    assert customers.get(vault, owner, old).get("id_number")  # nothing changed yet
    assert retention.get_review(vault, owner).id == review.id


def test_apply_anonymises_the_fields_and_keeps_the_customer_and_is_audited(vault, owner) -> None:
    retention.add_rule(vault, owner, scope="field", target="id_number", months=24, action="anonymise")
    old = customers.create(vault, owner, {"name": "老客户", "id_number": id_number_born(date(1980, 1, 2))}).id
    _age(vault, old, 800)
    review = retention.review(vault, owner)
    dry = retention.apply(vault, owner, review.id, dry_run=True)
    assert (dry.anonymised, dry.erased, dry.dry_run) == (1, 0, True)
    assert customers.get(vault, owner, old).get("id_number")
    done = retention.apply(vault, owner, review.id)
    assert done.anonymised == 1
    assert customers.get(vault, owner, old).get("id_number") is None
    assert customers.get(vault, owner, old).name == "老客户"
    assert vault.connection().execute("SELECT count(*) FROM sensitive_index").fetchone()[0] == 0
    actions = [r[0] for r in vault.connection().execute("SELECT action FROM audit")]
    assert {"retention.review", "retention.apply", "customer.anonymise"} <= set(actions)
    with pytest.raises(ValidationError, match="applied already"):
        retention.apply(vault, owner, review.id)


def test_a_purpose_rule_from_consent_withdrawal_erases_and_leaves_others(vault, owner) -> None:
    add_text(vault, owner)
    rule = retention.add_rule(
        vault, owner, scope="purpose", target="marketing", months=1, basis="consent_withdrawn", action="erase"
    )
    ids = [
        customers.create(vault, owner, {"name": n, "phone": f"1381234567{i}"}).id
        for i, n in enumerate("甲乙丙")
    ]
    for cid in ids:
        consent.record(
            vault,
            owner,
            cid,
            text="marketing",
            decisions={"marketing": "given"},
            channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
            collected_at=datetime.now(UTC) - timedelta(days=50),
        )
    consent.withdraw(
        vault, owner, ids[0], "marketing", channel="phone", at=datetime.now(UTC) - timedelta(days=40)
    )
    consent.withdraw(vault, owner, ids[1], "marketing", channel="phone")  # due in a month
    review = retention.review(vault, owner)
    assert _by_rule(review)[str(rule.id)] == [ids[0]]
    applied = retention.apply(vault, owner)
    assert applied.erased == 1
    assert [c.id for c in customers.fetch(vault, owner, ids)] == ids[1:]
    (entry,) = erasure.ledger_entries(vault, owner)
    assert entry.reason == "retention" and entry.customer_id == ids[0]


def test_soft_deleted_customers_are_purged_after_the_grace_period_from_the_review(vault, owner) -> None:
    a = customers.create(vault, owner, {"name": "删除很久"}).id
    b = customers.create(vault, owner, {"name": "刚删除"}).id
    for cid in (a, b):
        customers.delete(vault, owner, cid)
    _deleted_days_ago(vault, a, 31)
    _deleted_days_ago(vault, b, 5)
    assert _by_rule(retention.review(vault, owner))[retention.PURGE] == [a]
    erasure.set_grace_days(vault, owner, 3)
    review = retention.review(vault, owner)
    assert _by_rule(review)[retention.PURGE] == [a, b]
    assert retention.apply(vault, owner, review.id).erased == 2
    assert vault.connection().execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert {e.reason for e in erasure.ledger_entries(vault, owner)} == {"purge"}


def test_apply_acts_only_on_reviewed_customers_that_are_still_due(vault, owner) -> None:
    retention.add_rule(vault, owner, scope="purpose", target="marketing", months=24, action="erase")
    a = customers.create(vault, owner, {"name": "甲", "email": "a@example.com"}).id
    b = customers.create(vault, owner, {"name": "乙", "email": "b@example.com"}).id
    _age(vault, a, 900)
    _age(vault, b, 900)
    review = retention.review(vault, owner)
    customers.update(vault, owner, b, {"notes": "came back"})  # active again since the review
    c = customers.create(vault, owner, {"name": "丙", "email": "c@example.com"}).id
    _age(vault, c, 900)  # due now but not in the approved review
    applied = retention.apply(vault, owner, review.id)
    assert (applied.erased, applied.skipped) == (1, 1)
    assert [x.id for x in customers.fetch(vault, owner, [a, b, c])] == [b, c]


def test_anonymising_spares_fields_under_a_legal_hold(vault, owner) -> None:
    retention.add_rule(vault, owner, scope="field", target="id_number", months=0, action="anonymise")
    cid = customers.create(vault, owner, {"name": "甲", "id_number": id_number_born(date(1980, 1, 2))}).id
    _age(vault, cid, 1)
    holds.place(vault, owner, cid, ["id_number"], reason="发票", until=date.today() + timedelta(days=30))
    retention.review(vault, owner)
    assert retention.apply(vault, owner).anonymised == 0
    assert customers.get(vault, owner, cid).get("id_number")


def test_rules_are_checked(vault, owner) -> None:
    with pytest.raises(ValidationError) as caught:
        retention.add_rule(vault, owner, scope="team", target="x", months=-1, basis="whenever", action="burn")
    assert set(caught.value.errors) == {"scope", "months", "basis", "action"}
    with pytest.raises(ValidationError, match="unknown field"):
        retention.add_rule(vault, owner, scope="field", target="shoe_size", months=1)
    rule = retention.add_rule(vault, owner, scope="purpose", target="marketing", months=24)
    retention.remove_rule(vault, owner, rule.id)
    assert retention.rules(vault, owner) == []


@pytest.mark.parametrize("role", ["sales", "service", "field", "auditor"])
def test_weaker_roles_cannot_review_apply_or_change_rules(vault, owner, role) -> None:
    users.add(vault, owner, "weak", "weak-pass-123", role)
    weak = Actor("weak", role)
    retention.review(vault, owner)
    for call in (
        lambda: retention.review(vault, weak),
        lambda: retention.apply(vault, weak),
        lambda: retention.get_review(vault, weak),
        lambda: retention.add_rule(
            vault, weak, scope="purpose", target="marketing", months=0, action="erase"
        ),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    assert retention.rules(vault, weak) == []  # reading the (empty) rules needs no permission


def test_a_role_that_may_apply_retention_but_not_erase_cannot_erase_through_a_rule(vault, owner) -> None:
    """Retention is not a way around the erase permission: applying an erasing rule needs both."""
    from app import access

    access.add_role(vault, owner, "archivist", based_on="manager", permissions=["apply_retention"])
    users.add(vault, owner, "arc", "arc-pass-12345", "archivist")
    archivist = Actor("arc", "archivist")
    retention.add_rule(vault, archivist, scope="purpose", target="marketing", months=0, action="erase")
    cid = customers.create(vault, owner, {"name": "甲", "email": "a@example.com"}).id
    _age(vault, cid, 1)
    review = retention.review(vault, archivist)
    assert review.customers == 1
    with pytest.raises(PermissionDeniedError):
        retention.apply(vault, archivist, review.id)
    assert customers.get(vault, owner, cid).name == "甲"
    assert retention.get_review(vault, owner, review.id).applied_at is None


def test_editing_a_rule_replaces_it_and_is_audited_and_checked(vault, owner) -> None:
    rule = retention.add_rule(vault, owner, scope="purpose", target="marketing", months=24)
    changed = retention.edit_rule(
        vault, owner, rule.id, scope="purpose", target="marketing", months=12, basis="consent_withdrawn"
    )
    assert [r.id for r in retention.rules(vault, owner)] == [changed.id]
    assert (changed.months, changed.basis) == (12, "consent_withdrawn")
    entry = next(e for e in vault.audit().entries() if e.action == "retention.rule_edit")
    assert entry.details["replaces"] == rule.id and entry.details["months"] == 12
    with pytest.raises(ValidationError) as caught:
        retention.edit_rule(vault, owner, changed.id, scope="field", target="nope", months=-1)
    assert set(caught.value.errors) == {"target", "months"}
    assert [r.id for r in retention.rules(vault, owner)] == [changed.id]  # a refused edit changes nothing
    with pytest.raises(NotFoundError):
        retention.edit_rule(vault, owner, rule.id, scope="purpose", target="marketing", months=3)


def test_the_review_names_who_is_due_with_last_activity_and_who_deleted_them(vault, owner) -> None:
    retention.add_rule(vault, owner, scope="field", target="phone", months=24)
    old = customers.create(vault, owner, {"name": "老客户", "phone": "13812345678"}).id
    gone = customers.create(vault, owner, {"name": "删除很久"}).id
    _age(vault, old, 800)
    customers.delete(vault, owner, gone)
    _deleted_days_ago(vault, gone, 40)
    review = retention.review(vault, owner)
    people = retention.due_people(vault, owner, review)
    (purged,) = people[retention.PURGE]
    assert (purged.id, purged.name, purged.deleted_by) == (gone, "删除很久", owner.user)
    (stale,) = [p for rule, found in people.items() if rule != retention.PURGE for p in found]
    assert (stale.id, stale.name, stale.deleted_at) == (old, "老客户", None)
    users.add(vault, owner, "sally", "sally-pass-123", "sales")
    with pytest.raises(PermissionDeniedError):
        retention.due_people(vault, Actor("sally", "sales"), review)


def test_cancelling_apply_midway_rolls_back_every_anonymisation_and_erasure(vault, owner) -> None:
    retention.add_rule(vault, owner, scope="field", target="phone", months=24)
    stale = [
        customers.create(vault, owner, {"name": f"客户{i}", "phone": f"1381234{i:04d}"}).id for i in range(3)
    ]
    for cid in stale:
        _age(vault, cid, 800)
    gone = customers.create(vault, owner, {"name": "删除很久"}).id
    customers.delete(vault, owner, gone)
    _deleted_days_ago(vault, gone, 40)
    review = retention.review(vault, owner)
    seen: list[tuple[int, int]] = []
    with pytest.raises(retention.ApplyCancelled):
        retention.apply(
            vault,
            owner,
            review.id,
            progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen[:2] == [(0, 4), (3, 4)]  # the anonymisations were done when the cancel came
    assert all(customers.get(vault, owner, cid).get("phone") for cid in stale)
    assert (
        vault.connection().execute("SELECT count(*) FROM customers WHERE id = ?", (gone,)).fetchone()[0] == 1
    )
    assert retention.get_review(vault, owner, review.id).applied_at is None
    assert "retention.apply" not in {e.action for e in vault.audit().entries()}
    done = retention.apply(vault, owner, review.id)
    assert (done.anonymised, done.erased) == (3, 1)


def test_anonymising_a_searchable_field_leaves_no_page_holding_the_old_value(vault, owner) -> None:
    """Retention's anonymisation is an erasure of those fields: like erasing a customer, it must
    leave the old value on no page of vault.db or its WAL, nor in the search index's segments."""
    customers.create_many(
        vault,
        owner,
        [{"name": f"客户{i:04d}", "email": f"c{i}@example.com"} for i in range(200)],
        audit_each=False,
    )
    email = "zhuxiaomei.retention@qiyeyouxiang.cn"
    old = customers.create(vault, owner, {"name": "朱小美", "email": email}).id
    _age(vault, old, 800)
    retention.add_rule(vault, owner, scope="field", target="email", months=24, action="anonymise")
    db = vault.folder / "vault.db"
    key = vault._require_unlocked()["data"]
    assert pagescan.find(db, key, [email])  # the control: the scan sees it while it is held
    done = retention.apply(vault, owner, retention.review(vault, owner).id)
    assert done.anonymised == 1 and customers.get(vault, owner, old).get("email") is None
    assert pagescan.find(db, key, [email, "qiyeyouxiang"]) == []
