"""The core's explicit context: one open database and the services on it.

The CLI and the GUI each build one ``Core`` and pass it down; there is no
global instance.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import _
from .services import DelegationService, EventService, NoteService, StateService
from .storage import Database, StorageError, resolve_path
from .templates import TemplateLibrary
from .userfiles import check_regular

if TYPE_CHECKING:
    from .services.backups import BackupService
    from .services.exchange import ExchangeService
    from .services.search import SearchService


class Core:
    def __init__(self, db: Database, templates: TemplateLibrary):
        self.db = db
        self.templates = templates
        self.events = EventService(db)
        self.notes = NoteService(db, templates)
        self.delegations = DelegationService(db)
        self.state = StateService(db)

    # Services that opening a window or exporting a report do not need: built on first use.
    @cached_property
    def search(self) -> SearchService:
        from .services.search import SearchService

        return SearchService(self.db, self.templates, self.delegations)

    @cached_property
    def backups(self) -> BackupService:
        from .services.backups import BackupService

        return BackupService(self.db)

    @cached_property
    def exchange(self) -> ExchangeService:
        from .services.exchange import ExchangeService

        return ExchangeService(self.db, self.templates, self.delegations.invalidate)

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str] | None = None,
        template_dirs: tuple[Path, ...] = (),
    ) -> Core:
        """Open (creating and migrating as needed) the database and load the templates.

        Something other than a regular file at the location (a pipe, a device, a folder)
        is refused before SQLite opens it (opening a pipe would wait forever)."""
        path = resolve_path(location)
        try:
            check_regular(path)
        except OSError as exc:
            raise StorageError(_("Cannot open the database {url}: {error}").format(url=path, error=exc.strerror)) from None
        db = Database.open(path)
        try:
            core = cls(db, TemplateLibrary.load(*template_dirs))
            core.delegations.sync_builtin()
        except BaseException:
            db.close()
            raise
        return core

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Core:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
