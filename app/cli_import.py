"""``custos import …``: import customers from a CSV/TSV, XLSX or vCard file, list imports, undo one.

    custos import FILE [--mapping M.json] [--encoding E] [--sheet S] [--header-row N]
                       [--on-duplicate skip|fill|overwrite|create] [--source TEXT]
                       [--dry-run] [--json] [--save-mapping] [--invalid-rows OUT.csv]
    custos import list [--json]
    custos import undo ID

The same app/importing services as the desktop wizard, as the signed-in user. Without
``--mapping`` the mapping saved for the file's columns is used, else the automatic one; the
mapping actually used is printed, so a person can save it to a file, adjust it and pass it
back. ``--dry-run`` does everything and rolls it back: the counts are those the import will
have. A file named ``list`` or ``undo`` is given as ``./list``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app import cli, console, importing
from app.errors import ValidationError
from app.i18n import _, ngettext
from app.importing import encoding as enc
from app.importing import mapping as mapping_mod

_SHOWN_INVALID = 20


def _read_mapping(path: str) -> importing.Mapping:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise cli.CliError(_("{path}: no such file").format(path=path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise cli.CliError(
            _("{path} is not a JSON mapping: {problem}").format(path=path, problem=exc)
        ) from None
    try:
        return importing.Mapping.from_json(data)
    except ValidationError as exc:
        raise cli.CliError(_("{path}: {problem}").format(path=path, problem=exc)) from None


def _describe_source(source: importing.Source) -> str:
    if source.kind == "xlsx":
        return cli._line(
            _("{file}: XLSX, sheet {sheet}, column names in row {row}, {count} columns"),
            file=source.file_name,
            sheet=source.sheet,
            row=source.header_row,
            count=len(source.headers),
        )
    encoding = enc.ENCODING_LABELS.get(source.encoding, source.encoding)
    if source.kind == "vcard":
        return cli._line(_("{file}: vCard, {encoding}"), file=source.file_name, encoding=encoding)
    delimiter = "Tab" if source.delimiter == "\t" else f'"{source.delimiter}"'
    return cli._line(
        _("{file}: CSV, {encoding}, delimiter {delimiter}, column names in row {row}, {count} columns"),
        file=source.file_name,
        encoding=encoding,
        delimiter=delimiter,
        row=source.header_row,
        count=len(source.headers),
    )


def _print_mapping(
    mapping: importing.Mapping, headers: list[str], remembered: bool, program: str | None
) -> None:
    if program:
        print(cli._line(_("Recognised: an export of {program}"), program=program))
    print(_("Mapping (saved for these columns):") if remembered else _("Mapping:"))
    for target, columns in mapping.targets.items():
        print(cli._line("  {columns} → {target}", columns=" + ".join(columns), target=target))
    ignored = mapping.ignored(headers)
    if ignored:
        print(cli._line(_("  ignored: {columns}"), columns=", ".join(ignored)))


def _print_result(result: importing.ImportResult) -> None:
    c = result.counts
    print(
        cli._line(
            _(
                "Rows: {rows}; new {new}, duplicates {dup} (of them {in_file} within the file),"
                " invalid {invalid}"
            ),
            rows=f"{c.rows:,}",
            new=f"{c.new:,}",
            dup=f"{c.duplicate + c.duplicate_in_file:,}",
            in_file=f"{c.duplicate_in_file:,}",
            invalid=f"{c.invalid:,}",
        )
    )
    print(
        cli._line(
            _("Created {created}, updated {updated}, skipped {skipped}, unchanged {unchanged}"),
            created=f"{c.created:,}",
            updated=f"{c.updated:,}",
            skipped=f"{c.skipped:,}",
            unchanged=f"{c.unchanged:,}",
        )
    )
    if c.restricted:
        print(
            cli._line(
                ngettext(
                    "Not updated: {count} customer whose processing is restricted at their request",
                    "Not updated: {count} customers whose processing is restricted at their request",
                    c.restricted,
                ),
                count=f"{c.restricted:,}",
            )
        )
    if c.consents or c.consents_minors or c.consents_existing:
        print(
            cli._line(
                _(
                    "Consent records (channel imported): {count}; not recorded: {minors} under 14 (a guardian"
                    " must decide), {existing} for customers who already existed"
                ),
                count=c.consents,
                minors=c.consents_minors,
                existing=c.consents_existing,
            )
        )
    for outcome in result.invalid[:_SHOWN_INVALID]:
        print(cli._line(_("  line {line}: {problem}"), line=outcome.line, problem=outcome.reason_text()))
    if c.invalid > _SHOWN_INVALID:
        more = c.invalid - _SHOWN_INVALID
        print(
            cli._line(
                ngettext(
                    "  … {count} more invalid row; --invalid-rows FILE writes them all",
                    "  … {count} more invalid rows; --invalid-rows FILE writes them all",
                    more,
                ),
                count=f"{more:,}",
            )
        )
    seconds = f"{result.seconds:.1f}"
    if result.dry_run:
        print(cli._line(_("Dry run: nothing was imported ({seconds} s)."), seconds=seconds))
    elif result.import_id is None:
        print(_("Nothing was imported: no row is new and none changes a customer."))
    else:
        print(
            cli._line(
                _(
                    "Import {id} committed in {seconds} s ({rate} rows/s). To take it back:"
                    " custos import undo {id}"
                ),
                id=result.import_id,
                seconds=seconds,
                rate=f"{result.rows_per_second:,.0f}",
            )
        )


def _result_json(
    source: importing.Source, mapping: importing.Mapping, result: importing.ImportResult
) -> dict:
    return {
        "import_id": result.import_id,
        "dry_run": result.dry_run,
        "file": source.file_name,
        "sha256": result.sha256,
        "format": source.kind,
        "encoding": source.encoding,
        "delimiter": source.delimiter if source.kind == "csv" else None,
        "sheet": source.sheet or None,
        "header_row": source.header_row,
        "headers": source.headers,
        "mapping": mapping.as_json(),
        "counts": result.counts.as_dict(),
        "invalid": [{"line": o.line, "reasons": o.reasons} for o in result.invalid],
        "seconds": round(result.seconds, 3),
    }


def _import(vault: Any, args: argparse.Namespace) -> int:
    actor = vault.actor
    if not args.dry_run and not (args.source or "").strip():
        raise cli.CliError(
            _(
                "Say where these customers' data came from and on what basis: --source TEXT (e.g. "
                '"customers\' own sign-up forms", "trade-fair list with consent", "our old system").'
            )
        )
    source = importing.open_source(
        args.file, encoding=args.encoding, sheet=args.sheet, header_row=args.header_row
    )
    if args.mapping:
        mapping, remembered = _read_mapping(args.mapping), False
    else:
        mapping, remembered = importing.mapping_for(vault, actor, source.headers)
    if not args.json:
        print(_describe_source(source))
        _print_mapping(mapping, source.headers, remembered, importing.recognise(source.headers))
    if args.save_mapping:
        mapping_mod.save(vault, actor, source.headers, mapping)
    result = importing.run(
        vault,
        actor,
        source,
        mapping,
        on_duplicate=args.on_duplicate,
        source_text=args.source or "",
        dry_run=args.dry_run,
    )
    written = None
    if args.invalid_rows and result.counts.invalid:
        written = importing.write_invalid_rows(vault, actor, source, mapping, Path(args.invalid_rows))
    if args.json:
        data = _result_json(source, mapping, result)
        data["invalid_rows_file"] = args.invalid_rows if written else None
        cli._print_json(data)
    else:
        _print_result(result)
        if written:
            print(
                cli._line(
                    ngettext(
                        "{count} invalid row written to {path} with its reason: fix it and import that file.",
                        "{count} invalid rows written to {path} with their reasons: fix them and import"
                        " that file.",
                        written,
                    ),
                    count=f"{written:,}",
                    path=args.invalid_rows,
                )
            )
    return 0


def _list(vault: Any, args: argparse.Namespace) -> int:
    records = importing.list_imports(vault, vault.actor)
    if args.json:
        cli._print_json([r.as_dict() for r in records])
        return 0
    for r in records:
        state = _("undone {at} by {user}").format(at=r.undone_at, user=r.undone_by) if r.undone_at else ""
        cells = (
            console.pad(str(r.id), 5, right=True),
            console.pad(r.at.replace("T", " ")[:16], 16),
            console.pad(console.printable(r.user), 12),
            console.pad(console.printable(r.file_name), 24),
            console.pad(
                _("{created} new, {updated} updated").format(
                    created=r.counts.get("created", 0), updated=r.counts.get("updated", 0)
                ),
                22,
            ),
            console.printable(r.source),
            console.printable(state),
        )
        print("  ".join(cells).rstrip())
    if not records:
        print(_("No imports yet."))
    return 0


def _undo(vault: Any, args: argparse.Namespace) -> int:
    result = importing.undo(vault, vault.actor, args.id)
    print(
        cli._line(
            _(
                "Import {id} undone: {removed} customers removed, {restored} values restored, {kept} kept"
                " (changed since the import)."
            ),
            id=result.import_id,
            removed=result.removed,
            restored=result.restored,
            kept=result.kept,
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if args.file in ("list", "undo"):
        action = args.file
        if action == "undo":
            if args.id_text is None:
                raise cli.CliError(
                    _("import undo: say which import: custos import undo ID (see custos import list)")
                )
            try:
                args.id = cli._whole_number(1, cli.MAX_ID, "import id")(args.id_text)
            except argparse.ArgumentTypeError as error:
                raise cli.CliError(f"import undo: {error}") from None
        elif args.id_text is not None:
            raise cli.CliError(_("import list takes no further argument"))
    else:
        action = "file"
        if args.id_text is not None:
            raise cli.CliError(_("import takes one file; got also {text}").format(text=repr(args.id_text)))
    vault = cli._open(args)
    try:
        if action == "list":
            return _list(vault, args)
        if action == "undo":
            return _undo(vault, args)
        return _import(vault, args)
    finally:
        vault.lock()


def add_parser(sub: Any, vault_arg: Any) -> None:
    """``import`` and its forms, added to the main parser by app/cli.py."""
    p = sub.add_parser(
        "import",
        help=_("import customers from a CSV, XLSX or vCard file; 'import list', 'import undo ID'"),
    )
    vault_arg(p)
    p.add_argument("file", metavar="FILE", help=_("the file to import, or 'list', or 'undo'"))
    p.add_argument("id_text", nargs="?", metavar="ID", help=argparse.SUPPRESS)
    p.add_argument("--mapping", metavar="M.json", help=_("which column goes to which field (JSON)"))
    p.add_argument(
        "--encoding", help=_("the file's text encoding, e.g. GBK, UTF-8, Big5 (default: detected)")
    )
    p.add_argument("--sheet", help=_("the XLSX sheet (default: the first)"))
    p.add_argument(
        "--header-row",
        type=cli._whole_number(1, 1000, "header row"),
        help=_("the row holding the column names"),
    )
    p.add_argument("--on-duplicate", choices=importing.ON_DUPLICATE, default=importing.SKIP)
    p.add_argument(
        "--source", metavar="TEXT", help=_("where the data came from and on what basis (required)")
    )
    p.add_argument("--dry-run", action="store_true", help=_("check everything, import nothing"))
    p.add_argument(
        "--save-mapping", action="store_true", help=_("offer this mapping again for these columns")
    )
    p.add_argument("--invalid-rows", metavar="OUT.csv", help=_("write the rows that cannot be imported here"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
