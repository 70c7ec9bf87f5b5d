"""Files a user names: what a write may replace, and how a file is opened for reading.

Every writer of a file the user names (a report, an exchange file, a merged
file: :func:`notetaker.export.export_notes`, :func:`notetaker.exchange.write_document`
and their callers in the command line and the window) first calls
:func:`check_output`. It refuses, in one line naming the path:

- anything but a regular file, and a missing folder (:func:`notetaker.atomic.check_target`);
- the notes database itself, its ``-wal``, ``-shm`` and ``-journal`` and the writer's
  lock file: whatever name reaches them (a symbolic or hard link, ``x/../notes.sqlite3``);
- anything in the database's backups folder;
- the files the command reads (a merge's inputs, the report's style reference);
- an existing file that is read-only (no write permission bit, or not writable by this
  user): it is the user's way of keeping a file, which a rename would otherwise ignore.

Paths are compared by identity (device and inode) where both exist, and by their
fully resolved form otherwise, so a file that does not exist yet (a ``-wal``) is
caught too.

Files given by the user or found in a folder are opened with :func:`open_regular`:
a pipe, a device or a folder is refused before anything reads from it (opening a
pipe for reading would wait forever for a writer). :func:`check_regular` does the
same for a file some library opens by name (SQLite).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from .atomic import check_target, not_regular
from .i18n import _

#: The files SQLite keeps beside a database (write-ahead log, its shared memory, the rollback journal).
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class OutputRefused(OSError):
    """A file the user named that is never written (``filename``: the path, ``strerror``: why)."""


def check_output(path: Path | str, *, database: Path | None, inputs: Sequence[Path | str] = ()) -> None:
    """Raise :class:`OutputRefused` (or :class:`notetaker.atomic.NotARegularFile`, or
    :class:`FileNotFoundError` for a missing folder) unless a write may replace ``path``.

    ``database``: the open notes database (its files and backups are refused);
    ``inputs``: the files the write is made from.
    """
    target = Path(path)
    check_target(target)
    info = _stat(target)
    if database is not None:
        database = Path(database)
        if _same(target, info, database):
            raise OutputRefused(errno.EINVAL, _("it is the notes database"), str(target))
        if any(_same(target, info, side) for side in database_side_files(database)):
            raise OutputRefused(
                errno.EINVAL,
                _("it is a working file of the notes database (its journal, write-ahead log, shared memory or lock)"),
                str(target),
            )
        if _in_folder(target, info, _backups_folder(database)):
            raise OutputRefused(errno.EINVAL, _("it is in the database's backups folder"), str(target))
    if any(_same(target, info, Path(source)) for source in inputs):
        raise OutputRefused(errno.EINVAL, _("it is one of the files being read"), str(target))
    if info is not None and (not info.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise OutputRefused(errno.EACCES, _("it is read-only"), str(target))


def database_side_files(database: Path) -> list[Path]:
    """The files that belong to ``database`` beside it: SQLite's and the writer lock's."""
    from .capture.lock import WriterLock

    return [Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_SUFFIXES] + WriterLock(database).candidates()


def open_regular(path: Path | str) -> BinaryIO:
    """``path`` opened for reading in binary; a folder, pipe or device raises
    :class:`notetaker.atomic.NotARegularFile` without waiting (the file is opened
    non-blocking, checked, then made blocking)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        refused = not_regular(os.fstat(fd).st_mode, path)
        if refused is not None:
            raise refused
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: Path | str) -> None:
    """Raise :class:`notetaker.atomic.NotARegularFile` when something other than a regular
    file is at ``path`` (nothing there is fine: it may be created)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    refused = not_regular(mode, path)
    if refused is not None:
        raise refused


# -- the parts -----------------------------------------------------------------------------------
def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _same(target: Path, info: os.stat_result | None, other: Path) -> bool:
    """Whether ``target`` (``info``: its stat, ``None`` when missing) and ``other`` name one file."""
    if info is not None:
        other_info = _stat(other)
        if other_info is not None and (info.st_dev, info.st_ino) == (other_info.st_dev, other_info.st_ino):
            return True
    return os.path.realpath(target) == os.path.realpath(other)


def _in_folder(target: Path, info: os.stat_result | None, folder: Path) -> bool:
    """Whether ``target`` is (or would be made) in ``folder``, or is one of its files by another name."""
    if _same(Path(os.path.realpath(target)).parent, _stat(Path(os.path.realpath(target)).parent), folder):
        return True
    return info is not None and any(_same(target, info, entry) for entry in _entries(folder))


def _entries(folder: Path) -> Iterable[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _backups_folder(database: Path) -> Path:
    from .storage.backups import BackupStore

    return BackupStore(database).folder
