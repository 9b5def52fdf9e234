"""Unusual-access alerts (安全监控): rules over the audit log, kept, acknowledged by an owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import alerts, backup_schedule, cli, customers, exporting, notices, users
from app.access import Actor
from app.errors import PermissionDeniedError, ValidationError
from app.faults import CRASH_STATUS, FAULT_TRACE
from app.vault import Vault
from app.vault.throttle import SigninThrottle
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.export_helpers import PEOPLE, request

ROOT = Path(__file__).resolve().parents[1]
SALLY = Actor("sally", "sales")
MIA = Actor("mia", "manager")
AUDREY = Actor("audrey", "auditor")
NAMES = [p["name"] for p in PEOPLE]


@pytest.fixture
def shop(vault: Vault, owner: Actor) -> list[int]:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.add(vault, owner, "mia", "manager-pass-1", "manager")
    users.add(vault, owner, "audrey", "audit-pass-1", "auditor")
    ids = customers.create_many(vault, owner, PEOPLE)
    alerts.evaluate(vault)  # set-up entries are behind us
    return ids


def _alert_notices(vault: Vault) -> list[notices.Notice]:
    return [n for n in notices.pending(vault) if n.kind == notices.ALERT_RAISED]


def test_one_user_opening_more_customers_in_an_hour_than_the_threshold_raises_one_alert(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "3")
    for customer_id in shop[:3] + shop[:3]:  # the same customers again do not count twice
        customers.view(vault, SALLY, customer_id)
    alerts.evaluate(vault)
    assert alerts.list_alerts(vault, owner) == []
    customers.view(vault, SALLY, shop[3])
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, owner)
    assert (alert.rule, alert.subject, alert.count, alert.threshold) == (alerts.READS, "sally", 4, 3)
    assert "sally" in alert.message() and "4" in alert.message()
    customers.view(vault, SALLY, shop[4])
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, owner)  # the same hour: the same alert, counted up
    assert alert.count == 5
    (notice,) = _alert_notices(vault)
    assert "sally" in notice.message() and f"Alert {alert.id}" in notice.message()


def test_reading_customers_does_not_evaluate_and_evaluation_reads_only_new_entries(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "1")
    alerts.evaluate(vault)
    position = vault.connection().execute("SELECT last_seq FROM alert_state").fetchone()[0]
    for customer_id in shop:
        customers.view(vault, SALLY, customer_id)
    assert vault.connection().execute("SELECT last_seq FROM alert_state").fetchone()[0] == position
    assert alerts.list_alerts(vault, owner) == []
    assert alerts.evaluate(vault) == 5
    assert alerts.evaluate(vault) == 0  # nothing new; its own alert entries are not read again
    customers.view(vault, SALLY, shop[0])
    assert alerts.evaluate(vault) == 1


def test_many_reveals_of_masked_values_in_an_hour_raise_an_alert(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.REVEALS, "2")
    for _ in range(3):
        customers.reveal(vault, owner, shop[0], "phone", reason="回电核对")
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, owner)
    assert (alert.rule, alert.subject, alert.count) == (alerts.REVEALS, OWNER, 3)


def test_an_export_outside_working_hours_raises_an_alert_and_inside_does_not(vault, owner, shop, tmp_path):
    hour = datetime.now().astimezone().hour
    working = f"{hour:02d}-{hour + 1:02d}"
    alerts.set_rule(vault, owner, alerts.WORKING_HOURS, working)
    basis = {"legal_basis": "contract", "basis_note": "delivering orders"}
    exporting.run(vault, owner, request([("id", "full"), ("name", "full")], **basis), tmp_path / "a.csv")
    alerts.evaluate(vault)
    assert alerts.list_alerts(vault, owner) == []
    closed = f"{(hour + 1) % 24:02d}-{(hour + 1) % 24 + 1:02d}"
    alerts.set_rule(vault, owner, alerts.WORKING_HOURS, closed)
    exporting.run(vault, owner, request([("id", "full"), ("name", "full")], **basis), tmp_path / "b.csv")
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, owner)
    # Counted under the hours now set: the first export of the day is outside them too.
    assert (alert.rule, alert.subject, alert.count, alert.threshold) == (alerts.EXPORTS, OWNER, 2, 0)


def test_repeated_failed_signins_are_shown_to_the_owner_at_the_next_signin(vault, owner, shop):
    folder = vault.folder
    vault.lock()
    throttle = SigninThrottle.for_vault(folder)
    start = datetime.now(UTC).timestamp() - 600
    for n in range(5):  # what five wrong passwords at the sign-in dialog leave behind
        throttle.record_failure(OWNER, now=start + n)
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        (alert,) = alerts.list_alerts(again, again.actor)
        assert (alert.rule, alert.subject, alert.count) == (alerts.FAILED_SIGNINS, OWNER, 5)
        (notice,) = _alert_notices(again)
        assert "5 failed sign-ins" in notice.message()
    finally:
        again.lock()


def test_no_backup_for_longer_than_the_limit_raises_an_alert_once(vault, owner, shop, tmp_path):
    alerts.set_rule(vault, owner, alerts.BACKUP_AGE, "7")
    alerts.evaluate(vault, now=datetime.now(UTC) + timedelta(days=3))
    assert alerts.list_alerts(vault, owner) == []
    alerts.evaluate(vault, now=datetime.now(UTC) + timedelta(days=8))
    alerts.evaluate(vault, now=datetime.now(UTC) + timedelta(days=9))
    (alert,) = alerts.list_alerts(vault, owner)
    assert (alert.rule, alert.window_start, alert.count) == (alerts.BACKUP_AGE, "never", 9)
    assert "No backup was ever made" in alert.message()
    backup_schedule.backup_to(vault, owner, tmp_path / "backups")
    alerts.evaluate(vault, now=datetime.now(UTC) + timedelta(days=2))
    assert len(alerts.list_alerts(vault, owner)) == 1
    alerts.evaluate(vault, now=datetime.now(UTC) + timedelta(days=8))
    newest = alerts.list_alerts(vault, owner)[0]
    assert newest.window_start != "never" and newest.count == 8


def test_threshold_off_disables_a_rule_and_bad_values_are_refused(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "off")
    for customer_id in shop:
        customers.view(vault, SALLY, customer_id)
    alerts.evaluate(vault)
    assert alerts.list_alerts(vault, owner) == []
    for rule, value in (
        (alerts.READS, "-1"),
        (alerts.READS, "many"),
        ("nonsense", "3"),
        (alerts.WORKING_HOURS, "19-8"),
    ):
        with pytest.raises(ValidationError):
            alerts.set_rule(vault, owner, rule, value)
    assert alerts.rules(vault, owner)[alerts.WORKING_HOURS] == "08-19"


def test_acknowledging_keeps_the_alert_with_who_and_why_and_is_audited(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "1")
    customers.view(vault, SALLY, shop[0])
    customers.view(vault, SALLY, shop[1])
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, owner)
    done = alerts.acknowledge(vault, owner, alert.id, "查过：在核对订单")
    assert (done.acknowledged_by, done.note) == (OWNER, "查过：在核对订单")
    assert alerts.list_alerts(vault, owner) == []
    assert [a.id for a in alerts.list_alerts(vault, owner, include_acknowledged=True)] == [alert.id]
    with pytest.raises(ValidationError):
        alerts.acknowledge(vault, owner, alert.id)
    actions = [e.action for e in vault.audit().entries(limit=20)]
    assert "alerts.acknowledged" in actions and "alerts.rule_changed" in actions and "alert.raised" in actions


def test_no_one_but_an_owner_can_silence_alerts_or_change_rules(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "1")
    customers.view(vault, MIA, shop[0])
    customers.view(vault, MIA, shop[1])
    alerts.evaluate(vault)
    (alert,) = alerts.list_alerts(vault, MIA)  # the manager sees the alert about herself…
    for who in (MIA, AUDREY, SALLY, Actor("custom", "manager")):
        with pytest.raises(PermissionDeniedError):
            alerts.acknowledge(vault, who, alert.id)  # …but cannot make it go away
        with pytest.raises(PermissionDeniedError):
            alerts.set_rule(vault, who, alerts.READS, "off")
    with pytest.raises(PermissionDeniedError):
        alerts.list_alerts(vault, SALLY)
    assert alerts.get(vault, owner, alert.id).open
    assert alerts.rules(vault, owner)[alerts.READS] == "1"


def test_the_auditor_reads_alerts_without_any_customer_personal_data(vault, owner, shop):
    alerts.set_rule(vault, owner, alerts.READS, "1")
    alerts.set_rule(vault, owner, alerts.REVEALS, "0")
    for customer_id in shop:
        customers.view(vault, SALLY, customer_id)
    customers.reveal(vault, owner, shop[0], "phone", reason="核对")
    alerts.evaluate(vault)
    seen = json.dumps([a.as_dict() for a in alerts.list_alerts(vault, AUDREY)], ensure_ascii=False)
    assert "sally" in seen and len(alerts.list_alerts(vault, AUDREY)) == 2
    for person in PEOPLE:
        for value in person.values():
            assert value not in seen


def test_evaluation_killed_midway_leaves_nothing_and_the_next_one_raises_and_notifies_once(
    vault, owner, shop, tmp_path
):
    alerts.set_rule(vault, owner, alerts.READS, "2")
    folder, trace = vault.folder, tmp_path / "trace"
    trace.write_text("")
    vault.lock()
    script = textwrap.dedent(
        f"""
        import os
        from app import alerts, customers, faults
        from app.access import Actor
        from app.vault import Vault
        vault = Vault.unlock({str(folder)!r}, {OWNER!r}, {OWNER_PASSWORD!r})
        for customer_id in {shop!r}:
            customers.view(vault, Actor("sally", "sales"), customer_id)
        reached = len(open({str(trace)!r}).read().splitlines())
        os.environ[faults.FAULT_AT] = str(reached + 1)  # the first point inside this evaluation
        alerts.evaluate(vault)
        raise SystemExit("not killed")
        """
    )
    env = {**os.environ, FAULT_TRACE: str(trace)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, timeout=120)
    assert done.returncode == CRASH_STATUS
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        (alert,) = alerts.list_alerts(again, again.actor)
        assert (alert.subject, alert.count) == ("sally", 5)
        assert len(_alert_notices(again)) == 1
        raised = [e for e in again.audit().entries(limit=100) if e.action == "alert.raised"]
        assert len(raised) == 1
        assert again.audit().verify().ok
    finally:
        again.lock()


# ------------------------------------------------------------------ command line


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cli-vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "boss"]) == 0
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.setenv("CUSTOS_USER", "boss")
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "audit-pass-1")
    assert cli.main(["users", "add", "audrey", "--role", "auditor"]) == 0
    assert cli.main(["customers", "add", "--name", "王芳", "--phone", "13812345678"]) == 0
    assert cli.main(["customers", "add", "--name", "李娜", "--phone", "15011112222"]) == 0
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sets_rules_lists_alerts_and_acknowledges(cli_vault, capsys, monkeypatch):
    capsys.readouterr()
    code, out, _ = run(capsys, "alerts", "set", "reads_per_hour", "1")
    assert code == 0 and "reads_per_hour" in out
    code, out, _ = run(capsys, "alerts", "rules", "--json")
    assert json.loads(out)["reads_per_hour"] == "1"
    for customer_id in ("1", "2"):
        assert run(capsys, "customers", "show", customer_id)[0] == 0
    code, out, err = run(capsys, "alerts", "--json")  # evaluated at this sign-in
    (alert,) = json.loads(out)
    assert (alert["rule"], alert["user"], alert["count"]) == ("reads_per_hour", "boss", 2)
    assert "custos: notice: Alert" in err  # shown to the owner at sign-in
    code, out, _ = run(capsys, "alerts")
    assert code == 0 and "boss opened 2 different customers" in out
    code, out, _ = run(capsys, "alerts", "ack", str(alert["id"]), "--note", "checked")
    assert code == 0
    assert json.loads(run(capsys, "alerts", "--json")[1]) == []
    assert len(json.loads(run(capsys, "alerts", "--all", "--json")[1])) == 1
    code, _, err = run(capsys, "alerts", "set", "reads_per_hour", "lots")
    assert code == 1 and err.count("\n") == 1
    code, _, err = run(capsys, "alerts", "ack", "999")
    assert code == 1 and err.count("\n") == 1


def test_cli_auditor_lists_alerts_but_cannot_acknowledge_or_change_rules(cli_vault, capsys, monkeypatch):
    assert run(capsys, "alerts", "set", "reads_per_hour", "1")[0] == 0
    assert run(capsys, "customers", "show", "1")[0] == 0
    assert run(capsys, "customers", "show", "2")[0] == 0
    monkeypatch.setenv("CUSTOS_USER", "audrey")
    monkeypatch.setenv("CUSTOS_PASSWORD", "audit-pass-1")
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "audit-pass-2")
    assert run(capsys, "users", "passwd")[0] == 0
    monkeypatch.setenv("CUSTOS_PASSWORD", "audit-pass-2")
    code, out, _ = run(capsys, "alerts", "--json")
    (alert,) = json.loads(out)
    assert "王芳" not in out and "李娜" not in out and "13812345678" not in out
    code, _, err = run(capsys, "alerts", "ack", str(alert["id"]))
    assert code == 1 and "owner" in err
    code, _, err = run(capsys, "alerts", "set", "reads_per_hour", "off")
    assert code == 1 and "owner" in err


def test_an_outside_hours_alert_names_the_local_day_not_the_utc_one(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        # Local midnight in Shanghai on 3 December is 16:00 UTC on 2 December.
        alert = alerts.Alert(
            1, alerts.EXPORTS, "sally", "2026-12-02T16:00:00.000+00:00", 2, 0, "", None, None, None, None, ""
        )
        assert "on 2026-12-03" in alert.message()
    finally:
        monkeypatch.undo()
        time.tzset()
