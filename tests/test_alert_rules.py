"""The alert rules added to the first five: "more than usual" for each user, failed sign-ins of
accounts that never get in and of names no account has, and exports outside working hours at
most once per user and day."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import alerts, customers, exporting, notices, users
from app.access import Actor
from app.errors import (
    PermissionDeniedError,
    ThrottledError,
    UnknownUserError,
    ValidationError,
    WrongPasswordError,
)
from app.faults import CRASH_STATUS, FAULT_AT, FAULT_TRACE
from app.vault import Vault
from app.vault.throttle import MAX_NAME, MAX_UNKNOWN_NAMES, THROTTLE_FILE, SigninThrottle
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.export_helpers import request

ROOT = Path(__file__).resolve().parents[1]
SALLY = Actor("sally", "sales")


@pytest.fixture
def shop(vault: Vault, owner: Actor) -> list[int]:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    ids = customers.create_many(vault, owner, [{"name": f"客户{n:03d}"} for n in range(80)])
    alerts.evaluate(vault)  # set-up entries are behind us
    return ids


def _history(vault: Vault, user: str, ids: list[int], per_hour: list[int]) -> None:
    """What ``user`` opened in earlier hours (hour n ago opened per_hour[n-1] different customers):
    the log as weeks of work would have left it."""
    now = datetime.now(UTC).replace(minute=30, second=0, microsecond=0)
    audit = vault.audit()
    # Oldest first: the log's times grow with its sequence numbers (evaluation relies on it).
    for back, count in reversed(list(enumerate(per_hour, start=2))):
        for customer_id in ids[:count]:
            audit.append(
                user, "customer.view", f"customer:{customer_id}", {}, at=now - timedelta(hours=back * 7)
            )


def _open(vault: Vault, actor: Actor, ids: list[int]) -> None:
    for customer_id in ids:
        customers.view(vault, actor, customer_id)


def _rule_alerts(vault: Vault, rule: str) -> list[alerts.Alert]:
    return [a for a in alerts.list_alerts(vault, vault.actor, include_acknowledged=True) if a.rule == rule]


# ------------------------------------------------------------------ more than usual


def test_a_user_opening_far_more_customers_than_their_usual_hour_raises_an_alert(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.USUAL_FLOOR, "10")
    _history(vault, "sally", shop, [4] * 10)  # a typical hour: 4 customers
    _open(vault, SALLY, shop[:20])  # 5 × 4 = 20: busy, not unusual
    alerts.evaluate(vault)
    assert _rule_alerts(vault, alerts.USUAL) == []
    _open(vault, SALLY, shop[20:21])
    alerts.evaluate(vault)
    (alert,) = _rule_alerts(vault, alerts.USUAL)
    assert (alert.subject, alert.count, alert.threshold) == ("sally", 21, 20)
    assert "sally opened 21 different customers" in alert.message() and "more than usual" in alert.message()
    assert _rule_alerts(vault, alerts.READS) == []  # far below the 200 everyone may open


def test_the_same_hour_is_usual_for_a_busy_user_and_unusual_for_a_quiet_one(vault, owner, shop):
    users.add(vault, owner, "bea", "sales-pass-2", "sales")
    _history(vault, "sally", shop, [40] * 10)
    _history(vault, "bea", shop, [3] * 10)
    _open(vault, SALLY, shop[:35])
    _open(vault, Actor("bea", "sales"), shop[:35])
    alerts.evaluate(vault)
    assert [a.subject for a in _rule_alerts(vault, alerts.USUAL)] == ["bea"]


def test_a_new_user_without_30_days_of_habits_is_not_more_than_usual(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.USUAL_FLOOR, "5")
    _history(vault, "sally", shop, [1] * (alerts.USUAL_MIN_HOURS - 1))  # a first day
    _open(vault, SALLY, shop[:60])
    alerts.evaluate(vault)
    assert _rule_alerts(vault, alerts.USUAL) == []


def test_history_older_than_30_days_does_not_count_as_usual(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.USUAL_FLOOR, "5")
    old = datetime.now(UTC) - timedelta(days=alerts.USUAL_DAYS + 2)
    for hour in reversed(range(12)):
        for customer_id in shop[:50]:
            vault.audit().append(
                "sally", "customer.view", f"customer:{customer_id}", {}, at=old - timedelta(hours=hour)
            )
    _history(vault, "sally", shop, [2] * 10)
    _open(vault, SALLY, shop[:11])
    alerts.evaluate(vault)
    (alert,) = _rule_alerts(vault, alerts.USUAL)
    assert alert.threshold == 10  # 5 × 2, from the last 30 days only


def test_more_than_usual_never_alerts_at_or_below_the_floor_and_can_be_switched_off(vault, owner, shop):
    _history(vault, "sally", shop, [1] * 10)
    _open(vault, SALLY, shop[:30])  # 30 times usual, but the floor is 30
    alerts.evaluate(vault)
    assert _rule_alerts(vault, alerts.USUAL) == []
    alerts.set_rule(vault, owner, alerts.USUAL, "off")
    _open(vault, SALLY, shop[30:60])
    alerts.evaluate(vault)
    assert _rule_alerts(vault, alerts.USUAL) == []


@given(
    history=st.lists(st.integers(min_value=1, max_value=500), max_size=40),
    factor=st.integers(min_value=1, max_value=20),
    floor=st.integers(min_value=0, max_value=200),
    extra=st.integers(min_value=1, max_value=100),
)
def test_usual_limit_follows_the_users_median_hour_and_never_drops_below_the_floor(
    history, factor, floor, extra
):
    limit = alerts.usual_limit(history, factor, floor)
    if len(history) < alerts.USUAL_MIN_HOURS:
        assert limit is None
        return
    assert limit is not None and limit >= floor
    ordered = sorted(history)
    # At most half the user's working hours reach limit / factor: an ordinary hour is never unusual.
    assert (
        limit >= factor * ordered[(len(ordered) - 1) // 2] or limit == floor or limit >= factor * ordered[0]
    )
    busier = alerts.usual_limit([h + extra for h in history], factor, floor)
    assert busier is not None and busier >= limit  # a busier habit never lowers the limit
    assert alerts.usual_limit(history, factor + 1, floor) >= limit


# ------------------------------------------------------------------ failed sign-ins


def test_failed_signins_of_an_account_that_never_gets_in_are_alerted_at_the_owners_signin(vault, owner, shop):
    folder = vault.folder
    vault.lock()
    for _ in range(5):
        with pytest.raises((WrongPasswordError, ThrottledError)):
            Vault.unlock(folder, "sally", "not-her-password")
        _skip_delay(folder, "sally")
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        (alert,) = _rule_alerts(again, alerts.FAILED_SIGNINS)
        assert (alert.subject, alert.count) == ("sally", 5)
        entries = [e for e in again.audit().entries(limit=50) if e.action == "signin.failed"]
        assert len(entries) == 5 and all(e.actor == "sally" and e.object == "sally" for e in entries)
        assert all(e.details.get("recorded_at_signin_of") == OWNER for e in entries)
        assert any(n.kind == notices.ALERT_RAISED for n in notices.pending(again))
    finally:
        again.lock()
    # The owner's sign-in did not lift sally's delay, and the attempts are not audited twice.
    assert json.loads((folder / THROTTLE_FILE).read_text("utf-8"))["sally"]["failures"] == 5
    third = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        assert len([e for e in third.audit().entries(limit=80) if e.action == "signin.failed"]) == 5
    finally:
        third.lock()


def _skip_delay(folder: Path, user: str) -> None:
    """The test does not wait out the growing delay a person at the dialog would."""
    path = folder / THROTTLE_FILE
    data = json.loads(path.read_text("utf-8"))
    data[user.casefold()]["last"] -= 3600
    path.write_text(json.dumps(data), "utf-8")


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and p.name != THROTTLE_FILE
    }


def test_names_no_account_has_are_counted_together_without_an_outsider_writing_to_the_vault(
    vault, owner, shop
):
    folder = vault.folder
    vault.lock()
    before = _hashes(folder)
    for name in ("admin", "root", "administrator", "test", "boss"):
        with pytest.raises(UnknownUserError):
            Vault.unlock(folder, name, "123456")
    assert _hashes(folder) == before  # only signin.json changed
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        (alert,) = _rule_alerts(again, alerts.FAILED_SIGNINS)
        assert (alert.subject, alert.count) == ("", 5)
        assert "user names that have no account" in alert.message()
        audited = {e.object for e in again.audit().entries(limit=50) if e.action == "signin.failed"}
        assert audited == {"admin", "root", "administrator", "test", "boss"}
    finally:
        again.lock()


def test_an_outsider_typing_many_names_cannot_grow_signin_json_or_push_out_a_users_delay(vault, owner, shop):
    folder = vault.folder
    vault.lock()
    for _ in range(4):
        with pytest.raises((WrongPasswordError, ThrottledError)):
            Vault.unlock(folder, "sally", "guess-guess")
        _skip_delay(folder, "sally")
    for n in range(MAX_UNKNOWN_NAMES * 3):
        with pytest.raises(UnknownUserError):
            Vault.unlock(folder, f"user{n}\x1b[31m" + "x" * 500, "123456")
    data = json.loads((folder / THROTTLE_FILE).read_text("utf-8"))
    strangers = [key for key, entry in data.items() if entry.get("unknown")]
    assert len(strangers) == MAX_UNKNOWN_NAMES
    assert all(len(key) <= MAX_NAME and "\x1b" not in key for key in strangers)
    assert data["sally"]["failures"] == 4  # still delayed
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        failed = [e for e in again.audit().entries(limit=200) if e.action == "signin.failed"]
        assert len(failed) == 4 + MAX_UNKNOWN_NAMES
    finally:
        again.lock()


def test_a_crash_after_the_failed_signins_are_audited_does_not_count_them_twice(vault, owner, shop, tmp_path):
    folder = vault.folder
    throttle = SigninThrottle.for_vault(folder)
    vault.lock()
    start = datetime.now(UTC).timestamp() - 600
    for n in range(5):
        throttle.record_failure("sally", now=start + n)
    # Which crash point is "in the log, signin.json not yet updated": found on a copy.
    trace, probe = tmp_path / "trace", tmp_path / "probe"
    shutil.copytree(folder, probe)
    script = (
        "from app.vault import Vault; import sys; Vault.unlock(sys.argv[1], sys.argv[2], sys.argv[3]).lock()"
    )
    env = {**os.environ, FAULT_TRACE: str(trace)}
    subprocess.run(
        [sys.executable, "-c", script, str(probe), OWNER, OWNER_PASSWORD], cwd=ROOT, env=env, check=True
    )
    at = trace.read_text().splitlines().index("signin.failures_audited") + 1
    env = {**os.environ, FAULT_AT: str(at)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), OWNER, OWNER_PASSWORD], cwd=ROOT, env=env
    )
    assert done.returncode == CRASH_STATUS
    assert len(SigninThrottle.for_vault(folder).pending()[0].moments) == 5  # still waiting
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        assert len([e for e in again.audit().entries(limit=80) if e.action == "signin.failed"]) == 5
        (alert,) = _rule_alerts(again, alerts.FAILED_SIGNINS)
        assert alert.count == 5
        assert again.audit().verify().ok
    finally:
        again.lock()
    assert SigninThrottle.for_vault(folder).pending() == []


# ------------------------------------------------------------------ exports outside working hours


def test_exports_outside_working_hours_give_one_alert_per_user_and_day_in_plain_words(
    vault, owner, shop, tmp_path
):
    hour = datetime.now().astimezone().hour
    closed = f"{(hour + 1) % 24:02d}-{(hour + 1) % 24 + 1:02d}"
    alerts.set_rule(vault, owner, alerts.WORKING_HOURS, closed)
    basis = {"legal_basis": "contract", "basis_note": "delivering orders"}
    for n in range(3):
        exporting.run(
            vault, owner, request([("id", "full"), ("name", "full")], **basis), tmp_path / f"{n}.csv"
        )
        alerts.evaluate(vault)
    (alert,) = _rule_alerts(vault, alerts.EXPORTS)
    assert alert.count == 3
    assert alert.message().startswith(f"{OWNER} exported customer data outside working hours on ")
    assert "(3 exports that day)" in alert.message() and "threshold" not in alert.message()
    assert len([n for n in notices.pending(vault) if n.kind == notices.ALERT_RAISED]) == 1
    single = alerts.Alert(
        9, alerts.EXPORTS, "sally", alert.window_start, 1, 0, "", None, None, None, None, ""
    )
    assert "(1 export that day)" in single.message()


# ------------------------------------------------------------------ the rules, set together


def test_one_bad_value_among_several_changes_nothing_and_names_its_rule(vault, owner, shop):
    with pytest.raises(ValidationError) as refused:
        alerts.set_rules(
            vault, owner, {alerts.READS: "50", alerts.USUAL: "3", alerts.WORKING_HOURS: "9 to 5"}
        )
    assert list(refused.value.errors) == [alerts.WORKING_HOURS]
    assert alerts.rules(vault, owner)[alerts.READS] == "200"
    alerts.set_rules(vault, owner, {alerts.READS: "50", alerts.USUAL: "3", alerts.USUAL_FLOOR: "off"})
    changed = [e for e in vault.audit().entries(limit=10) if e.action == "alerts.rule_changed"]
    assert sorted(e.object for e in changed) == sorted([alerts.READS, alerts.USUAL, alerts.USUAL_FLOOR])
    assert alerts.can_manage(owner) and not alerts.can_manage(Actor("mia", "manager"))
    with pytest.raises(PermissionDeniedError):
        alerts.set_rules(vault, Actor("mia", "manager"), {alerts.READS: "off"})
    with pytest.raises(PermissionDeniedError):
        alerts.open_count(vault, SALLY)


def test_a_backlog_of_busy_hours_evaluated_at_once_gives_each_hour_its_own_usual(vault, owner, shop):
    """One evaluation over many hours (a catch-up) reads each user's habits once and still
    judges every hour against the 30 days before it."""
    alerts.set_rules(vault, owner, {alerts.USUAL: "2", alerts.USUAL_FLOOR: "20"})
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=12)
    audit = vault.audit()
    per_hour = [30] * 10 + [70, 30]  # the 11th hour is more than twice the usual 30
    for hour, count in enumerate(per_hour):
        for customer_id in shop[:count]:
            audit.append(
                "sally", "customer.view", f"customer:{customer_id}", {}, at=start + timedelta(hours=hour)
            )
    alerts.evaluate(vault)
    (alert,) = _rule_alerts(vault, alerts.USUAL)
    assert (alert.count, alert.threshold) == (70, 60)
    assert alert.window_start.startswith((start + timedelta(hours=10)).isoformat()[:13])
