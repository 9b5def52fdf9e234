"""The reply to a customer's request, in Chinese or English, from templates per outcome.

Done, partly done, or refused: a refusal or a partial answer states each reason (PIPL Art. 50)
and the customer's remedies; an erasure names what a legal hold keeps, until when and why
(Art. 47(2)). The letter lists the actions taken (from the request's events), the handler's
own words (the reply text given when the request was closed), and how to reach the business.
A request whose customer was erased since is addressed to "the requester": their name went
with the rest.
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.platypus import Flowable, Spacer

from app import holds
from app import requests as requests_mod
from app.access import Actor, access_for
from app.errors import ValidationError
from app.i18n import _
from app.reports.layout import Styles, build, para

LANGUAGES = ("zh", "en")

_T = {
    "title": ("关于您个人信息请求的答复", "Reply to your request about your personal information"),
    "ref": ("编号：{ref}    日期：{day}", "Reference: {ref}    Date: {day}"),
    "dear": ("{name}：", "Dear {name},"),
    "requester": ("请求人", "requester"),
    "received": (
        "我们于 {day} 通过{via}收到您关于“{type}”的请求。现答复如下。",
        "We received your request to {type} on {day} ({via}). This is our answer.",
    ),
    "done": ("我们已按您的请求办理完毕。", "We have done what you asked."),
    "partly_done": (
        "我们已办理您请求的一部分；其余部分未能办理，理由如下：",
        "We have done part of what you asked; we could not do the rest, for these reasons:",
    ),
    "refused": ("我们无法满足您的请求，理由如下：", "We cannot do what you asked, for these reasons:"),
    "done_delete": (
        "您的个人信息已被删除（依法须保留的除外，见下文）。",
        "Your personal information has been erased (except what the law requires us to keep, below).",
    ),
    "done_know": (
        "随函附上我们持有的您的个人信息副本。",
        "A copy of the personal information we hold about you is enclosed.",
    ),
    "done_portability": (
        "随函附上您的个人信息的可机读副本（JSON、CSV），您可将其提供给其他个人信息处理者。",
        "A machine-readable copy (JSON, CSV) of your information is enclosed for another business"
        " of your choice.",
    ),
    "done_correct": (
        "您的个人信息已按要求更正、补充。",
        "Your information has been corrected and completed as you asked.",
    ),
    "done_withdraw": (
        "您的同意已撤回；撤回不影响撤回前基于同意已进行的处理。",
        "Your consent has been withdrawn; this does not affect processing done before.",
    ),
    "done_restrict": (
        "我们已按您的要求限制处理您的个人信息。",
        "We have restricted the processing of your information as you asked.",
    ),
    "done_explain": (
        "我们的个人信息处理规则说明见下文。",
        "Our rules for processing personal information are explained below.",
    ),
    "actions": ("我们采取的措施", "What we did"),
    "hold": (
        "依照法律规定，以下信息须继续保存至 {until}：{fields}。理由：{reason}。"
        "在此期间，除存储和采取必要的安全保护措施外，我们不再处理这些信息，期满后予以删除。",
        "The law requires us to keep the following until {until}: {fields}. Reason: {reason}. Until then we"
        " do nothing with it except store it securely, and we delete it when the period ends.",
    ),
    "remedy": (
        "如您对本答复有异议，可以联系我们重新审查；个人信息处理者拒绝个人行使权利的请求的，个人可以依法向人民法院提起诉讼（《个人信息保护法》第五十条），也可以向履行个人信息保护职责的部门投诉、举报。",
        "If you disagree with this answer, contact us and we will look at it again. You may also complain"
        " to the data protection authority or take the matter to court (PIPL Art. 50; GDPR Art. 77-79).",
    ),
    "note": ("补充说明", "Further explanation"),
    "contact": ("联系我们", "Contact"),
    "sign": ("{business}\n经办人：{handler}", "{business}\nHandled by: {handler}"),
    "footer": ("请求答复", "Reply"),
    "copy_made": ("已制作您的个人信息副本（{format}）", "Made a copy of your information ({format})"),
    "corrected": ("已更正：{fields}", "Corrected: {fields}"),
    "erased": ("已删除您的个人信息", "Erased your personal information"),
    "consent_withdrawn": ("已撤回您对“{purpose}”的同意", "Withdrew your consent for {purpose}"),
    "identity_checked": ("已核验您的身份", "Confirmed your identity"),
    "extended": ("已延长答复期限：{reason}", "Extended the time to answer: {reason}"),
}
_VIA = {
    "in_person": ("当面", "in person"),
    "phone": ("电话", "by phone"),
    "email": ("电子邮件", "by e-mail"),
    "letter": ("信函", "by letter"),
    "online": ("在线", "online"),
    "other": ("其他方式", "another way"),
}


def _t(key: str, lang: str, **values: Any) -> str:
    zh, en = _T[key]
    return (zh if lang == "zh" else en).format(**values)


def _type_text(request_type: str, lang: str) -> str:
    english, chinese = requests_mod.TYPES[request_type]
    return chinese if lang == "zh" else english


def _actions(request: requests_mod.Request, lang: str) -> list[str]:
    lines = []
    for event in request.events:
        d = event.details
        if event.kind == "copy_made":
            lines.append(_t("copy_made", lang, format=d.get("format", "").upper()))
        elif event.kind == "corrected":
            lines.append(_t("corrected", lang, fields=", ".join(d.get("fields", []))))
        elif event.kind == "erased":
            lines.append(_t("erased", lang))
        elif event.kind == "consent_withdrawn":
            lines.append(_t("consent_withdrawn", lang, purpose=d.get("purpose", "")))
        elif event.kind == "identity_checked" and d.get("verified"):
            lines.append(_t("identity_checked", lang))
        elif event.kind == "extended":
            lines.append(_t("extended", lang, reason=request.extension_reason))
        elif event.kind == "action" and d.get("note"):
            lines.append(d["note"])
    return list(dict.fromkeys(lines))  # two copies of the same kind are one line to the reader


def render(vault, actor: Actor, request_id: int, language: str = "zh") -> bytes:
    """The letter for a closed request; audited and recorded on the request with its hash."""
    if language not in LANGUAGES:
        raise ValidationError({"language": _("one of {choices}").format(choices=", ".join(LANGUAGES))})
    request = requests_mod.get(vault, actor, request_id)
    if request.outcome is None:
        raise ValidationError({"outcome": _("close the request with its outcome before writing the reply")})
    lang = language
    st = Styles()
    business = vault.business_name or "—"
    day = (request.closed_at or "")[:10]
    name = request.requester if request.requester and not request.personal_erased else _t("requester", lang)
    via = _VIA.get(request.received_via, (request.received_via,) * 2)[0 if lang == "zh" else 1]
    story: list[Flowable] = [
        para(_t("title", lang), st.title),
        para(_t("ref", lang, ref=request.reference, day=day), st.subtitle),
        para(_t("dear", lang, name=name), st.body),
        para(
            _t("received", lang, day=request.received_at, via=via, type=_type_text(request.type, lang)),
            st.body,
        ),
        para(_t(request.outcome, lang), st.body),
    ]
    reasons = dict(requests_mod.REASONS)
    for reason in request.reasons:
        zh, en = reasons.get(reason["code"], ("", ""))
        text = zh if lang == "zh" else en
        extra = f" — {reason['text']}" if reason.get("text") else ""
        story.append(para(f"• {text}{extra}", st.body))
    if request.outcome in ("done", "partly_done"):
        key = f"done_{request.type}"
        if key in _T:
            story.append(para(_t(key, lang), st.body))
    if request.customer_id is not None and request.type == "delete":
        catalogue = access_for(vault, actor).catalogue
        for hold in holds.for_customer(vault, actor, request.customer_id):
            if hold.holding_values or hold.active():
                names = [catalogue.get(k).label(lang) if k in catalogue else k for k in hold.fields]
                fields = ("、" if lang == "zh" else ", ").join(names)
                story.append(
                    para(_t("hold", lang, until=hold.until, fields=fields, reason=hold.reason), st.body)
                )
    actions = _actions(request, lang)
    if actions:
        story.append(para(_t("actions", lang), st.head))
        story += [para(f"• {line}", st.body) for line in actions]
    if request.reply:
        story += [para(_t("note", lang), st.head), para(request.reply, st.body)]
    if request.outcome in ("refused", "partly_done"):
        story.append(para(_t("remedy", lang), st.body))
    story += [Spacer(1, 14), para(_t("sign", lang, business=business, handler=request.handler), st.body)]
    content = build(
        story, header=f"{business} · {request.reference}", footer=_t("footer", lang), title=_t("title", lang)
    )
    digest = hashlib.sha256(content).hexdigest()
    requests_mod.note_event(vault, actor, request_id, "reply_written", {"language": lang, "sha256": digest})
    vault.audit().append(
        actor.user, "request.reply", f"request:{request_id}", {"language": lang, "sha256": digest}
    )
    return content
