"""Duplicate customers: the check before a save, the list of likely pairs, and merging.

**The check.** Adding a customer (or changing a phone, e-mail or ID number) whose value
equals a live customer's is refused with ``DuplicateError`` unless the caller says
``allow_duplicate`` — the editor asks "Open existing / Save anyway", the CLI wants
``--allow-duplicate``. Values are compared in their stored form: each is put through the
field catalogue's cleaner, the one normal form that storage and search share (a typed
``+86 138 1234 5678`` is stored, searched and matched as ``13812345678``). Each lookup is an
index seek: phone and e-mail through their sort indexes, the ID number through its keyed
blind index (app/sensitive.py), never the plaintext and never a scan.

**The policy.** A role learns nothing from the check about a field it does not read in
full: only fields the actor may read unmasked are compared — the same rule as search.
A role that sees ID numbers masked, or not at all, is never told "a customer with this ID
number exists"; one that sees phones masked is not told about a phone match either, even
for a number it typed, since that would confirm a value it is only allowed to see masked.
A match on a sensitive field is audited like ``customers.find_by_sensitive``.

**Merging** (the 'merge customers' permission: owners and managers by default). Two
records become one, field by field: the kept record takes the chosen fields from the
other, the other is soft-deleted with ``merged_into`` pointing at the kept one. Its id
then leads to the kept customer (``customers.get`` follows it) and its audit history stays
under its own id (``history_ids``). Everything — the kept row, the search index, the blind
index, the merged-away row and both audit entries — is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import customers, restrictions, sensitive
from app import search as search_index
from app.access import Access, Actor, access_for
from app.customers import Customer
from app.errors import KnownError, ValidationError
from app.i18n import _, current_language, ngettext
from app.vault.database import transaction

# One equal value in any of these makes two records likely the same person.
IDENTIFYING_FIELDS = ("phone", "email", "id_number")
# The pseudo-field naming "same name and same company" in a pair's reasons.
NAME_AND_COMPANY = "name+company"
KEEP, OTHER = "keep", "other"
_MATCH_LIMIT = 20  # matches shown for one value; more add nothing a person can act on


@dataclass(frozen=True)
class Match:
    """An existing customer (as the actor may see them) and which of the values matched."""

    customer: Customer
    fields: tuple[str, ...]


class DuplicateError(KnownError):
    """The values match existing customers; nothing was saved. ``matches`` names them."""

    def __init__(self, matches: list[Match], access: Access) -> None:
        self.matches = matches
        first = matches[0]
        language = current_language()
        labels = [access.catalogue.get(k).label(language) for k in first.fields]
        if language == "en":
            labels = [label[:1].lower() + label[1:] for label in labels]  # "resident ID number"
        values = {"id": first.customer.id, "name": first.customer.name, "fields": _(" and ").join(labels)}
        if first.customer.name:
            message = _("Not saved: customer {id} ({name}) has the same {fields}.")
        else:  # a role that cannot see names
            message = _("Not saved: customer {id} has the same {fields}.")
        text = message.format(**values)
        if len(matches) > 1:
            others = len(matches) - 1
            text += " " + ngettext(
                "{count} more customer matches too.", "{count} more customers match too.", others
            )
            text = text.format(count=others)
        super().__init__(text)

    @property
    def existing_ids(self) -> list[int]:
        return [m.customer.id for m in self.matches]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _comparable(access: Access, values: Mapping[str, Any]) -> dict[str, str]:
    """The identifying values the actor may be told about, in stored form.

    Invalid values are left out: the save refuses them on its own, with the field's message.
    """
    result = {}
    for key in IDENTIFYING_FIELDS:
        value = values.get(key)
        if key not in access.catalogue or not access.can_read(key) or value is None:
            continue
        try:
            cleaned = access.catalogue.get(key).clean(value)
        except ValueError:
            continue
        if cleaned:
            result[key] = cleaned
    return result


def _matching_ids(vault, access: Access, wanted: dict[str, str]) -> dict[int, list[str]]:
    conn = vault.connection()
    found: dict[int, list[str]] = {}
    for key, value in wanted.items():
        if access.catalogue.get(key).sensitivity == sensitive.SENSITIVE:
            cipher = vault.sensitive_cipher()
            if cipher is None:  # the role changed since sign-in: no key, so no comparison
                continue
            rows = conn.execute(
                "SELECT customer_id FROM sensitive_index WHERE field = ? AND token = ? LIMIT ?",
                (key, cipher.token(key, value), _MATCH_LIMIT),
            ).fetchall()
        else:
            # ifnull(col, '') is the expression of the customers_by_<col> index: a seek.
            rows = conn.execute(
                f"SELECT id FROM customers WHERE deleted_at IS NULL AND ifnull({key}, '') = ? LIMIT ?",
                (value, _MATCH_LIMIT),
            ).fetchall()
        for (customer_id,) in rows:
            found.setdefault(customer_id, []).append(key)
    return found


def match_stored_many(vault, access: Access, rows: Sequence[Mapping[str, Any]]) -> list[dict[int, list[str]]]:
    """For each of ``rows`` (values already in stored form, e.g. rows an import has cleaned),
    the live customers sharing an identifying value with it: id -> the fields that matched.

    One query per field for a whole batch (an IN list over the same indexes the single check
    seeks), so an import of a hundred thousand rows costs a few hundred queries, not three
    per row. Only fields the actor reads unmasked are compared, as in ``find_duplicates``;
    the caller audits.
    """
    found: list[dict[int, list[str]]] = [{} for _ in rows]
    conn = vault.connection()
    for key in IDENTIFYING_FIELDS:
        if key not in access.catalogue or not access.can_read(key):
            continue
        wanted: dict[str, list[int]] = {}
        for position, row in enumerate(rows):
            value = row.get(key)
            if value:
                wanted.setdefault(value, []).append(position)
        if not wanted:
            continue
        if access.catalogue.get(key).sensitivity == sensitive.SENSITIVE:
            cipher = vault.sensitive_cipher()
            if cipher is None:  # the role changed since sign-in: no key, so no comparison
                continue
            by_token = {cipher.token(key, value): value for value in wanted}
            lookups = list(by_token)
            sql = "SELECT token, customer_id FROM sensitive_index WHERE field = ? AND token IN ({marks})"
            prefix: tuple[Any, ...] = (key,)
        else:
            by_token = {value: value for value in wanted}
            lookups = list(wanted)
            sql = (
                f"SELECT ifnull({key}, ''), id FROM customers WHERE deleted_at IS NULL"
                f" AND ifnull({key}, '') IN ({{marks}})"
            )
            prefix = ()
        for start in range(0, len(lookups), 500):
            chunk = lookups[start : start + 500]
            for token, customer_id in conn.execute(
                sql.format(marks=", ".join("?" * len(chunk))), (*prefix, *chunk)
            ):
                for position in wanted[by_token[token]]:
                    found[position].setdefault(customer_id, []).append(key)
    return found


def find_duplicates(
    vault, actor: Actor, values: Mapping[str, Any], *, exclude_id: int | None = None
) -> list[Match]:
    """Live customers sharing a phone, e-mail or ID number with ``values``, lowest id first.

    Only fields the actor reads unmasked are compared (see the module docstring);
    ``exclude_id`` is the customer being edited. A match on a sensitive field is audited.
    """
    access = access_for(vault, actor)
    wanted = _comparable(access, values)
    if not wanted:
        return []
    found = _matching_ids(vault, access, wanted)
    found.pop(exclude_id, None)  # type: ignore[arg-type]
    for key in wanted:
        if access.catalogue.get(key).sensitivity == sensitive.SENSITIVE:
            hits = sum(key in keys for keys in found.values())
            if hits:
                vault.audit().append(
                    actor.user,
                    "customer.lookup",
                    key,
                    {"field": key, "matches": hits, "for": "duplicate check"},
                )
    ids = sorted(found)[:_MATCH_LIMIT]
    return [Match(c, tuple(found[c.id])) for c in customers.fetch(vault, actor, ids)]


def add_customer(
    vault, actor: Actor, values: Mapping[str, Any], *, allow_duplicate: bool = False
) -> Customer:
    """``customers.create`` that first refuses a likely duplicate (``DuplicateError``).

    Invalid values are refused first (``ValidationError``), so a person fixes typing before
    being asked about duplicates. The check and the insert are one transaction.
    """
    access = access_for(vault, actor)
    access.catalogue.clean(dict(values), creating=True)
    conn = vault.connection()
    with transaction(conn):
        matches = [] if allow_duplicate else find_duplicates(vault, actor, values)
        if not matches:
            return customers.create(vault, actor, dict(values))
    raise DuplicateError(matches, access)


def update_customer(
    vault, actor: Actor, customer_id: int, changes: Mapping[str, Any], *, allow_duplicate: bool = False
) -> Customer:
    """``customers.update`` that first refuses a change making the customer a likely duplicate.

    Only the values being changed are compared, never the customer with itself.
    """
    access = access_for(vault, actor)
    access.catalogue.clean(dict(changes), creating=False)
    conn = vault.connection()
    with transaction(conn):
        matches = [] if allow_duplicate else find_duplicates(vault, actor, changes, exclude_id=customer_id)
        if not matches:
            return customers.update(vault, actor, customer_id, dict(changes))
    raise DuplicateError(matches, access)


# ------------------------------------------------------------------------------- likely duplicates


@dataclass(frozen=True)
class Pair:
    """Two live customers that are likely the same person, and why (field keys)."""

    first: Customer
    second: Customer
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateList:
    pairs: list[Pair]
    more: bool  # the limit was reached: merge these, then list again for the next ones


def _groups(conn, access: Access, limit: int) -> Iterable[tuple[str, list[int], bool]]:
    """(reason, ids of one group sharing a value, whether the limit cut the list) per group.

    Each query walks one index in order and stops after ``limit`` groups, so the cost is
    one ordered pass at worst and nothing for a field the actor may not compare.
    """
    queries = []
    if access.can_read("phone"):
        queries.append(
            (
                "phone",
                "SELECT group_concat(id) FROM customers WHERE deleted_at IS NULL AND ifnull(phone, '') > ''"
                " GROUP BY ifnull(phone, '') HAVING count(*) > 1 LIMIT ?",
                (),
            )
        )
    if access.can_read("email"):
        queries.append(
            (
                "email",
                "SELECT group_concat(id) FROM customers WHERE deleted_at IS NULL AND ifnull(email, '') > ''"
                " GROUP BY ifnull(email, '') HAVING count(*) > 1 LIMIT ?",
                (),
            )
        )
    if "id_number" in access.catalogue and access.can_read("id_number"):
        queries.append(
            (
                "id_number",
                "SELECT group_concat(customer_id) FROM sensitive_index WHERE field = ?"
                " GROUP BY token HAVING count(*) > 1 LIMIT ?",
                ("id_number",),
            )
        )
    if access.can_read("name") and access.can_read("company"):
        queries.append(
            (
                NAME_AND_COMPANY,
                "SELECT group_concat(id) FROM customers WHERE deleted_at IS NULL AND company IS NOT NULL"
                " GROUP BY name COLLATE NOCASE, company COLLATE NOCASE HAVING count(*) > 1 LIMIT ?",
                (),
            )
        )
    for reason, sql, args in queries:
        rows = conn.execute(sql, (*args, limit + 1)).fetchall()
        for (ids_text,) in rows[:limit]:
            yield reason, sorted(int(i) for i in ids_text.split(",")), len(rows) > limit


def likely_duplicates(vault, actor: Actor, *, limit: int = 100) -> DuplicateList:
    """Pairs of live customers sharing a phone, e-mail or ID number, or both name and company.

    For the merge tool ('merge customers' permission). A group of three or more sharing a
    value gives one pair per extra member, each with the group's lowest id, the likely
    original. At most ``limit`` pairs: merging them shrinks the list, and listing again
    finds the next ones. Only fields the actor reads unmasked are compared.
    """
    access = access_for(vault, actor)
    access.require("merge_customers")
    reasons: dict[tuple[int, int], list[str]] = {}
    more = False
    for reason, ids, cut in _groups(vault.connection(), access, limit):
        more = more or cut
        for other in ids[1:]:
            key = (ids[0], other)
            if key not in reasons and len(reasons) >= limit:
                more = True
                continue
            if reason not in reasons.setdefault(key, []):
                reasons[key].append(reason)
    shown = {c.id: c for c in customers.fetch(vault, actor, sorted({i for pair in reasons for i in pair}))}
    pairs = [
        Pair(shown[a], shown[b], tuple(why))
        for (a, b), why in sorted(reasons.items())
        if a in shown and b in shown
    ]
    return DuplicateList(pairs, more)


# ------------------------------------------------------------------------------- merging


def mergeable_fields(vault, actor: Actor) -> list[str]:
    """Fields whose value the actor may take from the other record: active and writable."""
    access = access_for(vault, actor)
    return [f.key for f in access.catalogue.active() if access.can_write(f.key)]


def default_choices(keep: Customer, other: Customer, fields: Iterable[str]) -> dict[str, str]:
    """KEEP or OTHER for each of ``fields`` (``mergeable_fields``): the kept record's value,
    unless it is empty and the other record has one — a merge should not lose a phone
    number nobody chose against."""
    return {key: OTHER if not keep.get(key) and other.get(key) else KEEP for key in fields}


def merge(vault, actor: Actor, keep_id: int, other_id: int, take: Iterable[str] = ()) -> Customer:
    """Merge customer ``other_id`` into ``keep_id``; returns the kept customer.

    ``take`` names the fields whose value comes from the other record (an empty value
    there clears the field); every other field keeps the kept record's value. Each taken
    field must be writable by the actor. The other record leaves every list and search and
    its id redirects to the kept one. One transaction, audited on both ids.
    """
    access = access_for(vault, actor)
    access.require("merge_customers")
    if keep_id == other_id:
        raise KnownError(_("Choose two different customers to merge."))
    taken = sorted(set(take))
    allowed = set(mergeable_fields(vault, actor))
    for key in taken:
        if key not in access.catalogue:
            raise ValidationError({key: "unknown field"})
        if key not in allowed:
            access.require_write(key)  # names the field the role may not change
            raise ValidationError({key: "this field is retired and no longer collected"})
    conn = vault.connection()
    restrictions.refuse(conn, (keep_id, other_id), _("merging"))
    with transaction(conn):
        customers.get_live(vault, actor, keep_id)
        other = customers.get_live(vault, actor, other_id)
        changes = {key: other.get(key) or "" for key in taken}
        if changes:
            customers.update(vault, actor, keep_id, changes)
        now = _now()
        conn.execute(
            "UPDATE customers SET deleted_at = ?, deleted_by = ?, merged_into = ? WHERE id = ?",
            (now, actor.user, keep_id, other_id),
        )
        # Ids merged into the other one earlier now lead straight to the kept customer.
        conn.execute("UPDATE customers SET merged_into = ? WHERE merged_into = ?", (keep_id, other_id))
        search_index.remove_from_index(conn, other_id)
        sensitive.remove_customer(conn, other_id)
        audit = vault.audit()
        audit.append(
            actor.user, "customer.merge", f"customer:{keep_id}", {"merged": other_id, "taken": taken}
        )
        audit.append(actor.user, "customer.merged_into", f"customer:{other_id}", {"into": keep_id})
    return customers.get(vault, actor, keep_id)


def history_ids(vault, actor: Actor, customer_id: int) -> list[int]:
    """The customer's id and every id merged into it: whose audit entries are its history."""
    customers.get_live(vault, actor, customer_id)
    rows = (
        vault.connection()
        .execute("SELECT id FROM customers WHERE merged_into = ? ORDER BY id", (customer_id,))
        .fetchall()
    )
    return [customer_id, *(r[0] for r in rows)]
