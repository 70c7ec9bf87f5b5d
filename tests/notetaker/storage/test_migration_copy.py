"""The copy kept before a migration: in the backups, listed and restored by ``notetaker restore``, never rotated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from notetaker.cli import main
from notetaker.core import Core
from notetaker.storage.backups import BackupStore
from notetaker.storage.db import SCHEMA_HEAD
from notetaker.storage.dbfile import content_digest
from tests.support.olddb import integrity, item_count, make_rev0001_database, revision


def _migration_copies(db: Path) -> list[Path]:
    return [b.path for b in BackupStore(db).list() if b.migration_target == SCHEMA_HEAD]


def test_restore_lists_and_restores_the_copy_made_before_migrating(tmp_path, capsys):
    db = make_rev0001_database(tmp_path / "notes.sqlite3", 50)
    before = content_digest(db)
    with Core.open(db) as core:
        kept = core.db.backup_path
    assert kept is not None and kept.parent == BackupStore(db).folder
    assert _migration_copies(db) == [kept]
    assert main(["--db", str(db), "restore", "--list"]) == 0
    listing = capsys.readouterr().out
    assert f"before-migration-{SCHEMA_HEAD}" in listing and kept.name in listing, listing
    assert main(["--db", str(db), "restore", kept.name]) == 0
    assert f"Restored the database from {kept.name}." in capsys.readouterr().out
    assert revision(db) == "0001" and content_digest(db) == before and integrity(db) == ["ok"]
    with Core.open(db) as core:  # migrated again, from the same content: the same copy serves
        assert core.db.backup_path == kept
    assert revision(db) == SCHEMA_HEAD and item_count(db) == 50
    assert _migration_copies(db) == [kept]


def test_a_database_written_since_its_copy_gets_a_new_one(tmp_path):
    db = make_rev0001_database(tmp_path / "notes.sqlite3", 10)
    with Core.open(db) as core:
        first = core.db.backup_path
    assert main(["--db", str(db), "restore", first.name]) == 0
    con = sqlite3.connect(db)
    with con:  # an older version of the application edits the restored file
        con.execute("UPDATE items SET person = 'Otra delegada' WHERE id = 2")
    con.close()
    with Core.open(db) as core:
        second = core.db.backup_path
    assert second is not None and second != first
    assert sorted(_migration_copies(db)) == sorted([first, second])


def test_rotation_never_removes_the_copy_made_before_migrating(tmp_path):
    db = make_rev0001_database(tmp_path / "notes.sqlite3", 10)
    with Core.open(db) as core:
        kept = core.db.backup_path
        for _ in range(3):
            core.backups.backup_now("manual")
        BackupStore(db).rotate(1)
    assert kept is not None and kept.exists()
    assert [b.reason for b in BackupStore(db).list()] == ["manual", f"before-migration-{SCHEMA_HEAD}"]
