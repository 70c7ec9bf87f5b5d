"""``notetaker backup`` and ``notetaker restore``: make, list and restore backups.

``restore`` works without opening the database (it may be damaged), so it
asks :func:`notetaker.cli.app.run_command` not to open a Core.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..core import Core
from ..i18n import _, current_language
from .base import EXIT_OK

if TYPE_CHECKING:  # imported when a backup command runs
    from ..storage.backups import BackupInfo


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help=_("back up the database now"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore",
        help=_("restore the database from a backup"),
        description=_(
            "Replace the database with a backup: the latest good one, or the one named "
            "(by its number in --list, its file name or its path). The database as it was "
            "is backed up first; a damaged one is renamed aside, never deleted."
        ),
    )
    p.add_argument("backup", nargs="?", metavar=_("BACKUP"), help=_("which backup (default: the latest good one)"))
    p.add_argument("--list", action="store_true", help=_("list the backups, newest first"))
    p.set_defaults(func=cmd_restore, without_core=True)


def _size(n: int) -> str:
    from babel.units import format_unit

    lang = current_language()
    if n >= 1_000_000:
        return format_unit(round(n / 1_000_000, 1), "digital-megabyte", "short", locale=lang)
    return format_unit(max(1, round(n / 1000)), "digital-kilobyte", "short", locale=lang)


def describe(backup: BackupInfo) -> str:
    when = backup.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return f"{when}  {backup.reason:<14} {_size(backup.size):>9}  {backup.name}"


def cmd_backup(core: Core, args: argparse.Namespace) -> int:
    backup = core.backups.backup_now("manual")
    print(backup.path)
    return EXIT_OK


def cmd_restore(core: Core | None, args: argparse.Namespace) -> int:
    from ..services.backups import list_backups, restore_backup

    if args.list:
        backups = list_backups(args.db)
        if not backups:
            print(_("No backups yet."))
        for number, backup in enumerate(backups, 1):
            print(f"{number:>3}  {describe(backup)}")
        return EXIT_OK
    result = restore_backup(args.db, args.backup)
    print(_("Restored the database from {name}.").format(name=result.restored.name))
    if result.safety_backup is not None:
        print(_("The database as it was is kept in {path}.").format(path=result.safety_backup.path))
    if result.set_aside is not None:
        print(_("The damaged database is kept as {path}.").format(path=result.set_aside))
    return EXIT_OK
