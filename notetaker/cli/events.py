"""Commands on events and notes: list, demo, export (one report or a compendium)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core import Core
from ..export.formats import FORMATS
from ..i18n import _
from ..timezones import to_local
from .base import EXIT_OK, CliError


def register(sub: Any) -> None:
    p = sub.add_parser("list", help=_("list events and their notes"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("demo", help=_("load the sample events and the IMRF side-event note"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "export",
        help=_("export a note, or a compendium of several notes, as a report"),
        description=_("Export one note as a report, or several (NOTE_ID NOTE_ID ..., or --series NAME) "
                      "as a compendium: a cover, a table of contents and one chapter per event in date order."),
    )
    p.add_argument("note_ids", type=int, nargs="*", metavar="NOTE_ID", help=_("the notes to export"))
    p.add_argument("--series", metavar="NAME", help=_("add one note per event of this series (e.g. \"IMRF 2022 side events\")"))
    p.add_argument("--format", choices=list(FORMATS), default=None,
                   help=_("report format (default: from the output file's suffix, else docx)"))
    p.add_argument("--lang", default="en", help=_("report language (en, es)"))
    p.add_argument("--title", default="", help=_("title of the compendium (default: the series)"))
    p.add_argument("--force", action="store_true", help=_("export even when a section is over its word limit"))
    p.add_argument("--provenance", action=argparse.BooleanOptionalAction, default=None,
                   help=_("end each point with who wrote it (default: as the template says)"))
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help=_("output file"))
    p.set_defaults(func=cmd_export)


def _iso_local(value: Any, zone: str) -> str | None:
    return to_local(value, zone).isoformat() if value is not None else None


def cmd_list(core: Core, args: argparse.Namespace) -> int:
    events = core.events.list()
    if args.json:
        payload = {
            "events": [
                {
                    "id": e.event.id,
                    "title": e.event.title,
                    "series": e.event.series,
                    "starts_at": _iso_local(e.event.starts_at, e.event.timezone),
                    "notes": [
                        {
                            "id": n.id,
                            "template": n.template_id,
                            "status": n.status.value,
                            "notetakers": list(n.notetakers),
                        }
                        for n in e.notes
                    ],
                }
                for e in events
            ]
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not events:
        print(_("No events yet. Create one in the application, or run 'notetaker demo'."))
    for e in events:
        when = to_local(e.event.starts_at, e.event.timezone).strftime("%Y-%m-%d %H:%M") if e.event.starts_at else "—"
        print(f"[{e.event.id}] {when}  {e.event.title}")
        for n in e.notes:
            line = _("note {id}: {template} ({status}) {notetakers}").format(
                id=n.id, template=n.template_id, status=n.status.value, notetakers=", ".join(n.notetakers)
            )
            print(f"    {line}")
    return EXIT_OK


def cmd_demo(core: Core, args: argparse.Namespace) -> int:
    from ..demo import load_demo

    result = load_demo(core)
    print(
        _("Demo data ready: {events} new events, {items} new items; the IMRF note is note {note}.").format(
            events=result.events_created, items=result.items_created, note=result.note_id
        )
    )
    return EXIT_OK


def cmd_export(core: Core, args: argparse.Namespace) -> int:
    from ..export import WordLimitExceeded, export_notes, series_note_ids

    note_ids = list(args.note_ids)
    if args.series:
        note_ids += series_note_ids(core, args.series)
    if not note_ids:
        raise CliError(_("give the notes to export (NOTE_ID ...) or --series NAME"))
    progress = _StderrProgress() if sys.stderr.isatty() else None
    try:
        warnings = export_notes(
            core, note_ids, args.output, fmt=args.format, lang=args.lang,
            title=args.title, force=args.force, progress=progress, provenance=args.provenance,
        )
    except WordLimitExceeded as exc:
        raise CliError(_("{message} (use --force to export anyway)").format(message=str(exc))) from None
    finally:
        if progress is not None:
            progress.close()
    for warning in warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    print(args.output)
    return EXIT_OK


class _StderrProgress:
    """"Exporting… 3/20" on one terminal line, rewritten in place."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        width = 24
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write("\r" + _("Exporting… [{bar}] {done}/{total}").format(bar=bar, done=done, total=total))
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
