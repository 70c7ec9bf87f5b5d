"""The rapporteur's view and the import preview, on a real window and real files.

Four notetakers' files of the seed-003 note (overlapping turns, paraphrased
duplicates) are imported through the preview, compared side by side and
merged from the keyboard.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from notetaker.core import Core
from notetaker.demo import load_demo
from notetaker.domain import NoteStatus
from notetaker.merge import DecisionKind, Resolution
from tests.support.four_notetakers import split_into_files
from ui.merge.import_dialog import ImportDialog
from ui.merge.rapporteur import COLORS, RESOLVED_COLOR, RapporteurView

HOSTILE = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"


@pytest.fixture
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    with Core.open(folder / "source.sqlite3") as source:
        note = source.notes.get(load_demo(source).note_id)
        return split_into_files(source, note, folder)


def _import(ctx, qtbot, paths) -> ImportDialog:
    dialog = ImportDialog(ctx, paths)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_says_what_each_file_does_and_imports_in_one_go(ctx, qtbot, files, db_path):
    dialog = _import(ctx, qtbot, [*files, HOSTILE / "zip-slip.sidenotes"])
    assert dialog.files.count() == 5
    assert "24" not in dialog.files.item(0).text() and "new note" in dialog.files.item(0).text()
    assert "zip" in dialog.files.item(4).text() and dialog.import_button.isEnabled()
    assert ctx.core.events.list() == []  # the preview wrote nothing
    plans = dialog.import_files()
    assert len(plans) == 4 and dialog.result() == dialog.DialogCode.Accepted
    assert len(ctx.core.events.list()[0].notes) == 4
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    again = _import(ctx, qtbot, files)
    assert "already" in again.summary.text()
    again.import_files()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_only_refused_files_cannot_be_imported(ctx, qtbot):
    dialog = _import(ctx, qtbot, [HOSTILE / "newer-schema.sidenotes"])
    assert not dialog.import_button.isEnabled()
    assert "schema version 2" in dialog.files.item(0).text()


@pytest.fixture
def view(ctx, qtbot, files):
    _import(ctx, qtbot, files).import_files()
    event_id = ctx.core.events.list()[0].event.id
    v = RapporteurView(ctx, ctx.core.events.get(event_id))
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    v.files.update({})
    return v


def test_side_by_side_per_section_with_duplicates_highlighted(view):
    assert view.table.columnCount() == 5  # four notetakers and the decision
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert sorted(h.split("\n")[0] for h in headers) == sorted(
        ["Marisol Aguilar", "Ericka Guevara", "Sara Rivas", "Silvia Urbina"])
    assert view.current_section() == "highlights"
    assert view.table.rowCount() == 9  # nine points, five of them caught twice
    highlighted = [r for r in range(view.table.rowCount())
                   if view.table.item(r, 0).background().color() == COLORS[DecisionKind.DUPLICATE]]
    assert len(highlighted) == 5
    assert view.open_count() == 8
    texts = [view.table.item(highlighted[0], c).text() for c in range(4)]
    assert sum(1 for t in texts if t) == 2  # two notetakers wrote that point


def test_keyboard_decisions_and_save(view, ctx):
    table = view.table
    table.setFocus()
    assert view.go_to_open(1)
    first = view.current_decision()
    QTest.keyClick(table, Qt.Key.Key_A)  # accept the proposal
    assert view.choices[first.id].resolution is Resolution.ACCEPT
    second = view.current_decision()  # moved on to the next open decision
    assert second is not None and second.id != first.id
    QTest.keyClick(table, Qt.Key.Key_K)  # keep both
    assert view.choices[second.id].resolution is Resolution.KEEP_ALL
    third = view.current_decision()
    QTest.keyClick(table, Qt.Key.Key_2)  # keep the second candidate only
    assert view.choices[third.id] .keep == 1
    fourth = view.current_decision()
    QTest.keyClick(table, Qt.Key.Key_D)  # drop
    assert view.choices[fourth.id].resolution is Resolution.DROP
    fifth = view.current_decision()
    view.edit_current("An edited point.")
    assert view.choices[fifth.id].resolution is Resolution.EDIT
    row = [r for r in range(table.rowCount()) if view.section_rows()[r].decisions[:1] == (fifth.id,)]
    if row:
        assert table.item(row[0], 0).background().color() == RESOLVED_COLOR
    assert view.open_count() == 3

    ctx.alerts.answer = True  # "3 decisions are still open ... save anyway?"
    QTest.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = view.saved
    assert saved is not None and saved.status is NoteStatus.MERGED
    assert ctx.alerts.questions and "3 decisions" in ctx.alerts.questions[-1]
    # 24 points, +1 kept twice, -1 dropped
    assert len(saved.items) == 24
    assert any(i.body.to_plain() == "An edited point." for i in saved.items)
    sources = [n for n in ctx.core.events.list()[0].notes if n.id != saved.id]
    assert all(n.locked for n in sources)
    assert not ctx.core.notes.get(saved.id).locked


def test_declining_to_save_with_open_decisions_saves_nothing(view, ctx):
    ctx.alerts.answer = False
    assert view.save() is None
    assert len(ctx.core.events.list()[0].notes) == 4


def test_sources_can_be_unchecked_and_files_added(view, ctx, qtbot, files):
    item = view.sources_list.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert len(view.merged.sources) == 3
    dialog = view.add_files([str(files[0])])
    dialog.import_files()
    assert len(view.merged.sources) == 4
    assert any(s.file == files[0].name for s in view.merged.sources)


def test_the_edit_dialog_sets_the_text(view, qtbot):
    view.table.setFocus()
    view.go_to_open(1)
    dialog = view.edit_current()
    dialog.editor.setPlainText("Rewritten by the rapporteur.")
    dialog.accept()
    d = [c for c in view.choices.values() if c.resolution is Resolution.EDIT]
    assert d and d[0].body.to_plain() == "Rewritten by the rapporteur."


def _drop(window, paths):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(10, 10)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_exchange_actions_on_any_main_window(ctx, qtbot, files, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from ui.menus import MenuBar
    from ui.merge.actions import ExchangeActions

    window = QMainWindow()
    window.ctx = ctx
    qtbot.addWidget(window)
    menus = MenuBar(window)
    actions = ExchangeActions(window)
    actions.install_menus(menus)
    assert [a.text() for a in menus.menus["merge"].actions()] == [
        "&Import Notes…", "&Export Note for Exchange…", "&Merge Notes of the Event…"]
    # dropping a text file is not taken; dropping exchange files opens their preview
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert _drop(window, [other]) == (False, False)
    assert actions.dialog is None
    entered, dropped = _drop(window, files)
    assert entered and dropped
    preview = actions.dialog
    assert isinstance(preview, ImportDialog) and preview.files.count() == 4
    preview.import_files()
    assert len(ctx.core.events.list()[0].notes) == 4


def test_the_main_window_imports_exports_and_merges(ctx, qtbot, files, tmp_path):
    from ui.main_window import MainWindow
    from ui.models import EVENT, NOTE

    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    menus = [a.text() for a in main.menuBar().actions()]
    assert "&Merge" in menus
    # drop the four files on the window: the preview, then the import
    assert _drop(main, files) == (True, True)
    main.exchange.dialog.import_files()
    event = ctx.core.events.list()[0]
    assert len(event.notes) == 4
    # export one note for exchange (the selected one)
    main.select((NOTE, event.notes[0].id))
    main.tree.setFocus()
    out = main.exchange.export_note(tmp_path / "again.sidenotes")
    assert out is not None and out.read_bytes().startswith(b"{")
    # merge the event's notes: the rapporteur view, keyboard shortcut on the window
    main.select((EVENT, event.event.id))
    main.exchange.merge_action.trigger()
    view = main.exchange.dialog
    assert isinstance(view, RapporteurView) and len(view.merged.sources) == 4
    ctx.alerts.answer = True
    saved = view.save()
    assert saved is not None and saved.status is NoteStatus.MERGED
    main.refresh()
    assert len(ctx.core.events.list()[0].notes) == 5


def test_a_merged_file_imported_with_open_decisions_is_decided_here(ctx, qtbot, files, tmp_path):
    from notetaker.cli import main

    merged = tmp_path / "merged.sidenotes"
    assert main(["--db", str(tmp_path / "cli.sqlite3"), "merge", *map(str, files), "-o", str(merged)]) == 3
    dialog = _import(ctx, qtbot, [merged])
    assert "8 open decisions kept for the rapporteur" in dialog.files.item(0).text()
    (plan,) = dialog.import_files()
    v = RapporteurView(ctx, ctx.core.events.get(plan.event_id), [plan.note_id])
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    assert v.open_count() == 7  # the duplicates the merge left open (its text bodies were joined)
    assert v.table.horizontalHeaderItem(0).text().split("\n")[1] == "merged.sidenotes"
    assert v.save_button.isEnabled()  # one note, with decisions to make: a new merged note
    assert v.go_to_open(1)
    while v.current_decision().default is not Resolution.ACCEPT:  # one proposed as a single point
        assert v.go_to_open(1, wrap=False)
    assert v.decide(Resolution.KEEP_ALL)  # but both are kept
    assert v.open_count() == 6
    ctx.alerts.answer = True  # the six others as proposed
    saved = v.save()
    assert saved is not None and saved.merged_from == (ctx.core.notes.get(plan.note_id).uid,)
    assert len(saved.items) == 25  # each point once, one of them twice
    assert ctx.core.notes.get(plan.note_id).locked


def test_headers_name_the_files_of_notes_imported_earlier(view, ctx, qtbot):
    later = RapporteurView(ctx, view.meeting)  # another session: nothing imported in this one
    qtbot.addWidget(later)
    headers = [later.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert sorted(h.split("\n")[1] for h in headers) == [
        "ericka.sidenotes", "marisol.sidenotes", "sara.sidenotes", "silvia.sidenotes"]
