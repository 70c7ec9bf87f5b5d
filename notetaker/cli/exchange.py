"""Commands on exchange files: export-note, import, merge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core import Core
from ..i18n import _, ngettext
from .base import EXIT_OK, CliError

#: ``notetaker merge`` exits with this when decisions are left to the rapporteur.
EXIT_OPEN_DECISIONS = 3


def register(sub: Any) -> None:
    p = sub.add_parser("export-note", help=_("export a note as an exchange file (.sidenotes)"))
    p.add_argument("note_id", type=int, metavar="NOTE_ID")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=_("output file"))
    p.set_defaults(func=cmd_export_note)

    p = sub.add_parser("import", help=_("import exchange files (all of them, or none if one is refused)"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("only say what importing would do"))
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "merge",
        help=_("merge exchange files of one event into one; exit status 3 when decisions are left open"),
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=_("merged exchange file"))
    p.set_defaults(func=cmd_merge)


def cmd_export_note(core: Core, args: argparse.Namespace) -> int:
    from ..exchange import ExchangeError, write_note_file

    try:
        write_note_file(core, args.note_id, args.output)
    except ExchangeError as exc:
        raise CliError(str(exc)) from None
    print(args.output)
    return EXIT_OK


def cmd_import(core: Core, args: argparse.Namespace) -> int:
    from ..exchange import describe_plan, import_files, load_files

    if args.dry_run:
        failed = False
        for entry in load_files(core, args.files):
            if entry.error:
                failed = True
                print(entry.error, file=sys.stderr)
            elif entry.plan is not None:
                print(describe_plan(entry.plan))
        if failed:
            raise CliError(_("some files would be refused; nothing was imported"))
        return EXIT_OK
    from ..exchange import ExchangeError

    try:
        plans = import_files(core, args.files)
    except ExchangeError as exc:
        lines = str(exc).splitlines()
        for line in lines[:-1]:
            print(f"notetaker: {line}", file=sys.stderr)
        suffix = _("nothing was imported")
        raise CliError(f"{lines[-1]} ({suffix})" if lines else suffix) from None
    for plan in plans:
        print(describe_plan(plan))
    return EXIT_OK


def cmd_merge(core: Core, args: argparse.Namespace) -> int:
    from ..exchange import ExchangeError, read_file, write_document
    from ..merge import MergeError
    from ..merge.files import describe_decision, merge_documents

    try:
        docs = [read_file(path) for path in args.files]
        templates = {}
        for doc in docs:
            template = core.exchange.check_template(doc)
            templates[template.id] = template
        if len(templates) != 1:
            raise MergeError(_("Only notes of one template can be merged; these use {ids}.").format(
                ids=", ".join(sorted(templates))))
        outcome = merge_documents(docs, next(iter(templates.values())))
        write_document(outcome.document, args.output, database=core.db.path, inputs=args.files)
    except (ExchangeError, MergeError) as exc:
        raise CliError(str(exc)) from None
    result = outcome.result
    auto = [d for d in result.decisions if d.auto]
    notes = len({s.note.uid for s in result.sources})
    print(ngettext("Merged {notes} notes into {items} items ({auto} automatic decision): {path}",
                   "Merged {notes} notes into {items} items ({auto} automatic decisions): {path}", len(auto)).format(
        notes=notes, items=len(outcome.document.note.items), auto=len(auto), path=args.output))
    if not result.open_decisions:
        return EXIT_OK
    count = len(result.open_decisions)
    print(ngettext("{count} decision left open (every candidate was kept):",
                   "{count} decisions left open (every candidate was kept):", count).format(count=count))
    for d in result.open_decisions:
        print("  " + describe_decision(d, result))
    return EXIT_OPEN_DECISIONS
