"""Growing delays after failed sign-ins, persisted beside the vault.

The state lives in ``signin.json`` in the vault folder (not in vault.db, which cannot be
opened without a correct password, and not in vault.keys, which a wrong password must never
touch). It holds user names and times only. Failed attempts are also kept until the next
successful unlock, which writes them into the audit log.

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

    def record_failure(self, user: str, now: float | None = None) -> float:
        """Count a failure; returns the delay the next attempt must wait."""
        now = time.time() if now is None else now
        data = self._load()
        entry = data.setdefault(user.casefold(), {"failures": 0, "last": now, "pending": []})
        entry["failures"] += 1
        entry["last"] = now
        entry["pending"] = ([*entry.get("pending", []), now])[-100:]
        self._save(data)
        return delay_after(entry["failures"])

    def record_success(self, user: str) -> list[float]:
        """Reset the user's counter; returns the failure times not yet audited."""
        data = self._load()
        entry = data.pop(user.casefold(), None)
        if entry is None:
            return []
        self._save(data)
        return list(entry.get("pending", []))
