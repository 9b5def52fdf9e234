"""Making a compliance report and checking one later: the register of reports and their codes.

``produce`` is the only path that records a report. It gathers the figures (app/compliance.py),
renders the PDF itself (app/reports/compliance_report.py) with a fresh verification code on
every page, and records the SHA-256 of exactly those bytes, the period, the language, who made
it and when — the row and its audit entry in one transaction. No function takes a PDF from the
caller to record, so nobody can register a file they made or changed themselves; the table's
triggers refuse changes and deletions, and verification also checks the audit entry the record
names, so a row slipped into the table by hand does not verify.

The file is written to a temporary name beside the destination first, the record committed,
and only then the file renamed into place: killed before the commit, there is no record and no
report; killed after it, there is a record of a report that was never delivered (harmless: it
verifies nothing), never a delivered report that does not verify.

``verify`` answers for a file (its hash, else the code found inside it) or for a printed copy
(the code read off the page): which report it is, or that it is unknown or altered.

Honest limit: a person who can unlock the vault holds its data key and could write rows with
their own SQL; the audit chain's signed checkpoints (custos audit verify) are what show that.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app import compliance, faults
from app.access import Actor, require
from app.errors import KnownError, ValidationError
from app.files import write_atomic
from app.i18n import _
from app.reports import compliance_report
from app.vault.database import transaction

AUDIT_ACTION = "report.compliance"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U to misread
_CODE_RE = re.compile(rb"CUSTOS-REPORT-CODE:([0-9A-Z]{4}-[0-9A-Z]{4})")
MAX_FILE_BYTES = 200 * 1024 * 1024


class Cancelled(KnownError):
    """The person stopped the report before it was recorded: nothing was written."""


@dataclass(frozen=True)
class Record:
    id: int
    code: str
    sha256: str
    size: int
    pages: int
    period_from: str
    period_to: str
    language: str
    made_at: str
    made_by: str
    role: str
    audit_seq: int

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Made:
    record: Record
    path: Path
    unmet: int
    items: int


# Verdicts of ``verify``.
MATCH, ALTERED, UNKNOWN, UNRECORDED, OTHER_CODE = "match", "altered", "unknown", "unrecorded", "other_code"


@dataclass(frozen=True)
class Verdict:
    status: str
    record: Record | None
    sha256: str = ""
    code: str = ""  # the code asked about or found in the file

    @property
    def ok(self) -> bool:
        return self.status == MATCH

    def message(self) -> str:
        r = self.record
        if r is not None:
            facts = {
                "user": r.made_by,
                "role": r.role,
                "when": _when(r.made_at),
                "start": r.period_from,
                "end": r.period_to,
                "code": r.code,
                "pages": r.pages,
                "language": r.language,
            }
        if self.status == MATCH and self.sha256:
            return _(
                "Matches the report made by {user} ({role}) on {when} for the period {start} to {end}"
                " (code {code}, {pages} pages, language {language})."
            ).format(**facts)
        if self.status == MATCH:
            return _(
                "Code {code} belongs to the report made by {user} ({role}) on {when} for the period {start}"
                " to {end} ({pages} pages, language {language}). Compare the printed copy's period and pages"
                " with these."
            ).format(**facts)
        if self.status == ALTERED:
            return _(
                "Altered: this file carries code {code} of the report made by {user} on {when} for {start} to"
                " {end}, but its contents differ from that report."
            ).format(**facts)
        if self.status == OTHER_CODE:
            return _(
                "This file is the report with code {code} (made by {user} on {when} for {start} to {end}),"
                " not"
                " the code given."
            ).format(**facts)
        if self.status == UNRECORDED:
            return _(
                "Not verified: a record with this file's hash exists, but no matching audit entry was written"
                " when it was made; it was not made by Custos's report producer."
            )
        if self.code:
            return _("No such report: no compliance report with code {code} was made in this vault.").format(
                code=self.code
            )
        return _(
            "No such report: this file is not a compliance report made in this vault, or it was altered."
        )


def _when(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def new_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_code(text: str) -> str:
    """A code as typed off paper: any case, spaces or dashes anywhere, O for 0 and I or L for 1."""
    cleaned = re.sub(r"[\s\-–—]", "", text or "").upper().translate(str.maketrans("OIL", "011"))
    if len(cleaned) != 8 or any(c not in CODE_ALPHABET for c in cleaned):
        raise ValidationError({"code": _("a verification code is 8 letters and digits, like 7K3Q-M9XA")})
    return f"{cleaned[:4]}-{cleaned[4:]}"


_SELECT = (
    "SELECT id, code, sha256, size, pages, period_from, period_to, language, made_at, made_by, role,"
    " audit_seq"
    " FROM compliance_reports"
)


def produce(
    vault,
    actor: Actor,
    start: date,
    end: date,
    language: str,
    out: Path,
    *,
    progress: compliance.Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Made:
    """Gather, render, record and write the report for [start, end]; audited."""
    require(vault, actor, compliance.PERMISSION)
    if language not in compliance_report.LANGUAGES:
        raise ValidationError({"lang": _("the report's language is zh or en")})
    out = Path(out)
    if not out.parent.is_dir():
        message = _("The folder {folder} does not exist. Choose where to save the report.")
        raise KnownError(message.format(folder=out.parent))

    def stop_if_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled(_("The report was cancelled; nothing was written."))

    figures = compliance.gather(vault, actor, start, end, progress=progress)
    stop_if_cancelled()
    code = new_code()
    pdf, pages = compliance_report.render(figures, language, code)
    stop_if_cancelled()
    digest = hashlib.sha256(pdf).hexdigest()
    made: list[int] = []

    def record() -> None:
        conn = vault.connection()
        with transaction(conn):
            stop_if_cancelled()
            seq = vault.audit().append(
                actor.user,
                AUDIT_ACTION,
                f"report:{code}",
                {
                    "code": code,
                    "sha256": digest,
                    "from": figures.period.start.isoformat(),
                    "to": figures.period.end.isoformat(),
                    "language": language,
                    "pages": pages,
                    "unmet": len(figures.unmet()),
                },
            )
            faults.step("compliance_report.audited")
            cursor = conn.execute(
                "INSERT INTO compliance_reports (code, sha256, size, pages, period_from, period_to, language,"
                " made_at, made_by, role, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    code,
                    digest,
                    len(pdf),
                    pages,
                    figures.period.start.isoformat(),
                    figures.period.end.isoformat(),
                    language,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    actor.user,
                    figures.role,
                    seq,
                ),
            )
            made.append(cursor.lastrowid)

    write_atomic(out, pdf, before_replace=record)
    record = _by_id(vault, made[0])
    return Made(record, out, len(figures.unmet()), len(figures.checklist))


def _record(row) -> Record:
    return Record(*row)


def _by_id(vault, report_id: int) -> Record:
    return _record(vault.connection().execute(_SELECT + " WHERE id = ?", (report_id,)).fetchone())


def list_reports(vault, actor: Actor) -> list[Record]:
    require(vault, actor, compliance.PERMISSION)
    return [_record(row) for row in vault.connection().execute(_SELECT + " ORDER BY id DESC")]


def _audited(vault, record: Record) -> bool:
    """The audit entry the record names says the same: made by this path, not typed in by hand."""
    row = (
        vault.connection()
        .execute("SELECT actor, action, object, details FROM audit WHERE seq = ?", (record.audit_seq,))
        .fetchone()
    )
    if row is None:
        return False
    try:
        details = json.loads(row[3])
    except ValueError:
        return False
    return (
        row[0] == record.made_by
        and row[1] == AUDIT_ACTION
        and row[2] == f"report:{record.code}"
        and isinstance(details, dict)
        and details.get("sha256") == record.sha256
        and details.get("code") == record.code
        and details.get("from") == record.period_from
        and details.get("to") == record.period_to
    )


def code_in(data: bytes) -> str | None:
    """The verification code a report carries in its metadata, if the bytes hold one."""
    found = _CODE_RE.search(data)
    return found.group(1).decode("ascii") if found else None


def verify(vault, actor: Actor, data: bytes | None = None, code: str | None = None) -> Verdict:
    """Which recorded report ``data`` (a PDF's bytes) or ``code`` (off a printed copy) is.

    Needs 'compliance_reports'. Audited, with the verdict.
    """
    require(vault, actor, compliance.PERMISSION)
    if data is None and not code:
        raise ValidationError({"file": _("give the report's file or the code printed on it")})
    asked = normalise_code(code) if code else ""
    conn = vault.connection()
    if data is not None:
        digest = hashlib.sha256(data).hexdigest()
        rows = conn.execute(_SELECT + " WHERE sha256 = ? ORDER BY id", (digest,)).fetchall()
        verdict = None
        for row in rows:
            record = _record(row)
            if not _audited(vault, record):
                verdict = Verdict(UNRECORDED, None, digest, asked)
                continue
            verdict = Verdict(OTHER_CODE if asked and asked != record.code else MATCH, record, digest, asked)
            break
        if verdict is None:
            carried = code_in(data) or asked
            record = _by_code(conn, carried) if carried else None
            status = ALTERED if record is not None else UNKNOWN
            verdict = Verdict(status, record, digest, carried or "")
    else:
        record = _by_code(conn, asked)
        if record is not None and not _audited(vault, record):
            verdict = Verdict(UNRECORDED, None, "", asked)
        else:
            verdict = Verdict(MATCH if record else UNKNOWN, record, "", asked)
    vault.audit().append(
        actor.user,
        "report.verify",
        f"report:{verdict.record.code}" if verdict.record else "",
        {"result": verdict.status, "code": verdict.code, "sha256": verdict.sha256},
    )
    return verdict


def _by_code(conn, code: str) -> Record | None:
    row = conn.execute(_SELECT + " WHERE code = ?", (code,)).fetchone()
    return _record(row) if row else None


def read_report_file(path: Path) -> bytes:
    """A report file's bytes, refusing what cannot be one (a folder, a huge file)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError({"file": _("{file} is not a file").format(file=path)})
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError({"file": _("{file} is too large to be a report").format(file=path)})
    return path.read_bytes()
