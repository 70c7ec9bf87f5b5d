from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from notetaker.domain import Event, EventKind, NoteStatus
from notetaker.richtext import RichText
from notetaker.services import NotFound, ValidationError


def make_event(core, **kw):
    fields = dict(title="Side event", starts_at=datetime(2022, 5, 19, 18, 30, tzinfo=UTC), timezone="GTM-6")
    fields.update(kw)
    return core.events.create(Event(None, **fields))


def test_event_crud_and_change_sets(core):
    created = make_event(core, kind=EventKind.WEBINAR, specific_objectives=("a", "b"))
    event = created.value
    assert created.changes.events == {event.id}
    assert event.timezone == "UTC-06:00"  # normalised on the way in
    assert core.events.get(event.id) == event
    renamed = core.events.update(replace(event, title="Renamed"))
    assert renamed.value.title == "Renamed"
    assert core.events.delete(event.id).changes.events == {event.id}
    with pytest.raises(NotFound):
        core.events.get(event.id)


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "  "},
        {"starts_at": datetime(2022, 5, 19, 18, 30)},
        {"ends_at": datetime(2022, 5, 19, 10, 0, tzinfo=UTC)},
        {"timezone": "Nowhere/Else"},
        {"venue_country": "Guatemala"},
    ],
)
def test_invalid_events_are_refused(core, bad):
    with pytest.raises(ValidationError):
        make_event(core, **bad)
    assert core.events.list() == []


def test_items_keep_order_attribution_and_text(core):
    event = make_event(core).value
    note = core.notes.create(event.id, "imrf-side-event", [" Ana ", "", "Luis"]).value
    assert note.notetakers == ("Ana", "Luis")
    a = core.notes.add_item(note.id, "highlights", body=RichText.plain("uno"), delegations=["RCM", "IOM", "RCM"]).value
    b = core.notes.add_item(note.id, "highlights", body=RichText.plain("dos")).value
    c = core.notes.add_item(note.id, "highlights", body=RichText.plain("cero"), position=0).value
    assert [i.body.to_plain() for i in core.notes.get(note.id).section_items("highlights")] == ["cero", "uno", "dos"]
    assert a.delegations == ("RCM", "IOM")
    core.notes.move_item(c.id, 5)
    core.notes.update_item(b.id, delegations=["GT"], body=RichText.plain("dos\x07 ñ"))
    core.notes.remove_item(a.id)
    items = core.notes.get(note.id).section_items("highlights")
    assert [(i.body.to_plain(), i.delegations, i.position) for i in items] == [("dos\x07 ñ", ("GT",), 0), ("cero", (), 1)]


def test_speaker_and_time_of_interventions(core):
    note = core.notes.create(make_event(core).value.id, "imrf-side-event").value
    at = datetime(2022, 5, 19, 18, 45, tzinfo=UTC)
    item = core.notes.add_item(note.id, "floor_interventions", delegations=["GT"], person="Vice-minister", spoken_at=at).value
    again = core.notes.get(note.id).section_items("floor_interventions")[0]
    assert (again.speaker, again.person, again.spoken_at) == ("GT", "Vice-minister", at)
    assert again.id == item.id


def test_bad_references_change_nothing(core):
    note = core.notes.create(make_event(core).value.id, "imrf-side-event").value
    item = core.notes.add_item(note.id, "highlights", body=RichText.plain("keep")).value
    with pytest.raises(ValidationError, match="ZZ"):
        core.notes.update_item(item.id, body=RichText.plain("lost"), delegations=["ZZ"])
    assert core.notes.get(note.id).items[0].body.to_plain() == "keep"
    with pytest.raises(ValidationError):
        core.notes.add_item(note.id, "summary")  # a group holds no items
    with pytest.raises(ValidationError):
        core.notes.add_item(note.id, "no_such_section")
    with pytest.raises(KeyError):
        core.notes.create(note.event_id, "no-such-template")


def test_text_sections_hold_one_body(core):
    note = core.notes.create(make_event(core).value.id, "imrf-side-event").value
    body = core.notes.text_body(note.id, "introduction")
    assert core.notes.text_body(note.id, "introduction").id == body.id
    with pytest.raises(ValidationError):
        core.notes.add_item(note.id, "introduction")


def test_note_status_and_cascade(core):
    event = make_event(core).value
    note = core.notes.create(event.id, "imrf-side-event").value
    core.notes.add_item(note.id, "highlights", delegations=["GT"])
    assert core.notes.update(note.id, status=NoteStatus.IN_REVIEW).value.status is NoteStatus.IN_REVIEW
    core.events.delete(event.id)
    with pytest.raises(NotFound):
        core.notes.get(note.id)
    with core.db.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM items")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM item_delegations")).scalar() == 0


def test_app_state_survives_reopening(core, db_path):
    from notetaker.core import Core

    core.state.set("last_note", {"note": 3, "section": "summary"})
    with Core.open(db_path) as again:
        assert again.state.get("last_note") == {"note": 3, "section": "summary"}
        assert again.state.get("missing", 7) == 7


def test_on_behalf_of_provenance_and_locking(core):
    from notetaker.domain import Provenance

    note = core.notes.create(make_event(core).value.id, "imrf-side-event").value
    src = (Provenance(note_uid="n-1", item_uid="i-1", author="Sara Rivas", file="sara.sidenotes"),)
    item = core.notes.add_item(note.id, "floor_interventions", delegations=["GT"], on_behalf_of="RCM", provenance=src).value
    assert (item.on_behalf_of, item.provenance) == ("RCM", src)
    with pytest.raises(ValidationError):
        core.notes.update_item(item.id, on_behalf_of="XX")
    core.notes.update(note.id, locked=True)
    for attempt in (
        lambda: core.notes.update_item(item.id, body=RichText.plain("changed")),
        lambda: core.notes.add_item(note.id, "highlights"),
        lambda: core.notes.remove_item(item.id),
        lambda: core.notes.update(note.id, notetakers=["X"]),
    ):
        with pytest.raises(ValidationError, match="locked"):
            attempt()
    assert core.notes.get(note.id).locked
    core.notes.update(note.id, locked=False)
    assert core.notes.update_item(item.id, on_behalf_of=None).value.on_behalf_of is None


def test_the_shipped_roster_is_synced_once_per_digest(db_path, monkeypatch):
    from notetaker.core import Core
    from notetaker.services import delegations as module
    from notetaker.storage.orm import DelegationRow

    with Core.open(db_path) as core:
        assert core.state.get(module.ROSTER_DIGEST_KEY) == module.builtin_roster_digest()
        with core.db.session() as s:  # a builtin entry altered behind the application's back
            s.get(DelegationRow, "GT").names = {"en": "Altered"}

    def must_not_load():
        raise AssertionError("the roster was loaded although its digest did not change")

    monkeypatch.setattr(module, "load_builtin_roster", must_not_load)
    with Core.open(db_path) as core:  # same digest: the roster file is not even read
        assert core.delegations.by_code()["GT"].names == {"en": "Altered"}
    monkeypatch.undo()
    monkeypatch.setattr(module, "builtin_roster_digest", lambda: "a newer roster")
    with Core.open(db_path) as core:  # a new digest: the shipped entries are restored
        assert core.delegations.by_code()["GT"].names["en"] == "Guatemala"
        assert core.state.get(module.ROSTER_DIGEST_KEY) == "a newer roster"
