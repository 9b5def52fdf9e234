"""``custos consent …``: notice texts, consent records, forms and receipts from the command line.

The same app/consent.py services as the desktop card, as the signed-in user. A notice text is
given as a JSON file (``custos consent texts draft`` prints one to start from)::

    {"purposes": ["marketing"], "title_zh": "…", "title_en": "…", "partner": "", "minors": false,
     "sections": {"zh": {"controller": "…", …}, "en": {…}}, "note": "why this version"}
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app import cli, consent, console, customers
from app.i18n import _, current_language, ngettext
from app.reports import consent_form

_CHANNELS = sorted(consent.CHANNELS)


def _read_json(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise cli.CliError(_("{path}: no such file").format(path=path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise cli.CliError(
            _("{path} is not a JSON notice text: {problem}").format(path=path, problem=exc)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("sections", {}), dict):
        raise cli.CliError(_('{path}: expected an object with "sections"').format(path=path))
    return data


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise cli.CliError(_("{path}: no such file").format(path=path))
    if file.stat().st_size > consent.MAX_ATTACHMENT_BYTES + 1:
        # Refused before reading it all; the core names the limit for anything smaller.
        raise cli.CliError(_("{path} is over 10 MB; attach a smaller scan").format(path=path))
    return file.read_bytes()


def _purpose_text(purpose: str, partner: str = "") -> str:
    return consent.purpose_label(purpose, current_language(), partner)


def _print_texts(texts: list[consent.TextVersion]) -> None:
    for t in texts:
        cells = (
            console.pad(console.printable(t.key), 16),
            console.pad(f"v{t.version}", 5),
            console.pad(",".join(t.languages), 6),
            console.pad(",".join(t.purposes), 34),
            console.printable(t.title(current_language())),
        )
        print(" ".join(cells).rstrip())
    print(
        "-- " + ngettext("{count} notice text", "{count} notice texts", len(texts)).format(count=len(texts))
    )


def _print_text(t: consent.TextVersion, language: str | None) -> None:
    print(
        cli._line(
            _("Notice {key} version {version} ({reference})"),
            key=t.key,
            version=t.version,
            reference=t.reference,
        )
    )
    print(cli._line(_("  purposes: {purposes}"), purposes=", ".join(t.purposes)))
    if t.partner:
        print(cli._line(_("  partner: {partner}"), partner=t.partner))
    print(cli._line(_("  sha256: {sha}"), sha=t.sha256))
    print(cli._line(_("  written {at} by {user}"), at=t.created_at, user=t.created_by))
    for lang in [language] if language else t.languages:
        if lang in t.languages:
            print()
            for line in t.text(lang).splitlines():
                print(console.printable(line))


def _text_args(data: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("title_zh", "title_en", "partner", "minors", "sections", "note", "purposes"):
        if key in data:
            out[key] = data[key]
    if args.purpose:
        out["purposes"] = args.purpose
    if args.note:
        out["note"] = args.note
    return out


def _print_status(rows: list[consent.PurposeStatus]) -> None:
    for row in rows:
        rec = row.record
        detail = ""
        if rec is not None:
            detail = _("{text} v{version}, {channel}, {at} by {user}").format(
                text=rec.text_key,
                version=rec.text_version,
                channel=rec.channel,
                at=rec.collected_at[:10],
                user=rec.collected_by,
            )
            if rec.expires_on and row.state in (consent.GIVEN, consent.EXPIRED):
                detail += _(", until {day}").format(day=rec.expires_on)
            if rec.guardian:
                detail += _(", guardian {name} ({relation})").format(
                    name=rec.guardian.name, relation=rec.guardian.relation
                )
        if row.newer_text:
            detail += _(" — text now at v{version}: ask again").format(version=row.newer_text)
        cells = (
            console.pad(console.printable(_purpose_text(row.purpose, row.partner)), 32),
            console.pad(row.state, 10),
        )
        print(" ".join(cells) + console.printable(detail))


def _print_history(records: list[consent.ConsentRecord]) -> None:
    for rec in records:
        cells = (
            console.pad(str(rec.id), 7, right=True),
            console.pad(rec.collected_at.replace("T", " ")[:16], 17),
            console.pad(console.printable(_purpose_text(rec.purpose, rec.partner)), 24),
            console.pad(rec.status, 10),
            console.pad(f"{rec.text_key} v{rec.text_version}", 18),
            console.pad(rec.channel, 10),
            console.printable(rec.collected_by),
        )
        print(" ".join(cells).rstrip())
    print("-- " + ngettext("{count} record", "{count} records", len(records)).format(count=len(records)))


def _customer_ref(vault, actor, customer_id: int) -> tuple[int, str]:
    customer = customers.get(vault, actor, customer_id)
    return customer.id, customer.name or _("Customer {id}").format(id=customer.id)


def _texts(vault, actor, args: argparse.Namespace) -> None:
    action = args.texts_action
    if action == "list":
        texts = consent.list_texts(vault, actor)
        cli._print_json([t.as_dict() for t in texts]) if args.json else _print_texts(texts)
    elif action == "show":
        notice = consent.get_text(vault, actor, args.key, args.version)
        if args.diff is not None:
            other = consent.get_text(vault, actor, args.key, args.diff)
            old, new = sorted((other, notice), key=lambda t: t.version)
            for lang in [args.language] if args.language else new.languages:
                for line in consent.diff(old, new, lang):
                    print(console.printable(line))
        elif args.json:
            cli._print_json(notice.as_dict())
        else:
            _print_text(notice, args.language)
    elif action == "versions":
        found = consent.versions(vault, actor, args.key)
        if args.json:
            cli._print_json([t.as_dict() for t in found])
        else:
            for t in found:
                note = f"  {t.note}" if t.note else ""
                print(
                    console.printable(
                        f"v{t.version:<4} {t.created_at}  {t.created_by}  {t.sha256[:16]}{note}"
                    )
                )
    elif action == "draft":
        parts = {
            lang: consent.starter_sections(args.purpose, lang, minors=args.minors, partner=args.partner or "")
            for lang in consent.LANGUAGES
        }
        cli._print_json(
            {
                "purposes": args.purpose,
                "partner": args.partner or "",
                "minors": args.minors,
                "title_zh": "",
                "title_en": "",
                "sections": parts,
            }
        )
    elif action == "add":
        values = _text_args(_read_json(args.source), args)
        values.setdefault("purposes", [])
        values.setdefault("sections", {})
        notice = consent.add_text(vault, actor, args.key, **values)
        cli._print_json(notice.as_dict()) if args.json else print(
            cli._line(_("Added notice text {reference}"), reference=notice.reference)
        )
    elif action == "new-version":
        values = _text_args(_read_json(args.source), args)
        notice = consent.new_version(vault, actor, args.key, **values)
        cli._print_json(notice.as_dict()) if args.json else print(
            cli._line(
                _("Notice {key} is now at version {version} ({reference})"),
                key=notice.key,
                version=notice.version,
                reference=notice.reference,
            )
        )


def cmd_consent(args: argparse.Namespace) -> int:
    vault = cli._open(args)
    actor = vault.actor
    try:
        action = args.consent_action
        if action == "texts":
            _texts(vault, actor, args)
        elif action == "record":
            decisions = {p: consent.GIVEN for p in args.give or []}
            for p in args.refuse or []:
                if p in decisions:
                    raise cli.CliError(_("{purpose} is both given and refused").format(purpose=p))
                decisions[p] = consent.REFUSED
            if not decisions:
                raise cli.CliError(
                    _("Say what the customer decided: --give PURPOSE and/or --refuse PURPOSE.")
                )
            if args.signature and args.attach:
                raise cli.CliError(_("Give either --signature or --attach, not both."))
            evidence = None
            if args.signature:
                evidence = consent.Evidence("signature", _read_bytes(args.signature))
            elif args.attach:
                evidence = consent.Evidence("attachment", _read_bytes(args.attach))
            guardian = None
            if args.guardian or args.guardian_relation:
                guardian = consent.Guardian(
                    args.guardian or "", args.guardian_relation or "", not args.guardian_refused
                )
            records = consent.record(
                vault,
                actor,
                args.id,
                text=args.text,
                version=args.version,
                decisions=decisions,
                channel=args.channel,
                evidence=evidence,
                witness=args.witness,
                guardian=guardian,
                expires_on=args.expires,
                collected_at=args.collected_at,
                note=args.note or "",
            )
            if args.json:
                cli._print_json([r.as_dict() for r in records])
            else:
                for rec in records:
                    print(
                        cli._line(
                            _("Recorded {status} for {purpose} (record {id}, {reference})"),
                            status=rec.status,
                            purpose=_purpose_text(rec.purpose, rec.partner),
                            id=rec.id,
                            reference=f"{rec.text_key}-v{rec.text_version}",
                        )
                    )
        elif action == "withdraw":
            rec = consent.withdraw(
                vault,
                actor,
                args.id,
                args.purpose,
                partner=args.partner or "",
                channel=args.channel,
                note=args.note or "",
                witness=args.witness,
            )
            cli._print_json(rec.as_dict()) if args.json else print(
                cli._line(
                    _("Withdrew consent for {purpose} (record {id}; it withdraws record {old})"),
                    purpose=_purpose_text(rec.purpose, rec.partner),
                    id=rec.id,
                    old=rec.withdraws,
                )
            )
        elif action == "status":
            rows = consent.status(vault, actor, args.id)
            cli._print_json([r.as_dict() for r in rows]) if args.json else _print_status(rows)
        elif action == "history":
            records = consent.history(vault, actor, args.id)
            cli._print_json([r.as_dict() for r in records]) if args.json else _print_history(records)
        elif action == "export":
            cli._print_json(consent.export_records(vault, actor, args.id))
        elif action == "form":
            notice = consent.get_text(vault, actor, args.text, args.version)
            who = _customer_ref(vault, actor, args.customer) if args.customer else None
            consent_form.write_form(
                Path(args.out),
                notice,
                language=args.language,
                business_name=vault.business_name,
                vault_id=vault.vault_id,
                customer=who,
            )
            print(
                cli._line(
                    _("Form {reference} written to {path}"),
                    reference=consent_form.form_reference(notice, args.customer),
                    path=args.out,
                )
            )
        elif action == "receipt":
            records = consent.collected_together(vault, actor, args.record)
            first = records[0]
            signature = None
            if first.evidence is not None and first.evidence.kind == "signature":
                signature = consent.evidence_data(vault, actor, first.id)[1]
            consent_form.write_receipt(
                Path(args.out),
                consent.text_of(vault, actor, first),
                records,
                customer=_customer_ref(vault, actor, first.customer_id),
                business_name=vault.business_name,
                vault_id=vault.vault_id,
                signature_png=signature,
                language=args.language,
            )
            print(
                cli._line(
                    _("Receipt for {count} decision(s) written to {path}"), count=len(records), path=args.out
                )
            )
    finally:
        vault.lock()
    return 0


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``consent`` and its actions, added to the main parser by app/cli.py."""
    purposes = list(consent.PURPOSES)
    p = sub.add_parser("consent", help=_("notice texts, consent records, forms and receipts"))
    csub = p.add_subparsers(dest="consent_action", required=True, metavar="ACTION")

    t = csub.add_parser("texts", help=_("versioned notice texts (告知同意书)"))
    tsub = t.add_subparsers(dest="texts_action", required=True, metavar="ACTION")
    q = tsub.add_parser("list")
    vault_arg(q)
    q.add_argument("--json", action="store_true")
    q = tsub.add_parser("show", help=_("one version's text, or a diff between two"))
    vault_arg(q)
    q.add_argument("key")
    q.add_argument("--version", type=cli._whole_number(1, 10**9, "version"))
    q.add_argument(
        "--diff",
        type=cli._whole_number(1, 10**9, "version"),
        metavar="OTHER",
        help=_("compare with version OTHER"),
    )
    q.add_argument("--language", choices=consent.LANGUAGES)
    q.add_argument("--json", action="store_true")
    q = tsub.add_parser("versions", help=_("every version of a text"))
    vault_arg(q)
    q.add_argument("key")
    q.add_argument("--json", action="store_true")
    q = tsub.add_parser("draft", help=_("print a JSON draft to fill in (【…】 marks what only you can say)"))
    vault_arg(q)
    q.add_argument("--purpose", action="append", choices=purposes, required=True)
    q.add_argument("--partner")
    q.add_argument("--minors", action="store_true")
    for name, helptext in (
        ("add", _("a new notice text (version 1)")),
        ("new-version", _("the next version of a text")),
    ):
        q = tsub.add_parser(name, help=helptext)
        vault_arg(q)
        q.add_argument("key")
        q.add_argument("--from", dest="source", required=True, metavar="FILE.json")
        q.add_argument(
            "--purpose", action="append", choices=purposes, help=_("overrides the file's purposes")
        )
        q.add_argument("--note", help=_("why this version"))
        q.add_argument("--json", action="store_true")

    q = csub.add_parser("record", help=_("record a customer's decisions on a notice"))
    vault_arg(q)
    q.add_argument("id", type=cli._customer_id)
    q.add_argument("--text", required=True, help=_("notice text key"))
    q.add_argument("--version", type=cli._whole_number(1, 10**9, "version"), help=_("default: the latest"))
    q.add_argument("--give", action="append", choices=purposes, metavar="PURPOSE")
    q.add_argument("--refuse", action="append", choices=purposes, metavar="PURPOSE")
    q.add_argument("--channel", required=True, choices=_CHANNELS)
    q.add_argument("--signature", metavar="PNG", help=_("the drawn signature"))
    q.add_argument(
        "--attach",
        metavar="FILE",
        help=_("scan or photo of the signed form (PNG, JPEG or PDF, at most 10 MB)"),
    )
    q.add_argument("--witness", help=_("staff witness of verbal consent"))
    q.add_argument("--guardian", metavar="NAME", help=_("guardian deciding for a child under 14"))
    q.add_argument("--guardian-relation", metavar="RELATION")
    q.add_argument("--guardian-refused", action="store_true", help=_("the guardian did not consent"))
    q.add_argument("--expires", metavar="DATE", help=_("consent ends on this day (YYYY-MM-DD)"))
    q.add_argument("--collected-at", metavar="TIME", help=_("when it was collected (default: now)"))
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")

    q = csub.add_parser("withdraw", help=_("withdraw a customer's consent for a purpose"))
    vault_arg(q)
    q.add_argument("id", type=cli._customer_id)
    q.add_argument("purpose", choices=purposes)
    q.add_argument("--partner", help=_("for sharing: the partner"))
    q.add_argument("--channel", required=True, choices=_CHANNELS)
    q.add_argument("--witness")
    q.add_argument("--note")
    q.add_argument("--json", action="store_true")

    for name, helptext in (
        ("status", _("a customer's consent per purpose today")),
        ("history", _("every decision recorded for a customer")),
        ("export", _("a customer's consent records as JSON (ISO/IEC TS 27560 shape)")),
    ):
        q = csub.add_parser(name, help=helptext)
        vault_arg(q)
        q.add_argument("id", type=cli._customer_id)
        if name != "export":
            q.add_argument("--json", action="store_true")

    q = csub.add_parser("form", help=_("print a notice version's consent form as PDF"))
    vault_arg(q)
    q.add_argument("--text", required=True)
    q.add_argument("--version", type=cli._whole_number(1, 10**9, "version"))
    q.add_argument("--customer", type=cli._customer_id, metavar="ID", help=_("print it for this customer"))
    q.add_argument("--language", choices=consent_form.FORM_LANGUAGES, default="both")
    q.add_argument("--out", required=True, metavar="F.pdf")

    q = csub.add_parser("receipt", help=_("the customer's receipt for a recorded form, as PDF"))
    vault_arg(q)
    q.add_argument("record", type=cli._whole_number(1, cli.MAX_ID, "record id"), metavar="RECORD")
    q.add_argument("--language", choices=consent_form.FORM_LANGUAGES, default="both")
    q.add_argument("--out", required=True, metavar="F.pdf")
    p.set_defaults(func=cmd_consent)
