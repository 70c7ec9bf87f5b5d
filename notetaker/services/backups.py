"""Automatic rotating backups of the notes database, and restoring one.

Policy: a backup when the application starts (if the database changed since
the newest backup) and, while the user edits, one every ``interval_minutes``;
the newest ``keep`` are kept in the ``backups/`` folder beside the database
(the data folder's ``backups/`` for the default database). Both numbers come
from :class:`BackupSettings` (environment variables
``NOTETAKER_BACKUP_INTERVAL_MINUTES`` and ``NOTETAKER_BACKUP_KEEP``).

:meth:`BackupService.backup_if_due` may run on a worker thread: the copy uses
its own SQLite connection (the backup API), never the application's session.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..storage import Database, StorageError, resolve_path
from ..storage.backups import BackupInfo, BackupStore, RestoreResult, restore
from ..storage.dbfile import BackupError
from .base import ServiceError

log = logging.getLogger(__name__)

ENV_INTERVAL = "NOTETAKER_BACKUP_INTERVAL_MINUTES"
ENV_KEEP = "NOTETAKER_BACKUP_KEEP"


class BackupFailed(ServiceError):
    pass


@dataclass(frozen=True, slots=True)
class BackupSettings:
    interval_minutes: float = 10.0
    keep: int = 10

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BackupSettings:
        """Defaults, overridden by the environment; a bad value is logged and ignored."""
        environ = os.environ if environ is None else environ
        default = cls()
        interval, keep = default.interval_minutes, default.keep
        try:
            if environ.get(ENV_INTERVAL):
                interval = float(environ[ENV_INTERVAL])
                if not interval > 0:
                    raise ValueError(interval)
        except ValueError:
            log.warning("ignoring %s=%r: expected minutes > 0", ENV_INTERVAL, environ.get(ENV_INTERVAL))
            interval = default.interval_minutes
        try:
            if environ.get(ENV_KEEP):
                keep = int(environ[ENV_KEEP])
                if keep < 1:
                    raise ValueError(keep)
        except ValueError:
            log.warning("ignoring %s=%r: expected a whole number >= 1", ENV_KEEP, environ.get(ENV_KEEP))
            keep = default.keep
        return cls(interval, keep)


def _mtime_ns(path: Path, need_content: bool = False) -> int:
    try:
        st = path.stat()
    except FileNotFoundError:
        return 0
    if need_content and st.st_size == 0:
        return 0
    return st.st_mtime_ns


class BackupService:
    def __init__(self, db: Database, settings: BackupSettings | None = None):
        self.settings = settings or BackupSettings.from_env()
        self._db_path = db.path
        self._store = BackupStore(db.path)
        self._lock = threading.Lock()
        self._edited = False
        self._last_backup = time.monotonic()

    @property
    def folder(self) -> Path:
        return self._store.folder

    def list(self) -> list[BackupInfo]:
        return self._store.list()

    def backup_now(self, reason: str = "manual") -> BackupInfo:
        """Back up now and rotate; :class:`BackupFailed` with a readable message on failure."""
        with self._lock:
            self._edited = False
            self._last_backup = time.monotonic()
            try:
                return self._store.create(reason, keep=self.settings.keep)
            except (BackupError, OSError) as exc:
                self._edited = True  # try again next time
                raise BackupFailed(_("The backup failed: {error}").format(error=_reason(exc))) from exc

    def changed_since_last_backup(self) -> bool:
        """Whether the database file (or its WAL) was written after the newest backup."""
        newest = self._store.newest()
        if newest is None:
            return True
        written = max(
            _mtime_ns(self._db_path), _mtime_ns(Path(str(self._db_path) + "-wal"), need_content=True)
        )
        return written > _mtime_ns(newest.path)

    def at_start(self) -> BackupInfo | None:
        """The start-of-session backup, skipped when nothing changed since the newest one."""
        if not self.changed_since_last_backup():
            self._last_backup = time.monotonic()
            return None
        return self.backup_now("start")

    def record_edit(self) -> None:
        """Tell the policy that the user changed something."""
        self._edited = True

    def due(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return self._edited and now - self._last_backup >= self.settings.interval_minutes * 60

    def backup_if_due(self, now: float | None = None) -> BackupInfo | None:
        """The periodic backup: made when edits happened and the interval has passed."""
        if not self.due(now):
            return None
        return self.backup_now("auto")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc)


def database_file(location: str | os.PathLike[str] | None) -> Path:
    """The database file of ``location`` (path, URL, $NOTETAKER_DB or the default)."""
    try:
        return resolve_path(location)
    except StorageError as exc:
        raise BackupFailed(str(exc)) from exc


def list_backups(location: str | os.PathLike[str] | None) -> list[BackupInfo]:
    """The backups of a database, newest first, without opening the database."""
    return BackupStore(database_file(location)).list()


def restore_backup(location: str | os.PathLike[str] | None, choice: str | None = None) -> RestoreResult:
    """Replace the database with a backup (the latest good one when ``choice`` is None).

    The database must not be open (close the :class:`~notetaker.core.Core`
    first). A healthy current database is backed up first; a damaged one is
    renamed aside, never deleted.
    """
    path = database_file(location)
    store = BackupStore(path)
    try:
        return restore(path, store.resolve(choice))
    except StorageError as exc:
        raise BackupFailed(str(exc)) from exc
    except (BackupError, OSError) as exc:
        raise BackupFailed(_("The restore failed: {error}").format(error=_reason(exc))) from exc
