"""Merging exchange files into one exchange file (what ``notetaker merge`` does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Delegation
from ..exchange.document import NoteDocument, OpenDecision
from ..i18n import _
from ..templates import Template
from .engine import merge
from .model import Decision, MergeOptions, MergeResult, Resolution, Source
from .resolve import finalize, resolve_detailed


@dataclass(frozen=True, slots=True)
class FileMerge:
    result: MergeResult
    document: NoteDocument  # the merged note; open decisions keep every candidate
    open: tuple[OpenDecision, ...]


def sources_of(docs: Sequence[NoteDocument]) -> list[Source]:
    """The documents as merge sources: a merged file's open decisions are taken up again."""
    return [Source(doc.note, doc.source, doc.event.uid, doc.open_decisions) for doc in docs]


def merge_documents(docs: Sequence[NoteDocument], template: Template,
                    options: MergeOptions | None = None) -> FileMerge:
    """Merge ``docs``; automatic decisions are applied, open ones keep every candidate and are
    listed in the document (``merge.open_decisions``) so that nothing is lost or decided blindly."""
    result = merge(sources_of(docs), template, options)
    resolved = resolve_detailed(result, {}, open_default=Resolution.KEEP_ALL)
    note, renamed = finalize(resolved.note)
    opened = tuple(
        OpenDecision(d.id, d.kind.value, d.section,
                     tuple(renamed.get(u, u) for u in resolved.produced.get(d.id, ())), d.reason)
        for d in result.open_decisions
    )
    # The event and delegations as the most recently exported file has them (any order gives the same).
    latest = max(docs, key=lambda d: (d.exported_at is not None, d.exported_at or 0, repr(d.event)))
    delegations: dict[str, Delegation] = {}
    for doc in sorted(docs, key=lambda d: (d.exported_at is not None, d.exported_at or 0, repr(d.event))):
        for d in doc.delegations:
            delegations[d.code] = d
    used = {c for i in note.items for c in (*i.delegations, i.on_behalf_of) if c}
    document = NoteDocument(
        event=latest.event,
        note=note,
        delegations=tuple(delegations[c] for c in sorted(used) if c in delegations),
        exported_at=latest.exported_at,
        generator=latest.generator,
        open_decisions=opened,
    )
    return FileMerge(result, document, opened)


def describe_decision(d: Decision, result: MergeResult, limit: int = 60) -> str:
    """One line for a decision: kind, section, reason and each candidate with who wrote it where."""
    parts = []
    for c in d.candidates:
        text = " ".join(c.item.body.to_plain().split())
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        files = ", ".join(sorted({result.sources[i].file for i in c.sources if result.sources[i].file}))
        who = ", ".join(x for x in (c.item.author, files) if x)
        parts.append(_("«{text}» ({who})").format(text=text, who=who) if who else f"«{text}»")
    return f"[{d.id}] {d.describe()}: " + " | ".join(parts)
