"""``custos report …``: documents produced from the vault, as PDF.

``report policy --out F.pdf [--lang zh|en] [--version N]`` writes the written policy: the
current published version by default, an older one with ``--version``, and — when nothing has
been published yet — the owner's draft, marked DRAFT on every page.
"""

from __future__ import annotations

import argparse
from typing import Any

from app import cli
from app.i18n import _
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


_ACTIONS = {"policy": _policy}


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
    p.set_defaults(func=cmd_report)
