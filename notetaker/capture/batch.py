"""What the writer has still to write: the latest snapshot of each thing, coalesced.

Everything here is plain data (domain :class:`~notetaker.domain.Item` objects,
strings, instants), never an ORM object or a widget: the interface hands it over
and forgets it. A newer snapshot of an item replaces the older one; a removal
cancels the item's pending snapshot; the order of a section is the latest list
of its items' uids. A batch that failed to be written is folded back under the
newer edits with :meth:`Batch.absorb_older`, so that nothing is lost and
nothing newer is overwritten by something older.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain import Item, Provenance
from ..richtext import RichText

#: The note fields the writer may change.
NOTE_FIELDS = frozenset({"notetakers", "clock_started_at", "clock_paused_at"})

FORMAT = "notetaker-pending-edits"
FORMAT_VERSION = 1


@dataclass
class Batch:
    items: dict[str, tuple[int, Item]] = field(default_factory=dict)  # uid -> (note id, item)
    removed: dict[str, int] = field(default_factory=dict)  # uid -> note id
    orders: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)
    notes: dict[int, dict[str, Any]] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.items or self.removed or self.orders or self.notes or self.state)

    def __len__(self) -> int:
        return len(self.items) + len(self.removed) + len(self.orders) + len(self.notes) + len(self.state)

    # -- adding ------------------------------------------------------------------------
    def put_item(self, note_id: int, item: Item) -> None:
        if not item.uid:
            raise ValueError("an item needs its uid to be written")
        self.removed.pop(item.uid, None)
        self.items.pop(item.uid, None)  # re-insert: keeps first-to-last order of the latest edits
        self.items[item.uid] = (note_id, item)

    def remove_item(self, note_id: int, uid: str) -> None:
        self.items.pop(uid, None)
        self.removed[uid] = note_id

    def put_order(self, note_id: int, section: str, uids: tuple[str, ...]) -> None:
        self.orders[(note_id, section)] = tuple(uids)

    def put_note(self, note_id: int, **fields: Any) -> None:
        unknown = set(fields) - NOTE_FIELDS
        if unknown:
            raise ValueError(f"not a note field the writer writes: {sorted(unknown)}")
        self.notes.setdefault(note_id, {}).update(fields)

    def put_state(self, key: str, value: Any) -> None:
        self.state[key] = value

    def note_ids(self) -> set[int]:
        """The notes this batch writes to: their items or their own fields."""
        return self.content_note_ids() | set(self.notes)

    def content_note_ids(self) -> set[int]:
        """The notes whose items this batch writes (adds, edits, removes or reorders)."""
        ids = {note_id for note_id, _item in self.items.values()}
        ids.update(self.removed.values())
        ids.update(note_id for note_id, _section in self.orders)
        return ids

    # -- merging -------------------------------------------------------------------------
    def absorb_older(self, older: Batch) -> None:
        """Fold ``older`` (a batch that could not be written) beneath this newer one."""
        items = {uid: v for uid, v in older.items.items() if uid not in self.items and uid not in self.removed}
        items.update(self.items)
        self.items = items
        for uid, note_id in older.removed.items():
            if uid not in self.items and uid not in self.removed:
                self.removed[uid] = note_id
        self.orders = {**older.orders, **self.orders}
        notes = {note_id: dict(fields) for note_id, fields in older.notes.items()}
        for note_id, fields in self.notes.items():
            notes.setdefault(note_id, {}).update(fields)
        self.notes = notes
        self.state = {**older.state, **self.state}

    def take(self) -> Batch:
        """Everything pending, leaving this batch empty."""
        out = Batch(self.items, self.removed, self.orders, self.notes, self.state)
        self.items, self.removed, self.orders, self.notes, self.state = {}, {}, {}, {}, {}
        return out

    def copy(self) -> Batch:
        return Batch(
            dict(self.items), dict(self.removed), dict(self.orders),
            {k: dict(v) for k, v in self.notes.items()}, dict(self.state),
        )

    # -- as a file -------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        return {
            "items": [{"note_id": note_id, **item_to_data(item)} for note_id, item in self.items.values()],
            "removed": [{"uid": uid, "note_id": note_id} for uid, note_id in self.removed.items()],
            "orders": [
                {"note_id": note_id, "section": section, "uids": list(uids)}
                for (note_id, section), uids in self.orders.items()
            ],
            "notes": [{"note_id": note_id, **_note_fields_to_data(f)} for note_id, f in self.notes.items()],
            "state": self.state,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Batch:
        batch = cls()
        for entry in data.get("items", ()):
            batch.put_item(int(entry["note_id"]), item_from_data(entry))
        for entry in data.get("removed", ()):
            batch.remove_item(int(entry["note_id"]), str(entry["uid"]))
        for entry in data.get("orders", ()):
            batch.put_order(int(entry["note_id"]), str(entry["section"]), tuple(entry["uids"]))
        for entry in data.get("notes", ()):
            fields = {k: v for k, v in entry.items() if k != "note_id"}
            batch.put_note(int(entry["note_id"]), **_note_fields_from_data(fields))
        for key, value in dict(data.get("state", {})).items():
            batch.put_state(str(key), value)
        return batch

    def to_json(self, **meta: Any) -> str:
        payload = {"format": FORMAT, "version": FORMAT_VERSION, **meta, "edits": self.to_data()}
        return json.dumps(payload, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> tuple[Batch, dict[str, Any]]:
        """The batch and the file's other keys; ``ValueError`` when it is no pending-edits file."""
        payload = json.loads(text)
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError("not a file of pending edits")
        if int(payload.get("version", 0)) > FORMAT_VERSION:
            raise ValueError("pending edits written by a newer version")
        try:
            batch = cls.from_data(payload["edits"])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"damaged file of pending edits: {exc}") from exc
        return batch, {k: v for k, v in payload.items() if k != "edits"}


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def item_to_data(item: Item) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "section": item.section,
        "body": item.body.to_data(),
        "delegations": list(item.delegations),
        "person": item.person,
        "spoken_at": _instant(item.spoken_at),
        "author": item.author,
        "on_behalf_of": item.on_behalf_of,
        "provenance": [
            {"note_uid": p.note_uid, "item_uid": p.item_uid, "author": p.author, "file": p.file}
            for p in item.provenance
        ],
    }


def item_from_data(data: dict[str, Any]) -> Item:
    return Item(
        id=None,
        uid=str(data["uid"]),
        section=str(data["section"]),
        body=RichText.from_data(data.get("body", [])),
        delegations=tuple(data.get("delegations", ())),
        person=str(data.get("person", "")),
        spoken_at=_parse_instant(data.get("spoken_at")),
        author=str(data.get("author", "")),
        on_behalf_of=data.get("on_behalf_of") or None,
        provenance=tuple(Provenance(**p) for p in data.get("provenance", ())),
    )


def _note_fields_to_data(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (_instant(v) if k.startswith("clock_") else v) for k, v in fields.items()}


def _note_fields_from_data(fields: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key in NOTE_FIELDS:
            out[key] = _parse_instant(value) if key.startswith("clock_") else list(value)
    return out
