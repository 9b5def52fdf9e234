"""``custos incidents add|list|show|update|notice``: the incident register from the command line.

``add --reads-by USER --from T --to T`` fills the affected customers and fields from the audit
log (everything USER opened, revealed or changed in that period); ``--customer ID`` adds more.
The decision to notify the customers and the regulator is required, with its reason (PIPL
Art. 57). ``notice`` writes the letter to the affected customers as PDF.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from app import cli, incidents
from app.i18n import _
from app.reports import incident_notice


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "是"):
        return True
    if value in ("no", "n", "否"):
        return False
    raise argparse.ArgumentTypeError(_("answer yes or no, not {text}").format(text=repr(text)))


def _add(args: argparse.Namespace, vault: Any) -> None:
    actor = vault.actor
    occurred_from = cli._moment(args.occurred_from, "--from")
    occurred_to = cli._moment(args.occurred_to, "--to", end_of_day=True)
    ids, fields, found_by = list(args.customer or []), [], ""
    if args.reads_by:
        if occurred_from is None or occurred_to is None:
            raise cli.CliError(_("--reads-by needs --from and --to: the period to look at"))
        affected = incidents.affected_from_audit(vault, actor, args.reads_by, occurred_from, occurred_to)
        ids += affected.customer_ids
        fields += affected.fields
        found_by = affected.found_by
    if args.fields:
        fields += [key.strip() for key in args.fields.split(",") if key.strip()]
    draft = incidents.Draft(
        title=args.title,
        what_happened=args.what,
        discovered_at=cli._moment(args.discovered, "--discovered") or datetime.now().astimezone(),
        severity=args.severity,
        notify_customers=args.notify_customers,
        notify_customers_reason=args.customers_reason,
        notify_regulator=args.notify_regulator,
        notify_regulator_reason=args.regulator_reason,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        fields=fields,
        customer_ids=ids,
        found_by=found_by,
        actions=args.actions or "",
        advice=args.advice or "",
        contact=args.contact or "",
    )
    incident = incidents.add(vault, actor, draft)
    if args.json:
        cli._print_json(incident.as_dict())
    else:
        print(
            cli._line(
                _("Incident {id} recorded: {customers} affected customer(s), fields: {fields}."),
                id=incident.id,
                customers=incident.customers,
                fields=", ".join(incident.fields) or "-",
            )
        )


def _show(incident: incidents.Incident) -> None:
    for key, value in incident.as_dict().items():
        if isinstance(value, list):
            value = ", ".join(value)
        print(cli._line("{key:<24} {value}", key=key, value=str(value)))


def cmd_incidents(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        actor = vault.actor
        action = args.incidents_action
        if action == "add":
            _add(args, vault)
        elif action == "list":
            found = incidents.list_incidents(vault, actor)
            if args.json:
                cli._print_json([i.as_dict() for i in found])
            elif not found:
                print(_("No incidents recorded."))
            for incident in [] if args.json else found:
                print(
                    cli._line(
                        "{id:>4}  {status:<9} {severity:<8} {customers:>6}  {title}",
                        id=incident.id,
                        status=incident.status,
                        severity=incident.severity,
                        customers=incident.customers,
                        title=incident.title,
                    )
                )
        elif action == "show":
            incident = incidents.get(vault, actor, args.id)
            cli._print_json(incident.as_dict()) if args.json else _show(incident)
        elif action == "update":
            incident = incidents.update(
                vault,
                actor,
                args.id,
                status=args.status,
                actions=args.actions,
                advice=args.advice,
                contact=args.contact,
                notify_customers=args.notify_customers,
                notify_customers_reason=args.customers_reason,
                notify_regulator=args.notify_regulator,
                notify_regulator_reason=args.regulator_reason,
            )
            print(cli._line(_("Incident {id} is {status}."), id=incident.id, status=incident.status))
        else:
            count = incident_notice.write(vault, actor, args.id, args.out, args.lang)
            print(cli._line(_("Wrote {file}: letters to {count} customer(s)."), file=args.out, count=count))
        return 0
    finally:
        vault.lock()


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``incidents``, added to the main parser by app/cli.py."""
    p = sub.add_parser("incidents", help=_("the incident register (PIPL Art. 57)"))
    isub = p.add_subparsers(dest="incidents_action", required=True, metavar="ACTION")
    number = cli._whole_number(1, cli.MAX_ID, "ID")
    q = isub.add_parser("add", help=_("record an incident"))
    vault_arg(q)
    q.add_argument("--title", required=True)
    q.add_argument("--what", required=True, help=_("what happened, its cause and the possible harm"))
    q.add_argument("--severity", required=True, choices=incidents.SEVERITIES)
    q.add_argument("--discovered", help=_("when it was discovered (default: now)"))
    q.add_argument("--from", dest="occurred_from", help=_("when it began"))
    q.add_argument("--to", dest="occurred_to", help=_("when it ended"))
    q.add_argument(
        "--reads-by", metavar="USER", help=_("affected: every customer USER read from --from to --to")
    )
    q.add_argument("--customer", type=number, action="append", metavar="ID", help=_("an affected customer"))
    q.add_argument("--fields", help=_("affected fields, comma-separated"))
    q.add_argument("--notify-customers", type=_yes_no, required=True, metavar="yes|no")
    q.add_argument("--customers-reason", required=True, help=_("why customers are or are not notified"))
    q.add_argument("--notify-regulator", type=_yes_no, required=True, metavar="yes|no")
    q.add_argument("--regulator-reason", required=True, help=_("why the regulator is or is not notified"))
    q.add_argument("--actions", help=_("what was done"))
    q.add_argument("--advice", help=_("what customers can do themselves"))
    q.add_argument("--contact", help=_("whom customers can ask"))
    q.add_argument("--json", action="store_true")
    q = isub.add_parser("list", help=_("the register, newest first"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = isub.add_parser("show", help=_("one incident"))
    vault_arg(q)
    q.add_argument("id", type=number)
    q.add_argument("--json", action="store_true")
    q = isub.add_parser("update", help=_("move an incident on and record later decisions"))
    vault_arg(q)
    q.add_argument("id", type=number)
    q.add_argument("--status", choices=incidents.STATUSES)
    q.add_argument("--actions", help=_("what was done"))
    q.add_argument("--advice", help=_("what customers can do themselves"))
    q.add_argument("--contact", help=_("whom customers can ask"))
    q.add_argument("--notify-customers", type=_yes_no, metavar="yes|no")
    q.add_argument("--customers-reason", help=_("why customers are or are not notified"))
    q.add_argument("--notify-regulator", type=_yes_no, metavar="yes|no")
    q.add_argument("--regulator-reason", help=_("why the regulator is or is not notified"))
    q = isub.add_parser("notice", help=_("the letter to the affected customers, as PDF"))
    vault_arg(q)
    q.add_argument("id", type=number)
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--lang", choices=incident_notice.LANGUAGES, default="zh")
    p.set_defaults(func=cmd_incidents)
