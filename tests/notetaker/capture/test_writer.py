"""The background writer and the store it writes through."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from datetime import UTC, datetime

from sqlalchemy.exc import OperationalError

from notetaker.capture.batch import Batch
from notetaker.capture.recovery import RecoveryFile
from notetaker.capture.writer import Writer
from notetaker.domain import Item
from notetaker.richtext import RichText


def new_item(text: str, section: str = "highlights", **kw) -> Item:
    return Item(None, section, RichText.plain(text), uid=str(uuid.uuid4()), **kw)


def test_the_store_inserts_updates_orders_and_removes_by_uid(core, note, store):
    when = datetime(2022, 5, 19, 18, 31, tzinfo=UTC)
    a = new_item("Primero", delegations=("GT", "IOM"), spoken_at=when, author="Ana", on_behalf_of="RCM")
    b = new_item("Segundo")
    batch = Batch()
    batch.put_item(note.id, a)
    batch.put_item(note.id, b)
    batch.put_order(note.id, "highlights", (b.uid, a.uid))
    batch.put_note(note.id, notetakers=["Ana", " Luis "], clock_started_at=when)
    batch.put_state("last_note", note.id)
    result = store.apply(batch)
    assert result.dropped == [] and note.id in result.changes.notes and len(result.changes.items) == 2
    saved = core.notes.get(note.id)
    items = saved.section_items("highlights")
    assert [i.body.to_plain() for i in items] == ["Segundo", "Primero"]
    assert items[1].delegations == ("GT", "IOM") and items[1].on_behalf_of == "RCM"
    assert items[1].spoken_at == when and items[1].author == "Ana" and items[1].uid == a.uid
    assert saved.notetakers == ("Ana", "Luis") and saved.clock_started_at == when
    assert core.state.get("last_note") == note.id

    again = Batch()
    again.put_item(note.id, Item(None, "highlights", RichText.plain("Primero, corregido"), ("SV",), uid=a.uid))
    again.remove_item(note.id, b.uid)
    again.put_order(note.id, "highlights", (a.uid,))
    store.apply(again)
    [only] = core.notes.get(note.id).section_items("highlights")
    assert only.body.to_plain() == "Primero, corregido" and only.delegations == ("SV",) and only.position == 0


def test_refused_edits_are_dropped_and_the_rest_is_written(core, note, store):
    good = new_item("bien")
    bad = new_item("mal", delegations=("NOPE",))
    batch = Batch()
    batch.put_item(note.id, good)
    batch.put_item(note.id, bad)
    batch.put_item(note.id + 99, new_item("nota borrada"))
    result = store.apply(batch)
    assert len(result.dropped) == 2
    assert [i.body.to_plain() for i in core.notes.get(note.id).section_items("highlights")] == ["bien"]
    core.notes.update(note.id, locked=True)
    locked = Batch()
    locked.put_item(note.id, new_item("tarde"))
    assert "locked" in store.apply(locked).dropped[0]


class FlakyStore:
    """Fails while ``failing`` is set, like a full disk, then writes through the real store."""

    def __init__(self, store):
        self.store = store
        self.failing = threading.Event()
        self.calls = 0

    def apply(self, batch):
        self.calls += 1
        if self.failing.is_set():
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
        return self.store.apply(batch)


def test_the_writer_keeps_edits_through_a_failure_spills_them_and_resumes(core, note, store, tmp_path, monkeypatch):
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(tmp_path / "recovery"))
    flaky = FlakyStore(store)
    statuses, saved = [], []
    recovery = RecoveryFile(core.db.path)
    writer = Writer(flaky, recovery, on_status=statuses.append, on_saved=saved.append, backoff=(0.05, 0.1)).start()
    try:
        item = new_item("uno")
        writer.put_item(note.id, item)
        assert writer.flush(5)
        assert saved and not writer.pending

        flaky.failing.set()
        for text in ("uno dos", "uno dos tres"):
            item = Item(None, "highlights", RichText.plain(text), uid=item.uid)
            writer.put_item(note.id, item)
        assert not writer.flush(5)
        assert writer.failing and statuses[-1].ok is False
        assert "disk is full" in statuses[-1].message()
        assert statuses[-1].recovery is not None
        spilled, _files = RecoveryFile(core.db.path).load()
        assert spilled.items[item.uid][1].body.to_plain() == "uno dos tres"
        # Typing goes on while it fails.
        item = Item(None, "highlights", RichText.plain("uno dos tres cuatro"), uid=item.uid)
        writer.put_item(note.id, item)

        flaky.failing.clear()  # space is back: it resumes by itself, no flush needed
        deadline = threading.Event()
        for _ in range(100):
            if not writer.pending and not writer.failing and statuses[-1].ok:
                break  # the "saving again" status follows the flag from the writer thread
            deadline.wait(0.05)
        assert not writer.failing and statuses[-1].ok
        assert RecoveryFile(core.db.path).existing() == []
    finally:
        stopped = writer.stop(5)
    assert stopped
    [saved_item] = core.notes.get(note.id).section_items("highlights")
    assert saved_item.body.to_plain() == "uno dos tres cuatro"


def test_stop_while_failing_leaves_the_edits_in_the_recovery_file(core, note, store, tmp_path, monkeypatch):
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(tmp_path / "recovery"))
    flaky = FlakyStore(store)
    flaky.failing.set()
    writer = Writer(flaky, RecoveryFile(core.db.path), backoff=(0.05,)).start()
    item = new_item("no se pierde")
    writer.put_item(note.id, item)
    assert not writer.stop(1)
    recovered, files = RecoveryFile(core.db.path).load()
    assert files and recovered.items[item.uid][1].body.to_plain() == "no se pierde"
    # The next start applies it.
    second = Writer(store).start()
    second.put_batch(recovered)
    assert second.stop(5)
    assert core.notes.get(note.id).section_items("highlights")[0].body.to_plain() == "no se pierde"


