"""Revision 0005: the open decisions of imported merged notes and the file of each imported item.

A database at the previous revision (0004) is upgraded in place, keeping its data; the new
tables are empty, follow their notes and items when these are deleted, and can be dropped again.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config

from notetaker import paths
from notetaker.core import Core
from notetaker.storage.db import SCHEMA_HEAD

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rev0001.sqlite3"


def _config(path: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    return cfg


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def test_a_revision_0004_database_upgrades_keeping_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    command.upgrade(_config(path), "0004")
    assert SCHEMA_HEAD == "0005"
    assert not {"open_decisions", "item_sources"} & _tables(path)
    with Core.open(path) as core:
        assert core.db.current_revision() == "0005"
        assert core.db.backup_path is not None  # the 0004 file was kept before migrating
        (entry,) = core.events.list()
        note = core.notes.get(entry.notes[0].id)
        (item,) = note.items
        assert item.body.to_plain() == "La migración se aborda como región."
        assert core.exchange.open_decisions(note.id) == ()
        assert core.exchange.item_files(note.id) == {}
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            con.execute("INSERT INTO open_decisions (note_id, decision_id, kind, section, members, reason, position,"
                        " created_at) VALUES (1, 'duplicate-0123456789ab', 'duplicate', 'highlights',"
                        " '[\"33333333-3333-4333-8333-333333333333\"]', '', 0, '2022-05-19 20:00:00.000000')")
            con.execute("INSERT INTO item_sources VALUES (1, 'marisol.sidenotes', '2022-05-19 20:00:00.000000')")
        with Core.open(path) as core:
            assert [d.id for d in core.exchange.open_decisions(1)] == ["duplicate-0123456789ab"]
            assert core.exchange.item_files(1) == {"33333333-3333-4333-8333-333333333333": "marisol.sidenotes"}
        with con:  # they go with their note and item
            con.execute("DELETE FROM notes WHERE id = 1")
        assert con.execute("SELECT COUNT(*) FROM open_decisions").fetchone() == (0,)
        assert con.execute("SELECT COUNT(*) FROM item_sources").fetchone() == (0,)
    finally:
        con.close()
    command.downgrade(_config(path), "0004")
    assert not {"open_decisions", "item_sources"} & _tables(path)
