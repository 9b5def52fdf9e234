"""The partner register (合作伙伴): who may receive customer data, under which agreement.

PIPL Art. 21 asks an entrusted-processing agreement to set the purpose, the period, the
method, the categories of personal information, the protection measures and what happens to
the data when it ends; Art. 23 asks for the recipient to be named and separately consented to.
A partner here is that agreement: its purposes, its period (start and expiry), the fields it
covers (the categories), its security measures, whether the data is deleted or returned at the
end, a security assessment note, review and expiry dates, and the signed document itself
(stored in the encrypted database, like consent evidence).

Exports to a partner (app/exporting) ask ``check_export`` first: a partner whose agreement has
not started, has expired, is suspended or ended, or does not cover the purpose or a field,
receives nothing. The partner's name is also the name consent records use for the separate
sharing consent (``sharing:<name>``, app/consent.py).

Ending an agreement starts the last duty: obtaining the partner's confirmation that the data
was deleted or returned. An ended partner is "pending" until someone records that confirmation;
``reminders`` lists it (and expired agreements not yet ended, and reviews that are due) until
then.

**Who may.** Changing the register: 'manage_partners'. Reading it: that, or 'export' (an
exporter chooses a recipient from it). Reading the signed document is audited.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import consent as consent_mod
from app import fields as fields_mod
from app.access import Access, Actor, access_for
from app.errors import DamagedVaultError, KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.i18n import _
from app.vault.database import transaction

STATUSES = ("active", "suspended", "ended")
END_HANDLING = ("delete", "return")
# A partner may receive data for the catalogue's purposes; the two separate consents are not
# purposes one shares *for*.
PURPOSES = fields_mod.PURPOSES
MAX_NAME = 100
MAX_TEXT = 2000
MAX_DOCUMENT_BYTES = consent_mod.MAX_ATTACHMENT_BYTES
# How far ahead an expiry or a review shows up among the reminders.
REMINDER_DAYS = 30
# Characters a name may not hold: the name is part of "sharing:<name>" consent purposes.
_NAME_FORBIDDEN = re.compile(r"[:\x00-\x1f\x7f]")


class ExportRefusedError(PermissionDeniedError):
    """The partner may not receive this export (agreement expired, purpose not covered, …)."""


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    filename: str
    mime: str
    size: int
    sha256: str
    added_at: str
    added_by: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "mime": self.mime,
            "size": self.size,
            "sha256": self.sha256,
            "added_at": self.added_at,
            "added_by": self.added_by,
        }


@dataclass(frozen=True)
class Partner:
    id: int
    name: str
    contact: str
    purposes: tuple[str, ...]
    fields: tuple[str, ...]
    starts_on: str
    expires_on: str
    review_on: str | None
    security_measures: str
    end_of_agreement: str
    assessment: str
    status: str
    ended_on: str | None
    deletion: str  # '', 'pending', 'confirmed'
    deletion_note: str
    deletion_confirmed_at: str | None
    deletion_confirmed_by: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    documents: tuple[DocumentInfo, ...] = ()

    def expired(self, on: date | None = None) -> bool:
        return (on or date.today()).isoformat() > self.expires_on

    def started(self, on: date | None = None) -> bool:
        return (on or date.today()).isoformat() >= self.starts_on

    def state(self, on: date | None = None) -> str:
        """What the register shows: active, suspended, not started, expired, ended."""
        if self.status != "active":
            return self.status
        if not self.started(on):
            return "not_started"
        if self.expired(on):
            return "expired"
        return "active"

    @property
    def consent_purpose(self) -> str:
        """The separate sharing consent this partner's exports need (app/consent.py)."""
        return f"{consent_mod.SHARING}:{self.name}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "contact": self.contact,
            "purposes": list(self.purposes),
            "fields": list(self.fields),
            "starts_on": self.starts_on,
            "expires_on": self.expires_on,
            "review_on": self.review_on,
            "security_measures": self.security_measures,
            "end_of_agreement": self.end_of_agreement,
            "assessment": self.assessment,
            "status": self.status,
            "state": self.state(),
            "ended_on": self.ended_on,
            "deletion": self.deletion,
            "deletion_note": self.deletion_note,
            "deletion_confirmed_at": self.deletion_confirmed_at,
            "deletion_confirmed_by": self.deletion_confirmed_by,
            "documents": [d.as_dict() for d in self.documents],
            "created_at": self.created_at,
            "created_by": self.created_by,
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
        }


_COLUMNS = (
    "id, name, contact, purposes, fields, starts_on, expires_on, review_on, security_measures,"
    " end_of_agreement, assessment, status, ended_on, deletion, deletion_note, deletion_confirmed_at,"
    " deletion_confirmed_by, created_at, created_by, updated_at, updated_by"
)
# What ``add`` and ``update`` accept; the rest of a partner changes only through end/confirm.
EDITABLE = (
    "name",
    "contact",
    "purposes",
    "fields",
    "starts_on",
    "expires_on",
    "review_on",
    "security_measures",
    "end_of_agreement",
    "assessment",
    "status",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _require_read(access: Access) -> None:
    if not (access.allows("manage_partners") or access.allows("export")):
        access.require("manage_partners")


def _documents(conn, partner_id: int) -> tuple[DocumentInfo, ...]:
    rows = conn.execute(
        "SELECT id, filename, mime, size, sha256, added_at, added_by FROM partner_documents"
        " WHERE partner_id = ? ORDER BY id",
        (partner_id,),
    ).fetchall()
    return tuple(DocumentInfo(*r) for r in rows)


def _from_row(conn, row) -> Partner:
    values = list(row)
    values[3] = tuple(json.loads(values[3]))
    values[4] = tuple(json.loads(values[4]))
    return Partner(*values, documents=_documents(conn, row[0]))


def _find(conn, ref: str | int) -> Partner:
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        row = conn.execute(f"SELECT {_COLUMNS} FROM partners WHERE id = ?", (int(ref),)).fetchone()
    else:
        row = conn.execute(f"SELECT {_COLUMNS} FROM partners WHERE name = ?", (str(ref).strip(),)).fetchone()
    if row is None:
        raise NotFoundError(_("There is no partner called {name} in the register.").format(name=repr(ref)))
    return _from_row(conn, row)


def list_partners(vault, actor: Actor) -> list[Partner]:
    _require_read(access_for(vault, actor))
    conn = vault.connection()
    rows = conn.execute(f"SELECT {_COLUMNS} FROM partners ORDER BY name COLLATE NOCASE").fetchall()
    return [_from_row(conn, r) for r in rows]


def get(vault, actor: Actor, ref: str | int) -> Partner:
    """A partner by id or name (case-insensitive)."""
    _require_read(access_for(vault, actor))
    return _find(vault.connection(), ref)


def _day(value: Any, key: str, *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise ValidationError({key: _("required")})
        return None
    try:
        return (value if isinstance(value, date) else date.fromisoformat(str(value).strip())).isoformat()
    except ValueError:
        raise ValidationError({key: _("not a date (YYYY-MM-DD)")}) from None


def _text(value: Any, key: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError({key: _("required")})
    if len(text) > limit:
        raise ValidationError({key: fields_mod.too_long(len(text), limit)})
    try:
        fields_mod.check_text(text, multiline=True)
    except ValueError as exc:
        raise ValidationError({key: str(exc)}) from None
    return text


def _clean(access: Access, values: dict[str, Any]) -> dict[str, Any]:
    """Validate the editable values given (a full set for ``add``); names every bad one."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    unknown = set(values) - set(EDITABLE)
    for key in sorted(unknown):
        errors[key] = _("unknown field")
    checks = {
        "name": lambda v: _text(v, "name", required=True, limit=MAX_NAME),
        "contact": lambda v: _text(v, "contact", required=True),
        "security_measures": lambda v: _text(v, "security_measures", required=True),
        "assessment": lambda v: _text(v, "assessment", required=False),
        "starts_on": lambda v: _day(v, "starts_on", required=True),
        "expires_on": lambda v: _day(v, "expires_on", required=True),
        "review_on": lambda v: _day(v, "review_on", required=False),
    }
    for key, check in checks.items():
        if key in values:
            try:
                cleaned[key] = check(values[key])
            except ValidationError as exc:
                errors.update(exc.errors)
    if "name" in cleaned and _NAME_FORBIDDEN.search(cleaned["name"]):
        errors["name"] = _("a partner's name may not contain a colon or control characters")
    if "purposes" in values:
        purposes = [p.strip().lower() for p in _as_list(values["purposes"]) if p.strip()]
        bad = [p for p in purposes if p not in PURPOSES]
        if bad:
            errors["purposes"] = _("unknown purpose {p!r}; known: {known}").format(
                p=bad[0], known=", ".join(PURPOSES)
            )
        elif not purposes:
            errors["purposes"] = _("name at least one purpose the agreement covers")
        cleaned["purposes"] = [p for p in PURPOSES if p in purposes]
    if "fields" in values:
        keys = [k.strip() for k in _as_list(values["fields"]) if k.strip()]
        unknown_fields = [k for k in keys if k != "id" and k not in access.catalogue]
        if unknown_fields:
            errors["fields"] = _("There is no field called {key}.").format(key=repr(unknown_fields[0]))
        elif not keys:
            errors["fields"] = _("name the fields (categories of information) the agreement covers")
        cleaned["fields"] = list(dict.fromkeys(keys))
    if "end_of_agreement" in values:
        handling = str(values["end_of_agreement"] or "").strip().lower()
        if handling not in END_HANDLING:
            errors["end_of_agreement"] = _("say whether the data is deleted or returned at the end")
        cleaned["end_of_agreement"] = handling
    if "status" in values:
        status = str(values["status"] or "").strip().lower()
        if status not in ("active", "suspended"):
            errors["status"] = _("active or suspended (end an agreement with 'end')")
        cleaned["status"] = status
    if errors:
        raise ValidationError(errors)
    return cleaned


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return re.split(r"[,，、\s]+", value)
    return [str(v) for v in value or ()]


def _check_period(starts_on: str, expires_on: str) -> None:
    if expires_on < starts_on:
        raise ValidationError({"expires_on": _("the agreement cannot expire before it starts")})


def add(vault, actor: Actor, values: dict[str, Any]) -> Partner:
    """Register a partner and its agreement; every Art. 21 item is required."""
    access = access_for(vault, actor)
    access.require("manage_partners")
    required = ("name", "contact", "purposes", "fields", "starts_on", "expires_on")
    required += ("security_measures", "end_of_agreement")
    missing = {k: _("required") for k in required if k not in values}
    cleaned = _clean(access, {**{k: "" for k in missing}, **values})
    _check_period(cleaned["starts_on"], cleaned["expires_on"])
    conn = vault.connection()
    now = _now()
    with transaction(conn):
        if conn.execute("SELECT 1 FROM partners WHERE name = ?", (cleaned["name"],)).fetchone():
            raise ValidationError(
                {"name": _("a partner called {name} is already registered").format(name=cleaned["name"])}
            )
        cursor = conn.execute(
            "INSERT INTO partners (name, contact, purposes, fields, starts_on, expires_on, review_on,"
            " security_measures, end_of_agreement, assessment, status, created_at, created_by,"
            " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cleaned["name"],
                cleaned["contact"],
                json.dumps(cleaned["purposes"]),
                json.dumps(cleaned["fields"]),
                cleaned["starts_on"],
                cleaned["expires_on"],
                cleaned.get("review_on"),
                cleaned["security_measures"],
                cleaned["end_of_agreement"],
                cleaned.get("assessment", ""),
                cleaned.get("status", "active"),
                now,
                actor.user,
                now,
                actor.user,
            ),
        )
        partner_id = cursor.lastrowid
        vault.audit().append(
            actor.user,
            "partner.add",
            f"partner:{partner_id}",
            {"name": cleaned["name"], "purposes": cleaned["purposes"], "expires_on": cleaned["expires_on"]},
        )
    return _find(conn, partner_id)


def update(vault, actor: Actor, ref: str | int, changes: dict[str, Any]) -> Partner:
    """Change the agreement's terms or suspend/resume it. An ended agreement is history: a new
    agreement with the same partner is registered again (under a new name, e.g. with its year)."""
    access = access_for(vault, actor)
    access.require("manage_partners")
    conn = vault.connection()
    with transaction(conn):
        partner = _find(conn, ref)
        if partner.status == "ended":
            raise KnownError(
                _("The agreement with {name} has ended; register a new agreement instead.").format(
                    name=partner.name
                )
            )
        cleaned = _clean(access, changes)
        current = {k: getattr(partner, k) for k in EDITABLE}
        current["purposes"], current["fields"] = list(partner.purposes), list(partner.fields)
        changed = {k: v for k, v in cleaned.items() if current[k] != v}
        if not changed:
            return partner
        after = {**current, **changed}
        _check_period(after["starts_on"], after["expires_on"])
        if (
            "name" in changed
            and conn.execute(
                "SELECT 1 FROM partners WHERE name = ? AND id != ?", (changed["name"], partner.id)
            ).fetchone()
        ):
            raise ValidationError(
                {"name": _("a partner called {name} is already registered").format(name=changed["name"])}
            )
        stored = {k: json.dumps(v) if k in ("purposes", "fields") else v for k, v in changed.items()}
        stored.update(updated_at=_now(), updated_by=actor.user)
        conn.execute(
            f"UPDATE partners SET {', '.join(f'{k} = ?' for k in stored)} WHERE id = ?",
            (*stored.values(), partner.id),
        )
        vault.audit().append(
            actor.user, "partner.update", f"partner:{partner.id}", {"fields": sorted(changed)}
        )
    return _find(conn, partner.id)


def attach_document(vault, actor: Actor, ref: str | int, filename: str, data: bytes) -> DocumentInfo:
    """Attach the signed agreement (PDF, PNG or JPEG by content, at most 10 MB)."""
    access = access_for(vault, actor)
    access.require("manage_partners")
    mime = consent_mod.check_evidence(consent_mod.Evidence("attachment", data))
    name = _text(filename.replace("\\", "/").rsplit("/", 1)[-1], "filename", required=True, limit=200)
    digest = hashlib.sha256(data).hexdigest()
    conn = vault.connection()
    now = _now()
    with transaction(conn):
        partner = _find(conn, ref)
        cursor = conn.execute(
            "INSERT INTO partner_documents (partner_id, filename, mime, size, sha256, data, added_at,"
            " added_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (partner.id, name, mime, len(data), digest, data, now, actor.user),
        )
        vault.audit().append(
            actor.user,
            "partner.document_add",
            f"partner:{partner.id}",
            {"filename": name, "size": len(data), "sha256": digest},
        )
        doc_id = cursor.lastrowid
    return DocumentInfo(doc_id, name, mime, len(data), digest, now, actor.user)


def document(
    vault, actor: Actor, ref: str | int, document_id: int | None = None
) -> tuple[DocumentInfo, bytes]:
    """The signed agreement (the newest, or one by id), checked against its SHA-256; audited."""
    _require_read(access_for(vault, actor))
    conn = vault.connection()
    partner = _find(conn, ref)
    if not partner.documents:
        raise NotFoundError(_("No signed agreement is attached for {name}.").format(name=partner.name))
    info = partner.documents[-1]
    if document_id is not None:
        matching = [d for d in partner.documents if d.id == document_id]
        if not matching:
            raise NotFoundError(_("No signed agreement is attached for {name}.").format(name=partner.name))
        info = matching[0]
    (data,) = conn.execute("SELECT data FROM partner_documents WHERE id = ?", (info.id,)).fetchone()
    data = bytes(data)
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise DamagedVaultError(
            _("The signed agreement of {name} was changed outside Custos.").format(name=partner.name)
        )
    vault.audit().append(actor.user, "partner.document_read", f"partner:{partner.id}", {"document": info.id})
    return info, data


def end(vault, actor: Actor, ref: str | int, *, on: date | None = None, note: str = "") -> Partner:
    """End the agreement: no more exports to the partner, and its deletion (or return) of the
    data is pending until ``confirm_deletion`` records the partner's confirmation."""
    access = access_for(vault, actor)
    access.require("manage_partners")
    note = _text(note, "note", required=False)
    day = (on or date.today()).isoformat()
    conn = vault.connection()
    with transaction(conn):
        partner = _find(conn, ref)
        if partner.status == "ended":
            raise KnownError(_("The agreement with {name} has already ended.").format(name=partner.name))
        conn.execute(
            "UPDATE partners SET status = 'ended', ended_on = ?, deletion = 'pending', deletion_note = ?,"
            " updated_at = ?, updated_by = ? WHERE id = ?",
            (day, note, _now(), actor.user, partner.id),
        )
        vault.audit().append(
            actor.user,
            "partner.end",
            f"partner:{partner.id}",
            {"ended_on": day, "end_of_agreement": partner.end_of_agreement},
        )
    return _find(conn, partner.id)


def confirm_deletion(vault, actor: Actor, ref: str | int, *, note: str) -> Partner:
    """Record that the partner confirmed deleting (or returning) the data it received."""
    access = access_for(vault, actor)
    access.require("manage_partners")
    note = _text(note, "note", required=True)
    conn = vault.connection()
    with transaction(conn):
        partner = _find(conn, ref)
        if partner.deletion != "pending":
            raise KnownError(
                _("{name}: end the agreement first; deletion is confirmed after the end.").format(
                    name=partner.name
                )
                if partner.status != "ended"
                else _("{name}: the deletion was already confirmed.").format(name=partner.name)
            )
        now = _now()
        conn.execute(
            "UPDATE partners SET deletion = 'confirmed', deletion_note = ?, deletion_confirmed_at = ?,"
            " deletion_confirmed_by = ?, updated_at = ?, updated_by = ? WHERE id = ?",
            (note, now, actor.user, now, actor.user, partner.id),
        )
        vault.audit().append(actor.user, "partner.deletion_confirmed", f"partner:{partner.id}", {})
    return _find(conn, partner.id)


@dataclass(frozen=True)
class Reminder:
    partner: str
    kind: str  # deletion_pending, expired, expiring, review_due
    day: str

    def message(self) -> str:
        texts = {
            "deletion_pending": _(
                "{partner}: the agreement ended on {day}; obtain the partner's confirmation that the data"
                " was deleted or returned."
            ),
            "expired": _("{partner}: the agreement expired on {day}; end it, or renew it."),
            "expiring": _("{partner}: the agreement expires on {day}."),
            "review_due": _("{partner}: the partner's review is due on {day}."),
        }
        return texts[self.kind].format(partner=self.partner, day=self.day)

    def as_dict(self) -> dict[str, str]:
        return {"partner": self.partner, "kind": self.kind, "day": self.day, "message": self.message()}


def reminders(vault, actor: Actor, *, on: date | None = None) -> list[Reminder]:
    """What the register asks someone to do: confirmations of deletion still pending after an
    agreement ended, agreements expired but not ended, expiries and reviews within 30 days."""
    today = on or date.today()
    soon = (today + timedelta(days=REMINDER_DAYS)).isoformat()
    out: list[Reminder] = []
    for p in list_partners(vault, actor):
        if p.deletion == "pending":
            out.append(Reminder(p.name, "deletion_pending", p.ended_on or ""))
        if p.status == "ended":
            continue
        if p.expired(today):
            out.append(Reminder(p.name, "expired", p.expires_on))
        elif p.expires_on <= soon:
            out.append(Reminder(p.name, "expiring", p.expires_on))
        if p.review_on and p.review_on <= soon:
            out.append(Reminder(p.name, "review_due", p.review_on))
    return out


def check_export(partner: Partner, purpose: str, field_keys: list[str], *, on: date | None = None) -> None:
    """Refuse an export the agreement does not cover, naming why (ExportRefusedError)."""
    state = partner.state(on)
    reasons = {
        "ended": _("the agreement with {name} has ended"),
        "suspended": _("the agreement with {name} is suspended"),
        "not_started": _("the agreement with {name} starts on {day}"),
        "expired": _("the agreement with {name} expired on {day}"),
    }
    day = partner.starts_on if state == "not_started" else partner.expires_on
    if state in reasons:
        raise ExportRefusedError(
            _("Export refused: {reason}.").format(reason=reasons[state].format(name=partner.name, day=day))
        )
    if purpose not in partner.purposes:
        raise ExportRefusedError(
            _(
                "Export refused: the agreement with {name} does not cover the purpose {purpose}"
                " (it covers {covered})."
            ).format(name=partner.name, purpose=purpose, covered=", ".join(partner.purposes))
        )
    outside = [k for k in field_keys if k not in partner.fields]
    if outside:
        raise ExportRefusedError(
            _("Export refused: the agreement with {name} does not cover the field {field}.").format(
                name=partner.name, field=outside[0]
            )
        )
