"""The ``custos`` command line: the same services as the desktop app, for scripts and tests.

Passwords come from a prompt or ``CUSTOS_PASSWORD`` (the user from ``CUSTOS_USER``, default
the vault's first owner); ``CUSTOS_VAULT`` may replace ``--vault``. Every error — a known
error from the core, a bad argument, a validation of several fields — is one line on stderr
and exit status 1; nothing the user typed or stored can break that line or the table rows
(see app.console). Messages follow the locale (LANG / LC_ALL / LC_MESSAGES; see app.i18n).

Every command runs as the signed-in user: customer output holds only what that user's role
may see (hidden fields absent, masked fields masked). A user whose password was set by
someone else must change it (``custos users passwd``) before anything else.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app import (
    access,
    audit,
    console,
    customers,
    demo,
    duplicates,
    field_admin,
    fields,
    notices,
    phones,
    users,
)
from app.errors import KnownError
from app.i18n import _, current_language, language_from_environment, ngettext, set_language
from app.vault import Vault
from app.vault.keyslots import KeyFile

EXIT_KNOWN_ERROR = 1
# Like any Unix filter killed by SIGPIPE (128 + 13) when the reader stops early (``| head``).
EXIT_BROKEN_PIPE = 141
# SQLite row ids are signed 64-bit; anything larger cannot name a customer.
MAX_ID = 2**63 - 1


class CliError(KnownError):
    """Bad command-line input."""


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are a CliError (one line, exit 1) instead of usage + exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = _("{problem} (see: {command} --help)").format(problem=message, command=self.prog)
        subcommand = self.prog.removeprefix("custos").strip()
        raise CliError(f"{subcommand}: {hint}" if subcommand else hint)


def _whole_number(low: int, high: int, what: str):
    """An argparse type for an integer in [low, high]; a 20-digit id is a usage error, not an
    OverflowError from SQLite."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{what} must be a whole number, not {text}").format(what=what, text=repr(text))
            ) from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                _("{what} must be between {low} and {high}").format(what=what, low=low, high=high)
            )
        return number

    parse.__name__ = what  # argparse names the type in its own messages
    return parse


_customer_id = _whole_number(1, MAX_ID, "customer id")
_row_count = _whole_number(0, MAX_ID, "count")


# ------------------------------------------------------------------------------ helpers


def _vault_dir(args: argparse.Namespace) -> Path:
    folder = args.vault or os.environ.get("CUSTOS_VAULT")
    if not folder:
        raise CliError(_("No vault given: use --vault DIR or set CUSTOS_VAULT."))
    return Path(folder).expanduser()


def _secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise CliError(_("{variable} is not valid UTF-8 text.").format(variable=env)) from None
        return value
    if not sys.stdin.isatty():
        raise CliError(_("No terminal to ask for the password: set {variable}.").format(variable=env))
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat: ")) != value:
        raise CliError(_("The two entries differ."))
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


# What a field pack opened with ``--vault FILE`` is for (app/fieldpack.py): customers and consent.
FIELD_MODE_COMMANDS = frozenset({"customers", "consent"})


def _open_pack(args: argparse.Namespace, path: Path) -> Vault:
    """Field mode: the pack opens with the field user's password; every change is written back
    into the pack file when the command ends (``vault.lock()``)."""
    from app import fieldpack

    command = getattr(args, "command", "")
    if command not in FIELD_MODE_COMMANDS:
        raise CliError(
            _("{path} is a field pack: only customers and consent commands work on it (field mode).").format(
                path=path.name
            )
        )
    header = fieldpack.read_header(path)
    user = os.environ.get("CUSTOS_USER") or header.user
    vault = fieldpack.open_pack(
        path, user, _secret("CUSTOS_PASSWORD", _("Password for {user}: ").format(user=user))
    )
    print(
        _line(
            _("custos: field mode: pack of {user} from {business}, expires {date}"),
            user=header.user,
            business=header.business or "-",
            date=header.expires_at[:10],
        ),
        file=sys.stderr,
    )
    return vault


def _open(args: argparse.Namespace, *, before_password_change: bool = False) -> Vault:
    folder = _vault_dir(args)
    if folder.is_file():
        from app import fieldpack

        if fieldpack.is_pack(folder):
            return _open_pack(args, folder)
    user = (
        _default_user(folder) if (folder / "vault.keys").is_file() else os.environ.get("CUSTOS_USER", "owner")
    )
    vault = Vault.unlock(
        folder, user, _secret("CUSTOS_PASSWORD", _("Password for {user}: ").format(user=user))
    )
    _print_notices(vault)
    if vault.must_change_password and not before_password_change:
        vault.lock()
        raise CliError(
            _(
                "{user} must change the password set by someone else first: custos users passwd "
                "(new password from a prompt or CUSTOS_NEW_PASSWORD)."
            ).format(user=user)
        )
    return vault


def _line(template: str, **values: Any) -> str:
    """A translated template filled with values made inert (console.printable)."""
    return template.format(**{key: console.printable(value) for key, value in values.items()})


def _print_notices(vault: Vault) -> None:
    """What the user must know since their last sign-in (e.g. a recovery-code reset), on stderr."""
    pending = notices.pending(vault)
    for notice in pending:
        print(_line(_("custos: notice: {message}"), message=notice.message()), file=sys.stderr)
    notices.acknowledge(vault, pending)
    from app import policy  # the policy's document reads most of the core: imported when used

    waiting = policy.needs_acknowledgement(vault, vault.actor)
    if waiting is not None:
        print(
            _line(
                _(
                    "custos: notice: version {number} of the written policy awaits your acknowledgement;"
                    " you see no customers until then: custos policy show, then custos policy acknowledge."
                ),
                number=waiting.number,
            ),
            file=sys.stderr,
        )


def _print_json(data: Any) -> None:
    print(console.dumps(data))


def _field_values(args: argparse.Namespace) -> dict[str, str]:
    values = {
        key: getattr(args, key) for key in ("name", "phone", "email") if getattr(args, key, None) is not None
    }
    for assignment in args.set or []:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise CliError(_("--set needs FIELD=VALUE, got {text}.").format(text=repr(assignment)))
        values[key.strip()] = value
    return values


def _phone_region(vault: Vault) -> str:
    return fields.Catalogue.load(vault.connection()).get("phone").region


def _print_customer_table(
    rows: Sequence[customers.Customer],
    total: int | None = None,
    capped: bool = False,
    region: str = phones.DEFAULT_REGION,
) -> None:
    """One line per customer, columns aligned by display width (a Chinese character is two
    columns) and every value made inert (console.printable), so no value can add a row.
    Phones read as everywhere else: home-region numbers national, others international."""
    for c in rows:
        cells = (
            console.pad(str(c.id), 8, right=True),
            console.pad(console.printable(c.name), 24),
            console.pad(console.printable(phones.format_phone(c.get("phone") or "", region)), 18),
            console.clip(console.printable(c.get("email") or ""), 36),
        )
        print("  ".join(cells).rstrip())
    if total is not None:
        count = f"{total:,}+" if capped else f"{total:,}"
        print("-- " + ngettext("{count} customer", "{count} customers", total).format(count=count))


def _print_customer(customer: customers.Customer, shown: list[tuple[fields.FieldDef, str]]) -> None:
    print(_("Customer {id}").format(id=customer.id))
    for definition, level in shown:
        value = customer.get(definition.key)
        if value is not None or not definition.retired:
            note = _("  (masked)") if level == access.MASKED and value else ""
            if definition.type == "phone" and value:
                value = phones.format_phone(value, definition.region)
            label = console.pad(console.printable(definition.label(current_language())), 22)
            print(f"  {label} {console.printable(value or '')}{note}")
    for label, at, by in (
        (_("Created"), customer.created_at, customer.created_by),
        (_("Updated"), customer.updated_at, customer.updated_by),
    ):
        print(f"  {console.pad(label, 22)} " + _("{at} by {user}").format(at=at, user=console.printable(by)))


def _refusing_duplicates(save: Any) -> customers.Customer:
    try:
        return save()
    except duplicates.DuplicateError as exc:
        raise CliError(str(exc) + " " + _("Add --allow-duplicate to save it anyway.")) from None


def _take_choices(assignments: Sequence[str]) -> dict[str, str]:
    """``--take FIELD=other`` (or ``=keep``; a bare FIELD means other) as {field: side}."""
    choices = {}
    for assignment in assignments:
        key, sep, side = assignment.partition("=")
        side = side.strip().lower() if sep else duplicates.OTHER
        if not key.strip() or side not in (duplicates.KEEP, duplicates.OTHER):
            message = _("--take needs FIELD=other or FIELD=keep, got {text}.")
            raise CliError(message.format(text=repr(assignment)))
        choices[key.strip()] = side
    return choices


def _print_duplicate_pairs(found: duplicates.DuplicateList) -> None:
    for pair in found.pairs:
        cells = (
            console.pad(str(pair.first.id), 8, right=True),
            console.pad(console.printable(pair.first.name), 20),
            console.pad(str(pair.second.id), 8, right=True),
            console.pad(console.printable(pair.second.name), 20),
            _("same {fields}").format(fields=", ".join(pair.reasons)),
        )
        print("  ".join(cells))
    line = ngettext("{count} likely duplicate pair", "{count} likely duplicate pairs", len(found.pairs))
    more = _(" (more after these are merged)") if found.more else ""
    print("-- " + line.format(count=len(found.pairs)) + more)


# ------------------------------------------------------------------------------ commands


def _show_recovery_code(vault: Vault, code: str, kit: str | None) -> None:
    """Print a new recovery code once and, if asked, write its emergency kit PDF."""
    print(_line(_("Recovery code (shown once; print it and keep it locked away): {code}"), code=code))
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
        print(_line(_("Emergency kit written to {path}"), path=kit))


def cmd_init(args: argparse.Namespace) -> int:
    folder = _vault_dir(args)
    password = _secret(
        "CUSTOS_PASSWORD", _line(_("New password for {user}: "), user=args.owner), confirm=True
    )
    vault, code = Vault.create(folder, owner=args.owner, password=password, business_name=args.business or "")
    try:
        print(_line(_("Created vault {vault_id} at {path}"), vault_id=vault.vault_id, path=folder))
        print(_line(_("Owner: {user}"), user=args.owner))
        _show_recovery_code(vault, code, args.kit)
    finally:
        vault.lock()
    return 0


def cmd_new_recovery_code(args: argparse.Namespace) -> int:
    """The emergency kit's "if the code leaks" step: the old code and its printed kit stop working.

    Owners only. The old code is voided only after the new one was printed (and its kit
    written), so an interrupted run leaves the old code working.
    """
    vault = _open(args)
    try:
        actor = vault.actor
        code = vault.start_recovery_code_replacement(actor)
        _show_recovery_code(vault, code, args.kit)
        sys.stdout.flush()
        vault.finish_recovery_code_replacement(actor)
        print(_("The old recovery code and its emergency kit no longer work."))
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
        seconds = f"{time.perf_counter() - started:.1f}"
        print(
            _line(
                ngettext(
                    "Demo vault {path}: {count} customer ({seconds} s)",
                    "Demo vault {path}: {count} customers ({seconds} s)",
                    total,
                ),
                path=folder,
                count=f"{total:,}",
                seconds=seconds,
            )
        )
        print(
            _line(
                _("Sign in as {user} with password {password}"),
                user=repr(demo.DEMO_OWNER),
                password=repr(password),
            )
        )
    finally:
        vault.lock()
    return 0


def cmd_customers(args: argparse.Namespace) -> int:
    vault = _open(args)
    actor = vault.actor
    try:
        action = args.customers_action
        if action == "add":
            customer = _refusing_duplicates(
                lambda: duplicates.add_customer(
                    vault, actor, _field_values(args), allow_duplicate=args.allow_duplicate
                ),
            )
            _print_json(customer.as_dict()) if args.json else print(
                _line(_("Added customer {id}: {name}"), id=customer.id, name=customer.name)
            )
        elif action == "update":
            values = _field_values(args)
            if not values:
                raise CliError(_("Nothing to change: give --name, --phone, --email or --set FIELD=VALUE."))
            customer = _refusing_duplicates(
                lambda: duplicates.update_customer(
                    vault, actor, args.id, values, allow_duplicate=args.allow_duplicate
                ),
            )
            _print_json(customer.as_dict()) if args.json else print(
                _line(_("Updated customer {id}"), id=customer.id)
            )
        elif action == "show":
            customer = customers.view(vault, actor, args.id)
            shown = access.visible_fields(vault, actor, include_retired=True)
            if args.json:
                _print_json({**customer.as_dict(), "merged_from": customer.merged_from})
            else:
                if customer.merged_from is not None:
                    print(
                        _line(
                            _("Customer {old} was merged into customer {id}."),
                            old=customer.merged_from,
                            id=customer.id,
                        )
                    )
                _print_customer(customer, shown)
        elif action == "delete":
            customer = customers.get(vault, actor, args.id)
            customers.delete(vault, actor, args.id)
            print(_line(_("Deleted customer {id}: {name}"), id=customer.id, name=customer.name))
        elif action == "list":
            view = customers.CustomerView(
                vault, actor, sort=args.sort, descending=args.desc, consent=args.consent
            )
            rows = view.rows(args.offset, args.limit)
            _print_json([c.as_dict() for c in rows]) if args.json else _print_customer_table(
                rows, view.count, region=_phone_region(vault)
            )
        elif action == "search":
            result = customers.search(vault, actor, args.query, consent=args.consent)
            rows = customers.fetch(vault, actor, result.ids[: args.limit])
            if args.json:
                _print_json([c.as_dict() for c in rows])
            else:
                _print_customer_table(rows, result.total, result.capped, _phone_region(vault))
        elif action == "lookup":
            rows = customers.find_by_sensitive(vault, actor, args.field, args.value)
            _print_json([c.as_dict() for c in rows]) if args.json else _print_customer_table(
                rows, len(rows), region=_phone_region(vault)
            )
        elif action == "duplicates":
            found = duplicates.likely_duplicates(vault, actor, limit=args.limit)
            if args.json:
                _print_json(
                    {
                        "pairs": [
                            {
                                "ids": [p.first.id, p.second.id],
                                "names": [p.first.name, p.second.name],
                                "reasons": list(p.reasons),
                            }
                            for p in found.pairs
                        ],
                        "more": found.more,
                    }
                )
            else:
                _print_duplicate_pairs(found)
        elif action == "merge":
            keep = customers.get_live(vault, actor, args.keep)
            other = customers.get_live(vault, actor, args.other)
            choices = duplicates.default_choices(keep, other, duplicates.mergeable_fields(vault, actor))
            choices.update(_take_choices(args.take or []))
            taken = [key for key, side in choices.items() if side == duplicates.OTHER]
            customer = duplicates.merge(vault, actor, keep.id, other.id, taken)
            if args.json:
                _print_json({**customer.as_dict(), "merged": other.id, "taken": sorted(taken)})
            else:
                merged = _("Merged customer {other} into {id}: {name}")
                print(_line(merged, other=other.id, id=customer.id, name=customer.name))
                if taken:
                    took = _("Taken from {other}: {fields}")
                    print(_line(took, other=other.id, fields=", ".join(sorted(taken))))
        elif action in ("erase", "report", "hold"):
            from app import cli_requests  # it uses this module's helpers

            {
                "erase": cli_requests.customers_erase,
                "report": cli_requests.customers_report,
                "hold": cli_requests.customers_hold,
            }[action](vault, actor, args)
        elif action == "reveal":
            value = customers.reveal(vault, actor, args.id, args.field, reason=args.reason)
            _print_json({"id": args.id, "field": args.field, "value": value}) if args.json else print(
                console.printable(value or "")
            )
    finally:
        vault.lock()
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        if args.fields_action == "add":
            field_admin.add_custom_field(
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
            print(_line(_("Added field {key}"), key=args.key))
            return 0
        if args.fields_action == "phone-region":
            if args.region:
                field_admin.set_phone_region(vault, vault.actor, args.region)
            print(
                _line(
                    _("Phone numbers without a country code are read as numbers in {region}."),
                    region=_phone_region(vault),
                )
            )
            return 0
        catalogue = fields.Catalogue.load(vault.connection())
        if args.json:
            _print_json([f.as_dict() for f in catalogue])
        else:
            for f in catalogue:
                status = _(" (retired)") if f.retired else ""
                cells = (
                    console.pad(f.key, 12),
                    console.pad(f.type, 9),
                    console.pad(f.sensitivity, 10),
                    console.pad(",".join(f.purposes), 32),
                    console.printable(f"{f.label_en} / {f.label_zh}") + status,
                )
                print(" ".join(cells))
    finally:
        vault.lock()
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    action = args.users_action
    vault = _open(args, before_password_change=action in ("passwd", "list"))
    try:
        actor = vault.actor
        if action == "add":
            password = _secret(
                "CUSTOS_NEW_PASSWORD", _line(_("Initial password for {user}: "), user=args.name), confirm=True
            )
            users.add(vault, actor, args.name, password, args.role)
            print(
                _line(
                    _("Added user {user} ({role}); they must change the password at first sign-in."),
                    user=args.name,
                    role=args.role,
                )
            )
        elif action == "remove":
            users.remove(vault, actor, args.name)
            print(
                _line(
                    _(
                        "Removed user {user}. Run 'custos rekey' so old copies of the vault stay closed"
                        " to them."
                    ),
                    user=args.name,
                )
            )
        elif action == "disable":
            users.disable(vault, actor, args.name)
            print(_line(_("Disabled {user}: their key slot no longer opens the vault."), user=args.name))
        elif action == "enable":
            users.enable(vault, actor, args.name)
            print(_line(_("Enabled {user}."), user=args.name))
        elif action == "role":
            users.set_role(vault, actor, args.name, args.role)
            print(_line(_("{user} now has the role {role}."), user=args.name, role=args.role))
        elif action == "reset":
            new = _secret(
                "CUSTOS_NEW_PASSWORD", _line(_("New password for {user}: "), user=args.name), confirm=True
            )
            users.reset_password(vault, actor, args.name, new)
            print(
                _line(
                    _("Password reset for {user}; they must change it at the next sign-in."), user=args.name
                )
            )
        elif action == "passwd":
            target = args.name or actor.user
            new = _secret(
                "CUSTOS_NEW_PASSWORD", _line(_("New password for {user}: "), user=target), confirm=True
            )
            if target.casefold() == actor.user.casefold():
                vault.change_password(
                    os.environ.get("CUSTOS_PASSWORD") or _secret("CUSTOS_PASSWORD", _("Current password: ")),
                    new,
                )
            else:
                users.reset_password(vault, actor, target, new)
            print(_line(_("Password changed for {user}."), user=target))
        else:
            rows = users.list_users(vault, actor)
            if args.json:
                _print_json([u.as_dict() for u in rows])
            else:
                for u in rows:
                    flag = _("  (must change password)") if u.must_change_password else ""
                    cells = (
                        console.pad(console.printable(u.name), 20),
                        console.pad(u.role, 8),
                        console.pad(u.status, 8),
                        _line(_("since {at}"), at=u.created_at),
                    )
                    print(" ".join(cells) + flag)
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
            print(
                _line(_("Added role {role} (field levels from {base})."), role=args.name, base=args.based_on)
            )
        elif args.roles_action == "show":
            described = access.describe_role(vault, actor, args.role)
            if args.json:
                _print_json(described)
            else:
                print(
                    _line(_("Role {role} (based on {base})"), role=described["name"], base=described["base"])
                )
                permissions = ", ".join(described["permissions"]) or _("(none)")
                print(_line(_("  permissions: {permissions}"), permissions=permissions))
                for f in described["fields"]:
                    note = _("  (override)") if f["override"] else ""
                    print(f"  {console.pad(f['key'], 14)} {f['level']}{note}")
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
                    kind = _("built-in") if r.builtin else _line(_("custom, based on {base}"), base=r.base)
                    print(
                        f"{console.pad(r.name, 12)} {console.pad(kind, 28)} "
                        + ", ".join(sorted(r.permissions))
                    )
    finally:
        vault.lock()
    return 0


def cmd_policy(args: argparse.Namespace) -> int:
    if args.policy_action != "set":
        from app import cli_policy  # it uses this module's helpers

        return cli_policy.run(args)
    vault = _open(args)
    try:
        level = None if args.level == "default" else args.level
        access.set_level(vault, vault.actor, args.role, args.field, level)
        print(_line("{role} / {field}: {level}", role=args.role, field=args.field, level=args.level))
    finally:
        vault.lock()
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    folder = _vault_dir(args)
    code = _secret("CUSTOS_RECOVERY_CODE", _("Recovery code: "))
    vault = Vault.unlock_with_recovery_code(folder, code)
    try:
        new = _secret(
            "CUSTOS_NEW_PASSWORD", _line(_("New password for {user}: "), user=args.user), confirm=True
        )
        users.reset_password(vault, vault.actor, args.user, new, must_change=False)
        print(_line(_("Password reset for {user}."), user=args.user))
    finally:
        vault.lock()
    return 0


def _report_audit(report: audit.AuditReport) -> int:
    """The chain against the signed checkpoints; what the check cannot see goes with it."""
    if report.ok:
        print(console.printable(report.message()))
    print(report.limits)
    return 0 if report.ok else _fail(report.message())


def _moment(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """A date (``2026-12-01``) or date and time (``2026-12-01T08:30``) in local time."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            _line(
                _("{option} needs a date such as 2026-12-01 or 2026-12-01T08:30, got {text}"),
                option=option,
                text=text,
            )
        ) from None
    if end_of_day and len(text.strip()) == 10:
        moment += timedelta(days=1)  # --until 2026-12-01 includes that whole day
    return moment


def _print_audit_page(page: audit.AuditPage) -> None:
    """One line per entry, newest first: when (local time), who, what, about what, details."""
    for entry in page.entries:
        try:
            when = datetime.fromisoformat(entry.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            when = entry.at
        details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else ""
        cells = (
            console.pad(str(entry.seq), 8, right=True),
            when,
            console.pad(console.printable(entry.actor), 16),
            console.pad(console.printable(entry.action), 26),
            console.pad(console.printable(entry.object), 16),
            console.clip(console.printable(details), 60),
        )
        print("  ".join(cells).rstrip())
    count = len(page.entries)
    print("-- " + ngettext("{count} entry", "{count} entries", count).format(count=count), end="")
    if page.next_before is not None:
        print(_line(_("; older entries: --before {seq}"), seq=page.next_before))
    else:
        print()


def cmd_audit(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        if args.audit_action == "list":
            where = audit.AuditFilter(
                since=_moment(args.since, "--since"),
                until=_moment(args.until, "--until", end_of_day=True),
                user=args.user,
                action=args.action,
                customer=args.customer,
            )
            if args.limit < 1:
                raise CliError(_("--limit must be at least 1"))
            page = audit.read(vault, vault.actor, where, before_seq=args.before, limit=args.limit)
            if args.json:
                _print_json({"entries": [e.as_dict() for e in page.entries], "next_before": page.next_before})
            else:
                _print_audit_page(page)
            return 0
        return _report_audit(vault.verify_audit(vault.actor))
    finally:
        vault.lock()


def cmd_check(args: argparse.Namespace) -> int:
    """Every page's HMAC (the whole file is read) and the audit chain: a backup's health check."""
    vault = _open(args)
    try:
        started = time.perf_counter()
        report = vault.check(vault.actor)
        print(
            _line(_("Database pages intact ({seconds} s)."), seconds=f"{time.perf_counter() - started:.1f}")
        )
        return _report_audit(report)
    finally:
        vault.lock()


def cmd_rekey(args: argparse.Namespace) -> int:
    vault = _open(args)
    try:
        started = time.perf_counter()
        vault.rotate_data_key(vault.actor)
        seconds = f"{time.perf_counter() - started:.1f}"
        print(_line(_("Data key rotated and every key slot re-sealed ({seconds} s)."), seconds=seconds))
    finally:
        vault.lock()
    return 0


# ------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="custos", description=_("Customer records in an encrypted vault."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def vault_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--vault", metavar="DIR", help=_("vault folder (or set CUSTOS_VAULT)"))

    p = sub.add_parser("init", help=_("create a new vault"))
    vault_arg(p)
    p.add_argument("--owner", default="owner", help=_("the owner's user name"))
    p.add_argument("--business", default="", help=_("business name (printed on reports)"))
    p.add_argument("--kit", metavar="PDF", help=_("also write the emergency kit PDF here"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help=_("create or fill a vault with synthetic customers"))
    vault_arg(p)
    p.add_argument(
        "--customers", type=_row_count, default=3000, metavar="N", help=_("how many customers to add")
    )
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "customers", help=_("add, list, search, show, update, delete, erase or report on customers")
    )
    csub = p.add_subparsers(dest="customers_action", required=True, metavar="ACTION")
    for name in ("add", "update"):
        q = csub.add_parser(name)
        vault_arg(q)
        if name == "update":
            q.add_argument("id", type=_customer_id)
        q.add_argument("--name")
        q.add_argument("--phone")
        q.add_argument("--email")
        q.add_argument(
            "--set", action="append", metavar="FIELD=VALUE", help=_("any catalogue field; repeatable")
        )
        q.add_argument(
            "--allow-duplicate",
            action="store_true",
            help=_("save even when the phone, e-mail or ID number matches an existing customer"),
        )
        q.add_argument("--json", action="store_true")
    q = csub.add_parser("list")
    vault_arg(q)
    q.add_argument("--consent", metavar="PURPOSE", help=_("only customers with current consent for PURPOSE"))
    q.add_argument("--sort", default="name", choices=sorted(customers.SORT_KEYS))
    q.add_argument("--desc", action="store_true")
    q.add_argument("--limit", type=_row_count, default=50)
    q.add_argument("--offset", type=_row_count, default=0)
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("search")
    vault_arg(q)
    q.add_argument("query")
    q.add_argument("--consent", metavar="PURPOSE", help=_("only customers with current consent for PURPOSE"))
    q.add_argument("--limit", type=_row_count, default=50)
    q.add_argument("--json", action="store_true")
    for name in ("show", "delete"):
        q = csub.add_parser(name)
        vault_arg(q)
        q.add_argument("id", type=_customer_id)
        q.add_argument("--json", action="store_true")
    q = csub.add_parser("lookup", help=_("exact lookup of a sensitive value, e.g. an ID number"))
    vault_arg(q)
    q.add_argument("field")
    q.add_argument("value")
    q.add_argument("--json", action="store_true")
    q = csub.add_parser(
        "duplicates", help=_("likely duplicate pairs: same phone, e-mail, ID number, or name and company")
    )
    vault_arg(q)
    q.add_argument("--limit", type=int, default=100)
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("merge", help=_("merge customer OTHER into KEEP; OTHER's id then leads to KEEP"))
    vault_arg(q)
    q.add_argument("keep", type=_customer_id, metavar="KEEP")
    q.add_argument("other", type=_customer_id, metavar="OTHER")
    q.add_argument(
        "--take",
        action="append",
        metavar="FIELD=other",
        help=_(
            "take FIELD from OTHER (=keep keeps KEEP's); by default KEEP's values, its empty ones"
            " filled from OTHER"
        ),
    )
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("reveal", help=_("show one masked value in full (audited with the reason)"))
    vault_arg(q)
    q.add_argument("id", type=_customer_id)
    q.add_argument("field")
    q.add_argument(
        "--reason", required=True, help=_("kept in the audit log even after erasure: no personal data here")
    )
    q.add_argument("--json", action="store_true")
    from app import cli_requests  # it uses this module's helpers

    cli_requests.add_customer_actions(csub, vault_arg)
    p.set_defaults(func=cmd_customers)

    p = sub.add_parser("fields", help=_("the field catalogue"))
    fsub = p.add_subparsers(dest="fields_action", required=True, metavar="ACTION")
    q = fsub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("add", help=_("add a custom field"))
    vault_arg(q)
    q.add_argument("key")
    q.add_argument("--type", required=True, choices=fields.CUSTOM_TYPES)
    q.add_argument("--label-zh", required=True)
    q.add_argument("--label-en", required=True)
    q.add_argument("--sensitivity", default="personal", choices=fields.SENSITIVITIES)
    q.add_argument("--purpose", action="append", choices=fields.PURPOSES)
    q.add_argument("--choice", action="append", help=_("for --type choice; repeatable"))
    q = fsub.add_parser(
        "phone-region", help=_("show or set the region of phone numbers typed without a country code")
    )
    vault_arg(q)
    q.add_argument("region", nargs="?", help=_("a region code such as CN, US, GB"))
    p.set_defaults(func=cmd_fields)

    p = sub.add_parser("users", help=_("people who can unlock the vault"))
    usub = p.add_subparsers(dest="users_action", required=True, metavar="ACTION")
    q = usub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = usub.add_parser("add")
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("--role", default="sales", help=_("a built-in or custom role (see: custos roles list)"))
    for name in ("remove", "disable", "enable", "reset"):
        q = usub.add_parser(name)
        vault_arg(q)
        q.add_argument("name")
    q = usub.add_parser("role", help=_("change a user's role"))
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("role")
    q = usub.add_parser("passwd", help=_("change your password, or reset another user's"))
    vault_arg(q)
    q.add_argument("name", nargs="?")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("roles", help=_("roles and what they may see and do"))
    rsub = p.add_subparsers(dest="roles_action", required=True, metavar="ACTION")
    q = rsub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("show")
    vault_arg(q)
    q.add_argument("role")
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("add", help=_("a custom role"))
    vault_arg(q)
    q.add_argument("name")
    q.add_argument("--based-on", default="auditor", help=_("the role whose field defaults it starts from"))
    q.add_argument("--permission", action="append", choices=sorted(access.PERMISSIONS))
    p.set_defaults(func=cmd_roles)

    p = sub.add_parser(
        "policy", help=_("the per-field access policy (set) and the written policy (show, publish, …)")
    )
    psub = p.add_subparsers(dest="policy_action", required=True, metavar="ACTION")
    q = psub.add_parser("set", help=_("set ROLE's level for FIELD ('default' removes the override)"))
    vault_arg(q)
    q.add_argument("role")
    q.add_argument("field")
    q.add_argument("level", choices=[*access.LEVELS, "default"])
    from app import cli_policy  # it uses this module's helpers

    cli_policy.add_actions(psub, vault_arg)
    p.set_defaults(func=cmd_policy)

    p = sub.add_parser("recover", help=_("reset a password with the recovery code"))
    vault_arg(p)
    p.add_argument("--user", required=True)
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "new-recovery-code", help=_("replace the recovery code (the old code and kit stop working)")
    )
    vault_arg(p)
    p.add_argument("--kit", metavar="PDF", help=_("also write the new emergency kit PDF here"))
    p.set_defaults(func=cmd_new_recovery_code)

    from app import cli_consent  # it uses this module's helpers

    cli_consent.add_parser(sub, vault_arg)
    from app import cli_backup

    cli_backup.add_parser(sub, vault_arg)
    cli_requests.add_parser(sub, vault_arg)

    from app import cli_export  # it uses this module's helpers

    cli_export.add_parser(sub, vault_arg)
    from app import cli_alerts  # it uses this module's helpers

    cli_alerts.add_parser(sub, vault_arg)
    from app import cli_incidents  # it uses this module's helpers

    cli_incidents.add_parser(sub, vault_arg)
    from app import cli_report  # it uses this module's helpers

    cli_report.add_parser(sub, vault_arg)

    from app import cli_import  # it uses this module's helpers

    cli_import.add_parser(sub, vault_arg)
    from app import cli_field

    cli_field.add_parser(sub, vault_arg)

    p = sub.add_parser("audit", help=_("the audit log"))
    asub = p.add_subparsers(dest="audit_action", required=True, metavar="ACTION")
    q = asub.add_parser("verify", help=_("check the hash chain"))
    vault_arg(q)
    q = asub.add_parser("list", help=_("read the log, newest first"))
    vault_arg(q)
    q.add_argument("--since", metavar="DATE", help=_("from this date or time on (local time)"))
    q.add_argument("--until", metavar="DATE", help=_("up to this date (inclusive) or time"))
    q.add_argument("--user", help=_("only what this user did"))
    q.add_argument("--action", help=_("only this action, e.g. customer.update"))
    q.add_argument("--customer", type=int, metavar="ID", help=_("only entries about this customer"))
    q.add_argument("--limit", type=int, default=100)
    q.add_argument("--before", type=int, metavar="SEQ", help=_("entries older than this one (the next page)"))
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("check", help=_("check every database page and the audit log (reads the whole vault)"))
    vault_arg(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rekey", help=_("rotate the data key (after removing a user)"))
    vault_arg(p)
    p.set_defaults(func=cmd_rekey)
    return parser


def _check_arguments(argv: Sequence[str]) -> None:
    """Refuse bytes that are not UTF-8 (Python hands them over as lone surrogates, which would
    fail deep inside SQLite or the terminal): one line naming the argument instead."""
    for position, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise CliError(
                _line(_("argument {position} is not valid UTF-8 text: {text}"), position=position, text=arg)
            ) from None


def _leading_vault(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--vault F`` before the command (``custos --vault li.custospack customers search 王``, as
    the desktop app is opened) is the command's ``--vault``."""
    if argv and argv[0] == "--vault" and len(argv) > 1:
        return argv[1], argv[2:]
    if argv and argv[0].startswith("--vault="):
        return argv[0].split("=", 1)[1], argv[1:]
    return None, argv


def _fail(message: str) -> int:
    """The one line every error becomes: ``custos: <message>`` on stderr."""
    print(f"custos: {console.printable(message)}", file=sys.stderr)
    return EXIT_KNOWN_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command in the locale's language; returns the exit status.

    Errors of every kind the user can cause are one line and status 1. When the reader of
    stdout goes away (``custos customers list | head``), the command stops quietly with the
    status a Unix filter killed by SIGPIPE has, and the vault is locked on the way out.
    """
    previous = current_language()
    set_language(language_from_environment())
    # A terminal that cannot show Chinese (an ASCII or Latin-1 locale) gets \u escapes for
    # what it cannot encode, not a UnicodeEncodeError halfway through the output.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        _check_arguments(args_list)
        vault, args_list = _leading_vault(args_list)
        args = build_parser().parse_args(args_list)
        if vault is not None and getattr(args, "vault", None) is None and hasattr(args, "vault"):
            args.vault = vault
        return args.func(args)
    except KnownError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        _fail(_("cancelled"))
        return 130
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit: point stdout at
        # /dev/null so the interpreter's final flush has nowhere to fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        parts = [exc.strerror or str(exc), str(exc.filename or "")]
        return _fail(": ".join(part for part in parts if part))
    finally:
        set_language(previous)


if __name__ == "__main__":
    sys.exit(main())
