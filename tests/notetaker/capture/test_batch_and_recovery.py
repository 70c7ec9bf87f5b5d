"""Pending edits: coalescing, folding a failed batch back, the recovery file."""

from __future__ import annotations

from datetime import UTC, datetime

from notetaker.capture.batch import Batch
from notetaker.capture.recovery import RecoveryFile
from notetaker.domain import Item
from notetaker.richtext import RichText


def item(uid: str, text: str, **kw) -> Item:
    return Item(None, kw.pop("section", "highlights"), RichText.plain(text), uid=uid, **kw)


def test_newer_snapshots_replace_older_ones_and_removals_cancel_them():
    b = Batch()
    b.put_item(1, item("a", "one"))
    b.put_item(1, item("a", "one two"))
    b.put_item(1, item("b", "x"))
    b.remove_item(1, "b")
    assert [i.body.to_plain() for _n, i in b.items.values()] == ["one two"]
    assert b.removed == {"b": 1}
    b.put_item(1, item("b", "back"))
    assert "b" not in b.removed and len(b) == 2


def test_a_failed_batch_goes_back_under_newer_edits():
    failed = Batch()
    failed.put_item(1, item("a", "old"))
    failed.put_item(1, item("c", "kept"))
    failed.put_note(1, notetakers=["Ana"], clock_started_at=None)
    failed.put_state("last_note", 1)
    newer = Batch()
    newer.put_item(1, item("a", "new"))
    newer.put_note(1, notetakers=["Ana", "Luis"])
    newer.remove_item(1, "c")
    newer.absorb_older(failed)
    assert newer.items["a"][1].body.to_plain() == "new"
    assert "c" not in newer.items and newer.removed == {"c": 1}
    assert newer.notes[1] == {"notetakers": ["Ana", "Luis"], "clock_started_at": None}
    assert newer.state == {"last_note": 1}


def test_json_round_trip_keeps_everything():
    when = datetime(2022, 5, 19, 18, 31, 4, tzinfo=UTC)
    b = Batch()
    b.put_item(3, item("u1", "Migración segura", delegations=("GT", "IOM"), spoken_at=when, author="Ana", on_behalf_of="RCM"))
    b.remove_item(3, "u2")
    b.put_order(3, "highlights", ("u1",))
    b.put_note(3, notetakers=["Ana"], clock_started_at=when, clock_paused_at=None)
    b.put_state("last_section", {"note": 3, "section": "highlights"})
    back, meta = Batch.from_json(b.to_json(database="/x"))
    assert meta["database"] == "/x"
    assert back.items["u1"] == (3, b.items["u1"][1])
    assert back.removed == b.removed and back.orders == b.orders
    assert back.notes == b.notes and back.state == b.state


def test_recovery_file_prefers_another_folder_and_is_found_again(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(tmp_path / "elsewhere"))
    db = tmp_path / "data" / "notes.sqlite3"
    db.parent.mkdir()
    recovery = RecoveryFile(db)
    b = Batch()
    b.put_item(1, item("a", "texto"))
    path = recovery.write(b)
    assert path is not None and path.is_file()
    loaded, files = RecoveryFile(db).load()
    assert files == [path]
    assert loaded.items["a"][1].body.to_plain() == "texto"
    assert RecoveryFile(tmp_path / "other.sqlite3").load()[1] == []  # another database's file is not ours
    recovery.remove()
    assert RecoveryFile(db).existing() == []


def test_an_unwritable_folder_falls_back_to_the_next(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(blocker / "sub"))
    recovery = RecoveryFile(tmp_path / "notes.sqlite3")
    b = Batch()
    b.put_state("k", 1)
    path = recovery.write(b)
    assert path is not None and blocker not in path.parents
    recovery.remove()
