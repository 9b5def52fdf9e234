"""The record of every export, and the answers it gives: the sharing log, and "shared with"
for one customer ("where did my data go?").

A record holds who exported, when, for which purpose and on which legal basis, to whom
(internal use or a registered partner), how the customers were chosen, which fields with which
treatment, the format and protection, how many rows, who was left out and why, the file's
name and SHA-256, and exactly which customers it held (``export_customers``, runs of ids).
It is written in the same transaction as its audit entry, and is append-only.

**Who may read it.** The export permission, managing partners, viewing the audit log or
handling customers' requests (answering "who received my data?" is one of those requests).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import customers
from app.access import Access, Actor, access_for
from app.errors import NotFoundError
from app.i18n import _
from app.vault.database import transaction

if TYPE_CHECKING:
    from app.exporting.engine import Plan

READ_PERMISSIONS = ("export", "manage_partners", "view_audit", "handle_requests")


@dataclass(frozen=True)
class ExportRecord:
    id: int
    at: str
    actor: str
    role: str
    purpose: str
    legal_basis: str
    basis_note: str
    partner_id: int | None
    partner: str  # the partner's name, "" for internal use
    selection: dict[str, Any]
    fields: list[tuple[str, str]]
    format: str
    encoding: str
    protection: str
    file_name: str
    rows: int
    left_out: dict[str, int]
    sha256: str

    @property
    def recipient(self) -> str:
        return self.partner or "internal"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "user": self.actor,
            "role": self.role,
            "purpose": self.purpose,
            "legal_basis": self.legal_basis,
            "basis_note": self.basis_note,
            "recipient": self.recipient,
            "partner_id": self.partner_id,
            "selection": self.selection,
            "fields": [{"key": k, "treatment": t} for k, t in self.fields],
            "format": self.format,
            "encoding": self.encoding,
            "protection": self.protection,
            "file_name": self.file_name,
            "rows": self.rows,
            "left_out": self.left_out,
            "sha256": self.sha256,
        }


def require_read(access: Access) -> None:
    if not any(access.allows(p) for p in READ_PERMISSIONS):
        access.require("export")


_SELECT = (
    "SELECT e.id, e.at, e.actor, e.role, e.purpose, e.legal_basis, e.basis_note, e.partner_id,"
    " ifnull(p.name, ''), e.selection, e.fields, e.format, e.encoding, e.protection, e.file_name, e.rows,"
    " e.left_out, e.sha256 FROM exports e LEFT JOIN partners p ON p.id = e.partner_id"
)


def _from_row(row) -> ExportRecord:
    values = list(row)
    values[9] = json.loads(values[9])
    values[10] = [tuple(pair) for pair in json.loads(values[10])]
    values[16] = json.loads(values[16])
    return ExportRecord(*values)


def save(
    vault, actor: Actor, plan: Plan, *, rows: int, ranges: array, sha256: str, file_name: str, at: str
) -> int:
    """Write the record, its customers and its audit entry in one transaction; returns its id."""
    request = plan.request
    conn = vault.connection()
    access = access_for(vault, actor)
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO exports (at, actor, role, purpose, legal_basis, basis_note, partner_id, selection,"
            " fields, format, encoding, protection, file_name, rows, left_out, sha256)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at,
                actor.user,
                access.role.name,
                request.purpose,
                request.legal_basis,
                request.basis_note.strip(),
                plan.partner.id if plan.partner else None,
                json.dumps(request.selection.as_dict(), ensure_ascii=False),
                json.dumps([list(pair) for pair in plan.columns]),
                request.format,
                request.encoding if request.format == "csv" else "",
                request.protection,
                file_name,
                rows,
                json.dumps({k: v for k, v in plan.left_out.items() if v}),
                sha256,
            ),
        )
        export_id = cursor.lastrowid
        conn.executemany(
            "INSERT INTO export_customers (export_id, first_id, last_id) VALUES (?, ?, ?)",
            ((export_id, ranges[i], ranges[i + 1]) for i in range(0, len(ranges), 2)),
        )
        vault.audit().append(
            actor.user,
            "export.create",
            f"export:{export_id}",
            {
                "purpose": request.purpose,
                "recipient": plan.partner.name if plan.partner else "internal",
                "legal_basis": request.legal_basis,
                "format": request.format,
                "protection": request.protection,
                "fields": [f"{k}:{t}" for k, t in plan.columns],
                "rows": rows,
                "sha256": sha256,
            },
        )
    return export_id


def get(vault, actor: Actor, export_id: int) -> ExportRecord:
    require_read(access_for(vault, actor))
    row = vault.connection().execute(f"{_SELECT} WHERE e.id = ?", (export_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no export {id}.").format(id=export_id))
    return _from_row(row)


def customer_ids(vault, actor: Actor, export_id: int) -> Iterator[int]:
    """Exactly which customers an export held, ascending."""
    get(vault, actor, export_id)
    for first, last in (
        vault.connection()
        .execute(
            "SELECT first_id, last_id FROM export_customers WHERE export_id = ? ORDER BY first_id",
            (export_id,),
        )
        .fetchall()
    ):
        yield from range(first, last + 1)


def log(
    vault, actor: Actor, *, customer_id: int | None = None, partner: str | None = None, limit: int = 1000
) -> list[ExportRecord]:
    """Exports newest first; only those that held ``customer_id``, or went to ``partner``."""
    from app import partners as partners_mod

    require_read(access_for(vault, actor))
    conn = vault.connection()
    sql, args = _SELECT, []
    where = []
    if partner is not None:
        where.append("e.partner_id = ?")
        args.append(partners_mod.get(vault, actor, partner).id)
    if customer_id is not None:
        customers._check_id(customer_id)
        # The last run of each export starting at or before the id decides: one seek per export.
        where.append(
            "(SELECT c.last_id FROM export_customers c WHERE c.export_id = e.id AND c.first_id <= ?"
            " ORDER BY c.first_id DESC LIMIT 1) >= ?"
        )
        args += [customer_id, customer_id]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY e.id DESC LIMIT ?"
    args.append(limit)
    return [_from_row(r) for r in conn.execute(sql, args)]


@dataclass(frozen=True)
class SharedWith:
    """One export that held a customer, as the customer's card lists it."""

    export_id: int
    at: str
    recipient: str  # a partner's name or "internal"
    purpose: str
    fields: list[tuple[str, str]]
    format: str
    actor: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "export_id": self.export_id,
            "at": self.at,
            "recipient": self.recipient,
            "purpose": self.purpose,
            "fields": [{"key": k, "treatment": t} for k, t in self.fields],
            "format": self.format,
            "user": self.actor,
        }


def shared_with(vault, actor: Actor, customer_id: int) -> list[SharedWith]:
    """Every export and partner that included this customer, newest first."""
    return [
        SharedWith(r.id, r.at, r.recipient, r.purpose, r.fields, r.format, r.actor)
        for r in log(vault, actor, customer_id=customer_id, limit=10_000)
    ]
