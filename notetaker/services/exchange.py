"""Importing exchange documents and saving merged notes, each in one transaction.

The rules (documented in ``docs/exchange-format.md``):

- everything is matched by uid: an event, note or item already in the database
  is never created twice, so importing the same file again changes nothing;
- an item already here is replaced only by a version modified strictly later,
  and an item the database has but the file lacks is kept (an import never
  deletes);
- delegation codes the database does not know are added as user (non-built-in)
  delegations under the file's names; a code the database knows keeps its own
  names;
- the decisions a merged file leaves open are kept with its note, and each item
  written keeps the name of the file it came from (for provenance);
- any problem refuses the whole batch before a single row is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..domain import ChangeSet, Item, Note, NoteStatus, OpenDecision, SectionKind
from ..frozen import record
from ..i18n import _, ngettext
from ..richtext import RichText
from ..storage import Database, imports, reads
from ..storage.convert import event_to_row, item_from_row, note_from_row, provenance_to_data
from ..storage.models import (
    DelegationRow,
    EventRow,
    ItemDelegationRow,
    ItemRow,
    ItemSourceRow,
    NoteRow,
    OpenDecisionRow,
    utcnow,
)
from ..templates import Template, TemplateLibrary
from .base import Changed, NotFound, ValidationError

if TYPE_CHECKING:
    from ..exchange.document import NoteDocument
    from ..merge import MergeResult


class ImportRefused(ValidationError):
    """A document that cannot be imported into this database; the message says why."""


@record
class ImportPlan:
    """What importing one document does (or did): the preview shown before committing."""

    source: str
    event_uid: str
    event_title: str
    event_exists: bool
    note_uid: str
    note_exists: bool
    notetakers: tuple[str, ...]
    items_new: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_kept_local: int = 0  # the database holds a newer version
    new_delegations: tuple[str, ...] = ()
    open_decisions: int = 0  # decisions a merged file leaves open that are kept with its note
    warnings: tuple[str, ...] = ()
    note_id: int | None = None  # after the import
    event_id: int | None = None

    @property
    def changes_anything(self) -> bool:
        return bool(not self.event_exists or not self.note_exists or self.items_new or self.items_updated
                    or self.new_delegations or self.open_decisions)


@dataclass
class _Work:
    plan: ImportPlan
    template: Template
    updates: list[tuple[ItemRow, Item]] = field(default_factory=list)
    inserts: list[Item] = field(default_factory=list)
    decisions: list[OpenDecision] = field(default_factory=list)  # to keep with the note


class ExchangeService:
    def __init__(
        self, db: Database, templates: TemplateLibrary, on_delegations: Callable[[], object] | None = None
    ):
        self._db = db
        self._templates = templates
        self._on_delegations = on_delegations  # called after delegations were added

    # -- import ------------------------------------------------------------------------------
    def preview(self, docs: Sequence[NoteDocument]) -> list[ImportPlan]:
        """What importing ``docs`` would do; raises :class:`ImportRefused` for a document that
        cannot be imported. Reads only."""
        with self._db.session() as s:
            plans = [self._plan(s, doc, set()).plan for doc in docs]
            s.rollback()
        return plans

    def check_template(self, doc: NoteDocument) -> Template:
        """The installed template of ``doc``, after checking that every item fits it."""
        note = doc.note
        try:
            template = self._templates.get(note.template_id)
        except KeyError:
            raise ImportRefused(_("{source}: the note uses the template '{id}', which is not installed here").format(
                source=doc.source or note.uid, id=note.template_id)) from None
        kinds = {spec.key: spec.kind for spec in template.content_sections()}
        text_seen: set[str] = set()
        for index, item in enumerate(note.items):
            kind = kinds.get(item.section)
            if kind is None:
                raise ImportRefused(_("{source}: items[{index}].section: the template {id} has no section '{key}'").format(
                    source=doc.source or note.uid, index=index, id=template.id, key=item.section))
            if kind is SectionKind.TEXT:
                if item.section in text_seen:
                    raise ImportRefused(_("{source}: items[{index}]: the text section '{key}' holds one body, and this is a second").format(
                        source=doc.source or note.uid, index=index, key=item.section))
                text_seen.add(item.section)
        return template

    def import_documents(self, docs: Sequence[NoteDocument]) -> Changed[list[ImportPlan]]:
        """Import every document in one transaction: all of them, or (on any error) none."""
        self.preview(docs)  # refuse before opening a transaction that writes
        changes = ChangeSet()
        plans: list[ImportPlan] = []
        added_codes: set[str] = set()
        with self._db.session() as s:
            for doc in docs:
                work = self._plan(s, doc, added_codes)
                plan = self._apply(s, doc, work)
                added_codes.update(plan.new_delegations)
                plans.append(plan)
                if plan.changes_anything:
                    assert plan.note_id is not None and plan.event_id is not None
                    changes |= ChangeSet(
                        events=frozenset({plan.event_id}),
                        notes=frozenset({plan.note_id}),
                        content=frozenset({plan.note_id}),
                        delegations=bool(plan.new_delegations),
                    )
        if added_codes and self._on_delegations is not None:
            self._on_delegations()
        return Changed(plans, changes)

    def _plan(self, s: Session, doc: NoteDocument, added_codes: set[str]) -> _Work:
        source = doc.source or doc.note.uid
        template = self.check_template(doc)
        note = doc.note
        warnings = []
        if note.template_version > template.version:
            warnings.append(_("the note was written with version {theirs} of the template {id}; version {ours} is installed").format(
                theirs=note.template_version, id=template.id, ours=template.version))
        event_row = s.scalar(select(EventRow).where(EventRow.uid == doc.event.uid))
        note_row = s.scalar(select(NoteRow).where(NoteRow.uid == note.uid))
        if note_row is not None and (event_row is None or note_row.event_id != event_row.id):
            raise ImportRefused(_("{source}: the note {uid} is already in this database under another event").format(
                source=source, uid=note.uid))
        if event_row is not None and event_row.title != doc.event.title:
            warnings.append(_("the event is already here as “{title}”; its details are kept as they are").format(
                title=event_row.title))
        uids = [i.uid for i in note.items]
        existing: dict[str, ItemRow] = {}
        for chunk in range(0, len(uids), 500):
            for row in s.scalars(select(ItemRow).where(ItemRow.uid.in_(uids[chunk:chunk + 500]))):
                existing[row.uid] = row
        work = _Work(ImportPlan(source, doc.event.uid, doc.event.title, event_row is not None, note.uid,
                                note_row is not None, note.notetakers), template)
        new = updated = unchanged = kept = 0
        for item in note.items:
            row = existing.get(item.uid)
            if row is None:
                work.inserts.append(item)
                new += 1
                continue
            if note_row is None or row.note_id != note_row.id:
                raise ImportRefused(_("{source}: the item {uid} already belongs to another note in this database").format(
                    source=source, uid=item.uid))
            if _same_item(row, item):
                unchanged += 1
            elif item.modified_at is not None and (row.modified_at is None or item.modified_at > row.modified_at):
                work.updates.append((row, item))
                updated += 1
            else:
                kept += 1
        if note_row is not None and note_row.locked and (new or updated):
            raise ImportRefused(_("{source}: the note is already here and locked (merged or final); "
                                  "it cannot take the file's {count} new or changed items").format(source=source, count=new + updated))
        known = set(s.scalars(select(DelegationRow.code))) | added_codes
        wanted = {c for i in note.items for c in (*i.delegations, i.on_behalf_of) if c}
        new_codes = tuple(sorted(wanted - known))
        kept_ids = set() if note_row is None else set(s.scalars(
            select(OpenDecisionRow.decision_id).where(OpenDecisionRow.note_id == note_row.id)))
        work.decisions = [d for d in doc.open_decisions if d.id not in kept_ids]
        if work.decisions and note_row is not None and note_row.locked:
            warnings.append(ngettext(
                "the note is locked (merged or final): the file's {count} open decision is not kept",
                "the note is locked (merged or final): the file's {count} open decisions are not kept",
                len(work.decisions)).format(count=len(work.decisions)))
            work.decisions = []
        work.plan = _replace(work.plan, items_new=new, items_updated=updated, items_unchanged=unchanged,
                             items_kept_local=kept, new_delegations=new_codes, open_decisions=len(work.decisions),
                             warnings=tuple(warnings), note_id=note_row.id if note_row else None,
                             event_id=event_row.id if event_row else None)
        return work

    def _apply(self, s: Session, doc: NoteDocument, work: _Work) -> ImportPlan:
        plan = work.plan
        by_code = doc.delegation_map()
        for code in plan.new_delegations:
            d = by_code[code]
            s.add(DelegationRow(code=code, kind=d.kind.value, names=dict(d.names), acronyms=dict(d.acronyms),
                                members=list(d.members), builtin=False))
        if plan.new_delegations:
            s.flush()
        event_row = s.scalar(select(EventRow).where(EventRow.uid == doc.event.uid))
        if event_row is None:
            event_row = EventRow(uid=doc.event.uid)
            event_to_row(doc.event, event_row)
            s.add(event_row)
            s.flush()
        note_row = s.scalar(select(NoteRow).where(NoteRow.uid == doc.note.uid))
        now = utcnow()
        if note_row is None:
            n = doc.note
            note_row = NoteRow(uid=n.uid, event_id=event_row.id, template_id=n.template_id,
                               template_version=n.template_version, status=n.status.value,
                               notetakers=list(n.notetakers), merged_from=list(n.merged_from),
                               locked=False, created_at=n.created_at or now, updated_at=n.updated_at or now)
            s.add(note_row)
            s.flush()
        elif work.inserts or work.updates:
            names = list(note_row.notetakers or [])
            note_row.notetakers = names + [n for n in doc.note.notetakers if n not in names]
            note_row.updated_at = now
        for row, item in work.updates:
            _fill_row(row, item)
            row.attributions.clear()
            s.flush()
            row.attributions.extend(ItemDelegationRow(delegation_code=c, position=i) for i, c in enumerate(item.delegations))
        rows = [_new_row(note_row.id, item) for item in work.inserts]
        s.add_all(rows)
        s.flush()
        if work.inserts:
            _renumber(s, note_row.id, {i.section for i in work.inserts})
        if doc.source:  # each item written remembers the file it came from
            for row in [*rows, *(r for r, _item in work.updates)]:
                source = s.get(ItemSourceRow, row.id)
                if source is None:
                    s.add(ItemSourceRow(item_id=row.id, file=doc.source, updated_at=now))
                else:
                    source.file, source.updated_at = doc.source, now
        first = 1 + (s.scalar(select(func.max(OpenDecisionRow.position))
                              .where(OpenDecisionRow.note_id == note_row.id)) or 0)
        s.add_all(OpenDecisionRow(note_id=note_row.id, decision_id=d.id, kind=d.kind, section=d.section,
                                  members=list(d.items), reason=d.reason, position=first + k, created_at=now)
                  for k, d in enumerate(work.decisions))
        s.flush()
        return _replace(plan, note_id=note_row.id, event_id=event_row.id)

    # -- what imports keep ---------------------------------------------------------------------
    def open_decisions(self, note_id: int) -> tuple[OpenDecision, ...]:
        """The decisions note ``note_id`` was imported with (a merged file's open ones), for the
        rapporteur to make; they stay with the note (a merge of it takes them up again)."""
        with self._db.reading() as con:
            return imports.open_decisions(con, note_id)

    def item_files(self, note_id: int) -> dict[str, str]:
        """Item uid -> the name of the exchange file each imported item of the note came from."""
        with self._db.reading() as con:
            return imports.item_files(con, note_id)

    # -- merged notes --------------------------------------------------------------------------
    def merge_notes(
        self, note_ids: Sequence[int], event_uid: str = "", files: Mapping[str, str] | None = None
    ) -> MergeResult:
        """The merge of the notes ``note_ids`` as they are stored, with what their imports kept
        (open decisions, the file of each item); ``files``: note uid -> the file it came from."""
        from ..merge import MergeError, Source, merge

        files = files or {}
        with self._db.reading() as con:
            notes = []
            for note_id in note_ids:
                note = reads.note(con, note_id)
                if note is None:
                    raise NotFound(_("There is no note {id}.").format(id=note_id))
                notes.append(note)
            sources = [
                Source(n, files.get(n.uid, ""), event_uid, imports.open_decisions(con, n.id),
                       imports.item_files(con, n.id))
                for n in notes
            ]
        if not notes:
            raise ValidationError(_("Choose the notes to merge."))
        try:
            template = self._templates.get(notes[0].template_id)
        except KeyError as exc:
            raise ValidationError(
                _("This note's template is not installed: {error}").format(error=exc.args[0])
            ) from None
        try:
            return merge(sources, template)
        except MergeError as exc:
            raise ValidationError(str(exc)) from None

    def save_merged(self, event_id: int, note: Note, lock_sources: bool = True) -> Changed[Note]:
        """Store ``note`` (a merge result whose item uids are new) as a note of status "merged"
        and lock its source notes (``note.merged_from``) read-only, in one transaction."""
        self._templates.get(note.template_id)
        with self._db.session() as s:
            if s.get(EventRow, event_id) is None:
                raise ValidationError(_("There is no event {id}.").format(id=event_id))
            if s.scalar(select(NoteRow.id).where(NoteRow.uid == note.uid)) is not None:
                raise ValidationError(_("This merge was already saved (note {uid}).").format(uid=note.uid))
            uids = [i.uid for i in note.items]
            if len(set(uids)) != len(uids) or s.scalar(select(ItemRow.id).where(ItemRow.uid.in_(uids)).limit(1)):
                raise ValidationError(_("The merged items must have new uids."))
            now = utcnow()
            row = NoteRow(uid=note.uid, event_id=event_id, template_id=note.template_id,
                          template_version=note.template_version, status=NoteStatus.MERGED.value,
                          notetakers=list(note.notetakers), merged_from=list(note.merged_from),
                          locked=False, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            s.add_all(_new_row(row.id, item) for item in note.items)
            s.flush()
            _renumber(s, row.id, {i.section for i in note.items})
            locked = []
            if lock_sources and note.merged_from:
                for source in s.scalars(select(NoteRow).where(NoteRow.uid.in_(list(note.merged_from)))):
                    source.locked = True
                    locked.append(source.id)
            s.flush()
            items = s.scalars(select(ItemRow).where(ItemRow.note_id == row.id)
                              .options(selectinload(ItemRow.attributions))
                              .order_by(ItemRow.section, ItemRow.position, ItemRow.id)).all()
            saved = note_from_row(row, [item_from_row(i) for i in items])
        assert saved.id is not None
        return Changed(saved, ChangeSet(events=frozenset({event_id}), notes=frozenset({saved.id, *locked}), content=frozenset({saved.id})))


def _replace(plan: ImportPlan, **kw: object) -> ImportPlan:
    return replace(plan, **kw)  # type: ignore[arg-type]


def _same_item(row: ItemRow, item: Item) -> bool:
    return (row.section == item.section and RichText.from_json(row.body) == item.body
            and tuple(a.delegation_code for a in row.attributions) == item.delegations
            and row.person == item.person and row.spoken_at == item.spoken_at
            and row.on_behalf_of == item.on_behalf_of and row.author == item.author)


def _fill_row(row: ItemRow, item: Item) -> None:
    row.section = item.section
    row.body = item.body.to_json()
    row.person = item.person
    row.spoken_at = item.spoken_at
    row.author = item.author
    row.on_behalf_of = item.on_behalf_of
    row.provenance = provenance_to_data(item.provenance)
    if item.modified_at is not None:
        row.modified_at = item.modified_at


def _new_row(note_id: int, item: Item) -> ItemRow:
    now = utcnow()
    row = ItemRow(uid=item.uid, note_id=note_id, position=item.position,
                  created_at=item.created_at or now, modified_at=item.modified_at or item.created_at or now)
    _fill_row(row, item)
    row.attributions = [ItemDelegationRow(delegation_code=c, position=i) for i, c in enumerate(item.delegations)]
    return row


def _renumber(s: Session, note_id: int, sections: set[str]) -> None:
    """Positions 0..n-1 in each section, keeping the order the positions gave (ties by id)."""
    for section in sorted(sections):
        rows = s.scalars(select(ItemRow).where(ItemRow.note_id == note_id, ItemRow.section == section)
                         .order_by(ItemRow.position, ItemRow.id)).all()
        for index, r in enumerate(rows):
            if r.position != index:
                r.position = index
