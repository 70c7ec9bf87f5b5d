"""A big note opens with only the rows on screen built; the rest follow in idle turns.

Whatever is asked for before then (restoring the position, a search hit, the
first empty entry, ``rows``) is built on the spot, typing is never lost, the
view does not jump while rows are added above it, and the word counts are those
of every item.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtWidgets import QApplication

from benchmarks.notes_data import build
from notetaker.domain import SectionKind
from tests.support.keyboard import type_text
from ui.editor.row_builder import FIRST_ROWS, RowBuilder
from ui.editor.rows import count_texts, item_words, words_in
from ui.editor.sections import WINDOW
from ui.search.panel import focus_item

ITEMS = 400


@pytest.fixture
def big(db_path, core):
    return build(db_path, ITEMS, open_note_items=ITEMS)


def built(editor) -> int:
    return sum(len(s.built_rows()) for s in editor.sections)


def idle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: not editor.builder.busy, timeout=20000)


def laid_out() -> None:
    """The layout requests waiting are handled (as they are before the next paint)."""
    for _ in range(8):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)


def test_only_the_rows_on_screen_are_built_first_then_the_rest(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)
    assert built(editor) == 0  # nothing yet: the first turn builds what shows
    qtbot.wait(1)
    first = built(editor)
    assert 0 < first <= FIRST_ROWS
    idle(qtbot, editor)
    for section in editor.sections:
        expected = 1 if section.spec.kind is SectionKind.TEXT else min(WINDOW, len(section.entries))
        assert len(section.built_rows()) == expected, section.key
        assert section.earlier_button.isVisible() == (len(section.entries) > WINDOW)
    # The word counts are those of every item, counted one by one.
    for section in editor.sections:
        words = sum(
            item_words(e.item, section.spec.kind, editor.speaker_label(e.item), editor.lang)
            for e in section.entries
        )
        assert section.words == words
        assert section.heading.counter.text() == (f"{words} words" if words != 1 else "1 word")


def test_rows_are_laid_out_at_their_width_from_the_start(qtbot, ctx, big, window):
    """A row's text is laid out at the width its section gives it, not first at another one
    (each width is a layout of every line: the first rows are most of the start)."""
    editor = window.open_note(big.note_id)
    widths = {}

    def watch(row) -> None:  # noqa: ANN001
        seen = widths.setdefault(row.uid, [])
        document = row.body.document()
        seen.append(document.textWidth())
        document.documentLayout().documentSizeChanged.connect(lambda *_a: seen.append(document.textWidth()))

    for section in editor.sections:
        original = section._make_row

        def make(entry, original=original):  # noqa: ANN001, ANN202
            row = original(entry)
            watch(row)
            return row

        section._make_row = make
    qtbot.wait(1)  # the first rows are built
    editor.builder.settle()
    assert widths
    for uid, seen in widths.items():
        # Made at the default width of a new widget, then at the row's: never at a third.
        assert len(set(seen[1:])) == 1, (uid, seen)


def test_rows_asked_for_before_they_are_built_are_built_at_once(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)
    interventions = editor.section("floor_interventions")
    early = interventions.entries[3]  # outside the window of rows
    assert early.row is None and interventions.start > 3
    assert editor.keyboard.restore_position({"note": big.note_id, "section": interventions.key, "item": early.item.uid})
    assert early.row is not None and editor.window().focusWidget() is early.row.body
    assert editor.keyboard.current_row is early.row
    # A search hit on an item far from the window.
    highlights = editor.section("highlights")
    hit = highlights.entries[1]
    assert focus_item(editor, hit.item.id)
    assert hit.row is not None and editor.keyboard.current_row is hit.row
    # ``rows`` are every row of the window, built now.
    pillars = editor.section("thematic_pillars")
    assert len(pillars.rows) == len(pillars.entries) - pillars.start
    idle(qtbot, editor)
    assert len(interventions.built_rows()) == len(interventions.entries) - 3


def test_typing_right_after_opening_is_kept(qtbot, ctx, core, big, window):
    editor = window.open_note(big.note_id)
    editor.commands.focus_first_empty()  # the introduction: an empty text section
    row = editor.keyboard.current_row
    assert row is not None and row.spec.key == "introduction"
    type_text(row.body, "Apertura")
    assert row.body.toPlainText() == "Apertura"
    idle(qtbot, editor)
    type_text(row.body, " de la sesión")
    assert editor.ctx.sync(5)
    [intro] = core.notes.get(big.note_id).section_items("introduction")
    assert intro.body.to_plain() == "Apertura de la sesión"
    assert editor.section("introduction").words == 4


def test_the_view_stays_put_while_rows_are_built_above(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)
    regional = editor.section("regional_context")
    row = regional.row_at(len(regional.entries) - 1)
    editor.keyboard.focus_row(row)
    qtbot.wait(1)
    laid_out()
    view = editor.scroll.viewport()
    y = row.body.mapTo(view, row.body.rect().topLeft()).y()
    assert 0 <= y < view.height()
    idle(qtbot, editor)
    laid_out()
    assert len(editor.section("highlights").built_rows()) == WINDOW  # all above the focused row
    assert row.body.mapTo(view, row.body.rect().topLeft()).y() == y


def test_the_first_rows_are_those_on_screen_and_hardly_more(qtbot, ctx, big, window, monkeypatch):
    """The rows built for the first paint are every row that shows (no gap waits for an idle turn)
    and at most one more at each end: between sections, their headings take room too."""
    first: list = []
    original = RowBuilder._first_rows

    def record(builder):  # noqa: ANN001, ANN202
        picked, here = original(builder)
        first.extend(entry for _i, _section, entry in picked)
        return picked, here

    monkeypatch.setattr(RowBuilder, "_first_rows", record)
    editor = window.open_note(big.note_id)
    regional = editor.section("regional_context")
    editor.keyboard.focus_row(regional.row_at(len(regional.entries) - 1))
    qtbot.waitUntil(lambda: bool(first))
    idle(qtbot, editor)  # every row of the windows built; the view stayed put
    laid_out()
    view = editor.scroll.viewport()

    def place(row) -> int:  # noqa: ANN001
        """-1 above the view, 0 on it, 1 below it."""
        top = row.mapTo(view, QPoint(0, 0)).y()
        return -1 if top + row.height() <= 0 else 1 if top >= view.height() else 0

    places = [place(entry.row) for entry in first]
    assert places.count(-1) <= 1 and places.count(1) <= 1, places
    shown = {e.uid for s in editor.sections for e in s.entries if e.row is not None and place(e.row) == 0}
    assert shown <= {entry.uid for entry in first}


def test_earlier_entries_come_in_idle_turns(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)
    highlights = editor.section("highlights")
    idle(qtbot, editor)
    start = highlights.start
    highlights.earlier_button.click()
    assert highlights.start == max(0, start - 100)
    idle(qtbot, editor)
    assert len(highlights.built_rows()) == len(highlights.entries) - highlights.start


@given(st.lists(st.text(max_size=40), max_size=8))
def test_counting_many_texts_at_once_is_counting_each(texts):
    assert count_texts(texts) == sum(words_in(t) for t in texts)


def test_counting_many_texts_samples():
    samples = ["a_b __ _", "130,000 personas – migrantes", "¿ Qué ?", "移民の権利 y más", "x\u2028y", "_", "—"]
    for i in range(len(samples)):
        texts = samples[i:] + samples[:i]
        assert count_texts(texts, "es") == sum(words_in(t, "es") for t in texts)


def test_a_note_opened_from_the_list_shows_the_top_of_the_page_first(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)  # no position restored: the keyboard stays in the list
    qtbot.wait(1)
    highlights = editor.section("highlights")
    assert highlights.entries[highlights.start].row is not None  # the first row of the page
    assert editor.section("floor_interventions").built_rows() == []  # far below: later
    idle(qtbot, editor)
    assert editor.scroll.verticalScrollBar().value() == 0


def test_closing_the_tab_while_rows_are_still_being_built(qtbot, ctx, big, window):
    editor = window.open_note(big.note_id)
    qtbot.wait(1)
    assert editor.builder.busy
    assert window.close_tab(window.tabs.indexOf(editor))
    qtbot.wait(50)  # the editor is gone with its builder: nothing runs on it any more
    assert window.editors() == []
