"""A database file as a whole: checked with ``PRAGMA quick_check``, copied with SQLite's backup API.

Opening the database checks its file (:func:`integrity_problems`); the copy
kept before a migration is made with :func:`copy_database` and, on a retry,
recognised by :func:`content_digest`; the rotating backups
(:mod:`.backups`) are made and restored with the same two. Kept apart from
them so that opening the database does not load the backups' machinery.

Nothing here writes to the file checked or copied: both open it read-only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..atomic import replacing
from ..i18n import _

# SQLite result codes that mean "this file is damaged or no database at all".
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
COPY_CACHE_KIB = 256  # page cache of the connections that copy or check a file


class BackupError(RuntimeError):
    """Checking, copying, backing up or restoring a database file failed; the message is for the user."""


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong with the file (empty when it is sound).

    The file is opened read-only. A file that is no SQLite database at all
    counts as damaged; one that cannot be opened or read (permissions, missing)
    raises :class:`BackupError`, its message for the user.
    """
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(_("Cannot open {path}: {error}").format(path=path, error=exc)) from exc
    try:
        con.execute(f"PRAGMA cache_size=-{COPY_CACHE_KIB}")
        rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in _CORRUPT_CODES or "malformed" in str(exc):
            return [str(exc)]
        raise BackupError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from exc
    finally:
        con.close()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database consistently into ``target`` (atomically: :func:`notetaker.atomic.replacing`).

    The copy is a self-contained rollback-journal file: it needs no ``-wal``
    beside it and can be checked read-only without leaving files behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as tmp:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                for con in (src, dst):  # pages stream through: a small cache keeps the copy light
                    con.execute(f"PRAGMA cache_size=-{COPY_CACHE_KIB}")
                # A new file, thrown away if the copy fails: no journal, none left behind by a full disk.
                dst.execute("PRAGMA journal_mode=OFF")
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()


def content_digest(path: Path) -> str:
    """A SHA-256 of what the file holds: its schema and every row of its tables, in key order.

    Two files have the same digest when they hold the same (a copy made with
    :func:`copy_database` and its source, until either is written), whatever
    their journal mode or page layout. The file is opened read-only.
    """
    import hashlib  # (only when migrating: opening a database at its head never needs it)

    digest = hashlib.sha256()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.execute(f"PRAGMA cache_size=-{COPY_CACHE_KIB}")
        tables = con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        for kind, name, _table, sql in tables:
            digest.update(repr((kind, name, sql)).encode())
            if kind == "table" and not (sql or "").upper().startswith("CREATE VIRTUAL"):
                quoted = '"' + name.replace('"', '""') + '"'
                for row in con.execute(f"SELECT * FROM {quoted}"):  # a table's scan follows its key
                    digest.update(repr(row).encode())
    finally:
        con.close()
    return digest.hexdigest()
