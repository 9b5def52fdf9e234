"""Retention: keep nothing longer than needed (PIPL Art. 19, Art. 47(1)(2); GDPR Art. 5(1)(e)).

A **rule** covers a purpose or one field, and is reckoned from a customer's last activity (the
record's last change) or from their withdrawal of consent for the purpose (or for any purpose
of the field): "marketing data two years after the last contact", "ID numbers once no longer
needed (0 months after consent for billing is withdrawn)". Its action is to erase the customer
(app/erasure.py) or to anonymise the fields concerned: the field itself, or for a purpose the
fields whose every purpose is that one (a phone kept for service stays when marketing ends).

Soft-deleted customers are a built-in rule: erased once the grace period has passed
(erasure.grace_days, default 30 days).

**Review, then approve.** ``review`` works out who is due today (a dry run: nothing changes)
and saves the result; the owner reads it (``custos retention review``, or the list in the
UI) and ``apply`` acts on exactly the reviewed customers that are still due — someone active
again since the review is left alone. Fields under a legal hold (app/holds.py) are not
anonymised; an erasure keeps them. Every step is audited with counts, never names.
Reviewing and applying need 'review and apply retention rules'; reading the rules does not.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import erasure, holds
from app import search as search_index
from app.access import Actor, access_for
from app.errors import KnownError, NotFoundError, ValidationError
from app.fields import BUILTIN_KEYS, Catalogue
from app.i18n import _
from app.vault.database import transaction

SCOPES = ("purpose", "field")
BASES = ("last_activity", "consent_withdrawn")
ACTIONS = ("erase", "anonymise")
PURGE = "purge"  # the built-in rule for soft-deleted customers
MAX_MONTHS = 1200
_CHUNK = 500


@dataclass(frozen=True)
class Rule:
    id: int
    scope: str
    target: str
    months: int
    basis: str
    action: str
    note: str
    created_at: str
    created_by: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "target": self.target,
            "months": self.months,
            "basis": self.basis,
            "action": self.action,
            "note": self.note,
            "created_at": self.created_at,
            "created_by": self.created_by,
        }


@dataclass
class Due:
    """One rule's customers due on the review day and what happens to them."""

    rule: str  # a rule id as text, or "purge"
    action: str
    fields: list[str]
    ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "action": self.action, "fields": self.fields, "ids": self.ids}


@dataclass(frozen=True)
class Review:
    id: int | None
    on: date
    due: tuple[Due, ...]
    at: str = ""
    by: str = ""
    applied_at: str | None = None

    @property
    def customers(self) -> int:
        return len({i for d in self.due for i in d.ids})

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "on": self.on.isoformat(),
            "at": self.at,
            "by": self.by,
            "applied_at": self.applied_at,
            "customers": self.customers,
            "due": [d.as_dict() for d in self.due],
        }


@dataclass(frozen=True)
class Applied:
    review_id: int
    erased: int
    anonymised: int
    skipped: int  # reviewed but no longer due (active again, erased meanwhile)
    held_values_expired: int
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "review": self.review_id,
            "erased": self.erased,
            "anonymised": self.anonymised,
            "skipped": self.skipped,
            "held_values_expired": self.held_values_expired,
            "dry_run": self.dry_run,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ------------------------------------------------------------------------------ rules


def _rule(row) -> Rule:
    return Rule(*row)


_RULE_COLUMNS = "id, scope, target, months, basis, action, note, created_at, created_by"


def rules(vault, actor: Actor) -> list[Rule]:
    """The rules in force (no personal data: every signed-in user may read them; the customer's
    data copy lists those that apply to them)."""
    access_for(vault, actor)
    rows = vault.connection().execute(
        f"SELECT {_RULE_COLUMNS} FROM retention_rules WHERE removed_at IS NULL ORDER BY id"
    )
    return [_rule(r) for r in rows]


def _check_rule(access, scope: str, target: str, months: int, basis: str, action: str, note: str) -> str:
    """Every problem of a rule at once (ValidationError); returns the cleaned note."""
    problems: dict[str, str] = {}
    if scope not in SCOPES:
        problems["scope"] = _("one of {choices}").format(choices=", ".join(SCOPES))
    elif scope == "field" and target not in access.catalogue:
        problems["target"] = _("unknown field {key}").format(key=target)
    elif scope == "purpose":
        from app.consent import PURPOSES

        if target not in PURPOSES:
            problems["target"] = _("one of {choices}").format(choices=", ".join(PURPOSES))
    if basis not in BASES:
        problems["basis"] = _("one of {choices}").format(choices=", ".join(BASES))
    if action not in ACTIONS:
        problems["action"] = _("one of {choices}").format(choices=", ".join(ACTIONS))
    if isinstance(months, bool) or not isinstance(months, int) or not 0 <= months <= MAX_MONTHS:
        problems["months"] = _("a whole number from {low} to {high}").format(low=0, high=MAX_MONTHS)
    note = (note or "").strip()
    if len(note) > 500:
        problems["note"] = _("at most {n} characters").format(n=500)
    if scope == "field" and action == "anonymise" and target == "name":
        problems["action"] = _("the name cannot be anonymised alone: erase the customer instead")
    if problems:
        raise ValidationError(problems)
    return note


def _insert_rule(
    conn, actor: Actor, scope: str, target: str, months: int, basis: str, action: str, note: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO retention_rules (scope, target, months, basis, action, note, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (scope, target, months, basis, action, note, _now(), actor.user),
    )
    return cursor.lastrowid


def add_rule(
    vault,
    actor: Actor,
    *,
    scope: str,
    target: str,
    months: int,
    basis: str = "last_activity",
    action: str = "anonymise",
    note: str = "",
) -> Rule:
    access = access_for(vault, actor)
    access.require("apply_retention")
    note = _check_rule(access, scope, target, months, basis, action, note)
    conn = vault.connection()
    with transaction(conn):
        rule_id = _insert_rule(conn, actor, scope, target, months, basis, action, note)
        vault.audit().append(
            actor.user,
            "retention.rule_add",
            f"retention-rule:{rule_id}",
            {"scope": scope, "target": target, "months": months, "basis": basis, "action": action},
        )
    return next(r for r in rules(vault, actor) if r.id == rule_id)


def edit_rule(
    vault,
    actor: Actor,
    rule_id: int,
    *,
    scope: str,
    target: str,
    months: int,
    basis: str = "last_activity",
    action: str = "anonymise",
    note: str = "",
) -> Rule:
    """Change a rule: the old one is retired and the changed one takes its place, in one
    transaction, so reviews saved under the old rule still say what it was (a review names
    rules by id, and apply acts only on rules still in force)."""
    access = access_for(vault, actor)
    access.require("apply_retention")
    note = _check_rule(access, scope, target, months, basis, action, note)
    conn = vault.connection()
    with transaction(conn):
        retired = conn.execute(
            "UPDATE retention_rules SET removed_at = ? WHERE id = ? AND removed_at IS NULL", (_now(), rule_id)
        ).rowcount
        if not retired:
            raise NotFoundError(_("There is no retention rule {id}.").format(id=rule_id))
        new_id = _insert_rule(conn, actor, scope, target, months, basis, action, note)
        vault.audit().append(
            actor.user,
            "retention.rule_edit",
            f"retention-rule:{new_id}",
            {
                "replaces": rule_id,
                "scope": scope,
                "target": target,
                "months": months,
                "basis": basis,
                "action": action,
            },
        )
    return next(r for r in rules(vault, actor) if r.id == new_id)


def remove_rule(vault, actor: Actor, rule_id: int) -> None:
    access_for(vault, actor).require("apply_retention")
    conn = vault.connection()
    with transaction(conn):
        done = conn.execute(
            "UPDATE retention_rules SET removed_at = ? WHERE id = ? AND removed_at IS NULL", (_now(), rule_id)
        ).rowcount
        if not done:
            raise NotFoundError(_("There is no retention rule {id}.").format(id=rule_id))
        vault.audit().append(actor.user, "retention.rule_remove", f"retention-rule:{rule_id}", {})


def rule_fields(rule: Rule, catalogue: Catalogue) -> list[str]:
    """The fields a rule anonymises: its field, or the fields serving only its purpose."""
    if rule.scope == "field":
        return [rule.target]
    return [f.key for f in catalogue if f.purposes and set(f.purposes) <= {rule.target} and f.key != "name"]


def rule_purposes(rule: Rule, catalogue: Catalogue) -> list[str]:
    if rule.scope == "purpose":
        return [rule.target]
    return list(catalogue.get(rule.target).purposes) if rule.target in catalogue else []


# ------------------------------------------------------------------------------ review


def _filled(key: str) -> str:
    return f"{key} IS NOT NULL" if key in BUILTIN_KEYS else f"json_extract(extra, '$.{key}') IS NOT NULL"


def _due_ids(conn, rule: Rule, catalogue: Catalogue, on: date) -> tuple[list[int], list[str]]:
    cutoff = _months_before(on, rule.months)
    fields = rule_fields(rule, catalogue)
    if rule.action == "anonymise" and not fields:
        return [], []
    has_values = " OR ".join(_filled(k) for k in fields) if rule.action == "anonymise" else "1"
    if rule.basis == "last_activity":
        sql = (
            "SELECT id FROM customers WHERE deleted_at IS NULL AND updated_at < ?"
            f" AND ({has_values}) ORDER BY id"
        )
        ids = [r[0] for r in conn.execute(sql, (cutoff.isoformat(),))]
    else:
        purposes = rule_purposes(rule, catalogue)
        withdrawn = (
            "SELECT DISTINCT cc.customer_id FROM consent_current cc JOIN consents c ON c.id = cc.record_id"
            " WHERE cc.purpose IN (SELECT value FROM json_each(?)) AND cc.status = 'withdrawn'"
            " AND c.collected_at < ?"
        )
        # Withdrawn on the cut-off day or before (collected_at is a timestamp): 0 months = at once.
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM customers WHERE deleted_at IS NULL AND ({has_values})"
                f" AND id IN ({withdrawn}) ORDER BY id",
                (json.dumps(purposes), (cutoff + timedelta(days=1)).isoformat()),
            )
        ]
    return ids, fields if rule.action == "anonymise" else []


def _purge_ids(conn, grace: int, on: date) -> list[int]:
    cutoff = (on - timedelta(days=grace)).isoformat()
    # deleted_at is a full timestamp; "before the day after the cut-off" keeps whole days.
    limit = (date.fromisoformat(cutoff) + timedelta(days=1)).isoformat()
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM customers WHERE deleted_at IS NOT NULL AND merged_into IS NULL AND deleted_at < ?"
            " ORDER BY id",
            (limit,),
        )
    ]


def _compute(vault, on: date) -> list[Due]:
    conn = vault.connection()
    catalogue = Catalogue.load(conn)
    due: list[Due] = []
    purge = _purge_ids(conn, erasure.grace_days(vault), on)
    due.append(Due(PURGE, "erase", [], purge))
    active = conn.execute(f"SELECT {_RULE_COLUMNS} FROM retention_rules WHERE removed_at IS NULL ORDER BY id")
    for rule in [_rule(r) for r in active]:
        ids, fields = _due_ids(conn, rule, catalogue, on)
        due.append(Due(str(rule.id), rule.action, fields, ids))
    return due


def review(vault, actor: Actor, *, on: date | None = None, save: bool = True) -> Review:
    """Who is due on ``on`` (default today) under each rule: changes nothing but, with ``save``,
    records the review so that an owner can approve exactly it (``apply``)."""
    access_for(vault, actor).require("apply_retention")
    day = on or date.today()
    due = _compute(vault, day)
    if not save:
        return Review(None, day, tuple(due))
    conn = vault.connection()
    now = _now()
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO retention_reviews (at, by, on_day, due) VALUES (?, ?, ?, ?)",
            (now, actor.user, day.isoformat(), json.dumps([d.as_dict() for d in due])),
        )
        review_id = cursor.lastrowid
        vault.audit().append(
            actor.user,
            "retention.review",
            f"retention-review:{review_id}",
            {"on": day.isoformat(), "due": {d.rule: len(d.ids) for d in due}},
        )
    return Review(review_id, day, tuple(due), now, actor.user)


def get_review(vault, actor: Actor, review_id: int | None = None) -> Review:
    """A saved review; the newest one when ``review_id`` is None."""
    access_for(vault, actor).require("apply_retention")
    conn = vault.connection()
    sql = "SELECT id, on_day, due, at, by, applied_at FROM retention_reviews"
    row = (
        conn.execute(f"{sql} ORDER BY id DESC LIMIT 1").fetchone()
        if review_id is None
        else conn.execute(f"{sql} WHERE id = ?", (review_id,)).fetchone()
    )
    if row is None:
        raise NotFoundError(
            _("There is no retention review yet: run a review first.")
            if review_id is None
            else _("There is no retention review {id}.").format(id=review_id)
        )
    due = tuple(Due(d["rule"], d["action"], d["fields"], d["ids"]) for d in json.loads(row[2]))
    return Review(row[0], date.fromisoformat(row[1]), due, row[3], row[4], row[5])


@dataclass(frozen=True)
class DuePerson:
    """One customer of a review, as the reviewer sees them (the name only if their role reads it)."""

    id: int
    name: str
    last_activity: str
    deleted_at: str | None
    deleted_by: str | None


def due_people(vault, actor: Actor, review: Review, *, limit: int = 500) -> dict[str, list[DuePerson]]:
    """The first ``limit`` customers of each rule of ``review`` with what a reviewer needs to
    judge them: who, their last activity, and for soft-deleted ones when and by whom they were
    deleted (the reviewable purge list). Customers erased since the review are left out."""
    access = access_for(vault, actor)
    access.require("apply_retention")
    readable = access.can_read("name")
    conn = vault.connection()
    found: dict[str, list[DuePerson]] = {}
    for item in review.due:
        wanted = item.ids[:limit]
        rows = {
            r[0]: r
            for r in conn.execute(
                "SELECT id, name, updated_at, deleted_at, deleted_by FROM customers"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted),),
            )
        }
        found[item.rule] = [
            DuePerson(i, (rows[i][1] or "") if readable else "", rows[i][2] or "", rows[i][3], rows[i][4])
            for i in wanted
            if i in rows
        ]
    return found


# ------------------------------------------------------------------------------ apply


def _anonymise(vault, actor: Actor, conn, rule: str, customer_ids: list[int], fields: list[str]) -> int:
    """Clear ``fields`` of these customers, except fields under a hold in force; returns how
    many customers changed. Search index, blind index and minors table follow."""
    held = holds.active_holds(conn, customer_ids)
    now = _now()
    changed = 0
    for customer_id in customer_ids:
        keep = {k for h in held.get(customer_id, []) for k in h.fields}
        clear = [k for k in fields if k not in keep]
        row = conn.execute(
            f"SELECT {', '.join(BUILTIN_KEYS)}, extra, changes FROM customers"
            " WHERE id = ? AND deleted_at IS NULL",
            (customer_id,),
        ).fetchone()
        if row is None or not clear:
            continue
        stored = dict(zip(BUILTIN_KEYS, row[: len(BUILTIN_KEYS)], strict=True))
        extra = json.loads(row[-2] or "{}")
        cleared = [
            k for k in clear if (stored.get(k) if k in BUILTIN_KEYS else extra.get(k)) not in (None, "")
        ]
        if not cleared:
            continue
        builtin = [k for k in cleared if k in BUILTIN_KEYS]
        for key in cleared:
            extra.pop(key, None)
        field_changes = json.loads(row[-1] or "{}")
        field_changes.update((k, [now, actor.user]) for k in cleared)
        assignments = {k: None for k in builtin}
        assignments.update(
            extra=json.dumps(extra, ensure_ascii=False),
            changes=json.dumps(field_changes, ensure_ascii=False, sort_keys=True),
            updated_at=now,
            updated_by=actor.user,
        )
        conn.execute(
            f"UPDATE customers SET {', '.join(f'{k} = ?' for k in assignments)} WHERE id = ?",
            (*assignments.values(), customer_id),
        )
        for key in cleared:
            conn.execute(
                "DELETE FROM sensitive_index WHERE customer_id = ? AND field = ?", (customer_id, key)
            )
        if set(cleared) & {"id_number", "birth_date"}:
            conn.execute("DELETE FROM consent_minors WHERE customer_id = ?", (customer_id,))
        if set(cleared) & set(search_index.SEARCH_COLUMNS):
            search_index.reindex_customer(conn, customer_id)
        vault.audit().append(
            actor.user,
            "customer.anonymise",
            f"customer:{customer_id}",
            {"fields": sorted(cleared), "rule": rule},
        )
        changed += 1
    if changed:
        erasure.needs_scrub(conn)
    return changed


class ApplyCancelled(KnownError):
    """The person cancelled applying a review: everything was rolled back, nothing changed."""

    def __init__(self) -> None:
        super().__init__(_("Applying the review was cancelled; nothing was erased or anonymised."))


def apply(
    vault,
    actor: Actor,
    review_id: int | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Applied:
    """Act on a saved review (the newest by default) for the customers still due today.

    Approving is applying: the reviewer's list is the upper bound, today's computation the
    lower, so nobody is acted on who was not in the approved review. ``dry_run`` reports the
    counts and changes nothing. Erasures and anonymisations commit together, or none do:
    ``cancelled`` is asked between steps (``progress(done, total)`` customers), and a cancel
    rolls everything back (``ApplyCancelled``).
    """
    access_for(vault, actor).require("apply_retention")
    approved = get_review(vault, actor, review_id)
    if approved.applied_at is not None:
        raise ValidationError(
            {"review": _("review {id} was applied already; run a new review").format(id=approved.id)}
        )
    current = {d.rule: d for d in _compute(vault, date.today())}
    erase_ids: list[int] = []
    anonymise: list[tuple[str, list[int], list[str]]] = []
    skipped = 0
    for item in approved.due:
        now_due = current.get(item.rule)
        still = sorted(set(item.ids) & set(now_due.ids)) if now_due is not None else []
        skipped += len(item.ids) - len(still)
        if item.action == "erase":
            erase_ids += still
        else:
            anonymise.append((item.rule, still, item.fields))
    erase_ids = sorted(set(erase_ids))
    erase_set = set(erase_ids)
    anonymise = [(rule, [i for i in ids if i not in erase_set], fields) for rule, ids, fields in anonymise]
    purge = {i for d in approved.due if d.rule == PURGE for i in d.ids}
    if dry_run:
        expiring = (
            vault.connection()
            .execute(
                "SELECT count(*) FROM held_values v JOIN legal_holds h ON h.id = v.hold_id WHERE h.until < ?",
                (date.today().isoformat(),),
            )
            .fetchone()[0]
        )
        return Applied(
            approved.id or 0,
            len(erase_ids),
            sum(len(ids) for _r, ids, _f in anonymise),
            skipped,
            expiring,
            True,
        )
    conn = vault.connection()
    anonymised = 0
    total = sum(len(ids) for _r, ids, _f in anonymise) + len(erase_ids)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if cancelled is not None and cancelled():
            raise ApplyCancelled()
        if progress is not None:
            progress(done, total)

    with transaction(conn):
        step(0)
        for rule, ids, fields in anonymise:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                anonymised += _anonymise(vault, actor, conn, rule, chunk, fields)
                step(len(chunk))
        for reason, ids in (
            ("purge", [i for i in erase_ids if i in purge]),
            ("retention", [i for i in erase_ids if i not in purge]),
        ):
            for start in range(0, len(ids), 10_000):
                erasure.erase_many(vault, actor, ids[start : start + 10_000], reason=reason, scrub_now=False)
                step(len(ids[start : start + 10_000]))
        expired = holds.expire(vault, actor)
        conn.execute(
            "UPDATE retention_reviews SET applied_at = ?, applied_by = ? WHERE id = ?",
            (_now(), actor.user, approved.id),
        )
        vault.audit().append(
            actor.user,
            "retention.apply",
            f"retention-review:{approved.id}",
            {
                "erased": len(erase_ids),
                "anonymised": anonymised,
                "skipped": skipped,
                "held_values_expired": expired,
            },
        )
    erasure.scrub(vault)
    return Applied(approved.id or 0, len(erase_ids), anonymised, skipped, expired, False)


def applicable(vault, actor: Actor, field_keys: list[str]) -> list[dict[str, Any]]:
    """The rules that apply to a customer holding values in ``field_keys``, with the soft-delete
    grace period: "how long it is kept" in the customer's data copy."""
    access = access_for(vault, actor)
    catalogue = access.catalogue
    found = []
    for rule in rules(vault, actor):
        touched = rule_fields(rule, catalogue) if rule.action == "anonymise" else field_keys
        if rule.scope == "field" and rule.target not in field_keys:
            continue
        if rule.scope == "purpose" and not any(
            rule.target in catalogue.get(k).purposes for k in field_keys if k in catalogue
        ):
            continue
        found.append({**rule.as_dict(), "fields": [k for k in touched if k in field_keys]})
    return found
