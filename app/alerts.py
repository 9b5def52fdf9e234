"""Unusual-access alerts (安全监控): rules over the audit log with owner-set thresholds.

The rules watch what the audit log already records — customers opened (``customer.view``),
masked values revealed (``customer.reveal``), exports (``export.create``), failed sign-ins
(``signin.failed``) — and the backup record (``backup_log``). An alert is raised when a count
in a window is *more than* the rule's threshold; the threshold ``off`` disables a rule.

Two rules look at the user's own habits rather than one number for everybody: "more than
usual" compares a user's hour with their typical hour over the last 30 days (``_usual``).

Failed sign-ins cannot be written to the vault when they happen: whoever typed the wrong
password has no key. They wait in ``signin.json`` (app/vault/throttle.py) — for real accounts
and for names no account has — and the next successful sign-in of anyone carries them into the
audit log (``Vault._open``), where this module counts them like everything else. An outsider
therefore never writes to vault.db; what they can leave in signin.json is bounded there.

Evaluating never runs on the read path: a read only appends its audit entry, as before. The
vault evaluates at sign-in and at lock, and the desktop app on a timer. Each evaluation reads
only the entries after the last one evaluated (``alert_state``), and raises its alerts, their
audit entries, the owners' notices and the new position in one transaction: a crash leaves
either all of it or none, and the next evaluation simply does the same work again.

Alerts name users, rules and counts, never a customer: an auditor reads them, and the auditor
never sees a customer's personal data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app import faults, notices
from app.access import Actor, require
from app.errors import PermissionDeniedError, ValidationError
from app.i18n import N_, _, ngettext
from app.vault.database import transaction

READS = "reads_per_hour"
REVEALS = "reveals_per_hour"
EXPORTS = "exports_outside_hours"
FAILED_SIGNINS = "failed_signins_per_hour"
BACKUP_AGE = "backup_age_days"
WORKING_HOURS = "working_hours"
USUAL = "reads_above_usual"
USUAL_FLOOR = "usual_reads_floor"

# "More than usual": a user's typical hour is the median number of different customers they
# opened in the hours they worked over the last USUAL_DAYS days. Until they have worked
# USUAL_MIN_HOURS such hours the rule leaves them alone (a new user has no "usual"); the floor
# keeps a quiet user's handful from turning a normal busy hour into an alert.
USUAL_DAYS = 30
USUAL_MIN_HOURS = 8

OFF = "off"
ALERT_NOTICE = notices.ALERT_RAISED
CHUNK = 20_000  # audit entries read per transaction


@dataclass(frozen=True)
class Rule:
    name: str
    default: str
    label: str  # what the threshold counts (translated when shown)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(READS, "200", N_("different customers one user opens in an hour")),
        Rule(USUAL, "5", N_("times a user's usual hour of different customers opened (their last 30 days)")),
        Rule(USUAL_FLOOR, "30", N_("never 'more than usual' at or below this many customers in an hour")),
        Rule(REVEALS, "10", N_("masked values one user reveals in an hour")),
        Rule(EXPORTS, "0", N_("exports one user makes outside working hours in a day")),
        Rule(FAILED_SIGNINS, "4", N_("failed sign-ins for one user in an hour")),
        Rule(BACKUP_AGE, "7", N_("days since the last successful backup")),
        Rule(WORKING_HOURS, "08-19", N_("working hours, local time (start-end, 24-hour clock)")),
    )
}

# audit action -> rule it counts for
_WATCHED = {"customer.view": READS, "customer.reveal": REVEALS, "export.create": EXPORTS}


@dataclass(frozen=True)
class Alert:
    id: int
    rule: str
    subject: str
    window_start: str
    count: int
    threshold: int
    raised_at: str
    first_seq: int | None
    last_seq: int | None
    acknowledged_at: str | None
    acknowledged_by: str | None
    note: str

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    def message(self) -> str:
        """One sentence naming the user and the counts, never a customer."""
        when = _local(self.window_start)
        if self.rule == READS:
            text = _(
                "{user} opened {count} different customers in the hour from {when} (threshold {threshold})."
            )
        elif self.rule == REVEALS:
            text = _("{user} revealed {count} masked values in the hour from {when} (threshold {threshold}).")
        elif self.rule == USUAL:
            text = _(
                "{user} opened {count} different customers in the hour from {when}, far more than usual"
                " for them (limit {threshold}, from their last 30 days)."
            )
        elif self.rule == EXPORTS:
            text = ngettext(
                "{user} exported customer data outside working hours on {day} ({count} export that day).",
                "{user} exported customer data outside working hours on {day} ({count} exports that day).",
                self.count,
            )
        elif self.rule == FAILED_SIGNINS:
            text = _("{count} failed sign-ins for {user} in the hour from {when} (threshold {threshold}).")
            if not self.subject:
                text = _(
                    "{count} failed sign-ins with user names that have no account, in the hour from {when}"
                    " (threshold {threshold})."
                )
        elif self.rule == BACKUP_AGE:
            if self.window_start == "never":
                text = _("No backup was ever made; the vault is {count} days old (limit {threshold} days).")
            else:
                text = _("The last successful backup is {count} days old (limit {threshold} days).")
        else:
            text = "{rule}: {user} {count} > {threshold}"
        return text.format(
            user=self.subject,
            count=self.count,
            threshold=self.threshold,
            when=when,
            day=when[:10],  # the local day (its start is stored in UTC)
            rule=self.rule,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "user": self.subject,
            "window_start": self.window_start,
            "count": self.count,
            "threshold": self.threshold,
            "raised_at": self.raised_at,
            "audit_entries": [self.first_seq, self.last_seq],
            "acknowledged_at": self.acknowledged_at,
            "acknowledged_by": self.acknowledged_by,
            "note": self.note,
            "message": self.message(),
        }


def _local(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ rules


def _check_value(rule: str, value: str) -> str:
    value = value.strip().lower()
    if rule not in RULES:
        raise ValidationError(
            {"rule": _("unknown rule {rule}; known: {known}").format(rule=repr(rule), known=", ".join(RULES))}
        )
    if rule == WORKING_HOURS:
        start, end = _hours(value, strict=True)
        return f"{start:02d}-{end:02d}"
    if value == OFF:
        return OFF
    if not value.isdigit() or int(value) > 1_000_000:
        raise ValidationError(
            {
                "threshold": _(
                    "a threshold is a whole number from 0 to 1000000, or 'off'; not {value}"
                ).format(value=repr(value))
            }
        )
    return str(int(value))


def _hours(value: str, *, strict: bool = False) -> tuple[int, int]:
    start, sep, end = value.partition("-")
    if sep and start.strip().isdigit() and end.strip().isdigit():
        first, last = int(start), int(end)
        if 0 <= first < last <= 24:
            return first, last
    if strict:
        raise ValidationError(
            {
                "working_hours": _(
                    "working hours are START-END in whole hours, e.g. 08-19; not {value}"
                ).format(value=repr(value))
            }
        )
    return 8, 19


def _values(conn) -> dict[str, str]:
    stored = dict(conn.execute("SELECT rule, value FROM alert_rules").fetchall())
    return {name: stored.get(name, rule.default) for name, rule in RULES.items()}


def _threshold(values: dict[str, str], rule: str) -> int | None:
    value = values[rule]
    return None if value == OFF or not value.isdigit() else int(value)


def rules(vault, actor: Actor) -> dict[str, str]:
    """Every rule's current value (the default where the owner set none)."""
    require(vault, actor, "view_alerts")
    return _values(vault.connection())


def can_manage(actor: Actor) -> bool:
    """Whether ``actor`` may acknowledge alerts and change the rules: only an owner may — the
    managers and staff the rules watch may not, whatever permissions a role was given. The
    window asks this to offer its buttons; every change checks it again."""
    return actor.role == "owner"


def _require_owner(vault, actor: Actor, doing: str) -> None:
    if not can_manage(actor):
        raise PermissionDeniedError(_("Only an owner may {doing}.").format(doing=doing))


def set_rule(vault, actor: Actor, rule: str, value: str) -> str:
    """Set a rule's threshold (or the working hours); audited with the old and new value."""
    return set_rules(vault, actor, {rule: value})[rule]


def set_rules(vault, actor: Actor, changes: dict[str, str]) -> dict[str, str]:
    """Set several rules at once (the window's Save): every value is checked first, so one
    bad value changes nothing; each change is audited with its old and new value."""
    _require_owner(vault, actor, _("change the alert rules"))
    checked = {}
    for rule, value in changes.items():
        try:
            checked[rule] = _check_value(rule, value)
        except ValidationError as error:  # keyed by the rule, so a form can say which one
            raise ValidationError({rule: "; ".join(error.errors.values())}) from None
    conn = vault.connection()
    with transaction(conn):
        before = _values(conn)
        for rule, value in checked.items():
            if value == before[rule]:
                continue
            conn.execute(
                "INSERT INTO alert_rules (rule, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (rule) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
                " updated_by = excluded.updated_by",
                (rule, value, _now().isoformat(timespec="seconds"), actor.user),
            )
            vault.audit().append(actor.user, "alerts.rule_changed", rule, {"from": before[rule], "to": value})
    return checked


# ------------------------------------------------------------------ reading and acknowledging

_SELECT = (
    "SELECT id, rule, subject, window_start, count, threshold, raised_at, first_seq, last_seq,"
    " acknowledged_at, acknowledged_by, note FROM alerts"
)


def list_alerts(vault, actor: Actor, *, include_acknowledged: bool = False, limit: int = 500) -> list[Alert]:
    """Alerts newest first; open ones only unless ``include_acknowledged``."""
    require(vault, actor, "view_alerts")
    sql = (
        _SELECT
        + ("" if include_acknowledged else " WHERE acknowledged_at IS NULL")
        + " ORDER BY id DESC LIMIT ?"
    )
    return [Alert(*row) for row in vault.connection().execute(sql, (max(1, int(limit)),))]


def open_count(vault, actor: Actor) -> int:
    """How many alerts nobody has acknowledged yet (the status bar's indicator)."""
    require(vault, actor, "view_alerts")
    row = vault.connection().execute("SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL").fetchone()
    return row[0]


def get(vault, actor: Actor, alert_id: int) -> Alert:
    require(vault, actor, "view_alerts")
    row = vault.connection().execute(_SELECT + " WHERE id = ?", (alert_id,)).fetchone()
    if row is None:
        raise ValidationError({"id": _("there is no alert {id}").format(id=alert_id)})
    return Alert(*row)


def acknowledge(vault, actor: Actor, alert_id: int, note: str = "") -> Alert:
    """Mark an alert as seen and dealt with; kept, with who acknowledged it and why."""
    _require_owner(vault, actor, _("acknowledge alerts"))
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("the note is longer than 2000 characters")})
    conn = vault.connection()
    with transaction(conn):
        alert = get(vault, actor, alert_id)
        if not alert.open:
            raise ValidationError(
                {
                    "id": _("alert {id} was already acknowledged by {user}").format(
                        id=alert_id, user=alert.acknowledged_by
                    )
                }
            )
        conn.execute(
            "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ?",
            (_now().isoformat(timespec="seconds"), actor.user, note, alert_id),
        )
        vault.audit().append(
            actor.user, "alerts.acknowledged", f"alert:{alert_id}", {"rule": alert.rule, "note": note}
        )
    return get(vault, actor, alert_id)


# ------------------------------------------------------------------ evaluating


@dataclass
class _Window:
    rule: str
    subject: str
    start: str
    end: str
    first_seq: int
    last_seq: int


def _hour(stamp: str) -> tuple[str, str]:
    moment = datetime.fromisoformat(stamp).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return moment.isoformat(timespec="milliseconds"), (moment + timedelta(hours=1)).isoformat(
        timespec="milliseconds"
    )


def _outside(stamp: str, hours: tuple[int, int]) -> bool:
    local = datetime.fromisoformat(stamp).astimezone()
    return not (hours[0] <= local.hour < hours[1])


def _local_day(stamp: str) -> tuple[str, str]:
    local = datetime.fromisoformat(stamp).astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        start.astimezone(UTC).isoformat(timespec="milliseconds"),
        (start + timedelta(days=1)).astimezone(UTC).isoformat(timespec="milliseconds"),
    )


def _failed_signin(at: str, details: str) -> tuple[str, bool]:
    """When a failed sign-in happened (it is audited later, at the next sign-in) and whether
    the name typed had no account."""
    try:
        found = json.loads(details)
        return str(found.get("at") or at), bool(found.get("unknown_user"))
    except (ValueError, AttributeError, TypeError):
        return at, False


def _windows(rows: Iterable[tuple], values: dict[str, str]) -> list[_Window]:
    """The (rule, user, window) each new entry falls into, for the rules switched on."""
    hours = _hours(values[WORKING_HOURS])
    found: dict[tuple[str, str, str], _Window] = {}

    def note(rule: str, subject: str, start: str, end: str, seq: int) -> None:
        key = (rule, subject.casefold(), start)
        window = found.get(key)
        if window is None:
            found[key] = _Window(rule, subject, start, end, seq, seq)
        else:
            window.last_seq = seq

    usual_on = _threshold(values, USUAL) is not None
    for seq, at, actor, action, obj, details in rows:
        rule = _WATCHED.get(action) or (FAILED_SIGNINS if action == "signin.failed" else None)
        if rule is None:
            continue
        if rule == READS:
            start, end = _hour(at)  # once for both rules that count customers opened
            if usual_on:
                note(USUAL, actor, start, end, seq)
            if _threshold(values, READS) is not None:
                note(READS, actor, start, end, seq)
            continue
        if _threshold(values, rule) is None:
            continue
        subject = actor
        if rule == FAILED_SIGNINS:
            at, unknown = _failed_signin(at, details)
            subject = "" if unknown else (obj or actor)  # names with no account: one count
            try:
                start, end = _hour(at)
            except (ValueError, TypeError):
                continue
        elif rule == EXPORTS:
            if not _outside(at, hours):
                continue
            start, end = _local_day(at)
        else:
            start, end = _hour(at)
        note(rule, subject, start, end, seq)
    return list(found.values())


def _since(conn, start: str, fallback: int) -> int:
    """The first audit entry at or after ``start`` (through the (at, seq) index), so that the
    per-user queries below range over seq in their (actor, action, seq) index."""
    first = conn.execute("SELECT seq FROM audit WHERE at >= ? ORDER BY at, seq LIMIT 1", (start,)).fetchone()
    return first[0] if first else fallback


def _seqs(conn, start: str, end: str, fallback: int) -> tuple[int, int]:
    """The entries written in [start, end) as a seq range: the log's times grow with its seq,
    so an (actor, action, seq) index search stops at the window's end instead of reading on to
    the end of the log (which made catching up with a long backlog quadratic). Where the times
    went backwards (a clock set back) the range is left open at the end rather than cut short."""
    since, until = _since(conn, start, fallback), _since(conn, end, _UNBOUNDED)
    return since, (until if until > since else _UNBOUNDED)


_UNBOUNDED = 1 << 62


def _count(conn, window: _Window, hours: tuple[int, int], cache: dict | None = None) -> int:
    """The whole window's count, including entries evaluated earlier (a window can span two
    evaluations); read through the (actor, action, seq) and (at, seq) indexes. ``cache`` keeps
    the customers-opened count that "per hour" and "more than usual" share within one run."""
    if window.rule in (READS, USUAL):
        key = (window.subject.casefold(), window.start)
        if cache is not None and key in cache:
            return cache[key]
    if window.rule in (READS, USUAL, REVEALS, EXPORTS):
        since, until = _seqs(conn, window.start, window.end, window.first_seq)
    if window.rule in (READS, USUAL):
        sql = (
            "SELECT count(DISTINCT object) FROM audit WHERE actor = ? COLLATE NOCASE"
            " AND action = 'customer.view' AND seq >= ? AND seq < ? AND at >= ? AND at < ?"
        )
        count = conn.execute(sql, (window.subject, since, until, window.start, window.end)).fetchone()[0]
        if cache is not None:
            cache[key] = count
        return count
    if window.rule == REVEALS:
        sql = (
            "SELECT count(*) FROM audit WHERE actor = ? COLLATE NOCASE"
            " AND action = 'customer.reveal' AND seq >= ? AND seq < ? AND at >= ? AND at < ?"
        )
        return conn.execute(sql, (window.subject, since, until, window.start, window.end)).fetchone()[0]
    if window.rule == EXPORTS:
        stamps = conn.execute(
            "SELECT at FROM audit WHERE actor = ? COLLATE NOCASE AND action = 'export.create'"
            " AND seq >= ? AND seq < ? AND at >= ? AND at < ?",
            (window.subject, since, until, window.start, window.end),
        ).fetchall()
        return sum(1 for (at,) in stamps if _outside(at, hours))
    # Failed sign-ins are audited late (at the next sign-in), with the attempt's time in details;
    # they are few, so each evaluation that meets one counts them all again.
    if window.subject:
        rows = conn.execute(
            "SELECT at, details FROM audit WHERE object = ? AND action = 'signin.failed'", (window.subject,)
        )
    else:
        rows = conn.execute(
            "SELECT at, details FROM audit WHERE action = 'signin.failed'"
            " AND json_extract(details, '$.unknown_user') = 1"
        )
    count = 0
    for at, details in rows:
        moment, unknown = _failed_signin(at, details)
        if unknown != (not window.subject):
            continue
        try:
            if window.start <= _hour(moment)[0] < window.end:
                count += 1
        except (ValueError, TypeError):
            continue
    return count


@dataclass
class _Habit:
    """One user's hours already read in this evaluation: [lo, hi) and the different customers
    they opened in each hour (keyed by its UTC "YYYY-MM-DDTHH")."""

    lo: str
    hi: str
    hours: dict[str, int]


def _hourly(conn, user: str, begin: str, end: str, first_seq: int) -> dict[str, int]:
    since, until = _seqs(conn, begin, end, first_seq)
    rows = conn.execute(
        "SELECT substr(at, 1, 13), count(DISTINCT object) FROM audit WHERE actor = ? COLLATE NOCASE"
        " AND action = 'customer.view' AND seq >= ? AND seq < ? AND at >= ? AND at < ? GROUP BY 1",
        (user, since, until, begin, end),
    ).fetchall()
    return dict(rows)


def _usual(conn, user: str, start: str, first_seq: int, habits: dict[str, _Habit] | None = None) -> list[int]:
    """Different customers ``user`` opened in each hour they worked in the USUAL_DAYS days
    before the hour starting at ``start`` (hours with none are not counted).

    ``habits`` keeps what one evaluation has read: the next hour of the same user reads only the
    hours not read yet, so catching up with a long backlog of busy hours stays linear (reading
    30 days again for every hour made it quadratic)."""
    begin = (datetime.fromisoformat(start) - timedelta(days=USUAL_DAYS)).isoformat(timespec="milliseconds")
    key = user.casefold()
    habit = habits.get(key) if habits is not None else None
    if habit is None:
        habit = _Habit(begin, start, _hourly(conn, user, begin, start, first_seq))
        if habits is not None:
            habits[key] = habit
    else:
        if begin < habit.lo:
            habit.hours.update(_hourly(conn, user, begin, habit.lo, first_seq))
            habit.lo = begin
        if start > habit.hi:
            habit.hours.update(_hourly(conn, user, habit.hi, start, first_seq))
            habit.hi = start
    first, last = begin[:13], start[:13]
    return [count for hour, count in habit.hours.items() if first <= hour < last]


def usual_limit(history: list[int], factor: int, floor: int) -> int | None:
    """The most different customers a user may open in an hour before it is "more than usual":
    ``factor`` times their median working hour, never below ``floor``; None while they have
    fewer than USUAL_MIN_HOURS working hours of history."""
    if len(history) < USUAL_MIN_HOURS:
        return None
    ordered = sorted(history)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return max(floor, int(factor * median))


def _limit(
    conn,
    window: _Window,
    values: dict[str, str],
    count: int,
    habits: dict[str, _Habit] | None = None,
    limits: dict[tuple, int | None] | None = None,
) -> int | None:
    """The window's threshold; for "more than usual" it is the user's own, computed only when
    the count is over the floor (most hours never get that far). ``limits`` keeps it for the
    session: an hour's usual comes from the 30 days before it, which do not change while the
    app evaluates that hour again every few minutes."""
    if window.rule != USUAL:
        return _threshold(values, window.rule)
    factor, floor = _threshold(values, USUAL), _threshold(values, USUAL_FLOOR) or 0
    if factor is None or count <= floor:
        return None
    key = (window.subject.casefold(), window.start, factor, floor)
    if limits is not None and key in limits:
        return limits[key]
    limit = usual_limit(_usual(conn, window.subject, window.start, window.first_seq, habits), factor, floor)
    if limits is not None:
        limits[key] = limit
    return limit


def _raise(vault, conn, rule: str, subject: str, start: str, count: int, threshold: int, seqs: tuple) -> None:
    """Insert the alert, or raise the count of the one already open for this window; a new
    alert is audited and left as a notice for every owner, in the caller's transaction."""
    existing = conn.execute(
        "SELECT id, count FROM alerts WHERE rule = ? AND subject = ? AND window_start = ?",
        (rule, subject, start),
    ).fetchone()
    if existing is not None:
        if count > existing[1]:
            conn.execute(
                "UPDATE alerts SET count = ?, last_seq = coalesce(?, last_seq) WHERE id = ?",
                (count, seqs[1], existing[0]),
            )
        return
    cursor = conn.execute(
        "INSERT INTO alerts (rule, subject, window_start, count, threshold, raised_at, first_seq, last_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (rule, subject, start, count, threshold, _now().isoformat(timespec="seconds"), *seqs),
    )
    faults.step("alerts.raised")  # the alert is written; its audit entry and notices are not
    details = {
        "alert": cursor.lastrowid,
        "rule": rule,
        "user": subject,
        "count": count,
        "threshold": threshold,
    }
    vault.audit().append(vault.actor.user, ALERT_NOTICE, f"alert:{cursor.lastrowid}", details)
    notices.notify_owners(conn, ALERT_NOTICE, {**details, "window_start": start})


def _backup_age(vault, conn, values: dict[str, str], now: datetime) -> None:
    threshold = _threshold(values, BACKUP_AGE)
    if threshold is None:
        return
    row = conn.execute("SELECT max(at) FROM backup_log WHERE kind = 'backup' AND ok = 1").fetchone()
    if row[0]:
        since, key = datetime.fromisoformat(row[0]), row[0]
    else:
        first = conn.execute("SELECT at FROM audit ORDER BY seq LIMIT 1").fetchone()
        if first is None:
            return
        since, key = datetime.fromisoformat(first[0]), "never"
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    days = (now - since).days
    if days > threshold:
        _raise(vault, conn, BACKUP_AGE, "", key, days, threshold, (None, None))


def evaluate(vault, *, now: datetime | None = None) -> int:
    """Evaluate every rule over the audit entries written since the last evaluation.

    Returns how many entries were read. Any signed-in user's session evaluates (the work is
    the vault's, not the user's: a sales user's sign-in still catches the sales user); nothing
    is shown to them. Bounded per transaction (``CHUNK`` entries).
    """
    conn = vault.connection()
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alert_state'").fetchone() is None:
        return 0  # a vault held at an older schema (only tests build one)
    read = 0
    habits: dict[str, _Habit] = {}
    limits = vault.cache.setdefault("alerts.usual-limits", {})  # forgotten at lock
    while True:
        with transaction(conn):
            last = conn.execute("SELECT last_seq FROM alert_state WHERE id = 1").fetchone()[0]
            rows = conn.execute(
                "SELECT seq, at, actor, action, object, details FROM audit"
                " WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, CHUNK),
            ).fetchall()
            values = _values(conn)
            hours = _hours(values[WORKING_HOURS])
            shared: dict = {}
            for window in _windows(rows, values):
                count = _count(conn, window, hours, shared)
                threshold = _limit(conn, window, values, count, habits, limits)
                if threshold is not None and count > threshold:
                    _raise(
                        vault,
                        conn,
                        window.rule,
                        window.subject,
                        window.start,
                        count,
                        threshold,
                        (window.first_seq, window.last_seq),
                    )
            done = len(rows) == CHUNK
            if not done:
                _backup_age(vault, conn, values, now or _now())
            # The position covers the alert entries just appended too: they count for no rule.
            head = conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0]
            new_last = head if not done else rows[-1][0]
            conn.execute("UPDATE alert_state SET last_seq = ? WHERE id = 1", (new_last,))
        read += len(rows)
        if not done:
            return read


def notice_message(details: dict[str, Any]) -> str:
    """The owner's notice for an alert raised (notices.Notice.message words it)."""
    alert = Alert(
        int(details.get("alert", 0)),
        str(details.get("rule", "")),
        str(details.get("user", "")),
        str(details.get("window_start", "")),
        int(details.get("count", 0)),
        int(details.get("threshold", 0)),
        "",
        None,
        None,
        None,
        None,
        "",
    )
    return _("Alert {id}: {message} See custos alerts.").format(id=alert.id, message=alert.message())
