from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from notetaker import paths
from notetaker.core import Core
from notetaker.storage import Database, StorageError, resolve_path
from notetaker.storage import db as db_module
from notetaker.storage.db import SCHEMA_HEAD
from notetaker.storage.fulltext import include_name
from notetaker.storage.models import Base

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rev0001.sqlite3"


def test_every_connection_gets_the_pragmas(db_path):
    db = Database.open(db_path)
    try:
        for _ in range(2):  # a fresh pooled connection each time
            with db.engine.connect() as conn:
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            db.engine.dispose()
    finally:
        db.close()


def test_location_precedence(monkeypatch, tmp_path):
    default = resolve_path(None)
    assert default.name == "notetaker.sqlite3"
    assert str(tmp_path.parent) in str(default)  # the isolated user data folder
    monkeypatch.setenv("NOTETAKER_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.setenv("NOTETAKER_DB", "sqlite:////tmp/url.sqlite3")
    assert resolve_path(None) == Path("/tmp/url.sqlite3")
    assert resolve_path(tmp_path / "explicit.db") == tmp_path / "explicit.db"
    monkeypatch.chdir(tmp_path)
    assert resolve_path("sqlite:///relative.db?timeout=3") == tmp_path / "relative.db"


@pytest.mark.parametrize("url", ["postgresql://user:secret@host/notes", "mysql+pymysql://h/db", "sqlite://", "sqlite:///:memory:"])
def test_only_sqlite_files_are_accepted(url):
    with pytest.raises(StorageError) as info:
        resolve_path(url)
    assert "secret" not in str(info.value)  # a password in a URL is never echoed


def test_new_database_is_at_head_and_matches_the_models(db_path):
    db = Database.open(db_path)
    try:
        assert db.current_revision() == SCHEMA_HEAD
        assert db.backup_path is None  # nothing to back up for a new file
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), Base.metadata)
        assert diff == []
    finally:
        db.close()


def test_the_schema_head_is_alembics_head():
    """A migration added without changing SCHEMA_HEAD fails here (files at the old head would
    be taken for up to date and opened without it)."""
    assert ScriptDirectory(str(paths.migrations_dir())).get_heads() == [SCHEMA_HEAD]


MIGRATION_0006 = '''"""a column, written with annotations

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("added_by_0006", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("events", "added_by_0006")
'''


def test_a_file_one_migration_behind_is_migrated_however_the_migration_is_written(tmp_path, monkeypatch):
    """Issue #14: a migration declaring ``revision: str = "0006"`` was Alembic's head, and a file
    at 0005 was still taken for up to date (the head was guessed from the files' text)."""
    path = tmp_path / "notes.sqlite3"
    Database.open(path).close()  # at this version's head, 0005
    migrations = tmp_path / "migrations"
    shutil.copytree(paths.migrations_dir(), migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0006_added_column.py").write_text(MIGRATION_0006, encoding="utf-8")
    monkeypatch.setattr(paths, "migrations_dir", lambda: migrations)
    monkeypatch.setattr(db_module, "SCHEMA_HEAD", "0006")  # as the new migration's author sets it
    assert ScriptDirectory(str(migrations)).get_heads() == ["0006"]
    db = Database.open(path)
    try:
        assert db.current_revision() == "0006"
        assert db.backup_path is not None  # the 0005 file was kept first
        with db.reading() as con:
            assert "added_by_0006" in {row[1] for row in con.execute("PRAGMA table_info(events)")}
    finally:
        db.close()


def test_first_revision_database_upgrades_keeps_data_and_is_backed_up(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    original = path.read_bytes()
    with Core.open(path) as core:
        assert core.db.current_revision() == SCHEMA_HEAD
        events = core.events.list()
        assert [e.event.title for e in events] == ["Taller sobre migración laboral"]
        event = events[0].event
        assert event.timezone == "UTC-06:00"
        assert event.specific_objectives == ("Uno", "Dos")
        assert event.starts_at.isoformat() == "2022-05-19T18:30:00+00:00"
        note = core.notes.get(events[0].notes[0].id)
        assert note.notetakers == ("Marisol Aguilar",)
        (item,) = note.items
        assert item.body.to_plain() == "La migración se aborda como región."
        assert item.delegations == ("RCM", "GT")
        backup = core.db.backup_path
        with core.db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), Base.metadata)
        assert diff == []
    assert backup is not None and backup.exists()
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT title FROM events").fetchall() == [("Taller sobre migración laboral",)]
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    assert path.read_bytes() != original  # the copy was migrated in place
    assert sqlite3.connect(FIXTURE).execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_opening_again_does_not_back_up_again(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    Core.open(path).close()
    before = sorted(p.name for p in tmp_path.iterdir())
    with Core.open(path) as core:
        assert core.db.backup_path is None
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_newer_schema_is_refused_without_writing(tmp_path):
    path = tmp_path / "future.sqlite3"
    shutil.copy(FIXTURE, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    data = path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        Core.open(path)
    assert path.read_bytes() == data


def test_a_file_that_is_not_a_database_is_refused_cleanly(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    data = path.read_bytes()
    with pytest.raises(StorageError) as info:
        Core.open(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == data


def test_another_applications_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    con.close()
    data = path.read_bytes()
    with pytest.raises(StorageError, match="another application"):
        Core.open(path)
    assert path.read_bytes() == data
