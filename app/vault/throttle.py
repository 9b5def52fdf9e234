"""Growing delays after failed sign-ins, persisted beside the vault.

The state lives in ``signin.json`` in the vault folder (not in vault.db, which cannot be
opened without a correct password, and not in vault.keys, which a wrong password must never
touch). It holds user names and times only. Failed attempts are also kept ("pending") until
the next successful unlock of *any* user, which writes them into the audit log, where the
failed-sign-ins alert rule counts them (app/alerts.py): the attempts on an account that never
gets in, and on names no account has, are seen too.

Whoever types at the sign-in dialog can write here, so what they can leave is bounded: at most
MAX_PENDING times per name, and at most MAX_UNKNOWN_NAMES names that have no account (the
oldest go first; an account's own entry, and so its delay, is never pushed out by them), each
cut to MAX_NAME characters without control characters.

Honest limit: someone who can delete this file resets the delay. The Argon2id cost of every
guess is the real protection; the delay stops casual guessing at the sign-in dialog.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from app.errors import ThrottledError
from app.files import write_atomic
from app.i18n import ngettext

THROTTLE_FILE = "signin.json"
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 15 * 60
MAX_PENDING = 100
MAX_UNKNOWN_NAMES = 50
MAX_NAME = 64


def clean_name(user: str) -> str:
    """A typed user name as it may be kept and later audited: printable, bounded."""
    return "".join(ch for ch in user if ch.isprintable()).strip()[:MAX_NAME]


@dataclass(frozen=True)
class Pending:
    """Failed attempts on one name not yet written to the audit log."""

    key: str
    name: str
    unknown: bool  # no account had this name when it was typed
    moments: tuple[float, ...]


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failures: 0, 0, 0, 2, 4, 8 … 15 min."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS))


@dataclass
class SigninThrottle:
    path: Path

    @classmethod
    def for_vault(cls, folder: Path) -> SigninThrottle:
        return cls(folder / THROTTLE_FILE)

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except FileNotFoundError:
            return {}
        except (ValueError, UnicodeDecodeError):
            # A damaged throttle file must not lock everybody out; start afresh.
            return {}

    def _save(self, data: dict[str, dict]) -> None:
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def check(self, user: str, now: float | None = None) -> None:
        """Raise ThrottledError while ``user`` must still wait."""
        entry = self._load().get(user.casefold())
        if not entry:
            return
        now = time.time() if now is None else now
        wait = entry["last"] + delay_after(entry["failures"]) - now
        if wait > 0:
            seconds = int(wait) + 1
            raise ThrottledError(
                ngettext(
                    "Too many wrong passwords for {user}. Try again in {count} second.",
                    "Too many wrong passwords for {user}. Try again in {count} seconds.",
                    seconds,
                ).format(user=user, count=seconds),
                wait,
            )

    def record_failure(self, user: str, now: float | None = None, *, unknown: bool = False) -> float:
        """Count a failure; returns the delay the next attempt must wait. ``unknown``: no
        account has this name (kept bounded, see the module's docstring)."""
        now = time.time() if now is None else now
        data = self._load()
        name = clean_name(user) if unknown else user
        key = name.casefold()
        entry = data.setdefault(key, {"failures": 0, "last": now, "pending": []})
        entry["failures"] += 1
        entry["last"] = now
        entry["name"] = name
        entry["pending"] = ([*entry.get("pending", []), now])[-MAX_PENDING:]
        if unknown:
            entry["unknown"] = True
            strangers = sorted((e.get("last", 0), k) for k, e in data.items() if e.get("unknown"))
            for _last, stale in strangers[: max(0, len(strangers) - MAX_UNKNOWN_NAMES)]:
                del data[stale]
        else:
            entry.pop("unknown", None)
        self._save(data)
        return delay_after(entry["failures"])

    def record_success(self, user: str) -> None:
        """Reset the user's delay. Their failures stay pending until ``forget`` (after the
        audit entries that record them are committed)."""
        data = self._load()
        entry = data.get(user.casefold())
        if entry is None:
            return
        if entry.get("pending"):
            entry["failures"] = 0
        else:
            del data[user.casefold()]
        self._save(data)

    def pending(self) -> list[Pending]:
        """Every name's failed attempts not yet audited."""
        found = []
        for key, entry in self._load().items():
            moments = entry.get("pending") if isinstance(entry, dict) else None
            if moments:
                name = str(entry.get("name") or key)
                found.append(Pending(key, name, bool(entry.get("unknown")), tuple(float(m) for m in moments)))
        return found

    def forget(self, audited: list[Pending]) -> None:
        """Drop attempts now in the audit log; a name with no delay left is dropped whole."""
        if not audited:
            return
        data = self._load()
        for item in audited:
            entry = data.get(item.key)
            if entry is None:
                continue
            done = set(item.moments)
            entry["pending"] = [m for m in entry.get("pending", []) if m not in done]
            if not entry["pending"] and entry.get("failures", 0) == 0:
                del data[item.key]
        self._save(data)
