"""Where backups go, when they are made, and how many are kept.

The settings live in the vault (``meta``), so every PC that opens the vault and every user sees
the same schedule; changing them and pruning need the 'manage_backups' permission. There is no
OS scheduler: the desktop app makes a backup when it closes and/or once a day while it is open
(``due``), and prunes after each scheduled backup.

Rotation keeps the newest ``keep_last`` backups plus the newest backup of each of the last
``keep_daily`` days, ``keep_weekly`` ISO weeks and ``keep_monthly`` months that have one (the
generations of borg and restic). ``plan`` shows what pruning would delete before it does; only
backups whose manifest is authenticated with this vault's key are ever deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app import access as access_mod
from app import backup as backup_mod
from app import backup_log
from app.access import Actor
from app.errors import KnownError, ValidationError
from app.i18n import _
from app.vault import database

SETTINGS_KEY = "backup_settings"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Settings:
    folder: str = ""  # empty: the default folder beside the vault
    on_close: bool = False  # a backup on every close makes closing wait: chosen in the settings
    daily: bool = True
    keep_last: int = 7
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    warn_after_days: int = 7

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_folder(vault_folder: Path) -> Path:
    """Beside the vault (not inside it: a restore that replaces the vault folder must not take
    the backups with it). Allowed, but on the same disk: see ``same_disk``."""
    vault_folder = Path(vault_folder).resolve()
    return vault_folder.parent / f"{vault_folder.name}-backups"


def _existing(path: Path) -> Path:
    path = Path(path).expanduser().resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def same_disk(vault_folder: Path, target: Path) -> bool:
    """Whether ``target`` is on the same file system as the vault: a disk failure, theft or
    ransomware would take both. (A folder not yet made is judged by the nearest existing parent.)"""
    try:
        return os.stat(_existing(target)).st_dev == os.stat(_existing(vault_folder)).st_dev
    except OSError:
        return False


def load_settings(vault) -> Settings:
    raw = vault.meta(SETTINGS_KEY, "")
    if not raw:
        return Settings()
    try:
        data = json.loads(raw)
        known = {k: v for k, v in data.items() if k in Settings.__dataclass_fields__}
        return _checked(replace(Settings(), **known))
    except (ValueError, TypeError, AttributeError, ValidationError):
        return Settings()


def _checked(settings: Settings) -> Settings:
    errors = {}
    for name in ("keep_last", "keep_daily", "keep_weekly", "keep_monthly"):
        value = getattr(settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
            errors[name] = _("must be a whole number from 0 to 1000")
    if isinstance(settings.keep_last, int) and settings.keep_last < 1:
        errors["keep_last"] = _("at least the newest backup is always kept (1 or more)")
    if not isinstance(settings.warn_after_days, int) or not 1 <= settings.warn_after_days <= 365:
        errors["warn_after_days"] = _("must be a whole number of days from 1 to 365")
    if not isinstance(settings.folder, str):
        errors["folder"] = _("must be a folder path")
    if errors:
        raise ValidationError(errors)
    return settings


def save_settings(vault, actor: Actor, settings: Settings) -> Settings:
    access_mod.require(vault, actor, "manage_backups")
    settings = _checked(settings)
    conn = vault.connection()
    with database.transaction(conn):
        before = load_settings(vault)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (SETTINGS_KEY, json.dumps(settings.as_dict(), ensure_ascii=False)),
        )
        changed = {k: v for k, v in settings.as_dict().items() if before.as_dict()[k] != v}
        vault.audit().append(actor.user, "backup.settings_changed", "", changed)
    return settings


def target_folder(vault, settings: Settings | None = None) -> Path:
    settings = settings or load_settings(vault)
    return Path(settings.folder).expanduser() if settings.folder else default_folder(vault.folder)


def ensure_folder(folder: Path) -> Path:
    """Make the target folder (owner-only) when its drive is there; a clear message otherwise."""
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(
            _("Cannot use the backup folder {folder}: {problem} (is the drive connected?).").format(
                folder=folder, problem=exc.strerror or exc
            )
        ) from None
    return folder


def due(vault, now: datetime | None = None) -> bool:
    """Whether the once-a-day backup is due: none succeeded in the last 24 hours."""
    if not load_settings(vault).daily:
        return False
    last = backup_log.status(vault, now=now).last_backup
    return last is None or (now or datetime.now(UTC)) - last.at >= DAY


# ------------------------------------------------------------------------------ rotation


@dataclass(frozen=True)
class Plan:
    """Which backups rotation keeps (with why) and which pruning would delete."""

    keep: list[tuple[backup_mod.Listed, list[str]]] = field(default_factory=list)
    remove: list[backup_mod.Listed] = field(default_factory=list)
    untouched: list[backup_mod.Listed] = field(default_factory=list)  # damaged or unreadable: never deleted

    def as_dict(self) -> dict[str, Any]:
        return {
            "keep": [{**item.as_dict(), "reasons": reasons} for item, reasons in self.keep],
            "remove": [item.as_dict() for item in self.remove],
            "untouched": [item.as_dict() for item in self.untouched],
        }


def plan(backups: list[backup_mod.Listed], settings: Settings) -> Plan:
    """Rotation over ``backups`` (one vault's): pure, so the preview and the pruning agree."""
    readable = sorted(
        (b for b in backups if b.manifest is not None), key=lambda b: (b.created, b.path.name), reverse=True
    )
    reasons: dict[Path, list[str]] = {}
    for item in readable[: max(settings.keep_last, 1)]:
        reasons.setdefault(item.path, []).append("last")
    for rule, count, bucket in (
        ("daily", settings.keep_daily, lambda d: d.strftime("%Y-%m-%d")),
        ("weekly", settings.keep_weekly, lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2])),
        ("monthly", settings.keep_monthly, lambda d: d.strftime("%Y-%m")),
    ):
        seen: list[str] = []
        for item in readable:  # newest first: the first of each period is its newest
            key = bucket(item.created.astimezone())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            reasons.setdefault(item.path, []).append(rule)
    keep = [(item, reasons[item.path]) for item in readable if item.path in reasons]
    remove = [item for item in readable if item.path not in reasons]
    untouched = [b for b in backups if b.manifest is None]
    return Plan(keep, remove, untouched)


def preview(vault, actor: Actor, folder: Path | None = None) -> Plan:
    """What pruning ``folder`` (default: the settings' target) would delete, deleting nothing."""
    access_mod.require(vault, actor, "backup")
    folder = Path(folder) if folder else target_folder(vault)
    return plan(backup_mod.list_backups(folder, vault.vault_id), load_settings(vault))


def prune(vault, actor: Actor, folder: Path | None = None, *, scheduled: bool = False) -> Plan:
    """Delete what ``preview`` lists. Needs 'manage_backups' — except the pruning that follows a
    scheduled backup, which applies the rotation the owner or a manager set, whoever is signed
    in. A backup whose manifest does not authenticate with this vault's key (damaged, planted,
    or from before a key rotation) is kept."""
    access_mod.require(vault, actor, "backup" if scheduled else "manage_backups")
    folder = Path(folder) if folder else target_folder(vault)
    proposed = preview(vault, actor, folder)
    key = vault.data_key_for_copies()
    removed, kept_back = [], []
    for item in proposed.remove:
        if item.manifest is None or not item.manifest.authentic(key):
            kept_back.append(item)
            continue
        with contextlib.suppress(FileNotFoundError):
            item.path.unlink()
        removed.append(item)
    if removed:
        backup_mod._sync_folder(folder)
    backup_log.record_prune(vault, actor, folder, [item.path.name for item in removed])
    return Plan(proposed.keep, removed, proposed.untouched + kept_back)


def backup_to(
    vault, actor: Actor, folder: Path, *, progress=None, should_cancel=None, scheduled: bool = False
) -> backup_mod.CreatedBackup:
    """A backup into ``folder``, made first when its drive is there. Every failure, a missing
    drive included, is recorded (the status bar shows it) and raised."""
    access_mod.require(vault, actor, "backup")
    try:
        ensure_folder(folder)
    except KnownError as exc:
        backup_log.record_failure(vault, actor, "backup", folder, str(exc), scheduled=scheduled)
        raise
    return backup_mod.create(
        vault, actor, folder, progress=progress, should_cancel=should_cancel, scheduled=scheduled
    )


def scheduled_backup(
    vault, actor: Actor, *, progress=None, should_cancel=None
) -> tuple[backup_mod.CreatedBackup, Plan]:
    """The backup the schedule makes (on close, daily): to the settings' folder, then pruning by
    the settings' rotation. A failure is recorded (the status bar shows it) and raised."""
    folder = target_folder(vault)
    created = backup_to(vault, actor, folder, progress=progress, should_cancel=should_cancel, scheduled=True)
    return created, prune(vault, actor, folder, scheduled=True)
