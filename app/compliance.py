"""The figures of a compliance report (PIPL Art. 54): what the vault shows about how the business
keeps its customer information policy over a chosen period.

``gather`` reads live figures — the data inventory, who can see what, consent, imports, exports
and sharing, requests, retention and erasure, backups, the audit chain, incidents and alerts — and
judges the policy's checklist (the seeds' parts and the PIPL Art. 51 and 54 measures) from them.
The report itself (app/reports/compliance_report.py) only lays these figures out.

What a reader sees follows the policy. Making a report needs 'compliance_reports' (owner, manager
and auditor). The report holds counts, field names, configuration and staff accounts, never a
customer's personal data: no customer's name, phone, id or value appears, and no value is read at
all — a field's count only asks whether a value is there (sensitive values stay encrypted). The
filled-value count of a field is an aggregate over the whole vault that identifies nobody, so it is
shown for every field: the inventory is what the auditor is there to check. Parts that repeat what
another register shows in detail follow that register's permission: incident titles need
'view_incidents', alert details 'view_alerts', the audit chain's verification 'view_audit'; without
it the report gives the counts and says the detail is not available to the reader's role.

Speed at a million customers: the per-field counts are one scan of ``customers`` computing every
field's count at once, consent coverage one GROUP BY over the ``consent_current`` index, and the
rest reads registers that are small or indexed by time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app import alerts as alerts_mod
from app import backup_log, deadlines
from app.access import HIDDEN, PERMISSIONS, Access, Actor, require
from app.errors import ValidationError
from app.fields import BUILTIN_KEYS
from app.i18n import _

PERMISSION = "compliance_reports"
MAX_PERIOD_DAYS = 3 * 366 + 1
LISTED = 200  # rows listed per register section; the counts cover every row
STALE_ALERT_DAYS = 7
OPEN_INCIDENT_DAYS = 30
REVIEW_DAYS = 366  # Art. 54: a report at least once a year

# The policy's parts (the seeds' structure) and the PIPL measures the checklist covers, in order.
PARTS = (
    "collection",
    "storage",
    "use",
    "protection",
    "sharing",
    "deletion",
    "roles",
    "training",
    "monitoring",
    "review",
    "pipl",
)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Period:
    start: date  # first day covered (local)
    end: date  # last day covered (local)

    @property
    def since(self) -> str:
        """UTC stamp of local midnight starting ``start``: compare with stored ``at`` columns."""
        return _stamp(datetime.combine(self.start, time()))

    @property
    def until(self) -> str:
        """UTC stamp of local midnight after ``end`` (exclusive)."""
        return _stamp(datetime.combine(self.end + timedelta(days=1), time()))

    def months(self) -> list[str]:
        """Every month the period touches, as YYYY-MM."""
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def _stamp(moment: datetime) -> str:
    return moment.astimezone().astimezone(UTC).isoformat(timespec="seconds")


def _local_day(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d")
    except ValueError:
        return stamp[:10]


def _local_month(stamp: str) -> str:
    return _local_day(stamp)[:7]


def check_period(start: date, end: date, *, today: date | None = None) -> Period:
    """A period a report can cover: a start not after its end, not in the future, ≤ 3 years."""
    today = today or date.today()
    if start > end:
        raise ValidationError({"to": _("the end of the period must not be before its start")})
    if start > today:
        raise ValidationError({"from": _("the period starts in the future")})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError({"to": _("a report covers at most three years")})
    return Period(start, end)


# ------------------------------------------------------------------------------------ figures


@dataclass(frozen=True)
class FieldFigure:
    key: str
    label_zh: str
    label_en: str
    sensitivity: str
    purposes: tuple[str, ...]
    builtin: bool
    retired: bool
    filled: int  # live customers holding a value
    searchable: bool
    hidden_from: tuple[str, ...]  # roles that never see it
    masked_for: tuple[str, ...]  # roles that see it masked only
    encrypted: bool  # sensitive: stored under the sensitive-field key


@dataclass(frozen=True)
class RoleFigure:
    name: str
    base: str
    builtin: bool
    permissions: tuple[str, ...]
    levels: dict[str, str]  # field key -> hidden/masked/read/write
    users: int


@dataclass(frozen=True)
class UserFigure:
    name: str
    role: str
    status: str
    created_at: str
    last_signin: str | None
    acknowledged: str | None  # when they acknowledged the current written policy, if one exists


@dataclass(frozen=True)
class ConsentFigure:
    purpose: str
    partner: str
    current: int  # live customers with current consent today
    coverage: float  # current / live customers
    given_in_period: int
    withdrawn_in_period: int
    expired_in_period: int


@dataclass(frozen=True)
class NoticeFigure:
    key: str
    version: int
    title_zh: str
    title_en: str
    purposes: tuple[str, ...]
    created_at: str
    records: int  # consent decisions recorded on this version, ever
    records_in_period: int
    latest: bool


@dataclass(frozen=True)
class ImportFigure:
    at: str
    user: str
    format: str
    source: str
    rows: int
    created: int
    updated: int
    undone: bool


@dataclass(frozen=True)
class ExportFigure:
    at: str
    user: str
    purpose: str
    legal_basis: str
    partner: str
    rows: int
    format: str
    protection: str


@dataclass(frozen=True)
class PartnerFigure:
    name: str
    purposes: tuple[str, ...]
    starts_on: str
    expires_on: str
    review_on: str | None
    state: str  # active, not_started, expired, suspended, ended
    deletion: str  # '', pending, confirmed
    documents: int
    exports_in_period: int
    rows_in_period: int


@dataclass(frozen=True)
class RequestFigure:
    reference: str
    type: str
    received: str
    due: str | None
    closed: str | None
    outcome: str | None
    result: str  # met, missed, open, overdue, paused


@dataclass(frozen=True)
class BackupFigure:
    last_backup: str | None
    last_verified: bool
    last_backup_customers: int | None
    last_drill: str | None
    last_drill_ok: bool | None
    last_good_drill: str | None
    backups_in_period: int
    failures_in_period: int
    drills_in_period: int
    warn_after_days: int


@dataclass(frozen=True)
class AuditFigure:
    available: bool  # the reader may verify the chain (view_audit)
    ok: bool | None
    entries: int
    checkpoints: int
    problems: tuple[str, ...]
    head_seq: int
    head_hash: str
    entries_in_period: int


@dataclass(frozen=True)
class IncidentFigure:
    id: int
    title: str
    severity: str
    status: str
    discovered: str
    customers: int
    notify_customers: bool
    notify_regulator: bool


@dataclass(frozen=True)
class AlertFigure:
    rule: str
    subject: str
    window_start: str
    count: int
    threshold: int
    open: bool


@dataclass(frozen=True)
class CheckItem:
    key: str
    part: str
    met: bool
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Figures:
    period: Period
    made_at: str
    made_by: str
    role: str
    business: str
    live_customers: int
    fields: list[FieldFigure]
    roles: list[RoleFigure]
    users: list[UserFigure]
    policy_version: str | None
    consents: list[ConsentFigure]
    notices: list[NoticeFigure]
    imports: list[ImportFigure]
    imports_total: int
    exports: list[ExportFigure]
    exports_total: int
    exports_rows: int
    exports_by_month: dict[str, int]
    exports_plain: int
    partners: list[PartnerFigure]
    requests: list[RequestFigure]
    requests_by_month: dict[str, dict[str, int]]  # month -> received, met, missed
    retention_rules: int
    retention_reviews: int
    retention_applied: int
    erasures: dict[str, int]  # reason -> customers erased in the period
    holds_active: int
    backups: BackupFigure
    audit: AuditFigure
    incidents_available: bool
    incidents: list[IncidentFigure]
    incidents_open: int
    alerts_available: bool
    alerts: list[AlertFigure]
    alerts_by_rule: dict[str, int]
    alerts_open: int
    alert_rules: dict[str, str]
    previous_report: str | None
    vault_created: str = ""
    checklist: list[CheckItem] = field(default_factory=list)

    def unmet(self) -> list[CheckItem]:
        return [item for item in self.checklist if not item.met]


def _json(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _field_counts(conn, fields: list) -> dict[str, int]:
    """How many live customers hold a value in each field, from the counters the vault's
    triggers keep in ``field_fill`` (migration 0021): a built-in field by its column, a custom
    field by its key in ``extra``. A field nobody ever filled has no row and counts 0."""
    kept = {
        (key, bool(in_extra)): filled
        for key, in_extra, filled in conn.execute("SELECT key, in_extra, filled FROM field_fill")
    }
    return {f.key: kept.get((f.key, not (f.builtin and f.key in BUILTIN_KEYS)), 0) for f in fields}


def _inventory(conn, access: Access, vault) -> tuple[list[FieldFigure], list[RoleFigure]]:
    catalogue = list(access.catalogue)
    counts = _field_counts(conn, catalogue)
    policy = access.policy
    role_users = Counter(
        row[0].lower() for row in conn.execute("SELECT role FROM users WHERE status = 'active'")
    )
    roles = sorted(policy.roles.values(), key=lambda r: (not r.builtin, r.name))
    encrypted = vault.meta("sensitive_state", "ready") == "ready"
    figures = []
    for f in catalogue:
        levels = {r.name: policy.level(r, f) for r in roles}
        figures.append(
            FieldFigure(
                key=f.key,
                label_zh=f.label("zh"),
                label_en=f.label("en"),
                sensitivity=f.sensitivity,
                purposes=tuple(f.purposes),
                builtin=f.builtin,
                retired=f.retired,
                filled=counts.get(f.key, 0),
                searchable=bool(f.searchable),
                hidden_from=tuple(name for name, level in levels.items() if level == HIDDEN),
                masked_for=tuple(name for name, level in levels.items() if level == "masked"),
                encrypted=f.sensitivity == "sensitive" and encrypted,
            )
        )
    role_figures = [
        RoleFigure(
            name=r.name,
            base=r.base,
            builtin=r.builtin,
            permissions=tuple(sorted(PERMISSIONS) if r.is_owner else sorted(r.permissions)),
            levels={f.key: policy.level(r, f) for f in catalogue},
            users=role_users.get(r.name, 0),
        )
        for r in roles
    ]
    return figures, role_figures


def _users(conn, acknowledgements: dict[str, str]) -> list[UserFigure]:
    out = []
    for name, role, status, created_at in conn.execute(
        "SELECT name, role, status, created_at FROM users ORDER BY name COLLATE NOCASE"
    ).fetchall():
        row = conn.execute(
            "SELECT at FROM audit WHERE actor = ? COLLATE NOCASE AND action = 'signin'"
            " ORDER BY seq DESC LIMIT 1",
            (name,),
        ).fetchone()
        out.append(
            UserFigure(
                name, role, status, created_at, row[0] if row else None, acknowledgements.get(name.lower())
            )
        )
    return out


def _policy_acknowledgements(conn) -> tuple[str | None, dict[str, str]]:
    """The current written policy version (app/policy.py) and when each user acknowledged it.

    Read from the policy's own tables: who has read the rules holds no customer data. A vault
    without those tables, or with no published version, has no current version.
    """
    has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'policy_versions'").fetchone()
    if not has:
        return None, {}
    row = conn.execute("SELECT number, sha256 FROM policy_versions ORDER BY number DESC LIMIT 1").fetchone()
    if row is None:
        return None, {}
    number, digest = row
    acknowledged = {
        user.lower(): at
        for user, at in conn.execute(
            "SELECT user, at FROM policy_acknowledgements WHERE version = ?", (number,)
        )
    }
    return f"{number} ({digest[:12]})", acknowledged


def _consents(conn, period: Period, live: int, today: date) -> tuple[list[ConsentFigure], list[NoticeFigure]]:
    now = today.isoformat()
    current = {
        (p, partner): n
        for p, partner, n in conn.execute(
            "SELECT purpose, partner, count(*) FROM consent_current WHERE status = 'given' AND expires_on > ?"
            " GROUP BY purpose, partner",
            (now,),
        )
    }
    given, withdrawn = Counter(), Counter()
    for purpose, partner, status, n in conn.execute(
        "SELECT purpose, partner, status, count(*) FROM consents INDEXED BY consents_by_recorded"
        " WHERE recorded_at >= ? AND recorded_at < ? GROUP BY purpose, partner, status",
        (period.since, period.until),
    ):
        if status == "given":
            given[(purpose, partner)] += n
        elif status == "withdrawn":
            withdrawn[(purpose, partner)] += n
    expired = {
        (p, partner): n
        for p, partner, n in conn.execute(
            "SELECT purpose, partner, count(*) FROM consent_current WHERE status = 'given'"
            " AND expires_on >= ? AND expires_on <= ? AND expires_on <= ? GROUP BY purpose, partner",
            (period.start.isoformat(), period.end.isoformat(), now),
        )
    }
    offered = set()  # every purpose a notice text asks consent for, so an uncovered one shows 0 %
    for purposes, partner in conn.execute("SELECT purposes, partner FROM consent_text_versions"):
        for purpose in _json(purposes, []):
            offered.add((purpose, partner if purpose == "sharing" else ""))
    keys = sorted(set(current) | set(given) | set(withdrawn) | set(expired) | offered)
    figures = [
        ConsentFigure(
            purpose=p,
            partner=partner,
            current=current.get((p, partner), 0),
            coverage=(current.get((p, partner), 0) / live) if live else 0.0,
            given_in_period=given.get((p, partner), 0),
            withdrawn_in_period=withdrawn.get((p, partner), 0),
            expired_in_period=expired.get((p, partner), 0),
        )
        for p, partner in keys
    ]
    per_version = {
        version_id: (total, in_period)
        for version_id, total, in_period in conn.execute(
            "SELECT text_version_id, count(*),"
            " count(CASE WHEN recorded_at >= ? AND recorded_at < ? THEN 1 END)"
            " FROM consents INDEXED BY consents_by_text_version GROUP BY text_version_id",
            (period.since, period.until),
        )
    }
    latest = dict(conn.execute("SELECT text_key, max(version) FROM consent_text_versions GROUP BY text_key"))
    notices = [
        NoticeFigure(
            key=key,
            version=version,
            title_zh=title_zh,
            title_en=title_en,
            purposes=tuple(_json(purposes, [])),
            created_at=created_at,
            records=per_version.get(version_id, (0, 0))[0],
            records_in_period=per_version.get(version_id, (0, 0))[1],
            latest=latest.get(key) == version,
        )
        for version_id, key, version, title_zh, title_en, purposes, created_at in conn.execute(
            "SELECT id, text_key, version, title_zh, title_en, purposes, created_at"
            " FROM consent_text_versions ORDER BY text_key, version"
        )
    ]
    return figures, notices


def _imports(conn, period: Period) -> tuple[list[ImportFigure], int]:
    rows = conn.execute(
        "SELECT at, user, format, source, counts, undone_at FROM imports"
        " WHERE at >= ? AND at < ? ORDER BY at",
        (period.since, period.until),
    ).fetchall()
    figures = []
    for at, user, fmt, source, counts, undone_at in rows[:LISTED]:
        c = _json(counts, {})
        figures.append(
            ImportFigure(
                at,
                user,
                fmt,
                source,
                int(c.get("rows", 0) or 0),
                int(c.get("created", 0) or 0),
                int(c.get("updated", 0) or 0),
                undone_at is not None,
            )
        )
    return figures, len(rows)


def _exports(
    conn, period: Period
) -> tuple[list[ExportFigure], int, int, dict[str, int], int, Counter, Counter]:
    rows = conn.execute(
        "SELECT e.at, e.actor, e.purpose, e.legal_basis, ifnull(p.name, ''), e.rows, e.format, e.protection,"
        " e.partner_id FROM exports e LEFT JOIN partners p ON p.id = e.partner_id"
        " WHERE e.at >= ? AND e.at < ? ORDER BY e.at",
        (period.since, period.until),
    ).fetchall()
    by_month = {month: 0 for month in period.months()}
    per_partner, rows_per_partner = Counter(), Counter()
    plain = 0
    for at, _user, _purpose, _basis, _partner, count, _fmt, protection, partner_id in rows:
        month = _local_month(at)
        if month in by_month:
            by_month[month] += 1
        if partner_id is not None:
            per_partner[partner_id] += 1
            rows_per_partner[partner_id] += count
        plain += protection == "plain"
    figures = [ExportFigure(*row[:8]) for row in rows[:LISTED]]
    return figures, len(rows), sum(r[5] for r in rows), by_month, plain, per_partner, rows_per_partner


def _partners(conn, today: date, per_partner: Counter, rows_per_partner: Counter) -> list[PartnerFigure]:
    out = []
    for pid, name, purposes, starts, expires, review, status, deletion in conn.execute(
        "SELECT id, name, purposes, starts_on, expires_on, review_on, status, deletion FROM partners"
        " ORDER BY name COLLATE NOCASE"
    ).fetchall():
        if status != "active":
            state = status
        elif today.isoformat() < starts:
            state = "not_started"
        elif today.isoformat() > expires:
            state = "expired"
        else:
            state = "active"
        documents = conn.execute(
            "SELECT count(*) FROM partner_documents WHERE partner_id = ?", (pid,)
        ).fetchone()[0]
        out.append(
            PartnerFigure(
                name,
                tuple(_json(purposes, [])),
                starts,
                expires,
                review,
                state,
                deletion,
                documents,
                per_partner.get(pid, 0),
                rows_per_partner.get(pid, 0),
            )
        )
    return out


def _requests(conn, period: Period, today: date) -> tuple[list[RequestFigure], dict[str, dict[str, int]]]:
    settings = deadlines.load(conn)
    by_month = {month: {"received": 0, "met": 0, "missed": 0} for month in period.months()}
    out = []
    for rid, type_, received, regime, pauses, extended, status, outcome, closed_at in conn.execute(
        "SELECT id, type, received_at, regime, pauses, extended, status, outcome, closed_at FROM requests"
        " WHERE received_at >= ? AND received_at <= ? ORDER BY received_at, id",
        (period.start.isoformat(), period.end.isoformat()),
    ).fetchall():
        pause_list = [
            (date.fromisoformat(a), date.fromisoformat(b) if b else None) for a, b in _json(pauses, [])
        ]
        deadline = deadlines.due_date(
            regime, date.fromisoformat(received), pause_list, extended=bool(extended), settings=settings
        )
        closed = _local_day(closed_at) if closed_at else None
        due = deadline.due.isoformat() if deadline.due else None
        if status == "closed":
            result = "met" if due is None or (closed or "") <= due else "missed"
        elif deadline.due is None:
            result = "paused"
        else:
            result = "overdue" if today > deadline.due else "open"
        month = received[:7]
        if month in by_month:
            by_month[month]["received"] += 1
            if result == "met":
                by_month[month]["met"] += 1
            elif result in ("missed", "overdue"):
                by_month[month]["missed"] += 1
        out.append(RequestFigure(f"R-{rid:06d}", type_, received, due, closed, outcome, result))
    return out, by_month


def _backups(vault, conn, period: Period) -> BackupFigure:
    state = backup_log.status(vault)
    counts = Counter()
    for kind, ok, n in conn.execute(
        "SELECT kind, ok, count(*) FROM backup_log WHERE at >= ? AND at < ? GROUP BY kind, ok",
        (period.since, period.until),
    ):
        counts[(kind, bool(ok))] += n
    last = state.last_backup
    good_drill = backup_log.last_successful_drill(vault)
    return BackupFigure(
        last_backup=last.at.isoformat(timespec="seconds") if last else None,
        last_verified=bool(last and last.details.get("verified")),
        last_backup_customers=(last.details.get("customers") if last else None),
        last_drill=state.last_drill.at.isoformat(timespec="seconds") if state.last_drill else None,
        last_drill_ok=state.last_drill.ok if state.last_drill else None,
        last_good_drill=good_drill.isoformat(timespec="seconds") if good_drill else None,
        backups_in_period=counts[("backup", True)],
        failures_in_period=counts[("backup", False)] + counts[("drill", False)],
        drills_in_period=counts[("drill", True)] + counts[("drill", False)],
        warn_after_days=state.warn_after.days,
    )


def _audit(vault, access: Access, conn, period: Period) -> AuditFigure:
    head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone() or (0, "")
    in_period = conn.execute(
        "SELECT count(*) FROM audit WHERE at >= ? AND at < ?", (period.since, period.until)
    ).fetchone()[0]
    if not access.allows("view_audit"):
        return AuditFigure(False, None, 0, 0, (), head[0], head[1], in_period)
    report = vault.verify_audit(access.actor)
    return AuditFigure(
        True, report.ok, report.entries, report.checkpoints, report.problems, head[0], head[1], in_period
    )


def _incidents(conn, access: Access, period: Period) -> tuple[bool, list[IncidentFigure], int]:
    rows = conn.execute(
        "SELECT i.id, title, severity, status, discovered_at,"
        " (SELECT count(*) FROM incident_customers c WHERE c.incident_id = i.id),"
        " notify_customers, notify_regulator FROM incidents i"
        " WHERE (discovered_at >= ? AND discovered_at < ?) OR status <> 'closed' ORDER BY discovered_at",
        (period.since, period.until),
    ).fetchall()
    available = access.allows("view_incidents")
    figures = [
        IncidentFigure(rid, title if available else "", sev, status, disc, n, bool(nc), bool(nr))
        for rid, title, sev, status, disc, n, nc, nr in rows
    ]
    open_count = sum(1 for f in figures if f.status != "closed")
    return available, figures, open_count


def _alerts(conn, access: Access, period: Period) -> tuple[bool, list[AlertFigure], dict[str, int], int]:
    rows = conn.execute(
        "SELECT rule, subject, window_start, count, threshold, acknowledged_at FROM alerts"
        " WHERE (raised_at >= ? AND raised_at < ?) OR acknowledged_at IS NULL ORDER BY raised_at",
        (period.since, period.until),
    ).fetchall()
    available = access.allows("view_alerts")
    by_rule = Counter(row[0] for row in rows)
    figures = [
        AlertFigure(rule, subject if available else "", start, count, threshold, ack is None)
        for rule, subject, start, count, threshold, ack in rows[:LISTED]
    ]
    return available, figures, dict(by_rule), sum(1 for row in rows if row[5] is None)


def gather(
    vault,
    actor: Actor,
    start: date,
    end: date,
    *,
    progress: Progress | None = None,
    today: date | None = None,
) -> Figures:
    """Every figure of the report for [start, end] (local days, both included), as ``actor`` may
    see them. Reads only; ``progress(done, total, what)`` is called between the sections."""
    access = require(vault, actor, PERMISSION)
    today = today or date.today()
    period = check_period(start, end, today=today)
    conn = vault.connection()
    steps = 9

    def step(n: int, what: str) -> None:
        if progress is not None:
            progress(n, steps, what)

    step(0, "inventory")
    live = conn.execute("SELECT live FROM customer_stats WHERE id = 1").fetchone()[0]
    fields_, roles = _inventory(conn, access, vault)
    step(1, "users")
    policy_version, acknowledgements = _policy_acknowledgements(conn)
    users = _users(conn, acknowledgements)
    step(2, "consent")
    consents, notices = _consents(conn, period, live, today)
    step(3, "imports and exports")
    imports, imports_total = _imports(conn, period)
    exports, exports_total, exports_rows, by_month, plain, per_partner, rows_per_partner = _exports(
        conn, period
    )
    partners = _partners(conn, today, per_partner, rows_per_partner)
    step(4, "requests")
    requests, requests_by_month = _requests(conn, period, today)
    retention_rules = conn.execute(
        "SELECT count(*) FROM retention_rules WHERE removed_at IS NULL"
    ).fetchone()[0]
    reviews, applied = conn.execute(
        "SELECT count(*), count(applied_at) FROM retention_reviews WHERE at >= ? AND at < ?",
        (period.since, period.until),
    ).fetchone()
    erasures = Counter()
    for reason, ids in conn.execute(
        "SELECT reason, merged_ids FROM erasure_ledger WHERE erased_at >= ? AND erased_at < ?",
        (period.since, period.until),
    ):
        erasures[reason] += 1 + len(_json(ids, []))
    holds_active = conn.execute(
        "SELECT count(*) FROM legal_holds WHERE released_at IS NULL AND until >= ?", (today.isoformat(),)
    ).fetchone()[0]
    step(5, "backups")
    backups = _backups(vault, conn, period)
    step(6, "audit")
    audit = _audit(vault, access, conn, period)
    step(7, "incidents and alerts")
    incidents_available, incidents, incidents_open = _incidents(conn, access, period)
    alerts_available, alerts, alerts_by_rule, alerts_open = _alerts(conn, access, period)
    rule_values = {name: rule.default for name, rule in alerts_mod.RULES.items()} | dict(
        conn.execute("SELECT rule, value FROM alert_rules").fetchall()
    )
    previous = conn.execute("SELECT max(made_at) FROM compliance_reports").fetchone()[0]
    step(8, "checklist")
    figures = Figures(
        period=period,
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        made_by=actor.user,
        role=access.role.name,
        business=vault.business_name or "",
        live_customers=live,
        fields=fields_,
        roles=roles,
        users=users,
        policy_version=policy_version,
        consents=consents,
        notices=notices,
        imports=imports,
        imports_total=imports_total,
        exports=exports,
        exports_total=exports_total,
        exports_rows=exports_rows,
        exports_by_month=by_month,
        exports_plain=plain,
        partners=partners,
        requests=requests,
        requests_by_month=requests_by_month,
        retention_rules=retention_rules,
        retention_reviews=reviews,
        retention_applied=applied,
        erasures=dict(erasures),
        holds_active=holds_active,
        backups=backups,
        audit=audit,
        incidents_available=incidents_available,
        incidents=incidents,
        incidents_open=incidents_open,
        alerts_available=alerts_available,
        alerts=alerts,
        alerts_by_rule=alerts_by_rule,
        alerts_open=alerts_open,
        alert_rules=rule_values,
        previous_report=previous,
        vault_created=vault.meta("created_at", ""),
    )
    figures.checklist = checklist(figures, today=today)
    step(9, "done")
    return figures


# ---------------------------------------------------------------------------------- checklist


def _days_since(stamp: str | None, today: date) -> int | None:
    if not stamp:
        return None
    try:
        return (today - datetime.fromisoformat(stamp).astimezone().date()).days
    except ValueError:
        return None


def checklist(f: Figures, *, today: date) -> list[CheckItem]:
    """Each requirement of the policy, met or not, with the figures that show it.

    An item is met only when its evidence is in the vault: no backup ever made, no restore
    drill, no written policy or an unacknowledged one, an expired partner agreement, a missed
    request deadline, an open alert left for a week… each leaves its item unmet, and the
    report says what to do.
    """
    items: list[CheckItem] = []
    add = items.append
    active = [x for x in f.fields if not x.retired]
    personal = [x for x in active if x.sensitivity in ("personal", "sensitive")]
    no_purpose = [x.key for x in personal if not x.purposes]
    notices_latest = [n for n in f.notices if n.latest]
    covered = [c for c in f.consents if c.current]
    # Collection: every personal field has a purpose; a notice text exists for consent.
    add(
        CheckItem(
            "collection.purposes",
            "collection",
            not no_purpose,
            {"fields": len(active), "personal": len(personal), "missing": ", ".join(no_purpose)},
        )
    )
    add(
        CheckItem(
            "collection.notice",
            "collection",
            bool(notices_latest),
            {"texts": len(notices_latest), "versions": len(f.notices), "purposes": len(covered)},
        )
    )
    # Storage: encrypted (always: SQLCipher) and backed up, verified, with a restore drill.
    b = f.backups
    age = _days_since(b.last_backup, today)
    add(
        CheckItem(
            "storage.backup",
            "storage",
            b.last_backup is not None and b.last_verified and age is not None and age <= b.warn_after_days,
            {
                "last": _local_day(b.last_backup) or "-",
                "age": "-" if age is None else age,
                "limit": b.warn_after_days,
            },
        )
    )
    drill_age = _days_since(b.last_good_drill, today)
    add(
        CheckItem(
            "storage.drill",
            "storage",
            drill_age is not None and drill_age <= REVIEW_DAYS,
            {"last": _local_day(b.last_good_drill) or "-"},
        )
    )
    # Use: sensitive fields only for roles built on owner or manager.
    sensitive_keys = {x.key for x in active if x.sensitivity == "sensitive"}
    wide = sorted(
        {
            r.name
            for r in f.roles
            if r.base not in ("owner", "manager")
            and any(r.levels.get(k, HIDDEN) != HIDDEN for k in sensitive_keys)
        }
    )
    add(
        CheckItem(
            "use.sensitive_access",
            "use",
            not wide,
            {"sensitive": len(sensitive_keys), "roles": tuple(wide)},  # role names, labelled when rendered
        )
    )
    # Protection: sensitive values encrypted under their own key; the audit chain intact.
    unencrypted = [x.key for x in active if x.sensitivity == "sensitive" and not x.encrypted]
    add(CheckItem("protection.encryption", "protection", not unencrypted, {"fields": ", ".join(unencrypted)}))
    a = f.audit
    add(
        CheckItem(
            "protection.audit",
            "protection",
            bool(a.available and a.ok),
            {"entries": a.entries, "available": a.available, "problems": "; ".join(a.problems)},
        )
    )
    # Sharing: every partner shared with in the period had a current agreement; ended ones confirmed.
    lapsed = [p.name for p in f.partners if p.state in ("expired", "not_started") and p.exports_in_period]
    lapsed += [p.name for p in f.partners if p.state == "expired" and not p.exports_in_period]
    pending = [p.name for p in f.partners if p.deletion == "pending"]
    add(
        CheckItem(
            "sharing.agreements",
            "sharing",
            not lapsed and not pending,
            {
                "partners": len(f.partners),
                "lapsed": ", ".join(sorted(set(lapsed))),
                "pending": ", ".join(pending),
            },
        )
    )
    add(
        CheckItem(
            "sharing.exports",
            "sharing",
            f.exports_plain == 0,
            {"exports": f.exports_total, "plain": f.exports_plain},
        )
    )
    # Updating and deletion: requests answered in time; retention rules exist.
    missed = [r.reference for r in f.requests if r.result in ("missed", "overdue")]
    add(
        CheckItem(
            "deletion.requests",
            "deletion",
            not missed,
            {"requests": len(f.requests), "missed": len(missed), "which": ", ".join(missed[:10])},
        )
    )
    add(
        CheckItem(
            "deletion.retention",
            "deletion",
            f.retention_rules > 0,
            {"rules": f.retention_rules, "erased": sum(f.erasures.values())},
        )
    )
    # Roles and duties: an active owner answers for the vault; nobody shares an account.
    owners = [u.name for u in f.users if u.role.lower() == "owner" and u.status == "active"]
    active_users = [u for u in f.users if u.status == "active"]
    add(
        CheckItem(
            "roles.owner",
            "roles",
            bool(owners) and len(f.roles) > 1,
            {"owners": ", ".join(owners), "users": len(active_users), "roles": len(f.roles)},
        )
    )
    # Training: a written policy, acknowledged by every active user.
    unacknowledged = [u.name for u in active_users if not u.acknowledged]
    add(
        CheckItem(
            "training.acknowledged",
            "training",
            f.policy_version is not None and not unacknowledged,
            {
                "version": f.policy_version or "-",
                "missing": ", ".join(unacknowledged),
                "users": len(active_users),
            },
        )
    )
    # Monitoring: alert rules on, nothing left unacknowledged for a week.
    on = [
        n for n, v in f.alert_rules.items() if n != alerts_mod.WORKING_HOURS and v not in (alerts_mod.OFF, "")
    ]
    stale = [x for x in f.alerts if x.open and (_days_since(x.window_start, today) or 0) > STALE_ALERT_DAYS]
    add(
        CheckItem(
            "monitoring.alerts",
            "monitoring",
            bool(on) and not stale,
            {"rules": len(on), "open": f.alerts_open, "stale": len(stale)},
        )
    )
    old_open = [
        i
        for i in f.incidents
        if i.status != "closed" and (_days_since(i.discovered, today) or 0) > OPEN_INCIDENT_DAYS
    ]
    add(
        CheckItem(
            "monitoring.incidents",
            "monitoring",
            not old_open,
            {"incidents": len(f.incidents), "open": f.incidents_open, "old": len(old_open)},
        )
    )
    # Review (Art. 54): a report at least once a year since the vault began. The previous one
    # within a year; or, in the vault's first year, this one, the first (a business making its
    # first audit is auditing, and the next report is due a year on either way).
    since_previous = _days_since(f.previous_report, today)
    vault_age = _days_since(f.vault_created, today)
    first_year = f.previous_report is None and vault_age is not None and vault_age <= REVIEW_DAYS
    add(
        CheckItem(
            "review.regular",
            "review",
            (since_previous is not None and since_previous <= REVIEW_DAYS) or first_year,
            {
                "previous": _local_day(f.previous_report) or "-",
                "due": (today + timedelta(days=REVIEW_DAYS - 1)).isoformat(),
            },
        )
    )
    # PIPL Art. 51 and 54, each from the items above that show it.
    met = {item.key: item.met for item in items}
    pipl = (
        ("pipl.art51_rules", f.policy_version is not None, {}),
        ("pipl.art51_classification", met["collection.purposes"], {"fields": len(active)}),
        ("pipl.art51_encryption", met["protection.encryption"], {}),
        ("pipl.art51_access", met["use.sensitive_access"] and met["roles.owner"], {"roles": len(f.roles)}),
        ("pipl.art51_training", met["training.acknowledged"], {}),
        (
            "pipl.art51_incident_plan",
            met["monitoring.alerts"] and met["monitoring.incidents"],
            {"rules": len(on), "incidents": len(f.incidents)},
        ),
        ("pipl.art54_audit", met["review.regular"] and met["protection.audit"], {}),
    )
    for key, ok, params in pipl:
        add(CheckItem(key, "pipl", bool(ok), params))
    return items
