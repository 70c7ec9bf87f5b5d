"""What an exchange file holds, once read: plain domain objects and the format's constants.

The format itself is documented in ``docs/exchange-format.md``. This module is
shared by the writer, the reader and the importer; it knows nothing of files or
of the database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..domain import Delegation, Event, Item, Note, OpenDecision  # OpenDecision: also from here

#: The value of the top-level ``format`` field: what kind of file this is.
FORMAT_ID = "side-event-notetaker/note"
#: The schema version this application writes and the newest it reads.
SCHEMA_VERSION = 1
EXTENSION = ".sidenotes"

# -- import limits ---------------------------------------------------------------------------
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ITEMS = 100_000
MAX_TEXT_BYTES = 10 * 1024 * 1024  # any one string, in UTF-8 bytes
MAX_CONTAINERS = 3_000_000  # JSON objects and arrays in one file (bounds memory before parsing)
MAX_DELEGATIONS = 10_000
MAX_LIST = 1_000  # notetakers, objectives, languages, provenance entries, delegations of an item


class ExchangeError(ValueError):
    """A file that cannot be read, written or imported; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class NoteDocument:
    """One exchange file: a note, its event and the delegations it names.

    ``event.id`` and ``note.id``/``note.event_id`` are meaningless here (``None``/0):
    a document is matched to the database by uids only. ``source`` is the name of
    the file it was read from (a label, never used as a path).
    """

    event: Event
    note: Note
    delegations: tuple[Delegation, ...] = ()
    exported_at: datetime | None = None
    generator: str = ""
    open_decisions: tuple[OpenDecision, ...] = ()
    source: str = ""
    schema_version: int = SCHEMA_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def delegation_map(self) -> dict[str, Delegation]:
        return {d.code: d for d in self.delegations}


def instant_text(value: datetime | None) -> str | None:
    """An aware instant as ISO 8601 in UTC with a ``Z``: ``2022-05-19T18:30:00Z``."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def content_data(item: Item) -> dict[str, Any]:
    """The fields that make an item's content: what the content hash covers."""
    return {
        "section": item.section,
        "body": item.body.to_data(),
        "delegations": list(item.delegations),
        "person": item.person,
        "spoken_at": instant_text(item.spoken_at),
        "on_behalf_of": item.on_behalf_of,
    }


def content_hash(item: Item) -> str:
    """``sha256:`` + the hex digest of the item's content in canonical JSON.

    Canonical JSON: keys sorted, no insignificant white space, non-ASCII kept as
    UTF-8. Authors and times are not content: two notetakers who typed the same
    point about the same speaker have items with the same hash.
    """
    canonical = json.dumps(content_data(item), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
