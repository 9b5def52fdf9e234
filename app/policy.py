"""The written policy's versions, the owner's texts in it, and staff acknowledgement.

The document itself is generated from the vault's configuration (app/policy_document.py);
this module keeps what a business adds and decides:

- **The owner's texts.** Per section, in Chinese and English, the business's own words. Only
  an owner edits them, whatever permissions a role was given: the policy is the rules the
  owners set for everyone else, including managers (the same reasoning as the alert rules).
- **Versions.** ``publish`` freezes the generated document with the owner's texts as of then,
  numbers it, and stores it as JSON with its SHA-256, who and when — in one transaction with
  the publisher's own acknowledgement and the audit entry, so a crash leaves the old version
  current or the new one whole, never half. Versions are never changed or deleted (triggers
  refuse it) and render later exactly as published.
- **Acknowledgement (培训与宣传).** Once a version is published, every user must acknowledge
  it before they see customers. The core enforces it: ``require_acknowledged`` is called by
  every customer read, search and write (app/customers.py), so the desktop app, the command
  line and anything else built on the core refuse alike until the user acknowledges. With no
  published version there is nothing to acknowledge and nothing is refused.

Public API for reports: ``current_version``, ``versions``, ``get_version``,
``acknowledgements`` (per user: the latest version acknowledged and when).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import faults, policy_document
from app.access import Actor, access_for, require
from app.errors import (
    KnownError,
    NotFoundError,
    PermissionDeniedError,
    PolicyNotAcknowledgedError,
    ValidationError,
)
from app.i18n import _
from app.vault.database import DatabaseError, transaction

SECTIONS = policy_document.SECTIONS
LANGUAGES = policy_document.LANGUAGES
MAX_TEXT = 20_000
MAX_NOTE = 500


@dataclass(frozen=True)
class Version:
    number: int
    sha256: str
    note: str
    published_at: str
    published_by: str
    content: str  # the canonical JSON, exactly as stored and hashed

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.content)

    @property
    def short_hash(self) -> str:
        """What a person compares by eye: the first 12 hex digits of the SHA-256."""
        return self.sha256[:12]

    def text(self, language: str) -> str:
        return policy_document.as_text(self.document, language)

    def as_dict(self, *, with_content: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "sha256": self.sha256,
            "note": self.note,
            "published_at": self.published_at,
            "published_by": self.published_by,
        }
        if with_content:
            data["document"] = self.document
        return data


@dataclass(frozen=True)
class Acknowledgement:
    """Where one user stands: the latest version they acknowledged, and whether it is current."""

    user: str
    role: str
    status: str  # the account's: active or disabled
    version: int | None
    at: str | None
    sha256: str | None
    current: bool  # acknowledged the current version (True when none is published)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _before_policies(error: DatabaseError) -> bool:
    """A vault still at a schema older than the written policy's (tests and upgrade paths open
    such vaults without migrating): it has no version, so nothing to acknowledge."""
    return "no such table: policy_" in str(error)


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _require_owner(actor: Actor, doing: str) -> None:
    if actor.role != "owner":
        raise PermissionDeniedError(
            _("Only an owner may {doing}: the written policy is the rules the owners set.").format(
                doing=doing
            )
        )


# ------------------------------------------------------------------------------- the owner's texts


def own_texts(vault, actor: Actor) -> dict[str, dict[str, str]]:
    """Every section's own text, {section: {"zh": …, "en": …}} (empty where none was written).
    Anyone signed in may read them: they are published to everyone anyway."""
    access_for(vault, actor)
    texts = {key: {"zh": "", "en": ""} for key in SECTIONS}
    for section, zh, en in vault.connection().execute("SELECT section, text_zh, text_en FROM policy_texts"):
        if section in texts:
            texts[section] = {"zh": zh, "en": en}
    return texts


def _clean_text(value: str, language: str) -> str:
    if not isinstance(value, str):
        raise ValidationError({language: _("the text must be text")})
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({language: _("longer than {limit} characters").format(limit=MAX_TEXT)})
    bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x202A <= ord(ch) <= 0x202E]
    if bad or any(0xD800 <= ord(ch) <= 0xDFFF or 0x2066 <= ord(ch) <= 0x2069 for ch in text):
        raise ValidationError({language: _("the text holds control characters; remove them and try again")})
    return text


def set_own_text(
    vault, actor: Actor, section: str, *, zh: str | None = None, en: str | None = None
) -> dict[str, str]:
    """Replace one section's own text in one or both languages (None leaves a language as it is);
    owners only, audited with the section and the lengths, for the next published version."""
    _require_owner(actor, _("edit the written policy"))
    if section not in SECTIONS:
        raise ValidationError(
            {
                "section": _("there is no section {section}; sections are {known}").format(
                    section=repr(section), known=", ".join(SECTIONS)
                )
            }
        )
    changes = {
        lang: _clean_text(value, lang) for lang, value in (("zh", zh), ("en", en)) if value is not None
    }
    conn = vault.connection()
    with transaction(conn):
        before = own_texts(vault, actor)[section]
        after = {**before, **changes}
        if after == before:
            return after
        conn.execute(
            "INSERT INTO policy_texts (section, text_zh, text_en, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (section) DO UPDATE SET text_zh = excluded.text_zh, text_en = excluded.text_en,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (section, after["zh"], after["en"], _now(), actor.user),
        )
        vault.audit().append(
            actor.user,
            "policy.text_changed",
            f"policy:{section}",
            {"section": section, "chars": {lang: len(after[lang]) for lang in LANGUAGES}},
        )
    return after


# ------------------------------------------------------------------------------- drafts and versions


def _next_number(conn) -> int:
    return conn.execute("SELECT coalesce(max(number), 0) + 1 FROM policy_versions").fetchone()[0]


def draft(vault, actor: Actor) -> dict[str, Any]:
    """What would be published now (owners only: it is their work in progress)."""
    _require_owner(actor, _("see the draft of the written policy"))
    return policy_document.build(vault, actor, own_texts(vault, actor), _next_number(vault.connection()))


_SELECT = "SELECT number, sha256, note, published_at, published_by, content FROM policy_versions"


def _version(row) -> Version:
    return Version(*row)


def current_version(vault) -> Version | None:
    """The newest published version, or None. Needs no actor: every user is bound by it."""
    try:
        row = vault.connection().execute(f"{_SELECT} ORDER BY number DESC LIMIT 1").fetchone()
    except DatabaseError as error:
        if _before_policies(error):
            return None
        raise
    return None if row is None else _version(row)


def versions(vault, actor: Actor) -> list[Version]:
    """Every published version, oldest first; anyone signed in may read them."""
    access_for(vault, actor)
    return [_version(r) for r in vault.connection().execute(f"{_SELECT} ORDER BY number")]


def get_version(vault, actor: Actor, number: int | None = None) -> Version:
    """One published version (the current one by default), exactly as it was published."""
    access_for(vault, actor)
    conn = vault.connection()
    if number is None:
        row = conn.execute(f"{_SELECT} ORDER BY number DESC LIMIT 1").fetchone()
        if row is None:
            raise NotFoundError(_("No version of the written policy has been published yet."))
    else:
        row = conn.execute(f"{_SELECT} WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise NotFoundError(
                _("There is no version {number} of the written policy.").format(number=number)
            )
    version = _version(row)
    if _digest(version.content) != version.sha256:
        raise KnownError(
            _(
                "Version {number} of the written policy does not match its hash: the vault was altered."
            ).format(number=version.number)
        )
    return version


def publish(vault, actor: Actor, note: str = "") -> Version:
    """Freeze the current draft as the next version; owners only.

    The version, the publisher's own acknowledgement and the audit entry are one transaction:
    after a crash either the old version is current or the new one is, whole.
    """
    _require_owner(actor, _("publish the written policy"))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("longer than {limit} characters").format(limit=MAX_NOTE)})
    conn = vault.connection()
    with transaction(conn):
        number = _next_number(conn)
        content = policy_document.dumps(policy_document.build(vault, actor, own_texts(vault, actor), number))
        sha256 = _digest(content)
        now = _now()
        conn.execute(
            "INSERT INTO policy_versions (number, content, sha256, note, published_at, published_by)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (number, content, sha256, note, now, actor.user),
        )
        faults.step("policy.version_written")
        conn.execute(
            "INSERT INTO policy_acknowledgements (user, version, sha256, at) VALUES (?, ?, ?, ?)",
            (actor.user, number, sha256, now),
        )
        faults.step("policy.publisher_acknowledged")
        vault.audit().append(
            actor.user,
            "policy.published",
            f"policy:v{number}",
            {"version": number, "sha256": sha256, "note": note},
        )
    return get_version(vault, actor, number)


# ------------------------------------------------------------------------------- acknowledgement


def _acknowledged(conn, user: str, number: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM policy_acknowledgements WHERE user = ? AND version = ?", (user, number)
        ).fetchone()
        is not None
    )


def needs_acknowledgement(vault, actor: Actor) -> Version | None:
    """The current version when ``actor`` has not acknowledged it yet, else None."""
    current = current_version(vault)
    if current is None or _acknowledged(vault.connection(), actor.user, current.number):
        return None
    return current


def require_acknowledged(vault, actor: Actor) -> None:
    """Refuse customer data to a user who has not acknowledged the current version.

    One indexed lookup on two small tables: cheap enough for every read.
    """
    try:
        row = (
            vault.connection()
            .execute(
                "SELECT v.number, a.user FROM (SELECT max(number) AS number FROM policy_versions) v"
                " LEFT JOIN policy_acknowledgements a ON a.version = v.number AND a.user = ?"
                " WHERE v.number IS NOT NULL",
                (actor.user,),
            )
            .fetchone()
        )
    except DatabaseError as error:
        if _before_policies(error):
            return
        raise
    if row is None or row[1] is not None:
        return
    raise PolicyNotAcknowledgedError(
        _(
            "{user} has not yet acknowledged version {number} of the written policy and may not see customers"
            " until they do: read it and acknowledge it (sign in to the desktop app, or custos policy show,"
            " then custos policy acknowledge)."
        ).format(user=actor.user, number=row[0]),
        row[0],
    )


def acknowledge(vault, actor: Actor, number: int, sha256: str) -> Acknowledgement:
    """Record that ``actor`` read version ``number`` whose hash they were shown; audited.

    Refused when that is not the current version (a newer one was published meanwhile) or the
    hash differs: the acknowledgement must be of the text the person actually saw.
    """
    access_for(vault, actor)
    conn = vault.connection()
    with transaction(conn):
        current = current_version(vault)
        if current is None:
            raise NotFoundError(_("No version of the written policy has been published yet."))
        if number != current.number:
            raise ValidationError(
                {
                    "version": _(
                        "version {number} is not the current one; read version {current} first"
                    ).format(number=number, current=current.number)
                }
            )
        wanted = (sha256 or "").strip().lower()
        if len(wanted) < 12 or not current.sha256.startswith(wanted):
            raise ValidationError(
                {"sha256": _("the hash does not match version {number}; read it again").format(number=number)}
            )
        if not _acknowledged(conn, actor.user, number):
            now = _now()
            conn.execute(
                "INSERT INTO policy_acknowledgements (user, version, sha256, at) VALUES (?, ?, ?, ?)",
                (actor.user, number, current.sha256, now),
            )
            vault.audit().append(
                actor.user,
                "policy.acknowledged",
                f"policy:v{number}",
                {"version": number, "sha256": current.sha256},
            )
    return _status(conn, current).get(actor.user.lower()) or Acknowledgement(
        actor.user, actor.role, "active", number, _now(), current.sha256, True
    )


def _status(conn, current: Version | None) -> dict[str, Acknowledgement]:
    latest = {
        user.lower(): (version, at, sha)
        for user, version, at, sha in conn.execute(
            "SELECT user, version, at, sha256 FROM policy_acknowledgements a"
            " WHERE version = (SELECT max(version) FROM policy_acknowledgements b WHERE b.user = a.user)"
        )
    }
    result = {}
    for name, role, status in conn.execute("SELECT name, role, status FROM users ORDER BY created_at, name"):
        version, at, sha = latest.get(name.lower(), (None, None, None))
        current_ok = current is None or version == current.number
        result[name.lower()] = Acknowledgement(name, role, status, version, at, sha, current_ok)
    return result


def acknowledgements(vault, actor: Actor) -> list[Acknowledgement]:
    """Per user: the latest version acknowledged, when, and whether it is the current one.

    Needs 'view_audit' (owners, managers, auditors): who has read the rules is part of the
    record an audit looks at, and holds no customer data.
    """
    require(vault, actor, "view_audit")
    conn = vault.connection()
    return list(_status(conn, current_version(vault)).values())


def not_acknowledged(vault, actor: Actor) -> list[Acknowledgement]:
    """Active users who have not acknowledged the current version (empty when none is published)."""
    return [a for a in acknowledgements(vault, actor) if a.status == "active" and not a.current]
