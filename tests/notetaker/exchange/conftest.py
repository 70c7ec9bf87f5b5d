"""Fixtures for exchange-file tests: a database with the demo note, and its hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from notetaker.demo import load_demo


def database_digest(db_file: Path) -> str:
    """SHA-256 of the database file and its write-ahead log: every byte of saved state."""
    h = hashlib.sha256()
    for path in (db_file, db_file.with_name(db_file.name + "-wal")):
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"<absent>")
    return h.hexdigest()


@pytest.fixture
def demo_core(core):
    result = load_demo(core)
    core.demo_note_id = result.note_id
    return core


@pytest.fixture
def demo_file(demo_core, tmp_path) -> Path:
    from notetaker.exchange import write_note_file

    return write_note_file(demo_core, demo_core.demo_note_id, tmp_path / "imrf.sidenotes")
