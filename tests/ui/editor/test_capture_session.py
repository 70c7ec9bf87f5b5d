"""A whole session captured without the mouse; focus order follows reading order; live counts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.support.capture import focused, make_note, open_window, press
from tests.support.keyboard import type_text


def pick_first(qtbot, field, typed):
    type_text(field, typed)
    qtbot.waitUntil(field.completer_popup.isVisible, timeout=1000)
    QTest.keyClick(field.completer_popup, Qt.Key.Key_Return)


def test_a_whole_session_without_the_mouse(qtbot, ctx):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    editor.commands.focus_first_empty()  # where `notetaker open NOTE_ID` puts the keyboard
    assert focused() is editor.section("highlights").rows[0].body
    press("F5")  # the session starts

    # Highlights: text, F4, delegation, Enter back, Enter at the end for the next.
    type_text(focused(), "La migración debe abordarse como región")
    press("F4")
    pick_first(qtbot, focused(), "crm")  # Enter takes it and goes back to the text
    assert focused() is editor.section("highlights").rows[0].body
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # at the end of the text: the next highlight
    type_text(focused(), "Apoyo técnico y financiero")
    press("F4")
    pick_first(qtbot, focused(), "oim")

    # Relay: the second notetaker takes over for the interventions.
    press("F8")
    press("F3")
    pick_first(qtbot, focused(), "gua")  # then straight to the text
    type_text(focused(), "Más allá de una evaluación cada 4 años")
    press("F3")
    pick_first(qtbot, focused(), "el sal")
    type_text(focused(), "Destaca las políticas")

    # The summary, then the next section of it.
    press("F7")
    type_text(focused(), "Introducción del evento paralelo.")
    press("F6")
    press("F6")
    assert editor.keyboard.current_section.key == "regional_prioritization"
    type_text(focused(), "Prioridades regionales.")
    press("Shift+F6")
    assert editor.keyboard.current_section.key == "regional_context"
    press("Enter")  # its Add button
    type_text(focused(), "En 2021, más de 130,000 personas migrantes")

    assert editor.ctx.sync(5)
    saved = ctx.core.notes.get(note.id)
    highlights = saved.section_items("highlights")
    assert [(h.body.to_plain(), h.delegations, h.author) for h in highlights] == [
        ("La migración debe abordarse como región", ("RCM",), "Marisol Aguilar"),
        ("Apoyo técnico y financiero", ("IOM",), "Marisol Aguilar"),
    ]
    floor = saved.section_items("floor_interventions")
    assert [(i.delegations, i.author) for i in floor] == [(("GT",), "Ericka Guevara"), (("SV",), "Ericka Guevara")]
    assert all(i.spoken_at is not None for i in floor)
    assert saved.section_items("introduction")[0].body.to_plain() == "Introducción del evento paralelo."
    assert saved.section_items("regional_prioritization")[0].body.to_plain() == "Prioridades regionales."
    assert saved.section_items("regional_context")[0].body.to_plain() == "En 2021, más de 130,000 personas migrantes"
    assert saved.clock_started_at is not None


def test_tab_order_follows_the_reading_order(qtbot, ctx):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    for _ in range(3):
        editor.commands.new_highlight()
    first = editor.section("highlights").rows[0]
    editor.commands.add_item("highlights", after=first.uid)  # inserted in the middle: still in order
    editor.commands.new_intervention()
    chain = editor.keyboard.focus_chain()
    editor.notetakers.setFocus()
    visited = [focused()]
    for _ in range(len(chain) - 1):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
    assert visited == chain

    def place(widget):
        point = widget.mapTo(editor, QPoint(0, 0))
        return point.y(), point.x()

    rows_only = [w for w in chain if w is not editor.notetakers]
    positions = [place(w) for w in rows_only]
    for (y1, x1), (y2, x2) in zip(positions, positions[1:], strict=False):
        assert y2 > y1 or (abs(y2 - y1) < 30 and x2 > x1), "Tab goes back up or left"


def test_live_word_counts_per_section_and_for_the_summary(qtbot, ctx):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    row = editor.commands.new_highlight()
    type_text(row.body, "follow-up on the 2021 figures – 130,000 people")
    highlights = editor.section("highlights").heading
    assert highlights.counter.text() == "7 words"  # hyphenated: one word; numbers count; "–" does not
    [summary] = editor.headings
    assert summary.counter.text() == "0 / 500 words"  # highlights are not in the summary
    intro = editor.section("introduction").editor_widget
    intro.setFocus()
    type_text(intro, "Uno, dos; tres.")
    assert editor.section("introduction").heading.counter.text() == "3 words"
    assert summary.counter.text() == "3 / 500 words"
    assert not summary.warning.isVisibleTo(editor)
    intro.insertPlainText(" palabra" * 498)
    assert summary.counter.text() == "501 / 500 words"
    assert summary.warning.isVisibleTo(editor) and "by 1 words" in summary.warning.text()
    QApplication.processEvents()
