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

from .. import __version__, gcpolicy, paths
from ..core import Core
from ..export import ExportError
from ..i18n import SUPPORTED_LANGUAGES, _, interface_language, normalize_language, set_language
from ..roster import RosterError
from ..services import ServiceError
from ..storage import StorageError
from ..templates import TemplateError
from . import backups, capture, events, exchange, search
from .argparse_i18n import install as install_argparse_translations
from .base import EXIT_ERROR, EXIT_INTERNAL, CliError, Parser

log = logging.getLogger("notetaker.cli")

COMMAND_MODULES = (events, exchange, search, backups, capture)
USER_ERRORS = (CliError, ServiceError, StorageError, ExportError, TemplateError, RosterError, OSError)


def language_option(value: str) -> str:
    """``--lang``: a supported interface language ("es", "es_MX" -> "es")."""
    code = normalize_language(value)
    if code not in SUPPORTED_LANGUAGES:
        raise argparse.ArgumentTypeError(
            _("unsupported language '{lang}' (available: {languages})").format(
                lang=value, languages=", ".join(SUPPORTED_LANGUAGES)
            )
        )
    return code


def early_language(argv: Sequence[str]) -> str | None:
    """The global ``--lang`` (before the command), read before the parser speaks.

    A ``--lang`` after the command belongs to it (``export --lang`` is the report's language).
    """
    tokens = iter(argv)
    for token in tokens:
        if token == "--lang" or token.startswith("--lang="):
            value = token.partition("=")[2] if "=" in token else next(tokens, "")
            code = normalize_language(value)
            return code if code in SUPPORTED_LANGUAGES else None
        if token == "--db":
            next(tokens, None)
        elif token == "--" or not token.startswith("-"):
            break
    return None


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
        help=_("the database file, or an sqlite:/// URL (default: $NOTETAKER_DB or the user data folder)"),
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        metavar="LANG",
        type=language_option,
        help=_("language of the messages and of the application window: {languages} "
               "(default: the preference, else the system's)").format(languages=", ".join(SUPPORTED_LANGUAGES)),
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
    if getattr(args, "without_core", False):  # e.g. restore: the database may be damaged
        return func(None, args)  # type: ignore[arg-type]
    with Core.open(args.db) as core:
        return func(core, args)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(interface_language(early_language(arguments)))
    install_argparse_translations()
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        # The GUI is an optional front end of the core: loaded by name, never imported here.
        # Its start makes long-lived objects (modules, the note, its widgets): no cyclic garbage
        # collection walks them meanwhile; ``ui.app.run`` resumes collecting at its first turn.
        gcpolicy.pause()
        return int(importlib.import_module("ui.app").run(db=args.db, lang=args.ui_lang))
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
