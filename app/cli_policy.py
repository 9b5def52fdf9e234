"""``custos policy show|edit|publish|versions|acknowledge|status``: the written policy.

(``custos policy set`` is the per-field access policy, app/cli.py.) ``show`` prints a version
with its number and hash; ``acknowledge`` records that the signed-in user read the current
version — after showing it and its hash, confirmed at a terminal or with ``--hash`` (the first
12 or more characters of the hash ``show`` printed) in a script. ``status`` lists who has not
acknowledged the current version. Editing and publishing are for owners.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app import cli, console, policy, policy_document
from app.i18n import _, current_language


def _language(args: argparse.Namespace) -> str:
    if args.lang:
        return args.lang
    return "zh" if current_language().startswith("zh") else "en"


def _heading(version: policy.Version) -> str:
    return cli._line(
        _("Version {number}, published by {user} at {at}; SHA-256 {hash}"),
        number=version.number,
        user=version.published_by,
        at=version.published_at,
        hash=version.sha256,
    )


def _print_document(text: str) -> None:
    for line in text.splitlines():
        print(console.printable(line))


def _show(args: argparse.Namespace, vault: Any) -> None:
    language = _language(args)
    if args.draft:
        document = policy.draft(vault, vault.actor)
        if args.json:
            cli._print_json(document)
            return
        _print_document(policy_document.as_text(document, language, heading=_("DRAFT: not published")))
        return
    version = policy.get_version(vault, vault.actor, args.version)
    if args.json:
        cli._print_json(version.as_dict(with_content=True))
        return
    _print_document(policy_document.as_text(version.document, language, heading=_heading(version)))


def _edit(args: argparse.Namespace, vault: Any) -> None:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text("utf-8")
        except UnicodeDecodeError:
            raise cli.CliError(_("{file} is not UTF-8 text.").format(file=args.file)) from None
    policy.set_own_text(vault, vault.actor, args.section, **{args.lang or "zh": text})
    print(
        cli._line(
            _("Saved the {language} text of section {section}; it takes effect when a version is published."),
            language=args.lang or "zh",
            section=args.section,
        )
    )


def _publish(args: argparse.Namespace, vault: Any) -> None:
    version = policy.publish(vault, vault.actor, args.note or "")
    print(
        cli._line(
            _(
                "Published version {number} of the written policy (SHA-256 {hash}); every user"
                " acknowledges it"
                " at their next sign-in."
            ),
            number=version.number,
            hash=version.short_hash,
        )
    )


def _versions(args: argparse.Namespace, vault: Any) -> None:
    found = policy.versions(vault, vault.actor)
    if args.json:
        cli._print_json([v.as_dict() for v in found])
        return
    if not found:
        print(_("No version of the written policy has been published yet."))
    for version in found:
        print(
            cli._line(
                "{number:>4}  {at}  {user:<16} {hash}  {note}",
                number=version.number,
                at=version.published_at,
                user=version.published_by,
                hash=version.short_hash,
                note=version.note,
            )
        )


def _acknowledge(args: argparse.Namespace, vault: Any) -> None:
    actor = vault.actor
    current = policy.get_version(vault, actor)
    wanted = args.hash
    if wanted is None:
        if not sys.stdin.isatty():
            raise cli.CliError(
                _(
                    "No terminal to confirm on: read the policy (custos policy show), then run"
                    " custos policy acknowledge --hash HASH with the hash it printed."
                )
            )
        _print_document(policy_document.as_text(current.document, _language(args), heading=_heading(current)))
        answer = input(
            cli._line(
                _("Type the first 12 characters of the hash above to acknowledge version {number}: "),
                number=current.number,
            )
        )
        wanted = answer.strip()
    number = args.version or current.number
    ack = policy.acknowledge(vault, actor, number, wanted)
    print(
        cli._line(
            _("{user} acknowledged version {number} of the written policy at {at}."),
            user=ack.user,
            number=number,
            at=ack.at or "",
        )
    )


def _status(args: argparse.Namespace, vault: Any) -> None:
    rows = policy.acknowledgements(vault, vault.actor)
    current = policy.current_version(vault)
    if args.json:
        cli._print_json(
            {"current": current.as_dict() if current else None, "users": [a.as_dict() for a in rows]}
        )
        return
    if current is None:
        print(_("No version of the written policy has been published yet: nothing to acknowledge."))
        return
    missing = [a for a in rows if a.status == "active" and not a.current]
    print(
        cli._line(
            _("Version {number}: {missing} of {total} active user(s) have not acknowledged it."),
            number=current.number,
            missing=len(missing),
            total=sum(1 for a in rows if a.status == "active"),
        )
    )
    for ack in rows:
        state = _("acknowledged") if ack.current else _("NOT acknowledged")
        latest = (
            cli._line(_("latest: version {number} at {at}"), number=ack.version, at=ack.at)
            if ack.version
            else _("never acknowledged")
        )
        print(
            f"{console.pad(ack.user, 16)} {console.pad(ack.role, 10)} {console.pad(ack.status, 9)} "
            f"{console.pad(state, 18)} {latest}"
        )


_ACTIONS = {
    "show": _show,
    "edit": _edit,
    "publish": _publish,
    "versions": _versions,
    "acknowledge": _acknowledge,
    "status": _status,
}


def run(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        _ACTIONS[args.policy_action](args, vault)
        return 0
    finally:
        vault.lock()


def add_actions(psub: Any, vault_arg: Any) -> None:
    """The written policy's actions, added to ``custos policy`` beside ``set``."""
    number = cli._whole_number(1, cli.MAX_ID, "N")
    q = psub.add_parser("show", help=_("the written policy: the current version, an older one, or the draft"))
    vault_arg(q)
    q.add_argument("--version", type=number, metavar="N")
    q.add_argument("--draft", action="store_true", help=_("what would be published now (owners)"))
    q.add_argument("--lang", choices=policy.LANGUAGES)
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("edit", help=_("replace the business's own text of one section (owners)"))
    vault_arg(q)
    q.add_argument("section", choices=policy.SECTIONS)
    q.add_argument("--file", required=True, metavar="FILE", help=_("UTF-8 text; - reads standard input"))
    q.add_argument("--lang", choices=policy.LANGUAGES, default="zh")
    q = psub.add_parser("publish", help=_("publish the draft as a new version (owners)"))
    vault_arg(q)
    q.add_argument("--note", help=_("what changed, for the versions list"))
    q = psub.add_parser("versions", help=_("every published version"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("acknowledge", help=_("acknowledge the current version after reading it"))
    vault_arg(q)
    q.add_argument("--hash", help=_("the hash custos policy show printed (12 characters or more)"))
    q.add_argument("--version", type=number, metavar="N")
    q.add_argument("--lang", choices=policy.LANGUAGES)
    q = psub.add_parser("status", help=_("who has not acknowledged the current version"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
