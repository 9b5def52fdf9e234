"""The requests register: deadlines on the mainland calendar and the GDPR month, the identity
pause, overdue and due-soon lists, linked actions, closing with reasons, and who may."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import consent, customers, deadlines, erasure, requests, users
from app.access import Actor
from app.errors import PermissionDeniedError, ValidationError
from tests.consent_helpers import add_text, signature_png

PRC = deadlines.Settings()


def test_prc_deadline_counts_mainland_working_days_with_adjusted_weekends() -> None:
    # Received Friday 2025-09-26: the National Day week (Oct 1-8) is off, and Sunday Sep 28
    # and Saturday Oct 11 are working days (调休). 15 working days: Sep 28, 29, 30, Oct 9, 10,
    # 11, 13, 14, 15, 16, 17, 20, 21, 22, 23.
    deadline = deadlines.due_date("prc", date(2025, 9, 26), settings=PRC)
    assert deadline == deadlines.Deadline(date(2025, 10, 23), False, False)


def test_prc_deadline_beyond_the_known_calendar_counts_weekdays_and_says_it_is_estimated() -> None:
    deadline = deadlines.due_date("prc", date(2031, 3, 3), settings=PRC)  # a Monday
    assert deadline.due == date(2031, 3, 24) and deadline.estimated


def test_gdpr_deadline_is_one_month_and_the_extension_adds_two() -> None:
    assert deadlines.due_date("gdpr", date(2025, 1, 31), settings=PRC).due == date(2025, 2, 28)
    extended = deadlines.due_date("gdpr", date(2025, 1, 31), extended=True, settings=PRC)
    assert extended.due == date(2025, 4, 30)


def test_waiting_for_identity_pauses_the_clock() -> None:
    received = date(2025, 3, 3)
    open_pause = deadlines.due_date("prc", received, [(date(2025, 3, 4), None)], settings=PRC)
    assert open_pause == deadlines.Deadline(None, True, False)
    # Paused Tue 4 to Mon 10 (exclusive): four working days (4, 5, 6, 7) do not count.
    plain = deadlines.due_date("prc", received, settings=PRC).due
    paused = deadlines.due_date("prc", received, [(date(2025, 3, 4), date(2025, 3, 10))], settings=PRC).due
    assert plain == date(2025, 3, 24) and paused == date(2025, 3, 28)
    gdpr = deadlines.due_date("gdpr", received, [(date(2025, 3, 4), date(2025, 3, 10))], settings=PRC).due
    assert gdpr == date(2025, 4, 9)


@settings(max_examples=60, deadline=None)
@given(
    received=st.dates(min_value=date(2004, 1, 1), max_value=date(2035, 12, 1)),
    pause_start=st.integers(0, 20),
    pause_len=st.integers(0, 20),
)
def test_a_pause_never_brings_a_deadline_forward(received: date, pause_start: int, pause_len: int) -> None:
    start = received + timedelta(days=pause_start)
    for regime in deadlines.REGIMES:
        plain = deadlines.due_date(regime, received, settings=PRC).due
        paused = deadlines.due_date(
            regime, received, [(start, start + timedelta(days=pause_len))], settings=PRC
        )
        assert paused.due >= plain > received


def _customer(vault, owner, name="王芳"):
    return customers.create(vault, owner, {"name": name, "phone": "13812345678"}).id


def test_a_request_is_registered_with_its_deadline_and_audited(vault, owner) -> None:
    cid = _customer(vault, owner)
    req = requests.add(
        vault,
        owner,
        type="know",
        received_via="email",
        requester="王芳",
        contact="wf@example.com",
        customer_id=cid,
        details="想知道你们保存了我的哪些信息",
    )
    assert req.reference == f"R-{req.id:06d}"
    assert req.status == "open" and req.regime == "prc" and req.deadline.due is not None
    assert [e.kind for e in req.events] == ["received"]
    audit = vault.connection().execute("SELECT details FROM audit WHERE action = 'request.add'").fetchone()[0]
    assert "王芳" not in audit and "example.com" not in audit


def test_bad_input_names_every_field_and_saves_nothing(vault, owner) -> None:
    with pytest.raises(ValidationError) as caught:
        requests.add(
            vault,
            owner,
            type="sing",
            received_via="pigeon",
            requester="",
            customer_id=999,
            received_at=date.today() + timedelta(days=3),
        )
    assert set(caught.value.errors) == {"type", "received_via", "requester", "customer_id", "received_at"}
    assert requests.list_requests(vault, owner, status="all") == []


def test_identity_pause_and_overdue_and_due_soon_lists(vault, owner) -> None:
    old = requests.add(
        vault, owner, type="delete", requester="A", received_at=date.today() - timedelta(days=60)
    )
    soon_day = date.today() - timedelta(days=29)
    soon = requests.add(vault, owner, type="know", requester="B", received_at=soon_day, regime="gdpr")
    fresh = requests.add(vault, owner, type="explain", requester="C")
    states = {r.id: s for r, s in requests.attention(vault, owner)}
    assert states[old.id] == "overdue"
    assert fresh.id not in states
    if soon.deadline.due - date.today() <= timedelta(days=3):
        assert states[soon.id] == "due_soon"
    waiting = requests.ask_identity(vault, owner, old.id, note="请提供身份证复印件")
    assert waiting.status == "awaiting_identity" and waiting.deadline.paused
    assert old.id not in {r.id for r, _s in requests.attention(vault, owner)}
    resumed = requests.confirm_identity(vault, owner, old.id, method="身份证原件核对")
    assert resumed.identity_status == "verified" and resumed.deadline.due is not None


def test_closing_a_refusal_needs_reasons_and_the_other_reason_its_text(vault, owner) -> None:
    req = requests.add(vault, owner, type="delete", requester="A")
    with pytest.raises(ValidationError, match="reasons"):
        requests.close(vault, owner, req.id, outcome="refused")
    with pytest.raises(ValidationError, match="other"):
        requests.close(vault, owner, req.id, outcome="refused", reasons=[{"code": "other"}])
    closed = requests.close(vault, owner, req.id, outcome="refused", reasons=[{"code": "retention_law"}])
    assert closed.status == "closed" and closed.outcome == "refused"
    with pytest.raises(ValidationError, match="closed"):
        requests.add_action(vault, owner, req.id, "late note")


def test_extension_is_allowed_once_and_only_where_the_settings_allow(vault, owner) -> None:
    gdpr = requests.add(vault, owner, type="know", requester="A", regime="gdpr")
    extended = requests.extend(vault, owner, gdpr.id, reason="many records across systems")
    assert extended.deadline.due > gdpr.deadline.due
    with pytest.raises(ValidationError):
        requests.extend(vault, owner, gdpr.id, reason="again")
    prc = requests.add(vault, owner, type="know", requester="A")
    with pytest.raises(ValidationError, match="no extension"):
        requests.extend(vault, owner, prc.id, reason="busy")
    deadlines.save(vault, owner, prc_extension_working_days=15)
    assert requests.extend(vault, owner, prc.id, reason="busy").extended


def test_a_correction_goes_through_the_card_service_and_is_linked(vault, owner) -> None:
    cid = _customer(vault, owner)
    req = requests.add(vault, owner, type="correct", requester="王芳", customer_id=cid)
    with pytest.raises(ValidationError, match="identity"):
        requests.correct(vault, owner, req.id, {"phone": "13900001111"})
    requests.confirm_identity(vault, owner, req.id, method="来电号码与档案一致")
    after = requests.correct(vault, owner, req.id, {"phone": "13900001111"})
    assert after.get("phone") == "13900001111"
    kinds = [(e.kind, e.details.get("fields")) for e in requests.get(vault, owner, req.id).events]
    assert ("corrected", ["phone"]) in kinds


def test_withdrawing_consent_for_a_request_is_recorded_on_it(vault, owner) -> None:
    cid = _customer(vault, owner)
    add_text(vault, owner)
    consent.record(
        vault,
        owner,
        cid,
        text="marketing",
        decisions={"marketing": "given"},
        channel="signature",
        evidence=consent.Evidence("signature", signature_png()),
    )
    req = requests.add(
        vault,
        owner,
        type="withdraw",
        requester="王芳",
        customer_id=cid,
        identity_method="在场",
        identity_verified=True,
    )
    requests.withdraw_consent(vault, owner, req.id, "marketing", channel="phone")
    assert not [s for s in consent.status(vault, owner, cid) if s.purpose == "marketing" and s.current]
    assert "consent_withdrawn" in [e.kind for e in requests.get(vault, owner, req.id).events]


def test_erasing_for_a_request_keeps_the_request_without_the_requesters_details(vault, owner) -> None:
    cid = _customer(vault, owner, "欧阳娜娜")
    req = requests.add(
        vault,
        owner,
        type="delete",
        requester="欧阳娜娜",
        contact="13812345678",
        customer_id=cid,
        details="请删除我的全部信息",
        identity_method="身份证",
        identity_verified=True,
    )
    requests.add_action(vault, owner, req.id, "已电话告知欧阳娜娜将在三日内删除")
    erasure.erase(vault, owner, cid, request_id=req.id)
    kept = requests.get(vault, owner, req.id)
    assert kept.personal_erased and kept.requester == "" and kept.details == ""
    assert "erased" in [e.kind for e in kept.events]
    assert all("欧阳娜娜" not in str(e.details) for e in kept.events)
    closed = requests.close(vault, owner, req.id, outcome="done")
    assert closed.outcome == "done"


def test_an_erasure_for_a_request_about_someone_else_is_refused(vault, owner) -> None:
    a, b = _customer(vault, owner, "甲"), _customer(vault, owner, "乙")
    req = requests.add(vault, owner, type="delete", requester="甲", customer_id=a)
    with pytest.raises(ValidationError, match="another customer"):
        erasure.erase(vault, owner, b, request_id=req.id)
    assert customers.get(vault, owner, b).name == "乙"


@pytest.mark.parametrize("role", ["sales", "field", "auditor"])
def test_roles_without_the_permission_cannot_see_or_change_the_register(vault, owner, role) -> None:
    req = requests.add(vault, owner, type="know", requester="A")
    users.add(vault, owner, "weak", "weak-pass-123", role)
    weak = Actor("weak", role)
    for call in (
        lambda: requests.list_requests(vault, weak),
        lambda: requests.get(vault, weak, req.id),
        lambda: requests.add(vault, weak, type="know", requester="B"),
        lambda: requests.close(vault, weak, req.id, outcome="done"),
        lambda: deadlines.save(vault, weak, due_soon_days=9),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    assert requests.attention(vault, weak) == []


def test_service_handles_requests_but_cannot_erase_or_change_deadline_settings(vault, owner) -> None:
    cid = _customer(vault, owner)
    users.add(vault, owner, "sam", "sam-pass-1234", "service")
    service = Actor("sam", "service")
    req = requests.add(
        vault,
        service,
        type="delete",
        requester="王芳",
        customer_id=cid,
        identity_method="在场",
        identity_verified=True,
    )
    with pytest.raises(PermissionDeniedError):
        erasure.erase(vault, service, cid, request_id=req.id)
    with pytest.raises(PermissionDeniedError):
        deadlines.save(vault, service, prc_working_days=60)
    assert customers.get(vault, owner, cid).name == "王芳"
