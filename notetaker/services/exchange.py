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

from ..capture.batch import Batch
from ..domain import ChangeSet, Item, Note, NoteStatus, OpenDecision, SectionKind, clean_names
from ..i18n import _, ngettext
from ..storage import Database, imports, reads
from ..storage.convert import event_to_row
from ..storage.items import LOCKED_NOTE, ItemWriter, Refused
from ..storage.models import DelegationRow, EventRow, NoteRow, utcnow
from ..templates import Template, TemplateLibrary
from .base import Changed, NotFound, ValidationError

if TYPE_CHECKING:
    from ..exchange.document import NoteDocument
    from ..merge import MergeResult
    from ..storage.orm import Session


class ImportRefused(ValidationError):
    """A document that cannot be imported into this database; the message says why."""


@dataclass(frozen=True, slots=True)
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
    updates: list[Item] = field(default_factory=list)  # the file's newer versions of items here
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
            writer = ItemWriter(s.connection(), self._templates)
            plans = [self._plan(s, writer, doc, set()).plan for doc in docs]
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
            writer = ItemWriter(s.connection(), self._templates)
            for doc in docs:
                work = self._plan(s, writer, doc, added_codes)
                plan = self._apply(s, writer, doc, work)
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

    def _plan(self, s: Session, writer: ItemWriter, doc: NoteDocument, added_codes: set[str]) -> _Work:
        source = doc.source or doc.note.uid
        template = self.check_template(doc)
        note = doc.note
        warnings = []
        if note.template_version > template.version:
            warnings.append(_("the note was written with version {theirs} of the template {id}; version {ours} is installed").format(
                theirs=note.template_version, id=template.id, ours=template.version))
        event_row = imports.event_row(s, doc.event.uid)
        note_row = imports.note_row(s, note.uid)
        if note_row is not None and (event_row is None or note_row.event_id != event_row.id):
            raise ImportRefused(_("{source}: the note {uid} is already in this database under another event").format(
                source=source, uid=note.uid))
        if event_row is not None and event_row.title != doc.event.title:
            warnings.append(_("the event is already here as “{title}”; its details are kept as they are").format(
                title=event_row.title))
        existing = writer.items_by_uid([i.uid for i in note.items])
        work = _Work(ImportPlan(source, doc.event.uid, doc.event.title, event_row is not None, note.uid,
                                note_row is not None, note.notetakers), template)
        new = updated = unchanged = kept = 0
        for item in note.items:
            found = existing.get(item.uid)
            if found is None:
                work.inserts.append(item)
                new += 1
                continue
            owner, here = found
            if note_row is None or owner != note_row.id:
                raise ImportRefused(_("{source}: the item {uid} already belongs to another note in this database").format(
                    source=source, uid=item.uid))
            if _same_item(here, item):
                unchanged += 1
            elif item.modified_at is not None and (here.modified_at is None or item.modified_at > here.modified_at):
                work.updates.append(item)
                updated += 1
            else:
                kept += 1
        if note_row is not None and note_row.locked and (new or updated):
            raise ImportRefused(_("{source}: {reason}").format(source=source, reason=_(LOCKED_NOTE)))
        known = imports.delegation_codes(s) | added_codes
        wanted = {c for i in note.items for c in (*i.delegations, i.on_behalf_of) if c}
        new_codes = tuple(sorted(wanted - known))
        kept_ids = set() if note_row is None else imports.open_decision_ids(s, note_row.id)
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

    def _apply(self, s: Session, writer: ItemWriter, doc: NoteDocument, work: _Work) -> ImportPlan:
        plan = work.plan
        by_code = doc.delegation_map()
        for code in plan.new_delegations:
            d = by_code[code]
            s.add(DelegationRow(code=code, kind=d.kind.value, names=dict(d.names), acronyms=dict(d.acronyms),
                                members=list(d.members), builtin=False))
        event_row = imports.event_row(s, doc.event.uid)
        if event_row is None:
            event_row = EventRow(uid=doc.event.uid)
            event_to_row(doc.event, event_row)
            s.add(event_row)
            s.flush()
        note_row = imports.note_row(s, doc.note.uid)
        now = utcnow()
        batch = Batch()
        if note_row is None:
            n = doc.note
            note_row = NoteRow(uid=n.uid, event_id=event_row.id, template_id=n.template_id,
                               template_version=n.template_version, status=n.status.value,
                               notetakers=clean_names(n.notetakers), merged_from=list(n.merged_from),
                               locked=False, created_at=n.created_at or now, updated_at=n.updated_at or now)
            s.add(note_row)
        elif work.inserts or work.updates:
            names = list(note_row.notetakers or [])
            batch.put_note(note_row.id, notetakers=names + [n for n in doc.note.notetakers if n not in names])
        s.flush()  # the rows added so far, before the items are written beside them
        note_id = note_row.id
        written = [*work.updates, *work.inserts]
        for item in written:
            batch.put_item(note_id, item)
        for section in sorted({i.section for i in work.inserts}):
            # The file's new items go where their positions say among those here (here first on a tie).
            here = [(position, 0, k, uid) for k, (uid, position) in enumerate(writer.section_order(note_id, section))]
            new = [(i.position, 1, k, i.uid) for k, i in enumerate(work.inserts) if i.section == section]
            batch.put_order(note_id, section, tuple(uid for *_rank, uid in sorted(here + new)))
        try:
            writer.apply(batch, keep_times=True)
        except Refused as exc:
            raise ImportRefused(_("{source}: {reason}").format(source=plan.source, reason=exc)) from exc
        if doc.source and written:  # each item written remembers the file it came from
            ids = [item.id for _owner, item in writer.items_by_uid([i.uid for i in written]).values()]
            imports.remember_file(s, (i for i in ids if i is not None), doc.source, now)
        imports.keep_open_decisions(s, note_id, work.decisions, now)
        s.flush()
        return _replace(plan, note_id=note_id, event_id=event_row.id)

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
            if imports.note_row(s, note.uid) is not None:
                raise ValidationError(_("This merge was already saved (note {uid}).").format(uid=note.uid))
            writer = ItemWriter(s.connection(), self._templates)
            uids = [i.uid for i in note.items]
            if len(set(uids)) != len(uids) or writer.items_by_uid(uids):
                raise ValidationError(_("The merged items must have new uids."))
            now = utcnow()
            row = NoteRow(uid=note.uid, event_id=event_id, template_id=note.template_id,
                          template_version=note.template_version, status=NoteStatus.MERGED.value,
                          notetakers=clean_names(note.notetakers), merged_from=list(note.merged_from),
                          locked=False, created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            note_id = row.id
            batch = Batch()
            for item in note.items:
                batch.put_item(note_id, item)
            for section in sorted({i.section for i in note.items}):  # in the order of their positions
                ranked = sorted((i.position, k, i.uid) for k, i in enumerate(note.items) if i.section == section)
                batch.put_order(note_id, section, tuple(uid for *_rank, uid in ranked))
            try:
                writer.apply(batch, keep_times=True)
            except Refused as exc:
                raise ValidationError(str(exc)) from exc
            locked = imports.lock_notes(s, note.merged_from) if lock_sources and note.merged_from else []
        with self._db.reading() as con:
            saved = reads.note(con, note_id)
        assert saved is not None
        return Changed(saved, ChangeSet(events=frozenset({event_id}), notes=frozenset({note_id, *locked}), content=frozenset({note_id})))


def _replace(plan: ImportPlan, **kw: object) -> ImportPlan:
    return replace(plan, **kw)  # type: ignore[arg-type]


def _same_item(here: Item, item: Item) -> bool:
    return (here.section == item.section and here.body == item.body and here.delegations == item.delegations
            and here.person == item.person and here.spoken_at == item.spoken_at
            and here.on_behalf_of == item.on_behalf_of and here.author == item.author)
