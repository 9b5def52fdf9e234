"""``custos requests …``, ``custos retention …`` and the erasure and data-copy actions of
``custos customers`` (erase, report, hold): the same services as the desktop app.

Requests are named by their number (``12``) or reference (``R-000012``). Dates are YYYY-MM-DD.
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from app import cli, console, customers, datacopy, deadlines, erasure, holds, requests, retention
from app.files import write_atomic
from app.i18n import _, ngettext
from app.reports import reply_letter


def _request_id(text: str) -> int:
    match = re.fullmatch(r"(?:R-?)?0*(\d{1,12})", text.strip(), re.IGNORECASE)
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(
            _("a request number such as 12 or R-000012, not {text}").format(text=repr(text))
        )
    return int(match[1])


_request_id.__name__ = "request"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("a date as YYYY-MM-DD, not {text}").format(text=repr(text))
        ) from None


_day.__name__ = "date"


def _type_name(type_: str) -> str:
    return _(requests.TYPES[type_][0])


def _print_requests(rows: list[requests.Request], settings: deadlines.Settings) -> None:
    today = date.today()
    for r in rows:
        due = r.deadline.due.isoformat() if r.deadline.due else _("paused")
        if r.deadline.estimated:
            due += "*"
        cells = (
            console.pad(r.reference, 9),
            console.pad(r.type, 12),
            console.pad(r.received_at, 11),
            console.pad(due, 12),
            console.pad(r.state(today, settings), 10),
            console.pad(str(r.customer_id or "-"), 8, right=True),
            console.printable(r.requester),
        )
        print(" ".join(cells).rstrip())
    print("-- " + ngettext("{count} request", "{count} requests", len(rows)).format(count=len(rows)))
    if any(r.deadline.estimated for r in rows):
        print(_("* beyond the official holiday calendar this version knows: Monday to Friday counted"))


def _print_request(r: requests.Request, settings: deadlines.Settings) -> None:
    line = cli._line
    print(
        line(
            _("{reference}  {type}  ({status})"),
            reference=r.reference,
            type=_type_name(r.type),
            status=r.status,
        )
    )
    print(
        line(
            _("  received {day} ({via}) from {who} ({relation})"),
            day=r.received_at,
            via=r.received_via,
            who=r.requester or "-",
            relation=r.requester_relation,
        )
    )
    if r.requester_contact:
        print(line(_("  contact: {contact}"), contact=r.requester_contact))
    print(line(_("  customer: {id}"), id=r.customer_id or "-"))
    print(line(_("  identity: {status} {method}"), status=r.identity_status, method=r.identity_method))
    due = r.deadline.due.isoformat() if r.deadline.due else _("paused while waiting for identity")
    print(
        line(
            _("  deadline ({regime}): {due} — {state}"),
            regime=r.regime,
            due=due,
            state=r.state(date.today(), settings),
        )
    )
    if r.deadline.estimated:
        print(_("  (estimated: beyond the official holiday calendar this version knows)"))
    print(line(_("  handler: {handler}"), handler=r.handler))
    if r.details:
        print(line(_("  details: {text}"), text=r.details))
    if r.outcome:
        print(line(_("  outcome: {outcome}"), outcome=r.outcome))
        for reason in r.reasons:
            print(line("    - {code} {text}", code=reason["code"], text=reason.get("text", "")))
    for event in r.events:
        details = ", ".join(f"{k}={v}" for k, v in event.details.items())
        print(
            line(
                "  {at}  {actor}  {kind}  {details}",
                at=event.at[:16].replace("T", " "),
                actor=event.actor,
                kind=event.kind,
                details=details,
            )
        )


def _reasons(items: list[str]) -> list[dict[str, str]]:
    out = []
    for item in items:
        code, _sep, text = item.partition(":")
        out.append({"code": code.strip(), "text": text.strip()})
    return out


def cmd_requests(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    actor = vault.actor
    try:
        settings = deadlines.load(vault.connection())
        action = args.requests_action
        result: requests.Request | None = None
        if action == "add":
            result = requests.add(
                vault,
                actor,
                type=args.type,
                received_at=args.received,
                received_via=args.via,
                requester=args.requester,
                relation=args.relation,
                contact=args.contact or "",
                customer_id=args.customer,
                details=args.details or "",
                identity_method=args.identity_method or "",
                identity_verified=args.identity_verified,
                handler=args.handler,
                regime=args.regime,
            )
        elif action == "list":
            if args.attention:
                pairs = requests.attention(vault, actor)
                rows = [r for r, _state in pairs]
            else:
                rows = requests.list_requests(vault, actor, status=args.status, customer_id=args.customer)
            if args.json:
                cli._print_json([{**r.as_dict(), "state": r.state(date.today(), settings)} for r in rows])
            else:
                _print_requests(rows, settings)
            return 0
        elif action == "show":
            result = requests.get(vault, actor, args.request)
        elif action == "update":
            result = _update(vault, actor, args)
        elif action == "close":
            result = requests.close(
                vault,
                actor,
                args.request,
                outcome=args.outcome,
                reasons=_reasons(args.reason or []),
                reply=args.reply or "",
            )
        elif action in ("restrict", "lift"):
            if action == "restrict":
                found = requests.restrict(vault, actor, args.request)
                message = _("Processing of customer {customer} is restricted (restriction {id}).")
            else:
                found = requests.lift_restriction(vault, actor, args.restriction, reason=args.reason)
                message = _("The restriction {id} of customer {customer} is lifted.")
            if args.json:
                cli._print_json(found.as_dict())
            else:
                print(cli._line(message, customer=found.customer_id, id=found.id))
            return 0
        elif action == "reply":
            content = reply_letter.render(vault, actor, args.request, args.lang)
            write_atomic(Path(args.out), content)
            print(cli._line(_("Wrote the reply to {path}"), path=args.out))
            return 0
        elif action == "deadlines":
            changes = {
                key: getattr(args, key)
                for key in deadlines.Settings.__dataclass_fields__
                if getattr(args, key, None) is not None
            }
            current = deadlines.save(vault, actor, **changes) if changes else settings
            if args.json:
                cli._print_json(current.__dict__)
            else:
                for key, value in current.__dict__.items():
                    print(f"{key}: {value}")
            return 0
        if result is not None:
            if args.json:
                cli._print_json({**result.as_dict(), "state": result.state(date.today(), settings)})
            elif action == "show":
                _print_request(result, settings)
            else:
                print(
                    cli._line(
                        _("{reference}: {status}, due {due}"),
                        reference=result.reference,
                        status=result.status,
                        due=result.deadline.due.isoformat() if result.deadline.due else _("paused"),
                    )
                )
    finally:
        vault.lock()
    return 0


def _update(vault, actor, args: argparse.Namespace) -> requests.Request:
    changes = {
        key: getattr(args, key)
        for key in ("requester", "relation", "contact", "details", "handler")
        if getattr(args, key) is not None
    }
    if args.customer is not None:
        changes["customer_id"] = args.customer
    did = False
    if changes:
        requests.update(vault, actor, args.request, **changes)
        did = True
    if args.ask_identity is not None:
        requests.ask_identity(vault, actor, args.request, note=args.ask_identity)
        did = True
    if args.identity_checked or args.identity_failed:
        if args.identity_checked and args.identity_failed:
            raise cli.CliError(_("Give either --identity-checked or --identity-failed, not both."))
        requests.confirm_identity(
            vault,
            actor,
            args.request,
            method=args.identity_checked or args.identity_failed,
            verified=bool(args.identity_checked),
        )
        did = True
    if args.extend:
        requests.extend(vault, actor, args.request, reason=args.extend)
        did = True
    if args.action:
        requests.add_action(vault, actor, args.request, args.action)
        did = True
    if args.correct:
        values = {}
        for assignment in args.correct:
            key, sep, value = assignment.partition("=")
            if not sep or not key.strip():
                raise cli.CliError(
                    _("--correct needs FIELD=VALUE, got {text}.").format(text=repr(assignment))
                )
            values[key.strip()] = value
        requests.correct(vault, actor, args.request, values)
        did = True
    if args.withdraw:
        requests.withdraw_consent(vault, actor, args.request, args.withdraw, channel=args.channel)
        did = True
    if not did:
        raise cli.CliError(_("Nothing to change: see custos requests update --help."))
    return requests.get(vault, actor, args.request)


def customers_erase(vault, actor, args: argparse.Namespace) -> None:
    entry = erasure.erase(vault, actor, args.id, request_id=args.request)
    if args.json:
        cli._print_json(entry.as_dict())
        return
    print(cli._line(_("Erased customer {id} for good."), id=entry.customer_id))
    if entry.merged_ids:
        print(
            cli._line(
                _("Also erased the records merged into it: {ids}"), ids=", ".join(map(str, entry.merged_ids))
            )
        )
    if entry.held_fields:
        print(
            cli._line(
                _("Kept under a legal hold until {day}: {fields}"),
                day=entry.held_until,
                fields=", ".join(entry.held_fields),
            )
        )


def customers_report(vault, actor, args: argparse.Namespace) -> None:
    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() or "pdf")
    if fmt not in datacopy.FORMATS:
        raise cli.CliError(_("Give --format pdf, json or csv (or an --out file ending so)."))
    content = datacopy.render(vault, actor, args.id, fmt, language=args.lang, request_id=args.request)
    write_atomic(Path(args.out), content)
    print(cli._line(_("Wrote the copy of customer {id}'s data to {path}"), id=args.id, path=args.out))


def customers_hold(vault, actor, args: argparse.Namespace) -> None:
    hold = holds.place(
        vault, actor, args.id, args.field, reason=args.reason, until=args.until, request_id=args.request
    )
    if args.json:
        cli._print_json(hold.as_dict())
    else:
        print(
            cli._line(
                _("Legal hold {hold}: {fields} of customer {id} kept until {day}"),
                hold=hold.id,
                fields=", ".join(hold.fields),
                id=args.id,
                day=hold.until,
            )
        )


def _print_review(vault, actor, review: retention.Review, limit: int) -> None:
    rules = {str(r.id): r for r in retention.rules(vault, actor)}
    print(
        cli._line(
            _("Retention review {id} for {day}: {count} customers due"),
            id=review.id or "-",
            day=review.on.isoformat(),
            count=review.customers,
        )
    )
    for item in review.due:
        if item.rule == retention.PURGE:
            title = _("deleted customers past the grace period ({days} days)").format(
                days=erasure.grace_days(vault)
            )
        else:
            rule = rules.get(item.rule)
            title = (
                f"{_('rule')} {item.rule}: {rule.scope} {rule.target}, {rule.months} {_('months')},"
                f" {rule.basis} → {rule.action}"
                if rule
                else f"{_('rule')} {item.rule}"
            )
        fields = f" [{', '.join(item.fields)}]" if item.fields else ""
        print(cli._line("{title}{fields}: {count}", title=title, fields=fields, count=len(item.ids)))
        shown = customers.fetch(vault, actor, item.ids[:limit])
        names = {c.id: c.name for c in shown}
        for cid in item.ids[:limit]:
            print(cli._line("  {id:>8}  {name}", id=cid, name=names.get(cid, _("(deleted)"))))
        if len(item.ids) > limit:
            print(cli._line(_("  … and {n} more"), n=len(item.ids) - limit))


def cmd_retention(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    actor = vault.actor
    try:
        action = args.retention_action
        if action == "rules":
            if args.rules_action == "add":
                rule = retention.add_rule(
                    vault,
                    actor,
                    scope=args.scope,
                    target=args.target,
                    months=args.months,
                    basis=args.basis,
                    action=args.do,
                    note=args.note or "",
                )
                print(cli._line(_("Added retention rule {id}"), id=rule.id))
                return 0
            if args.rules_action == "remove":
                retention.remove_rule(vault, actor, args.rule)
                print(cli._line(_("Removed retention rule {id}"), id=args.rule))
                return 0
            found = retention.rules(vault, actor)
            if args.json:
                cli._print_json(
                    {"grace_days": erasure.grace_days(vault), "rules": [r.as_dict() for r in found]}
                )
                return 0
            for r in found:
                print(
                    cli._line(
                        "{id:>4}  {scope:<8} {target:<14} {months:>4} {m}  {basis:<18} {action}  {note}",
                        id=r.id,
                        scope=r.scope,
                        target=r.target,
                        months=r.months,
                        m=_("months"),
                        basis=r.basis,
                        action=r.action,
                        note=r.note,
                    )
                )
            print(
                cli._line(
                    _("Deleted customers are erased {days} days after deletion."),
                    days=erasure.grace_days(vault),
                )
            )
        elif action == "grace":
            if args.days is not None:
                erasure.set_grace_days(vault, actor, args.days)
            print(
                cli._line(
                    _("Deleted customers are erased {days} days after deletion."),
                    days=erasure.grace_days(vault),
                )
            )
        elif action == "review":
            review = retention.review(vault, actor, on=args.on, save=not args.on)
            cli._print_json(review.as_dict()) if args.json else _print_review(
                vault, actor, review, args.limit
            )
        elif action == "apply":
            if not args.dry_run:
                pending = retention.get_review(vault, actor, args.review)
                if not args.yes and pending.customers:
                    raise cli.CliError(
                        _(
                            "Applying review {id} acts on up to {n} customers: add --yes to approve it"
                            " (or --dry-run)."
                        ).format(id=pending.id, n=pending.customers)
                    )
            applied = retention.apply(vault, actor, args.review, dry_run=args.dry_run)
            if args.json:
                cli._print_json(applied.as_dict())
            else:
                template = _(
                    "{what} review {id}: {erased} erased, {anonymised} anonymised, {skipped} no longer due,"
                    " {expired} held values expired"
                )
                print(
                    cli._line(
                        template,
                        what=_("Would apply") if applied.dry_run else _("Applied"),
                        id=applied.review_id,
                        erased=applied.erased,
                        anonymised=applied.anonymised,
                        skipped=applied.skipped,
                        expired=applied.held_values_expired,
                    )
                )
    finally:
        vault.lock()
    return 0


def add_customer_actions(csub: Any, vault_arg: Any) -> None:
    """``customers erase|report|hold``, added to app/cli.py's customers parser."""
    q = csub.add_parser("erase", help=_("erase a customer for good (everything but legally held fields)"))
    vault_arg(q)
    q.add_argument("id", type=cli._customer_id)
    q.add_argument("--request", type=_request_id, metavar="R", help=_("the deletion request this answers"))
    q.add_argument("--json", action="store_true")
    q = csub.add_parser("report", help=_("a copy of everything held about a customer (PDF, JSON or CSV)"))
    vault_arg(q)
    q.add_argument("id", type=cli._customer_id)
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--format", choices=datacopy.FORMATS, help=_("default: from the --out file's ending"))
    q.add_argument("--lang", choices=("zh", "en"), default="zh")
    q.add_argument("--request", type=_request_id, metavar="R", help=_("the request this copy answers"))
    q = csub.add_parser("hold", help=_("keep fields of a customer for a stated period when it is erased"))
    vault_arg(q)
    q.add_argument("id", type=cli._customer_id)
    q.add_argument("--field", action="append", required=True)
    q.add_argument(
        "--reason", required=True, help=_("kept in the audit log even after erasure: no personal data here")
    )
    q.add_argument("--until", required=True, type=_day)
    q.add_argument("--request", type=_request_id, metavar="R")
    q.add_argument("--json", action="store_true")


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``requests`` and ``retention``, added to the main parser by app/cli.py."""
    p = sub.add_parser("requests", help=_("customers' requests: register, deadlines, replies"))
    rsub = p.add_subparsers(dest="requests_action", required=True, metavar="ACTION")
    q = rsub.add_parser("add", help=_("register a request"))
    vault_arg(q)
    q.add_argument("--type", required=True, choices=list(requests.TYPES))
    q.add_argument("--requester", required=True, help=_("who asked"))
    q.add_argument("--relation", default="self", choices=requests.RELATIONS)
    q.add_argument("--contact")
    q.add_argument("--customer", type=cli._customer_id, metavar="ID")
    q.add_argument("--via", default="in_person", choices=requests.CHANNELS)
    q.add_argument("--received", type=_day, metavar="DATE", help=_("default: today"))
    q.add_argument("--details")
    q.add_argument("--identity-method", help=_("how the requester's identity was checked"))
    q.add_argument("--identity-verified", action="store_true")
    q.add_argument("--handler")
    q.add_argument("--regime", choices=deadlines.REGIMES)
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("list", help=_("open requests with their deadlines (newest first)"))
    vault_arg(q)
    q.add_argument("--status", default="open", choices=("open", "closed", "all"))
    q.add_argument("--customer", type=cli._customer_id, metavar="ID")
    q.add_argument("--attention", action="store_true", help=_("only overdue and due-soon requests"))
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("show")
    vault_arg(q)
    q.add_argument("request", type=_request_id)
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("update", help=_("change details, record identity checks, actions, corrections"))
    vault_arg(q)
    q.add_argument("request", type=_request_id)
    for name in ("requester", "contact", "details", "handler"):
        q.add_argument(f"--{name}")
    q.add_argument("--relation", choices=requests.RELATIONS)
    q.add_argument("--customer", type=cli._customer_id, metavar="ID")
    q.add_argument("--ask-identity", metavar="NOTE", help=_("ask for proof of identity (pauses the clock)"))
    q.add_argument("--identity-checked", metavar="METHOD", help=_("identity verified, and how (resumes it)"))
    q.add_argument("--identity-failed", metavar="METHOD")
    q.add_argument("--extend", metavar="REASON", help=_("extend the deadline once, with the reason"))
    q.add_argument("--action", metavar="NOTE", help=_("record an action taken"))
    q.add_argument(
        "--correct", action="append", metavar="FIELD=VALUE", help=_("correct the customer's record")
    )
    q.add_argument("--withdraw", metavar="PURPOSE", help=_("withdraw the customer's consent for PURPOSE"))
    q.add_argument("--channel", default="electronic", help=_("how a withdrawal reached you"))
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("close", help=_("close with the outcome (a refusal gives its reasons)"))
    vault_arg(q)
    q.add_argument("request", type=_request_id)
    q.add_argument("--outcome", required=True, choices=requests.OUTCOMES)
    q.add_argument(
        "--reason",
        action="append",
        metavar="CODE[:TEXT]",
        help=_("repeatable; codes: {codes}").format(codes=", ".join(requests.REASONS)),
    )
    q.add_argument("--reply", help=_("your own words for the reply letter"))
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser(
        "restrict",
        help=_("accept a restrict request: leave the customer out of exports, marketing lists and imports"),
    )
    vault_arg(q)
    q.add_argument("request", type=_request_id)
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("lift", help=_("lift a restriction of processing, with the reason"))
    vault_arg(q)
    q.add_argument("restriction", type=cli._whole_number(1, cli.MAX_ID, "restriction"))
    q.add_argument(
        "--reason", required=True, help=_("kept in the audit log even after erasure: no personal data here")
    )
    q.add_argument("--json", action="store_true")
    q = rsub.add_parser("reply", help=_("write the reply letter of a closed request as PDF"))
    vault_arg(q)
    q.add_argument("request", type=_request_id)
    q.add_argument("--lang", choices=reply_letter.LANGUAGES, default="zh")
    q.add_argument("--out", required=True, metavar="FILE")
    q = rsub.add_parser("deadlines", help=_("show or set the deadline rules"))
    vault_arg(q)
    q.add_argument("--regime", choices=deadlines.REGIMES)
    for name in (
        "prc_working_days",
        "prc_extension_working_days",
        "gdpr_months",
        "gdpr_extension_months",
        "due_soon_days",
    ):
        q.add_argument(f"--{name.replace('_', '-')}", dest=name, type=cli._whole_number(0, 1000, name))
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_requests)

    p = sub.add_parser("retention", help=_("retention rules, review and apply"))
    tsub = p.add_subparsers(dest="retention_action", required=True, metavar="ACTION")
    q = tsub.add_parser("rules", help=_("list, add or remove retention rules"))
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    rules_sub = q.add_subparsers(dest="rules_action", required=False, metavar="ACTION")
    r = rules_sub.add_parser("add")
    vault_arg(r)
    r.add_argument("--scope", required=True, choices=retention.SCOPES)
    r.add_argument("--target", required=True, help=_("a purpose, or a field key"))
    r.add_argument("--months", required=True, type=cli._whole_number(0, retention.MAX_MONTHS, "months"))
    r.add_argument("--basis", default="last_activity", choices=retention.BASES)
    r.add_argument("--do", default="anonymise", choices=retention.ACTIONS)
    r.add_argument("--note")
    r = rules_sub.add_parser("remove")
    vault_arg(r)
    r.add_argument("rule", type=cli._whole_number(1, cli.MAX_ID, "rule"))
    q = tsub.add_parser("grace", help=_("show or set the days before deleted customers are erased"))
    vault_arg(q)
    q.add_argument("days", nargs="?", type=cli._whole_number(0, erasure.MAX_GRACE_DAYS, "days"))
    q = tsub.add_parser("review", help=_("who is due today (changes nothing; saved for approval)"))
    vault_arg(q)
    q.add_argument("--on", type=_day, metavar="DATE", help=_("as on another day (not saved)"))
    q.add_argument("--limit", type=cli._row_count, default=20, help=_("customers listed per rule"))
    q.add_argument("--json", action="store_true")
    q = tsub.add_parser("apply", help=_("act on the newest (or a given) review"))
    vault_arg(q)
    q.add_argument("--review", type=cli._whole_number(1, cli.MAX_ID, "review"))
    q.add_argument("--dry-run", action="store_true")
    q.add_argument("--yes", action="store_true", help=_("approve: erase and anonymise as reviewed"))
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_retention)
