"""The compliance report (PIPL Art. 54): figures from the live vault, the auditor's copy without any
customer's personal data, the record of every report and its verification, kept whole under kill -9."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from app import (
    access,
    alerts,
    backup,
    cli,
    compliance,
    compliance_record,
    consent,
    customers,
    exporting,
    field_admin,
    incidents,
    requests,
    users,
)
from app.access import Actor
from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.faults import CRASH_STATUS, FAULT_TRACE
from app.reports.compliance_report import ALERT_RULES
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.export_helpers import PEOPLE, give, register_partner, request, shop

ROOT = Path(__file__).resolve().parents[1]
SALLY = Actor("sally", "sales")
MIA = Actor("mia", "manager")
AUDREY = Actor("audrey", "auditor")
TODAY = date.today()
YEAR_START = date(TODAY.year, 1, 1)
ARTIFACTS = Path("/work/artifacts/compliance")


@pytest.fixture
def store(vault: Vault, owner: Actor, tmp_path: Path) -> list[int]:
    """Five customers, staff of three roles, consent, a partner, an export, two requests, an incident."""
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.add(vault, owner, "mia", "manager-pass-1", "manager")
    users.add(vault, owner, "audrey", "audit-pass-1", "auditor")
    ids = shop(vault, owner)
    give(vault, owner, ids[0], "marketing", "service")
    give(vault, owner, ids[2], "marketing")
    consent.withdraw(vault, owner, ids[2], "marketing", channel="electronic")
    register_partner(vault, owner)
    exporting.run(
        vault,
        owner,
        request(
            [("name", "full"), ("phone", "full")], legal_basis="contract", basis_note="delivering the orders"
        ),
        tmp_path / "export.csv",
    )
    requests.add(vault, owner, type="know", received_via="email", requester="王芳", customer_id=ids[0])
    incidents.add(
        vault,
        owner,
        incidents.Draft(
            title="销售笔记本电脑遗失",
            what_happened="laptop lost",
            discovered_at=datetime.now().astimezone(),
            severity="high",
            notify_customers=True,
            notify_customers_reason="risk",
            notify_regulator=False,
            notify_regulator_reason="encrypted",
            customer_ids=ids[:2],
        ),
    )
    return ids


def _text(path: Path) -> tuple[str, list[str]]:
    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    return "\n".join(pages), pages


def _produce(
    vault, actor, tmp_path, language="en", name=None
) -> tuple[compliance_record.Made, str, list[str]]:
    out = tmp_path / (name or f"report-{actor.user}-{language}.pdf")
    made = compliance_record.produce(vault, actor, YEAR_START, TODAY, language, out)
    text, pages = _text(out)
    return made, text, pages


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_report_shows_the_vaults_own_figures_and_the_code_on_every_page(
    vault, owner, store, tmp_path, language
):
    field_admin.add_custom_field(vault, owner, key="level", label_zh="等级", label_en="Level", type="text")
    customers.update(vault, owner, store[0], {"level": "gold"})
    gone = customers.create(vault, owner, {**PEOPLE[0], "source": "fair", "level": "x", "notes": "n"})
    customers.delete(vault, owner, gone.id)  # a deleted customer counts nowhere
    made, text, pages = _produce(vault, owner, tmp_path, language)
    figures = compliance.gather(vault, owner, YEAR_START, TODAY)
    flat = re.sub(r"\s+", " ", text)
    assert figures.live_customers == 5
    filled = {f.key: f.filled for f in figures.fields}
    assert filled == {
        "level": 1,
        "name": 5,
        "phone": 5,
        "email": 3,
        "company": 2,
        "address": 2,
        "tags": 3,
        "notes": 3,
        "source": 0,
        "id_number": 0,
    }
    coverage = {c.purpose: (c.current, c.withdrawn_in_period, c.given_in_period) for c in figures.consents}
    assert coverage["marketing"] == (1, 1, 2) and coverage["service"] == (1, 0, 1)
    assert figures.exports_total == 1 and figures.exports_rows == 5
    assert [r.result for r in figures.requests] == ["open"]
    assert len(pages) == made.record.pages
    for page in pages:
        assert made.record.code in page  # a printed page alone can be checked
    assert "view_audit" not in flat and "record_consent" not in flat  # never a permission's key
    if language == "en":
        assert "view the audit log" in flat
        assert "The vault holds 5 customers" in flat
        assert "1 exports in the period, 5 rows in all; 1 of them unencrypted" in flat
        assert "R-000001" in flat and "顺丰安装服务有限公司" in flat
        assert "20.0%" in flat  # marketing: one customer of five
        assert "销售笔记本电脑遗失" in flat
    else:
        assert "库中现有客户 5 位" in flat and "本期导出 1 次，共 5 行" in flat
        # Roles by their Chinese names, as the written policy names them, never their keys.
        assert "审计员" in flat and "销售" in flat and "经理" in flat
        assert "查看审计日志" in flat and "记录或撤回同意" in flat  # permissions as people read them
        assert not re.search(r"\b(auditor|sales|manager|service)\b", flat), re.findall(
            r".{20}\b(?:auditor|sales|manager|service)\b.{20}", flat
        )
    reader = pypdf.PdfReader(made.path)
    fonts = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in name for name in fonts)
    assert "report.compliance" in [e.action for e in vault.audit().entries(limit=5)]
    if ARTIFACTS.parent.exists():
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"test-report-{language}.pdf").write_bytes(made.path.read_bytes())


def test_the_auditors_report_holds_counts_and_field_names_but_no_customers_personal_data(
    vault, owner, store, tmp_path
):
    made, text, _pages = _produce(vault, AUDREY, tmp_path, "en")
    _made_zh, zh_text, _pages_zh = _produce(vault, AUDREY, tmp_path, "zh")
    assert made.record.role == "auditor" and made.record.made_by == "audrey"
    for content in (text, zh_text):
        flat = re.sub(r"\s+", "", content)
        for person in PEOPLE:
            for key in ("name", "phone", "email", "address", "company", "notes"):
                value = person.get(key)
                if value:
                    assert re.sub(r"\s+", "", value) not in flat, value
        assert "王芳" not in flat  # the requester's name of the request either
    assert "Phone" in text and "Resident ID number" in text  # field names are there
    assert "The vault holds 5 customers" in re.sub(r"\s+", " ", text)
    # The figures themselves carry no customer's id or value: nothing to leak into any layout.
    dumped = json.dumps(dataclasses.asdict(compliance.gather(vault, AUDREY, YEAR_START, TODAY)), default=str)
    assert "customer_id" not in dumped and "requester" not in dumped
    for person in PEOPLE:
        for value in person.values():
            assert json.dumps(value)[1:-1] not in dumped, value


def test_a_role_without_the_permission_cannot_make_or_verify_a_report(vault, owner, store, tmp_path):
    made, _, _pages = _produce(vault, MIA, tmp_path)  # a manager may
    data = made.path.read_bytes()
    for who in (SALLY, Actor("sam", "service")):
        with pytest.raises(PermissionDeniedError):
            compliance_record.produce(vault, who, YEAR_START, TODAY, "en", tmp_path / "sally.pdf")
        with pytest.raises(PermissionDeniedError):
            compliance.gather(vault, who, YEAR_START, TODAY)
        with pytest.raises(PermissionDeniedError):
            compliance_record.verify(vault, who, data)
    assert not (tmp_path / "sally.pdf").exists()
    assert [r.made_by for r in compliance_record.list_reports(vault, owner)] == ["mia"]


def test_details_of_other_registers_follow_their_own_permission(vault, owner, store, tmp_path):
    """A custom role given only 'compliance_reports' gets the incident count but not its title,
    and no audit verification (it may not view the log)."""
    access.add_role(vault, owner, "reviewer", based_on="auditor", permissions=["compliance_reports"])
    reviewer = Actor("rita", "reviewer")
    figures = compliance.gather(vault, reviewer, YEAR_START, TODAY)
    assert len(figures.incidents) == 1 and figures.incidents[0].title == ""
    assert figures.audit.available is False
    assert not {i.key: i.met for i in figures.checklist}["protection.audit"]
    _made, text, _pages = _produce(vault, reviewer, tmp_path)
    assert "销售笔记本电脑遗失" not in text and "your role may not read the register" in text
    assert compliance.gather(vault, AUDREY, YEAR_START, TODAY).incidents[0].title == "销售笔记本电脑遗失"


def test_verify_matches_the_file_and_finds_a_changed_byte_or_an_unknown_report(vault, owner, store, tmp_path):
    made, _, _pages = _produce(vault, owner, tmp_path)
    data = made.path.read_bytes()
    verdict = compliance_record.verify(vault, AUDREY, data)
    assert verdict.ok and verdict.record == made.record
    assert f"Matches the report made by {OWNER}" in verdict.message()
    assert f"{YEAR_START.isoformat()} to {TODAY.isoformat()}" in verdict.message()
    middle = len(data) // 2
    changed = data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]
    verdict = compliance_record.verify(vault, owner, changed)
    assert verdict.status == compliance_record.ALTERED and verdict.record == made.record
    assert verdict.message().startswith("Altered")
    other, _code = Vault.create(
        tmp_path / "other", owner="boss", password="boss-pass-1234", business_name="别家"
    )
    try:
        foreign = compliance_record.produce(
            other, other.actor, YEAR_START, TODAY, "en", tmp_path / "foreign.pdf"
        )
    finally:
        other.lock()
    verdict = compliance_record.verify(vault, owner, foreign.path.read_bytes())
    assert verdict.status == compliance_record.UNKNOWN and verdict.record is None
    verdict = compliance_record.verify(vault, owner, b"%PDF-1.4 not a report")
    assert verdict.status == compliance_record.UNKNOWN and "No such report" in verdict.message()
    results = [
        e.details.get("result") for e in vault.audit().entries(limit=10) if e.action == "report.verify"
    ]
    assert results[:4] == ["unknown", "unknown", "altered", "match"]


def test_a_printed_copy_is_checked_by_its_code_as_typed(vault, owner, store, tmp_path):
    made, _, _pages = _produce(vault, owner, tmp_path)
    typed = made.record.code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    verdict = compliance_record.verify(vault, owner, code=typed)
    assert verdict.ok and verdict.record.id == made.record.id
    assert compliance_record.verify(vault, owner, code="ZZZZ-ZZZZ").status == compliance_record.UNKNOWN
    with pytest.raises(ValidationError):
        compliance_record.verify(vault, owner, code="7K3Q-M9X")
    other_made, _t, _p = _produce(vault, owner, tmp_path, name="second.pdf")
    verdict = compliance_record.verify(vault, owner, other_made.path.read_bytes(), made.record.code)
    assert verdict.status == compliance_record.OTHER_CODE


def test_a_record_written_by_hand_does_not_verify_and_records_never_change(vault, owner, store, tmp_path):
    """Only the producer records a report: a row inserted with SQL (no audit entry of its own)
    does not verify, and stored records refuse to change or disappear."""
    made, _, _pages = _produce(vault, owner, tmp_path)
    forged = b"%PDF-1.4 a report someone wrote themselves"
    import hashlib

    conn = vault.connection()
    conn.execute(
        "INSERT INTO compliance_reports (code, sha256, size, pages, period_from, period_to, language,"
        " made_at, made_by, role, audit_seq) VALUES ('ABCD-EFGH', ?, 1, 1, '2026-01-01', '2026-01-31',"
        " 'en', ?, 'owner', 'owner', ?)",
        (hashlib.sha256(forged).hexdigest(), datetime.now().isoformat(), made.record.audit_seq),
    )
    assert compliance_record.verify(vault, owner, forged).status == compliance_record.UNRECORDED
    assert compliance_record.verify(vault, owner, code="ABCD-EFGH").status == compliance_record.UNRECORDED
    for sql in (
        "UPDATE compliance_reports SET sha256 = 'x' WHERE id = 1",
        "DELETE FROM compliance_reports WHERE id = 1",
    ):
        with pytest.raises(Exception, match="never"):
            conn.execute(sql)
    assert compliance_record.verify(vault, owner, made.path.read_bytes()).ok


def test_making_a_report_killed_at_any_step_leaves_a_whole_record_or_none(vault, owner, store, tmp_path):
    folder = vault.folder
    vault.lock()
    out = tmp_path / "killed.pdf"

    def run(env: dict) -> subprocess.CompletedProcess:
        script = textwrap.dedent(
            f"""
            import os
            from datetime import date
            from pathlib import Path
            from app import compliance_record, faults
            from app.vault import Vault
            vault = Vault.unlock({str(folder)!r}, {OWNER!r}, {OWNER_PASSWORD!r})
            os.environ.update({json.dumps(env)})
            compliance_record.produce(vault, vault.actor, date({YEAR_START.year}, 1, 1), date.today(), "zh",
                                      Path({str(out)!r}))
            """
        )
        return subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=180, capture_output=True)

    trace = tmp_path / "trace"
    assert run({FAULT_TRACE: str(trace)}).returncode == 0
    points = trace.read_text().splitlines()
    assert "compliance_report.audited" in points and "killed.pdf.written" in points
    out.unlink()
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    before = len(compliance_record.list_reports(again, again.actor))
    again.lock()
    for number in range(1, len(points) + 1):
        done = run({"CUSTOS_FAULT_AT": str(number)})
        assert done.returncode == CRASH_STATUS, (points[number - 1], done.stderr[-500:])
        again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
        try:
            records = compliance_record.list_reports(again, again.actor)
            audited = [
                e.details["code"] for e in again.audit().entries(limit=500) if e.action == "report.compliance"
            ]
            assert sorted(r.code for r in records) == sorted(audited), points[number - 1]
            assert len(records) in (before, before + 1), points[number - 1]  # whole, or not at all
            if out.exists():  # a delivered report is always a recorded one
                assert len(records) == before + 1
                assert compliance_record.verify(again, again.actor, out.read_bytes()).ok, points[number - 1]
                out.unlink()
            before = len(records)
            for left in tmp_path.glob(".killed.pdf.*"):  # the temporary file a kill -9 leaves behind
                left.unlink()
        finally:
            again.lock()


def test_the_checklist_marks_backup_unmet_until_a_verified_backup_exists(vault, owner, store, tmp_path):
    figures = compliance.gather(vault, owner, YEAR_START, TODAY)
    item = {i.key: i for i in figures.checklist}["storage.backup"]
    assert not item.met and item.params["last"] == "-"
    _made, text, _pages = _produce(vault, owner, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    assert "Make a backup now" in flat and "never made" in flat
    (tmp_path / "backups").mkdir()
    backup.create(vault, owner, tmp_path / "backups")
    figures = compliance.gather(vault, owner, YEAR_START, TODAY)
    checks = {i.key: i.met for i in figures.checklist}
    assert checks["storage.backup"] and not checks["storage.drill"]
    assert checks["review.regular"]  # the report made above counts as the previous audit
    assert not checks["training.acknowledged"]  # no written policy version acknowledged yet


def test_the_first_report_in_the_vaults_first_year_is_the_yearly_audit_and_says_when_the_next_is_due(
    vault, owner, tmp_path
):
    def regular(today: date) -> compliance.CheckItem:
        figures = compliance.gather(vault, owner, today - timedelta(days=30), today, today=today)
        return {i.key: i for i in figures.checklist}["review.regular"]

    later = TODAY + timedelta(days=400)
    assert not regular(later).met  # a vault over a year old that never had a report missed its audit
    due = (TODAY + timedelta(days=365)).isoformat()
    assert regular(TODAY).met and regular(TODAY).params == {"previous": "-", "due": due}
    _made, text, _pages = _produce(vault, owner, tmp_path)
    assert f"Previous report: -; the next is due by {due}" in re.sub(r"\s+", " ", text)
    assert regular(TODAY).met and regular(TODAY).params["previous"] == TODAY.isoformat()
    assert not regular(later).met  # a report counts for a year


def test_the_checklist_marks_requests_and_partners_unmet_when_their_evidence_is_missing(vault, owner, store):
    requests.add(
        vault,
        owner,
        type="delete",
        received_via="email",
        requester="李娜",
        received_at=TODAY - timedelta(days=60),
    )
    register_partner(
        vault,
        owner,
        name="过期合作方",
        starts_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=10),
    )
    figures = compliance.gather(
        vault, owner, YEAR_START if TODAY.month > 2 else TODAY - timedelta(days=90), TODAY
    )
    checks = {i.key: i for i in figures.checklist}
    assert not checks["deletion.requests"].met and "R-000002" in checks["deletion.requests"].params["which"]
    assert (
        not checks["sharing.agreements"].met and "过期合作方" in checks["sharing.agreements"].params["lapsed"]
    )
    assert not checks["sharing.exports"].met  # the plain CSV export
    assert checks["use.sensitive_access"].met and checks["protection.encryption"].met


def test_a_period_must_be_whole_and_not_in_the_future(vault, owner, tmp_path):
    with pytest.raises(ValidationError):
        compliance.gather(vault, owner, TODAY, TODAY - timedelta(days=1))
    with pytest.raises(ValidationError):
        compliance.gather(vault, owner, TODAY + timedelta(days=1), TODAY + timedelta(days=2))
    with pytest.raises(ValidationError):
        compliance_record.produce(vault, owner, YEAR_START, TODAY, "fr", tmp_path / "r.pdf")
    with pytest.raises(KnownError, match=r"^The folder .*missing does not exist\. Choose where"):
        compliance_record.produce(vault, owner, YEAR_START, TODAY, "en", tmp_path / "missing" / "r.pdf")
    assert compliance_record.list_reports(vault, owner) == []


def test_an_empty_vault_makes_a_report_with_nothing_to_chart(vault, owner, tmp_path):
    made, text, _pages = _produce(vault, owner, tmp_path, "zh")
    assert "库中现有客户 0 位" in re.sub(r"\s+", " ", text)
    assert made.record.pages >= 6


# ------------------------------------------------------------------ command line


def test_cli_makes_lists_and_verifies_a_report_and_refuses_an_altered_one(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "cli-vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "boss"]) == 0
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    assert cli.main(["customers", "add", "--name", "王芳", "--phone", "13812345678"]) == 0
    capsys.readouterr()
    pdf = tmp_path / "report.pdf"
    args = ["report", "compliance", "--from", YEAR_START.isoformat(), "--to", TODAY.isoformat()]
    assert cli.main([*args, "--lang", "en", "--out", str(pdf), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["pages"] == len(pypdf.PdfReader(pdf).pages) and made["language"] == "en"
    assert cli.main(["report", "verify", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "Matches the report made by boss" in out and made["code"] in out
    assert cli.main(["report", "verify", "--code", made["code"].lower()]) == 0
    capsys.readouterr()
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x20
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    assert cli.main(["report", "verify", str(altered)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("custos: Altered") and err.count("\n") == 1
    assert cli.main(["report", "verify"]) == 1
    assert cli.main(["report", "list"]) == 0
    assert made["code"] in capsys.readouterr().out
    assert cli.main([*args[:3], "2026-13-01", "--to", TODAY.isoformat(), "--out", str(pdf)]) == 1
    assert "--from" in capsys.readouterr().err


def test_the_users_table_shows_who_acknowledged_the_current_written_policy(vault, owner, store):
    from app import policy

    version = policy.publish(vault, owner)  # the publisher acknowledges it with publishing
    figures = compliance.gather(vault, owner, YEAR_START, TODAY)
    acknowledged = {u.name: u.acknowledged for u in figures.users}
    assert acknowledged[OWNER] is not None and acknowledged["sally"] is None
    assert figures.policy_version.startswith(f"{version.number} ")
    item = {i.key: i for i in figures.checklist}["training.acknowledged"]
    assert not item.met and "sally" in item.params["missing"] and OWNER not in item.params["missing"]
    assert {i.key: i.met for i in figures.checklist}["pipl.art51_rules"]


def test_every_alert_rule_has_its_name_in_both_languages_of_the_report() -> None:
    """The report names each rule in words; a rule added to app/alerts.py without a label would
    print its internal key (it did for the 'more than usual' rule)."""
    assert set(alerts.RULES) <= set(ALERT_RULES)
    assert all(zh and en and zh != en for zh, en in ALERT_RULES.values())
