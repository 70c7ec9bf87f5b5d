"""The ``notetaker`` command line.

With no subcommand it opens the GUI; subcommands work headless. Every error
reaches the user as one readable line on stderr and a non-zero exit status.
Each command module registers its subcommands in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from .. import __version__, paths
from ..core import Core
from ..export import ExportError
from ..i18n import _
from ..roster import RosterError
from ..services import ServiceError
from ..storage import StorageError
from ..templates import TemplateError
from . import events
from .base import EXIT_ERROR, EXIT_INTERNAL, CliError, Parser

log = logging.getLogger("notetaker.cli")

COMMAND_MODULES = (events,)
USER_ERRORS = (CliError, ServiceError, StorageError, ExportError, TemplateError, RosterError, OSError)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


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
