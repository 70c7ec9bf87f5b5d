"""Writing exchange files: a note, its event and the delegations it names, as UTF-8 JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..atomic import atomic_write_bytes
from ..domain import Delegation, DelegationKind, Event, Item, Note
from ..roster import ROSTER_LANGUAGES, display_name
from ..userfiles import check_output
from .document import (
    FORMAT_ID,
    SCHEMA_VERSION,
    NoteDocument,
    content_hash,
    instant_text,
)

if TYPE_CHECKING:
    from ..core import Core


def used_codes(items: Iterable[Item]) -> list[str]:
    """Every delegation code the items name, in first-use order."""
    codes: dict[str, None] = {}
    for item in items:
        for code in item.delegations:
            codes.setdefault(code, None)
        if item.on_behalf_of:
            codes.setdefault(item.on_behalf_of, None)
    return list(codes)


def standalone_delegation(d: Delegation) -> Delegation:
    """``d`` with its names spelled out in every roster language (CLDR names included),
    so that a file read where the roster differs still names it."""
    names = dict(d.names)
    for lang in ROSTER_LANGUAGES:
        names.setdefault(lang, display_name(d, lang))
    return replace(d, names={k: v for k, v in names.items() if v})


def build_document(
    event: Event,
    note: Note,
    roster: Mapping[str, Delegation],
    exported_at: datetime | None = None,
) -> NoteDocument:
    """The document of ``note``; the delegations are those its items name."""
    delegations = []
    for code in used_codes(note.items):
        d = roster.get(code)
        delegations.append(standalone_delegation(d) if d else Delegation(code, DelegationKind.OTHER, {"en": code}, builtin=False))
    return NoteDocument(
        event=event,
        note=note,
        delegations=tuple(delegations),
        exported_at=exported_at or datetime.now(UTC),
        generator=f"Side Event Notetaker {__version__}",
    )


def document_for_note(core: Core, note_id: int) -> NoteDocument:
    """The document of a stored note, with the decisions it was imported with still open."""
    note = core.notes.get(note_id)
    event = core.events.get(note.event_id)
    doc = build_document(event, note, core.delegations.by_code())
    decisions = core.exchange.open_decisions(note_id)
    return replace(doc, open_decisions=decisions) if decisions else doc


# -- to JSON ------------------------------------------------------------------------------------
def _event_data(e: Event) -> dict[str, Any]:
    return {
        "uid": e.uid,
        "title": e.title,
        "kind": e.kind.value,
        "series": e.series,
        "starts_at": instant_text(e.starts_at),
        "ends_at": instant_text(e.ends_at),
        "timezone": e.timezone,
        "venue_city": e.venue_city,
        "venue_country": e.venue_country,
        "is_virtual": e.is_virtual,
        "languages": list(e.languages),
        "convener": e.convener,
        "general_objectives": e.general_objectives,
        "specific_objectives": list(e.specific_objectives),
        "participants_profile": e.participants_profile,
        "desired_results": e.desired_results,
        "comments": e.comments,
    }


def _note_data(n: Note) -> dict[str, Any]:
    return {
        "uid": n.uid,
        "template": {"id": n.template_id, "version": n.template_version},
        "status": n.status.value,
        "notetakers": list(n.notetakers),
        "merged_from": list(n.merged_from),
        "created_at": instant_text(n.created_at),
        "updated_at": instant_text(n.updated_at),
    }


def _delegation_data(d: Delegation) -> dict[str, Any]:
    return {
        "code": d.code,
        "kind": d.kind.value,
        "names": dict(sorted(d.names.items())),
        "acronyms": dict(sorted(d.acronyms.items())),
        "members": list(d.members),
    }


def item_data(item: Item) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "section": item.section,
        "position": item.position,
        "body": item.body.to_data(),
        "delegations": list(item.delegations),
        "person": item.person,
        "spoken_at": instant_text(item.spoken_at),
        "on_behalf_of": item.on_behalf_of,
        "author": item.author,
        "created_at": instant_text(item.created_at),
        "modified_at": instant_text(item.modified_at),
        "provenance": [
            {"note_uid": p.note_uid, "item_uid": p.item_uid, "author": p.author, "file": p.file}
            for p in item.provenance
        ],
        "hash": content_hash(item),
    }


def document_to_data(doc: NoteDocument) -> dict[str, Any]:
    items = sorted(doc.note.items, key=lambda i: (i.section, i.position, i.uid))
    data: dict[str, Any] = {
        "format": FORMAT_ID,
        "schema_version": SCHEMA_VERSION,
        "generator": doc.generator,
        "exported_at": instant_text(doc.exported_at),
        "event": _event_data(doc.event),
        "note": _note_data(doc.note),
        "delegations": [_delegation_data(d) for d in sorted(doc.delegations, key=lambda d: d.code)],
        "items": [item_data(i) for i in items],
    }
    if doc.open_decisions:
        data["merge"] = {
            "open_decisions": [
                {"id": d.id, "kind": d.kind, "section": d.section, "items": list(d.items), "reason": d.reason}
                for d in doc.open_decisions
            ]
        }
    return data


def document_to_bytes(doc: NoteDocument) -> bytes:
    """The file's bytes: UTF-8 JSON, indented, ending with a newline."""
    text = json.dumps(document_to_data(doc), ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_document(
    doc: NoteDocument, path: Path | str, *, database: Path | None = None, inputs: Sequence[Path | str] = ()
) -> Path:
    """Write ``doc`` to ``path`` atomically (readers see the old file or the new, never a mix).

    ``path`` is first checked (:func:`notetaker.userfiles.check_output`): never the notes
    ``database``, its files or backups, one of the ``inputs``, a read-only or non-regular file.
    A failure is an :class:`OSError` naming ``path`` with a readable reason (:mod:`notetaker.atomic`).
    """
    check_output(path, database=database, inputs=inputs)
    atomic_write_bytes(path, document_to_bytes(doc))
    return Path(path)


def write_note_file(core: Core, note_id: int, path: Path | str) -> Path:
    """Export note ``note_id`` as an exchange file at ``path``."""
    return write_document(document_for_note(core, note_id), path, database=core.db.path)
