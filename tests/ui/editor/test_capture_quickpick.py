"""Speaker quick-pick: type-ahead by ISO code, English or Spanish name and acronym; groups; on behalf of."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.support.capture import make_note, open_window, saved
from tests.support.keyboard import type_text


@pytest.fixture
def opened(qtbot, ctx):
    note = make_note(ctx)
    return open_window(qtbot, ctx, note.id)


def suggestions(field) -> list[str]:
    model = field.completer_popup.model()
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def pick(qtbot, field, typed: str) -> str:
    type_text(field, typed)
    qtbot.waitUntil(field.completer_popup.isVisible, timeout=1000)
    QTest.keyClick(field.completer_popup, Qt.Key.Key_Return)
    return field.text()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("gua", "GT"),
        ("GT", "GT"),
        ("Guatemala", "GT"),
        ("oim", "IOM"),  # the Spanish acronym
        ("IOM", "IOM"),
        ("acnur", "UNHCR"),
        ("mexi", "MX"),
        ("rep dom", "DO"),
        ("república", "DO"),  # Spanish name, accents optional
        ("crm", "RCM"),  # a group, by its Spanish acronym
    ],
)
def test_the_best_match_is_first_and_enter_takes_it(qtbot, opened, typed, code):
    _window, editor = opened
    row = editor.commands.new_intervention()
    pick(qtbot, row.speaker, typed)
    assert row.speaker.codes() == (code,)


def test_gua_gives_guatemala_and_oim_gives_iom_on_a_highlight_with_several_delegations(qtbot, ctx, opened):
    _window, editor = opened
    row = editor.commands.new_highlight()
    type_text(row.body, "Cooperación regional")
    editor.commands.attribute()
    assert pick(qtbot, row.attribution, "gua") == "Guatemala"
    QTest.keyClicks(row.attribution, "; ")
    assert pick(qtbot, row.attribution, "oim") == "Guatemala; IOM"
    QTest.keyClicks(row.attribution, "; ")
    pick(qtbot, row.attribution, "rcm")
    assert row.attribution.codes() == ("GT", "IOM", "RCM")
    [item] = saved(ctx, editor, "highlights")
    assert item.delegations == ("GT", "IOM", "RCM")


def test_delegations_heard_in_the_event_are_ranked_first(qtbot, opened):
    _window, editor = opened
    first = editor.commands.new_intervention()
    QTest.keyClicks(first.speaker, "c")
    qtbot.waitUntil(first.speaker.completer_popup.isVisible, timeout=1000)
    before = suggestions(first.speaker)
    assert before[0].startswith("Canada")  # alphabetical among equals
    first.speaker.clear()
    assert pick(qtbot, first.speaker, "costa") == "Costa Rica"
    second = editor.commands.new_intervention()
    QTest.keyClicks(second.speaker, "c")
    qtbot.waitUntil(second.speaker.completer_popup.isVisible, timeout=1000)
    assert suggestions(second.speaker)[0].startswith("Costa Rica")  # already heard: first


def test_a_delegation_speaking_on_behalf_of_a_group(qtbot, ctx, opened):
    _window, editor = opened
    row = editor.commands.new_intervention()
    pick(qtbot, row.speaker, "gua")
    row.speaker.setFocus()
    QTest.keyClicks(row.speaker, " on behalf of crm")
    qtbot.waitUntil(row.speaker.completer_popup.isVisible, timeout=1000)
    assert suggestions(row.speaker)[0].startswith("RCM Member Countries")
    QTest.keyClick(row.speaker.completer_popup, Qt.Key.Key_Return)
    assert row.speaker.text() == "Guatemala on behalf of RCM Member Countries"
    assert row.speaker.codes() == ("GT",) and row.speaker.on_behalf_of() == "RCM"
    type_text(row.body, "Propone un mecanismo regional")
    [item] = saved(ctx, editor, "floor_interventions")
    assert item.delegations == ("GT",) and item.on_behalf_of == "RCM"
    # Spanish and the short form are understood as typed too.
    row.speaker.setText("México en nombre de CRM")
    assert row.speaker.parsed() == (("MX",), "RCM")
    row.speaker.setText("SV / RCM")
    assert row.speaker.parsed() == (("SV",), "RCM")
    # Reopened, it reads as typed.
    editor.ctx.sync(5)
    window2, editor2 = open_window(qtbot, ctx, editor.note_id)
    assert editor2.section("floor_interventions").rows[0].speaker.text().startswith("El Salvador on behalf of")


def test_a_field_filled_from_codes_flags_only_unknown_ones_without_building_the_index(qtbot, ctx):
    from notetaker.roster import load_builtin_roster
    from ui.widgets.delegation_field import DelegationField, DelegationLookup

    lookup = DelegationLookup(load_builtin_roster(), "es")
    field = DelegationField(lookup, multiple=True)
    qtbot.addWidget(field)
    field.set_codes(["GT", "IOM"], on_behalf_of="RCM" if lookup.knows("RCM") else None)
    assert field.styleSheet() == "" and lookup._index_ is None  # nothing looked up while a note opens
    assert field.codes()[:2] == ("GT", "IOM")  # and the names read back as the codes
    field.set_codes(["GT", "ZZZ"])
    assert "c01c28" in field.styleSheet() and "ZZZ" in field.toolTip()
