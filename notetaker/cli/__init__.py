"""The ``notetaker`` command line.

With no subcommand it opens the GUI; subcommands work headless. Every error
reaches the user as one readable line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, paths
from .core import Core
from .export import ExportError
from .i18n import _
from .roster import RosterError
from .services import ServiceError
from .storage import StorageError
from .templates import TemplateError
from .timezones import to_local

log = logging.getLogger("notetaker.cli")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class CliError(Exception):
    """A failure explained to the user in one line."""


USER_ERRORS = (CliError, ServiceError, StorageError, ExportError, TemplateError, RosterError, OSError)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} ({_('see --help')})\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="notetaker",
        description=_("Side Event Notetaker: capture, merge and report on side events. "
                      "Without a command, opens the application window."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar=_("PATH_OR_URL"),
        help=_("database file or SQLAlchemy URL (default: $NOTETAKER_DB or the user data folder)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

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
    return parser


# -- commands ------------------------------------------------------------------


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
    from .demo import load_demo

    result = load_demo(core)
    print(
        _("Demo data ready: {events} new events, {items} new items; the IMRF note is note {note}.").format(
            events=result.events_created, items=result.items_created, note=result.note_id
        )
    )
    return EXIT_OK


def cmd_export(core: Core, args: argparse.Namespace) -> int:
    from .export import export_note

    warnings = export_note(core, args.note_id, args.output, fmt=args.format, lang=args.lang)
    for warning in warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    print(args.output)
    return EXIT_OK


# -- entry -----------------------------------------------------------------------


def _setup_logging() -> None:
    try:
        handler: logging.Handler = logging.FileHandler(paths.log_dir() / "cli.log", encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run_command(func: Callable[[Core, argparse.Namespace], int], args: argparse.Namespace) -> int:
    with Core.open(args.db) as core:
        return func(core, args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # The GUI is an optional front end of the core: loaded by name, never imported here.
        return int(importlib.import_module("ui.app").run(db=args.db))
    _setup_logging()
    try:
        return run_command(args.func, args)
    except USER_ERRORS as exc:
        message = str(exc) or exc.__class__.__name__
        if isinstance(exc, OSError) and exc.filename:
            message = f"{exc.filename}: {exc.strerror or exc}"
        print(f"notetaker: {_one_line(message)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"notetaker: {_('interrupted')}", file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("unexpected error in %s", args.command)
        message = _("unexpected error ({kind}: {error}); details are in {log}").format(
            kind=exc.__class__.__name__, error=exc, log=paths.log_dir() / "cli.log"
        )
        print(f"notetaker: {_one_line(message)}", file=sys.stderr)
        return EXIT_INTERNAL
