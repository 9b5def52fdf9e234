"""Changing the field catalogue: add, rename, reclassify, reorder and retire custom fields, and
set the home region of phone numbers. Each needs the 'edit the field catalogue' permission and is
audited in the same transaction.

Separate from app/fields.py (what a field is, how a value is checked) so that the policy
(app/access.py) can build on the catalogue while this module builds on both: imports run
fields <- access <- field_admin, one way.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime
from typing import Any

from app import phones
from app.access import Actor, check_field_change, require
from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.fields import (
    BUILTIN_KEYS,
    CUSTOM_TYPES,
    LABEL_MAX_LENGTH,
    PURPOSES,
    RESERVED_KEYS,
    SENSITIVITIES,
    TYPE_MAX_LENGTH,
    Catalogue,
    FieldDef,
    check_text,
    too_long,
)
from app.i18n import _, current_language
from app.vault.database import transaction

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _check_labels(*labels: str) -> None:
    for label in labels:
        try:
            if len(label.strip()) > LABEL_MAX_LENGTH:
                raise ValueError(too_long(len(label.strip()), LABEL_MAX_LENGTH))
            check_text(label)
        except ValueError as exc:
            raise ValidationError({"label": str(exc)}) from None


def _check_choices(choices: list[Any]) -> None:
    for choice in choices:
        try:
            if not isinstance(choice, str) or not choice.strip():
                raise ValueError(_("a choice cannot be empty"))
            if len(choice) > TYPE_MAX_LENGTH["choice"]:
                raise ValueError(too_long(len(choice), TYPE_MAX_LENGTH["choice"]))
            check_text(choice)
        except ValueError as exc:
            raise ValidationError({"choices": str(exc)}) from None


def _check_classification(sensitivity: str, purposes: list[str] | tuple[str, ...]) -> None:
    if sensitivity not in SENSITIVITIES:
        raise ValidationError(
            {"sensitivity": _("must be one of: {choices}").format(choices=", ".join(SENSITIVITIES))}
        )
    unknown = [p for p in purposes if p not in PURPOSES]
    if unknown:
        raise ValidationError({"purposes": f"unknown purpose {unknown[0]!r}; known: {', '.join(PURPOSES)}"})


def add_custom_field(
    vault,
    actor: Actor,
    *,
    key: str,
    label_zh: str,
    label_en: str,
    type: str,
    sensitivity: str = "personal",
    purposes: list[str] | tuple[str, ...] = (),
    rules: dict[str, Any] | None = None,
    required: bool = False,
) -> FieldDef:
    rules = dict(rules or {})
    if not _KEY_RE.match(key):
        raise ValidationError({"key": _("use lower-case letters, digits and _ (starting with a letter)")})
    if key in RESERVED_KEYS:
        raise ValidationError(
            {"key": _("{key} is used by every customer record; choose another key").format(key=repr(key))}
        )
    if type not in CUSTOM_TYPES:
        raise ValidationError(
            {"type": _("must be one of: {choices}").format(choices=", ".join(CUSTOM_TYPES))}
        )
    if not label_zh.strip() or not label_en.strip():
        raise ValidationError({"label": _("both the Chinese and the English label are needed")})
    _check_labels(label_zh, label_en)
    if type == "choice" and not rules.get("choices"):
        raise ValidationError({"choices": _("a choice field needs at least one choice")})
    _check_choices(rules.get("choices", []))
    _check_classification(sensitivity, purposes)
    require(vault, actor, "edit_fields")
    conn = vault.connection()
    with transaction(conn):
        if conn.execute("SELECT 1 FROM fields WHERE key = ?", (key,)).fetchone():
            raise ValidationError({"key": _("a field called {key} already exists").format(key=repr(key))})
        position = conn.execute("SELECT coalesce(max(position), 0) + 10 FROM fields").fetchone()[0]
        conn.execute(
            "INSERT INTO fields (key, label_zh, label_en, type, builtin, required, searchable, sensitivity,"
            " purposes, rules, position, created_at) VALUES (?, ?, ?, ?, 0, ?, 0, ?, ?, ?, ?, ?)",
            (
                key,
                label_zh.strip(),
                label_en.strip(),
                type,
                int(required),
                sensitivity,
                json.dumps(list(purposes)),
                json.dumps(rules, ensure_ascii=False),
                position,
                _now(),
            ),
        )
        vault.audit().append(actor.user, "field.add", key, {"type": type, "sensitivity": sensitivity})
        if sensitivity == "sensitive":
            vault.sync_key_slots()  # a role may see sensitive values for the first time
    return Catalogue.load(conn).get(key)


def update_field(
    vault,
    actor: Actor,
    key: str,
    *,
    label_zh: str | None = None,
    label_en: str | None = None,
    sensitivity: str | None = None,
    purposes: list[str] | None = None,
    rules: dict[str, Any] | None = None,
) -> FieldDef:
    """Rename or reclassify a field. A built-in field's type and rules are fixed.

    Reclassifying a field to or from *sensitive* encrypts or decrypts its stored values
    under the sensitive-field key (so the actor's slot must carry it) and re-seals the key
    slots, since which roles may see a sensitive field can change with it.
    """
    access = require(vault, actor, "edit_fields")
    conn = vault.connection()
    current = Catalogue.load(conn).get(key)
    changes: dict[str, Any] = {}
    if label_zh is not None and label_zh.strip() != current.label_zh:
        changes["label_zh"] = label_zh.strip()
    if label_en is not None and label_en.strip() != current.label_en:
        changes["label_en"] = label_en.strip()
    if sensitivity is not None and sensitivity != current.sensitivity:
        changes["sensitivity"] = sensitivity
    if purposes is not None and tuple(purposes) != current.purposes:
        changes["purposes"] = json.dumps(list(purposes))
    if rules is not None and rules != current.rules:
        if current.builtin:
            raise ValidationError({"rules": "the validation of a built-in field cannot be changed"})
        changes["rules"] = json.dumps(rules, ensure_ascii=False)
    if any(key in changes and not changes[key] for key in ("label_zh", "label_en")):
        raise ValidationError({"label": _("a label cannot be empty")})
    _check_labels(*(changes[key] for key in ("label_zh", "label_en") if key in changes))
    if "rules" in changes:
        _check_choices(rules.get("choices", []) if rules else [])
    _check_classification(
        sensitivity or current.sensitivity, purposes if purposes is not None else current.purposes
    )
    if not changes:
        return current
    check_field_change(
        access,
        current,
        dataclasses.replace(
            current,
            sensitivity=sensitivity or current.sensitivity,
            purposes=tuple(purposes) if purposes is not None else current.purposes,
        ),
    )
    reclassified = "sensitivity" in changes and "sensitive" in (current.sensitivity, changes["sensitivity"])
    cipher = vault.sensitive_cipher()
    if reclassified:
        if current.builtin and current.searchable:
            raise ValidationError(
                {"sensitivity": "a searchable built-in field (it is indexed and sorted) cannot be sensitive"}
            )
        if cipher is None:
            raise PermissionDeniedError("Only a user who holds the sensitive-field key can reclassify this.")
    with transaction(conn):
        assignments = ", ".join(f"{column} = ?" for column in changes)
        conn.execute(f"UPDATE fields SET {assignments} WHERE key = ?", (*changes.values(), key))
        if reclassified:
            from app import sensitive  # imports nothing back; local to keep this module's top light

            move = (
                sensitive.encrypt_field if changes["sensitivity"] == "sensitive" else sensitive.decrypt_field
            )
            move(conn, cipher, Catalogue.load(conn).get(key), builtin_keys=BUILTIN_KEYS)
        vault.audit().append(actor.user, "field.update", key, {"changed": sorted(changes)})
        if reclassified:
            vault.sync_key_slots()
    return Catalogue.load(conn).get(key)


def set_phone_region(vault, actor: Actor, region: str) -> FieldDef:
    """Set the home region phone numbers are read in when typed without a country code
    (``CN``: 138 1234 5678; ``US``: (415) 555-0132). Stored numbers keep their stored form,
    which does not depend on this (see app/phones.py); only reading and display change."""
    require(vault, actor, "edit_fields")
    region = region.strip().upper()
    if region not in phones.regions():
        raise ValidationError(
            {
                "region": _("{region} is not a region code such as CN, US, GB or DE").format(
                    region=repr(region)
                )
            }
        )
    conn = vault.connection()
    current = Catalogue.load(conn).get("phone")
    if current.region == region:
        return current
    with transaction(conn):
        conn.execute(
            "UPDATE fields SET rules = ? WHERE key = 'phone'",
            (json.dumps({**current.rules, "region": region}, ensure_ascii=False),),
        )
        vault.audit().append(
            actor.user, "field.phone_region", "phone", {"from": current.region, "to": region}
        )
    return Catalogue.load(conn).get("phone")


def reorder_fields(vault, actor: Actor, keys: list[str]) -> None:
    """Set the display order; ``keys`` must name every field exactly once."""
    require(vault, actor, "edit_fields")
    conn = vault.connection()
    known = {f.key for f in Catalogue.load(conn)}
    if sorted(keys) != sorted(known):
        raise ValidationError({"order": "the new order must list every field exactly once"})
    with transaction(conn):
        for index, key in enumerate(keys):
            conn.execute("UPDATE fields SET position = ? WHERE key = ?", ((index + 1) * 10, key))
        vault.audit().append(actor.user, "field.reorder", "", {"order": keys})


def retire_field(vault, actor: Actor, key: str) -> None:
    """Stop collecting a custom field. Stored values stay readable until erased or expired."""
    require(vault, actor, "edit_fields")
    conn = vault.connection()
    definition = Catalogue.load(conn).get(key)
    if definition.builtin:
        raise KnownError(
            _("{field} is a built-in field and cannot be retired.").format(
                field=definition.label(current_language())
            )
        )
    with transaction(conn):
        conn.execute("UPDATE fields SET retired_at = ? WHERE key = ?", (_now(), key))
        vault.audit().append(actor.user, "field.retire", key)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
