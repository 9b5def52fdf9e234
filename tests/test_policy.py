"""The written policy (制度): generated from the vault's configuration, versioned and frozen,
owners' words in it, and staff acknowledgement enforced by the core before any customer read."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdf
import pytest

from app import access, customers, field_admin, policy, policy_document, users
from app.access import Actor
from app.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.faults import CRASH_STATUS
from app.reports import policy as policy_report
from app.vault import Vault
from app.vault.database import DatabaseError
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.export_helpers import PARTNER, PEOPLE, register_partner

ROOT = Path(__file__).resolve().parents[1]
SALLY = Actor("sally", "sales")
MIA = Actor("mia", "manager")
AUDREY = Actor("audrey", "auditor")


@pytest.fixture
def shop(vault: Vault, owner: Actor) -> list[int]:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.add(vault, owner, "mia", "manager-pass-1", "manager")
    users.add(vault, owner, "audrey", "audit-pass-1", "auditor")
    return customers.create_many(vault, owner, PEOPLE)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _reads(vault, actor, customer_id) -> None:
    """Every way a user sees customers, one after the other."""
    customers.get(vault, actor, customer_id)
    customers.view(vault, actor, customer_id)
    customers.fetch(vault, actor, [customer_id])
    customers.search(vault, actor, "张")
    customers.CustomerView(vault, actor).rows(0, 5)


def test_with_no_published_version_nobody_is_asked_and_every_read_works(vault, owner, shop):
    assert policy.current_version(vault) is None
    assert policy.needs_acknowledgement(vault, SALLY) is None
    _reads(vault, SALLY, shop[0])
    assert policy.not_acknowledged(vault, owner) == []


def test_after_publishing_an_unacknowledged_user_is_refused_every_customer_read_until_they_acknowledge(
    vault, owner, shop
):
    version = policy.publish(vault, owner, "first")
    assert policy.needs_acknowledgement(vault, owner) is None  # the publisher acknowledged at publish
    _reads(vault, owner, shop[0])
    refusals = [
        lambda: customers.get(vault, SALLY, shop[0]),
        lambda: customers.view(vault, SALLY, shop[0]),
        lambda: customers.fetch(vault, SALLY, shop),
        lambda: list(customers.stream(vault, SALLY, [shop])),
        lambda: customers.search(vault, SALLY, "张"),
        lambda: customers.CustomerView(vault, SALLY),
        lambda: customers.create(vault, SALLY, {"name": "新客户"}),
        lambda: customers.update(vault, SALLY, shop[0], {"name": "改名"}),
        lambda: customers.reveal(vault, MIA, shop[0], "phone", reason="check"),
        lambda: customers.delete(vault, MIA, shop[0]),
    ]
    for attempt in refusals:
        with pytest.raises(policy.PolicyNotAcknowledgedError, match="custos policy acknowledge") as caught:
            attempt()
        assert caught.value.number == version.number
    assert "customer.view" not in [e.action for e in vault.audit().entries(limit=5) if e.actor == "sally"]
    assert {a.user for a in policy.not_acknowledged(vault, owner)} == {"sally", "mia", "audrey"}

    policy.acknowledge(vault, SALLY, version.number, version.short_hash)
    _reads(vault, SALLY, shop[0])
    entry = next(e for e in vault.audit().entries(limit=20) if e.action == "policy.acknowledged")
    assert (entry.actor, entry.details["version"], entry.details["sha256"]) == ("sally", 1, version.sha256)
    assert {a.user for a in policy.not_acknowledged(vault, owner)} == {"mia", "audrey"}


def test_a_new_version_asks_everyone_again_and_the_report_api_shows_the_latest_acknowledged(
    vault, owner, shop
):
    first = policy.publish(vault, owner)
    policy.acknowledge(vault, SALLY, 1, first.sha256)
    second = policy.publish(vault, owner, "retention changed")
    with pytest.raises(policy.PolicyNotAcknowledgedError):
        customers.get(vault, SALLY, shop[0])
    by_user = {a.user: a for a in policy.acknowledgements(vault, owner)}
    assert (by_user["sally"].version, by_user["sally"].current) == (1, False)
    assert (by_user[OWNER].version, by_user[OWNER].current) == (2, True)
    assert by_user["mia"].version is None
    assert policy.current_version(vault).number == second.number == 2


def test_acknowledging_needs_the_current_version_and_the_hash_that_was_shown(vault, owner, shop):
    with pytest.raises(NotFoundError):
        policy.acknowledge(vault, SALLY, 1, "0" * 64)
    first = policy.publish(vault, owner)
    second = policy.publish(vault, owner)
    with pytest.raises(ValidationError, match="not the current one"):
        policy.acknowledge(vault, SALLY, first.number, first.sha256)
    with pytest.raises(ValidationError, match="hash does not match"):
        policy.acknowledge(vault, SALLY, second.number, first.sha256)
    with pytest.raises(ValidationError, match="hash does not match"):
        policy.acknowledge(vault, SALLY, second.number, second.sha256[:6])  # too short to mean anything
    with pytest.raises(policy.PolicyNotAcknowledgedError):
        customers.get(vault, SALLY, shop[0])


def test_only_an_owner_edits_or_publishes_even_a_role_granted_edit_policy(vault, owner, shop):
    access.add_role(vault, owner, "deputy", based_on="manager", permissions=sorted(access.PERMISSIONS))
    users.add(vault, owner, "dora", "deputy-pass-1", "deputy")
    deputy = Actor("dora", "deputy")
    assert access.access_for(vault, deputy).allows("edit_policy")
    for actor in (SALLY, MIA, AUDREY, deputy):
        with pytest.raises(PermissionDeniedError, match="Only an owner"):
            policy.set_own_text(vault, actor, "training", zh="随便")
        with pytest.raises(PermissionDeniedError, match="Only an owner"):
            policy.publish(vault, actor)
        with pytest.raises(PermissionDeniedError, match="Only an owner"):
            policy.draft(vault, actor)
    assert policy.own_texts(vault, owner)["training"] == {"zh": "", "en": ""}
    assert policy.versions(vault, owner) == []
    with pytest.raises(PermissionDeniedError):
        policy.acknowledgements(vault, SALLY)  # who has read the rules: owners, managers, auditors


def test_published_versions_cannot_be_changed_or_deleted_in_the_database(vault, owner):
    policy.publish(vault, owner)
    conn = vault.connection()
    with pytest.raises(DatabaseError, match="never changed"):
        conn.execute("UPDATE policy_versions SET content = '{}'")
    with pytest.raises(DatabaseError, match="never deleted"):
        conn.execute("DELETE FROM policy_versions")


def test_the_owner_texts_go_into_the_next_version_only_and_bad_text_is_refused_whole(vault, owner):
    policy.set_own_text(
        vault, owner, "protection", zh="应急电话：400-000-0000", en="Incident line: 400-000-0000"
    )
    first = policy.publish(vault, owner)
    policy.set_own_text(vault, owner, "protection", en="Incident line: 400-111-1111")
    with pytest.raises(ValidationError, match="control characters"):
        policy.set_own_text(vault, owner, "protection", zh="坏\x00文字", en="fine")
    with pytest.raises(ValidationError, match="no section"):
        policy.set_own_text(vault, owner, "nonsense", zh="x")
    assert policy.own_texts(vault, owner)["protection"] == {
        "zh": "应急电话：400-000-0000",
        "en": "Incident line: 400-111-1111",
    }
    assert "400-000-0000" in first.text("en") and "400-111-1111" not in first.text("en")
    assert "400-111-1111" in policy_document.as_text(policy.draft(vault, owner), "en")
    assert "policy.text_changed" in [e.action for e in vault.audit().entries(limit=10)]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_pdf_holds_the_live_field_names_roles_partners_and_owner_text(vault, owner, shop, language):
    field_admin.add_custom_field(
        vault,
        owner,
        key="vip_level",
        label_zh="会员等级",
        label_en="Membership level",
        type="text",
        sensitivity="internal",
        purposes=["marketing"],
    )
    register_partner(vault, owner)
    policy.set_own_text(vault, owner, "training", zh="每季度培训一次。", en="Training every quarter.")
    version = policy.publish(vault, owner)
    data, shown = policy_report.render(vault, owner, language)
    assert shown == version
    text = _text(data)
    zh = language == "zh"
    for expected in (
        "会员等级" if zh else "Membership level",
        "客户信息管理制度" if zh else "Customer information policy",
        PARTNER,
        "销售" if zh else "Sales",
        "审计员" if zh else "Auditor",
        "每季度培训一次" if zh else "Training every quarter",
        "sally",
        version.sha256[:40],
    ):
        assert expected in text.replace("\n", ""), expected
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = {
        font["/BaseFont"]: "/FontFile2"
        in font.get("/DescendantFonts", [font])[0].get_object().get("/FontDescriptor", {})
        or "/FontFile2" in font.get("/FontDescriptor", {})
        for page in reader.pages
        for font in (f.get_object() for f in page["/Resources"]["/Font"].values())
    }
    assert any("WenQuanYi" in name and embedded for name, embedded in fonts.items())


def test_an_old_version_renders_exactly_as_published_after_the_catalogue_changes(vault, owner, shop):
    first = policy.publish(vault, owner)
    before = {lang: policy_report.render(vault, owner, lang, 1)[0] for lang in ("zh", "en")}
    field_admin.add_custom_field(
        vault,
        owner,
        key="birthday_gift",
        label_zh="生日礼品",
        label_en="Birthday gift",
        type="text",
        sensitivity="personal",
        purposes=["marketing"],
    )
    field_admin.update_field(vault, owner, "company", label_en="Employer", label_zh="工作单位")
    register_partner(vault, owner)
    access.set_level(vault, owner, "sales", "address", "hidden")
    second = policy.publish(vault, owner)
    for lang in ("zh", "en"):
        assert policy_report.render(vault, owner, lang, 1)[0] == before[lang]
    old = _text(before["en"]).replace("\n", "")
    new = _text(policy_report.render(vault, owner, "en", 2)[0]).replace("\n", "")
    assert "Birthday gift" not in old and "Employer" not in old and PARTNER not in old
    assert "Birthday gift" in new and "Employer" in new and PARTNER in new
    assert policy.get_version(vault, SALLY, 1).sha256 == first.sha256 != second.sha256


def test_the_draft_pdf_is_marked_draft_on_every_page_and_is_the_owners_alone(vault, owner, shop):
    data, version = policy_report.render(vault, owner, "en")
    assert version is None
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 2 and all("DRAFT" in page for page in pages)
    with pytest.raises(PermissionDeniedError):
        policy_report.render(vault, SALLY, "en")
    policy.publish(vault, owner)
    policy.acknowledge(vault, SALLY, 1, policy.current_version(vault).sha256)
    data, version = policy_report.render(vault, SALLY, "zh")  # everyone may print the rules in force
    assert version.number == 1 and "草稿" not in _text(data)


def test_a_publish_killed_at_any_step_leaves_the_old_version_or_the_new_one_whole(vault, owner, tmp_path):
    policy.publish(vault, owner, "one")
    folder = vault.folder
    vault.lock()
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    script = textwrap.dedent(
        f"""
        import os, sys
        from app import faults, policy
        from app.vault import Vault
        vault = Vault.unlock({str(folder)!r}, {OWNER!r}, {OWNER_PASSWORD!r})
        os.environ[faults.FAULT_AT] = sys.argv[1]  # the n-th crash point inside publish()
        policy.publish(vault, vault.actor, "two")
        del os.environ[faults.FAULT_AT]
        vault.lock()
        """
    )
    outcomes = []
    for point in range(1, 40):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        done = subprocess.run([sys.executable, "-c", script, str(point)], cwd=ROOT, timeout=120)
        if done.returncode == 0:
            break
        assert done.returncode == CRASH_STATUS
        again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
        try:
            numbers = [v.number for v in policy.versions(again, again.actor)]
            acks = again.connection().execute("SELECT version FROM policy_acknowledgements ORDER BY version")
            published = [e.action for e in again.audit().entries(limit=50)].count("policy.published")
            assert numbers in ([1], [1, 2]), numbers
            assert [a[0] for a in acks] == numbers  # the publisher's acknowledgement with its version
            assert published == len(numbers)
            for number in numbers:
                policy.get_version(again, again.actor, number)  # whole: its hash matches its content
            outcomes.append(len(numbers))
        finally:
            again.lock()
    else:
        pytest.fail("publish never finished")
    assert 1 in outcomes and len(outcomes) >= 3, outcomes


def test_a_vault_still_at_an_older_schema_has_nothing_to_acknowledge(tmp_path):
    old, _code = Vault.create(tmp_path / "old", owner=OWNER, password=OWNER_PASSWORD, schema_version=9)
    try:
        (customer_id,) = customers.create_many(old, old.actor, [{"name": "老客户"}])
        assert customers.get(old, old.actor, customer_id).name == "老客户"
        assert policy.current_version(old) is None and policy.needs_acknowledgement(old, old.actor) is None
    finally:
        old.lock()
