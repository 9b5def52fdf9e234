"""The incident register (应急响应, PIPL Art. 57): what happened, to whom, and what was decided.

An incident records what happened and when, when it was discovered, its severity, the fields
and customers affected, the decision to notify the customers and the regulator with the reasons
for it, what was done, what customers can do themselves and whom they can ask, and its status.
The affected customers are usually found in the audit log — everything one user read between
two times (``affected_from_audit``) — and are kept by id only: the register holds no
customer's personal data, so an auditor reads it (``view_incidents``) and sees counts.

Recording (the incident, its customers and the audit entry) is one transaction: a crash
leaves the whole incident or none of it. The notice letter to affected customers reads their
names through the same role policy as every other read (app/reports/incident_notice.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app import faults
from app.access import Access, Actor, access_for, require
from app.errors import NotFoundError, ValidationError
from app.fields import Catalogue
from app.i18n import _
from app.vault.database import transaction

SEVERITIES = ("low", "medium", "high", "critical")
STATUSES = ("open", "contained", "closed")
MAX_TEXT = 20_000
# Audit actions that show a user had a customer's data in front of them.
_READ_ACTIONS = ("customer.view", "customer.reveal", "customer.update", "customer.create")


@dataclass(frozen=True)
class Affected:
    """What the audit log says one user had access to between two times."""

    customer_ids: list[int]
    fields: list[str]
    found_by: str


@dataclass(frozen=True)
class Incident:
    id: int
    title: str
    what_happened: str
    occurred_from: str
    occurred_to: str
    discovered_at: str
    severity: str
    fields: list[str]
    found_by: str
    notify_customers: bool
    notify_customers_reason: str
    notify_regulator: bool
    notify_regulator_reason: str
    actions: str
    advice: str
    contact: str
    status: str
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    customers: int  # how many; the ids only through ``customer_ids``

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class Draft:
    """A new incident as a person fills it in (the CLI's options, the dialog's fields)."""

    title: str
    what_happened: str
    discovered_at: datetime
    severity: str
    notify_customers: bool
    notify_customers_reason: str
    notify_regulator: bool
    notify_regulator_reason: str
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    fields: list[str] = field(default_factory=list)
    customer_ids: list[int] = field(default_factory=list)
    found_by: str = ""
    actions: str = ""
    advice: str = ""
    contact: str = ""


def _stamp(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def affected_from_audit(vault, actor: Actor, user: str, since: datetime, until: datetime) -> Affected:
    """Every customer ``user`` opened, revealed, changed or added in [since, until), and the
    fields they could see: the starting point of an incident about that user or their device.

    Needs both 'view_audit' (it reads the log) and 'manage_incidents'.
    """
    require(vault, actor, "manage_incidents")
    require(vault, actor, "view_audit")
    start, end = _stamp(since), _stamp(until)
    if start >= end:
        raise ValidationError({"until": _("the end of the period must be after its start")})
    conn = vault.connection()
    rows = conn.execute(
        "SELECT action, object, details FROM audit WHERE actor = ? COLLATE NOCASE AND at >= ? AND at < ?"
        " AND action IN (?, ?, ?, ?)",
        (user.strip(), start, end, *_READ_ACTIONS),
    ).fetchall()
    ids: set[int] = set()
    revealed: set[str] = set()
    for action, obj, details in rows:
        prefix, _sep, number = obj.partition(":")
        if prefix == "customer" and number.isdigit():
            ids.add(int(number))
        if action == "customer.reveal":
            try:
                revealed.add(str(json.loads(details).get("field", "")))
            except (ValueError, AttributeError):
                continue
    role = conn.execute("SELECT role FROM users WHERE name = ? COLLATE NOCASE", (user.strip(),)).fetchone()
    seen: list[str] = []
    if role is not None and ids:
        reader = access_for(vault, Actor(user.strip(), role[0]))
        seen = [f.key for f in reader.catalogue if reader.can_see(f.key)]
    fields_seen = sorted(set(seen) | (revealed - {""}))
    found_by = _("entries of {user} in the audit log from {since} to {until}").format(
        user=user.strip(), since=start, until=end
    )
    return Affected(sorted(ids), fields_seen, found_by)


def _text(values: dict[str, str], name: str, *, required: bool = False) -> str:
    value = (values.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: _("this is required")})
    if len(value) > MAX_TEXT:
        raise ValidationError({name: _("longer than {limit} characters").format(limit=MAX_TEXT)})
    return value


def _check(draft: Draft, catalogue: Catalogue) -> dict[str, Any]:
    texts = {
        "title": draft.title,
        "what_happened": draft.what_happened,
        "notify_customers_reason": draft.notify_customers_reason,
        "notify_regulator_reason": draft.notify_regulator_reason,
        "found_by": draft.found_by,
        "actions": draft.actions,
        "advice": draft.advice,
        "contact": draft.contact,
    }
    required = ("title", "what_happened", "notify_customers_reason", "notify_regulator_reason")
    checked = {name: _text(texts, name, required=name in required) for name in texts}
    if draft.severity not in SEVERITIES:
        raise ValidationError(
            {"severity": _("severity is one of {known}").format(known=", ".join(SEVERITIES))}
        )
    known = {f.key for f in catalogue}
    unknown = [key for key in draft.fields if key not in known]
    if unknown:
        raise ValidationError({"fields": _("there is no field {field}").format(field=unknown[0])})
    if draft.occurred_from and draft.occurred_to and draft.occurred_to < draft.occurred_from:
        raise ValidationError({"occurred_to": _("the incident cannot end before it began")})
    return checked


def add(vault, actor: Actor, draft: Draft) -> Incident:
    """Record an incident and its affected customers in one transaction; audited."""
    require(vault, actor, "manage_incidents")
    conn = vault.connection()
    checked = _check(draft, Catalogue.load(conn))
    ids = sorted({int(i) for i in draft.customer_ids})
    now = _now()
    with transaction(conn):
        if ids:
            present = conn.execute(
                "SELECT count(*) FROM customers WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            ).fetchone()[0]
            if present != len(ids):
                raise ValidationError({"customers": _("some of these customer ids do not exist")})
        cursor = conn.execute(
            "INSERT INTO incidents (title, what_happened, occurred_from, occurred_to, discovered_at,"
            " severity, fields, found_by, notify_customers, notify_customers_reason, notify_regulator,"
            " notify_regulator_reason, actions, advice, contact, status, created_at, created_by, updated_at,"
            " updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
            (
                checked["title"],
                checked["what_happened"],
                _stamp(draft.occurred_from),
                _stamp(draft.occurred_to),
                _stamp(draft.discovered_at),
                draft.severity,
                json.dumps(sorted(set(draft.fields))),
                checked["found_by"],
                int(draft.notify_customers),
                checked["notify_customers_reason"],
                int(draft.notify_regulator),
                checked["notify_regulator_reason"],
                checked["actions"],
                checked["advice"],
                checked["contact"],
                now,
                actor.user,
                now,
                actor.user,
            ),
        )
        incident_id = cursor.lastrowid
        faults.step("incident.recorded")
        conn.executemany(
            "INSERT INTO incident_customers (incident_id, customer_id) VALUES (?, ?)",
            ((incident_id, customer_id) for customer_id in ids),
        )
        vault.audit().append(
            actor.user,
            "incident.add",
            f"incident:{incident_id}",
            {
                "severity": draft.severity,
                "customers": len(ids),
                "fields": sorted(set(draft.fields)),
                "notify_customers": draft.notify_customers,
                "notify_regulator": draft.notify_regulator,
            },
        )
    return get(vault, actor, incident_id)


def update(
    vault,
    actor: Actor,
    incident_id: int,
    *,
    status: str | None = None,
    actions: str | None = None,
    advice: str | None = None,
    contact: str | None = None,
    notify_customers: bool | None = None,
    notify_customers_reason: str | None = None,
    notify_regulator: bool | None = None,
    notify_regulator_reason: str | None = None,
) -> Incident:
    """Move an incident on (open → contained → closed) and record what was done, what customers
    can do, whom they can ask and the Art. 57 decisions as the investigation learns more.
    Only what is given changes; audited with the names of the parts that changed."""
    require(vault, actor, "manage_incidents")
    if status is not None and status not in STATUSES:
        raise ValidationError({"status": _("status is one of {known}").format(known=", ".join(STATUSES))})
    texts = {
        "actions": actions,
        "advice": advice,
        "contact": contact,
        "notify_customers_reason": notify_customers_reason,
        "notify_regulator_reason": notify_regulator_reason,
    }
    required = ("notify_customers_reason", "notify_regulator_reason")
    given = {
        name: _text({name: value}, name, required=name in required)
        for name, value in texts.items()
        if value is not None
    }
    conn = vault.connection()
    with transaction(conn):
        current = get(vault, actor, incident_id)
        new = {name: getattr(current, name) for name in texts}
        new.update(given)
        new["status"] = status or current.status
        new["notify_customers"] = current.notify_customers if notify_customers is None else notify_customers
        new["notify_regulator"] = current.notify_regulator if notify_regulator is None else notify_regulator
        changed = sorted(name for name, value in new.items() if value != getattr(current, name))
        conn.execute(
            "UPDATE incidents SET status = ?, actions = ?, advice = ?, contact = ?, notify_customers = ?,"
            " notify_customers_reason = ?, notify_regulator = ?, notify_regulator_reason = ?, updated_at = ?,"
            " updated_by = ? WHERE id = ?",
            (
                new["status"],
                new["actions"],
                new["advice"],
                new["contact"],
                int(new["notify_customers"]),
                new["notify_customers_reason"],
                int(new["notify_regulator"]),
                new["notify_regulator_reason"],
                _now(),
                actor.user,
                incident_id,
            ),
        )
        vault.audit().append(
            actor.user,
            "incident.update",
            f"incident:{incident_id}",
            {
                "status": new["status"],
                "actions_changed": new["actions"] != current.actions,
                "changed": changed,
            },
        )
    return get(vault, actor, incident_id)


def audit_users(vault, actor: Actor) -> list[str]:
    """The vault's user names, to pick whose audit entries an incident is about."""
    require(vault, actor, "manage_incidents")
    require(vault, actor, "view_audit")
    rows = vault.connection().execute("SELECT name FROM users ORDER BY name COLLATE NOCASE")
    return [row[0] for row in rows]


_SELECT = (
    "SELECT i.id, title, what_happened, occurred_from, occurred_to, discovered_at, severity, fields,"
    " found_by, notify_customers, notify_customers_reason, notify_regulator, notify_regulator_reason,"
    " actions, advice, contact, status, created_at, created_by, updated_at, updated_by,"
    " (SELECT count(*) FROM incident_customers c WHERE c.incident_id = i.id) FROM incidents i"
)


def _incident(row: tuple) -> Incident:
    values = list(row)
    values[7] = json.loads(values[7])
    values[9], values[11] = bool(values[9]), bool(values[11])
    return Incident(*values)


def list_incidents(vault, actor: Actor) -> list[Incident]:
    """The register, newest first: counts and fields, no customer's personal data."""
    require(vault, actor, "view_incidents")
    return [_incident(row) for row in vault.connection().execute(_SELECT + " ORDER BY i.id DESC")]


def get(vault, actor: Actor, incident_id: int) -> Incident:
    require(vault, actor, "view_incidents")
    row = vault.connection().execute(_SELECT + " WHERE i.id = ?", (incident_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no incident {id}.").format(id=incident_id))
    return _incident(row)


def customer_ids(vault, actor: Actor, incident_id: int) -> list[int]:
    """Who was affected, for those who keep the register (an auditor sees the count only)."""
    require(vault, actor, "manage_incidents")
    get(vault, actor, incident_id)
    rows = vault.connection().execute(
        "SELECT customer_id FROM incident_customers WHERE incident_id = ? ORDER BY customer_id",
        (incident_id,),
    )
    return [row[0] for row in rows]


def field_labels(access: Access, keys: Iterable[str], language: str) -> list[str]:
    labels = []
    for key in keys:
        try:
            labels.append(access.catalogue.get(key).label(language))
        except NotFoundError:  # a field removed since: its key still says what it was
            labels.append(key)
    return labels
