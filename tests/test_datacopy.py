"""The customer's copy of their data (PDF, JSON, CSV) and the reply letters: contents, the
reader's field policy, languages, audit and linking to the request."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app import consent, customers, datacopy, erasure, holds, requests, retention, users
from app.access import Actor
from app.errors import PermissionDeniedError, ValidationError
from app.reports import reply_letter
from tests.consent_helpers import add_text, id_number_born, signature_png

ID_NUMBER = id_number_born(date(1988, 7, 19))


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def shop(vault, owner):
    add_text(vault, owner)
    retention.add_rule(vault, owner, scope="purpose", target="marketing", months=24, action="anonymise")
    customer = customers.create(
        vault,
        owner,
        {
            "name": "王芳",
            "phone": "13812345678",
            "email": "wangfang@example.cn",
            "company": "华信科技",
            "id_number": ID_NUMBER,
        },
    )
    consent.record(
        vault,
        owner,
        customer.id,
        text="marketing",
        decisions={"marketing": "given", "service": "refused"},
        channel="signature",
        evidence=consent.Evidence("signature", signature_png()),
    )
    return vault, owner, customer.id


def test_the_copy_holds_every_field_purposes_consents_with_texts_retention_and_rights(shop) -> None:
    vault, owner, cid = shop
    data = json.loads(datacopy.render(vault, owner, cid, "json", language="en"))
    values = {f["key"]: f["value"] for f in data["fields"]}
    assert values["name"] == "王芳" and values["id_number"] == ID_NUMBER and values["company"] == "华信科技"
    assert {p["purpose"] for p in data["purposes"]} >= {"sales", "billing", "marketing"}
    assert {(c["purpose"], c["status"]) for c in data["consents"]} == {
        ("marketing", "given"),
        ("service", "refused"),
    }
    (text,) = data["consent_texts"]
    assert text["version"] == 1 and "Purposes" in text["text"]
    assert [r["target"] for r in data["retention"]["rules"]] == ["marketing"]
    assert "withdraw" in data["rights"]


def test_the_copy_follows_the_readers_field_policy(shop) -> None:
    vault, owner, cid = shop
    users.add(vault, owner, "sam", "sam-pass-1234", "service")
    service = Actor("sam", "service")
    data = json.loads(datacopy.render(vault, service, cid, "json"))
    keys = {f["key"] for f in data["fields"]}
    assert "id_number" not in keys and "company" not in keys  # hidden from service
    pdf = _pdf_text(datacopy.render(vault, service, cid, "pdf"))
    assert ID_NUMBER not in pdf and "华信科技" not in pdf and "王芳" in pdf
    csv_text = datacopy.render(vault, service, cid, "csv").decode("utf-8-sig")
    assert ID_NUMBER not in csv_text and "华信科技" not in csv_text


@pytest.mark.parametrize("role", ["sales", "field", "auditor"])
def test_roles_that_do_not_handle_requests_cannot_make_a_copy(shop, role) -> None:
    vault, owner, cid = shop
    users.add(vault, owner, "weak", "weak-pass-123", role)
    for fmt in datacopy.FORMATS:
        with pytest.raises(PermissionDeniedError):
            datacopy.render(vault, Actor("weak", role), cid, fmt)


def test_pdf_copies_in_chinese_and_english_and_the_csv(shop) -> None:
    vault, owner, cid = shop
    zh = _pdf_text(datacopy.render(vault, owner, cid, "pdf", language="zh"))
    en = _pdf_text(datacopy.render(vault, owner, cid, "pdf", language="en"))
    assert "个人信息副本" in zh and "13812345678" in zh and "营销推广" in zh
    assert "Copy of your personal information" in en and "wangfang@example.cn" in en and "Agreed" in en
    raw = datacopy.render(vault, owner, cid, "csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["section", "key", "label", "value"]
    assert ["field", "phone", "电话", "13812345678"] in rows


def test_a_copy_for_a_request_is_recorded_on_it_and_audited(shop) -> None:
    vault, owner, cid = shop
    other = customers.create(vault, owner, {"name": "别人"}).id
    req = requests.add(vault, owner, type="know", requester="王芳", customer_id=cid)
    with pytest.raises(ValidationError, match="identity"):
        datacopy.render(vault, owner, cid, "pdf", request_id=req.id)
    requests.confirm_identity(vault, owner, req.id, method="身份证")
    with pytest.raises(ValidationError, match="another customer"):
        datacopy.render(vault, owner, other, "pdf", request_id=req.id)
    datacopy.render(vault, owner, cid, "json", request_id=req.id)
    (event,) = [e for e in requests.get(vault, owner, req.id).events if e.kind == "copy_made"]
    assert event.details["format"] == "json" and len(event.details["sha256"]) == 64
    actions = [r[0] for r in vault.connection().execute("SELECT action FROM audit")]
    assert actions.count("customer.data_copy") == 1


def test_a_refusal_letter_states_each_reason_and_the_remedy_in_both_languages(vault, owner) -> None:
    req = requests.add(vault, owner, type="delete", requester="张伟")
    with pytest.raises(ValidationError, match="outcome"):
        reply_letter.render(vault, owner, req.id, "zh")
    requests.close(
        vault,
        owner,
        req.id,
        outcome="refused",
        reasons=[{"code": "identity"}, {"code": "other", "text": "无此客户"}],
    )
    zh = _pdf_text(reply_letter.render(vault, owner, req.id, "zh"))
    assert "张伟" in zh and "无法核实请求人身份" in zh and "无此客户" in zh and "第五十条" in zh
    en = _pdf_text(reply_letter.render(vault, owner, req.id, "en"))
    assert "We cannot do what you asked" in en and "court" in en
    kinds = [e.kind for e in requests.get(vault, owner, req.id).events]
    assert kinds.count("reply_written") == 2


def test_an_erasure_letter_names_what_a_hold_keeps_until_when_and_why_but_not_the_erased_name(shop) -> None:
    vault, owner, cid = shop
    req = requests.add(
        vault,
        owner,
        type="delete",
        requester="王芳",
        customer_id=cid,
        identity_method="身份证",
        identity_verified=True,
    )
    until = date.today() + timedelta(days=1800)
    holds.place(vault, owner, cid, ["id_number"], reason="发票须保存五年", until=until, request_id=req.id)
    erasure.erase(vault, owner, cid, request_id=req.id)
    requests.close(vault, owner, req.id, outcome="partly_done", reasons=[{"code": "retention_law"}])
    zh = _pdf_text(reply_letter.render(vault, owner, req.id, "zh"))
    assert "发票须保存五年" in zh and until.isoformat() in zh and "居民身份证号" in zh
    assert "王芳" not in zh and "请求人" in zh


def test_the_copy_lists_every_export_that_held_the_customer_and_the_sharing_consents(
    vault, owner, tmp_path
) -> None:
    from app import exporting
    from tests.export_helpers import PARTNER, give, register_partner, request, shop

    ids = shop(vault, owner)
    register_partner(vault, owner)
    give(vault, owner, ids[0], "sharing", text="install")
    exporting.run(
        vault,
        owner,
        request([("name", "full"), ("phone", "full")], purpose="delivery", partner=PARTNER),
        tmp_path / "p.csv",
    )
    data = json.loads(datacopy.render(vault, owner, ids[0], "json", language="zh"))
    assert [(s["partner"], s["source"]) for s in data["shared_with"]] == [
        (PARTNER, "export"),
        (PARTNER, "consent"),
    ]
    assert data["shared_with"][0]["purpose"] == "delivery"
    zh = _pdf_text(datacopy.render(vault, owner, ids[0], "pdf", language="zh"))
    assert PARTNER in zh and "已提供" in zh
    other = json.loads(datacopy.render(vault, owner, ids[1], "json"))
    assert other["shared_with"] == []
