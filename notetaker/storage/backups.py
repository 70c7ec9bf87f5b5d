"""Backups of a database file: made with SQLite's backup API, checked, rotated, restored.

A database ``<folder>/<stem>.sqlite3`` keeps its backups in ``<folder>/backups/``
as ``<stem>.<UTC time>.<reason>.sqlite3`` (reason: ``start``, ``auto``,
``manual``, ``before-restore``, or ``before-migration-<schema>`` for the copy
kept before migrating the file to that schema). Only files named that way are
ever rotated away, and never the copies kept before a migration: they are
listed and restored like the others, and kept until the user deletes them. A
failed migration tried again reuses its copy (:meth:`BackupStore.before_migration`)
rather than filling the disk with another. A damaged database is renamed aside as ``<stem>.damaged-<UTC time>.sqlite3``
next to it and never deleted.

Nothing here writes to a damaged file: integrity checks open it read-only.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..atomic import describe_write_error, leftover_temp_files, replacing, sync_folder
from ..i18n import _
from .dbfile import BackupError, content_digest, copy_database, integrity_problems

log = logging.getLogger(__name__)

BACKUP_DIR_NAME = "backups"
BACKUP_SUFFIX = ".sqlite3"
REASONS = ("start", "auto", "manual", "before-restore")  # the rotated ones
BEFORE_MIGRATION = "before-migration-"  # + the schema migrated to
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{12}Z)\.(?P<reason>[a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created_at: datetime  # aware, UTC
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def migration_target(self) -> str | None:
        """The schema the database was migrated to after this copy was made (None: a rotating backup)."""
        if self.reason.startswith(BEFORE_MIGRATION):
            return self.reason.removeprefix(BEFORE_MIGRATION)
        return None


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: BackupInfo
    safety_backup: BackupInfo | None  # the database as it was, when it was healthy
    set_aside: Path | None  # the damaged database, renamed


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP_FORMAT)


class BackupStore:
    """The rotating backups of one database file."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.folder = self.db_path.parent / BACKUP_DIR_NAME
        self.stem = self.db_path.stem

    def list(self) -> list[BackupInfo]:
        """This database's backups, newest first."""
        found: list[BackupInfo] = []
        try:
            entries = list(self.folder.iterdir())
        except FileNotFoundError:
            return []
        for path in entries:
            m = _NAME.match(path.name)
            if not m or m.group("stem") != self.stem or not path.is_file():
                continue
            created = datetime.strptime(m.group("stamp"), _STAMP_FORMAT).replace(tzinfo=UTC)
            found.append(BackupInfo(path, created, m.group("reason"), path.stat().st_size))
        found.sort(key=lambda b: (b.created_at, b.name), reverse=True)
        return found

    def newest(self) -> BackupInfo | None:
        backups = self.list()
        return backups[0] if backups else None

    def latest_good(self) -> BackupInfo | None:
        """The newest backup that passes the integrity check."""
        for backup in self.list():
            try:
                if not integrity_problems(backup.path):
                    return backup
            except BackupError:
                continue
            log.warning("backup %s is damaged; skipping it", backup.path)
        return None

    def create(self, reason: str, keep: int | None = None) -> BackupInfo:
        """Back up the database now; then keep only the newest ``keep`` backups.

        A copy that fails its integrity check is deleted and nothing is rotated
        away, so a damaged database never pushes good backups out.
        """
        if reason not in REASONS:
            raise ValueError(f"unknown backup reason {reason!r}")
        info = self._copy(reason)
        if keep is not None:
            self.rotate(keep)
        return info

    def before_migration(self, target: str) -> BackupInfo:
        """The copy of the database kept before migrating it to schema ``target``.

        A copy made earlier of this very content (a migration that failed, was
        killed or ran out of disk, tried again) is reused: only a database
        written since gets a new one. Call it while holding the database's write
        lock, so that the copy is what the migration starts from. A failure is a
        :class:`BackupError` whose message says that the database was not changed.
        """
        reason = BEFORE_MIGRATION + target
        try:
            current: str | None = None
            for backup in self.list():
                if backup.reason != reason or integrity_problems(backup.path):
                    continue
                current = current or content_digest(self.db_path)
                if content_digest(backup.path) == current:
                    log.info("reusing %s, made of the same content before an earlier try", backup.path)
                    return backup
            return self._copy(reason)
        except (BackupError, sqlite3.Error, OSError) as exc:
            if isinstance(exc, OSError) and exc.filename:
                error = describe_write_error(exc)
            else:
                error = str(exc.__cause__ or exc) if isinstance(exc, BackupError) else str(exc)
            raise BackupError(
                _("Cannot make the copy of {path} kept before migrating it to schema {schema} ({error}); "
                  "the database was not changed.").format(path=self.db_path, schema=target, error=error)
            ) from exc

    def _copy(self, reason: str) -> BackupInfo:
        """Copy the database into a new, checked backup named for ``reason``."""
        moment = datetime.now(UTC)
        target = self.folder / f"{self.stem}.{_stamp(moment)}.{reason}{BACKUP_SUFFIX}"
        while target.exists():  # two backups within a microsecond
            moment = moment.replace(microsecond=(moment.microsecond + 1) % 1_000_000)
            target = self.folder / f"{self.stem}.{_stamp(moment)}.{reason}{BACKUP_SUFFIX}"
        try:
            copy_database(self.db_path, target)
        except sqlite3.Error as exc:
            raise BackupError(
                _("Cannot back up {path}: {error}").format(path=self.db_path, error=exc)
            ) from exc
        problems = integrity_problems(target)
        if problems:
            target.unlink(missing_ok=True)
            raise BackupError(
                _("The database {path} is damaged ({problem}); no backup was made.").format(
                    path=self.db_path, problem=problems[0]
                )
            )
        info = BackupInfo(target, moment, reason, target.stat().st_size)
        log.info("backed up %s to %s", self.db_path, target)
        return info

    def rotate(self, keep: int) -> list[Path]:
        """Delete all but the newest ``keep`` (at least one) rotating backups; the paths deleted."""
        removed = []
        for backup in [b for b in self.list() if b.reason in REASONS][max(1, keep):]:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
        for stale in leftover_temp_files(self.folder, f"{self.stem}."):  # copies a crash interrupted
            stale.unlink(missing_ok=True)
        return removed

    def resolve(self, choice: str | None) -> BackupInfo:
        """A backup by list number (1 = newest), file name or path; None: the latest good one."""
        backups = self.list()
        if choice is None:
            good = self.latest_good()
            if good is None:
                raise BackupError(
                    _("There is no usable backup of {path} in {folder}.").format(
                        path=self.db_path, folder=self.folder
                    )
                )
            return good
        if choice.isdigit() and 1 <= int(choice) <= len(backups):
            return backups[int(choice) - 1]
        for backup in backups:
            if choice == backup.name:
                return backup
        path = Path(choice).expanduser()
        if path.is_file():
            return BackupInfo(path.resolve(), datetime.fromtimestamp(path.stat().st_mtime, UTC), "", path.stat().st_size)
        raise BackupError(
            _("No backup named {choice}; 'notetaker restore --list' shows them.").format(choice=choice)
        )


def set_aside(db_path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) aside; never delete it. The new path."""
    stamp = _stamp(datetime.now(UTC))
    target = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    for extra in ("-wal", "-shm"):
        side = Path(str(db_path) + extra)
        if side.exists():
            os.replace(side, Path(str(target) + extra))
    os.replace(db_path, target)
    sync_folder(db_path.parent)
    log.warning("set the damaged database %s aside as %s", db_path, target)
    return target


def _release(db_path: Path) -> None:
    """Checkpoint a healthy database's WAL into it and make sure nobody else has it open."""
    con = sqlite3.connect(db_path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()  # the last connection to close removes the -wal file
    wal = Path(str(db_path) + "-wal")
    if wal.exists():
        raise BackupError(
            _("The database {path} is open in another program; close it and try again.").format(
                path=db_path
            )
        )
    Path(str(db_path) + "-shm").unlink(missing_ok=True)


def restore(db_path: Path, backup: BackupInfo) -> RestoreResult:
    """Replace the database with ``backup``, atomically, after securing the current file.

    A healthy current database is backed up first (reason ``before-restore``);
    a damaged one is renamed aside. No connection may be open on it. Nothing
    is rotated away here: the next regular backup does that.
    """
    from .db import check_restorable  # db imports this module

    problems = integrity_problems(backup.path)
    if problems:
        raise BackupError(
            _("The backup {name} is damaged too ({problem}); choose another one.").format(
                name=backup.name, problem=problems[0]
            )
        )
    check_restorable(backup.path)
    store = BackupStore(db_path)
    safety: BackupInfo | None = None
    aside: Path | None = None
    with replacing(db_path) as tmp:
        # The copy is whole before the current file is secured; it then replaces the database.
        shutil.copyfile(backup.path, tmp)
        if db_path.exists():
            if integrity_problems(db_path):
                aside = set_aside(db_path)
            else:
                _release(db_path)
                safety = store.create("before-restore")
    Path(str(db_path) + "-shm").unlink(missing_ok=True)
    log.info("restored %s from %s", db_path, backup.path)
    return RestoreResult(backup, safety, aside)
