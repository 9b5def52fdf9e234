"""Notices: what a user must be told at their next sign-in about something done in the vault.

Two kinds exist: a password reset with the recovery code, and an unusual-access alert
(app/alerts.py), shown to the owners at their next sign-in. The code opens every
account, an owner's too, so each such reset leaves a notice for every active owner; a
leaked code used to take over an account is then seen by the owners even if the log itself
is never read. The UI shows pending notices after sign-in and the CLI prints them on stderr;
both acknowledge them once shown, so each is shown once per recipient.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.i18n import _
from app.vault.database import transaction

RECOVERY_PASSWORD_RESET = "recovery.password_reset"
ALERT_RAISED = "alert.raised"  # an unusual-access alert (app/alerts.py), for every owner


@dataclass(frozen=True)
class Notice:
    id: int
    at: str
    kind: str
    details: dict[str, Any]

    def message(self) -> str:
        """The notice as one English sentence (the UI words it in the user's language)."""
        if self.kind == RECOVERY_PASSWORD_RESET:
            return _(
                "On {at} the recovery code was used to reset the password of {user}. If no owner did "
                "this, the code has leaked: replace it (custos new-recovery-code) and check the users."
            ).format(at=self.at, user=self.details.get("user", "?"))
        if self.kind == ALERT_RAISED:
            from app import alerts

            return alerts.notice_message(self.details)
        return f"{self.at}: {self.kind}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def notify_owners(conn, kind: str, details: dict[str, Any]) -> None:
    """Leave a notice for every active owner; runs in the caller's transaction."""
    text = json.dumps(details, ensure_ascii=False, sort_keys=True)
    at = _now()
    owners = [r[0] for r in conn.execute("SELECT name FROM users WHERE role = 'owner' AND status = 'active'")]
    conn.executemany(
        "INSERT INTO notices (recipient, at, kind, details) VALUES (?, ?, ?, ?)",
        [(owner, at, kind, text) for owner in owners],
    )


def pending(vault) -> list[Notice]:
    """Notices the signed-in user has not seen yet, oldest first (none for a recovery session)."""
    if vault.user is None:
        return []
    rows = vault.connection().execute(
        "SELECT id, at, kind, details FROM notices WHERE recipient = ? AND seen_at IS NULL ORDER BY id",
        (vault.user,),
    )
    return [Notice(r[0], r[1], r[2], json.loads(r[3])) for r in rows]


def acknowledge(vault, shown: list[Notice]) -> None:
    """Mark notices as seen by the signed-in user (only their own)."""
    if vault.user is None or not shown:
        return
    conn = vault.connection()
    with transaction(conn):
        conn.executemany(
            "UPDATE notices SET seen_at = ? WHERE id = ? AND recipient = ? AND seen_at IS NULL",
            [(_now(), n.id, vault.user) for n in shown],
        )
