"""Live capture from the command line: ``notetaker open NOTE_ID`` starts the window on that note."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from ..core import Core
from ..i18n import _


def register(sub: Any) -> None:
    p = sub.add_parser(
        "open",
        help=_("open a note in the application window, ready to type in its first empty entry"),
    )
    p.add_argument("note_id", type=int, metavar="NOTE_ID")
    p.set_defaults(func=cmd_open)


def cmd_open(core: Core, args: argparse.Namespace) -> int:
    core.notes.get(args.note_id)  # an unknown note is a one-line error, and no window opens
    # The GUI is an optional front end of the core: loaded by name, never imported here.
    gui = importlib.import_module("ui.app")
    return int(gui.run(db=args.db, note_id=args.note_id, core=core, lang=getattr(args, "ui_lang", None)))
