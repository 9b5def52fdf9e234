"""``custos alerts [--json] [--all]``, ``alerts rules``, ``alerts set RULE VALUE``, ``alerts ack ID``.

The alerts are evaluated when the command signs in (app/alerts.py), so the list is current.
Owners, managers and auditors list them; only an owner changes a rule or acknowledges one.
"""

from __future__ import annotations

import argparse
from typing import Any

from app import alerts, cli
from app.i18n import _


def _print_alerts(found: list[alerts.Alert]) -> None:
    if not found:
        print(_("No alerts."))
        return
    for alert in found:
        state = (
            _("open")
            if alert.open
            else cli._line(_("acknowledged by {user}"), user=alert.acknowledged_by or "")
        )
        print(cli._line("{id:>5}  {state}  {message}", id=alert.id, state=state, message=alert.message()))


def _print_rules(values: dict[str, str]) -> None:
    for name, value in values.items():
        print(
            cli._line(
                "{rule:<24} {value:<8} {label}", rule=name, value=value, label=_(alerts.RULES[name].label)
            )
        )


def cmd_alerts(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    try:
        actor = vault.actor
        action = args.alerts_action
        if action == "rules":
            values = alerts.rules(vault, actor)
            cli._print_json(values) if args.json else _print_rules(values)
        elif action == "set":
            value = alerts.set_rule(vault, actor, args.rule, args.value)
            print(cli._line(_("{rule} is now {value}."), rule=args.rule, value=value))
        elif action == "ack":
            alert = alerts.acknowledge(vault, actor, args.id, args.note or "")
            print(cli._line(_("Alert {id} acknowledged."), id=alert.id))
        else:
            found = alerts.list_alerts(vault, actor, include_acknowledged=args.all)
            if args.json:
                cli._print_json([alert.as_dict() for alert in found])
            else:
                _print_alerts(found)
        return 0
    finally:
        vault.lock()


def _vault_arg(parser: argparse.ArgumentParser) -> None:
    """--vault after the action too, without its absence undoing one given before it."""
    parser.add_argument(
        "--vault", metavar="DIR", default=argparse.SUPPRESS, help=_("vault folder (or set CUSTOS_VAULT)")
    )


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``alerts``, added to the main parser by app/cli.py."""
    p = sub.add_parser("alerts", help=_("unusual-access alerts and their rules"))
    vault_arg(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help=_("include acknowledged alerts"))
    asub = p.add_subparsers(dest="alerts_action", required=False, metavar="ACTION")
    q = asub.add_parser("rules", help=_("the rules and their thresholds"))
    _vault_arg(q)
    q.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    q = asub.add_parser("set", help=_("set a rule's threshold ('off' disables it), or working_hours 08-19"))
    _vault_arg(q)
    q.add_argument("rule", choices=list(alerts.RULES))
    q.add_argument("value")
    q = asub.add_parser("ack", help=_("acknowledge an alert (owner only)"))
    _vault_arg(q)
    q.add_argument("id", type=cli._whole_number(1, cli.MAX_ID, "ID"))
    q.add_argument("--note", help=_("what was found"))
    p.set_defaults(func=cmd_alerts)
