"""Restriction of processing (PIPL Art. 44 "限制、拒绝处理"; GDPR Art. 18).

When a customer's 'restrict' request is accepted (``requests.restrict``), a restriction is in
force for that customer until a handler lifts it (``requests.lift_restriction``, with the
reason, recorded on the request and audited). While it is in force the core leaves the
customer out of everything that *uses* their data for the business:

- exports skip them and say so ("left out: restricted"), whatever the selection;
- consent-based lists (``consent.customer_ids`` / ``may_include`` / ``filter_sql`` /
  ``count_current``: the marketing lists, the consent filter of the customer list) skip them;
- an import does not update them (the row is counted as restricted, nothing written);
- merging duplicates refuses them.

What still works: storing the record, reading it on the card (which shows a banner), and
everything done to handle the customer's own requests (a copy, a correction, erasure).

The restriction belongs to the customer, not to the request: closing the request or linking
it to another customer does not lift it. The functions here take a connection and check no
permission — they are the core's own guards; the permission-checked actions are in
app/requests.py, and ``for_customer`` is what any signed-in role may ask (the card's banner).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.access import Actor, access_for
from app.errors import KnownError
from app.i18n import _


class RestrictedError(KnownError):
    """An operation that would process customers under a restriction was refused."""


@dataclass(frozen=True)
class Restriction:
    id: int
    customer_id: int
    request_id: int | None
    since: str
    placed_by: str
    lifted_at: str | None
    lifted_by: str | None
    lift_reason: str | None

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "request_id": self.request_id,
            "since": self.since,
            "placed_by": self.placed_by,
            "lifted_at": self.lifted_at,
            "lifted_by": self.lifted_by,
            "lift_reason": self.lift_reason,
        }


_SELECT = (
    "SELECT id, customer_id, request_id, since, placed_by, lifted_at, lifted_by, lift_reason"
    " FROM restrictions"
)


def in_force(conn) -> set[int]:
    """Every customer under a restriction now. Restrictions are few (one per accepted request),
    so callers that filter a large selection load this once rather than asking per chunk."""
    return {r[0] for r in conn.execute("SELECT customer_id FROM restrictions WHERE lifted_at IS NULL")}


def restricted_among(conn, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` under a restriction, ascending."""
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return []
    return sorted(wanted & in_force(conn))


def live_count(conn) -> int:
    """How many live (not deleted) customers are under a restriction."""
    return conn.execute(
        "SELECT count(DISTINCT r.customer_id) FROM restrictions r JOIN customers c ON c.id = r.customer_id"
        " WHERE r.lifted_at IS NULL AND c.deleted_at IS NULL"
    ).fetchone()[0]


def refuse(conn, ids: Iterable[int], doing: str) -> None:
    """Raise ``RestrictedError`` when any of ``ids`` is under a restriction (``doing``: what
    was attempted, for the message)."""
    found = restricted_among(conn, ids)
    if found:
        raise RestrictedError(
            _(
                "Processing of customer {ids} is restricted at the customer's request (PIPL Art. 44):"
                " {doing} is not allowed until the restriction is lifted."
            ).format(ids=", ".join(str(i) for i in found[:10]), doing=doing)
        )


def sql_not_restricted(column: str = "customers.id") -> str:
    """An SQL condition keeping rows whose customer (``column``) is not restricted."""
    return (
        f"NOT EXISTS (SELECT 1 FROM restrictions rr WHERE rr.customer_id = {column} AND rr.lifted_at IS NULL)"
    )


def load(conn, restriction_id: int) -> Restriction | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (restriction_id,)).fetchone()
    return Restriction(*row) if row else None


def of_customer(conn, customer_id: int) -> list[Restriction]:
    return [
        Restriction(*r) for r in conn.execute(f"{_SELECT} WHERE customer_id = ? ORDER BY id", (customer_id,))
    ]


def for_customer(vault, actor: Actor, customer_id: int) -> list[Restriction]:
    """A customer's restrictions, oldest first (in force and lifted). Any signed-in role may
    ask: whoever works on the record must see that it may not be used."""
    access_for(vault, actor)
    return of_customer(vault.connection(), customer_id)


def current(vault, actor: Actor, customer_id: int) -> Restriction | None:
    """The restriction in force for the customer, if any."""
    return next((r for r in for_customer(vault, actor, customer_id) if r.in_force), None)
