"""Commands on events and notes: list, demo, export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core import Core
from ..i18n import _
from ..timezones import to_local
from .base import EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("list", help=_("list events and their notes"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("demo", help=_("load the sample events and the IMRF side-event note"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("export", help=_("export a note as a report"))
    p.add_argument("note_id", type=int, metavar="NOTE_ID")
    p.add_argument("--format", choices=["docx"], default="docx", help=_("report format"))
    p.add_argument("--lang", default="en", help=_("report language (en, es)"))
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
            print(f"    note {n.id}: {n.template_id} ({n.status.value}) {', '.join(n.notetakers)}")
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
    from ..export import export_note

    warnings = export_note(core, args.note_id, args.output, fmt=args.format, lang=args.lang)
    for warning in warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    print(args.output)
    return EXIT_OK
