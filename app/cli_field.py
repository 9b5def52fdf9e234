"""``custos field prepare|list|merge|lost|conflicts|resolve|info``: field packs from the command line.

A pack is prepared in the office for one field user (``prepare``), carried on a laptop and
worked on there with ``custos --vault PACK customers …`` / ``consent …`` (field mode, the field
user's password), then merged back (``merge``; ``--dry-run`` first shows what would happen).
Fields changed both in the office and in the field wait in the review queue (``conflicts``,
``resolve``). ``lost`` opens an incident naming what a lost pack held. See app/fieldpack.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import cli, fieldpack
from app.i18n import _


def _ids(text: str) -> list[int]:
    parse = cli._whole_number(1, cli.MAX_ID, "customer id")
    return [parse(part.strip()) for part in text.split(",") if part.strip()]


def _print_report(report: fieldpack.MergeReport) -> None:
    if report.already_merged:
        print(
            cli._line(
                _("Field pack {id} was already merged on {date}: nothing changed."),
                id=report.pack_id[:8],
                date=report.merged_at[:19],
            )
        )
        return
    title = (
        _("Dry run of field pack {id} from {user}: nothing was changed.")
        if report.dry_run
        else _("Merged field pack {id} from {user}.")
    )
    print(cli._line(title, id=report.pack_id[:8], user=report.user))
    applied = sum(len(v) for v in report.applied.values())
    rows = [
        (_("Field edits taken"), applied, ", ".join(f"{c}:{'+'.join(f)}" for c, f in report.applied.items())),
        (
            _("Changed in both: queued for review"),
            len(report.conflicts),
            ", ".join(f"{c['customer_id']}:{c['field']}" for c in report.conflicts),
        ),
        (
            _("New customers added"),
            len(report.new),
            ", ".join(f"{p}->{o}" for p, o in report.created.items()) if report.created else "",
        ),
        (
            _("New customers matching office customers: queued for review"),
            len(report.duplicates_queued),
            ", ".join(f"{p}~{'/'.join(map(str, m))}" for p, m in report.duplicates_queued.items()),
        ),
        (
            _("Erased in the office: field work discarded"),
            len(report.erased_discarded),
            ", ".join(map(str, report.erased_discarded)),
        ),
        (
            _("New customers matching an erased person: discarded"),
            len(report.erased_new_discarded),
            "",
        ),
        (
            _("New customers with an erased person's name: queued for review"),
            len(report.erased_name_queued),
            "",
        ),
        (
            _("Deleted in the office: field work not applied"),
            len(report.deleted_discarded),
            ", ".join(map(str, report.deleted_discarded)),
        ),
        (
            _("Restricted at the customer's request: field edits not applied"),
            len(report.restricted_discarded),
            ", ".join(map(str, report.restricted_discarded)),
        ),
        (
            _("Changes to fields the field user may not write: discarded"),
            len(report.not_permitted),
            ", ".join(f"{c}:{f}" for c, f in report.not_permitted),
        ),
        (_("Invalid values: discarded"), len(report.invalid), ""),
        (_("Consent records added"), report.consents_added, ""),
        (_("Consent records waiting with queued customers"), report.consents_queued, ""),
        (_("Consent records discarded"), report.consents_discarded, ""),
        (_("Audit entries added from the field"), report.audit_entries_added, ""),
    ]
    for label, count, which in rows:
        if count:
            print(
                cli._line(
                    "  {label}: {count}{which}",
                    label=label,
                    count=count,
                    which=f" ({which})" if which else "",
                )
            )


def _print_pack(info: fieldpack.PackInfo) -> None:
    state = info.status + (" " + _("(expired)") if info.status == "out" and info.expired else "")
    print(
        cli._line(
            "{id}  {user:<12} {customers:>6}  {prepared}  {expires}  {state}",
            id=info.id[:8],
            user=info.user,
            customers=info.customers,
            prepared=info.prepared_at[:10],
            expires=info.expires_at[:10],
            state=state,
        )
    )


def _show_value(value: Any) -> str:
    return "∅" if value in (None, "") else str(value)


def cmd_field(args: argparse.Namespace) -> int:
    action = args.field_action
    if action == "info":
        header = fieldpack.read_header(Path(args.pack))
        data = {
            "id": header.pack_id,
            "user": header.user,
            "business": header.business,
            "prepared_at": header.prepared_at,
            "prepared_by": header.prepared_by,
            "expires_at": header.expires_at,
            "expired": header.expired(),
        }
        if args.json:
            cli._print_json(data)
        else:
            for key, value in data.items():
                print(cli._line("{key:<12} {value}", key=key, value=str(value)))
        return 0
    vault = cli._open(args)
    try:
        actor = vault.actor
        if action == "prepare":
            info = fieldpack.prepare(
                vault,
                actor,
                args.user,
                Path(args.out),
                tag=args.tag,
                region=args.region,
                ids=args.ids,
                days=args.days,
            )
            if args.json:
                cli._print_json(info.as_dict())
            else:
                print(
                    cli._line(
                        _(
                            "Wrote field pack {id} for {user} to {file}: {customers} customer(s),"
                            " expires {date}."
                        ),
                        id=info.id[:8],
                        user=info.user,
                        file=args.out,
                        customers=info.customers,
                        date=info.expires_at[:10],
                    )
                )
        elif action == "list":
            found = fieldpack.outstanding(vault, actor, all_packs=args.all)
            if args.json:
                cli._print_json([i.as_dict() for i in found])
            elif not found:
                print(_("No field packs are out."))
            for info in [] if args.json else found:
                _print_pack(info)
        elif action == "merge":
            report = fieldpack.merge(vault, actor, Path(args.pack), dry_run=args.dry_run)
            cli._print_json(report.as_dict()) if args.json else _print_report(report)
        elif action == "lost":
            info = fieldpack.declare_lost(vault, actor, args.pack)
            print(
                cli._line(
                    _(
                        "Field pack {id} of {user} declared lost; incident {incident} opened"
                        " ({customers} customers)."
                    ),
                    id=info.id[:8],
                    user=info.user,
                    incident=info.incident_id,
                    customers=info.customers,
                )
            )
        elif action == "conflicts":
            found = fieldpack.list_conflicts(vault, actor, include_resolved=args.all)
            if args.json:
                cli._print_json([c.as_dict() for c in found])
            elif not found:
                print(_("The review queue is empty."))
            for item in [] if args.json else found:
                if item.kind == "edit":
                    print(
                        cli._line(
                            _(
                                "{id:>4}  customer {customer} {field}: base {base} | office {office}"
                                " | field {value}"
                            ),
                            id=item.id,
                            customer=item.customer_id,
                            field=item.field,
                            base=_show_value(item.base),
                            office=_show_value(item.office),
                            value=_show_value(item.field_value),
                        )
                    )
                elif item.payload.get("erased_name") and not item.payload.get("matches"):
                    print(
                        cli._line(
                            _("{id:>4}  new customer {name} has the name of an erased person"),
                            id=item.id,
                            name=item.payload.get("values", {}).get("name") or "",
                        )
                    )
                else:
                    values = item.payload.get("values", {})
                    print(
                        cli._line(
                            _("{id:>4}  new customer {name} matches office customer(s) {matches}"),
                            id=item.id,
                            name=values.get("name") or "",
                            matches=", ".join(map(str, item.payload.get("matches", []))),
                        )
                    )
        else:
            item = fieldpack.resolve_conflict(vault, actor, args.id, args.take, args.value)
            print(cli._line(_("Conflict {id} resolved: took {take}."), id=item.id, take=args.take))
        return 0
    finally:
        vault.lock()


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``field``, added to the main parser by app/cli.py."""
    p = sub.add_parser("field", help=_("field packs: customers on a laptop offline, merged back later"))
    fsub = p.add_subparsers(dest="field_action", required=True, metavar="ACTION")
    q = fsub.add_parser("prepare", help=_("write a pack for one field user"))
    vault_arg(q)
    q.add_argument("--user", required=True, help=_("the field user who will open it with their password"))
    choice = q.add_mutually_exclusive_group()
    choice.add_argument("--tag", help=_("customers with this tag"))
    choice.add_argument("--region", help=_("customers whose address names this place"))
    choice.add_argument("--ids", type=_ids, help=_("these customers (comma-separated ids)"))
    q.add_argument(
        "--days",
        type=cli._whole_number(1, fieldpack.MAX_DAYS, "days"),
        default=fieldpack.DEFAULT_DAYS,
        help=_("how long it opens on the laptop (default 14)"),
    )
    q.add_argument("--out", required=True, metavar="FILE", help=_("the pack file to write"))
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("list", help=_("packs still out"))
    vault_arg(q)
    q.add_argument("--all", action="store_true", help=_("merged and lost packs too"))
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("merge", help=_("bring a pack's work back into the vault"))
    vault_arg(q)
    q.add_argument("pack", metavar="FILE")
    q.add_argument("--dry-run", action="store_true", help=_("show what would happen; change nothing"))
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("lost", help=_("declare a pack lost (opens an incident)"))
    vault_arg(q)
    q.add_argument("pack", metavar="FILE|ID")
    q = fsub.add_parser("conflicts", help=_("the review queue merges left"))
    vault_arg(q)
    q.add_argument("--all", action="store_true", help=_("resolved ones too"))
    q.add_argument("--json", action="store_true")
    q = fsub.add_parser("resolve", help=_("settle one item of the review queue"))
    vault_arg(q)
    q.add_argument("id", type=cli._whole_number(1, cli.MAX_ID, "ID"))
    q.add_argument(
        "--take", required=True, choices=(fieldpack.TAKE_OFFICE, fieldpack.TAKE_FIELD, fieldpack.TAKE_VALUE)
    )
    q.add_argument("--value", help=_("the value to write with --take value"))
    q = fsub.add_parser("info", help=_("who a pack is for and until when (no password needed)"))
    q.add_argument("pack", metavar="FILE")
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_field)
