"""The register of customers' requests (PIPL Art. 44–50, GDPR Art. 12–22).

A request records what was asked (type), when and how it arrived, who asked and how their
identity was checked, which customer it concerns, who handles it, its deadline (app/deadlines.py),
every action taken, and how it ended: done, partly done, or refused with reasons (Art. 50 asks
for the reasons of a refusal). Everything is in ``requests`` plus an append-only list of
``request_events``; every change is audited (field names and codes, never the requester's
name or the text of notes).

Waiting for the requester's identity pauses the clock: ``ask_identity`` opens a pause,
``confirm_identity`` closes it. ``attention`` lists the open requests that are overdue or
due soon, for the owner's sign-in and the status bar.

Actions that change customer data go through their own services and are linked here:
``correct`` (customers.update), ``withdraw_consent`` (consent.withdraw), erasure
(app/erasure.py ``erase(..., request_id=)``), the data copy (app/datacopy.py). All need the
'handle customers' requests' permission; erasing also needs 'erase customers'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from app import consent as consent_mod
from app import customers, deadlines, restrictions
from app.access import Actor, access_for
from app.errors import NotFoundError, ValidationError
from app.i18n import N_, _
from app.vault.database import transaction

TYPES = {
    "know": (N_("know and copy"), "查阅、复制"),
    "correct": (N_("correct or complete"), "更正、补充"),
    "delete": (N_("delete"), "删除"),
    "withdraw": (N_("withdraw consent"), "撤回同意"),
    "restrict": (N_("restrict or object"), "限制、拒绝处理"),
    "portability": (N_("transfer a copy (portability)"), "转移（可携带）"),
    "explain": (N_("explain the processing rules"), "解释说明处理规则"),
}
CHANNELS = ("in_person", "phone", "email", "letter", "online", "other")
RELATIONS = ("self", "guardian", "agent")
IDENTITY = ("pending", "verified", "failed")
OUTCOMES = ("done", "partly_done", "refused")
OPEN, AWAITING_IDENTITY, CLOSED = "open", "awaiting_identity", "closed"
# Reasons a request may be refused or only partly met, each with the law behind it.
REASONS = {
    "identity": (
        "无法核实请求人身份",
        "We could not verify that the request came from you or your representative",
    ),
    "retention_law": (
        "法律、行政法规规定的保存期限未届满（《个人信息保护法》第四十七条第二款），除存储和采取必要的安全保护措施外已停止处理",
        "A law requires us to keep the data for a period that has not ended (PIPL Art. 47(2));"
        " we have stopped all processing except storage and security measures",
    ),
    "secrecy": (
        "法律、行政法规规定应当保密或者不需要告知（《个人信息保护法》第十八条、第四十四条）",
        "A law requires confidentiality or exempts us from informing you (PIPL Arts. 18, 44)",
    ),
    "others_rights": ("会损害他人的合法权益", "Meeting it would harm the rights of other people"),
    "no_data": ("我们未持有您的个人信息", "We hold no personal information about you"),
    "unfounded": ("请求明显无理或过度重复", "The request is manifestly unfounded or excessive"),
    "other": ("其他原因（见说明）", "Another reason (see the explanation)"),
}
MAX_TEXT = 2000
MAX_NAME = 200


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str
    kind: str
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "actor": self.actor, "kind": self.kind, "details": self.details}


@dataclass(frozen=True)
class Request:
    id: int
    type: str
    customer_id: int | None
    received_at: str
    received_via: str
    requester: str
    requester_relation: str
    requester_contact: str
    identity_method: str
    identity_status: str
    details: str
    handler: str
    status: str
    regime: str
    pauses: tuple[tuple[str, str | None], ...]
    extended: bool
    extension_reason: str
    outcome: str | None
    reasons: tuple[dict[str, str], ...]
    reply: str
    personal_erased: bool
    created_at: str
    created_by: str
    updated_at: str
    closed_at: str | None
    closed_by: str | None
    deadline: deadlines.Deadline
    events: tuple[Event, ...] = ()

    @property
    def reference(self) -> str:
        return f"R-{self.id:06d}"

    def state(self, today: date, settings: deadlines.Settings) -> str:
        if self.status == CLOSED:
            return "closed"
        return self.deadline.state(today, settings.due_soon_days)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "type": self.type,
            "customer_id": self.customer_id,
            "received_at": self.received_at,
            "received_via": self.received_via,
            "requester": self.requester,
            "requester_relation": self.requester_relation,
            "requester_contact": self.requester_contact,
            "identity_method": self.identity_method,
            "identity_status": self.identity_status,
            "details": self.details,
            "handler": self.handler,
            "status": self.status,
            "regime": self.regime,
            "pauses": [list(p) for p in self.pauses],
            "extended": self.extended,
            "extension_reason": self.extension_reason,
            "due": self.deadline.due.isoformat() if self.deadline.due else None,
            "due_estimated": self.deadline.estimated,
            "outcome": self.outcome,
            "reasons": [dict(r) for r in self.reasons],
            "reply": self.reply,
            "personal_erased": self.personal_erased,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
            "closed_at": self.closed_at,
            "closed_by": self.closed_by,
            "events": [e.as_dict() for e in self.events],
        }


_COLUMNS = (
    "id, type, customer_id, received_at, received_via, requester, requester_relation, requester_contact,"
    " identity_method, identity_status, details, handler, status, regime, pauses, extended, extension_reason,"
    " outcome, reasons, reply, personal_erased, created_at, created_by, updated_at, closed_at, closed_by"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _request(row, settings: deadlines.Settings, events: tuple[Event, ...] = ()) -> Request:
    pauses = tuple((p[0], p[1]) for p in json.loads(row[14]))
    deadline = deadlines.due_date(
        row[13],
        date.fromisoformat(row[3]),
        [(date.fromisoformat(a), date.fromisoformat(b) if b else None) for a, b in pauses],
        extended=bool(row[15]),
        settings=settings,
    )
    return Request(
        *row[:14],
        pauses,
        bool(row[15]),
        row[16],
        row[17],
        tuple(json.loads(row[18])),
        row[19],
        bool(row[20]),
        *row[21:26],
        deadline=deadline,
        events=events,
    )


def _require(vault, actor: Actor):
    access = access_for(vault, actor)
    access.require("handle_requests")
    return access


def _text(value: Any, key: str, limit: int, problems: dict[str, str]) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        problems[key] = _("at most {n} characters").format(n=limit)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        problems[key] = _("control characters are not allowed")
    return text


def _required_text(value: Any, key: str, limit: int, missing: str) -> str:
    """One required free-text argument, cleaned; refused whole (ValidationError) when empty."""
    problems: dict[str, str] = {}
    text = _text(value, key, limit, problems)
    if not text:
        problems[key] = missing
    if problems:
        raise ValidationError(problems)
    return text


def _day(value: date | str | None, key: str, problems: dict[str, str]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        problems[key] = _("a date as YYYY-MM-DD")
        return None


def _choice(value: str, choices, key: str, problems: dict[str, str]) -> str:
    if value not in choices:
        problems[key] = _("one of {choices}").format(choices=", ".join(choices))
    return value


def _check_customer(conn, customer_id: int | None, problems: dict[str, str]) -> None:
    if customer_id is None:
        return
    if not isinstance(customer_id, int) or isinstance(customer_id, bool):
        problems["customer_id"] = _("a customer id")
    elif (
        conn.execute("SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL", (customer_id,)).fetchone()
        is None
    ):
        problems["customer_id"] = _("customer {id} does not exist or was deleted").format(id=customer_id)


def _event(conn, request_id: int, actor: Actor, kind: str, details: dict[str, Any] | None = None) -> None:
    conn.execute(
        "INSERT INTO request_events (request_id, at, actor, kind, details) VALUES (?, ?, ?, ?, ?)",
        (request_id, _now(), actor.user, kind, json.dumps(details or {}, ensure_ascii=False, sort_keys=True)),
    )
    conn.execute("UPDATE requests SET updated_at = ? WHERE id = ?", (_now(), request_id))


def add(
    vault,
    actor: Actor,
    *,
    type: str,
    received_at: date | str | None = None,
    received_via: str = "in_person",
    requester: str = "",
    relation: str = "self",
    contact: str = "",
    customer_id: int | None = None,
    details: str = "",
    identity_method: str = "",
    identity_verified: bool = False,
    handler: str | None = None,
    regime: str | None = None,
) -> Request:
    """Register a request; ValidationError names every bad field and nothing is saved."""
    _require(vault, actor)
    conn = vault.connection()
    settings = deadlines.load(conn)
    problems: dict[str, str] = {}
    _choice(type, TYPES, "type", problems)
    _choice(received_via, CHANNELS, "received_via", problems)
    _choice(relation, RELATIONS, "relation", problems)
    regime = regime or settings.regime
    _choice(regime, deadlines.REGIMES, "regime", problems)
    received = _day(received_at, "received_at", problems) or date.today()
    if received > date.today():
        problems["received_at"] = _("the day must not be in the future")
    requester = _text(requester, "requester", MAX_NAME, problems)
    if not requester:
        problems["requester"] = _("say who made the request")
    contact = _text(contact, "contact", MAX_NAME, problems)
    details = _text(details, "details", MAX_TEXT, problems)
    identity_method = _text(identity_method, "identity_method", MAX_NAME, problems)
    if identity_verified and not identity_method:
        problems["identity_method"] = _("say how the identity was checked")
    handler = _text(handler or actor.user, "handler", MAX_NAME, problems)
    _check_customer(conn, customer_id, problems)
    if problems:
        raise ValidationError(problems)
    now = _now()
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO requests (type, customer_id, received_at, received_via, requester,"
            " requester_relation,"
            " requester_contact, identity_method, identity_status, details, handler, status, regime,"
            " created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                type,
                customer_id,
                received.isoformat(),
                received_via,
                requester,
                relation,
                contact,
                identity_method,
                "verified" if identity_verified else "pending",
                details,
                handler,
                OPEN,
                regime,
                now,
                actor.user,
                now,
            ),
        )
        request_id = cursor.lastrowid
        _event(conn, request_id, actor, "received", {"type": type, "via": received_via})
        vault.audit().append(
            actor.user,
            "request.add",
            f"request:{request_id}",
            {"type": type, "customer": customer_id, "regime": regime, "identity_verified": identity_verified},
        )
    return get(vault, actor, request_id)


def _load(conn, request_id: int) -> tuple:
    row = conn.execute(f"SELECT {_COLUMNS} FROM requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no request {id}.").format(id=request_id))
    return row


def get(vault, actor: Actor, request_id: int) -> Request:
    _require(vault, actor)
    conn = vault.connection()
    row = _load(conn, request_id)
    events = tuple(
        Event(r[0], r[1], r[2], r[3], json.loads(r[4]))
        for r in conn.execute(
            "SELECT id, at, actor, kind, details FROM request_events WHERE request_id = ? ORDER BY id",
            (request_id,),
        )
    )
    return _request(row, deadlines.load(conn), events)


def list_requests(
    vault, actor: Actor, *, status: str = "open", customer_id: int | None = None, limit: int = 1000
) -> list[Request]:
    """Newest first. ``status``: 'open' (anything not closed), 'closed' or 'all'."""
    _require(vault, actor)
    conn = vault.connection()
    clauses, args = [], []
    if status == "open":
        clauses.append("status <> 'closed'")
    elif status == "closed":
        clauses.append("status = 'closed'")
    elif status != "all":
        raise ValidationError({"status": _("one of {choices}").format(choices="open, closed, all")})
    if customer_id is not None:
        clauses.append("customer_id = ?")
        args.append(customer_id)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    settings = deadlines.load(conn)
    rows = conn.execute(f"SELECT {_COLUMNS} FROM requests{where} ORDER BY id DESC LIMIT ?", (*args, limit))
    return [_request(r, settings) for r in rows]


def attention(vault, actor: Actor, *, today: date | None = None) -> list[tuple[Request, str]]:
    """Open requests that are overdue or due soon, most urgent first: what an owner (or anyone
    who handles requests) is shown at sign-in and in the status bar. [] for other roles."""
    if not access_for(vault, actor).allows("handle_requests"):
        return []
    today = today or date.today()
    settings = deadlines.load(vault.connection())
    found = []
    for request in list_requests(vault, actor, status="open"):
        state = request.state(today, settings)
        if state in ("overdue", "due_soon"):
            found.append((request, state))
    found.sort(key=lambda pair: (pair[0].deadline.due or date.max, pair[0].id))
    return found


def _open_request(conn, request_id: int) -> tuple:
    row = _load(conn, request_id)
    if row[12] == CLOSED:
        raise ValidationError({"status": _("request {id} is closed").format(id=request_id)})
    return row


def update(vault, actor: Actor, request_id: int, **changes: Any) -> Request:
    """Change the register entry: requester, relation, contact, customer_id, details, handler,
    received_via. The type, the received day and the deadline regime are fixed once recorded."""
    _require(vault, actor)
    allowed = {
        "requester": "requester",
        "relation": "requester_relation",
        "contact": "requester_contact",
        "customer_id": "customer_id",
        "details": "details",
        "handler": "handler",
        "received_via": "received_via",
    }
    problems: dict[str, str] = {}
    for key in changes.keys() - allowed.keys():
        problems[key] = _("cannot be changed")
    conn = vault.connection()
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in allowed:
            continue
        if key == "customer_id":
            _check_customer(conn, value, problems)
            values[key] = value
        elif key == "relation":
            values[key] = _choice(value, RELATIONS, key, problems)
        elif key == "received_via":
            values[key] = _choice(value, CHANNELS, key, problems)
        else:
            values[key] = _text(value, key, MAX_TEXT if key == "details" else MAX_NAME, problems)
            if key in ("requester", "handler") and not values[key]:
                problems[key] = _("must not be empty")
    if problems:
        raise ValidationError(problems)
    with transaction(conn):
        _open_request(conn, request_id)
        if values:
            conn.execute(
                f"UPDATE requests SET {', '.join(f'{allowed[k]} = ?' for k in values)} WHERE id = ?",
                (*values.values(), request_id),
            )
            _event(conn, request_id, actor, "updated", {"fields": sorted(values)})
            vault.audit().append(
                actor.user, "request.update", f"request:{request_id}", {"fields": sorted(values)}
            )
    return get(vault, actor, request_id)


def ask_identity(vault, actor: Actor, request_id: int, *, note: str = "", on: date | None = None) -> Request:
    """We asked the requester to prove who they are: the clock stops until they do."""
    _require(vault, actor)
    problems: dict[str, str] = {}
    note = _text(note, "note", MAX_TEXT, problems)
    if problems:
        raise ValidationError(problems)
    conn = vault.connection()
    with transaction(conn):
        row = _open_request(conn, request_id)
        pauses = json.loads(row[14])
        if pauses and pauses[-1][1] is None:
            raise ValidationError(
                {"identity": _("the request is already waiting for the requester's identity")}
            )
        day = (on or date.today()).isoformat()
        pauses.append([day, None])
        conn.execute(
            "UPDATE requests SET pauses = ?, status = ?, identity_status = 'pending' WHERE id = ?",
            (json.dumps(pauses), AWAITING_IDENTITY, request_id),
        )
        _event(conn, request_id, actor, "identity_requested", {"note": note} if note else {})
        vault.audit().append(actor.user, "request.identity_requested", f"request:{request_id}", {"from": day})
    return get(vault, actor, request_id)


def confirm_identity(
    vault, actor: Actor, request_id: int, *, method: str, verified: bool = True, on: date | None = None
) -> Request:
    """The requester's identity was checked (``method``: how). Ends a pause; the clock runs on."""
    _require(vault, actor)
    method = _required_text(method, "method", MAX_NAME, _("say how the identity was checked"))
    conn = vault.connection()
    with transaction(conn):
        row = _open_request(conn, request_id)
        pauses = json.loads(row[14])
        day = (on or date.today()).isoformat()
        if pauses and pauses[-1][1] is None:
            pauses[-1][1] = max(day, pauses[-1][0])
        conn.execute(
            "UPDATE requests SET pauses = ?, status = ?, identity_status = ?, identity_method = ?"
            " WHERE id = ?",
            (json.dumps(pauses), OPEN, "verified" if verified else "failed", method, request_id),
        )
        _event(conn, request_id, actor, "identity_checked", {"verified": verified, "method": method})
        vault.audit().append(
            actor.user, "request.identity_checked", f"request:{request_id}", {"verified": verified}
        )
    return get(vault, actor, request_id)


def extend(vault, actor: Actor, request_id: int, *, reason: str) -> Request:
    """Extend the deadline once (GDPR Art. 12(3): by up to two months, with the reason)."""
    _require(vault, actor)
    reason = _required_text(reason, "reason", MAX_TEXT, _("give the reason the requester will be told"))
    conn = vault.connection()
    with transaction(conn):
        row = _open_request(conn, request_id)
        if row[15]:
            raise ValidationError({"extended": _("the deadline was extended already")})
        if not deadlines.can_extend(row[13], deadlines.load(conn)):
            raise ValidationError(
                {"extended": _("the deadline settings allow no extension for this request")}
            )
        conn.execute(
            "UPDATE requests SET extended = 1, extension_reason = ? WHERE id = ?", (reason, request_id)
        )
        _event(conn, request_id, actor, "extended", {})
        vault.audit().append(actor.user, "request.extend", f"request:{request_id}", {})
    return get(vault, actor, request_id)


def add_action(vault, actor: Actor, request_id: int, note: str) -> Request:
    """Record an action taken (a call made, a partner told to delete, …) as free text."""
    _require(vault, actor)
    note = _required_text(note, "note", MAX_TEXT, _("describe the action"))
    conn = vault.connection()
    with transaction(conn):
        _open_request(conn, request_id)
        _event(conn, request_id, actor, "action", {"note": note})
        vault.audit().append(actor.user, "request.action", f"request:{request_id}", {})
    return get(vault, actor, request_id)


def note_event(vault, actor: Actor, request_id: int, kind: str, details: dict[str, Any]) -> None:
    """A linked action done by another service (a data copy made, a reply letter written)."""
    _require(vault, actor)
    conn = vault.connection()
    with transaction(conn):
        _load(conn, request_id)
        _event(conn, request_id, actor, kind, details)


def _customer_of(conn, request_id: int) -> int:
    row = _open_request(conn, request_id)
    if row[2] is None:
        raise ValidationError({"customer_id": _("link the request to a customer first")})
    if row[9] != "verified":
        raise ValidationError({"identity": _("check the requester's identity before acting on the request")})
    return row[2]


def correct(vault, actor: Actor, request_id: int, changes: dict[str, Any]) -> customers.Customer:
    """Correct or complete the customer's record for a 'correct' request (through the card's
    own service, so the field policy applies), and record which fields changed on the request."""
    _require(vault, actor)
    conn = vault.connection()
    with transaction(conn):
        customer_id = _customer_of(conn, request_id)
        before = customers.get(vault, actor, customer_id)
        after = customers.update(vault, actor, customer_id, changes)
        changed = sorted(k for k in changes if before.get(k) != after.get(k))
        _event(conn, request_id, actor, "corrected", {"customer": customer_id, "fields": changed})
        vault.audit().append(
            actor.user,
            "request.correct",
            f"request:{request_id}",
            {"customer": customer_id, "fields": changed},
        )
    return after


def withdraw_consent(vault, actor: Actor, request_id: int, purpose: str, *, channel: str) -> None:
    """Withdraw the customer's consent for ``purpose`` for a 'withdraw' request."""
    _require(vault, actor)
    conn = vault.connection()
    with transaction(conn):
        customer_id = _customer_of(conn, request_id)
        record = consent_mod.withdraw(vault, actor, customer_id, purpose, channel=channel)
        _event(conn, request_id, actor, "consent_withdrawn", {"purpose": purpose, "record": record.id})
        vault.audit().append(
            actor.user,
            "request.withdraw_consent",
            f"request:{request_id}",
            {"customer": customer_id, "purpose": purpose},
        )


def restrict(vault, actor: Actor, request_id: int) -> restrictions.Restriction:
    """Accept a 'restrict' request: from now on the customer is left out of exports, marketing
    lists, import updates and merges (app/restrictions.py) until the restriction is lifted.
    Closing the request afterwards does not lift it."""
    _require(vault, actor)
    conn = vault.connection()
    with transaction(conn):
        row = _open_request(conn, request_id)
        if row[1] != "restrict":
            raise ValidationError({"type": _("only a 'restrict' request places a restriction")})
        customer_id = _customer_of(conn, request_id)
        if customer_id in restrictions.in_force(conn):
            raise ValidationError(
                {"customer_id": _("processing of customer {id} is restricted already").format(id=customer_id)}
            )
        cursor = conn.execute(
            "INSERT INTO restrictions (customer_id, request_id, since, placed_by) VALUES (?, ?, ?, ?)",
            (customer_id, request_id, _now(), actor.user),
        )
        restriction_id = cursor.lastrowid
        _event(
            conn, request_id, actor, "restricted", {"customer": customer_id, "restriction": restriction_id}
        )
        vault.audit().append(
            actor.user,
            "restriction.place",
            f"customer:{customer_id}",
            {"request": request_id, "restriction": restriction_id},
        )
    restriction = restrictions.load(conn, restriction_id)
    assert restriction is not None
    return restriction


def lift_restriction(vault, actor: Actor, restriction_id: int, *, reason: str) -> restrictions.Restriction:
    """End a restriction (the customer asked, or the dispute behind it is settled), with the
    reason; recorded on the request that placed it (even a closed one) and audited."""
    _require(vault, actor)
    reason = _required_text(reason, "reason", MAX_TEXT, _("say why the restriction ends"))
    conn = vault.connection()
    with transaction(conn):
        found = restrictions.load(conn, restriction_id)
        if found is None:
            raise NotFoundError(_("There is no restriction {id}.").format(id=restriction_id))
        if not found.in_force:
            raise ValidationError(
                {"restriction": _("restriction {id} was lifted already").format(id=restriction_id)}
            )
        conn.execute(
            "UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?",
            (_now(), actor.user, reason, restriction_id),
        )
        if found.request_id is not None:
            _event(
                conn,
                found.request_id,
                actor,
                "restriction_lifted",
                {"customer": found.customer_id, "restriction": restriction_id},
            )
        vault.audit().append(
            actor.user,
            "restriction.lift",
            f"customer:{found.customer_id}",
            {"request": found.request_id, "restriction": restriction_id},
        )
    lifted = restrictions.load(conn, restriction_id)
    assert lifted is not None
    return lifted


def check_can_act(vault, actor: Actor, request_id: int) -> int:
    """The customer a request may be acted on for (linked, identity verified, still open)."""
    _require(vault, actor)
    return _customer_of(vault.connection(), request_id)


def close(
    vault,
    actor: Actor,
    request_id: int,
    *,
    outcome: str,
    reasons: list[dict[str, str]] | None = None,
    reply: str = "",
) -> Request:
    """Close with the outcome. Refusing or meeting a request only in part needs at least one
    reason (Art. 50); a reason of code 'other' needs its explanation in ``text``."""
    _require(vault, actor)
    problems: dict[str, str] = {}
    _choice(outcome, OUTCOMES, "outcome", problems)
    cleaned = []
    for reason in reasons or []:
        code = str(reason.get("code", "")).strip()
        text = _text(reason.get("text", ""), "reasons", MAX_TEXT, problems)
        if code not in REASONS:
            problems["reasons"] = _("unknown reason {code}; known: {known}").format(
                code=code, known=", ".join(REASONS)
            )
        elif code == "other" and not text:
            problems["reasons"] = _("explain the reason 'other'")
        cleaned.append({"code": code, "text": text})
    if outcome in ("refused", "partly_done") and not cleaned:
        problems["reasons"] = _("a refusal, or a request met only in part, must give its reasons")
    reply = _text(reply, "reply", MAX_TEXT, problems)
    if problems:
        raise ValidationError(problems)
    conn = vault.connection()
    with transaction(conn):
        row = _open_request(conn, request_id)
        pauses = json.loads(row[14])
        if pauses and pauses[-1][1] is None:
            pauses[-1][1] = max(date.today().isoformat(), pauses[-1][0])
        now = _now()
        conn.execute(
            "UPDATE requests SET status = 'closed', outcome = ?, reasons = ?, reply = ?, pauses = ?,"
            " closed_at = ?, closed_by = ? WHERE id = ?",
            (
                outcome,
                json.dumps(cleaned, ensure_ascii=False),
                reply,
                json.dumps(pauses),
                now,
                actor.user,
                request_id,
            ),
        )
        _event(
            conn, request_id, actor, "closed", {"outcome": outcome, "reasons": [r["code"] for r in cleaned]}
        )
        vault.audit().append(
            actor.user,
            "request.close",
            f"request:{request_id}",
            {"outcome": outcome, "reasons": [r["code"] for r in cleaned]},
        )
    return get(vault, actor, request_id)


def type_label(type_: str, language: str = "en") -> str:
    """The type's name in a letter or copy written in ``language`` (not the UI's language)."""
    english, chinese = TYPES[type_]
    return chinese if language.startswith("zh") else english
