"""Consent in the core: notice texts and their Art. 17 check, records with evidence, withdrawal,
expiry, minors, the purpose filter on lists, roles, and crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import consent, customers, users
from app.access import Actor
from app.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.vault import Vault
from app.vault.database import DatabaseError, transaction
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import add_text, child_id, jpeg_scan, sections, signature_png

SIGN = consent.Evidence("signature", signature_png())


def _counts(vault) -> tuple[int, int, int]:
    conn = vault.connection()
    return (
        conn.execute("SELECT count(*) FROM consents").fetchone()[0],
        conn.execute("SELECT count(*) FROM consent_evidence").fetchone()[0],
        conn.execute("SELECT count(*) FROM audit").fetchone()[0],
    )


def _give(vault, actor, customer_id, *purposes, text="marketing", **kw):
    kw.setdefault("channel", "signature")
    kw.setdefault("evidence", SIGN)
    return consent.record(
        vault, actor, customer_id, text=text, decisions=dict.fromkeys(purposes, "given"), **kw
    )


@pytest.fixture
def shop(vault, owner):
    """A vault with a marketing+service notice and one customer."""
    add_text(vault, owner)
    customer = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678"})
    return vault, owner, customer.id


# ------------------------------------------------------------------------------- notice texts


def test_a_notice_missing_art17_contents_names_each_missing_section_and_saves_nothing(vault, owner) -> None:
    parts = sections(["marketing"])
    del parts["zh"]["retention"]
    parts["en"]["controller"] = "Demo Shop, ask at the counter."  # no way to make contact
    parts["en"]["rights"] = "Write to 【address】."
    with pytest.raises(consent.ContentsMissingError) as caught:
        consent.add_text(vault, owner, "marketing", purposes=["marketing"], sections=parts)
    assert {(m.language, m.section, m.problem) for m in caught.value.missing} == {
        ("zh", "retention", "empty"),
        ("en", "controller", "no_contact"),
        ("en", "rights", "placeholder"),
    }
    assert "How long it is kept" in str(caught.value)
    assert consent.list_texts(vault, owner) == []
    assert vault.connection().execute("SELECT count(*) FROM consent_texts").fetchone()[0] == 0


def test_sensitive_sharing_and_minor_notices_need_their_extra_sections_and_a_partner() -> None:
    assert consent.required_sections(["sensitive", "sharing"], True)[-3:] == (
        "necessity",
        "recipient",
        "minors",
    )
    missing = consent.check_contents(["sharing"], sections(["service"]), partner="")
    problems = {(m.section, m.problem) for m in missing}
    assert ("partner", "no_partner") in problems and ("recipient", "empty") in problems
    assert consent.check_contents(["service"], {}) == [consent.Missing("", "language", "no_language")]


def test_starter_sections_keep_placeholders_until_the_business_fills_them() -> None:
    draft = {"zh": consent.starter_sections(["marketing"], "zh")}
    assert {m.section for m in consent.check_contents(["marketing"], draft)} == {"controller", "rights"}


def test_a_text_change_is_a_new_version_and_old_versions_stay_readable_with_a_diff(vault, owner) -> None:
    first = add_text(vault, owner)
    parts = {lang: dict(v) for lang, v in first.sections.items()}
    parts["zh"]["retention"] = "自最后一次交易之日起保存两年，期满后删除。"
    second = consent.new_version(vault, owner, "marketing", sections=parts, note="retention shortened")
    assert (second.version, first.version) == (2, 1)
    assert second.sha256 != first.sha256
    assert consent.get_text(vault, owner, "marketing", 1).sections == first.sections
    assert [v.version for v in consent.versions(vault, owner, "marketing")] == [1, 2]
    assert consent.list_texts(vault, owner)[0].version == 2
    changed = consent.diff(first, second, "zh")
    assert any(line.startswith("+自最后一次交易之日起保存两年") for line in changed)
    assert any(line.startswith("-自最后一次交易或联系之日起保存三年") for line in changed)
    with pytest.raises(ValidationError, match="nothing changed"):
        consent.new_version(vault, owner, "marketing", sections=parts)


def test_a_stored_text_version_cannot_be_edited_or_deleted_in_place(vault, owner) -> None:
    add_text(vault, owner)
    conn = vault.connection()
    with pytest.raises(DatabaseError, match="never changed"):
        conn.execute("UPDATE consent_text_versions SET sections = '{}'")
    with pytest.raises(DatabaseError, match="never deleted"):
        conn.execute("DELETE FROM consent_text_versions")


def test_only_a_role_with_the_policy_permission_edits_notice_texts(vault, owner) -> None:
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match="edit the access policy"):
        add_text(vault, sales)
    add_text(vault, owner)
    with pytest.raises(PermissionDeniedError):
        consent.new_version(vault, sales, "marketing", title_en="Changed")
    assert [t.key for t in consent.list_texts(vault, sales)] == ["marketing"]  # reading is open


# ------------------------------------------------------------------------------- records


def test_recording_consent_cites_the_exact_version_and_its_hash_and_keeps_the_signature(shop) -> None:
    vault, owner, cid = shop
    records = _give(vault, owner, cid, "marketing", "service", expires_on=date.today() + timedelta(days=365))
    notice = consent.get_text(vault, owner, "marketing")
    assert {r.purpose for r in records} == {"marketing", "service"}
    assert all(r.text_version == 1 and r.text_sha256 == notice.sha256 for r in records)
    assert records[0].evidence.id == records[1].evidence.id  # one signature for the whole form
    states = {s.purpose: s.state for s in consent.status(vault, owner, cid)}
    assert states["marketing"] == states["service"] == "given" and states["sales"] == "none"
    info, data = consent.evidence_data(vault, owner, records[0].id)
    assert data == SIGN.data and info.mime == "image/png"
    actions = [e.action for e in vault.audit().entries(5)]
    assert actions[:3] == ["consent.evidence_read", "consent.given", "consent.given"]
    assert vault.audit().verify().ok


@pytest.mark.parametrize(
    ("evidence", "channel", "message"),
    [
        (consent.Evidence("signature", b""), "signature", "the signature is empty"),
        (consent.Evidence("signature", signature_png(blank=True)), "signature", "the signature is empty"),
        (
            consent.Evidence("attachment", b"PK\x03\x04 a zip file named scan.png"),
            "paper",
            "PNG or JPEG image or a PDF",
        ),
        (consent.Evidence("attachment", b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)), "paper", "at most 10 MB"),
        (consent.Evidence("attachment", b"\x89PNG\r\n\x1a\n truncated"), "paper", "damaged"),
        (None, "paper", "scan or photo attached"),
        (None, "verbal", "witness"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_message_and_nothing_is_saved(
    shop, evidence, channel, message
) -> None:
    vault, owner, cid = shop
    before = _counts(vault)
    with pytest.raises(ValidationError, match=message):
        _give(vault, owner, cid, "marketing", channel=channel, evidence=evidence)
    assert _counts(vault) == before


def test_a_scanned_form_as_jpeg_or_pdf_is_accepted_by_content(shop) -> None:
    vault, owner, cid = shop
    (jpeg,) = _give(
        vault, owner, cid, "marketing", channel="paper", evidence=consent.Evidence("attachment", jpeg_scan())
    )
    assert jpeg.evidence.mime == "image/jpeg"
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    (rec,) = _give(
        vault, owner, cid, "service", channel="paper", evidence=consent.Evidence("attachment", pdf)
    )
    assert rec.evidence.mime == "application/pdf"


def test_verbal_consent_needs_a_witness_other_than_the_collector(shop) -> None:
    vault, owner, cid = shop
    with pytest.raises(ValidationError, match="someone other"):
        _give(vault, owner, cid, "marketing", channel="verbal", evidence=None, witness=OWNER)
    (rec,) = _give(vault, owner, cid, "marketing", channel="verbal", evidence=None, witness="李娜")
    assert rec.witness == "李娜" and rec.evidence is None


def test_a_purpose_the_notice_does_not_cover_is_refused(shop) -> None:
    vault, owner, cid = shop
    with pytest.raises(ValidationError, match="does not cover billing"):
        _give(vault, owner, cid, "billing")


def test_withdrawal_is_a_new_record_and_takes_effect_at_once_everywhere(shop) -> None:
    vault, owner, cid = shop
    (given,) = _give(vault, owner, cid, "marketing")
    assert list(consent.customer_ids(vault, owner, "marketing")) == [cid]
    withdrawn = consent.withdraw(vault, owner, cid, "marketing", channel="phone", note="客户来电要求停止短信")
    assert withdrawn.status == "withdrawn" and withdrawn.withdraws == given.id
    assert list(consent.customer_ids(vault, owner, "marketing")) == []
    assert consent.may_include(vault, owner, "marketing", [cid]) == []
    assert customers.count(vault, owner, consent="marketing") == 0
    assert [r.status for r in consent.history(vault, owner, cid)] == ["withdrawn", "given"]
    assert vault.audit().entries(1)[0].action == "consent.withdrawn"


def test_withdrawing_consent_never_given_or_already_withdrawn_is_refused_and_saves_nothing(shop) -> None:
    vault, owner, cid = shop
    before = _counts(vault)
    with pytest.raises(consent.NothingToWithdrawError, match="never gave consent for Marketing"):
        consent.withdraw(vault, owner, cid, "marketing", channel="phone")
    assert _counts(vault) == before
    _give(vault, owner, cid, "marketing")
    consent.withdraw(vault, owner, cid, "marketing", channel="phone")
    before = _counts(vault)
    with pytest.raises(consent.NothingToWithdrawError, match="not in force"):
        consent.withdraw(vault, owner, cid, "marketing", channel="phone")
    assert _counts(vault) == before


def test_consent_history_cannot_be_changed_or_deleted_with_sql(shop) -> None:
    vault, owner, cid = shop
    _give(vault, owner, cid, "marketing")
    conn = vault.connection()
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("UPDATE consents SET status = 'refused'")
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("DELETE FROM consents")
    with pytest.raises(DatabaseError, match="never deleted"):
        conn.execute("DELETE FROM consent_evidence")


def test_expired_consent_stops_counting_on_its_expiry_day(shop) -> None:
    vault, owner, cid = shop
    until = date.today() + timedelta(days=30)
    _give(vault, owner, cid, "marketing", expires_on=until)
    assert list(consent.customer_ids(vault, owner, "marketing", on=until - timedelta(days=1))) == [cid]
    assert list(consent.customer_ids(vault, owner, "marketing", on=until)) == []
    later = {s.purpose: s.state for s in consent.status(vault, owner, cid, on=until)}
    assert later["marketing"] == "expired"
    with pytest.raises(ValidationError, match="after the day"):
        _give(vault, owner, cid, "service", expires_on=date.today())


def test_an_older_paper_form_cannot_override_a_later_withdrawal(shop) -> None:
    vault, owner, cid = shop
    _give(vault, owner, cid, "marketing")
    consent.withdraw(vault, owner, cid, "marketing", channel="phone")
    with pytest.raises(ValidationError, match="later decision"):
        _give(vault, owner, cid, "marketing", collected_at="2020-01-05 10:00")


def test_a_newer_text_version_shows_that_re_consent_is_due(shop) -> None:
    vault, owner, cid = shop
    _give(vault, owner, cid, "marketing")
    consent.new_version(vault, owner, "marketing", title_en="Notice and consent (2025)")
    row = next(s for s in consent.status(vault, owner, cid) if s.purpose == "marketing")
    assert row.newer_text == 2 and row.record.text_version == 1


# ------------------------------------------------------------------------------- minors


def test_a_child_under_14_needs_a_guardian_and_their_consent_is_separate(shop) -> None:
    vault, owner, _ = shop
    child = customers.create(vault, owner, {"name": "王小明", "id_number": child_id(8)})
    assert consent.guardian_until(vault, owner, child.id) is not None
    before = _counts(vault)
    with pytest.raises(ValidationError, match="under 14"):
        _give(vault, owner, child.id, "service")
    assert _counts(vault) == before
    with pytest.raises(ValidationError, match="has not consented"):
        _give(vault, owner, child.id, "service", guardian=consent.Guardian("王芳", "母亲", consented=False))
    (rec,) = _give(vault, owner, child.id, "service", guardian=consent.Guardian("王芳", "母亲"))
    assert rec.minor and rec.separate and rec.guardian == consent.Guardian("王芳", "母亲", True)


def test_a_role_without_the_sensitive_key_is_still_made_to_ask_for_a_guardian(vault, owner) -> None:
    add_text(vault, owner, key="service", purposes=("service",))
    child = customers.create(vault, owner, {"name": "李小红", "id_number": child_id(10)})
    adult = customers.create(vault, owner, {"name": "李大红", "id_number": child_id(30)})
    users.add(vault, owner, "sam", "service-pass-1", "service")
    vault.connection().execute("UPDATE users SET must_change_password = 0 WHERE name = 'sam'")
    folder = vault.folder
    service = Vault.unlock(folder, "sam", "service-pass-1")
    try:
        assert service.sensitive_cipher() is None  # the ID number is ciphertext to this session
        actor = service.actor
        with pytest.raises(ValidationError, match="guardian must decide"):
            _give(service, actor, child.id, "service", text="service")
        _give(service, actor, adult.id, "service", text="service")
    finally:
        service.lock()


def test_the_guardian_requirement_follows_an_id_number_change(shop) -> None:
    vault, owner, cid = shop
    customers.update(vault, owner, cid, {"id_number": child_id(5)})
    assert vault.connection().execute("SELECT count(*) FROM consent_minors").fetchone()[0] == 1
    customers.update(vault, owner, cid, {"id_number": child_id(40)})
    assert vault.connection().execute("SELECT count(*) FROM consent_minors").fetchone()[0] == 0


# ------------------------------------------------------------------------------- roles


def test_a_role_without_view_consent_cannot_read_or_filter_by_consent(shop) -> None:
    vault, owner, cid = shop
    _give(vault, owner, cid, "marketing")
    auditor = Actor("audrey", "auditor")
    for attempt in (
        lambda: consent.status(vault, auditor, cid),
        lambda: consent.history(vault, auditor, cid),
        lambda: list(consent.customer_ids(vault, auditor, "marketing")),
        lambda: customers.CustomerView(vault, auditor, consent="marketing"),
        lambda: customers.search(vault, auditor, "王芳", consent="marketing"),
        lambda: customers.count(vault, auditor, consent="marketing"),
        lambda: consent.export_records(vault, auditor, cid),
        lambda: consent.evidence_data(vault, auditor, 1),
    ):
        with pytest.raises(PermissionDeniedError, match="see customers' consent"):
            attempt()


def test_a_weaker_role_cannot_record_or_withdraw_without_the_permission(shop) -> None:
    vault, owner, cid = shop
    auditor = Actor("audrey", "auditor")
    with pytest.raises(PermissionDeniedError, match="record or withdraw consent"):
        _give(vault, auditor, cid, "marketing")
    _give(vault, owner, cid, "marketing")
    with pytest.raises(PermissionDeniedError, match="record or withdraw consent"):
        consent.withdraw(vault, auditor, cid, "marketing", channel="phone")


def test_sales_cannot_record_separate_consent_for_sensitive_information(vault, owner) -> None:
    add_text(vault, owner, key="identity", purposes=("billing", "sensitive"))
    cid = customers.create(vault, owner, {"name": "张伟"}).id
    sales = Actor("sally", "sales")
    before = _counts(vault)
    with pytest.raises(PermissionDeniedError, match="separate consent"):
        _give(vault, sales, cid, "billing", "sensitive", text="identity")
    assert _counts(vault) == before
    _give(vault, sales, cid, "billing", text="identity")  # the ordinary purpose is theirs to record
    (rec,) = _give(vault, owner, cid, "sensitive", text="identity")
    assert rec.separate


def test_sharing_consent_is_per_named_partner(vault, owner) -> None:
    add_text(vault, owner, key="install", purposes=("sharing",), partner="安装伙伴有限公司")
    cid = customers.create(vault, owner, {"name": "刘洋"}).id
    _give(vault, owner, cid, "sharing", text="install")
    assert list(consent.customer_ids(vault, owner, "sharing:安装伙伴有限公司")) == [cid]
    assert list(consent.customer_ids(vault, owner, "sharing:别的公司")) == []
    with pytest.raises(ValidationError, match="name the partner"):
        list(consent.customer_ids(vault, owner, "sharing"))


# ------------------------------------------------------------------------------- lists


def test_the_customer_list_filters_by_current_consent_with_keyset_paging(vault, owner, monkeypatch) -> None:
    monkeypatch.setattr(customers, "ANCHOR_SPACING", 4)
    add_text(vault, owner)
    ids = customers.create_many(vault, owner, [{"name": f"客户{i:02d}"} for i in range(40)])
    chosen = ids[::3]
    for cid in chosen:
        _give(vault, owner, cid, "marketing")
    consent.withdraw(vault, owner, chosen[0], "marketing", channel="phone")
    expected = chosen[1:]
    view = customers.CustomerView(vault, owner, consent="marketing")
    assert view.count == len(expected)
    view.build_anchors()
    assert view.ids(0, 100) == expected
    assert view.ids(5, 3) == expected[5:8]
    assert view.ids(view.count - 2, 5) == expected[-2:]
    backwards = customers.CustomerView(vault, owner, consent="marketing", descending=True)
    assert backwards.ids(0, 100) == expected[::-1]
    found = customers.search(vault, owner, "客户", consent="marketing")
    assert sorted(found.ids) == expected
    assert customers.CustomerView(vault, owner, query="客户0", consent="marketing").count == len(
        [c for c in expected if c <= ids[9]]
    )
    customers.delete(vault, owner, expected[0])
    after = customers.CustomerView(vault, owner, consent="marketing")
    assert after.ids(0, 100) == expected[1:] and after.count == len(expected) - 1
    assert list(consent.customer_ids(vault, owner, "marketing")) == expected[1:]


def test_anchors_cached_for_a_consent_view_are_dropped_when_consent_changes(vault, owner) -> None:
    add_text(vault, owner)
    ids = customers.create_many(vault, owner, [{"name": f"客户{i:02d}"} for i in range(6)])
    _give(vault, owner, ids[0], "marketing")
    customers.CustomerView(vault, owner, consent="marketing").build_anchors()
    _give(vault, owner, ids[1], "marketing")
    fresh = customers.CustomerView(vault, owner, consent="marketing")
    assert not fresh.anchored and fresh.ids(0, 10) == ids[:2]


# ------------------------------------------------------------------------------- export


def test_the_export_is_shaped_after_iso_27560_and_is_audited(shop) -> None:
    vault, owner, cid = shop
    _give(vault, owner, cid, "marketing")
    consent.withdraw(vault, owner, cid, "marketing", channel="electronic")
    exported = consent.export_records(vault, owner, cid)
    assert exported["piiController"]["name"] == vault.business_name
    first, second = exported["records"]
    assert first["eventType"] == "consent-given" and second["eventType"] == "consent-withdrawn"
    assert second["withdraws"] == first["recordId"]
    assert first["notice"]["sha256"] == consent.get_text(vault, owner, "marketing").sha256
    assert first["evidence"]["mediaType"] == "image/png" and first["purposes"][0]["lawfulBasis"] == "consent"
    assert vault.audit().entries(1)[0].action == "consent.export"


def test_an_unknown_customer_or_text_is_a_clear_not_found(shop) -> None:
    vault, owner, cid = shop
    with pytest.raises(NotFoundError, match="does not exist"):
        _give(vault, owner, 999, "marketing")
    with pytest.raises(NotFoundError, match="no notice text called 'nope'"):
        _give(vault, owner, cid, "marketing", text="nope")
    with pytest.raises(NotFoundError, match="no version 7"):
        _give(vault, owner, cid, "marketing", version=7)


# ------------------------------------------------------------------------------- crash safety

_KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    import app.audit
    from app import consent
    from app.vault import Vault
    from tests.consent_helpers import signature_png

    calls = []
    original = app.audit.AuditLog.append

    def append(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == {kill_at}:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, *args, **kwargs)

    app.audit.AuditLog.append = append
    vault = Vault.unlock({folder!r}, {user!r}, {password!r})
    decisions = {{"marketing": "given", "service": "given"}}
    consent.record(vault, vault.actor, {cid}, text="marketing", decisions=decisions,
                   channel="signature", evidence=consent.Evidence("signature", signature_png()))
    """
)


@pytest.mark.parametrize("kill_at", [2, 3, 4])  # after the sign-in entry: first record, second, after both
def test_kill_9_while_recording_leaves_no_half_record(shop, kill_at) -> None:
    vault, _owner, cid = shop
    folder = vault.folder
    vault.lock()
    script = _KILL_SCRIPT.format(
        root=str(Path(__file__).resolve().parents[1]),
        kill_at=kill_at,
        folder=str(folder),
        user=OWNER,
        password=OWNER_PASSWORD,
        cid=cid,
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=120)
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        records, evidence, _ = _counts(again)
        if done.returncode == -signal.SIGKILL:
            assert (records, evidence) == (0, 0), done.stderr
        else:
            assert done.returncode == 0, done.stderr
            assert (records, evidence) == (2, 1)
        assert again.audit().verify().ok
        assert [s.state for s in consent.status(again, again.actor, cid) if s.purpose == "marketing"] == [
            "given" if records else "none"
        ]
    finally:
        again.lock()


# ------------------------------------------------------------------------------- demo


def test_the_demo_vault_carries_realistic_consent(tmp_path, cheap_kdf) -> None:
    from app import demo, demo_consent

    vault = demo.build_demo(tmp_path / "demo", 3000, kdf=cheap_kdf, batch=1000)
    try:
        actor = vault.actor
        conn = vault.connection()
        current = {p: consent.count_current(vault, actor, p) for p in ("service", "marketing", "sales")}
        assert current["service"] > current["marketing"] > current["sales"] > 0
        assert current["service"] > 3000 * 0.7 and current["marketing"] > 3000 * 0.5
        states = dict(conn.execute("SELECT status, count(*) FROM consent_current GROUP BY status").fetchall())
        assert states["withdrawn"] > 0 and states["refused"] > 0
        today = date.today().isoformat()
        expired = conn.execute(
            "SELECT count(*) FROM consent_current WHERE status = 'given' AND expires_on <= ?", (today,)
        ).fetchone()[0]
        assert expired > 0
        minors = [r[0] for r in conn.execute("SELECT customer_id FROM consent_minors")]
        assert minors and all(consent.guardian_until(vault, actor, m) for m in minors)
        for rec in (r for m in minors for r in consent.history(vault, actor, m)):
            assert rec.minor and (rec.guardian is not None or rec.status == "withdrawn")
        withdrawal = next(r for r in consent.history(vault, actor, 1) + consent.history(vault, actor, 2))
        assert (
            consent.get_text(vault, actor, withdrawal.text_key, withdrawal.text_version).sha256
            == withdrawal.text_sha256
        )
        signed = consent.history(vault, actor, 1)[-1]
        assert signed.channel == "signature" and consent.evidence_data(vault, actor, signed.id)[1].startswith(
            b"\x89PNG"
        )
        marketing = consent.versions(vault, actor, "marketing")
        assert [v.version for v in marketing] == [1, 2]
        records = conn.execute("SELECT count(*) FROM consents").fetchone()[0]
        assert 2.0 < records / 3000 < 3.5
        assert vault.audit().verify().ok
        assert len(demo_consent.install_texts(vault, actor, demo.DEMO_BUSINESS)) == 4  # not added twice
    finally:
        vault.lock()
    again = demo.build_demo(tmp_path / "demo", 3000)
    try:
        assert again.connection().execute("SELECT count(*) FROM consents").fetchone()[0] == records
    finally:
        again.lock()


def test_the_demo_bulk_write_stores_each_decision_value_for_value_and_keeps_consent_current(vault) -> None:
    """The demo writes a batch's records with one statement over a JSON array; what it stores
    must be exactly the rows (types, NULLs, Chinese text) and consent_current must be what
    recording them one by one leaves: the latest record per purpose, partner and customer."""
    from app import demo, demo_consent

    actor = vault.actor
    texts = demo_consent.install_texts(vault, actor, demo.DEMO_BUSINESS)
    ids = customers.create_many(vault, actor, demo.synthetic_customers(400, 3, 1), audit_each=False)
    rows = demo_consent.decisions(ids[0], len(ids), 3, {ids[5]}, texts)
    conn = vault.connection()
    with transaction(conn):
        demo_consent.write(conn, rows)
    stored = conn.execute(
        "SELECT customer_id, purpose, partner, status, text_version_id, text_sha256, channel, collected_at,"
        " collected_by, recorded_at, expires_on, separate, minor, guardian, witness, note"
        " FROM consents ORDER BY id"
    ).fetchall()
    assert stored == [(*row[:15], row[16]) for row in rows]
    assert any(r[10] is None for r in stored) and any(r[10] is not None for r in stored)
    assert any("撤回" in r[15] for r in stored)
    latest: dict[tuple, tuple] = {}
    for record_id, customer_id, purpose, partner, status, expires in conn.execute(
        "SELECT id, customer_id, purpose, partner, status, expires_on FROM consents ORDER BY id"
    ):
        latest[(purpose, partner, customer_id)] = (status, expires or "9999-12-31", record_id)
    current = {
        (p, partner, c): (s, e, r)
        for p, partner, c, s, e, r in conn.execute(
            "SELECT purpose, partner, customer_id, status, expires_on, record_id FROM consent_current"
        )
    }
    assert current == latest
