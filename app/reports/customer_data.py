"""The customer's data report: the PDF answer to "what do you hold about me?" (PIPL Art. 45).

Rendered from app/datacopy.py ``collect`` (which applies the reader's field policy), in Chinese
or English: the fields and their values, the purposes they serve, the consent history with
the full text of every notice version agreed to, where the data was shared, how long it is
kept (retention rules, legal holds), the requests made, and how to exercise the rights.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from app.datacopy import rule_text
from app.reports.layout import Styles, build, para, table

_T = {
    "title": ("个人信息副本", "Copy of your personal information"),
    "subtitle": (
        "{business} 持有的关于客户 {id} 的全部个人信息，生成于 {at}。",
        "Everything {business} holds about customer {id}, generated {at}.",
    ),
    "fields": ("我们持有的信息", "What we hold"),
    "field": ("项目", "Item"),
    "value": ("内容", "Value"),
    "purpose": ("处理目的", "Purposes"),
    "masked": ("（部分隐藏）", "(partly hidden)"),
    "purposes": ("处理目的", "Why we hold it"),
    "consents": ("您的同意记录", "Your consent decisions"),
    "no_consents": ("暂无同意记录。", "No consent decisions recorded."),
    "consent_hidden": (
        "（您的请求由无权查看同意记录的人员处理。）",
        "(Not shown to the person handling your request.)",
    ),
    "when": ("时间", "When"),
    "decision": ("决定", "Decision"),
    "notice": ("告知版本", "Notice version"),
    "how": ("方式", "How"),
    "texts": ("您同意时看到的告知文本", "The notices you were shown"),
    "shared": ("向谁提供了您的信息", "Who your information was shared with"),
    "not_shared": ("我们未向第三方提供您的信息。", "We have not shared your information with anyone."),
    "partner": ("接收方", "Recipient"),
    "status": ("状态", "Status"),
    "exported": ("已提供（目的：{purpose}）", "Handed over (purpose: {purpose})"),
    "retention": ("保存期限", "How long we keep it"),
    "no_rules": (
        "目前未设定自动删除规则；在处理目的实现或您撤回同意后，我们将删除或匿名化您的信息。",
        "No automatic rule is set; we delete or anonymise your information once its purposes are met or"
        " you withdraw your consent.",
    ),
    "hold": (
        "依法保留：{fields}，保留至 {until}。理由：{reason}",
        "Kept by law: {fields}, until {until}. Reason: {reason}",
    ),
    "requests": ("您提出的请求", "Your requests"),
    "rights": ("如何行使您的权利", "How to exercise your rights"),
    "footer": ("个人信息副本", "Copy of personal information"),
    "given": ("同意", "Agreed"),
    "refused": ("不同意", "Did not agree"),
    "withdrawn": ("已撤回", "Withdrawn"),
    "open": ("处理中", "open"),
    "awaiting_identity": ("等待核验身份", "waiting for proof of identity"),
    "closed": ("已答复", "answered"),
}


def _t(key: str, lang: str, **values: Any) -> str:
    zh, en = _T[key]
    return (zh if lang == "zh" else en).format(**values)


def render(data: dict[str, Any]) -> bytes:
    lang = data["language"]
    st = Styles()
    business = data["business"] or "—"
    cid = data["customer"]["id"]
    story: list[Flowable] = [
        para(_t("title", lang), st.title),
        para(
            _t("subtitle", lang, business=business, id=cid, at=data["generated_at"][:16].replace("T", " ")),
            st.subtitle,
        ),
        para(_t("fields", lang), st.head),
        table(
            st,
            [_t("field", lang), _t("value", lang), _t("purpose", lang)],
            [
                (
                    f["label"],
                    (f["value"] or "—") + (" " + _t("masked", lang) if f["masked"] and f["value"] else ""),
                    "、".join(f["purpose_labels"]) if lang == "zh" else ", ".join(f["purpose_labels"]),
                )
                for f in data["fields"]
            ],
            (0.25, 0.5, 0.25),
        ),
        para(_t("purposes", lang), st.head),
        para("; ".join(p["label"] for p in data["purposes"]) or "—", st.body),
        para(_t("consents", lang), st.head),
    ]
    if data["consents"] is None:
        story.append(para(_t("consent_hidden", lang), st.body))
    elif not data["consents"]:
        story.append(para(_t("no_consents", lang), st.body))
    else:
        story.append(
            table(
                st,
                [
                    _t("when", lang),
                    _t("purposes", lang),
                    _t("decision", lang),
                    _t("notice", lang),
                    _t("how", lang),
                ],
                [
                    (
                        c["collected_at"][:16].replace("T", " "),
                        c["purpose_label"],
                        _t(c["status"], lang),
                        f"{c['text']} v{c['text_version']}",
                        c["channel"],
                    )
                    for c in data["consents"]
                ],
                (0.2, 0.24, 0.14, 0.24, 0.18),
            )
        )
        if data["consent_texts"]:
            story.append(para(_t("texts", lang), st.head))
            for text in data["consent_texts"]:
                story.append(para(f"{text['key']} v{text['version']} · SHA-256 {text['sha256']}", st.small))
                story.append(para(text["text"], st.body))
    story.append(para(_t("shared", lang), st.head))
    if data["shared_with"]:
        story.append(
            table(
                st,
                [_t("partner", lang), _t("when", lang), _t("status", lang)],
                [
                    (
                        s["partner"],
                        (s["since"] or "")[:10],
                        _t(s["consent"], lang)
                        if s["consent"] in _T
                        else _t("exported", lang, purpose=s["purpose"]),
                    )
                    for s in data["shared_with"]
                ],
                (0.45, 0.2, 0.35),
            )
        )
    else:
        story.append(para(_t("not_shared", lang), st.body))
    story.append(para(_t("retention", lang), st.head))
    rules = data["retention"]["rules"]
    if rules:
        for rule in rules:
            story.append(para(f"• {rule['target_label']}: {rule_text(rule, lang)}", st.body))
    else:
        story.append(para(_t("no_rules", lang), st.body))
    for hold in data["retention"]["holds"]:
        story.append(
            para(
                _t(
                    "hold", lang, fields=", ".join(hold["fields"]), until=hold["until"], reason=hold["reason"]
                ),
                st.body,
            )
        )
    if data["requests"]:
        story.append(para(_t("requests", lang), st.head))
        story.append(
            table(
                st,
                ["#", _t("when", lang), _t("status", lang)],
                [
                    (r["reference"], r["received_at"], f"{r['type']} · {r['status']}")
                    for r in data["requests"]
                ],
                (0.25, 0.3, 0.45),
            )
        )
    story += [para(_t("rights", lang), st.head), para(data["rights"], st.body), Spacer(1, 6)]
    return build(
        story,
        header=f"{business} · {_t('title', lang)} · {cid}",
        footer=_t("footer", lang),
        title=_t("title", lang),
    )
