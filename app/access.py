"""Who is acting, and what their role lets them see and do.

Every service that touches customer data takes an ``Actor`` (user + role). The role decides,
per field of the catalogue, one of four levels — ``hidden`` (never leaves the core),
``masked`` (only a masked form leaves the core; see masking.py), ``read`` or ``write`` — and
a set of permissions (manage users, edit the policy, …).

A role's levels are *derived*: each field gets the role's default from its classification
(sensitivity and purposes, ``default_level``), and ``role_field_policy`` holds only the
owner's overrides. So a field added later is covered by every role without anyone touching
the policy. The owner always has every level and permission: no policy can lock the vault's
owners out of it.

Roles that may see any *sensitive* field (level masked or better) hold the sensitive-field
key in their key slots; see sensitive.py and ``Vault.sync_key_slots``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.fields import Catalogue, FieldDef
from app.i18n import N_, _, current_language

BUILTIN_ROLES = ("owner", "manager", "sales", "service", "field", "auditor")

HIDDEN, MASKED, READ, WRITE = "hidden", "masked", "read", "write"
LEVELS = (HIDDEN, MASKED, READ, WRITE)
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# Permission name -> what it lets a person do (used in refusals: "may not <label>").
PERMISSIONS = {
    "manage_users": N_("manage users"),
    "edit_policy": N_("edit the access policy"),
    "edit_fields": N_("edit the field catalogue"),
    "export": N_("export customer data"),
    "manage_partners": N_("manage the partner register"),
    "backup": N_("make backups"),
    "restore": N_("restore backups"),
    "manage_backups": N_("choose where and when backups go, and prune old ones"),
    "view_audit": N_("view the audit log"),
    "view_alerts": N_("see unusual-access alerts"),
    "manage_incidents": N_("record incidents and write notices about them"),
    "view_incidents": N_("read the incident register"),
    "compliance_reports": N_("produce and verify compliance reports"),
    "check_vault": N_("check the vault's integrity"),
    "handle_requests": N_("handle customers' requests"),
    "delete_customers": N_("delete customers"),
    "erase_customers": N_("erase customers for good"),
    "apply_retention": N_("review and apply retention rules"),
    "merge_customers": N_("merge duplicate customers"),
    "reveal": N_("reveal masked values"),
    "view_consent": N_("see customers' consent"),
    "record_consent": N_("record or withdraw consent"),
    "import_customers": N_("import customers from files"),
    "prepare_field_packs": N_("prepare field packs for offline work"),
    "merge_field_packs": N_("merge field packs back and resolve their conflicts"),
}

# Contact fields every customer-facing role works with; field staff, who visit customers,
# also the address (sales sees it masked to the district, service works with it).
CONTACT_FIELDS = frozenset({"name", "phone", "email"})
FIELD_STAFF_CONTACT = CONTACT_FIELDS | {"address"}
# Which purposes (fields.PURPOSES) each customer-facing base role works for.
ROLE_PURPOSES = {"sales": {"sales", "marketing"}, "service": {"service", "delivery"}, "field": set()}

_ROLE_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Actor:
    user: str
    role: str

    def __post_init__(self) -> None:
        if not self.user:
            raise ValueError("an Actor needs a user name")


# What each built-in role may do when the vault is created (migration 0004 seeds the same);
# "Restore defaults" in the role editor goes back to these.
_CONSENT = frozenset({"view_consent", "record_consent"})
DEFAULT_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset(PERMISSIONS),
    "manager": frozenset(PERMISSIONS) - {"edit_policy"},
    "sales": _CONSENT,
    "service": frozenset({"handle_requests"}) | _CONSENT,
    "field": _CONSENT,
    "auditor": frozenset(
        {"view_audit", "check_vault", "view_alerts", "view_incidents", "compliance_reports"}
    ),
}


def default_permissions(role: Role) -> frozenset[str]:
    """A built-in role's starting permissions; a custom role starts from its base's, less
    the two that change who may do what (managing users, editing the policy)."""
    if role.builtin:
        return DEFAULT_PERMISSIONS.get(role.name, frozenset())
    return DEFAULT_PERMISSIONS.get(role.base, frozenset()) - {"manage_users", "edit_policy"}


def default_level(base: str, field: FieldDef) -> str:
    """A role's level for a field from the field's classification, before any override.

    Sales and service see the contact fields and the fields for their own purposes, and not
    each other's (service notes are hidden from sales; company, a sales field, from
    service). Personal data meant for other purposes is masked; sensitive personal
    information (PIPL Art. 28) is hidden from everyone but the owner and the manager.
    """
    if base in ("owner", "manager"):
        return WRITE
    if base not in ROLE_PURPOSES:  # auditor, or a custom role based on nothing
        return HIDDEN
    if field.sensitivity == "sensitive":
        return HIDDEN
    if field.builtin and field.key in (FIELD_STAFF_CONTACT if base == "field" else CONTACT_FIELDS):
        return WRITE
    if base == "field":
        return READ if field.sensitivity == "public" else HIDDEN
    if set(field.purposes) & ROLE_PURPOSES[base]:
        return WRITE
    if field.sensitivity == "public" or (field.sensitivity == "internal" and not field.purposes):
        return READ
    if field.sensitivity == "personal":
        return MASKED
    return HIDDEN


@dataclass(frozen=True)
class Role:
    name: str
    base: str
    builtin: bool
    permissions: frozenset[str]
    description: str = ""

    @property
    def is_owner(self) -> bool:
        return self.name == "owner"


class Policy:
    """Roles and per-field overrides as stored; answers "what level / may they?"."""

    def __init__(self, roles: dict[str, Role], overrides: dict[tuple[str, str], str]) -> None:
        self.roles = roles
        self.overrides = overrides

    @classmethod
    def load(cls, conn) -> Policy:
        roles = {
            r[0].lower(): Role(r[0].lower(), r[1], bool(r[2]), frozenset(json.loads(r[3])), r[4])
            for r in conn.execute("SELECT name, base, builtin, permissions, description FROM roles")
        }
        overrides = {
            (r[0].lower(), r[1]): r[2]
            for r in conn.execute("SELECT role, field, level FROM role_field_policy")
        }
        return cls(roles, overrides)

    def role(self, name: str) -> Role:
        try:
            return self.roles[name.lower()]
        except KeyError:
            raise KnownError(
                _("Unknown role {role}; roles are {roles}.").format(
                    role=repr(name), roles=", ".join(self.roles)
                )
            ) from None

    def level(self, role: str | Role, field: FieldDef) -> str:
        r = role if isinstance(role, Role) else self.role(role)
        if r.is_owner:
            return WRITE
        return self.overrides.get((r.name, field.key)) or default_level(r.base, field)

    def levels(self, role: str | Role, catalogue: Iterable[FieldDef]) -> dict[str, str]:
        return {f.key: self.level(role, f) for f in catalogue}

    def allows(self, role: str | Role, permission: str) -> bool:
        r = role if isinstance(role, Role) else self.role(role)
        return r.is_owner or permission in r.permissions

    def holds_sensitive(self, role: str | Role, catalogue: Iterable[FieldDef]) -> bool:
        """Whether the role may see (masked or better) any sensitive field, retired ones too."""
        return any(f.sensitivity == "sensitive" and self.level(role, f) != HIDDEN for f in catalogue)

    def dominates(self, stronger: str | Role, weaker: str | Role, catalogue: Iterable[FieldDef]) -> bool:
        """True when ``stronger`` has every permission and at least every field level of ``weaker``."""
        a = stronger if isinstance(stronger, Role) else self.role(stronger)
        b = weaker if isinstance(weaker, Role) else self.role(weaker)
        if a.is_owner:
            return True
        if b.is_owner:
            return False
        if not all(self.allows(a, p) for p in b.permissions):
            return False
        return all(LEVEL_RANK[self.level(a, f)] >= LEVEL_RANK[self.level(b, f)] for f in catalogue)


@dataclass(frozen=True)
class Access:
    """One actor's view of the catalogue: what each field's level is, what they may do."""

    actor: Actor
    role: Role
    policy: Policy
    catalogue: Catalogue
    levels: dict[str, str]

    def level(self, key: str) -> str:
        return self.levels.get(key, HIDDEN)

    def can_see(self, key: str) -> bool:
        return self.level(key) != HIDDEN

    def can_read(self, key: str) -> bool:
        """Unmasked: only these fields may be searched, sorted or filtered on."""
        return self.level(key) in (READ, WRITE)

    def can_write(self, key: str) -> bool:
        return self.level(key) == WRITE

    def allows(self, permission: str) -> bool:
        return self.policy.allows(self.role, permission)

    def require(self, permission: str) -> None:
        if not self.allows(permission):
            raise PermissionDeniedError(
                _("{user} ({role}) may not {action}.").format(
                    user=self.actor.user,
                    role=self.role.name,
                    action=_(PERMISSIONS.get(permission, permission)),
                )
            )

    def field_label(self, key: str) -> str:
        return self.catalogue.get(key).label(current_language()) if key in self.catalogue else key

    def require_write(self, key: str) -> None:
        if not self.can_write(key):
            raise PermissionDeniedError(
                _("{user} ({role}) may not change the field {field} ({key}).").format(
                    user=self.actor.user, role=self.role.name, field=self.field_label(key), key=key
                )
            )

    def require_read(self, key: str, doing: str) -> None:
        """``doing`` is a translated verb phrase: ``_("sort by")``."""
        if not self.can_read(key):
            raise PermissionDeniedError(
                _(
                    "{user} ({role}) cannot {doing} {field} ({key}): the role does not see its values"
                    " in full."
                ).format(
                    user=self.actor.user,
                    role=self.role.name,
                    doing=doing,
                    field=self.field_label(key),
                    key=key,
                )
            )


def access_for(vault, actor: Actor) -> Access:
    """The actor's Access, read fresh from the vault (roles, overrides and catalogue are small)."""
    conn = vault.connection()
    policy = Policy.load(conn)
    catalogue = Catalogue.load(conn)
    role = policy.role(actor.role)
    return Access(actor, role, policy, catalogue, policy.levels(role, catalogue))


def require(vault, actor: Actor, permission: str) -> Access:
    access = access_for(vault, actor)
    access.require(permission)
    return access


def visible_fields(vault, actor: Actor, *, include_retired: bool = False) -> list[tuple[FieldDef, str]]:
    """(field, level) for every field the actor may see (not hidden), in display order."""
    access = access_for(vault, actor)
    fields = list(access.catalogue) if include_retired else access.catalogue.active()
    return [(f, access.level(f.key)) for f in fields if access.can_see(f.key)]


def sensitive_roles(conn) -> set[str]:
    """Names of the roles whose users' key slots carry the sensitive-field key."""
    policy = Policy.load(conn)
    catalogue = list(Catalogue.load(conn))
    return {name for name, role in policy.roles.items() if policy.holds_sensitive(role, catalogue)}


# ------------------------------------------------------------------------------- changing the policy


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_not_own_role(access: Access, role: Role) -> None:
    # Nobody raises their own role: only an owner (who has everything anyway) edits a role
    # they hold themselves.
    if role.name == access.role.name and not access.role.is_owner:
        raise PermissionDeniedError(_("You cannot change the policy of your own role."))


def _check_within_own_rights(access: Access, before: Role | None, after: Role, policy_after: Policy) -> None:
    """A non-owner editing the policy shapes only roles their own role covers, before and after.

    Otherwise an editor could raise a weaker role above their own and then use it: assign
    it (users.py), or sign in as one of its users whose password they reset.
    """
    if access.role.is_owner:
        return
    catalogue = list(access.catalogue)
    if before is not None and not access.policy.dominates(access.role, before, catalogue):
        raise PermissionDeniedError(
            _("{user} ({role}) cannot change the role {other}: it has rights your role does not.").format(
                user=access.actor.user, role=access.role.name, other=before.name
            )
        )
    if not policy_after.dominates(access.role, after, catalogue):
        raise PermissionDeniedError(
            _("{user} ({role}) cannot give the role {other} rights your own role does not have.").format(
                user=access.actor.user, role=access.role.name, other=after.name
            )
        )


def check_field_change(access: Access, before: FieldDef, after: FieldDef) -> None:
    """Reclassifying a field changes every role's default level for it: a non-owner may not
    use that to raise their own level, or any role's above their own (see field_admin.update_field)."""
    if access.role.is_owner:
        return
    policy = access.policy
    own_before, own_after = policy.level(access.role, before), policy.level(access.role, after)
    if LEVEL_RANK[own_after] > LEVEL_RANK[own_before]:
        raise PermissionDeniedError(
            _(
                "{user} ({role}) cannot reclassify {field}: it would raise your own role's access to it "
                "({before} → {after})."
            ).format(
                user=access.actor.user,
                role=access.role.name,
                field=before.label(),
                before=own_before,
                after=own_after,
            )
        )
    for role in policy.roles.values():
        level = policy.level(role, after)
        if LEVEL_RANK[level] > max(LEVEL_RANK[policy.level(role, before)], LEVEL_RANK[own_before]):
            raise PermissionDeniedError(
                _(
                    "{user} ({role}) cannot reclassify {field}: it would give the role {other} more access "
                    "to it ({level}) than your own role has."
                ).format(
                    user=access.actor.user,
                    role=access.role.name,
                    field=before.label(),
                    other=role.name,
                    level=level,
                )
            )


def list_roles(vault, actor: Actor) -> list[Role]:
    return sorted(access_for(vault, actor).policy.roles.values(), key=lambda r: (not r.builtin, r.name))


def describe_role(vault, actor: Actor, name: str) -> dict:
    """A role's permissions and every field's level (with whether it is an override)."""
    access = access_for(vault, actor)
    role = access.policy.role(name)
    return {
        "name": role.name,
        "base": role.base,
        "builtin": role.builtin,
        "description": role.description,
        "permissions": sorted(PERMISSIONS) if role.is_owner else sorted(role.permissions),
        "fields": [
            {
                "key": f.key,
                "level": access.policy.level(role, f),
                "default": default_level(role.base, f) if not role.is_owner else WRITE,
                "override": (role.name, f.key) in access.policy.overrides,
            }
            for f in access.catalogue
        ],
    }


def add_role(
    vault,
    actor: Actor,
    name: str,
    *,
    based_on: str = "auditor",
    permissions: Iterable[str] = (),
    description: str = "",
) -> Role:
    """A custom role: field levels start from ``based_on``'s defaults (overridable per field)."""
    from app.vault.database import transaction

    access = require(vault, actor, "edit_policy")
    name = name.strip().lower()
    if not _ROLE_NAME_RE.match(name):
        raise ValidationError({"role": "use lower-case letters, digits, - and _ (starting with a letter)"})
    if name in access.policy.roles:
        raise ValidationError({"role": f"a role called {name!r} already exists"})
    base = access.policy.role(based_on).base
    if base == "owner":
        raise ValidationError({"based_on": "there is only one owner role; base a custom role on manager"})
    perms = sorted(set(permissions))
    _check_permissions(perms)
    new_role = Role(name, base, False, frozenset(perms), description.strip())
    _check_within_own_rights(
        access, None, new_role, Policy({**access.policy.roles, name: new_role}, access.policy.overrides)
    )
    conn = vault.connection()
    with transaction(conn):
        conn.execute(
            "INSERT INTO roles (name, base, builtin, permissions, description, created_at)"
            " VALUES (?, ?, 0, ?, ?, ?)",
            (name, base, json.dumps(perms), description.strip(), _now()),
        )
        vault.audit().append(actor.user, "role.add", name, {"based_on": base, "permissions": perms})
        vault.sync_key_slots()
    return access_for(vault, actor).policy.role(name)


def _check_permissions(perms: Iterable[str]) -> None:
    unknown = [p for p in perms if p not in PERMISSIONS]
    if unknown:
        raise ValidationError(
            {"permissions": f"unknown permission {unknown[0]!r}; known: {', '.join(PERMISSIONS)}"}
        )


def set_permissions(vault, actor: Actor, role_name: str, permissions: Iterable[str]) -> None:
    from app.vault.database import transaction

    access = require(vault, actor, "edit_policy")
    role = access.policy.role(role_name)
    if role.is_owner:
        raise PermissionDeniedError(_("The owner role always has every permission."))
    _check_not_own_role(access, role)
    perms = sorted(set(permissions))
    _check_permissions(perms)
    changed = Role(role.name, role.base, role.builtin, frozenset(perms), role.description)
    _check_within_own_rights(
        access, role, changed, Policy({**access.policy.roles, role.name: changed}, access.policy.overrides)
    )
    conn = vault.connection()
    with transaction(conn):
        conn.execute("UPDATE roles SET permissions = ? WHERE name = ?", (json.dumps(perms), role.name))
        vault.audit().append(
            actor.user, "policy.permissions", role.name, {"from": sorted(role.permissions), "to": perms}
        )


def set_level(vault, actor: Actor, role_name: str, field_key: str, level: str | None) -> None:
    """Override one role's level for one field; ``None`` returns it to the classification default.

    Adds or removes the sensitive-field key from the slots of that role's users when the
    change decides whether the role may see a sensitive field.
    """
    from app.vault.database import transaction

    access = require(vault, actor, "edit_policy")
    role = access.policy.role(role_name)
    if role.is_owner:
        raise PermissionDeniedError(_("The owner always sees and edits every field; its policy is fixed."))
    _check_not_own_role(access, role)
    if level is not None and level not in LEVELS:
        raise ValidationError({"level": f"must be one of {', '.join(LEVELS)}"})
    field = access.catalogue.get(field_key)  # NotFoundError names an unknown field
    before = access.policy.level(role, field)
    overrides = dict(access.policy.overrides)
    if level is None:
        overrides.pop((role.name, field.key), None)
    else:
        overrides[(role.name, field.key)] = level
    _check_within_own_rights(access, role, role, Policy(access.policy.roles, overrides))
    conn = vault.connection()
    with transaction(conn):
        if level is None:
            conn.execute("DELETE FROM role_field_policy WHERE role = ? AND field = ?", (role.name, field.key))
        else:
            conn.execute(
                "INSERT INTO role_field_policy (role, field, level) VALUES (?, ?, ?)"
                " ON CONFLICT (role, field) DO UPDATE SET level = excluded.level",
                (role.name, field.key, level),
            )
        after = Policy.load(conn).level(role.name, field)
        vault.audit().append(
            actor.user, "policy.set", f"{role.name}/{field.key}", {"from": before, "to": after}
        )
        vault.sync_key_slots()
