"""The partner register: agreements (PIPL Art. 21), the signed document, ending and deletion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import partners
from app.access import Actor
from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.vault.database import DatabaseError
from tests.consent_helpers import jpeg_scan
from tests.export_helpers import PARTNER, register_partner

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_registering_a_partner_needs_every_item_of_the_agreement(vault, owner) -> None:
    with pytest.raises(ValidationError) as caught:
        partners.add(vault, owner, {"name": "半成品公司"})
    assert {
        "contact",
        "purposes",
        "fields",
        "starts_on",
        "expires_on",
        "security_measures",
        "end_of_agreement",
    } <= set(caught.value.errors)
    with pytest.raises(ValidationError, match="cannot expire before it starts"):
        register_partner(vault, owner, expires_on=date.today() - timedelta(days=60))
    with pytest.raises(ValidationError, match="unknown purpose"):
        register_partner(vault, owner, purposes=["gossip"])
    with pytest.raises(ValidationError, match="colon"):
        register_partner(vault, owner, name="A:B")
    partner = register_partner(vault, owner)
    assert partner.state() == "active" and partner.consent_purpose == f"sharing:{PARTNER}"
    with pytest.raises(ValidationError, match="already registered"):
        register_partner(vault, owner)
    assert vault.audit().entries(limit=1)[0].action == "partner.add"


def test_only_a_role_allowed_to_manage_partners_changes_the_register(vault, owner) -> None:
    register_partner(vault, owner)
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match="manage the partner register"):
        register_partner(vault, sales, name="别的公司")
    with pytest.raises(PermissionDeniedError):
        partners.end(vault, sales, PARTNER)
    with pytest.raises(PermissionDeniedError):
        partners.list_partners(vault, sales)  # neither managing nor exporting: not even reading
    manager = Actor("mia", "manager")
    partners.update(vault, manager, PARTNER, {"review_on": date.today() + timedelta(days=10)})


def test_the_signed_agreement_is_stored_in_the_vault_checked_and_its_reading_audited(vault, owner) -> None:
    register_partner(vault, owner)
    info = partners.attach_document(vault, owner, PARTNER, "C:\\合同\\协议.pdf", PDF)
    assert (info.filename, info.mime, info.size) == ("协议.pdf", "application/pdf", len(PDF))
    got, data = partners.document(vault, owner, PARTNER)
    assert data == PDF and got.sha256 == info.sha256
    assert vault.audit().entries(limit=1)[0].action == "partner.document_read"
    partners.attach_document(vault, owner, PARTNER, "scan.jpg", jpeg_scan())
    assert [d.mime for d in partners.get(vault, owner, PARTNER).documents] == [
        "application/pdf",
        "image/jpeg",
    ]
    with pytest.raises(ValidationError, match="PNG or JPEG image or a PDF"):
        partners.attach_document(vault, owner, PARTNER, "contract.docx", b"PK\x03\x04 word")
    with pytest.raises(ValidationError, match="at most 10 MB"):
        partners.attach_document(vault, owner, PARTNER, "huge.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DatabaseError, match="never changed"):
        vault.connection().execute("UPDATE partner_documents SET data = x'00'")


def test_ending_an_agreement_leaves_deletion_pending_until_confirmed_with_reminders(vault, owner) -> None:
    register_partner(vault, owner)
    with pytest.raises(KnownError, match="end the agreement first"):
        partners.confirm_deletion(vault, owner, PARTNER, note="删除证明已收到")
    ended = partners.end(vault, owner, PARTNER, note="合作结束")
    assert (ended.status, ended.deletion) == ("ended", "pending")
    kinds = [(r.partner, r.kind) for r in partners.reminders(vault, owner)]
    assert kinds == [(PARTNER, "deletion_pending")]
    assert "confirmation" in partners.reminders(vault, owner)[0].message()
    with pytest.raises(ValidationError):
        partners.confirm_deletion(vault, owner, PARTNER, note="")
    done = partners.confirm_deletion(vault, owner, PARTNER, note="对方2026-12-01书面确认已删除")
    assert done.deletion == "confirmed" and done.deletion_confirmed_by == owner.user
    assert partners.reminders(vault, owner) == []
    with pytest.raises(KnownError, match="already confirmed"):
        partners.confirm_deletion(vault, owner, PARTNER, note="again and again")
    with pytest.raises(KnownError, match="has ended"):
        partners.update(vault, owner, PARTNER, {"contact": "new"})


def test_reminders_name_expired_agreements_expiries_and_reviews_due(vault, owner) -> None:
    register_partner(vault, owner, expires_on=date.today() + timedelta(days=10))
    register_partner(vault, owner, name="老伙伴", review_on=date.today() + timedelta(days=3))
    soon = {(r.partner, r.kind) for r in partners.reminders(vault, owner)}
    assert soon == {(PARTNER, "expiring"), ("老伙伴", "review_due")}
    later = {
        (r.partner, r.kind) for r in partners.reminders(vault, owner, on=date.today() + timedelta(days=20))
    }
    assert (PARTNER, "expired") in later
