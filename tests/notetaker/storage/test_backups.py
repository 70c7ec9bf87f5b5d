from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from notetaker.cli import main
from notetaker.core import Core
from notetaker.domain import Event
from notetaker.richtext import RichText
from notetaker.services.backups import BackupFailed, BackupSettings, restore_backup
from notetaker.storage.backups import BackupStore
from notetaker.storage.db import CorruptDatabaseError
from notetaker.storage.dbfile import BackupError, copy_database, integrity_problems


def fill(core: Core, title: str = "Taller", items: int = 3) -> int:
    event = core.events.create(Event(None, title=title)).value
    note = core.notes.create(event.id, "imrf-side-event", ["Marisol"]).value
    for i in range(items):
        core.notes.add_item(note.id, "highlights", body=RichText.plain(f"Punto {i} sobre migración"), delegations=["GT"])
    return note.id


def dump(path: Path) -> list[str]:
    """The logical content of a database file (schema and rows), read-only."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """Flip the bytes of every b-tree page header after the first page."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) >= 3 * page_size
    for start in range(page_size, len(data), page_size):
        for i in range(start, start + 12):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(str(path) + "-wal"), Path(str(path) + "-shm")) if p.exists()]


def test_rotation_keeps_the_newest_k_and_only_this_databases_backups(db_path):
    with Core.open(db_path) as core:
        fill(core)
    store = BackupStore(db_path)
    other = store.folder / "other.20200101T000000000000Z.manual.sqlite3"
    made = []
    for _ in range(5):
        made.append(store.create("manual", keep=3))
        other.parent.mkdir(exist_ok=True)
        other.write_bytes(b"not ours")
    kept = store.list()
    assert [b.path for b in kept] == [b.path for b in reversed(made[-3:])]
    assert other.exists()  # another database's file is never rotated away
    for backup in kept:
        assert integrity_problems(backup.path) == []
        assert not sidecars(backup.path)  # self-contained copies: no -wal or -shm
    assert store.latest_good() == kept[0]


def test_a_failed_copy_leaves_nothing_and_rotation_clears_what_a_crash_left(db_path, tmp_path):
    with Core.open(db_path) as core:
        fill(core)
    store = BackupStore(db_path)
    store.folder.mkdir()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"no database at all" * 512)
    target = store.folder / "copy.sqlite3"
    target.write_bytes(b"previous copy")
    with pytest.raises(sqlite3.DatabaseError):
        copy_database(garbage, target)
    assert target.read_bytes() == b"previous copy"
    assert sorted(p.name for p in store.folder.iterdir()) == ["copy.sqlite3"]

    crashed = store.folder / f".{db_path.stem}.20200101T000000000000Z.auto.sqlite3"[:41]
    crashed = crashed.with_name(crashed.name + ".0123456789abcdef.tmp")  # as notetaker.atomic names it
    crashed.write_bytes(b"half a copy")
    others = store.folder / ".other.20200101T000000000000Z.auto.sqlite3.0123456789abcdef.tmp"
    others.write_bytes(b"another database's copy in progress")
    store.create("manual", keep=3)
    assert not crashed.exists()
    assert others.exists()


def test_service_backs_up_at_start_when_changed_and_periodically_after_edits(db_path):
    with Core.open(db_path) as core:
        core.backups.settings = BackupSettings(interval_minutes=5, keep=2)
        first = core.backups.at_start()
        assert first is not None and first.reason == "start"
        assert core.backups.at_start() is None  # nothing changed since
        assert core.backups.backup_if_due() is None  # no edits yet
        fill(core)
        core.backups.record_edit()
        import time

        now = time.monotonic()
        assert not core.backups.due(now)  # edits, but the interval has not passed
        assert core.backups.due(now + 5 * 60 + 1)
        auto = core.backups.backup_if_due(now + 5 * 60 + 1)
        assert auto is not None and auto.reason == "auto"
        assert not core.backups.due(now + 10 * 60)  # no edits since
        core.backups.backup_now()
        assert len(core.backups.list()) == 2  # keep = 2


def test_settings_from_environment():
    assert BackupSettings.from_env({}) == BackupSettings(10.0, 10)
    assert BackupSettings.from_env({"NOTETAKER_BACKUP_INTERVAL_MINUTES": "2.5", "NOTETAKER_BACKUP_KEEP": "4"}) == BackupSettings(2.5, 4)
    assert BackupSettings.from_env({"NOTETAKER_BACKUP_INTERVAL_MINUTES": "-1", "NOTETAKER_BACKUP_KEEP": "x"}) == BackupSettings(10.0, 10)


def test_restore_brings_back_the_last_backups_content_exactly(db_path):
    with Core.open(db_path) as core:
        note_id = fill(core, "Antes")
        backup = core.backups.backup_now()
        expected = dump(backup.path)
        # then the user changes things
        event = core.events.list()[0].event
        core.events.update(replace(event, title="Después"))
        core.notes.add_item(note_id, "highlights", body=RichText.plain("Nuevo"))
        core.notes.remove_item(core.notes.get(note_id).items[0].id)
        changed = dump(db_path)
    assert changed != expected
    result = restore_backup(db_path)
    assert result.restored.path == backup.path  # the latest good backup
    assert sha(db_path) == sha(backup.path)  # byte for byte
    assert dump(db_path) == expected
    assert result.safety_backup is not None and dump(result.safety_backup.path) == changed
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    with Core.open(db_path) as core:
        assert core.events.list()[0].event.title == "Antes"
        assert [i.body.to_plain() for i in core.notes.get(note_id).items] == [f"Punto {i} sobre migración" for i in range(3)]
        assert [h.item_id for e in core.search.search("nuevo").events for s in e.sections for h in s.hits] == []


def test_restore_refuses_while_the_database_is_open(db_path):
    with Core.open(db_path) as core:
        fill(core)
        core.backups.backup_now()
        fill(core, "Otro")
        before = dump(db_path)
        with pytest.raises(BackupFailed, match="open in another program"):
            restore_backup(db_path)
        assert dump(db_path) == before


def test_corrupt_database_is_detected_never_written_and_restored(db_path, capsys):
    with Core.open(db_path) as core:
        fill(core, "Bueno")
        good = core.backups.backup_now()
        fill(core, "Perdido")  # written after the backup: lost with the damage
    damage(db_path)
    digest = sha(db_path)
    with pytest.raises(CorruptDatabaseError) as info:
        Core.open(db_path)
    message = str(info.value)
    assert "\n" not in message and good.name in message and "notetaker --db" in message
    assert info.value.backup == good
    assert sha(db_path) == digest  # never written

    # a backup of the damaged file is refused and the good backups stay
    with pytest.raises(BackupError, match="damaged|malformed"):
        BackupStore(db_path).create("auto", keep=1)
    assert BackupStore(db_path).list() == [good]

    # the command line names the backup in one line, and restores it
    assert main(["--db", str(db_path), "list"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and good.name in err
    assert sha(db_path) == digest
    assert main(["--db", str(db_path), "restore"]) == 0
    out = capsys.readouterr().out
    aside = [p for p in db_path.parent.iterdir() if ".damaged-" in p.name and p.suffix == db_path.suffix]
    assert len(aside) == 1 and sha(aside[0]) == digest and aside[0].name in out  # kept aside, intact
    assert sha(db_path) == sha(good.path)
    with Core.open(db_path) as core:
        assert [e.event.title for e in core.events.list()] == ["Bueno"]


def test_damaged_header_counts_as_corrupt(db_path):
    with Core.open(db_path) as core:
        fill(core)
        core.backups.backup_now()
    data = bytearray(db_path.read_bytes())
    data[0:16] = bytes(b ^ 0x5A for b in data[0:16])
    db_path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        Core.open(db_path)
    assert bytes(data) == db_path.read_bytes()


def test_corrupt_without_backup_says_so(db_path):
    with Core.open(db_path) as core:
        fill(core)
    damage(db_path)
    with pytest.raises(CorruptDatabaseError, match="No backup was found") as info:
        Core.open(db_path)
    assert info.value.backup is None
    with pytest.raises(BackupFailed, match="no usable backup"):
        restore_backup(db_path)
    assert db_path.exists()


def test_restore_list_and_choice_by_number(db_path, capsys):
    with Core.open(db_path) as core:
        fill(core, "Uno")
        first = core.backups.backup_now()
        fill(core, "Dos")
        core.backups.backup_now()
    assert main(["--db", str(db_path), "restore", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split()[0] == "2" and first.name in lines[1]
    assert main(["--db", str(db_path), "restore", "2"]) == 0
    with Core.open(db_path) as core:
        assert [e.event.title for e in core.events.list()] == ["Uno"]
    assert main(["--db", str(db_path), "restore", "nonexistent.sqlite3"]) == 1


def test_corrupt_database_cli_in_a_subprocess_leaves_the_file_alone(db_path, tmp_path):
    with Core.open(db_path) as core:
        fill(core)
        backup = core.backups.backup_now()
    damage(db_path)
    digest = sha(db_path)
    proc = subprocess.run(
        [sys.executable, "-m", "notetaker", "--db", str(db_path), "search", "migracion"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "NOTETAKER_DATA_DIR": str(tmp_path / "data")},
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and backup.name in proc.stderr and "damaged" in proc.stderr
    assert sha(db_path) == digest
