"""Disk full, for real: a file-size limit (RLIMIT_FSIZE) in a subprocess makes SQLite fail.

Typing goes on (edits keep being accepted), the status says saving fails, the
pending edits are spilled to a recovery file elsewhere, and when the limit is
lifted ("space returns") saving resumes by itself and nothing is lost. A process
that dies while saving fails leaves its edits in the recovery file, and the
next start applies them.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from notetaker.capture.recovery import RecoveryFile
from notetaker.capture.writer import Writer
from notetaker.core import Core
from notetaker.domain import Event
from notetaker.services.capture import CaptureStore

REPO = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent(
    r"""
    import json, os, resource, signal, sqlite3, sys, time, uuid
    from notetaker.capture.recovery import RecoveryFile
    from notetaker.capture.writer import Writer
    from notetaker.domain import Item
    from notetaker.richtext import RichText
    from notetaker.services.capture import CaptureStore
    from notetaker.storage.items import ItemStore
    from notetaker.templates import TemplateLibrary

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    db, note_id, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    statuses = []
    store = CaptureStore(ItemStore("sqlite:///" + db, TemplateLibrary.load()))
    writer = Writer(store, RecoveryFile(db), on_status=statuses.append, backoff=(0.05, 0.1, 0.2)).start()
    texts = {}

    def type_into(uid, text):
        texts[uid] = text
        writer.put_item(note_id, Item(None, "highlights", RichText.plain(text), uid=uid))

    first = str(uuid.uuid4())
    type_into(first, "Antes del disco lleno")
    assert writer.flush(10)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = os.path.getsize(db)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # the disk is full now: the WAL cannot grow

    uids = [str(uuid.uuid4()) for _ in range(8)]
    for round_ in range(3):  # typing goes on
        for i, uid in enumerate(uids):
            type_into(uid, f"Punto {i} ronda {round_}: la migración segura, ordenada y regular.")
    flushed = writer.flush(10)
    deadline = time.monotonic() + 10
    while not (statuses and statuses[-1].recovery) and time.monotonic() < deadline:
        time.sleep(0.05)
    failing = writer.failing
    status = statuses[-1] if statuses else None
    recovery = str(status.recovery) if status and status.recovery else None
    type_into(first, "Antes del disco lleno, y después")  # still typing while it fails
    time.sleep(0.5)
    out = {"flushed_while_full": flushed, "failing": failing, "message": status.message() if status else "",
           "recovery": recovery, "texts": texts}
    if mode == "die":
        deadline = time.monotonic() + 5
        while RecoveryFile(db).load()[0].items.get(first, (0, Item(None, "")))[1].body.to_plain() != texts[first]:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        print(json.dumps(out), flush=True)
        os._exit(0)  # dies while saving fails: the recovery file is all that is left
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # space returns
    deadline = time.monotonic() + 15
    while (writer.failing or writer.pending) and time.monotonic() < deadline:
        time.sleep(0.05)  # no flush: it must resume by itself
    out["resumed"] = not writer.failing and not writer.pending
    out["ok_status"] = bool(statuses and statuses[-1].ok)
    out["recovery_left"] = [str(p) for p in RecoveryFile(db).existing()]
    out["stopped"] = writer.stop(10)
    print(json.dumps(out), flush=True)
    """
)


@pytest.fixture
def setup(tmp_path, monkeypatch):
    db = tmp_path / "data" / "notes.sqlite3"
    recovery_dir = tmp_path / "recovery"
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(recovery_dir))
    with Core.open(db) as core:
        event = core.events.create(Event(None, "Evento paralelo")).value
        note = core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
    return db, note.id, recovery_dir


def run_child(db: Path, note_id: int, mode: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(note_id), mode],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def saved_texts(db: Path, note_id: int) -> dict[str, str]:
    with Core.open(db) as core:
        return {i.uid: i.body.to_plain() for i in core.notes.get(note_id).items}


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_a_full_disk_keeps_typing_spills_and_resumes_by_itself(setup):
    db, note_id, recovery_dir = setup
    out = run_child(db, note_id, "resume")
    assert not out["flushed_while_full"] and out["failing"]
    assert "Saving is failing" in out["message"] and "resumes by itself" in out["message"]
    assert out["recovery"] and Path(out["recovery"]).parent == recovery_dir
    assert out["resumed"] and out["ok_status"] and out["stopped"]
    assert out["recovery_left"] == []
    assert integrity(db) == "ok"
    assert saved_texts(db, note_id) == out["texts"]  # nothing lost, the last version of each


def test_edits_of_a_process_that_died_while_the_disk_was_full_are_applied_at_the_next_start(setup):
    db, note_id, _recovery_dir = setup
    out = run_child(db, note_id, "die")
    assert out["failing"] and out["recovery"]
    assert integrity(db) == "ok"
    recovered, files = RecoveryFile(db).load()
    assert files
    with Core.open(db) as core:
        writer = Writer(CaptureStore.for_core(core)).start()
        writer.put_batch(recovered)
        assert writer.stop(10)
    RecoveryFile(db).remove()
    assert saved_texts(db, note_id) == out["texts"]
    assert integrity(db) == "ok"
