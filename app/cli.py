"""The ``custos`` command line: the same services as the desktop app, for scripts and tests.

Passwords come from a prompt or ``CUSTOS_PASSWORD`` (the user from ``CUSTOS_USER``, default
the vault's first owner); ``CUSTOS_VAULT`` may replace ``--vault``. Known errors print one
line on stderr and exit 1; usage errors exit 2.

Every command runs as the signed-in user: customer output holds only what that user's role
may see (hidden fields absent, masked fields masked). A user whose password was set by
someone else must change it (``custos users passwd``) before anything else.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from app import access, customers, demo, fields, users
from app.errors import KnownError, ValidationError
from app.vault import Vault
from app.vault.keyslots import KeyFile

EXIT_KNOWN_ERROR = 1


class CliError(KnownError):
    """Bad command-line input."""


# ------------------------------------------------------------------------------ helpers


def _vault_dir(args: argparse.Namespace) -> Path:
    folder = args.vault or os.environ.get("CUSTOS_VAULT")
    if not folder:
        raise CliError("No vault given: use --vault DIR or set CUSTOS_VAULT.")
    return Path(folder).expanduser()


def _secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"No terminal to ask for the password: set {env}.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: ") != value:
        raise CliError("The two entries differ.")
    return value


def _default_user(folder: Path) -> str:
    user = os.environ.get("CUSTOS_USER")
    if user:
        return user
    try:
        users = KeyFile.load(folder / "vault.keys").users()
    except FileNotFoundError:
        users = []
    return users[0] if users else "owner"


def _open(args: argparse.Namespace, *, before_password_change: bool = False) -> Vault:
    folder = _vault_dir(args)
    user = (
        _default_user(folder) if (folder / "vault.keys").is_file() else os.environ.get("CUSTOS_USER", "owner")
    )
    vault = Vault.unlock(folder, user, _secret("CUSTOS_PASSWORD", f"Password for {user}: "))
    if vault.must_change_password and not before_password_change:
        vault.lock()
        raise CliError(
            f"{user} must change the password set by someone else first: custos users passwd "
            "(new password from a prompt or CUSTOS_NEW_PASSWORD)."
        )
    return vault


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _field_values(args: argparse.Namespace) -> dict[str, str]:
    values = {
        key: getattr(args, key) for key in ("name", "phone", "email") if getattr(args, key, None) is not None
    }
    for assignment in args.set or []:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--set needs FIELD=VALUE, got {assignment!r}.")
        values[key.strip()] = value
    return values


def _print_customer_table(
    rows: Sequence[customers.Customer], total: int | None = None, capped: bool = False
) -> None:
    for c in rows:
        print(f"{c.id:>8}  {c.name[:24]:<24}  {(c.get('phone') or ''):<16}  {(c.get('email') or '')[:36]}")
    if total is not None:
        print(f"-- {total:,}{'+' if capped else ''} customers")


def _print_customer(customer: customers.Customer, shown: list[tuple[fields.FieldDef, str]]) -> None:
    print(f"Customer {customer.id}")
    for definition, level in shown:
        value = customer.get(definition.key)
        if value is not None or not definition.retired:
            note = "  (masked)" if level == access.MASKED and value else ""
            print(f"  {definition.label_en:<22} {value or ''}{note}")
    print(f"  {'Created':<22} {customer.created_at} by {customer.created_by}")
    print(f"  {'Updated':<22} {customer.updated_at} by {customer.updated_by}")


# ------------------------------------------------------------------------------ commands


def _show_recovery_code(vault: Vault, code: str, kit: str | None) -> None:
    """Print a new recovery code once and, if asked, write its emergency kit PDF."""
    print(f"Recovery code (shown once; print it and keep it locked away): {code}")
    if kit:
        from app.reports.emergency_kit import write_emergency_kit

        write_emergency_kit(
            Path(kit),
            business_name=vault.business_name,
            vault_id=vault.vault_id,
            vault_location=str(vault.folder.resolve()),
            recovery_code=code,
            created_at=datetime.now().astimezone(),
        )
        print(f"Emergency kit written to {kit}")


def cmd_init(args: argparse.Namespace) -> int:
    folder = _vault_dir(args)
    password = _secret("CUSTOS_PASSWORD", f"New password for {args.owner}: ", confirm=True)
    vault, code = Vault.create(folder, owner=args.owner, password=password, business_name=args.business or "")
    try:
        print(f"Created vault {vault.vault_id} at {folder}")
        print(f"Owner: {args.owner}")
        _show_recovery_code(vault, code, args.kit)
    finally:
        vault.lock()
    return 0


def cmd_new_recovery_code(args: argparse.Namespace) -> int:
    """The emergency kit's "if the code leaks" step: the old code and its printed kit stop working."""
    vault = _open(args)
    try:
        _show_recovery_code(vault, vault.replace_recovery_code(vault.actor), args.kit)
    finally:
        vault.lock()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    folder = _vault_dir(args)
    password = os.environ.get("CUSTOS_PASSWORD", demo.DEMO_PASSWORD)
    started = time.perf_counter()
    vault = demo.build_demo(folder, args.customers, args.seed, password=password)
    try:
        total = customers.count(vault, vault.actor)
        print(f"Demo vault {folder}: {total:,} customers ({time.perf_counter() - started:.1f} s)")
        print(f"Sign in as {demo.DEMO_OWNER!r} with password {password!r}")
    finally:
        vault.lock()
    return 0


def cmd_customers(args: argparse.Namespace) -> int:
    vault = _open(args)
    actor = vault.actor
    try:
        action = args.customers_action
        if action == "add":
            customer = customers.create(vault, actor, _field_values(args))
            _print_json(customer.as_dict()) if args.json else print(
                f"Added customer {customer.id}: {customer.name}"
            )
        elif action == "update":
            values = _field_values(args)
            if not values:
                raise CliError("Nothing to change: give --name, --phone, --email or --set FIELD=VALUE.")
            customer = customers.update(vault, actor, args.id, values)
            _print_json(customer.as_dict()) if args.json else print(f"Updated customer {customer.id}")
        elif action == "show":
            customer = customers.get(vault, actor, args.id)
            shown = access.visible_fields(vault, actor, include_retired=True)
            _print_json(customer.as_dict()) if args.json else _print_customer(customer, shown)
        elif action == "delete":
            customer = customers.get(vault, actor, args.id)
            customers.delete(vault, actor, args.id)
            print(f"Deleted customer {customer.id}: {customer.name}")
        elif action == "list":
            view = customers.CustomerView(vault, actor, sort=args.sort, descending=args.desc)
            rows = view.rows(args.offset, args.limit)
            _print_json([c.as_dict() for c in rows]) if args.json else _print_customer_table(rows, view.count)
        elif action == "search":
            result = customers.search(vault, actor, args.query)
            rows = customers.fetch(vault, actor, result.ids[: args.limit])
            if args.json:
                _print_json([c.as_dict() for c in rows])
            else:
                _print_customer_table(rows, result.total, result.capped)
        elif action == "lookup":
            rows = customers.find_by_sensitive(vault, actor, args.field, args.value)
            _print_json([c.as_dict() for c in rows]) if args.json else _print_customer_table(rows, len(rows))
        elif action == "reveal":
            value = customers.reveal(vault, actor, args.id, args.field, reason=args.reason)
            _print_json({"id": args.id, "field": args.field, "value": value}) if args.json else print(
                value or ""
            )
    finally:
        vault.lock()
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        if args.fields_action == "add":
            fields.add_custom_field(
                vault,
                vault.actor,
                key=args.key,
                label_zh=args.label_zh,
                label_en=args.label_en,
                type=args.type,
                sensitivity=args.sensitivity,
                purposes=args.purpose or [],
                rules={"choices": args.choice} if args.choice else {},
            )
            print(f"Added field {args.key}")
            return 0
        catalogue = fields.Catalogue.load(vault.connection())
        if args.json:
            _print_json([f.as_dict() for f in catalogue])
        else:
            for f in catalogue:
                status = " (retired)" if f.retired else ""
                print(
                    f"{f.key:<12} {f.type:<9} {f.sensitivity:<10} {','.join(f.purposes):<32} "
                    f"{f.label_en} / {f.label_zh}{status}"
                )
    finally:
        vault.lock()
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    action = args.users_action
    vault = _open(args, before_password_change=action in ("passwd", "list"))
    try:
        actor = vault.actor
        if action == "add":
            password = _secret("CUSTOS_NEW_PASSWORD", f"Initial password for {args.name}: ", confirm=True)
            users.add(vault, actor, args.name, password, args.role)
            print(f"Added user {args.name} ({args.role}); they must change the password at first sign-in.")
        elif action == "remove":
            users.remove(vault, actor, args.name)
            print(
                f"Removed user {args.name}. Run 'custos rekey' so old copies of the vault stay closed"
                " to them."
            )
        elif action == "disable":
            users.disable(vault, actor, args.name)
            print(f"Disabled {args.name}: their key slot no longer opens the vault.")
        elif action == "enable":
            users.enable(vault, actor, args.name)
            print(f"Enabled {args.name}.")
        elif action == "role":
            users.set_role(vault, actor, args.name, args.role)
            print(f"{args.name} now has the role {args.role}.")
        elif action == "reset":
            new = _secret("CUSTOS_NEW_PASSWORD", f"New password for {args.name}: ", confirm=True)
            users.reset_password(vault, actor, args.name, new)
            print(f"Password reset for {args.name}; they must change it at the next sign-in.")
        elif action == "passwd":
            target = args.name or actor.user
            new = _secret("CUSTOS_NEW_PASSWORD", f"New password for {target}: ", confirm=True)
            if target.casefold() == actor.user.casefold():
                vault.change_password(
                    os.environ.get("CUSTOS_PASSWORD") or _secret("CUSTOS_PASSWORD", "Current: "), new
                )
            else:
                users.reset_password(vault, actor, target, new)
            print(f"Password changed for {target}.")
        else:
            rows = users.list_users(vault, actor)
            if args.json:
                _print_json([u.as_dict() for u in rows])
            else:
                for u in rows:
                    flag = "  (must change password)" if u.must_change_password else ""
                    print(f"{u.name:<20} {u.role:<8} {u.status:<8} since {u.created_at}{flag}")
    finally:
        vault.lock()
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        actor = vault.actor
        if args.roles_action == "add":
            access.add_role(
                vault, actor, args.name, based_on=args.based_on, permissions=args.permission or []
            )
            print(f"Added role {args.name} (field levels from {args.based_on}).")
        elif args.roles_action == "show":
            described = access.describe_role(vault, actor, args.role)
            if args.json:
                _print_json(described)
            else:
                print(f"Role {described['name']} (based on {described['base']})")
                print(f"  permissions: {', '.join(described['permissions']) or '(none)'}")
                for f in described["fields"]:
                    note = "  (override)" if f["override"] else ""
                    print(f"  {f['key']:<14} {f['level']}{note}")
        else:
            roles = access.list_roles(vault, actor)
            if args.json:
                _print_json(
                    [
                        {
                            "name": r.name,
                            "base": r.base,
                            "builtin": r.builtin,
                            "permissions": sorted(r.permissions),
                        }
                        for r in roles
                    ]
                )
            else:
                for r in roles:
                    kind = "built-in" if r.builtin else f"custom, based on {r.base}"
                    print(f"{r.name:<12} {kind:<28} {', '.join(sorted(r.permissions))}")
    finally:
        vault.lock()
    return 0


def cmd_policy(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        level = None if args.level == "default" else args.level
        access.set_level(vault, vault.actor, args.role, args.field, level)
        print(f"{args.role} / {args.field}: {args.level}")
    finally:
        vault.lock()
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    folder = _vault_dir(args)
    code = _secret("CUSTOS_RECOVERY_CODE", "Recovery code: ")
    vault = Vault.unlock_with_recovery_code(folder, code)
    try:
        new = _secret("CUSTOS_NEW_PASSWORD", f"New password for {args.user}: ", confirm=True)
        vault.set_user_password(vault.actor, args.user, new, must_change=False)
        print(f"Password reset for {args.user}.")
    finally:
        vault.lock()
    return 0


def _report_audit(vault: Vault) -> int:
    result = vault.audit().verify()
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else EXIT_KNOWN_ERROR


def cmd_audit(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        return _report_audit(vault)
    finally:
        vault.lock()


def cmd_check(args: argparse.Namespace) -> int:
    """Every page's HMAC (the whole file is read) and the audit chain: a backup's health check."""
    vault = _open(args)
    try:
        started = time.perf_counter()
        vault.check_integrity()
        print(f"Database pages intact ({time.perf_counter() - started:.1f} s).")
        return _report_audit(vault)
    finally:
        vault.lock()


def cmd_rekey(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        started = time.perf_counter()
        vault.rotate_data_key(vault.actor)
        print(f"Data key rotated and every key slot re-sealed ({time.perf_counter() - started:.1f} s).")
    finally:
        vault.lock()
    return 0


# ------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="custos", description="Customer records in an encrypted vault.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def vault_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--vault", metavar="DIR", help="vault folder (or set CUSTOS_VAULT)")

    p = sub.add_parser("init", help="create a new vault")
    vault_arg(p)
    p.add_argument("--owner", default="owner", help="the owner's user name")
    p.add_argument("--business", default="", help="business name (printed on reports)")
    p.add_argument("--kit", metavar="PDF", help="also write the emergency kit PDF here")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create or fill a vault with synthetic customers")
    vault_arg(p)
    p.add_argument("--customers", type=int, default=3000, metavar="N", help="how many customers to add")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("customers", help="add, list, search, show, update or delete customers")
    csub = p.add_subparsers(dest="customers_action", required=True, metavar="ACTION")
    for name in ("add", "update"):
        q = csub.add_parser(name)
        vault_arg(q)
        if name == "update":
            q.add_argument("id", type=int)
        q.add_argument("--name")
        q.add_argument("--phone")
        q.add_argument("--email")
        q.add_argument(
            "--set", action="append", metavar="FIELD=VALUE", help="any catalogue field; repeatable"
        )
        q.add_argument("--json", action="store_true")
    q = csub.add_parser("list")
    vault_arg(q)
    q.add_argument("--sort", default="name", choices=sorted(customers.SORT_KEYS))
    q.add_argument("--desc", action="store_true")
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--offset", type=int, default=0)
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("search")
    vault_arg(q)
    q.add_argument("query")
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--json", action="store_true")
    for name in ("show", "delete"):
        q = csub.add_parser(name)
        vault_arg(q)
        q.add_argument("id", type=int)
        q.add_argument("--json", action="store_true")
    q = csub.add_parser("lookup", help="exact lookup of a sensitive value, e.g. an ID number")
    vault_arg(q)
    q.add_argument("field")
    q.add_argument("value")
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("reveal", help="show one masked value in full (audited with the reason)")
    vault_arg(q)
    q.add_argument("id", type=int)
    q.add_argument("field")
    q.add_argument("--reason", required=True)
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_customers)

    p = sub.add_parser("fields", help="the field catalogue")
    fsub = p.add_subparsers(dest="fields_action", required=True, metavar="ACTION")
    q = fsub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("add", help="add a custom field")
    vault_arg(q)
    q.add_argument("key")
    q.add_argument("--type", required=True, choices=fields.CUSTOM_TYPES)
    q.add_argument("--label-zh", required=True)
    q.add_argument("--label-en", required=True)
    q.add_argument("--sensitivity", default="personal", choices=fields.SENSITIVITIES)
    q.add_argument("--purpose", action="append", choices=fields.PURPOSES)
    q.add_argument("--choice", action="append", help="for --type choice; repeatable")
    p.set_defaults(func=cmd_fields)

    p = sub.add_parser("users", help="people who can unlock the vault")
    usub = p.add_subparsers(dest="users_action", required=True, metavar="ACTION")
    q = usub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = usub.add_parser("add")
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("--role", default="sales", help="a built-in or custom role (see: custos roles list)")
    for name in ("remove", "disable", "enable", "reset"):
        q = usub.add_parser(name)
        vault_arg(q)
        q.add_argument("name")
    q = usub.add_parser("role", help="change a user's role")
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("role")
    q = usub.add_parser("passwd", help="change your password, or reset another user's")
    vault_arg(q)
    q.add_argument("name", nargs="?")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("roles", help="roles and what they may see and do")
    rsub = p.add_subparsers(dest="roles_action", required=True, metavar="ACTION")
    q = rsub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("show")
    vault_arg(q)
    q.add_argument("role")
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("add", help="a custom role")
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("--based-on", default="auditor", help="the role whose field defaults it starts from")
    q.add_argument("--permission", action="append", choices=sorted(access.PERMISSIONS))
    p.set_defaults(func=cmd_roles)

    p = sub.add_parser("policy", help="the per-field access policy")
    psub = p.add_subparsers(dest="policy_action", required=True, metavar="ACTION")
    q = psub.add_parser("set", help="set ROLE's level for FIELD ('default' removes the override)")
    vault_arg(q)
    q.add_argument("role")
    q.add_argument("field")
    q.add_argument("level", choices=[*access.LEVELS, "default"])
    p.set_defaults(func=cmd_policy)

    p = sub.add_parser("recover", help="reset a password with the recovery code")
    vault_arg(p)
    p.add_argument("--user", required=True)
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "new-recovery-code", help="replace the recovery code (the old code and kit stop working)"
    )
    vault_arg(p)
    p.add_argument("--kit", metavar="PDF", help="also write the new emergency kit PDF here")
    p.set_defaults(func=cmd_new_recovery_code)

    p = sub.add_parser("audit", help="the audit log")
    asub = p.add_subparsers(dest="audit_action", required=True, metavar="ACTION")
    q = asub.add_parser("verify", help="check the hash chain")
    vault_arg(q)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("check", help="check every database page and the audit log (reads the whole vault)")
    vault_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rekey", help="rotate the data key (after removing a user)")
    vault_arg(p)
    p.set_defaults(func=cmd_rekey)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as exc:
        for key, message in exc.errors.items():
            print(f"custos: {key}: {message}", file=sys.stderr)
        return EXIT_KNOWN_ERROR
    except KnownError as exc:
        print(f"custos: {exc}", file=sys.stderr)
        return EXIT_KNOWN_ERROR
    except KeyboardInterrupt:
        print("custos: cancelled", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"custos: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_KNOWN_ERROR


if __name__ == "__main__":
    sys.exit(main())
