"""The core's explicit context: one open database and the services on it.

The CLI and the GUI each build one ``Core`` and pass it down; there is no
global instance.
"""

from __future__ import annotations

import os
from pathlib import Path

from .services import DelegationService, EventService, ExchangeService, NoteService, StateService
from .services.backups import BackupService
from .services.search import SearchService
from .storage import Database
from .templates import TemplateLibrary


class Core:
    def __init__(self, db: Database, templates: TemplateLibrary):
        self.db = db
        self.templates = templates
        self.events = EventService(db)
        self.notes = NoteService(db, templates)
        self.delegations = DelegationService(db)
        self.state = StateService(db)
        self.search = SearchService(db, templates, self.delegations)
        self.backups = BackupService(db)
        self.exchange = ExchangeService(db, templates, self.delegations.invalidate)

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str] | None = None,
        template_dirs: tuple[Path, ...] = (),
    ) -> Core:
        """Open (creating and migrating as needed) the database and load the templates."""
        db = Database.open(location)
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
