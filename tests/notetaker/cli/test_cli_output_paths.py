"""Issue #15, 1: every writer of a file the user names (``export``, ``export-note``, ``merge -o``)
refuses the database, its working files, a backup, its own inputs, a read-only file and anything
but a regular file, in one line and a non-zero exit, and changes nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from notetaker.cli import main

COMMANDS = ("export", "export-note", "merge")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, Path]:
    """A database holding the demo note (closed, so the file is whole) and the note as an exchange file."""
    from notetaker.core import Core
    from notetaker.demo import load_demo
    from notetaker.exchange import write_note_file

    folder = tmp_path_factory.mktemp("seeded")
    db = folder / "notes.sqlite3"
    with Core.open(db) as core:
        note_id = load_demo(core).note_id
        exchange = write_note_file(core, note_id, folder / "demo.sidenotes")
    return db, note_id, exchange


@pytest.fixture
def world(seeded: tuple[Path, int, Path], tmp_path: Path) -> World:
    db, note_id, exchange = seeded
    shutil.copyfile(db, tmp_path / db.name)
    shutil.copyfile(exchange, tmp_path / exchange.name)
    return World(tmp_path / db.name, note_id, tmp_path / exchange.name)


class World:
    def __init__(self, db: Path, note_id: int, exchange: Path):
        self.db, self.note_id, self.exchange = db, note_id, exchange

    def args(self, command: str, output: Path | str) -> list[str]:
        head = ["--db", str(self.db)]
        if command == "export":
            return [*head, "export", str(self.note_id), "-o", str(output), "--force"]
        if command == "export-note":
            return [*head, "export-note", str(self.note_id), "-o", str(output)]
        return [*head, "merge", str(self.exchange), "-o", str(output)]


def snapshot(*paths: Path) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.is_file() else None for p in paths}


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("notetaker: ")
    assert "Traceback" not in err and "unexpected" not in err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _database(w: World) -> Path:
    return w.db


def _symlink_to_database(w: World) -> Path:
    link = w.db.parent / "link.docx"
    link.symlink_to(w.db)
    return link


def _dotted_database(w: World) -> Path:
    (w.db.parent / "sub").mkdir()
    return w.db.parent / "sub" / ".." / w.db.name


def _hard_link_to_database(w: World) -> Path:
    link = w.db.parent / "hard.docx"
    os.link(w.db, link)
    return link


def _side(suffix: str) -> Callable[[World], Path]:
    return lambda w: Path(f"{w.db}{suffix}")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("target", "words"),
    [
        (_database, "the notes database"),
        (_symlink_to_database, "the notes database"),
        (_dotted_database, "the notes database"),
        (_hard_link_to_database, "the notes database"),
        (_side("-wal"), "working file of the notes database"),
        (_side("-shm"), "working file of the notes database"),
        (_side("-journal"), "working file of the notes database"),
        (_side(".lock"), "working file of the notes database"),
    ],
    ids=["database", "symlink", "dotted", "hard-link", "wal", "shm", "journal", "lock"],
)
def test_the_database_and_its_files_are_refused(world: World, capsys, command, target, words):
    output = target(world)
    before = snapshot(world.db, Path(f"{world.db}-wal"), Path(f"{world.db}-shm"), Path(f"{world.db}.lock"))
    refused(capsys, world.args(command, output), words)
    assert snapshot(*before) == before
    assert not Path(f"{world.db}-journal").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_wal_of_a_database_being_written_is_refused(world: World, capsys, command):
    """The window holds the writer lock and has typed edits in the -wal: they must survive."""
    from notetaker.capture.lock import WriterLock

    with WriterLock(world.db) as lock:
        assert lock.held
        con = sqlite3.connect(world.db)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("CREATE TABLE typed_edits (x)")
            con.execute("INSERT INTO typed_edits VALUES ('typed')")
            con.commit()
            wal = Path(f"{world.db}-wal")
            assert wal.stat().st_size > 0
            before = snapshot(world.db, wal)
            refused(capsys, world.args(command, wal), "working file of the notes database")
            assert snapshot(*before) == before
        finally:
            con.close()
    con = sqlite3.connect(world.db)
    try:
        assert con.execute("SELECT x FROM typed_edits").fetchall() == [("typed",)]
    finally:
        con.close()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_backup_is_refused(world: World, capsys, command):
    from notetaker.core import Core

    with Core.open(world.db) as core:
        backup = core.backups.backup_now("manual").path
    before = snapshot(world.db, backup)
    refused(capsys, world.args(command, backup), "backups folder")
    assert snapshot(*before) == before
    # a new file in the backups folder would be taken for a backup (or rotated away) too
    refused(capsys, world.args(command, backup.parent / "report.docx"), "backups folder")
    assert not (backup.parent / "report.docx").exists()


def test_merge_refuses_to_write_over_its_own_input(world: World, capsys):
    before = snapshot(world.db, world.exchange)
    refused(capsys, world.args("merge", world.exchange), "one of the files being read")
    assert snapshot(*before) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_file_is_refused(world: World, capsys, command):
    target = world.db.parent / "keep.out"
    target.write_bytes(b"precious")
    target.chmod(0o444)
    refused(capsys, world.args(command, target), str(target), "read-only")
    assert target.read_bytes() == b"precious"
    assert (target.stat().st_mode & 0o777) == 0o444


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_only_a_regular_file_is_written(world: World, capsys, command, kind):
    if kind == "device":
        target = Path(os.devnull)
    elif kind == "fifo":
        target = world.db.parent / "pipe.out"
        os.mkfifo(target)
    else:
        target = world.db.parent / "folder.out"
        target.mkdir()
    before = snapshot(world.db)
    refused(capsys, world.args(command, target), str(target))
    assert snapshot(*before) == before
    if kind == "fifo":
        assert Path(target).is_fifo()
    elif kind == "device":
        assert Path(target).is_char_device()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_long_but_valid_file_name_works(world: World, capsys, command):
    suffix = {"export": ".docx", "export-note": ".sidenotes", "merge": ".sidenotes"}[command]
    name = "n" * (248 - len(suffix)) + suffix
    assert len(name) == 248
    target = world.db.parent / name
    code = main(world.args(command, target))
    err = capsys.readouterr().err
    assert code in (0, 3), err  # merge: 3 when decisions are left open
    assert target.is_file() and target.stat().st_size > 0
    assert [p.name for p in world.db.parent.iterdir() if p.name.endswith(".tmp")] == []
