"""Legal holds: fields of a customer kept for a stated period when the customer is erased.

PIPL Art. 47 para. 2: when a law requires data to be kept longer (invoicing and tax records,
for one), the business stops all processing except storage and security measures. A hold
names the fields, the reason and the last day; erasing the customer then moves those fields'
values (as stored: sensitive ones stay encrypted) into ``held_values`` and removes everything
else. ``expire`` deletes held values whose day has passed; retention applies it too. The
reason and the day are given in the reply to the customer.

Placing or releasing a hold and reading held values need 'erase_customers' (it decides what an
erasure keeps); seeing which holds exist needs 'handle_requests' as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from app.access import Actor, access_for
from app.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.i18n import _
from app.vault.database import transaction

MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Hold:
    id: int
    customer_id: int
    fields: tuple[str, ...]
    reason: str
    until: str
    request_id: int | None
    created_at: str
    created_by: str
    released_at: str | None
    holding_values: bool  # the customer was erased and these fields' values are kept

    def active(self, on: date | None = None) -> bool:
        return self.released_at is None and self.until >= (on or date.today()).isoformat()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "fields": list(self.fields),
            "reason": self.reason,
            "until": self.until,
            "request_id": self.request_id,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "released_at": self.released_at,
            "holding_values": self.holding_values,
        }


_SELECT = (
    "SELECT h.id, h.customer_id, h.fields, h.reason, h.until, h.request_id, h.created_at, h.created_by,"
    " h.released_at, EXISTS (SELECT 1 FROM held_values v WHERE v.hold_id = h.id) FROM legal_holds h"
)


def _hold(row) -> Hold:
    return Hold(
        row[0],
        row[1],
        tuple(json.loads(row[2])),
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        bool(row[9]),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _require_any(vault, actor: Actor, *permissions: str):
    access = access_for(vault, actor)
    if not any(access.allows(p) for p in permissions):
        access.require(permissions[0])
    return access


def place(
    vault,
    actor: Actor,
    customer_id: int,
    fields: list[str],
    *,
    reason: str,
    until: date | str,
    request_id: int | None = None,
) -> Hold:
    """Keep ``fields`` of a customer (live, or soft-deleted and not yet erased) until ``until``."""
    access = access_for(vault, actor)
    access.require("erase_customers")
    reason = (reason or "").strip()
    problems: dict[str, str] = {}
    if not reason:
        problems["reason"] = _("say why the fields must be kept (the law or contract that requires it)")
    elif len(reason) > MAX_REASON_CHARS:
        problems["reason"] = _("at most {n} characters").format(n=MAX_REASON_CHARS)
    keys = list(dict.fromkeys(f.strip() for f in fields if f and f.strip()))
    unknown = [k for k in keys if k not in access.catalogue]
    if not keys:
        problems["fields"] = _("name at least one field to keep")
    elif unknown:
        problems["fields"] = _("unknown field {key}").format(key=unknown[0])
    try:
        day = until if isinstance(until, date) else date.fromisoformat(str(until).strip())
    except ValueError:
        problems["until"] = _("a date as YYYY-MM-DD")
        day = None
    if day is not None and day < date.today():
        problems["until"] = _("the day must not be in the past")
    if problems:
        raise ValidationError(problems)
    assert day is not None
    conn = vault.connection()
    with transaction(conn):
        if conn.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is None:
            raise NotFoundError(_("Customer {id} does not exist or was erased.").format(id=customer_id))
        cursor = conn.execute(
            "INSERT INTO legal_holds (customer_id, fields, reason, until, request_id, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (customer_id, json.dumps(keys), reason, day.isoformat(), request_id, _now(), actor.user),
        )
        hold_id = cursor.lastrowid
        vault.audit().append(
            actor.user,
            "hold.place",
            f"customer:{customer_id}",
            {"hold": hold_id, "fields": keys, "until": day.isoformat(), "request": request_id},
        )
    return get(vault, actor, hold_id)


def get(vault, actor: Actor, hold_id: int) -> Hold:
    _require_any(vault, actor, "erase_customers", "handle_requests")
    row = vault.connection().execute(f"{_SELECT} WHERE h.id = ?", (hold_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no legal hold {id}.").format(id=hold_id))
    return _hold(row)


def for_customer(vault, actor: Actor, customer_id: int) -> list[Hold]:
    _require_any(vault, actor, "erase_customers", "handle_requests")
    rows = vault.connection().execute(f"{_SELECT} WHERE h.customer_id = ? ORDER BY h.id", (customer_id,))
    return [_hold(r) for r in rows]


def active_holds(conn, customer_ids: list[int], on: date | None = None) -> dict[int, list[Hold]]:
    """Holds in force on ``on`` for these customers (for erasure; no permission check)."""
    day = (on or date.today()).isoformat()
    found: dict[int, list[Hold]] = {}
    for start in range(0, len(customer_ids), 500):
        chunk = customer_ids[start : start + 500]
        rows = conn.execute(
            f"{_SELECT} WHERE h.released_at IS NULL AND h.until >= ?"
            " AND h.customer_id IN (SELECT value FROM json_each(?)) ORDER BY h.id",
            (day, json.dumps(chunk)),
        )
        for row in rows:
            hold = _hold(row)
            found.setdefault(hold.customer_id, []).append(hold)
    return found


def release(vault, actor: Actor, hold_id: int) -> Hold:
    """End a hold early (the obligation ended): held values, if any, are deleted with it."""
    access_for(vault, actor).require("erase_customers")
    conn = vault.connection()
    with transaction(conn):
        hold = get(vault, actor, hold_id)
        if hold.released_at is not None:
            raise ValidationError({"hold": _("hold {id} was released already").format(id=hold_id)})
        conn.execute(
            "UPDATE legal_holds SET released_at = ?, released_by = ? WHERE id = ?",
            (_now(), actor.user, hold_id),
        )
        dropped = conn.execute("DELETE FROM held_values WHERE hold_id = ?", (hold_id,)).rowcount
        vault.audit().append(
            actor.user,
            "hold.release",
            f"customer:{hold.customer_id}",
            {"hold": hold_id, "values_deleted": dropped},
        )
    return get(vault, actor, hold_id)


def held_values(vault, actor: Actor, hold_id: int, *, reason: str) -> dict[str, str | None]:
    """The values a hold keeps of an erased customer (for the purpose the hold names, e.g. a tax
    inspection); audited with the reason. Sensitive values need the sensitive-field key."""
    access = access_for(vault, actor)
    access.require("erase_customers")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("say why you need to see this value")})
    hold = get(vault, actor, hold_id)
    conn = vault.connection()
    rows = conn.execute("SELECT field, value FROM held_values WHERE hold_id = ? ORDER BY field", (hold_id,))
    cipher = vault.sensitive_cipher()
    out: dict[str, str | None] = {}
    for key, value in rows:
        sensitive = key in access.catalogue and access.catalogue.get(key).sensitivity == "sensitive"
        if sensitive and cipher is None:
            raise PermissionDeniedError(
                _("Your key slot does not carry the sensitive-field key needed to read {field}.").format(
                    field=key
                )
            )
        out[key] = cipher.decrypt(hold.customer_id, key, value) if sensitive and cipher else value
    vault.audit().append(
        actor.user,
        "hold.read",
        f"customer:{hold.customer_id}",
        {"hold": hold_id, "fields": sorted(out), "reason": reason.strip()},
    )
    return out


def expire(vault, actor: Actor, *, on: date | None = None) -> int:
    """Delete the held values of every hold whose last day has passed; returns how many."""
    day = (on or date.today()).isoformat()
    conn = vault.connection()
    with transaction(conn):
        rows = conn.execute(
            "SELECT DISTINCT h.id, h.customer_id FROM legal_holds h JOIN held_values v ON v.hold_id = h.id"
            " WHERE h.until < ?",
            (day,),
        ).fetchall()
        count = 0
        for hold_id, customer_id in rows:
            count += conn.execute("DELETE FROM held_values WHERE hold_id = ?", (hold_id,)).rowcount
            vault.audit().append(actor.user, "hold.expired", f"customer:{customer_id}", {"hold": hold_id})
        if count:
            conn.execute("UPDATE meta SET value = '1' WHERE key = 'scrub_pending'")
    return count
