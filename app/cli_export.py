"""``custos export``, ``custos partners …`` and ``custos sharing log``: the export wizard and the
partner register from the command line, over the same app/exporting and app/partners services.

Without ``--fields`` an export takes the minimum-necessary preset: the partner's agreed fields
for ``--partner``, otherwise the fields the catalogue classifies as used for the purpose. A
plain (unencrypted) file is written only after the warning naming what it holds is printed on
stderr; with ``--encrypt`` the passphrase is printed once, on stdout, and stored nowhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app import access, cli, console, exporting, partners
from app import fields as fields_mod
from app.exporting import request as rq
from app.i18n import _, current_language, ngettext


def _export_request(vault, actor, args: argparse.Namespace) -> rq.ExportRequest:
    view = access.access_for(vault, actor)
    if args.fields:
        columns = rq.parse_fields(args.fields)
    elif args.partner:
        columns = rq.partner_preset(view, partners.get(vault, actor, args.partner).fields)
    else:
        columns = rq.purpose_preset(view, args.purpose)
    return rq.ExportRequest(
        rq.Selection.parse(args.filter or "all"),
        tuple(columns),
        args.purpose,
        args.format,
        partner=args.partner or "",
        legal_basis=args.legal_basis,
        basis_note=args.basis_note or "",
        encoding=args.encoding,
        protection=rq.ENCRYPTED if args.encrypt else rq.PLAIN,
        plain_acknowledged=not args.encrypt,
        language="zh_CN" if (args.language or current_language()).startswith("zh") else "en",
    )


def cmd_export(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        actor = vault.actor
        req = _export_request(vault, actor, args)
        out = Path(args.out).expanduser()
        if not args.encrypt:
            plan = exporting.prepare(vault, actor, req)
            print(cli._line(_("custos: warning: {warning}"), warning=plan.plain_warning()), file=sys.stderr)
        result = exporting.run(vault, actor, req, out)
        print(
            cli._line(
                _("Exported {count} customers to {path} (export {id}, SHA-256 {sha})."),
                count=f"{result.rows:,}",
                path=str(out),
                id=result.export_id,
                sha=result.sha256,
            )
        )
        for line in result.plan.left_out_lines():
            print(cli._line(_("Left out: {reason}"), reason=line))
        if result.passphrase:
            print(
                cli._line(
                    _("Passphrase (shown once, stored nowhere): {passphrase}"), passphrase=result.passphrase
                )
            )
    finally:
        vault.lock()
    return 0


# ------------------------------------------------------------------------------- partners


def _partner_values(args: argparse.Namespace) -> dict[str, Any]:
    names = {
        "name": "name",
        "contact": "contact",
        "purpose": "purposes",
        "fields": "fields",
        "starts": "starts_on",
        "expires": "expires_on",
        "review": "review_on",
        "security": "security_measures",
        "end_of_agreement": "end_of_agreement",
        "assessment": "assessment",
        "status": "status",
    }
    return {key: getattr(args, opt) for opt, key in names.items() if getattr(args, opt, None) is not None}


def _print_partner(p: partners.Partner, shared: list[exporting.ExportRecord]) -> None:
    line = cli._line
    print(line(_("Partner {name} ({state})"), name=p.name, state=p.state()))
    print(line(_("  contact: {contact}"), contact=p.contact))
    print(line(_("  purposes: {purposes}"), purposes=", ".join(p.purposes)))
    print(line(_("  fields: {fields}"), fields=", ".join(p.fields)))
    print(
        line(
            _("  agreement: {start} to {end}; at the end the data is {handling}"),
            start=p.starts_on,
            end=p.expires_on,
            handling=p.end_of_agreement,
        )
    )
    if p.review_on:
        print(line(_("  next review: {day}"), day=p.review_on))
    print(line(_("  security measures: {text}"), text=p.security_measures))
    if p.assessment:
        print(line(_("  security assessment: {text}"), text=p.assessment))
    for d in p.documents:
        print(
            line(
                _("  signed agreement: {file} ({size} bytes, sha256 {sha})"),
                file=d.filename,
                size=d.size,
                sha=d.sha256[:16],
            )
        )
    if p.status == "ended":
        print(line(_("  ended on {day}; deletion: {state}"), day=p.ended_on or "", state=p.deletion))
    print(line(_("  exports to this partner: {count}"), count=len(shared)))
    for r in shared:
        print(
            line(
                _("    #{id} {at} {purpose}: {rows} customers ({format}) by {user}"),
                id=r.id,
                at=r.at[:16],
                purpose=r.purpose,
                rows=r.rows,
                format=r.format,
                user=r.actor,
            )
        )


def cmd_partners(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    actor = vault.actor
    try:
        action = args.partners_action
        if action == "list":
            found = partners.list_partners(vault, actor)
            if args.json:
                cli._print_json([p.as_dict() for p in found])
            else:
                for p in found:
                    cells = (
                        console.pad(console.printable(p.name), 28),
                        console.pad(p.state(), 12),
                        console.pad(p.expires_on, 11),
                        console.printable(",".join(p.purposes)),
                    )
                    print(" ".join(cells).rstrip())
                for reminder in partners.reminders(vault, actor):
                    print(
                        cli._line(_("custos: reminder: {message}"), message=reminder.message()),
                        file=sys.stderr,
                    )
            return 0
        if action == "reminders":
            found_reminders = partners.reminders(vault, actor)
            if args.json:
                cli._print_json([r.as_dict() for r in found_reminders])
            else:
                for reminder in found_reminders:
                    print(console.printable(reminder.message()))
            return 0
        if action == "show":
            p = partners.get(vault, actor, args.partner)
            shared = exporting.log(vault, actor, partner=p.name)
            if args.json:
                cli._print_json({**p.as_dict(), "exports": [r.as_dict() for r in shared]})
            else:
                _print_partner(p, shared)
            return 0
        if action == "add":
            p = partners.add(vault, actor, _partner_values(args))
            if args.document:
                partners.attach_document(vault, actor, p.id, args.document, _read(args.document))
            print(
                cli._line(
                    _("Registered partner {name} (agreement until {day})."), name=p.name, day=p.expires_on
                )
            )
        elif action == "update":
            values = _partner_values(args)
            if not values and not args.document:
                raise cli.CliError(_("Nothing to change: give an option such as --contact or --expires."))
            p = (
                partners.update(vault, actor, args.partner, values)
                if values
                else partners.get(vault, actor, args.partner)
            )
            if args.document:
                partners.attach_document(vault, actor, p.id, args.document, _read(args.document))
            print(cli._line(_("Updated partner {name}."), name=p.name))
        elif action == "end":
            p = partners.end(vault, actor, args.partner, note=args.note or "")
            handling = _("deleted") if p.end_of_agreement == "delete" else _("returned")
            print(
                cli._line(
                    _(
                        "Ended the agreement with {name}; obtain its confirmation that the data was"
                        " {handling},"
                        " then: custos partners confirm-deletion."
                    ),
                    name=p.name,
                    handling=handling,
                )
            )
        elif action == "confirm-deletion":
            p = partners.confirm_deletion(vault, actor, args.partner, note=args.note)
            print(cli._line(_("Recorded that {name} confirmed the deletion."), name=p.name))
        elif action == "document":
            info, data = partners.document(vault, actor, args.partner)
            out = Path(args.out).expanduser()
            from app.files import write_atomic

            write_atomic(out, data)
            print(cli._line(_("Saved {file} to {path}."), file=info.filename, path=str(out)))
    finally:
        vault.lock()
    return 0


def _read(path: str) -> bytes:
    file = Path(path).expanduser()
    if not file.is_file():
        raise cli.CliError(_("{path}: no such file").format(path=path))
    if file.stat().st_size > partners.MAX_DOCUMENT_BYTES + 1:
        raise cli.CliError(_("{path} is over 10 MB; attach a smaller scan").format(path=path))
    return file.read_bytes()


def cmd_sharing(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        records = exporting.log(vault, vault.actor, customer_id=args.customer, partner=args.partner)
        if args.json:
            cli._print_json([r.as_dict() for r in records])
            return 0
        for r in records:
            fields = ", ".join(k if t == rq.FULL else f"{k}({t})" for k, t in r.fields)
            cells = (
                console.pad(f"#{r.id}", 6),
                console.pad(r.at[:16].replace("T", " "), 17),
                console.pad(console.printable(r.recipient), 24),
                console.pad(r.purpose, 11),
                console.pad(f"{r.rows:,}", 9, right=True),
                console.pad(r.format, 5),
                console.pad(console.printable(r.actor), 12),
                console.printable(fields),
            )
            print(" ".join(cells).rstrip())
        print("-- " + ngettext("{count} export", "{count} exports", len(records)).format(count=len(records)))
    finally:
        vault.lock()
    return 0


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``export``, ``partners`` and ``sharing``, added to the main parser by app/cli.py."""
    p = sub.add_parser("export", help=_("export customers to a file, for a purpose, with a record"))
    vault_arg(p)
    p.add_argument("--format", choices=rq.FORMATS, required=True)
    p.add_argument("--purpose", choices=fields_mod.PURPOSES, required=True)
    p.add_argument("--partner", help=_("a registered partner (default: internal use)"))
    p.add_argument("--fields", help=_("e.g. name,phone=masked,id=pseudonymised (default: the preset)"))
    p.add_argument("--filter", help=_("all, ids:1,2, search:TEXT, tag:TAG or consent:PURPOSE (default all)"))
    p.add_argument(
        "--encrypt", action="store_true", help=_("an AES-256 encrypted ZIP; the passphrase is shown once")
    )
    p.add_argument("--encoding", choices=rq.ENCODINGS, default="utf-8-sig", help=_("for CSV"))
    p.add_argument("--legal-basis", choices=list(rq.LEGAL_BASES), default=rq.CONSENT)
    p.add_argument("--basis-note", help=_("why the legal basis applies (required unless consent)"))
    p.add_argument("--language", choices=("zh", "en"), help=_("of the column headings"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("partners", help=_("the partner register (合作伙伴) and their agreements"))
    psub = p.add_subparsers(dest="partners_action", required=True, metavar="ACTION")
    q = psub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("reminders", help=_("deletions to confirm, expiries and reviews due"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("show", help=_("a partner's agreement and what was shared with it"))
    vault_arg(q)
    q.add_argument("partner")
    q.add_argument("--json", action="store_true")
    for name in ("add", "update"):
        q = psub.add_parser(name)
        vault_arg(q)
        if name == "update":
            q.add_argument("partner")
            q.add_argument("--name")
            q.add_argument("--status", choices=("active", "suspended"))
        else:
            q.add_argument("--name", required=True)
        q.add_argument("--contact")
        q.add_argument("--purpose", action="append", choices=partners.PURPOSES)
        q.add_argument("--fields", help=_("the fields the agreement covers, e.g. id,name,phone"))
        q.add_argument("--starts", metavar="YYYY-MM-DD")
        q.add_argument("--expires", metavar="YYYY-MM-DD")
        q.add_argument("--review", metavar="YYYY-MM-DD")
        q.add_argument("--security", metavar="TEXT", help=_("the security measures agreed"))
        q.add_argument("--end-of-agreement", choices=partners.END_HANDLING)
        q.add_argument("--assessment", metavar="TEXT", help=_("security assessment note"))
        q.add_argument("--document", metavar="FILE", help=_("the signed agreement (PDF, PNG or JPEG)"))
    q = psub.add_parser("end", help=_("end the agreement; deletion is then pending"))
    vault_arg(q)
    q.add_argument("partner")
    q.add_argument("--note")
    q = psub.add_parser("confirm-deletion", help=_("record the partner's confirmation of deletion or return"))
    vault_arg(q)
    q.add_argument("partner")
    q.add_argument("--note", required=True)
    q = psub.add_parser("document", help=_("save the signed agreement to a file"))
    vault_arg(q)
    q.add_argument("partner")
    q.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=cmd_partners)

    p = sub.add_parser("sharing", help=_("the record of exports: who received what"))
    ssub = p.add_subparsers(dest="sharing_action", required=True, metavar="ACTION")
    q = ssub.add_parser("log", help=_("exports, newest first"))
    vault_arg(q)
    q.add_argument("--customer", type=cli._customer_id, metavar="ID")
    q.add_argument("--partner")
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sharing)
