"""The search panel, the automatic backups, restoring from the GUI and a damaged database at start."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from notetaker.core import Core
from notetaker.domain import Event
from notetaker.richtext import RichText
from notetaker.services.backups import BackupSettings
from notetaker.services.search import SearchHit
from notetaker.storage.db import CorruptDatabaseError
from tests.support.alerts import RecordingAlerts
from ui.recovery import AutoBackup, open_or_recover, restore_from_backup
from ui.search.panel import HTML_ROLE, ITEM_ROLE, KIND_ROLE, NOTE_ROLE, SearchPanel, snippet_html


def make_note(core, title="Taller regional", series="RCM"):
    event = core.events.create(Event(None, title=title, series=series, starts_at=datetime(2022, 5, 19, 18, tzinfo=UTC))).value
    return core.notes.create(event.id, "imrf-side-event", ["Marisol"]).value


def add(core, note, text, delegations=("GT",), section="highlights"):
    return core.notes.add_item(note.id, section, body=RichText.plain(text), delegations=list(delegations)).value


def rows(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        yield index
        yield from rows(model, index)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_snippet_html_highlights_and_escapes():
    hit = SearchHit(1, 2, 3, "highlights", "<b>migración</b> & más", ((3, 12),), ("GT",))
    markup = snippet_html(hit)
    assert "&lt;b&gt;" in markup and "&amp; más" in markup and "<script" not in markup
    assert ">migración</span>" in markup and markup.startswith('<span style="color:#555">[GT]</span>')


def test_panel_groups_results_highlights_and_opens_the_note(qtbot, ctx, core):
    note = make_note(core)
    item = add(core, note, "La migración ordenada es prioritaria")
    add(core, note, "Retorno seguro", ("HN",))
    panel = SearchPanel(ctx)
    qtbot.addWidget(panel)
    panel.query.setText("migracion")
    qtbot.waitUntil(lambda: panel.results() is not None, timeout=3000)  # debounced search as one types
    kinds = [(i.data(KIND_ROLE), i.data(NOTE_ROLE), i.data(ITEM_ROLE)) for i in rows(panel.model)]
    assert kinds == [("event", None, None), ("section", note.id, None), ("hit", note.id, item.id)]
    hit_index = list(rows(panel.model))[2]
    assert ">migración</span>" in hit_index.data(HTML_ROLE)
    assert panel.status.text() == "1 match in 1 event."
    with qtbot.waitSignal(panel.note_requested) as signal:
        panel.view.activated.emit(hit_index)
    assert signal.args == [note.id, item.id]


def test_panel_filters_and_query_errors_stay_in_the_panel(qtbot, ctx, core, alerts):
    note = make_note(core)
    gt = add(core, note, "Dijo algo", ("GT",))
    add(core, note, "Otra cosa", ("MX",))
    panel = SearchPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_delegation("GT")
    panel.run_search()  # empty text, a filter: everything Guatemala said
    hits = [i.data(ITEM_ROLE) for i in rows(panel.model) if i.data(KIND_ROLE) == "hit"]
    assert hits == [gt.id]
    panel.query.setText('roto "sin cerrar')
    panel.run_search()
    assert panel.results() is None and "quotation" in panel.status.text()
    assert alerts.shown == []  # no dialog for a typo
    assert panel.series.findData("RCM") > 0


def test_auto_backup_at_start_and_after_minutes_of_editing(qtbot, ctx, core):
    core.backups.settings = BackupSettings(interval_minutes=0.0001, keep=3)
    auto = AutoBackup(ctx, check_every_ms=50, start_delay_ms=0)
    made = []
    auto.made.connect(made.append)
    auto.start()
    qtbot.waitUntil(lambda: len(made) == 1, timeout=5000)
    assert made[0].reason == "start"
    note = make_note(core)
    ctx.run(core.notes.add_item, note.id, "highlights", body=RichText.plain("Editado"))  # ctx.changed: an edit
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made[1].reason == "auto"
    auto.stop()
    assert auto.wait()


def test_restore_from_the_window_brings_back_the_backup(qtbot, ctx, core, alerts, db_path):
    from ui.main_window import MainWindow

    note = make_note(core, "Antes")
    add(core, note, "Punto guardado")
    backup = core.backups.backup_now()
    add(core, note, "Punto perdido")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.open_note(note.id)
    old_core = ctx.core
    alerts.answer = True
    assert restore_from_backup(window, choose=lambda _ctx, backups, parent: backups[0])
    assert ctx.core is not old_core
    assert [i.body.to_plain() for i in ctx.core.notes.get(note.id).items] == ["Punto guardado"]
    assert window.tabs.count() == 0
    assert any("restored" in a.message for a in alerts.shown)
    kept = [b for b in ctx.core.backups.list() if b.reason == "before-restore"]
    assert len(kept) == 1 and backup in ctx.core.backups.list()
    ctx.core.close()


def damage(path):
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):
        for i in range(start, start + 12):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("accept", [True, False])
def test_damaged_database_at_start_offers_the_latest_good_backup(qapp, tmp_path, accept):
    path = tmp_path / "notes.sqlite3"
    with Core.open(path) as core:
        make_note(core, "Bueno")
        good = core.backups.backup_now()
    damage(path)
    digest = sha(path)
    alerts = RecordingAlerts()
    alerts.answer = accept
    if not accept:
        with pytest.raises(CorruptDatabaseError):
            open_or_recover(str(path), alerts)
        assert sha(path) == digest
        return
    with open_or_recover(str(path), alerts) as core:
        assert [e.event.title for e in core.events.list()] == ["Bueno"]
    assert "damaged" in alerts.questions[0] and good.created_at.astimezone().strftime("%Y-%m-%d") in alerts.questions[0]
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite3"]
    assert len(aside) == 1 and sha(aside[0]) == digest


def test_search_actions_in_the_main_window(qtbot, ctx, core):
    from ui.main_window import MainWindow
    from ui.search.actions import SearchActions

    note = make_note(core)
    item = add(core, note, "La migración ordenada")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    actions = window.finder
    assert isinstance(actions, SearchActions)
    assert {actions.find_action, actions.restore_action} <= set(window.menus.menus["file"].actions())
    assert actions.find_action.shortcut().toString()  # Ctrl+F (the platform's Find key)
    window.show()
    actions.find_action.trigger()
    assert actions.panel.query.hasFocus() or actions.dock.isVisible()
    actions.panel.query.setText("migracion")
    actions.panel.run_search()
    actions.open_hit(note.id, item.id)
    editor = window.current_editor()
    assert editor is not None and editor.note_id == note.id


def test_the_search_panel_is_made_when_its_dock_first_shows(qtbot, ctx, core, monkeypatch):
    """On a narrow screen the dock starts hidden: its panel is made when it shows (Find, or the
    dock shown otherwise), not at start; on a wide one, at start."""
    from ui.main_window import MainWindow
    from ui.search import actions as search_actions

    monkeypatch.setattr(search_actions, "WIDE_SCREEN", 10**6)  # every screen is narrow
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    finder = window.finder
    assert not finder.dock.isVisible() and finder._panel is None
    finder.dock.show()
    assert finder._panel is not None and finder.dock.widget() is finder._panel
    finder.find_action.trigger()
    assert finder.panel is finder._panel  # (one panel, made once)
    monkeypatch.setattr(search_actions, "WIDE_SCREEN", 0)  # every screen is wide
    wide = MainWindow(ctx)
    qtbot.addWidget(wide)
    assert wide.finder._panel is not None


def test_backup_chooser_lists_newest_first(qtbot, ctx, core):
    from ui.recovery import BackupChooser

    first = core.backups.backup_now()
    make_note(core)
    second = core.backups.backup_now()
    dialog = BackupChooser(ctx)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2 and dialog.selected() == second
    dialog.list.setCurrentIndex(dialog.model.index(1, 0))
    assert dialog.selected() == first
