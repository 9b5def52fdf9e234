"""``custos report …``: documents produced from the vault, as PDF.

``report policy --out F.pdf [--lang zh|en] [--version N]`` writes the written policy: the
current published version by default, an older one with ``--version``, and — when nothing has
been published yet — the owner's draft, marked DRAFT on every page.

``report compliance --from D --to D --lang zh|en --out F.pdf`` makes the compliance report for
a period and records it (app/compliance_record.py); ``report verify F.pdf`` or ``report verify
--code XXXX-XXXX`` (for a printed copy) says which recorded report it is, or that it is unknown
or altered — exit status 1 unless it matches; ``report list`` shows the reports made.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app import cli, compliance_record
from app.i18n import _
from app.reports import compliance_report
from app.reports import policy as policy_report


def _policy(args: argparse.Namespace, vault: Any) -> None:
    version = policy_report.write(vault, vault.actor, args.out, args.lang, args.version)
    if version is None:
        print(
            cli._line(
                _("Wrote {file}: the DRAFT of the written policy (no version is published yet)."),
                file=args.out,
            )
        )
    else:
        print(
            cli._line(
                _("Wrote {file}: the written policy, version {number} (SHA-256 {hash})."),
                file=args.out,
                number=version.number,
                hash=version.short_hash,
            )
        )


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise cli.CliError(
            cli._line(_("{option} needs a date such as 2026-12-01, got {text}"), option=option, text=text)
        ) from None


def _compliance(args: argparse.Namespace, vault: Any) -> None:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    made = compliance_record.produce(vault, vault.actor, start, end, args.lang, Path(args.out))
    record = made.record
    if args.json:
        cli._print_json(
            {**record.as_dict(), "file": str(made.path), "unmet": made.unmet, "items": made.items}
        )
        return
    print(
        cli._line(
            _(
                "Wrote {file}: {pages} pages, verification code {code}; "
                "{unmet} of {items} requirements not met."
            ),
            file=str(made.path),
            pages=record.pages,
            code=record.code,
            unmet=made.unmet,
            items=made.items,
        )
    )


def _verify(args: argparse.Namespace, vault: Any) -> None:
    if args.file is None and not args.code:
        raise cli.CliError(_("give the report's file or --code with the code printed on it"))
    data = compliance_record.read_report_file(Path(args.file)) if args.file is not None else None
    verdict = compliance_record.verify(vault, vault.actor, data, args.code)
    if args.json:
        cli._print_json(
            {
                "result": verdict.status,
                "message": verdict.message(),
                "report": verdict.record.as_dict() if verdict.record else None,
            }
        )
        if not verdict.ok:
            raise SystemExit(cli.EXIT_KNOWN_ERROR)
        return
    if not verdict.ok:
        raise cli.CliError(verdict.message())
    print(cli._line("{message}", message=verdict.message()))


def _list(args: argparse.Namespace, vault: Any) -> None:
    records = compliance_record.list_reports(vault, vault.actor)
    if args.json:
        cli._print_json([r.as_dict() for r in records])
        return
    if not records:
        print(_("No compliance reports made yet."))
    for r in records:
        print(
            cli._line(
                "{code}  {start} – {end}  {language}  {pages:>3}  {user}  {when}",
                code=r.code,
                start=r.period_from,
                end=r.period_to,
                language=r.language,
                pages=r.pages,
                user=r.made_by,
                when=r.made_at,
            )
        )


_ACTIONS = {"policy": _policy, "compliance": _compliance, "verify": _verify, "list": _list}


def cmd_report(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        _ACTIONS[args.report_action](args, vault)
        return 0
    finally:
        vault.lock()


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``report``, added to the main parser by app/cli.py."""
    p = sub.add_parser("report", help=_("documents from the vault, as PDF"))
    rsub = p.add_subparsers(dest="report_action", required=True, metavar="REPORT")
    q = rsub.add_parser("policy", help=_("the written policy (the current version, or the draft)"))
    vault_arg(q)
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--lang", choices=policy_report.LANGUAGES, default="zh")
    q.add_argument(
        "--version", type=cli._whole_number(1, cli.MAX_ID, "N"), metavar="N", help=_("an older version")
    )
    q = rsub.add_parser("compliance", help=_("the compliance report for a period, as PDF (recorded)"))
    vault_arg(q)
    q.add_argument("--from", dest="start", required=True, metavar="DATE", help=_("first day covered"))
    q.add_argument("--to", dest="end", required=True, metavar="DATE", help=_("last day covered"))
    q.add_argument("--lang", choices=compliance_report.LANGUAGES, default="zh")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser(
        "verify", help=_("check a report file, or the code on a printed copy, against the record")
    )
    vault_arg(q)
    q.add_argument("file", nargs="?", metavar="FILE.pdf")
    q.add_argument("--code", metavar="XXXX-XXXX", help=_("the verification code printed on the report"))
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("list", help=_("the compliance reports made in this vault"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report)
