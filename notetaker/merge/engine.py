"""The merge engine: N notes of one event in, one proposed note and the decisions left out.

Steps, each a pure function of the set of inputs (never of their order):

1. **Reconcile by uid**: the occurrences of one item uid in several notes become
   one entry. Identical versions simply merge; otherwise the version modified
   last wins (an automatic ``update`` decision records the older ones), unless
   several differing versions share the latest time: a ``conflict``.
2. **Lineage**: an item that an item of another note names in its provenance
   (it was merged into it earlier) is absorbed into that item, unless it was
   changed since.
3. **Reading order**: per section, the notes' sequences are interleaved by time
   (spoken, else created), each note keeping its own order (a k-way merge that
   always takes the earliest head; ties cannot happen, the uid breaks them).
4. **Duplicates**: in one section, items of different notes are candidates when
   their texts are near-duplicates (Dice similarity of normalized tokens ≥ 0.6;
   in sections of more than 2,000 items, among items said or written within an
   hour of each other: overlapping turns write the same point at about the same
   time), or (interventions) when the same speaker spoke within two minutes. Connected candidates form one ``duplicate``
   decision; several bodies of a text section form one ``text`` decision. Decisions an earlier
   merge left open in a source (a merged file's) link their candidates too.

The proposed note applies each decision's default; :func:`resolve` applies the
rapporteur's choices instead. A merge allocates many objects and frees them all: automatic
garbage collection waits meanwhile (it would walk every live object, for nothing).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from itertools import accumulate, chain, islice
from operator import attrgetter, itemgetter, le

from ..domain import Item, Note, NoteStatus, Provenance, SectionKind
from ..frozen import constructor
from ..gcpolicy import paused
from ..i18n import _
from ..templates import Template
from .model import (
    Candidate,
    Decision,
    DecisionKind,
    MergeError,
    MergeOptions,
    MergeResult,
    Resolution,
    Row,
    Source,
)
from .text import similar_pairs, token_set, words

#: Namespace of the uids a merge derives (merged notes, renamed or split items).
MERGE_NAMESPACE = uuid.UUID("5b0c1d52-8a51-4f0e-9d0b-3c2f4e6a7b81")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def derived_uid(*parts: str) -> str:
    return str(uuid.uuid5(MERGE_NAMESPACE, "/".join(parts)))


def content_key(item: Item) -> tuple[object, ...]:
    """What makes two versions of an item the same content (authors and times do not)."""
    return (item.section, item.body, item.delegations, item.person, item.spoken_at, item.on_behalf_of)


class _Entry:
    """One item uid of the merge: the version it proposes and everything known about it."""

    __slots__ = ("uid", "item", "occurrences", "notes", "provenance", "at", "key", "norm", "toks")

    def __init__(self, uid: str, item: Item, occurrences: list[tuple[int, Item]], notes: frozenset[str],
                 provenance: list[Provenance]) -> None:
        self.uid = uid
        self.item = item  # the version the merge proposes
        self.occurrences = occurrences  # (source index, item) for every note that has the uid
        self.notes = notes  # uids of the notes that have it
        self.provenance = provenance  # may repeat itself; made a sorted set at the end
        # set by the later steps: ``at`` (when it was said or written, seconds, or None) and
        # ``key`` (reading order) once placed; ``norm`` (its folded words) and ``toks`` (content
        # tokens) once analysed
        self.at: float | None
        self.key: tuple[int, float, str]
        self.norm: str
        self.toks: set[str]


_KEY = attrgetter("key")


def _time(item: Item) -> float:
    return (item.modified_at - _EPOCH).total_seconds() if item.modified_at else float("-inf")


def _decision_id(kind: DecisionKind, section: str, parts: Iterable[str]) -> str:
    digest = hashlib.sha1("\x1f".join((kind.value, section, *sorted(parts))).encode("utf-8")).hexdigest()
    return f"{kind.value}-{digest[:12]}"


def _own_provenance(source: Source, item: Item) -> Iterable[Provenance]:
    if item.provenance:
        return item.provenance
    return (Provenance(source.note.uid, item.uid, item.author, source.files.get(item.uid, source.file)),)


def _canonical_sources(sources: Sequence[Source]) -> tuple[Source, ...]:
    """The sources sorted by note uid and file; identical keys (rare) by their whole content."""
    def key(s: Source) -> tuple[str, str, str]:
        return (s.note.uid, s.file, s.event_uid)

    ordered = sorted(sources, key=key)
    if len({key(s) for s in ordered}) < len(ordered):
        def full(s: Source) -> tuple[object, ...]:
            items = sorted((i.uid, repr(content_key(i)), _time(i), i.author, i.position) for i in s.note.items)
            return (*key(s), repr(items), repr(s.note), repr(s.decisions), repr(sorted(s.files.items())))

        ordered = sorted(ordered, key=full)
    return tuple(ordered)


def _check(sources: tuple[Source, ...]) -> None:
    if not sources:
        raise MergeError(_("Nothing to merge: no notes were given."))
    events = {s.event_uid or f"#{s.note.event_id}" for s in sources}
    if len(events) > 1:
        raise MergeError(_("Only notes of one event can be merged; these belong to {count} events.").format(
            count=len(events)))
    templates = sorted({s.note.template_id for s in sources})
    if len(templates) > 1:
        raise MergeError(_("Only notes of one template can be merged; these use {ids}.").format(ids=", ".join(templates)))


# -- 1. reconcile by uid --------------------------------------------------------------------------
def _reconcile(sources: tuple[Source, ...]) -> tuple[dict[str, _Entry], list[Decision]]:
    occurrences: dict[str, list[tuple[int, Item]]] = {}
    for index, source in enumerate(sources):
        for item in source.note.items:
            found = occurrences.get(item.uid)
            if found is None:
                occurrences[item.uid] = [(index, item)]
            else:
                found.append((index, item))
    note_sets = [frozenset((s.note.uid,)) for s in sources]
    entries: dict[str, _Entry] = {}
    decisions: list[Decision] = []
    for uid, occ in occurrences.items():
        if len(occ) == 1:  # the common case: one note has it
            index, item = occ[0]
            source = sources[index]
            provenance = list(item.provenance) if item.provenance else [
                _provenance(source.note.uid, uid, item.author, source.files.get(uid, source.file) if source.files
                            else source.file)]
            entries[uid] = _Entry(uid, item, occ, note_sets[index], provenance)
            continue
        newest = max(occ, key=lambda o: (_time(o[1]), o[1].author, o[0]))[1]
        entry = _Entry(uid, newest, occ, frozenset(sources[i].note.uid for i, _item in occ), [])
        for index, item in occ:
            entry.provenance.extend(_own_provenance(sources[index], item))
        versions: dict[tuple[object, ...], list[tuple[int, Item]]] = {}
        for index, item in occ:
            versions.setdefault(content_key(item), []).append((index, item))
        if len(versions) > 1:
            decision = _version_decision(uid, versions)
            entry.item = decision.candidates[decision.proposal].item
            decisions.append(decision)
        entries[uid] = entry
    return entries, decisions


def _version_decision(uid: str, versions: dict[tuple[object, ...], list[tuple[int, Item]]]) -> Decision:
    candidates = []
    for occ in versions.values():
        latest = max(occ, key=lambda o: (_time(o[1]), o[1].author, o[0]))[1]
        candidates.append(Candidate(latest, tuple(sorted({i for i, _item in occ}))))
    candidates.sort(key=lambda c: (_time(c.item), repr(content_key(c.item))))
    newest_time = _time(candidates[-1].item)
    tied = [i for i, c in enumerate(candidates) if _time(c.item) == newest_time]
    parts = [uid, *(repr(content_key(c.item)) for c in candidates)]
    section = candidates[-1].item.section
    if len(tied) == 1:
        return Decision(_decision_id(DecisionKind.UPDATE, section, parts), DecisionKind.UPDATE, section,
                        tuple(candidates), tied[0], Resolution.ACCEPT,
                        _("the version modified last replaces {count} older").format(count=len(candidates) - 1),
                        auto=True)
    proposal = max(tied, key=lambda i: (len(candidates[i].item.body.to_plain()), -i))
    return Decision(_decision_id(DecisionKind.CONFLICT, section, parts), DecisionKind.CONFLICT, section,
                    tuple(candidates), proposal, Resolution.ACCEPT,
                    _("{count} different versions modified at the same time").format(count=len(tied)))


# -- 2. lineage ---------------------------------------------------------------------------------------
def _absorb_lineage(entries: dict[str, _Entry]) -> None:
    descendants: dict[str, list[str]] = {}
    for uid, entry in entries.items():
        for p in entry.item.provenance:
            if p.item_uid and p.item_uid != uid and p.item_uid in entries:
                descendants.setdefault(p.item_uid, []).append(uid)
    for uid in sorted(descendants):
        entry = entries.get(uid)
        if entry is None:
            continue
        for target_uid in sorted(descendants[uid]):
            target = entries.get(target_uid)
            if target is None or entry.notes == target.notes:
                continue
            if content_key(entry.item) != content_key(target.item) and _time(entry.item) > _time(target.item):
                continue  # changed after it was merged: it stays a point of its own
            target.provenance.extend(entry.provenance)
            del entries[uid]
            break


# -- 3. reading order ---------------------------------------------------------------------------------
def _reading_order(sources: tuple[Source, ...], entries: dict[str, _Entry], sections: list[str]) -> dict[str, list[str]]:
    for entry in entries.values():  # when it was said or written, and its reading-order key
        item = entry.item
        when = item.spoken_at or item.created_at
        if when:
            entry.at = at = (when - _EPOCH).total_seconds()
            entry.key = (0, at, entry.uid)
        else:
            entry.at = None
            entry.key = (1, 0.0, entry.uid)
    by_section: dict[str, list[list[_Entry]]] = {}
    for source in sources:
        runs: dict[str, list[tuple[int, str, _Entry]]] = {}
        for item in source.note.items:
            entry = entries.get(item.uid)
            if entry is not None and entry.item.section == item.section:
                runs.setdefault(item.section, []).append((item.position, item.uid, entry))
        for section, run in runs.items():
            run.sort(key=_POSITION_UID)
            by_section.setdefault(section, []).append([r[2] for r in run])
    order: dict[str, list[str]] = {}
    for section in sections + sorted(set(by_section) - set(sections)):
        seqs = by_section.get(section)
        if seqs:
            order[section] = list(dict.fromkeys(map(_UID, _interleave(seqs))))
    return order


def _interleave(seqs: list[list[_Entry]]) -> list[_Entry]:
    """The k-way merge of ``seqs`` by reading-order key that always takes the earliest head (ties:
    the first sequence), as a stable sort in C.

    A sequence not in key order is keyed by the running maximum of its keys, and the merge is the
    same: when an item's key is below that of an earlier item of its sequence, that earlier item
    was taken first, as the earliest head of all, so every other head is later still, and the
    merge takes the items of this sequence until one is later than that maximum; with the running
    maximum, the sort does just that. A sequence in key order keeps its keys.
    """
    keys: list[tuple[int, float, str]] = []
    for seq in seqs:
        own = list(map(_KEY, seq))
        if not all(map(le, own, islice(own, 1, None))):
            own = list(accumulate(own, max))
        keys.extend(own)
    flat = list(chain.from_iterable(seqs))
    return list(map(flat.__getitem__, sorted(range(len(flat)), key=keys.__getitem__)))


_UID = attrgetter("uid")


_POSITION_UID = itemgetter(0, 1)


# -- 4. duplicates ------------------------------------------------------------------------------------
def _analyse(members: list[_Entry]) -> None:
    """Each entry's folded words and content tokens (once per merge)."""
    for e in members:
        blocks = e.item.body.blocks
        if len(blocks) == 1 and len(blocks[0].runs) == 1:  # one paragraph, one run: most items
            plain = blocks[0].runs[0].text
        else:
            plain = e.item.body.to_plain()
        found = words(plain)
        e.norm = " ".join(found)  # (the words themselves are freed at once, while in the cache)
        e.toks = token_set(found)


def _groups(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of two or more of ``range(n)`` (each in order, ordered by their first)."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: set[int] = set()
    for a, b in edges:
        linked.add(a)
        linked.add(b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[int]] = {}
    for i in sorted(linked):  # the others are alone
        clusters.setdefault(find(i), []).append(i)
    return [members for members in clusters.values() if len(members) > 1]


def _attribution(item: Item) -> tuple[object, ...]:
    return (frozenset(item.delegations), item.person.strip().casefold(), item.on_behalf_of)


def _section_decisions(section: str, kind: SectionKind, uids: list[str], entries: dict[str, _Entry],
                       options: MergeOptions, pending: Sequence[tuple[tuple[str, ...], str]] = ()) -> list[Decision]:
    """The decisions of one section; ``pending`` are the (item uids, reason) of decisions an
    earlier merge left open in a source, which join the candidates found here."""
    members = [entries[u] for u in uids]
    _analyse(members)
    if kind is SectionKind.TEXT:
        filled = [i for i, e in enumerate(members) if e.norm]
        if len(filled) < 2:
            return []
        similar = {(a, b) for a, b, _s in similar_pairs([members[i].toks for i in filled], options.similarity)}
        return [_cluster(section, DecisionKind.TEXT, [members[i] for i in filled], {
            (filled[a], filled[b]): _("texts are similar") for a, b in similar}, options)]
    reasons: dict[tuple[int, int], str] = {}

    def allowed(i: int, j: int) -> bool:
        return len(members[i].notes | members[j].notes) > 1

    groups = [next(iter(e.notes)) if len(e.notes) == 1 else ("several", e.uid) for e in members]
    if len(set(groups)) > 1:
        large = len(members) > options.window_from
        window = options.text_window.total_seconds() if options.text_window is not None and large else None
        times = [e.at for e in members]
        alike = _("texts {percent}% alike")
        for a, b, score in similar_pairs([e.toks for e in members], options.similarity,
                                         groups, times, window):
            reasons[(a, b)] = alike.format(percent=round(score * 100))
    if kind is SectionKind.INTERVENTIONS:
        window = options.time_window.total_seconds()
        timed: dict[str, list[tuple[float, int]]] = {}
        for i, e in enumerate(members):
            if e.item.spoken_at and e.item.speaker:  # then e.at is when it was spoken
                timed.setdefault(e.item.speaker, []).append((e.at, i))  # type: ignore[arg-type]
        same = _("same speaker ({speaker}) {seconds} s apart")
        for speaker, spoken in timed.items():
            spoken.sort()
            for x, (t1, i) in enumerate(spoken):
                for y in range(x + 1, len(spoken)):
                    t2, j = spoken[y]
                    if t2 - t1 > window:
                        break
                    a, b = min(i, j), max(i, j)
                    if allowed(a, b) and (a, b) not in reasons:
                        reasons[(a, b)] = same.format(speaker=speaker, seconds=round(t2 - t1))
    if pending:
        index = {e.uid: i for i, e in enumerate(members)}
        for group_uids, reason in pending:
            present = sorted({index[u] for u in group_uids if u in index})
            for other in present[1:]:
                reasons.setdefault((present[0], other), reason)
    clusters = _groups(len(members), reasons)
    where = {m: (c, k) for c, group in enumerate(clusters) for k, m in enumerate(group)}
    edges: list[dict[tuple[int, int], str]] = [{} for _c in clusters]
    for (a, b), reason in reasons.items():
        c, ka = where[a]
        edges[c][(ka, where[b][1])] = reason
    return [_cluster(section, DecisionKind.DUPLICATE, [members[g] for g in group], edges[c], options)
            for c, group in enumerate(clusters)]


def _cluster(section: str, kind: DecisionKind, group: list[_Entry], reasons: dict[tuple[int, int], str],
             options: MergeOptions) -> Decision:
    """One decision over entries in reading order; ``reasons`` are its edges (local indexes)."""
    norms = [e.norm for e in group]
    lengths = list(map(len, norms))
    proposal = lengths.index(max(lengths))  # the longest text, the first of equal ones
    candidates = tuple([_candidate(e.item, _holders(e)) for e in group])
    identical = len(set(norms)) == 1 and len({_attribution(e.item) for e in group}) == 1
    if identical:
        default, reason = Resolution.ACCEPT, _("identical text and attribution")
    else:
        kept, threshold = group[proposal].toks, options.similarity
        alike = all(_similar(e.toks, kept, threshold) for e in group if e.toks is not kept)
        default = Resolution.ACCEPT if alike else Resolution.KEEP_ALL
        reason = "; ".join(sorted(set(reasons.values()))) or _("one text section, several bodies")
    decision_id = _decision_id(kind, section, [e.uid for e in group])
    return _decision(decision_id, kind, section, candidates, proposal, default, reason, 1.0, identical)


_candidate = constructor(Candidate)  # Candidate(*values), faster
_decision = constructor(Decision)
_provenance = constructor(Provenance)


def _holders(e: _Entry) -> tuple[int, ...]:
    occ = e.occurrences
    return (occ[0][0],) if len(occ) == 1 else tuple(sorted({i for i, _item in occ}))


def _similar(a: set[str], b: set[str], threshold: float) -> bool:
    return bool(a) and bool(b) and 2 * len(a & b) / (len(a) + len(b)) >= threshold


# -- the whole -----------------------------------------------------------------------------------------
def merge(sources: Sequence[Source], template: Template | Mapping[str, SectionKind],
          options: MergeOptions | None = None) -> MergeResult:
    """Merge the notes of ``sources`` (all of one event and one template)."""
    # No cyclic collection meanwhile: a merge allocates many containers and frees them all, and
    # collections would walk every object alive (a fifth of a large merge's time). What is left
    # is mostly the result, which lives on: it joins the oldest generation without being walked.
    with paused(promote=True):
        return _merge(sources, template, options or MergeOptions())


def _merge(sources: Sequence[Source], template: Template | Mapping[str, SectionKind],
           options: MergeOptions) -> MergeResult:
    from .resolve import resolve

    canonical = _canonical_sources(sources)
    _check(canonical)
    if isinstance(template, Template):
        kinds = {spec.key: spec.kind for spec in template.content_sections()}
    else:
        kinds = dict(template)
    entries, decisions = _reconcile(canonical)
    _absorb_lineage(entries)
    order = _reading_order(canonical, entries, list(kinds))
    pending = _pending(canonical, entries, kinds)
    for section, uids in order.items():
        decisions.extend(_section_decisions(section, kinds.get(section, SectionKind.ITEMS), uids, entries, options,
                                            pending.get(section, ())))
    position = {uid: (s, i) for s, (_sec, uids) in enumerate(order.items()) for i, uid in enumerate(uids)}

    def first(d: Decision) -> tuple[int, int, str]:
        return (*min(position.get(c.item.uid, (len(order), 0)) for c in d.candidates), d.id)

    decisions.sort(key=first)
    slots = tuple(entries[uid].item for uids in order.values() for uid in uids)
    provenance = {}
    for uids in order.values():
        for uid in uids:
            held = entries[uid].provenance
            provenance[uid] = tuple(held) if len(held) == 1 else tuple(sorted(set(held), key=_provenance_key))
    result = MergeResult(canonical, _merged_head(canonical, bool(pending)), tuple(decisions), slots, provenance, kinds)
    return replace(result, note=resolve(result, {}))


def _pending(sources: tuple[Source, ...], entries: dict[str, _Entry],
             kinds: Mapping[str, SectionKind]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Per section, the decisions the sources were left with by an earlier merge that still have
    two candidates or more here: (item uids, reason). A text section holds one body: the earlier
    merge joined its candidates, and there is nothing left to choose between."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    seen: set[tuple[str, str]] = set()
    for source in sources:
        for d in source.decisions:
            if (source.note.uid, d.id) in seen:
                continue
            seen.add((source.note.uid, d.id))
            uids = tuple(u for u in dict.fromkeys(d.items) if u in entries and entries[u].item.section == d.section)
            if len(uids) > 1 and kinds.get(d.section) is not SectionKind.TEXT:
                out.setdefault(d.section, []).append((uids, d.reason or _("left open by an earlier merge")))
    return out


def _provenance_key(p: Provenance) -> tuple[str, str, str, str]:
    return (p.author.casefold(), p.note_uid, p.item_uid, p.file)


def _merged_head(sources: tuple[Source, ...], pending: bool = False) -> Note:
    """The merged note without its items: the one note when there is only one and nothing left
    to decide in it, else a new note of status "merged" made from the sources."""
    notes = {s.note.uid: s.note for s in sources}
    first = sources[0].note
    names: dict[str, None] = {}
    for s in sources:
        for name in s.note.notetakers:
            names.setdefault(name, None)
    if len(notes) == 1 and not pending:
        return replace(first, items=(), notetakers=tuple(names))
    uids = sorted(notes)
    return Note(
        id=None,
        event_id=first.event_id,
        template_id=first.template_id,
        template_version=max(n.template_version for n in notes.values()),
        status=NoteStatus.MERGED,
        notetakers=tuple(names),
        uid=derived_uid("merge", *uids),
        merged_from=tuple(uids),
    )


def layout(result: MergeResult) -> list[Row]:
    """The side-by-side rows of a merge: per section in reading order, one row per item, or per
    duplicate/text decision (all its candidates), each cell what one source holds."""
    group_of: dict[str, Decision] = {}
    conflict_of: dict[str, str] = {}
    for d in result.decisions:
        if d.kind in (DecisionKind.DUPLICATE, DecisionKind.TEXT):
            for c in d.candidates:
                group_of[c.item.uid] = d
        elif d.open:
            conflict_of[d.candidates[0].item.uid] = d.id
    slot_uids = {item.uid for item in result.slots}
    held: dict[str, list[tuple[int, Item]]] = {}
    for index, source in enumerate(result.sources):
        for item in source.note.items:
            if item.uid in slot_uids:
                held.setdefault(item.uid, []).append((index, item))
    rows = []
    done: set[str] = set()
    for slot in result.slots:
        if slot.uid in done:
            continue
        d = group_of.get(slot.uid)
        members = [c.item.uid for c in d.candidates] if d else [slot.uid]
        done.update(members)
        cells: list[list[Item]] = [[] for _s in result.sources]
        for m in members:
            for index, item in held.get(m, ()):
                cells[index].append(item)
        ids = ([d.id] if d else []) + [conflict_of[m] for m in members if m in conflict_of]
        rows.append(Row(slot.section, tuple(tuple(c) for c in cells), tuple(ids)))
    return rows
