"""Dates and times as people read them: local time, unambiguous, in the UI language.

A locale's short format ("12/2/26 8:04 PM") reads as February 12th to half the world and
drops the century. Every date the app shows goes through these functions instead: in English
the ISO order (2026-12-02 20:04), in Chinese the way Chinese software writes it
(2026年12月2日 20:04), and always a 24-hour clock. Stored timestamps are UTC (ISO 8601);
they are shown in the computer's time zone.

The language is the default ``QLocale``, which ``ui.i18n.Translations.apply`` sets with the UI
language, so a language change shows at the next repaint.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime


def _chinese(locale: QLocale | None) -> bool:
    return (locale or QLocale()).language() == QLocale.Language.Chinese


def format_day(day: QDate | date | str, locale: QLocale | None = None) -> str:
    """A calendar day: 2026-12-02, or 2026年12月2日. Text that is not a date is returned as is."""
    if isinstance(day, str):
        parsed = QDate.fromString(day[:10], Qt.DateFormat.ISODate)
        if not parsed.isValid():
            return day
        day = parsed
    elif isinstance(day, date):
        day = QDate(day.year, day.month, day.day)
    if not day.isValid():
        return ""
    if _chinese(locale):
        return f"{day.year()}年{day.month()}月{day.day()}日"
    return day.toString("yyyy-MM-dd")


def format_time(moment: QTime, locale: QLocale | None = None) -> str:
    """A time of day on the 24-hour clock: 20:04."""
    return moment.toString("HH:mm")


def format_moment(moment: QDateTime | datetime | str, locale: QLocale | None = None) -> str:
    """A point in time in local time: 2026-12-02 20:04, or 2026年12月2日 20:04.

    A string is a stored ISO 8601 timestamp (UTC unless it names its offset); one that does
    not parse is returned as is, so a damaged value is still shown rather than hidden.
    """
    if isinstance(moment, str):
        parsed = QDateTime.fromString(moment, Qt.DateFormat.ISODateWithMs)
        if not parsed.isValid():
            parsed = QDateTime.fromString(moment, Qt.DateFormat.ISODate)
        if not parsed.isValid():
            return moment
        moment = parsed
    elif isinstance(moment, datetime):
        moment = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    local = moment.toLocalTime()
    return f"{format_day(local.date(), locale)} {format_time(local.time(), locale)}"
