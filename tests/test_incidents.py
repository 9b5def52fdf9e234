"""The incident register (应急响应): recorded from the audit log, kept whole, read by the auditor
without any customer's personal data, and a notice letter to the affected customers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from app import cli, customers, incidents, users
from app.access import Actor
from app.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.faults import CRASH_STATUS, FAULT_TRACE
from app.reports import incident_notice
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.export_helpers import PEOPLE

ROOT = Path(__file__).resolve().parents[1]
SALLY = Actor("sally", "sales")
MIA = Actor("mia", "manager")
AUDREY = Actor("audrey", "auditor")
ARTIFACTS = Path("/work/artifacts/alerts")


@pytest.fixture
def shop(vault: Vault, owner: Actor) -> list[int]:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.add(vault, owner, "mia", "manager-pass-1", "manager")
    users.add(vault, owner, "audrey", "audit-pass-1", "auditor")
    return customers.create_many(vault, owner, PEOPLE)


def _draft(**changes) -> incidents.Draft:
    values = {
        "title": "销售笔记本电脑遗失",
        "what_happened": "销售人员 sally 的笔记本电脑在地铁上遗失；电脑已加密，但处于登录状态。",
        "discovered_at": datetime.now().astimezone(),
        "severity": "high",
        "notify_customers": True,
        "notify_customers_reason": "可能造成骚扰电话风险",
        "notify_regulator": False,
        "notify_regulator_reason": "数据已加密，且无证据表明被访问",
        "actions": "已远程注销该账户并轮换数据密钥。",
        "advice": "请警惕自称本店的陌生来电。",
        "contact": "隐私负责人 王经理 010-12345678",
    }
    values.update(changes)
    return incidents.Draft(**values)


def test_affected_customers_and_fields_are_prefilled_from_what_one_user_read(vault, owner, shop):
    before = datetime.now().astimezone() - timedelta(seconds=1)
    for customer_id in shop[:3]:
        customers.view(vault, SALLY, customer_id)
    customers.view(vault, MIA, shop[4])  # someone else's read is not part of it
    after = datetime.now().astimezone() + timedelta(seconds=1)
    affected = incidents.affected_from_audit(vault, owner, "sally", before, after)
    assert affected.customer_ids == shop[:3]
    assert "name" in affected.fields and "phone" in affected.fields and "notes" not in affected.fields
    assert "sally" in affected.found_by
    earlier = incidents.affected_from_audit(vault, owner, "sally", before - timedelta(hours=2), before)
    assert earlier.customer_ids == []


def test_an_incident_is_recorded_with_its_decisions_and_audited(vault, owner, shop):
    incident = incidents.add(vault, owner, _draft(customer_ids=shop[:2], fields=["name", "phone"]))
    assert (incident.customers, incident.status, incident.severity) == (2, "open", "high")
    assert incident.notify_customers is True and incident.notify_regulator is False
    assert incidents.customer_ids(vault, owner, incident.id) == shop[:2]
    closed = incidents.update(vault, owner, incident.id, status="closed", actions="已通知全部客户。")
    assert (closed.status, closed.actions) == ("closed", "已通知全部客户。")
    actions = [e.action for e in vault.audit().entries(limit=5)]
    assert "incident.add" in actions and "incident.update" in actions


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"notify_regulator_reason": ""}, "notify_regulator_reason"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"fields": ["no_such_field"]}, "fields"),
        ({"customer_ids": [999]}, "customers"),
    ],
)
def test_an_incident_missing_a_decision_or_naming_unknown_things_is_refused_whole(
    vault, owner, shop, change, field
):
    with pytest.raises(ValidationError) as caught:
        incidents.add(vault, owner, _draft(**change))
    assert field in caught.value.errors
    assert incidents.list_incidents(vault, owner) == []


def test_weaker_roles_cannot_record_and_the_auditor_reads_no_personal_data(vault, owner, shop):
    incident = incidents.add(vault, owner, _draft(customer_ids=shop, fields=["name", "phone"]))
    for who in (SALLY, AUDREY):
        with pytest.raises(PermissionDeniedError):
            incidents.add(vault, who, _draft())
        with pytest.raises(PermissionDeniedError):
            incidents.update(vault, who, incident.id, status="closed")
    with pytest.raises(PermissionDeniedError):
        incidents.list_incidents(vault, SALLY)
    seen = json.dumps([i.as_dict() for i in incidents.list_incidents(vault, AUDREY)], ensure_ascii=False)
    assert '"customers": 5' in seen
    for person in PEOPLE:
        for value in person.values():
            assert value not in seen
    with pytest.raises(PermissionDeniedError):
        incidents.customer_ids(vault, AUDREY, incident.id)
    with pytest.raises(PermissionDeniedError):
        incident_notice.render(vault, AUDREY, incident.id, "zh")
    with pytest.raises(PermissionDeniedError):
        incidents.affected_from_audit(
            vault, AUDREY, "sally", datetime.now() - timedelta(hours=1), datetime.now()
        )


def test_recording_killed_midway_leaves_no_half_incident(vault, owner, shop, tmp_path):
    folder, trace = vault.folder, tmp_path / "trace"
    trace.write_text("")
    vault.lock()
    script = textwrap.dedent(
        f"""
        import os
        from datetime import datetime
        from app import faults, incidents
        from app.vault import Vault
        vault = Vault.unlock({str(folder)!r}, {OWNER!r}, {OWNER_PASSWORD!r})
        reached = len(open({str(trace)!r}).read().splitlines())
        os.environ[faults.FAULT_AT] = str(reached + 1)  # the first point inside add()
        incidents.add(vault, vault.actor, incidents.Draft(
            title="t", what_happened="w", discovered_at=datetime.now().astimezone(), severity="low",
            notify_customers=False, notify_customers_reason="r", notify_regulator=False,
            notify_regulator_reason="r", customer_ids={shop!r}))
        raise SystemExit("not killed")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, FAULT_TRACE: str(trace)}, timeout=120
    )
    assert done.returncode == CRASH_STATUS
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        assert incidents.list_incidents(again, again.actor) == []
        assert again.connection().execute("SELECT count(*) FROM incident_customers").fetchone()[0] == 0
        assert "incident.add" not in [e.action for e in again.audit().entries(limit=20)]
    finally:
        again.lock()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_notice_letter_addresses_each_affected_customer_with_the_art_57_contents(
    vault, owner, shop, tmp_path, language
):
    incident = incidents.add(vault, owner, _draft(customer_ids=shop[:2], fields=["name", "phone"]))
    out = tmp_path / f"notice-{language}.pdf"
    assert incident_notice.write(vault, owner, incident.id, out, language) == 2
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "王芳" in first and PEOPLE[1]["name"][:10] in second.replace("\n", "")
    assert "王经理 010-12345678" in first and "请警惕自称本店的陌生来电" in first
    assert ("电话" if language == "zh" else "Phone") in first
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in name for name in fonts)
    assert "incident.notice_written" in [e.action for e in vault.audit().entries(limit=5)]
    if ARTIFACTS.parent.exists():
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / out.name).write_bytes(out.read_bytes())  # rendered to PNG and looked at


def test_a_notice_for_an_incident_without_customers_or_unknown_is_refused(vault, owner, shop, tmp_path):
    incident = incidents.add(vault, owner, _draft())
    with pytest.raises(ValidationError):
        incident_notice.write(vault, owner, incident.id, tmp_path / "n.pdf", "zh")
    with pytest.raises(NotFoundError):
        incident_notice.write(vault, owner, 99, tmp_path / "n.pdf", "zh")
    assert not (tmp_path / "n.pdf").exists()


# ------------------------------------------------------------------ command line


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_records_an_incident_from_the_audit_log_lists_shows_and_writes_the_notice(
    tmp_path, capsys, monkeypatch
):
    folder = tmp_path / "cli-vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "boss"]) == 0
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.setenv("CUSTOS_USER", "boss")
    start = (datetime.now() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    for name, phone in (("王芳", "13812345678"), ("李娜", "15011112222")):
        assert cli.main(["customers", "add", "--name", name, "--phone", phone]) == 0
        assert cli.main(["customers", "show", "1" if name == "王芳" else "2"]) == 0
    end = (datetime.now() + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    capsys.readouterr()
    base = [
        "incidents",
        "add",
        "--title",
        "Lost laptop",
        "--what",
        "A laptop was lost.",
        "--severity",
        "high",
    ]
    decisions = ["--notify-customers", "yes", "--customers-reason", "risk of calls"]
    decisions += ["--notify-regulator", "no", "--regulator-reason", "encrypted disk"]
    code, out, _ = run(
        capsys, *base, *decisions, "--reads-by", "boss", "--from", start, "--to", end, "--json"
    )
    assert code == 0
    added = json.loads(out)
    assert added["customers"] == 2 and "phone" in added["fields"]
    code, out, _ = run(capsys, "incidents", "list")
    assert code == 0 and "Lost laptop" in out
    code, out, _ = run(capsys, "incidents", "show", str(added["id"]), "--json")
    assert json.loads(out)["notify_regulator_reason"] == "encrypted disk"
    pdf = tmp_path / "letters.pdf"
    code, out, _ = run(capsys, "incidents", "notice", str(added["id"]), "--out", str(pdf), "--lang", "en")
    assert code == 0 and len(pypdf.PdfReader(pdf).pages) == 2
    code, _, err = run(capsys, *base, "--notify-customers", "maybe")
    assert code == 1 and err.count("\n") == 1
    code, _, err = run(capsys, *base, *decisions, "--reads-by", "boss")
    assert code == 1 and "--from" in err
    code, out, _ = run(capsys, "incidents", "update", str(added["id"]), "--status", "closed")
    assert code == 0 and "closed" in out
    later = ("--notify-regulator", "yes", "--regulator-reason", "ID numbers involved", "--contact", "Ms Li")
    code, out, _ = run(capsys, "incidents", "update", str(added["id"]), *later)
    shown = json.loads(run(capsys, "incidents", "show", str(added["id"]), "--json")[1])
    assert (shown["notify_regulator"], shown["notify_regulator_reason"], shown["contact"]) == (
        True,
        "ID numbers involved",
        "Ms Li",
    )
    assert shown["status"] == "closed"
    code, _, err = run(capsys, "incidents", "update", str(added["id"]), "--regulator-reason", " ")
    assert code == 1 and err.count("\n") == 1


def test_updating_changes_only_what_is_given_and_says_what_changed(vault, owner, shop):
    recorded = incidents.add(vault, owner, _draft(customer_ids=shop[:2]))
    moved = incidents.update(
        vault, owner, recorded.id, notify_regulator=True, notify_regulator_reason="身份证号码可能泄露"
    )
    assert (moved.notify_regulator, moved.notify_regulator_reason) == (True, "身份证号码可能泄露")
    assert (moved.status, moved.actions, moved.advice) == (recorded.status, recorded.actions, recorded.advice)
    entry = next(e for e in vault.audit().entries(limit=5) if e.action == "incident.update")
    assert entry.details["changed"] == ["notify_regulator", "notify_regulator_reason"]
    with pytest.raises(ValidationError):
        incidents.update(vault, owner, recorded.id, status="contained", notify_customers_reason="  ")
    assert incidents.get(vault, owner, recorded.id).status == "open"  # refused whole
    for weaker in (SALLY, AUDREY):
        with pytest.raises(PermissionDeniedError):
            incidents.update(vault, weaker, recorded.id, notify_regulator=False)
        with pytest.raises(PermissionDeniedError):
            incidents.audit_users(vault, weaker)


def test_cancelling_the_notice_letters_writes_nothing_and_audits_nothing(vault, owner, shop, tmp_path):
    recorded = incidents.add(vault, owner, _draft(customer_ids=shop))
    seen: list[tuple[int, int]] = []
    target = tmp_path / "letters.pdf"
    with pytest.raises(incident_notice.LettersCancelled):
        incident_notice.write(
            vault,
            owner,
            recorded.id,
            target,
            "en",
            progress=lambda d, t: seen.append((d, t)),
            should_cancel=lambda: bool(seen),
        )
    assert not target.exists() and seen == [(0, len(shop))]
    assert not [e for e in vault.audit().entries(limit=10) if e.action == "incident.notice_written"]
