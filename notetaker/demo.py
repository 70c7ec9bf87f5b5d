"""Sample data for ``notetaker demo``: the seed events and a complete IMRF note.

Two shipped files under ``resources/demo/`` hold the data:

- ``imrf_side_event_2022.toml``: the IMRF 2022 virtual side event of the RCM
  (seed 003) with its complete note;
- ``rcm_events.toml``: the RCM event records of seeds 000, 001, 002 and 004;
- ``rcm_records.toml``: one illustrative note on each RCM record template
  (see :func:`_ensure_record_notes`), so that every built-in template has a
  demo note.

Loading is idempotent: every event, note and item carries a fixed uid, and a
uid already in the database is skipped, so loading twice creates nothing new
and never overwrites what a user has edited since.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .domain import Event, EventKind, SectionKind
from .richtext import RichText
from .timezones import canonical_zone, from_local

if TYPE_CHECKING:
    from .core import Core

IMRF_FILE = "imrf_side_event_2022.toml"
RCM_EVENTS_FILE = "rcm_events.toml"
RCM_RECORDS_FILE = "rcm_records.toml"

_EVENT_KEYS = frozenset({
    "uid", "title", "kind", "series", "timezone", "starts", "ends", "venue_city",
    "venue_country", "is_virtual", "languages", "convener", "general_objectives",
    "specific_objectives", "participants_profile", "desired_results", "comments",
})
_ITEM_KEYS = frozenset({"uid", "section", "body", "delegations", "person", "spoken_at", "author"})


class DemoDataError(ValueError):
    """A shipped demo file is malformed (a packaging or editing mistake)."""


@dataclass(frozen=True, slots=True)
class DemoResult:
    event_id: int  # the IMRF side event
    note_id: int  # its note
    events_created: int
    items_created: int  # in the IMRF note
    # The note on each built-in template (the IMRF one included), by template id.
    notes_by_template: dict[str, int] = field(default_factory=dict)
    record_items_created: int = 0  # in the notes of rcm_records.toml


def load_demo(core: Core) -> DemoResult:
    """Load the sample events and the IMRF note; a second call creates nothing."""
    imrf = _read(paths.resource("demo", IMRF_FILE))
    rcm = _read(paths.resource("demo", RCM_EVENTS_FILE))
    events_created = 0

    event_id, created = _ensure_event(core, _table(imrf, "event", IMRF_FILE), {})
    events_created += created
    note_id, items_created = _ensure_note(core, event_id, imrf)

    zones = rcm.get("zones", {})
    if not isinstance(zones, dict):
        raise DemoDataError(f"{RCM_EVENTS_FILE}: [zones] must be a table")
    for entry in _array(rcm, "event", RCM_EVENTS_FILE):
        events_created += _ensure_event(core, entry, zones)[1]
    by_template, record_items = _ensure_record_notes(core)
    by_template = {core.notes.get(note_id).template_id: note_id, **by_template}
    return DemoResult(event_id, note_id, events_created, items_created, by_template, record_items)


# -- events -------------------------------------------------------------------
def _ensure_event(core: Core, data: Mapping[str, Any], zones: Mapping[str, str]) -> tuple[int, int]:
    """The id of the event with ``data['uid']``, creating it if absent; and 1 if created."""
    uid = _uid(data)
    existing = core.events.find_by_uid(uid)
    if existing is not None:
        assert existing.id is not None
        return existing.id, 0
    created = core.events.create(_event_from(data, zones)).value
    assert created.id is not None
    return created.id, 1


def _event_from(data: Mapping[str, Any], zones: Mapping[str, str]) -> Event:
    unknown = set(data) - _EVENT_KEYS
    if unknown:
        raise DemoDataError(f"event {data.get('uid')}: unknown keys {sorted(unknown)}")
    country = str(data.get("venue_country", ""))
    zone = canonical_zone(str(data.get("timezone") or zones.get(country) or "UTC"))
    return Event(
        id=None,
        uid=_uid(data),
        title=str(data["title"]),
        kind=EventKind(data.get("kind", EventKind.MEETING.value)),
        series=str(data.get("series", "")),
        starts_at=_instant(data.get("starts"), zone, end_of_day=False),
        ends_at=_instant(data.get("ends"), zone, end_of_day=True),
        timezone=zone,
        venue_city=str(data.get("venue_city", "")),
        venue_country=country,
        is_virtual=bool(data.get("is_virtual", False)),
        languages=tuple(data.get("languages", ())),
        convener=str(data.get("convener", "")),
        general_objectives=str(data.get("general_objectives", "")),
        specific_objectives=tuple(data.get("specific_objectives", ())),
        participants_profile=str(data.get("participants_profile", "")),
        desired_results=str(data.get("desired_results", "")),
        comments=str(data.get("comments", "")),
    )


def _instant(value: object, zone: str, *, end_of_day: bool) -> datetime | None:
    """A TOML local date-time (wall clock in ``zone``) or date (whole day) as a UTC instant."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else from_local(value, zone)
    if isinstance(value, date):
        return from_local(datetime.combine(value, time(23, 59) if end_of_day else time(0, 0)), zone)
    raise DemoDataError(f"not a date or date-time: {value!r}")


# -- the note -----------------------------------------------------------------
def _ensure_note(core: Core, event_id: int, data: Mapping[str, Any], where: str = IMRF_FILE) -> tuple[int, int]:
    """The note's id, creating the note and any missing item; and the items created."""
    spec = _table(data, "note", where)
    uid = _uid(spec)
    summary = core.notes.find_by_uid(uid)
    if summary is None:
        notetakers = [str(n) for n in spec.get("notetakers", ())]
        note_id = core.notes.create(event_id, str(spec["template"]), notetakers, uid=uid).value.id
        assert note_id is not None
    else:
        note_id = summary.id
    note = core.notes.get(note_id)
    template = core.templates.get(note.template_id)
    zone = core.events.get(event_id).timezone
    have = {item.uid for item in note.items}
    filled = {item.section for item in note.items}
    created = 0
    for entry in _array(data, "item", where):
        unknown = set(entry) - _ITEM_KEYS
        if unknown:
            raise DemoDataError(f"item {entry.get('uid')}: unknown keys {sorted(unknown)}")
        item_uid = _uid(entry)
        if item_uid in have:
            continue
        section = str(entry["section"])
        body = RichText.from_markdown(str(entry.get("body", "")).strip("\n"))
        author = str(entry.get("author", ""))
        if template.section(section).kind is SectionKind.TEXT:
            created += _fill_text(core, note_id, section, body, author, item_uid, section in filled)
            continue
        core.notes.add_item(
            note_id,
            section,
            body=body,
            delegations=[str(c) for c in entry.get("delegations", ())],
            person=str(entry.get("person", "")),
            spoken_at=_instant(entry.get("spoken_at"), zone, end_of_day=False),
            author=author,
            uid=item_uid,
        )
        created += 1
    return note_id, created


def _fill_text(
    core: Core, note_id: int, section: str, body: RichText, author: str, uid: str, exists: bool
) -> int:
    """Give a text section its body: created with the fixed uid if the section has none,
    filled in only if an existing body is still empty (never overwrites typed text)."""
    if not exists:
        core.notes.add_item(note_id, section, body=body, author=author, uid=uid)
        return 1
    current = core.notes.text_body(note_id, section)
    if current.body.is_empty() and current.id is not None:
        core.notes.update_item(current.id, body=body, author=author)
        return 1
    return 0


# -- the notes on the RCM record templates (rcm_records.toml) -------------------------
def _ensure_record_notes(core: Core) -> tuple[dict[str, int], int]:
    """Each illustrative record note of ``rcm_records.toml`` on its seed event, created once.

    Returns the note ids by template id, and the items created.
    """
    data = _read(paths.resource("demo", RCM_RECORDS_FILE))
    notes: dict[str, int] = {}
    created = 0
    for spec in _array(data, "note", RCM_RECORDS_FILE):
        event = core.events.find_by_uid(str(spec.get("event", "")))
        if event is None or event.id is None:
            raise DemoDataError(f"{RCM_RECORDS_FILE}: note {spec.get('uid')} names an unknown event {spec.get('event')}")
        items = spec.get("item", [])
        note = {key: value for key, value in spec.items() if key not in ("item", "event")}
        note_id, count = _ensure_note(core, event.id, {"note": note, "item": items}, RCM_RECORDS_FILE)
        notes[str(spec["template"])] = note_id
        created += count
    return notes, created


# -- file helpers -------------------------------------------------------------
def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DemoDataError(f"cannot read the demo data {path}: {exc}") from exc


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise DemoDataError(f"{where}: missing table [{key}]")
    return value


def _array(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise DemoDataError(f"{where}: [[{key}]] must be an array of tables")
    return value


def _uid(data: Mapping[str, Any]) -> str:
    uid = data.get("uid")
    if not isinstance(uid, str) or not uid.strip():
        raise DemoDataError(f"an entry has no uid: {dict(data).get('title') or dict(data).get('section')}")
    return uid
