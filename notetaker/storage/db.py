"""Opening the database: location, connection pragmas, migrations and backups.

The database is one SQLite file. Opening an up-to-date file and reading from it
use only the standard library's ``sqlite3`` (:meth:`Database.reading`);
SQLAlchemy, its ORM and Alembic are imported the first time something is
written or migrated (:attr:`Database.engine`, :meth:`Database.session`). That
keeps them out of the start of the application window and of ``notetaker
export``, where they were most of the start-up time.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..i18n import _
from . import fulltext
from .dbfile import BackupError, integrity_problems

if TYPE_CHECKING:  # imported when first needed: they cost most of a start
    from alembic.config import Config
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.orm import Session

    from .backups import BackupInfo

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000

#: The schema revision of this version of the application: its newest migration's. A file at
#: this revision is opened without loading Alembic; an older one is migrated to it. Adding a
#: migration means changing it too (a test checks that it is Alembic's head).
SCHEMA_HEAD = "0005"


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
            from .backups import BackupStore

            message += " " + _("No backup was found in {folder}.").format(folder=BackupStore(path).folder)
        super().__init__(message)


def check_integrity(path: Path) -> None:
    """Raise :class:`CorruptDatabaseError` if ``PRAGMA quick_check`` finds ``path`` damaged.

    The file is only read; a damaged file is never written to.
    """
    problems = integrity_problems(path)
    if not problems:
        return
    from .backups import BackupStore  # (only for a damaged file: the start does not load it)

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


def resolve_path(location: str | os.PathLike[str] | None = None) -> Path:
    """The database file from an explicit location, ``NOTETAKER_DB`` or the default file.

    A location may be a file path or an SQLite URL (``sqlite:///relative.db``,
    ``sqlite:////absolute.db``); database servers are refused.
    """
    if location is None:
        location = os.environ.get("NOTETAKER_DB") or None
    if location is None:
        return paths.default_database_path()
    text = os.fspath(location)
    if "://" in text:
        scheme, _sep, rest = text.partition("://")
        if scheme.split("+")[0].lower() != "sqlite":
            raise StorageError(_("Only SQLite database files are supported, not {url}").format(url=scheme + "://…"))
        database = rest[1:].split("?")[0] if rest.startswith("/") else ""
        if not database or database == ":memory:":
            raise StorageError(_("Not a valid database URL: {url}").format(url=text))
        text = database
    return Path(text).expanduser().resolve()


def _sqlite_url(path: Path) -> URL:
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(path))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


@contextmanager
def migration_connection(path: Path) -> Iterator[Connection]:
    """A connection to ``path`` in one write transaction that holds a whole migration.

    Everything done on it until the block ends is one SQLite transaction, DDL
    included (``BEGIN IMMEDIATE`` ... ``COMMIT``): the driver's own transaction
    handling, which runs DDL outside any transaction, is turned off. The write
    lock is taken at once, so two processes never migrate the same file
    together. Foreign keys are off (table rebuilds drop and recreate parents;
    the pragma is a no-op inside a transaction, so it is set before) and
    checked before the commit. An error, or a kill, leaves the file as it was.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    def connect(dbapi_connection: Any, record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        dbapi_connection.isolation_level = None  # no implicit BEGIN/COMMIT: ours only

    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    engine = create_engine(_sqlite_url(path), poolclass=NullPool)
    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", begin)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StorageError(_("The migration of {path} left dangling references ({rows}); it was undone.").format(path=path, rows=broken[:5]))
    finally:
        engine.dispose()


class Database:
    """An open, migrated database file: plain reads, and sessions for writing.

    Services read with :meth:`reading` and write in one short session per unit
    of work through :meth:`session`.
    """

    def __init__(self, path: Path):
        self.path = path
        self.backup_path: Path | None = None
        self._engine: Engine | None = None
        self._sessions: Any = None
        self._read_only = False
        self._readers: dict[int, sqlite3.Connection] = {}  # thread ident -> its read connection
        self._readers_lock = threading.Lock()

    @property
    def url(self) -> URL:
        """The SQLAlchemy URL of the file (imports SQLAlchemy)."""
        return _sqlite_url(self.path)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            from sqlalchemy import create_engine, event

            engine = create_engine(self.url)
            event.listen(engine, "connect", self._on_connect)
            self._engine = engine
        return self._engine

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        _sqlite_pragmas(dbapi_connection, _record)
        if self._read_only:
            dbapi_connection.execute("PRAGMA query_only=ON")

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self) -> None:
        """Refuse every write from now on (``PRAGMA query_only`` on every connection)."""
        self._read_only = True
        if self._engine is not None:
            self._engine.dispose()  # connections opened so far are closed, later ones are read-only

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None) -> Database:
        path = resolve_path(location)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(_("Cannot create the folder {folder}: {error}").format(folder=path.parent, error=exc.strerror)) from exc
        db = cls(path)
        try:
            current: str | None = None
            if path.exists():
                check_integrity(path)
                current = cls._peek_revision(path)
            if current != SCHEMA_HEAD:  # (up to date: no need for Alembic)
                if current is not None:
                    db._check_known_revision(current)
                db.migrate()
            fulltext.ensure(db)
        except StorageError:
            db.close()
            raise
        except BackupError as exc:
            db.close()
            raise StorageError(str(exc)) from exc
        except Exception as exc:
            db.close()
            if not _is_database_error(exc):
                raise
            reason = getattr(exc, "orig", None) or exc
            raise StorageError(_("Cannot open the database {url}: {error}").format(url=path, error=reason)) from exc
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
            raise StorageError(_("This database was written by a newer version of the application (schema {rev}); this version knows schemas up to {head}. Please update the application.").format(rev=current, head=SCHEMA_HEAD))

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_HEAD` in one transaction, keeping a copy of an existing file first.

        The copy goes to the backups (:meth:`.backups.BackupStore.before_migration`:
        ``notetaker restore`` offers it) and is made under the migration's write
        lock, of exactly what is migrated. A migration that fails or is killed
        leaves the file as it was; tried again, it reuses that copy.
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        from .backups import BackupStore

        head = SCHEMA_HEAD
        try:
            with migration_connection(self.path) as connection:
                current = MigrationContext.configure(connection).get_current_revision()
                if current == head:  # (migrated meanwhile by another process)
                    return
                self._check_known_revision(current)
                if current is not None:
                    self.backup_path = BackupStore(self.path).before_migration(head).path
                    log.info("kept %s before migrating from %s to %s", self.backup_path, current, head)
                command.upgrade(_alembic_config(connection), head)
        except Exception as exc:  # the transaction was rolled back: the file is as it was
            if not _is_database_error(exc):
                raise
            reason = getattr(exc, "orig", None) or exc
            raise StorageError(_("The database {path} could not be migrated to schema {schema} ({error}); it was left as it was.").format(path=self.path, schema=head, error=reason)) from exc

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read-only ``sqlite3`` connection in one read transaction (a consistent snapshot).

        Each thread keeps one connection for its reads while the database is
        open, as a pool would (a database kept open also keeps its WAL index,
        which a full disk could not create again). The connection refuses
        writes (``PRAGMA query_only``).
        """
        con = self._reader()
        if con.in_transaction:  # a read inside a read of the same thread
            yield con
            return
        failed = False
        try:
            con.execute("BEGIN")
            yield con
        except sqlite3.Error:
            failed = True
            self._drop_reader(con)  # a failed connection is not reused
            raise
        finally:
            if not failed and con.in_transaction:
                con.execute("ROLLBACK")  # the snapshot ends with the unit of work

    def _reader(self) -> sqlite3.Connection:
        ident = threading.get_ident()
        with self._readers_lock:
            con = self._readers.get(ident)
            if con is not None:
                return con
            alive = {t.ident for t in threading.enumerate()}
            for gone in [k for k in self._readers if k not in alive]:  # threads that ended
                self._readers.pop(gone).close()
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA query_only=ON")
        with self._readers_lock:
            self._readers[ident] = con
        return con

    def _drop_reader(self, con: sqlite3.Connection) -> None:
        with self._readers_lock:
            for key in [k for k, c in self._readers.items() if c is con]:
                del self._readers[key]
        con.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        with self._readers_lock:
            readers, self._readers = list(self._readers.values()), {}
        for con in readers:
            con.close()
        if self._engine is not None:
            self._engine.dispose()


def _is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` says the database could not be used (rather than a bug)."""
    if isinstance(exc, sqlite3.Error | OSError):
        return True
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)
