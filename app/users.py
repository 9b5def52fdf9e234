"""People who can unlock the vault: add, disable, re-enable, reset a password, change role, remove.

Every change needs the 'manage users' permission and is audited. Two rules keep anyone from
gaining rights through this module: a non-owner may only give a role, or act on a user whose
role, that is strictly weaker than their own (their role has every permission and at least
every field level of it, and it lacks something theirs has) — so a manager manages sales
staff but neither an owner nor another manager, and nobody changes their own role or takes
over a peer's account by resetting its password; and the last active owner can be neither
removed, disabled nor demoted.

A password reset made with the recovery code (``Vault.unlock_with_recovery_code``) leaves a
notice for every owner, shown at their next sign-in (see notices.py): the code opens every
account, so its use must not go unseen.

The key slots follow the users table: ``Vault.sync_key_slots`` seals into each slot exactly
what that user's role may hold (the sensitive-field key only for roles that see sensitive
fields, nothing at all for a disabled user). The slot crypto itself stays in Vault, behind
its public slot methods; the vault never calls this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app import notices
from app.access import Access, Actor, Role, access_for, require
from app.errors import KnownError, NotFoundError, PermissionDeniedError
from app.passwords import check_password_policy
from app.vault import autosignin
from app.vault.database import transaction


@dataclass(frozen=True)
class User:
    name: str
    role: str
    status: str
    must_change_password: bool
    created_at: str
    created_by: str | None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "status": self.status,
            "must_change_password": self.must_change_password,
            "created_at": self.created_at,
            "created_by": self.created_by,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def list_users(vault, actor: Actor) -> list[User]:
    """Everyone with an account (names and roles are shown at sign-in anyway)."""
    access_for(vault, actor)  # an unknown role is refused here as everywhere
    rows = vault.connection().execute(
        "SELECT name, role, status, must_change_password, created_at, created_by FROM users"
        " ORDER BY created_at, name"
    )
    return [User(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]


def _find_user(conn, name: str) -> User | None:
    row = conn.execute(
        "SELECT name, role, status, must_change_password, created_at, created_by FROM users WHERE name = ?",
        (name.strip(),),
    ).fetchone()
    return None if row is None else User(row[0], row[1], row[2], bool(row[3]), row[4], row[5])


def get_user(vault, name: str) -> User:
    user = _find_user(vault.connection(), name)
    if user is None:
        raise NotFoundError(f"There is no user called {name!r} in this vault.")
    return user


def _check_covers(access: Access, role: Role, doing: str) -> None:
    """Owners manage everyone; anyone else only roles strictly weaker than their own."""
    if access.role.is_owner:
        return
    policy, catalogue = access.policy, access.catalogue
    if not policy.dominates(access.role, role, catalogue):
        raise PermissionDeniedError(
            f"{access.actor.user} ({access.role.name}) cannot {doing} a user with the role {role.name}: "
            "it has rights your role does not."
        )
    if policy.dominates(role, access.role, catalogue):
        raise PermissionDeniedError(
            f"{access.actor.user} ({access.role.name}) cannot {doing} a user with the role {role.name}: "
            "it has the same rights as yours; ask an owner."
        )


def _active_owners(conn) -> list[str]:
    return [
        r[0].casefold()
        for r in conn.execute("SELECT name FROM users WHERE role = 'owner' AND status = 'active'")
    ]


def _check_not_last_owner(conn, user: User, doing: str) -> None:
    if user.role == "owner" and user.status == "active" and _active_owners(conn) == [user.name.casefold()]:
        raise PermissionDeniedError(
            f"{user.name} is the last owner; add another owner before you {doing} it."
        )


def _check_can_grant_sensitive(vault, role: Role) -> None:
    if vault.slot_carries_sensitive_key_for(role.name) and not vault.has_sensitive_key:
        raise PermissionDeniedError(
            f"The role {role.name} holds the sensitive-field key, which your account does not: ask an owner."
        )


def add(vault, actor: Actor, name: str, password: str, role: str) -> User:
    """A new user with an initial password (they must change it at first sign-in)."""
    access = require(vault, actor, "manage_users")
    name = name.strip()
    if not name or any(ch in name for ch in "/\\\n\t"):
        raise KnownError("A user name cannot be empty or contain slashes or tabs.")
    target = access.policy.role(role)  # "Unknown role …"
    check_password_policy(
        password,
        manages_users=access.policy.allows(target, "manage_users"),
        user_inputs=(name, vault.business_name),
    )
    if vault.has_user_slot(name) or _find_user(vault.connection(), name) is not None:
        raise KnownError(f"There is already a user called {name}.")
    _check_covers(access, target, "add")
    _check_can_grant_sensitive(vault, target)
    conn = vault.connection()
    with transaction(conn):
        conn.execute(
            "INSERT INTO users (name, role, must_change_password, created_at, created_by)"
            " VALUES (?, ?, 1, ?, ?)",
            (name, target.name, _now(), actor.user),
        )
        vault.audit().append(actor.user, "user.add", name, {"role": target.name})
        vault.add_user_slot(name, password)
        vault.sync_key_slots()  # saves vault.keys; an error rolls the user row back
    return get_user(vault, name)


def remove(vault, actor: Actor, name: str) -> None:
    """Delete a user and their slot. Rotate the data key afterwards so old file copies stay closed."""
    access = require(vault, actor, "manage_users")
    user = get_user(vault, name)
    _check_covers(access, access.policy.role(user.role), "remove")
    conn = vault.connection()
    _check_not_last_owner(conn, user, "remove")
    with transaction(conn):
        conn.execute("DELETE FROM users WHERE name = ?", (user.name,))
        vault.audit().append(actor.user, "user.remove", user.name)
        if vault.has_user_slot(user.name):
            vault.remove_user_slot(user.name)
        vault.sync_key_slots()
    autosignin.forget(vault.vault_id, user.name)


def _set_status(vault, actor: Actor, name: str, status: str) -> None:
    access = require(vault, actor, "manage_users")
    user = get_user(vault, name)
    role = access.policy.role(user.role)
    doing = "disable" if status == "disabled" else "enable"
    _check_covers(access, role, doing)
    conn = vault.connection()
    if status == "disabled":
        if user.name.casefold() == actor.user.casefold():
            raise PermissionDeniedError("You cannot disable your own account.")
        _check_not_last_owner(conn, user, "disable")
    else:
        _check_can_grant_sensitive(vault, role)
    if user.status == status:
        return
    with transaction(conn):
        conn.execute("UPDATE users SET status = ? WHERE name = ?", (status, user.name))
        vault.audit().append(actor.user, f"user.{doing}", user.name)
        vault.sync_key_slots()  # a disabled user's slot is sealed empty: it unwraps no key
    if status == "disabled":
        autosignin.forget(vault.vault_id, user.name)


def disable(vault, actor: Actor, name: str) -> None:
    _set_status(vault, actor, name, "disabled")


def enable(vault, actor: Actor, name: str) -> None:
    _set_status(vault, actor, name, "active")


def reset_password(vault, actor: Actor, name: str, new_password: str, *, must_change: bool = True) -> None:
    """Set another user's password (owner/manager, or after unlocking with the recovery code)."""
    access = require(vault, actor, "manage_users")
    user = get_user(vault, name)
    role = access.policy.role(user.role)
    check_password_policy(
        new_password,
        manages_users=access.policy.allows(role, "manage_users"),
        user_inputs=(user.name, vault.business_name),
    )
    _check_covers(access, role, "reset the password of")
    _check_can_grant_sensitive(vault, role)  # the slot is re-sealed with what the role holds
    conn = vault.connection()
    with transaction(conn):
        conn.execute(
            "UPDATE users SET must_change_password = ? WHERE name = ?", (int(must_change), user.name)
        )
        seq = vault.audit().append(actor.user, "user.password_reset", user.name)
        if vault.user is None:  # signed in with the recovery code
            notices.notify_owners(conn, notices.RECOVERY_PASSWORD_RESET, {"user": user.name, "audit": seq})
        vault.set_slot_password(user.name, new_password)
        vault.sync_key_slots()


def set_role(vault, actor: Actor, name: str, role: str) -> None:
    """Change a user's role; their slot gains or loses the sensitive-field key to match."""
    access = require(vault, actor, "manage_users")
    user = get_user(vault, name)
    current = access.policy.role(user.role)
    target = access.policy.role(role)
    if current.name == target.name:
        return
    _check_covers(access, target, "give the role to")
    _check_covers(access, current, "change the role of")
    conn = vault.connection()
    if current.is_owner:
        _check_not_last_owner(conn, user, "demote")
    _check_can_grant_sensitive(vault, target)
    with transaction(conn):
        conn.execute("UPDATE users SET role = ? WHERE name = ?", (target.name, user.name))
        vault.audit().append(
            actor.user, "user.role_change", user.name, {"from": current.name, "to": target.name}
        )
        vault.sync_key_slots()
