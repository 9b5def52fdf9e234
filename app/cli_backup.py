"""``custos backup create|verify|list|prune|drill`` and ``custos restore FILE --into DIR | --replace``.

Signing in to a backup (restore, or verifying a backup with no vault given): the user from
``CUSTOS_BACKUP_USER`` (default: ``CUSTOS_USER``, else the backup's first owner) with
``CUSTOS_BACKUP_PASSWORD`` (default: ``CUSTOS_PASSWORD``) — the password that user had when
the backup was made — or, with ``--recovery-code``, that time's recovery code from
``CUSTOS_RECOVERY_CODE`` or a prompt. Progress goes to stderr, and only to a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from app import backup, backup_schedule, cli, console, restore
from app.errors import DamagedVaultError, KnownError, NotAVaultError
from app.i18n import _, ngettext
from app.vault import Vault


class _Progress:
    """One self-overwriting line on stderr while a terminal watches; nothing otherwise."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int, text: str) -> None:
        if not self.enabled:
            return
        percent = f"{100 * done // total:3d}%" if total else ""
        sys.stderr.write(f"\r{console.printable(text)} {percent}\033[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _when(text: str) -> str:
    return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M")


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def _credentials(args: argparse.Namespace, backup_file: backup.BackupFile) -> backup.Credentials:
    if getattr(args, "recovery_code", False):
        code = cli._secret("CUSTOS_RECOVERY_CODE", _("Recovery code of the time of the backup: "))
        return backup.Credentials(recovery_code=code)
    keys = backup_file.key_file()
    user = (
        os.environ.get("CUSTOS_BACKUP_USER") or os.environ.get("CUSTOS_USER") or next(iter(keys.users()), "")
    )
    variable = "CUSTOS_BACKUP_PASSWORD" if os.environ.get("CUSTOS_BACKUP_PASSWORD") else "CUSTOS_PASSWORD"
    made = _when(backup_file.manifest.created_at)
    password = cli._secret(
        variable,
        cli._line(_("Password {user} had on {date} (when the backup was made): "), user=user, date=made),
    )
    return backup.Credentials(user=user, password=password)


def _print_report(report: backup.VerifyReport) -> None:
    m = report.manifest
    print(cli._line(_("Backup {file}: verified."), file=report.path))
    print(
        cli._line(
            _("  made {date} by {user} with Custos {version} (schema {schema})"),
            date=_when(m.created_at),
            user=m.created_by,
            version=m.app_version,
            schema=m.schema_version,
        )
    )
    print(cli._line(_("  vault {vault_id} {business}"), vault_id=m.vault_id, business=m.business_name))
    print(
        cli._line(
            _("  customers: {customers}; users: {users}; audit entries: {entries}"),
            customers=m.customers,
            users=m.counts.get("users", 0),
            entries=m.counts.get("audit_entries", 0),
        )
    )
    print(
        cli._line(
            _(
                "  {pages} pages checked; audit log intact ({checkpoints} signed checkpoint(s));"
                " opened with {how}"
            ),
            pages=report.pages,
            checkpoints=report.audit_checkpoints,
            how=report.opened_with,
        )
    )


def _folder(args: argparse.Namespace, vault: Vault) -> Path:
    return Path(args.dir).expanduser() if getattr(args, "dir", None) else backup_schedule.target_folder(vault)


def _create(args: argparse.Namespace, vault: Vault, progress: _Progress) -> None:
    folder = _folder(args, vault)
    created = backup_schedule.backup_to(vault, vault.actor, folder, progress=progress)
    progress.close()
    if backup_schedule.same_disk(vault.folder, folder):
        print(
            cli._line(
                _(
                    "custos: warning: {folder} is on the same disk as the vault: a disk failure or theft "
                    "takes both. Keep copies on another drive too."
                ),
                folder=folder,
            ),
            file=sys.stderr,
        )
    if args.json:
        cli._print_json({**created.as_dict(), "same_disk": backup_schedule.same_disk(vault.folder, folder)})
        return
    _print_report(created.report)
    print(
        cli._line(
            _("  {size} in {seconds} s"),
            size=_size(created.path.stat().st_size),
            seconds=f"{created.seconds:.1f}",
        )
    )


def _verify(args: argparse.Namespace, progress: _Progress) -> None:
    found = backup.open_backup(Path(args.file))
    if args.vault or os.environ.get("CUSTOS_VAULT"):
        vault = cli._open(args)
        try:
            from app import access

            access.require(vault, vault.actor, "backup")
            unlocked = backup.session_unlock(vault, found)
            report = backup.verify(found, unlocked, progress=progress)
        finally:
            vault.lock()
    else:
        report = backup.verify(found, backup.sign_in(found, _credentials(args, found)), progress=progress)
    progress.close()
    cli._print_json(report.as_dict()) if args.json else _print_report(report)


def _list(args: argparse.Namespace, vault: Vault) -> None:
    folder = _folder(args, vault)
    listed = backup.list_backups(folder, vault.vault_id)
    plan = backup_schedule.plan(listed, backup_schedule.load_settings(vault))
    doomed = {item.path for item in plan.remove}
    if args.json:
        cli._print_json([{**item.as_dict(), "pruned_next": item.path in doomed} for item in listed])
        return
    for item in listed:
        if item.manifest is None:
            print(cli._line(_("{file}  DAMAGED: {problem}"), file=item.path.name, problem=item.problem))
            continue
        mark = _("  (pruned next)") if item.path in doomed else ""
        print(
            cli._line(
                "{file}  {date}  {user}  {customers}  {size}{mark}",
                file=item.path.name,
                date=_when(item.manifest.created_at),
                user=item.manifest.created_by,
                customers=ngettext("{count} customer", "{count} customers", item.manifest.customers).format(
                    count=item.manifest.customers
                ),
                size=_size(item.size),
                mark=mark,
            )
        )
    print(
        "-- "
        + cli._line(
            ngettext("{count} backup in {folder}", "{count} backups in {folder}", len(listed)),
            count=len(listed),
            folder=folder,
        )
    )


def _prune(args: argparse.Namespace, vault: Vault) -> None:
    folder = _folder(args, vault)
    result = (backup_schedule.preview if args.dry_run else backup_schedule.prune)(vault, vault.actor, folder)
    if args.json:
        cli._print_json({**result.as_dict(), "dry_run": args.dry_run})
        return
    verb = _("would delete") if args.dry_run else _("deleted")
    for item in result.remove:
        print(cli._line("{verb} {file}", verb=verb, file=item.path.name))
    for item, reasons in result.keep:
        print(cli._line(_("keeps {file} ({reasons})"), file=item.path.name, reasons=", ".join(reasons)))
    print(
        "-- "
        + cli._line(_("{removed} to delete, {kept} kept"), removed=len(result.remove), kept=len(result.keep))
    )


def _drill(args: argparse.Namespace, vault: Vault, progress: _Progress) -> None:
    result = restore.drill(vault, vault.actor, Path(args.file) if args.file else None, progress=progress)
    progress.close()
    if args.json:
        cli._print_json(result.as_dict())
        return
    print(
        cli._line(
            _(
                "Restore drill passed: {file} restored into a temporary folder, opened and checked in "
                "{seconds} s; {customers} customers as expected; the copy was removed."
            ),
            file=result.file.name,
            seconds=f"{result.seconds:.1f}",
            customers=result.found.get("customers", 0),
        )
    )


def cmd_backup(args: argparse.Namespace) -> int:
    progress = _Progress()
    try:
        if args.backup_action == "verify":
            _verify(args, progress)
            return 0
        vault = cli._open(args)
        try:
            {
                "create": lambda: _create(args, vault, progress),
                "list": lambda: _list(args, vault),
                "prune": lambda: _prune(args, vault),
                "drill": lambda: _drill(args, vault, progress),
            }[args.backup_action]()
        finally:
            vault.lock()
        return 0
    finally:
        progress.close()


def cmd_restore(args: argparse.Namespace) -> int:
    progress = _Progress()
    try:
        found = backup.open_backup(Path(args.file))
        found.refuse_if_newer()
        credentials = _credentials(args, found)
        if args.into:
            result = restore.restore_into(Path(args.file), Path(args.into), credentials, progress=progress)
        else:
            folder = cli._vault_dir(args)
            current = None
            try:
                current = cli._open(args)
            except KnownError as exc:
                if not isinstance(exc, (DamagedVaultError, NotAVaultError)):
                    raise
            result = restore.replace(Path(args.file), folder, credentials, current=current, progress=progress)
        progress.close()
        if args.json:
            cli._print_json(result.as_dict())
            return 0
        print(
            cli._line(
                _("Restored {file} (made {date} by {user}) to {folder}."),
                file=found.path.name,
                date=_when(found.manifest.created_at),
                user=found.manifest.created_by,
                folder=result.folder,
            )
        )
        if result.previous:
            print(cli._line(_("The vault it replaced is kept at {path}."), path=result.previous))
        if result.schema_version != found.manifest.schema_version:
            print(
                cli._line(
                    _("Upgraded from schema {old} to {new}."),
                    old=found.manifest.schema_version,
                    new=result.schema_version,
                )
            )
        print(
            cli._line(
                _("Customers: {customers}; users: {users}."),
                customers=result.counts.get("customers", 0),
                users=result.counts.get("users", 0),
            )
        )
        return 0
    finally:
        progress.close()


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``backup`` and ``restore``, added to the main parser by app/cli.py."""
    p = sub.add_parser("backup", help=_("make, verify, list, prune and test-restore backups"))
    bsub = p.add_subparsers(dest="backup_action", required=True, metavar="ACTION")
    q = bsub.add_parser("create", help=_("make and verify a backup (default folder: the schedule's)"))
    vault_arg(q)
    q.add_argument("--dir", metavar="DIR", help=_("the folder to write the backup to"))
    q.add_argument("--json", action="store_true")
    q = bsub.add_parser(
        "verify", help=_("check a backup: every page, the manifest, the key slots, the audit log")
    )
    vault_arg(q)
    q.add_argument("file", metavar="FILE")
    q.add_argument(
        "--recovery-code", action="store_true", help=_("sign in to the backup with its recovery code")
    )
    q.add_argument("--json", action="store_true")
    for name, text in (
        ("list", _("the backups in the folder, newest first")),
        ("prune", _("delete the backups rotation no longer keeps")),
    ):
        q = bsub.add_parser(name, help=text)
        vault_arg(q)
        q.add_argument("--dir", metavar="DIR", help=_("the backup folder (default: the schedule's)"))
        if name == "prune":
            q.add_argument("--dry-run", action="store_true", help=_("only show what would be deleted"))
        q.add_argument("--json", action="store_true")
    q = bsub.add_parser("drill", help=_("test restore: restore into a temporary folder, check, remove"))
    vault_arg(q)
    q.add_argument("file", metavar="FILE", nargs="?", help=_("default: the newest backup"))
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=_("restore a backup into a new folder, or in place of the vault"))
    vault_arg(p)
    p.add_argument("file", metavar="FILE")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--into", metavar="DIR", help=_("a new or empty folder for the restored vault"))
    where.add_argument(
        "--replace",
        action="store_true",
        help=_("replace the vault (--vault); the current one is kept as a dated copy"),
    )
    p.add_argument(
        "--recovery-code", action="store_true", help=_("sign in to the backup with its recovery code")
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_restore)
