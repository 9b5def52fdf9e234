"""Checking and running an export: from an ``ExportRequest`` to a file and its record.

``prepare`` checks the request before anything is read — the 'export' permission, that every
field asked for is one the role sees and in a treatment the role may give it, that a purpose
is named, that the partner's agreement covers the purpose and the fields, and that the legal
basis is consent or another one with its justification — and counts who would be included and
who left out, and why. ``run`` does it again (nothing decided in a wizard is trusted later)
and streams the customers into the file.

**Consent.** Exporting for a purpose includes only customers whose current consent covers it;
exporting to a partner only those with the separate sharing consent for that partner (PIPL Art.
23). Another legal basis (a contract, a legal duty, an emergency) includes everyone selected,
and is recorded with its justification. Everyone left out is counted by reason (no consent
recorded, refused, withdrawn, expired). Counting consent needs 'view_consent', as filtering on
it would otherwise tell a role what it may not see.

**Reading.** Customers are read through ``customers.stream``: the same reader as every list
and card, so hidden fields never leave the core and masked fields leave it masked. A field the
role sees masked can be exported masked or not at all: its full value and its pseudonym (which
keeps equality between customers) are refused.

**Pseudonyms** are HMAC-SHA256 under a random key made for this export alone and never stored:
the same value gets the same pseudonym within the file, and nothing links two exports.

**Files.** The file is written to a private staging file beside the target, hashed as it is
written, recorded (with the audit entry) and only then renamed into place: a cancelled or
failed export removes the staging file and records nothing; a crash after the record leaves
the record naming a copy that does exist. ``faults.step`` marks each point for the kill tests.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from app import consent as consent_mod
from app import customers, faults, masking, partners, restrictions
from app import fields as fields_mod
from app import search as search_index
from app.access import Access, Actor, access_for
from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.exporting import formats, protection, record
from app.exporting.request import (
    CONSENT,
    ENCODINGS,
    ENCRYPTED,
    FORMAT_SUFFIX,
    FORMATS,
    FULL,
    ID_FIELD,
    LEGAL_BASES,
    MASKED,
    MIN_BASIS_NOTE,
    PDF_MAX_ROWS,
    PLAIN,
    TREATMENT_LABELS,
    ExportRequest,
    allowed_treatments,
    field_def,
    heading,
)
from app.i18n import _, current_language, ngettext

# Ids per query: small enough that no single step holds the GIL for long (the GUI thread).
CHUNK = 1000
# Why a selected customer was left out.
NO_CONSENT, REFUSED, WITHDRAWN, EXPIRED = "no_consent", "refused", "withdrawn", "expired"
LEFT_OUT_REASONS = (NO_CONSENT, REFUSED, WITHDRAWN, EXPIRED)
# Under a restriction of processing (app/restrictions.py): left out whatever the legal basis.
RESTRICTED = "restricted"


class ExportCancelled(KnownError):
    def __init__(self) -> None:
        super().__init__(_("The export was cancelled; no file was written."))


@dataclass
class Plan:
    """A checked request and what it will hold (counted when it was prepared)."""

    request: ExportRequest
    columns: list[tuple[str, str]]
    headings: list[str]
    partner: partners.Partner | None
    consent_purpose: str | None  # the consent each customer needs; None: another legal basis
    today: date = field(default_factory=date.today)
    selected: int = 0
    included: int = 0
    left_out: dict[str, int] = field(default_factory=dict)

    def contents(self) -> str:
        """The columns as a person reads them: "Name, Phone (masked), Customer ID (pseudonymised)"."""
        english = not current_language().startswith("zh")
        parts = []
        for (_key, treatment), text in zip(self.columns, self.headings, strict=True):
            if treatment == FULL:
                parts.append(text)
            else:
                label = TREATMENT_LABELS[treatment][1 if english else 0]
                parts.append(f"{text} ({label.lower() if english else label})")
        return ", ".join(parts) if english else "、".join(parts)

    def recipient_text(self) -> str:
        return self.partner.name if self.partner else _("internal use")

    def plain_warning(self) -> str:
        """What an unencrypted file exposes, named, for the person to confirm."""
        return _(
            "The file will NOT be encrypted. It holds {count} customers' {contents} in plain text,"
            " for {purpose} ({recipient}). Anyone who gets a copy of it can read all of it."
        ).format(
            count=f"{self.included:,}",
            contents=self.contents(),
            purpose=consent_mod.purpose_label(self.request.purpose, current_language()),
            recipient=self.recipient_text(),
        )

    def left_out_lines(self) -> list[str]:
        label = ""
        if self.consent_purpose:
            purpose, partner = consent_mod.parse_purpose(self.consent_purpose)
            label = consent_mod.purpose_label(purpose, current_language(), partner)
        return [describe_reason(reason, count, label) for reason, count in self.left_out.items() if count]


def describe_reason(reason: str, count: int, purpose: str) -> str:
    texts = {
        NO_CONSENT: ngettext(
            "{count} customer has no consent recorded for {purpose}",
            "{count} customers have no consent recorded for {purpose}",
            count,
        ),
        REFUSED: ngettext(
            "{count} customer refused consent for {purpose}",
            "{count} customers refused consent for {purpose}",
            count,
        ),
        WITHDRAWN: ngettext(
            "{count} customer withdrew consent for {purpose}",
            "{count} customers withdrew consent for {purpose}",
            count,
        ),
        EXPIRED: ngettext(
            "{count} customer's consent for {purpose} has expired",
            "{count} customers' consent for {purpose} has expired",
            count,
        ),
        RESTRICTED: ngettext(
            "{count} customer asked to restrict the processing of their data",
            "{count} customers asked to restrict the processing of their data",
            count,
        ),
    }
    return texts[reason].format(count=f"{count:,}", purpose=purpose)


@dataclass(frozen=True)
class ExportResult:
    export_id: int
    path: Path
    rows: int
    left_out: dict[str, int]
    sha256: str
    passphrase: str | None
    plan: Plan


# ------------------------------------------------------------------------------- checking


def _check_columns(access: Access, request: ExportRequest) -> list[tuple[str, str]]:
    seen: set[str] = set()
    for key, treatment in request.fields:
        if key in seen:
            raise ValidationError({"fields": _("{key} is named twice").format(key=key)})
        seen.add(key)
        if key != ID_FIELD:
            definition = access.catalogue.get(key)  # NotFoundError names an unknown field
            if definition.retired:
                raise ValidationError(
                    {"fields": _("{key} is retired and no longer collected").format(key=key)}
                )
        allowed = allowed_treatments(access, key)
        if not allowed:
            raise PermissionDeniedError(
                _("{user} ({role}) cannot export {field}: the role does not see it.").format(
                    user=access.actor.user, role=access.role.name, field=access.field_label(key)
                )
            )
        if treatment not in allowed:
            raise PermissionDeniedError(
                _(
                    "{user} ({role}) cannot export {field} {treatment}: the role sees it masked, so it can"
                    " only be exported masked or left out."
                ).format(
                    user=access.actor.user,
                    role=access.role.name,
                    field=access.field_label(key),
                    treatment=treatment,
                )
            )
    columns = request.columns
    if not columns:
        raise ValidationError({"fields": _("choose at least one field to export")})
    return columns


def prepare(
    vault, actor: Actor, request: ExportRequest, *, count: bool = True, today: date | None = None
) -> Plan:
    """Check the request (raising a KnownError naming the first problem) and, with ``count``,
    count who it includes and who it leaves out and why. ``today``: the day consent and the
    partner's agreement are judged on (tests; an export is always judged on the day it runs)."""
    access = access_for(vault, actor)
    access.require("export")
    if request.format not in FORMATS:
        raise ValidationError(
            {"format": _("the format is one of {formats}").format(formats=", ".join(FORMATS))}
        )
    if request.format == "csv" and request.encoding not in ENCODINGS:
        raise ValidationError(
            {"encoding": _("the encoding is one of {encodings}").format(encodings=", ".join(ENCODINGS))}
        )
    purpose = (request.purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("say what the export is for: a purpose is required")})
    if purpose not in fields_mod.PURPOSES:
        raise ValidationError(
            {
                "purpose": _("unknown purpose {p!r}; known: {known}").format(
                    p=purpose, known=", ".join(fields_mod.PURPOSES)
                )
            }
        )
    if request.legal_basis not in LEGAL_BASES:
        raise ValidationError(
            {"legal_basis": _("the legal basis is one of {bases}").format(bases=", ".join(LEGAL_BASES))}
        )
    if request.legal_basis != CONSENT and len(request.basis_note.strip()) < MIN_BASIS_NOTE:
        raise ValidationError(
            {
                "basis_note": _(
                    "say why this legal basis applies (at least {n} characters); it is recorded"
                ).format(n=MIN_BASIS_NOTE)
            }
        )
    if request.protection not in (ENCRYPTED, PLAIN):
        raise ValidationError({"protection": _("the file is encrypted or plain")})
    columns = _check_columns(access, request)
    partner = None
    if request.partner:
        partner = partners.get(vault, actor, request.partner)
        partners.check_export(partner, purpose, [k for k, _t in columns], on=today)
    consent_purpose = None
    if request.legal_basis == CONSENT:
        consent_purpose = partner.consent_purpose if partner else purpose
        access.require("view_consent")
    if request.selection.kind == "consent" or request.selection.kind == "tag":
        if request.selection.kind == "consent":
            access.require("view_consent")
        else:
            access.require_read("tags", _("filter by"))
    plan = Plan(
        request,
        columns,
        [heading(access, k, request.language) for k, _t in columns],
        partner,
        consent_purpose,
        today or date.today(),
    )
    if count:
        _count(vault, actor, plan)
        if request.format == "pdf" and plan.included > PDF_MAX_ROWS:
            raise _too_many_for_pdf(plan.included)
    return plan


def _count(vault, actor: Actor, plan: Plan) -> None:
    """Who the plan includes and leaves out. Everyone, without a consent filter, is the
    customer count the vault keeps (no pass over a million ids before the real one)."""
    if plan.request.selection.kind == "all" and plan.consent_purpose is None:
        plan.selected = customers.count(vault, actor)
        restricted = restrictions.live_count(vault.connection())
        plan.included = plan.selected - restricted
        plan.left_out = {RESTRICTED: restricted} if restricted else {}
        return
    for _chunk in _included_chunks(vault, actor, plan):
        pass


def _too_many_for_pdf(rows: int) -> KnownError:
    return KnownError(
        _(
            "A PDF table holds at most {limit} customers ({count} selected); export CSV or XLSX instead."
        ).format(limit=f"{PDF_MAX_ROWS:,}", count=f"{rows:,}")
    )


# ------------------------------------------------------------------------------- choosing customers


def _selected_chunks(vault, actor: Actor, selection, today: date) -> Iterator[list[int]]:
    """Ascending chunks of the live customers the selection names."""
    conn = vault.connection()
    kind = selection.kind
    if kind in ("all", "tag"):
        sql = "SELECT id FROM customers WHERE deleted_at IS NULL AND id > ?"
        args: list[Any] = []
        if kind == "tag":
            tag = selection.tag.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            sql += " AND (',' || lower(ifnull(tags, '')) || ',') LIKE ? ESCAPE '\\'"
            args.append(f"%,{tag},%")
        last = 0
        while True:
            ids = [r[0] for r in conn.execute(f"{sql} ORDER BY id LIMIT ?", (last, *args, CHUNK))]
            if not ids:
                return
            yield ids
            last = ids[-1]
    if kind == "ids":
        wanted = sorted({i for i in selection.ids if isinstance(i, int) and 0 < i <= customers.MAX_ID})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            yield [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?))"
                    " AND deleted_at IS NULL ORDER BY id",
                    (json.dumps(chunk),),
                )
            ]
        return
    if kind == "search":
        result = customers.search(vault, actor, selection.query, limit=search_index.RESULT_CAP)
        if result.capped:
            raise KnownError(
                _("The search finds more than {cap} customers; narrow it, or export everyone.").format(
                    cap=f"{search_index.RESULT_CAP:,}"
                )
            )
        ids = sorted(result.ids)
        for start in range(0, len(ids), CHUNK):
            yield ids[start : start + CHUNK]
        return
    # consent: everyone with current consent for the purpose (ascending ids)
    chunk: list[int] = []
    for customer_id in consent_mod.customer_ids(vault, actor, selection.consent, on=today):
        chunk.append(customer_id)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _consent_states(conn, purpose_text: str, ids: list[int], today: str) -> dict[int, str]:
    """Why each of ``ids`` (customers without current consent) is left out."""
    purpose, partner = consent_mod.parse_purpose(purpose_text)
    reasons = dict.fromkeys(ids, NO_CONSENT)
    for customer_id, status, expires_on in conn.execute(
        "SELECT customer_id, status, expires_on FROM consent_current WHERE purpose = ? AND partner = ?"
        " AND customer_id IN (SELECT value FROM json_each(?))",
        (purpose, partner, json.dumps(ids)),
    ):
        if status == consent_mod.GIVEN:
            if expires_on <= today:
                reasons[customer_id] = EXPIRED
        else:
            reasons[customer_id] = REFUSED if status == consent_mod.REFUSED else WITHDRAWN
    return reasons


def _included_chunks(vault, actor: Actor, plan: Plan) -> Iterator[list[int]]:
    """The selection, less those under a restriction of processing and those the legal basis
    does not cover; counts into ``plan``."""
    conn = vault.connection()
    today = plan.today.isoformat()
    plan.selected, plan.included = 0, 0
    plan.left_out = dict.fromkeys(LEFT_OUT_REASONS, 0) if plan.consent_purpose else {}
    restricted = restrictions.in_force(conn)
    for ids in _selected_chunks(vault, actor, plan.request.selection, plan.today):
        if not ids:
            continue
        plan.selected += len(ids)
        if restricted:
            kept = [i for i in ids if i not in restricted]
            if len(kept) < len(ids):
                plan.left_out[RESTRICTED] = plan.left_out.get(RESTRICTED, 0) + len(ids) - len(kept)
            ids = kept
            if not ids:
                continue
        if plan.consent_purpose is None:
            plan.included += len(ids)
            yield ids
            continue
        purpose, partner = consent_mod.parse_purpose(plan.consent_purpose)
        given = {
            r[0]
            for r in conn.execute(
                "SELECT customer_id FROM consent_current WHERE purpose = ? AND partner = ?"
                " AND status = 'given'"
                " AND expires_on > ? AND customer_id IN (SELECT value FROM json_each(?))",
                (purpose, partner, today, json.dumps(ids)),
            )
        }
        included = [i for i in ids if i in given]
        if len(included) < len(ids):
            missing = [i for i in ids if i not in given]
            reasons = _consent_states(conn, plan.consent_purpose, missing, today)
            for reason in reasons.values():
                plan.left_out[reason] += 1
        plan.included += len(included)
        if included:
            yield included


# ------------------------------------------------------------------------------- values


class _Cells:
    """Turns a customer (as the actor's reader gives it) into the row of the chosen columns."""

    def __init__(self, access: Access, columns: list[tuple[str, str]]) -> None:
        self.columns = columns
        self.defs = {k: field_def(access, k) for k, _t in columns}
        # Random, for this export only, never stored: pseudonyms cannot be linked across exports.
        self.key = secrets.token_bytes(32)
        everything_full = all(t == FULL for _k, t in columns)
        self.plain_keys = [k for k, _t in columns] if everything_full else None

    def pseudonym(self, key: str, value: str) -> str:
        if not value:
            return ""
        digest = hmac.digest(self.key, f"{key}\x00{value}".encode(), "sha256")
        return digest[:8].hex()

    def row(self, customer: customers.Customer) -> list[str]:
        values = customer.values
        if self.plain_keys is not None:  # every column in full: the common case, kept fast
            return [str(customer.id) if k == ID_FIELD else values.get(k) or "" for k in self.plain_keys]
        out = []
        for key, treatment in self.columns:
            raw = str(customer.id) if key == ID_FIELD else values.get(key) or ""
            if treatment == FULL:
                out.append(raw)
            elif treatment == MASKED:
                if key in customer.masked or not raw:
                    out.append(raw)  # the reader masked it already
                elif key == ID_FIELD:
                    out.append(masking.FULL)
                else:
                    out.append(masking.mask(self.defs[key], raw) or "")
            else:  # PSEUDONYMISED: _check_columns allowed it only for fields read in full
                out.append(self.pseudonym(key, raw))
        return out


# ------------------------------------------------------------------------------- writing


class _Hashing:
    """A write-only stream that hashes what passes through to the file."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        view = memoryview(data)
        self.digest.update(view)
        self.size += len(view)
        return self.raw.write(view)

    def flush(self) -> None:
        self.raw.flush()

    def tell(self) -> int:
        return self.size

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return False

    def close(self) -> None:
        pass


def _entry_name(request: ExportRequest) -> str:
    return "customers" + FORMAT_SUFFIX[request.format]


def _meta(actor: Actor, plan: Plan, now: str) -> dict[str, Any]:
    request = plan.request
    return {
        "generated_at": now,
        "generated_by": actor.user,
        "purpose": request.purpose,
        "recipient": plan.partner.name if plan.partner else "internal",
        "legal_basis": request.legal_basis,
        "fields": [{"key": k, "treatment": t} for k, t in plan.columns],
        "source": "Custos",
    }


def _open_writer(out, plan: Plan, meta: dict, staging: Path, language: str) -> formats.Writer:
    request = plan.request
    keys = [k for k, _t in plan.columns]
    if request.format == "csv":
        return formats.CsvWriter(out, keys, plan.headings, meta, encoding=request.encoding)
    if request.format == "xlsx":
        buffer = str(staging) + ".sheet"
        return formats.XlsxWriter(
            out,
            keys,
            plan.headings,
            meta,
            buffer_path=buffer,
            title="客户" if language.startswith("zh") else "Customers",
        )
    if request.format == "json":
        return formats.JsonWriter(out, keys, plan.headings, meta)
    if request.format == "vcf":
        return formats.VcardWriter(out, keys, plan.headings, meta)
    zh = language.startswith("zh")
    purpose = consent_mod.purpose_label(request.purpose, "zh" if zh else "en")
    recipient = plan.partner.name if plan.partner else ("内部使用" if zh else "internal use")
    title = ("客户信息导出" if zh else "Customer export") + f" · {purpose}"
    footer = (
        f"{'用途' if zh else 'Purpose'}: {purpose} · {'接收方' if zh else 'Recipient'}: {recipient}"
        f" · {meta['generated_at'][:10]} · {'机密' if zh else 'Confidential'}"
    )
    return formats.PdfWriter(out, keys, plan.headings, meta, title=title, footer=footer)


def run(
    vault,
    actor: Actor,
    request: ExportRequest,
    out_path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
) -> ExportResult:
    """Write the export to ``out_path`` and record it. Returns the record's id, the counts, the
    file's SHA-256 and, for an encrypted file, the passphrase (shown once; stored nowhere)."""
    plan = prepare(vault, actor, request, today=today)
    if request.protection == PLAIN and not request.plain_acknowledged:
        raise KnownError(_("Confirm the warning first: {warning}").format(warning=plan.plain_warning()))
    target = Path(out_path)
    if target.is_dir():
        raise KnownError(_("{path} is a folder; give a file name.").format(path=target))
    if not target.parent.is_dir():
        raise KnownError(_("The folder {path} does not exist.").format(path=target.parent))
    total = plan.included
    access = access_for(vault, actor)
    cells = _Cells(access, plan.columns)
    passphrase = protection.new_passphrase() if request.protection == ENCRYPTED else None
    now = datetime.now(UTC).isoformat(timespec="seconds")
    _remove_abandoned(target)
    fd, staging_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    staging = Path(staging_name)
    writer: formats.Writer | None = None
    ranges = array("q")
    done = 0
    try:
        with os.fdopen(fd, "wb") as raw:
            hashing = _Hashing(raw)
            with contextlib.ExitStack() as stack:
                out: BinaryIO = hashing  # type: ignore[assignment]
                if passphrase is not None:
                    out = stack.enter_context(
                        protection.encrypted_entry(hashing, _entry_name(request), passphrase)
                    )
                writer = _open_writer(out, plan, _meta(actor, plan, now), staging, request.language)
                for customer in customers.stream(
                    vault, actor, _checked(_included_chunks(vault, actor, plan), cancelled)
                ):
                    writer.row(customer.id, cells.row(customer))
                    _add_to_ranges(ranges, customer.id)
                    done += 1
                    if progress is not None and done % 1000 == 0:
                        progress(done, max(total, done))
                if request.format == "pdf" and done > PDF_MAX_ROWS:
                    raise _too_many_for_pdf(done)
                writer.close()
            raw.flush()
            os.fsync(raw.fileno())
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        faults.step("export.written")
        export_id = record.save(
            vault,
            actor,
            plan,
            rows=done,
            ranges=ranges,
            sha256=hashing.digest.hexdigest(),
            file_name=target.name,
            at=now,
        )
        faults.step("export.recorded")
        os.replace(staging, target)
        faults.step("export.renamed")
    except BaseException:
        if writer is not None:
            writer.discard()
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        raise
    finally:
        if isinstance(writer, formats.XlsxWriter):
            writer.cleanup()
    if progress is not None:
        progress(done, done)
    return ExportResult(
        export_id, target, done, dict(plan.left_out), hashing.digest.hexdigest(), passphrase, plan
    )


# A staging file nobody has written to for this long belongs to an export that was killed.
ABANDONED_AFTER = 600


def _remove_abandoned(target: Path) -> None:
    """Staging files (and XLSX sheet buffers) of earlier exports to the same file that died
    with the process (kill -9, power loss), which no ``except`` could remove: they may hold
    customer data in plain text. An export's files share its staging name; while any of them is
    still being written (an XLSX writes only its buffer until the end) they are all left alone."""
    now = time.time()
    groups: dict[str, list[tuple[Path, float]]] = {}
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.part*"):
        with contextlib.suppress(OSError):
            stem = leftover.name[: leftover.name.index(".part") + len(".part")]
            groups.setdefault(stem, []).append((leftover, leftover.stat().st_mtime))
    for files in groups.values():
        if now - max(mtime for _path, mtime in files) > ABANDONED_AFTER:
            for path, _mtime in files:
                with contextlib.suppress(OSError):
                    path.unlink()


def _checked(chunks: Iterator[list[int]], cancelled: Callable[[], bool] | None) -> Iterator[list[int]]:
    for chunk in chunks:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        yield chunk


def _add_to_ranges(ranges: array, customer_id: int) -> None:
    """Runs of consecutive ids as flat (first, last) pairs; ids arrive ascending."""
    if ranges and ranges[-1] == customer_id - 1:
        ranges[-1] = customer_id
    else:
        ranges.append(customer_id)
        ranges.append(customer_id)
