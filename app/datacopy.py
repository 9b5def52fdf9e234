"""A customer's copy of their data (PIPL Art. 45, GDPR Art. 15 and 20): everything held about
them, as the reader's role may see it, for the PDF report and the machine-readable copies.

``collect`` gathers every field with its purposes, the consent history with the text versions
cited, where the data was shared, how long it is kept (the retention rules that apply, the
grace period, legal holds) and how to exercise the rights. The same field policy as every
other read applies: a field hidden from the reader is left out, a masked one stays masked —
the person answering a request must hold a role that sees what the customer is owed.

``to_json`` and ``to_csv`` are the portable copies (Art. 45(3)); app/reports/customer_data.py
renders the PDF. Making a copy is audited and, for a request, recorded on it: a copy of
personal data leaving the vault.

**Sharing.** Where the data went comes from ``shared_with``: every export that held the
customer (the export record) and the partners they gave separate consent to share with.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime
from typing import Any

from app import consent as consent_mod
from app import customers, holds, retention
from app import requests as requests_mod
from app.access import Actor, access_for, visible_fields
from app.errors import ValidationError
from app.exporting import record as export_record
from app.i18n import _

FORMATS = ("pdf", "json", "csv")

DEFAULT_RIGHTS = {
    "zh": (
        "您有权查阅、复制、更正、补充、删除您的个人信息，有权撤回同意、限制或者拒绝处理，"
        "有权要求将个人信息转移至您指定的个人信息处理者，并有权要求我们解释说明个人信息处理规则"
        "（《个人信息保护法》第四十四条至第四十八条）。请通过下方联系方式提出请求；我们将在核实身份后"
        "于十五个工作日内答复。我们拒绝请求的，会说明理由，您可以依法向人民法院提起诉讼。"
    ),
    "en": (
        "You may see, copy, correct, complete and delete your personal information, withdraw your"
        " consent, restrict or object to its processing, have it transferred to another business you"
        " name, and ask us to explain how we process it (PIPL Arts. 44-48; GDPR Arts. 15-22). Send your"
        " request using the contact details below; once we have confirmed your identity we answer"
        " within 15 working days. If we refuse, we tell you why, and you may take the matter to court"
        " or to the data protection authority."
    ),
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def shared_with(vault, actor: Actor, customer_id: int) -> list[dict[str, Any]]:
    """Where the customer's data went: every export that held them (app/exporting/record.py,
    with its recipient, purpose and date), then the partners they gave separate consent to
    share with. Each part only for a reader allowed to see it (the export record, consent)."""
    access = access_for(vault, actor)
    out: list[dict[str, Any]] = []
    if any(access.allows(p) for p in export_record.READ_PERMISSIONS):
        for item in export_record.shared_with(vault, actor, customer_id):
            out.append(
                {
                    "partner": item.recipient,
                    "purpose": item.purpose,
                    "since": item.at,
                    "fields": [key for key, _treatment in item.fields],
                    "source": "export",
                    "consent": "",
                }
            )
    if access.allows("view_consent"):
        for status in consent_mod.status(vault, actor, customer_id):
            if status.purpose == consent_mod.SHARING and status.partner:
                out.append(
                    {
                        "partner": status.partner,
                        "purpose": consent_mod.SHARING,
                        "since": status.record.collected_at if status.record else None,
                        "fields": [],
                        "source": "consent",
                        "consent": status.state,
                    }
                )
    return out


def collect(vault, actor: Actor, customer_id: int, *, language: str = "zh") -> dict[str, Any]:
    """Everything held about one customer that ``actor`` may see. Needs 'handle requests'."""
    access = access_for(vault, actor)
    access.require("handle_requests")
    customer = customers.get_live(vault, actor, customer_id)
    lang = "zh" if language.startswith("zh") else "en"
    fields = []
    for field, _level in visible_fields(vault, actor, include_retired=True):
        value = customer.get(field.key)
        fields.append(
            {
                "key": field.key,
                "label": field.label(lang),
                "label_zh": field.label("zh"),
                "label_en": field.label("en"),
                "value": value,
                "masked": field.key in customer.masked,
                "sensitivity": field.sensitivity,
                "purposes": list(field.purposes),
                "purpose_labels": [consent_mod.purpose_label(p, lang) for p in field.purposes],
            }
        )
    held_keys = [f["key"] for f in fields if f["value"] not in (None, "")]
    consents: list[dict[str, Any]] | None = None
    texts: dict[str, dict[str, Any]] = {}
    rights_text = ""
    if access.allows("view_consent"):
        consents = []
        for record in consent_mod.history(vault, actor, customer_id):
            consents.append(
                {
                    **record.as_dict(),
                    "purpose_label": consent_mod.purpose_label(record.purpose, lang, record.partner),
                }
            )
            ref = f"{record.text_key} v{record.text_version}"
            if ref not in texts:
                text = consent_mod.get_text(vault, actor, record.text_key, record.text_version)
                body_lang = lang if lang in text.languages else text.languages[0]
                texts[ref] = {
                    "key": text.key,
                    "version": text.version,
                    "title": text.title(body_lang),
                    "sha256": text.sha256,
                    "language": body_lang,
                    "text": text.text(body_lang),
                }
                rights_text = rights_text or text.sections.get(body_lang, {}).get("rights", "")
    purposes = sorted({p for f in fields if f["value"] not in (None, "") for p in f["purposes"]})
    request_rows = [
        {
            "reference": r.reference,
            "type": r.type,
            "received_at": r.received_at,
            "status": r.status,
            "outcome": r.outcome,
        }
        for r in requests_mod.list_requests(vault, actor, status="all", customer_id=customer_id)
    ]

    def label(key: str) -> str:
        return access.catalogue.get(key).label(lang) if key in access.catalogue else key

    hold_rows = []
    for hold in holds.for_customer(vault, actor, customer_id):
        if hold.active():
            row = hold.as_dict()
            row.pop("created_by", None)
            row["field_labels"] = [label(k) for k in hold.fields]
            hold_rows.append(row)
    rule_rows = []
    for rule in retention.applicable(vault, actor, held_keys):
        target = (
            consent_mod.purpose_label(rule["target"], lang)
            if rule["scope"] == "purpose"
            else label(rule["target"])
        )
        rule_rows.append({**rule, "target_label": target, "field_labels": [label(k) for k in rule["fields"]]})
    request_rows = [
        {
            **row,
            "type_label": requests_mod.type_label(row["type"], lang),
        }
        for row in request_rows
    ]
    return {
        "schema": "custos customer data copy v1",
        "generated_at": _now(),
        "generated_by": actor.user,
        "language": lang,
        "business": vault.business_name,
        "vault_id": vault.vault_id,
        "customer": {
            "id": customer.id,
            "created_at": customer.created_at,
            "updated_at": customer.updated_at,
        },
        "fields": fields,
        "purposes": [{"purpose": p, "label": consent_mod.purpose_label(p, lang)} for p in purposes],
        "consents": consents,
        "consent_texts": list(texts.values()),
        "shared_with": shared_with(vault, actor, customer_id),
        "retention": {
            "rules": rule_rows,
            "holds": hold_rows,
        },
        "requests": request_rows,
        "rights": rights_text or DEFAULT_RIGHTS[lang],
    }


def to_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def to_csv(data: dict[str, Any]) -> bytes:
    """One row per value: section, key, label, value — what a spreadsheet or another system
    imports without knowing Custos. UTF-8 with a BOM so that Excel reads Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["section", "key", "label", "value"])
    customer = data["customer"]
    for key in ("id", "created_at", "updated_at"):
        writer.writerow(["customer", key, key, customer[key]])
    for field in data["fields"]:
        writer.writerow(["field", field["key"], field["label"], field["value"] or ""])
    for item in data["purposes"]:
        writer.writerow(["purpose", item["purpose"], item["label"], ""])
    for record in data["consents"] or []:
        writer.writerow(
            [
                "consent",
                f"{record['purpose']}{':' + record['partner'] if record['partner'] else ''}",
                record["purpose_label"],
                f"{record['status']} {record['collected_at']} {record['text']} v{record['text_version']}",
            ]
        )
    for item in data["shared_with"]:
        writer.writerow(
            [
                "shared_with",
                item["partner"],
                item["source"],
                item["consent"] or f"{item['purpose']} {item['since']}",
            ]
        )
    for rule in data["retention"]["rules"]:
        writer.writerow(
            ["retention", f"rule:{rule['id']}", f"{rule['scope']}:{rule['target']}", rule_text(rule, "en")]
        )
    for request in data["requests"]:
        writer.writerow(["request", request["reference"], request["type"], request["status"]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rule_text(rule: dict[str, Any], lang: str) -> str:
    basis = {
        "last_activity": ("最后一次往来后", "after the last activity"),
        "consent_withdrawn": ("撤回同意后", "after consent is withdrawn"),
    }[rule["basis"]]
    action = {"erase": ("删除", "erased"), "anonymise": ("匿名化", "anonymised")}[rule["action"]]
    if lang == "zh":
        return f"{basis[0]} {rule['months']} 个月{action[0]}"
    return f"{action[1]} {rule['months']} months {basis[1]}"


def render(
    vault, actor: Actor, customer_id: int, fmt: str, *, language: str = "zh", request_id: int | None = None
) -> bytes:
    """The copy in ``fmt`` (pdf, json or csv), audited; recorded on ``request_id`` when given
    (the request must be about this customer, with the requester's identity verified)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    if request_id is not None:
        linked = requests_mod.check_can_act(vault, actor, request_id)
        if linked != customer_id:
            raise ValidationError(
                {"request": _("request {id} is about another customer").format(id=request_id)}
            )
    data = collect(vault, actor, customer_id, language=language)
    if fmt == "json":
        content = to_json(data)
    elif fmt == "csv":
        content = to_csv(data)
    else:
        from app.reports import customer_data

        content = customer_data.render(data)
    digest = hashlib.sha256(content).hexdigest()
    vault.audit().append(
        actor.user,
        "customer.data_copy",
        f"customer:{customer_id}",
        {"format": fmt, "sha256": digest, "request": request_id, "fields": len(data["fields"])},
    )
    if request_id is not None:
        requests_mod.note_event(vault, actor, request_id, "copy_made", {"format": fmt, "sha256": digest})
    return content
