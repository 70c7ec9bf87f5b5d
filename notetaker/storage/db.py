"""Opening the database: location, connection pragmas, migrations and backups."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from .. import paths
from ..i18n import _
from . import fulltext
from .backups import BackupError, BackupInfo, BackupStore, copy_database, integrity_problems

if TYPE_CHECKING:  # Alembic is imported only to migrate: it costs a noticeable part of a start
    from alembic.config import Config

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    """The database cannot be opened or used; the message is for the user."""


class CorruptDatabaseError(StorageError):
    """The database file is damaged; it was not written to.

    ``backup`` is the newest backup that passes the integrity check, if any.
    """

    def __init__(self, path: Path, problem: str, backup: BackupInfo | None):
        self.path = path
        self.problem = problem
        self.backup = backup
        message = _("The database {path} is damaged ({problem}); it was left untouched.").format(
            path=path, problem=problem
        )
        if backup is not None:
            command = "notetaker restore"
            if path != paths.default_database_path():
                command = f"notetaker --db {path} restore"
            message += " " + _("Restore the latest good backup with: {command} {name}").format(
                command=command, name=backup.name
            )
        else:
            message += " " + _("No backup was found in {folder}.").format(folder=BackupStore(path).folder)
        super().__init__(message)


def check_integrity(path: Path) -> None:
    """Raise :class:`CorruptDatabaseError` if ``PRAGMA quick_check`` finds ``path`` damaged.

    The file is only read; a damaged file is never written to.
    """
    problems = integrity_problems(path)
    if not problems:
        return
    backup = BackupStore(path).latest_good()
    if backup is None and not _has_sqlite_header(path):
        return  # no database at all, and nothing to restore: reported as such by the caller
    raise CorruptDatabaseError(path, "; ".join(problems[:3]), backup)


def _has_sqlite_header(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def check_restorable(path: Path) -> None:
    """Raise :class:`StorageError` unless ``path`` is a notes database this version can open."""
    Database._check_known_revision_of(Database._peek_revision(path))


def resolve_url(location: str | os.PathLike[str] | None = None) -> URL:
    """The database URL from an explicit location, ``NOTETAKER_DB`` or the default file.

    A location containing ``://`` is an SQLAlchemy URL; anything else is a file path.
    """
    if location is None:
        location = os.environ.get("NOTETAKER_DB") or None
    if location is None:
        return URL.create("sqlite", database=str(paths.default_database_path()))
    text = os.fspath(location)
    if "://" in text:
        try:
            return make_url(text)
        except Exception as exc:  # SQLAlchemy raises ArgumentError and others
            raise StorageError(_("Not a valid database URL: {url}").format(url=text)) from exc
    path = Path(text).expanduser()
    return URL.create("sqlite", database=str(path.resolve()))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(paths.migrations_dir()))
    head = script.get_current_head()
    assert head is not None
    return head


_REVISION = re.compile(r"""^revision\s*=\s*['"]([^'"]+)['"]""", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


@cache
def _plain_head() -> str | None:
    """The newest revision, read from the migration files without Alembic (None if unclear)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(text)
        if down is not None:
            parents.update(re.findall(r"""['"]([^'"]+)['"]""", down.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


class Database:
    """An open, migrated database and the sessions on it.

    Services take one short session per unit of work through :meth:`session`.
    """

    def __init__(self, engine: Engine, url: URL):
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.backup_path: Path | None = None

    @property
    def path(self) -> Path | None:
        """The database file, for SQLite files; ``None`` otherwise."""
        if self.url.get_backend_name() == "sqlite" and self.url.database not in (None, "", ":memory:"):
            return Path(self.url.database)
        return None

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None) -> Database:
        url = resolve_url(location)
        is_sqlite = url.get_backend_name() == "sqlite"
        if is_sqlite and url.database not in (None, "", ":memory:"):
            folder = Path(url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(_("Cannot create the folder {folder}: {error}").format(folder=folder, error=exc.strerror)) from exc
        try:
            engine = create_engine(url)
        except Exception as exc:
            raise StorageError(_("Cannot use the database {url}: {error}").format(url=url.render_as_string(hide_password=True), error=exc)) from exc
        db = cls(engine, url)
        try:
            current: str | None = None
            if db.path is not None and db.path.exists():
                check_integrity(db.path)
                current = cls._peek_revision(db.path)
            if is_sqlite:
                event.listen(engine, "connect", _sqlite_pragmas)
            if current is None or current != _plain_head():  # up to date: no need for Alembic
                if current is not None:
                    db._check_known_revision(current)
                db.migrate()
            fulltext.ensure(engine)
        except StorageError:
            engine.dispose()
            raise
        except BackupError as exc:
            engine.dispose()
            raise StorageError(str(exc)) from exc
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StorageError(_("Cannot open the database {url}: {error}").format(url=url.render_as_string(hide_password=True), error=reason)) from exc
        return db

    @staticmethod
    def _peek_revision(path: Path) -> str | None:
        """Read an existing file's schema revision without writing to it."""
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            con.execute("PRAGMA schema_version").fetchone()  # fails on a file that is no database
            has_table = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                if con.execute("SELECT 1 FROM sqlite_master WHERE type='table'").fetchone():
                    raise StorageError(_("{path} is an SQLite database of another application, not a notes database.").format(path=path))
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        finally:
            con.close()

    def _check_known_revision(self, current: str | None) -> None:
        self._check_known_revision_of(current)

    @staticmethod
    def _check_known_revision_of(current: str | None) -> None:
        if current is None:
            return
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(paths.migrations_dir()))
        try:
            known = script.get_revision(current) is not None
        except Exception:  # alembic raises ResolutionError/CommandError for unknown ids
            known = False
        if not known:
            raise StorageError(_("This database was written by a newer version of the application (schema {rev}); this version knows schemas up to {head}. Please update the application.").format(rev=current, head=head_revision()))

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema to the newest revision, backing up an existing file first."""
        current = self.current_revision()
        head = head_revision()
        if current == head:
            return
        self._check_known_revision(current)
        path = self.path
        if current is not None and path is not None and path.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            target = path.with_name(f"{path.stem}.before-{head}.{stamp}{path.suffix}")
            copy_database(path, target)
            self.backup_path = target
            log.info("backed up %s to %s before migrating from %s", path, target, current)
        from alembic import command

        command.upgrade(_alembic_config(self.engine), "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
