"""A closed note editor leaves nothing behind for the garbage collector (issue #14, 5).

Each editor freezes its objects (``gc.freeze``: out of the collector's way while it is open);
once it is closed they are given back and collected, and what stays open is frozen again
(notetaker/gcpolicy.py).
"""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from benchmarks.notes_data import build

ITEMS = 300
OPENINGS = 12


@pytest.fixture
def notes(db_path, core):
    """The big note (300 items), and a small one."""
    data = build(db_path, ITEMS + 10, open_note_items=ITEMS, items_per_note=10)
    small = next(n.id for e in core.events.list() for n in e.notes if n.id != data.note_id)
    return data.note_id, small


def idle(qtbot, editor) -> None:
    """Every row built, and what the editor made frozen (its builder's last task)."""
    qtbot.waitUntil(lambda: not editor.builder.busy, timeout=20000)


def test_closed_editors_are_freed_and_nothing_they_froze_stays(qtbot, ctx, notes, window):
    big, small = notes
    kept = window.open_note(small)  # open throughout: its objects stay frozen
    idle(qtbot, kept)
    closed: list[weakref.ref] = []
    frozen: list[int] = []
    for _ in range(OPENINGS):
        editor = window.open_note(big)
        assert editor is not None and len(editor.note.items) == ITEMS
        idle(qtbot, editor)
        closed.append(weakref.ref(editor))
        assert window.close_tab(window.tabs.indexOf(editor))
        del editor
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # deleted
        QApplication.processEvents()  # (the turn after: collected, and the rest frozen again)
        gc.collect()
        frozen.append(gc.get_freeze_count())
    assert sum(ref() is not None for ref in closed) == 0  # (all 12 stayed before)
    # About 3,000 more objects stayed frozen at each opening before: now ten openings leave
    # less than one did (a few caches fill up).
    assert frozen[-1] - frozen[1] < 2500, frozen
    assert frozen[-1] > 0  # the editor still open, and all that lives on, are frozen again
    assert window.editor_for(small) is kept
