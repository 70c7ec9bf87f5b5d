"""Applying decisions: from a :class:`MergeResult` and the rapporteur's choices to a note.

:func:`resolve` keeps every item no decision is about, and applies to each
decision the rapporteur's :class:`Choice`, else (automatic decisions, or the
proposal) its default, else ``open_default`` when one is given (the command
line keeps every candidate of an open decision: ``Resolution.KEEP_ALL``).
:func:`finalize` gives the items of a real merge uids of their own, so that the
merged note can live in the same database as its sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from operator import attrgetter

from ..domain import Item, Note, Provenance, SectionKind
from ..frozen import constructor
from ..richtext import RichText
from .engine import content_key, derived_uid
from .model import Choice, Decision, DecisionKind, MergeResult, Resolution


@dataclass(frozen=True, slots=True)
class Resolved:
    note: Note
    #: for each decision, the uids of the items it left in the note (empty when dropped)
    produced: dict[str, tuple[str, ...]]


def resolve(result: MergeResult, choices: Mapping[str, Choice], open_default: Resolution | None = None) -> Note:
    """The merged note under ``choices`` (keyed by decision id)."""
    return resolve_detailed(result, choices, open_default).note


def _choice(d: Decision, choices: Mapping[str, Choice], open_default: Resolution | None) -> Choice:
    if d.id in choices:
        return choices[d.id]
    if d.auto or open_default is None:
        return Choice(d.default)
    return Choice(open_default)


def _keep(d: Decision, c: Choice) -> int:
    return c.keep if c.keep is not None and 0 <= c.keep < len(d.candidates) else d.proposal


def _union(provenances: list[tuple[Provenance, ...]]) -> tuple[Provenance, ...]:
    seen: dict[Provenance, None] = {}
    for group in provenances:
        for p in group:
            seen.setdefault(p, None)
    return tuple(sorted(seen, key=lambda p: (p.author.casefold(), p.note_uid, p.item_uid, p.file)))


Held = tuple[Item, tuple[Provenance, ...]]  # an item on its way out, and its provenance
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_ITEM_VALUES = attrgetter(*_ITEM_FIELDS)
_POSITION, _PROVENANCE = _ITEM_FIELDS.index("position"), _ITEM_FIELDS.index("provenance")
_item = constructor(Item)  # Item(*values), faster


def resolve_detailed(result: MergeResult, choices: Mapping[str, Choice],
                     open_default: Resolution | None = None) -> Resolved:
    versions: dict[str, Decision] = {}
    groups: dict[str, Decision] = {}
    for d in result.decisions:
        if d.kind in (DecisionKind.CONFLICT, DecisionKind.UPDATE):
            versions[d.candidates[0].item.uid] = d
        else:
            for c in d.candidates:
                groups[c.item.uid] = d
    slots = {item.uid: item for item in result.slots}
    produced: dict[str, list[str]] = {}

    def yields(slot: Item) -> list[Held]:
        """The items one entry gives once its version decision (if any) is applied."""
        prov = result.provenance.get(slot.uid, slot.provenance)
        d = versions.get(slot.uid)
        if d is None:
            return [(slot, prov)]
        c = _choice(d, choices, open_default)
        keep = _keep(d, c)

        def version(k: int) -> Item:
            return d.candidates[k].item

        if c.resolution is Resolution.DROP:
            out: list[Item] = []
        elif c.resolution is Resolution.KEEP_ALL:
            out = [version(d.proposal)] + [
                replace(version(k), uid=derived_uid("version", slot.uid, repr(content_key(d.candidates[k].item))))
                for k in range(len(d.candidates)) if k != d.proposal
            ]
        elif c.resolution is Resolution.EDIT and c.body is not None:
            out = [replace(version(keep), body=c.body)]
        else:
            out = [version(keep)]
        produced[d.id] = [i.uid for i in out]
        return [(i, prov) for i in out]

    sections: dict[str, list[Held]] = {}
    handled: set[str] = set()
    alias: dict[str, str] = {}  # uid of an item joined into another -> the other's
    provenance = result.provenance.get
    bucket: list[Held] = []
    section = None
    for slot in result.slots:
        if slot.section != section:
            section = slot.section
            bucket = sections.setdefault(section, [])
        uid = slot.uid
        g = groups.get(uid)
        if g is None:
            if uid in versions:
                bucket.extend(yields(slot))
            else:  # most items: no decision is about them
                bucket.append((slot, provenance(uid, slot.provenance)))
            continue
        if g.id in handled:
            continue
        handled.add(g.id)
        members = [yields(slots[c.item.uid]) for c in g.candidates]
        out = _apply_group(g, _choice(g, choices, open_default), members, result.kinds.get(g.section))
        if g.kind is DecisionKind.TEXT and len(out) == 1:  # the bodies were joined into the first
            alias.update({i.uid: out[0][0].uid for m in members for i, _p in m if i.uid != out[0][0].uid})
        produced[g.id] = [i.uid for i, _p in out]
        bucket.extend(out)
    items = []
    for section, held in sections.items():
        if result.kinds.get(section) is SectionKind.TEXT and len(held) > 1:
            held = _one_body(held, alias)
        for index, (item, prov) in enumerate(held):
            if item.position != index or item.provenance != prov:  # replace(), many times as fast
                values = list(_ITEM_VALUES(item))
                values[_POSITION], values[_PROVENANCE] = index, prov
                item = _item(*values)
            items.append(item)
    note = replace(result.note, items=tuple(items))
    present = {i.uid for i in items}  # a decision's items may have gone with another's (kept one, joined)

    def final(uid: str) -> str:
        for _step in range(len(alias)):  # joined into an item that was joined in turn
            if uid not in alias:
                break
            uid = alias[uid]
        return uid

    return Resolved(note, {k: tuple(u for u in dict.fromkeys(map(final, v)) if u in present)
                           for k, v in produced.items()})


def _one_body(held: list[Held], alias: dict[str, str]) -> list[Held]:
    """A text section holds one body: several become the first, their texts joined in order."""
    filled = [h for h in held if not h[0].body.is_empty()] or held[:1]
    base = filled[0][0]
    for item, _p in held:
        if item.uid != base.uid:
            alias[item.uid] = base.uid
    body = RichText(tuple(b for i, _p in filled for b in i.body.blocks))
    return [(replace(base, body=body), _union([p for _i, p in held]))]


def _apply_group(d: Decision, c: Choice, members: list[list[Held]], kind: SectionKind | None) -> list[Held]:
    if c.resolution is Resolution.DROP:
        return []
    provenance = _union([p for m in members for _i, p in m])
    if c.resolution is Resolution.KEEP_ALL:
        flat = [h for m in members for h in m]
        if d.kind is DecisionKind.TEXT and flat:
            blocks = tuple(b for i, _p in flat for b in i.body.blocks)
            return [(replace(flat[0][0], body=RichText(blocks)), provenance)]
        return flat
    base = members[_keep(d, c)]
    if not base:  # the kept candidate was itself dropped by its version decision
        return []
    first = base[0][0]
    if kind is SectionKind.HIGHLIGHTS:
        merged: dict[str, None] = dict.fromkeys(first.delegations)
        for m in members:
            for item, _p in m:
                merged.update(dict.fromkeys(item.delegations))
        if tuple(merged) != first.delegations:
            first = replace(first, delegations=tuple(merged))
    if c.resolution is Resolution.EDIT and c.body is not None:
        first = replace(first, body=c.body)
    return [(first, provenance), *base[1:]]


def finalize(note: Note) -> tuple[Note, dict[str, str]]:
    """``note`` with new item uids when it is a merge of several notes (``merged_from``), and the
    map old uid -> new uid. A note that is one of its sources (nothing to merge) is left alone."""
    if not note.merged_from or note.uid in note.merged_from:
        return note, {}
    renamed = {item.uid: derived_uid(note.uid, item.uid) for item in note.items}
    items = tuple(replace(item, uid=renamed[item.uid], id=None) for item in note.items)
    return replace(note, items=items), renamed
