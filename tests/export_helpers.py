"""Building blocks for the export tests: a shop with customers, consent and a partner."""

from __future__ import annotations

from datetime import date, timedelta

from app import consent, customers, partners
from app.access import Actor
from app.exporting import ExportRequest, Selection
from tests.consent_helpers import add_text, signature_png

SIGN = consent.Evidence("signature", signature_png())
PARTNER = "顺丰安装服务有限公司"

PEOPLE = [
    {
        "name": "王芳",
        "phone": "13812345678",
        "email": "wangfang@example.cn",
        "tags": "vip",
        "address": "北京市朝阳区建国路88号",
        "company": "北京华信科技有限公司",
    },
    {
        "name": '=HYPERLINK("http://evil.example","点我")',
        "phone": "13900001111",
        "email": "x@example.cn",
        "notes": "+1+2 as a formula",
        "tags": "vip",
    },
    {"name": "李娜", "phone": "15011112222", "company": "@SUM(A1:A9)", "address": "上海市徐汇区中山路1号"},
    {"name": "John Smith", "phone": "+442079460958", "email": "john.smith@example.com", "notes": "-2+3"},
    {"name": "欧阳娜娜", "phone": "18612345678", "notes": "＝1+1 full-width", "tags": "newsletter"},
]


def give(vault, actor, customer_id, *purposes, text="marketing", **kw):
    kw.setdefault("channel", "signature")
    kw.setdefault("evidence", SIGN)
    return consent.record(
        vault, actor, customer_id, text=text, decisions=dict.fromkeys(purposes, "given"), **kw
    )


def refuse(vault, actor, customer_id, purpose, text="marketing"):
    return consent.record(
        vault,
        actor,
        customer_id,
        text=text,
        decisions={purpose: "refused"},
        channel="signature",
        evidence=SIGN,
    )


def shop(vault, owner) -> list[int]:
    """Five customers; the notices for marketing and sharing with PARTNER exist."""
    ids = customers.create_many(vault, owner, PEOPLE)
    add_text(vault, owner)
    add_text(vault, owner, key="install", purposes=("sharing",), partner=PARTNER)
    return ids


def register_partner(vault, owner, **changes) -> partners.Partner:
    values = {
        "name": PARTNER,
        "contact": "张经理 400-800-1234 privacy@sf-install.example",
        "purposes": ["delivery", "service"],
        "fields": ["id", "name", "phone", "address"],
        "starts_on": date.today() - timedelta(days=30),
        "expires_on": date.today() + timedelta(days=365),
        "review_on": date.today() + timedelta(days=180),
        "security_measures": "传输加密；仅限安装调度人员访问；不得转委托",
        "end_of_agreement": "delete",
        "assessment": "2026年安全评估：通过",
    }
    values.update(changes)
    return partners.add(vault, owner, values)


def request(fields, purpose="marketing", fmt="csv", **kw) -> ExportRequest:
    kw.setdefault("protection", "plain")
    kw.setdefault("plain_acknowledged", True)
    selection = kw.pop("selection", Selection("all"))
    return ExportRequest(selection, tuple(fields), purpose, fmt, **kw)


def exporting_user(vault, owner, role="sales", name="sally") -> Actor:
    """Someone of ``role`` after the owner gave that role the export permission."""
    from app import access

    current = access.describe_role(vault, owner, role)["permissions"]
    access.set_permissions(vault, owner, role, [*current, "export"])
    return Actor(name, role)
