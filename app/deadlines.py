"""When a customer's request must be answered: PRC working days or the GDPR's month.

**PRC** (default): 15 working days after the day the request arrived, on the mainland calendar
— weekends and public holidays off, and the weekend days the State Council makes working days
(调休) on. ``chinese_calendar`` knows each year's official arrangement, published every
November for the next year; for a day beyond the years it knows, Monday to Friday count and
the deadline is marked *estimated*, so the handler checks it against the State Council notice.

**GDPR** (Art. 12(3)): one month after receipt (the same day number next month, or the month's
last day), extendable by two further months with a reason given to the requester.

Both clocks **pause** while the business waits for the requester to prove who they are: days
inside a pause do not count, and while a pause is open there is no deadline. The settings are
the owner's (stored in ``meta``, changed with the 'edit the access policy' permission).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta

import chinese_calendar

from app.access import Actor, access_for
from app.errors import ValidationError
from app.i18n import _
from app.vault.database import transaction

PRC, GDPR = "prc", "gdpr"
REGIMES = (PRC, GDPR)
META_KEY = "request_deadlines"


@dataclass(frozen=True)
class Settings:
    regime: str = PRC  # offered for new requests
    prc_working_days: int = 15
    prc_extension_working_days: int = 0  # 0: a PRC deadline is not extended
    gdpr_months: int = 1
    gdpr_extension_months: int = 2
    due_soon_days: int = 3  # calendar days before the deadline that count as "due soon"

    def check(self) -> Settings:
        problems = {}
        if self.regime not in REGIMES:
            problems["regime"] = _("one of {choices}").format(choices=", ".join(REGIMES))
        for name, low, high in (
            ("prc_working_days", 1, 60),
            ("prc_extension_working_days", 0, 60),
            ("gdpr_months", 1, 3),
            ("gdpr_extension_months", 0, 2),
            ("due_soon_days", 0, 30),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems[name] = _("a whole number from {low} to {high}").format(low=low, high=high)
        if problems:
            raise ValidationError(problems)
        return self


def load(conn) -> Settings:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None:
        return Settings()
    known = {k: v for k, v in json.loads(row[0]).items() if k in Settings.__dataclass_fields__}
    return Settings(**known)


def save(vault, actor: Actor, **changes) -> Settings:
    access_for(vault, actor).require("edit_policy")
    conn = vault.connection()
    unknown = set(changes) - set(Settings.__dataclass_fields__)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("not a deadline setting")})
    with transaction(conn):
        before = load(conn)
        after = replace(before, **changes).check()
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (META_KEY, json.dumps(asdict(after), sort_keys=True)),
        )
        vault.audit().append(
            actor.user,
            "requests.deadline_settings",
            "",
            {
                k: [getattr(before, k), getattr(after, k)]
                for k in changes
                if getattr(before, k) != getattr(after, k)
            },
        )
    return after


def mainland_workday(day: date) -> tuple[bool, bool]:
    """(is a working day on the mainland calendar, estimated). Estimated: the year is beyond the
    official arrangements the installed calendar knows; Monday to Friday are assumed then."""
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


Pause = tuple[date, date | None]  # from (inclusive) to (exclusive); None: still waiting


def _paused(day: date, pauses: Sequence[Pause]) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in pauses)


@dataclass(frozen=True)
class Deadline:
    due: date | None  # None while the clock is paused
    paused: bool
    estimated: bool  # some day counted was beyond the official holiday calendar

    def state(self, today: date, due_soon_days: int) -> str:
        """'paused', 'overdue', 'due_soon' or 'ok' on ``today``."""
        if self.due is None:
            return "paused"
        if today > self.due:
            return "overdue"
        if (self.due - today).days <= due_soon_days:
            return "due_soon"
        return "ok"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(
    regime: str, received: date, pauses: Sequence[Pause] = (), *, extended: bool = False, settings: Settings
) -> Deadline:
    """The deadline of a request received on ``received`` (that day itself does not count)."""
    if any(end is None for _start, end in pauses):
        return Deadline(None, True, False)
    if regime == PRC:
        needed = settings.prc_working_days + (settings.prc_extension_working_days if extended else 0)
        day, counted, estimated = received, 0, False
        while counted < needed:
            day += timedelta(days=1)
            if _paused(day, pauses):
                continue
            working, guessed = mainland_workday(day)
            estimated = estimated or guessed
            counted += working
        return Deadline(day, False, estimated)
    if regime == GDPR:
        months = settings.gdpr_months + (settings.gdpr_extension_months if extended else 0)
        paused_days = sum((end - start).days for start, end in pauses if end is not None and end > received)
        return Deadline(_add_months(received, months) + timedelta(days=paused_days), False, False)
    raise ValidationError({"regime": _("one of {choices}").format(choices=", ".join(REGIMES))})


def can_extend(regime: str, settings: Settings) -> bool:
    return (settings.gdpr_extension_months if regime == GDPR else settings.prc_extension_working_days) > 0
