"""The rapporteur's view: several notes of one event side by side, and the merge decisions.

Sources are the event's notes (files are imported first, with their preview).
A merged note imported with decisions still open brings them back here, and each
imported item names the file it came from.
For the section chosen on the left, each row is one point in reading order,
each column what one notetaker wrote of it, with the time it was said or
written. Rows the merge engine has doubts about are highlighted: possible
duplicates, conflicting versions, several bodies for one text. Everything is
reachable from the keyboard:

=============  =================================================
A              accept the proposal (or the candidate chosen with 1-9)
1 … 9          keep that candidate only
K              keep both (all candidates)
D              drop the point
E              edit the kept text
N / P          next / previous open decision (across sections)
Ctrl+S         save as a new merged note (the sources become read-only)
=============  =================================================
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notetaker.domain import Event, Item, Note, NoteStatus
from notetaker.i18n import _, ngettext
from notetaker.merge import (
    Choice,
    Decision,
    DecisionKind,
    MergeResult,
    Resolution,
    Row,
    Source,
    finalize,
    resolve,
)
from notetaker.merge.engine import layout
from notetaker.richtext import RichText
from notetaker.roster import display_name
from notetaker.timezones import to_local

from ..context import AppContext
from ..formatting import status_labels
from ..widgets.actions import make_action

COLORS = {
    DecisionKind.DUPLICATE: QColor("#fff3bf"),
    DecisionKind.CONFLICT: QColor("#ffd6d6"),
    DecisionKind.TEXT: QColor("#d8ecff"),
}
RESOLVED_COLOR = QColor("#e6f4ea")
DECISION_ROLE = Qt.ItemDataRole.UserRole + 1


class EditDialog(QDialog):
    """Edit the text kept for one decision (plain text, one paragraph per line)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Edit the point"))
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName(_("Text of the point"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()


class RapporteurView(QDialog):
    """Merge the notes of one event: compare, decide, save."""

    def __init__(self, ctx: AppContext, meeting: Event, note_ids: Sequence[int] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting = meeting
        self.files: dict[str, str] = {}  # note uid -> file it was imported from (this session)
        self.merged: MergeResult | None = None
        self.rows: list[Row] = []
        self.choices: dict[str, Choice] = {}
        self.saved: Note | None = None
        self.active_dialog: QDialog | None = None
        self._roster = ctx.run(ctx.core.delegations.by_code) or {}
        self.setWindowTitle(_("Merge notes — {title}").format(title=self.meeting.title))
        self.setAccessibleName(_("Merge notes"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1280, 800)

        self.sources_list = QListWidget()
        self.sources_list.setAccessibleName(_("Notes to merge"))
        self.sources_list.itemChanged.connect(lambda _item: self.rebuild())
        self.add_files_button = QPushButton(_("Add &files…"))
        self.add_files_button.clicked.connect(self.add_files)
        self.sections = QListWidget()
        self.sections.setAccessibleName(_("Sections"))
        self.sections.currentRowChanged.connect(lambda _row: self.show_section())
        self.table = QTableWidget()
        self.table.setAccessibleName(_("Notes side by side"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.status.setAccessibleName(_("Open decisions"))
        self.save_button = QPushButton(_("&Save merged note"))
        self.save_button.clicked.connect(self.save)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(_("Notes")))
        left_layout.addWidget(self.sources_list, 1)
        left_layout.addWidget(self.add_files_button)
        left_layout.addWidget(QLabel(_("Sections")))
        left_layout.addWidget(self.sections, 2)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._make_actions()
        self.load_sources(note_ids)

    # -- actions ------------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut  # (in this view, whatever has the focus in it)
        self.accept_action = make_action(self, _("Accept"), lambda: self.decide(Resolution.ACCEPT), "A", context=here)
        self.keep_all_action = make_action(
            self, _("Keep both"), lambda: self.decide(Resolution.KEEP_ALL), ("K", "B"), context=here
        )
        self.drop_action = make_action(self, _("Drop"), lambda: self.decide(Resolution.DROP), "D", context=here)
        self.edit_action = make_action(self, _("Edit…"), self.edit_current, ("E", "F2"), context=here)
        self.next_action = make_action(
            self, _("Next open decision"), lambda: self.go_to_open(1), ("N", "F8"), context=here
        )
        self.previous_action = make_action(
            self, _("Previous open decision"), lambda: self.go_to_open(-1), ("P", "Shift+F8"), context=here
        )
        self.save_action = make_action(
            self, _("Save merged note"), self.save, QKeySequence.StandardKey.Save, context=here
        )
        for n in range(1, 10):
            make_action(self, _("Keep candidate {n}").format(n=n), lambda n=n: self.decide(Resolution.ACCEPT, n - 1),
                        str(n), context=here)

    # -- sources -------------------------------------------------------------------------------------
    def load_sources(self, checked: Sequence[int] | None = None) -> None:
        """List the event's notes; ``checked`` (default: every note still being captured) take part."""
        listing = self.ctx.run(self.ctx.core.events.list) or []
        entry = next((e for e in listing if e.event.id == self.meeting.id), None)
        notes = entry.notes if entry else ()
        self.sources_list.blockSignals(True)
        self.sources_list.clear()
        for summary in notes:
            label = _("Note {id}: {names} ({status})").format(
                id=summary.id, names=", ".join(summary.notetakers) or "—", status=status_labels()[summary.status])
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            take = summary.id in checked if checked is not None else summary.status is NoteStatus.CAPTURING
            item.setCheckState(Qt.CheckState.Checked if take else Qt.CheckState.Unchecked)
            self.sources_list.addItem(item)
        self.sources_list.blockSignals(False)
        self.rebuild()

    def checked_note_ids(self) -> list[int]:
        out = []
        for row in range(self.sources_list.count()):
            item = self.sources_list.item(row)
            if item.checkState() is Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def add_files(self, paths: Sequence[str] | None = None) -> QDialog | None:
        """Import files (after their preview) and add their notes to the merge."""
        from PySide6.QtWidgets import QFileDialog

        from .import_dialog import ImportDialog, file_filter

        if paths is None:
            chosen, _selected = QFileDialog.getOpenFileNames(self, _("Add notes to merge"), "", file_filter())
            paths = chosen
        if not paths:
            return None
        dialog = ImportDialog(self.ctx, paths, self)
        self.active_dialog = dialog
        dialog.accepted.connect(lambda: self._files_imported(dialog))
        dialog.open()
        return dialog

    def _files_imported(self, dialog: QDialog) -> None:
        from .import_dialog import imported_note_ids, source_names

        self.files.update(source_names(dialog))  # type: ignore[arg-type]
        self.active_dialog = None
        self.load_sources(sorted(set(self.checked_note_ids()) | set(imported_note_ids(dialog))))  # type: ignore[arg-type]

    # -- the merge ----------------------------------------------------------------------------------
    def rebuild(self) -> None:
        ids = self.checked_note_ids()
        self.choices.clear()
        self.merged = None
        if ids and self.ctx.confirm_synced(_("the merge"), self):  # (what was just typed takes part)
            # each imported item names the file it came from (stored with it)
            self.merged = self.ctx.run(self.ctx.core.exchange.merge_notes, ids, self.meeting.uid, self.files)
        self.rows = layout(self.merged) if self.merged else []
        self._fill_sections()
        self._update_status()

    def _fill_sections(self) -> None:
        current = self.current_section()
        self.sections.blockSignals(True)
        self.sections.clear()
        if self.merged is not None:
            template = self.ctx.core.templates.get(self.merged.note.template_id)
            for spec in template.content_sections():
                rows = [r for r in self.rows if r.section == spec.key]
                if not rows:
                    continue
                open_count = sum(1 for r in rows if self._open_in(r))
                label = spec.title(self.ctx.lang) + (f"  ({open_count})" if open_count else "")
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                self.sections.addItem(item)
        self.sections.blockSignals(False)
        keys = [self.sections.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.sections.count())]
        self.sections.setCurrentRow(keys.index(current) if current in keys else 0 if keys else -1)
        self.show_section()

    def current_section(self) -> str | None:
        item = self.sections.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def section_rows(self) -> list[Row]:
        key = self.current_section()
        return [r for r in self.rows if r.section == key]

    def show_section(self, select: int = 0) -> None:
        result, rows = self.merged, self.section_rows()
        self.table.clear()
        if result is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        headers = [self._source_label(s) for s in result.sources] + [_("Decision")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            decision = self._decision(row)
            kept = self._kept_uids(decision)
            for c, cell in enumerate(row.cells):
                text = "\n— ".join(self._cell_text(i, kept) for i in cell)
                item = QTableWidgetItem(text)
                item.setData(DECISION_ROLE, decision.id if decision else "")
                if decision is not None:
                    color = RESOLVED_COLOR if decision.id in self.choices or decision.auto else COLORS[decision.kind]
                    item.setBackground(QBrush(color))
                self.table.setItem(r, c, item)
            status = QTableWidgetItem(self._status_text(decision))
            status.setData(DECISION_ROLE, decision.id if decision else "")
            self.table.setItem(r, len(row.cells), status)
        self.table.resizeColumnsToContents()
        for c in range(len(result.sources)):
            self.table.setColumnWidth(c, max(220, min(self.table.columnWidth(c), 420)))
        self.table.resizeRowsToContents()
        if rows:
            self.table.setCurrentCell(min(select, len(rows) - 1), 0)

    def _source_label(self, source: Source) -> str:
        names = ", ".join(source.note.notetakers) or _("note {id}").format(id=source.note.id)
        files = ", ".join(sorted({*source.files.values(), *([source.file] if source.file else [])}))
        return f"{names}\n{files}" if files else names

    def _cell_text(self, item: Item, kept: set[str] | None) -> str:
        when = item.spoken_at or item.created_at
        stamp = to_local(when, self.meeting.timezone).strftime("%H:%M") if when else ""
        speaker = ""
        if item.delegations:
            names = [display_name(self._roster[c], self.ctx.lang) if c in self._roster else c for c in item.delegations]
            speaker = "; ".join(names)
        head = " ".join(p for p in (stamp, f"[{speaker}]" if speaker else "") if p)
        mark = ""
        if kept is not None:
            mark = "✔ " if item.uid in kept else "✘ "
        body = item.body.to_plain().strip()
        return f"{mark}{head}\n{body}" if head else f"{mark}{body}"

    # -- decisions ----------------------------------------------------------------------------------
    def _decision(self, row: Row) -> Decision | None:
        if self.merged is None or not row.decisions:
            return None
        return self.merged.decision(row.decisions[0])

    def _open_in(self, row: Row) -> bool:
        d = self._decision(row)
        return d is not None and d.open and d.id not in self.choices

    def current_decision(self) -> Decision | None:
        rows = self.section_rows()
        r = self.table.currentRow()
        return self._decision(rows[r]) if 0 <= r < len(rows) else None

    def _choice(self, d: Decision) -> Choice:
        return self.choices.get(d.id, Choice(d.default))

    def _kept_uids(self, d: Decision | None) -> set[str] | None:
        if d is None:
            return None
        c = self._choice(d)
        if c.resolution is Resolution.DROP:
            return set()
        if c.resolution is Resolution.KEEP_ALL:
            return {cand.item.uid for cand in d.candidates}
        keep = c.keep if c.keep is not None else d.proposal
        return {d.candidates[keep].item.uid}

    def _status_text(self, d: Decision | None) -> str:
        if d is None:
            return ""
        c = self._choice(d)
        what = {
            Resolution.ACCEPT: _("keep one"),
            Resolution.KEEP_ALL: _("keep both") if d.kind is not DecisionKind.TEXT else _("join the texts"),
            Resolution.DROP: _("drop"),
            Resolution.EDIT: _("edited"),
        }[c.resolution]
        state = _("decided") if d.id in self.choices else (_("automatic") if d.auto else _("open, proposed"))
        kind = {
            DecisionKind.CONFLICT: _("conflicting versions"),
            DecisionKind.UPDATE: _("newer version"),
            DecisionKind.DUPLICATE: _("possible duplicates"),
            DecisionKind.TEXT: _("several bodies for one text"),
        }[d.kind]
        return f"{kind}: {d.reason}\n{state}: {what}"

    def decide(self, resolution: Resolution, keep: int | None = None, body: RichText | None = None) -> bool:
        """Record the rapporteur's choice for the current row's decision; move to the next open one."""
        d = self.current_decision()
        if d is None:
            return False
        if keep is not None and not 0 <= keep < len(d.candidates):
            return False
        self.choices[d.id] = Choice(resolution, keep, body)
        row = self.table.currentRow()
        self._refresh_counts()
        self.show_section(select=row)
        self._update_status()
        self.go_to_open(1, wrap=False)
        return True

    def edit_current(self, text: str | None = None) -> QDialog | None:
        """Edit the kept text of the current decision; with ``text``, set it directly."""
        d = self.current_decision()
        if d is None:
            return None
        c = self._choice(d)
        keep = c.keep if c.keep is not None else d.proposal
        if text is not None:
            self.decide(Resolution.EDIT, keep, RichText.plain(text))
            return None
        current = c.body if c.body is not None else d.candidates[keep].item.body
        dialog = EditDialog(current.to_plain(), self)
        self.active_dialog = dialog
        dialog.accepted.connect(lambda: self.decide(Resolution.EDIT, keep, RichText.plain(dialog.text())))
        dialog.finished.connect(lambda _r: setattr(self, "active_dialog", None))
        dialog.open()
        return dialog

    def go_to_open(self, step: int, wrap: bool = True) -> bool:
        """Select the next (``step`` 1) or previous (-1) row with an open decision."""
        if not self.rows:
            return False
        rows = self.rows
        here = self._global_index()
        count = len(rows)
        for k in range(1, count + 1):
            i = here + step * k
            if not wrap and not 0 <= i < count:
                return False
            i %= count
            if self._open_in(rows[i]):
                self._select_global(i)
                return True
        return False

    def _global_index(self) -> int:
        section_rows = self.section_rows()
        r = self.table.currentRow()
        if not 0 <= r < len(section_rows):
            return -1
        return self.rows.index(section_rows[r])

    def _select_global(self, index: int) -> None:
        row = self.rows[index]
        for s in range(self.sections.count()):
            if self.sections.item(s).data(Qt.ItemDataRole.UserRole) == row.section:
                if self.sections.currentRow() != s:
                    self.sections.setCurrentRow(s)
                break
        self.table.setCurrentCell(self.section_rows().index(row), 0)

    def open_count(self) -> int:
        return sum(1 for d in (self.merged.open_decisions if self.merged else ()) if d.id not in self.choices)

    def _refresh_counts(self) -> None:
        for s in range(self.sections.count()):
            item = self.sections.item(s)
            key = item.data(Qt.ItemDataRole.UserRole)
            rows = [r for r in self.rows if r.section == key]
            open_count = sum(1 for r in rows if self._open_in(r))
            title = item.text().split("  (")[0]
            item.setText(title + (f"  ({open_count})" if open_count else ""))

    def _update_status(self) -> None:
        if self.merged is None:
            self.status.setText(_("Choose at least one note of this event to merge."))
            self.save_button.setEnabled(False)
            return
        n = self.open_count()
        total = len(self.merged.open_decisions)
        text = ngettext("{open} of {total} decision open", "{open} of {total} decisions open", total).format(
            open=n, total=total)
        self.status.setText(text + " — " + _("A accept, 1-9 keep one, K keep both, D drop, E edit, N/P next/previous, Ctrl+S save"))
        self.save_button.setEnabled(self._saveable())

    # -- saving -------------------------------------------------------------------------------------
    def _saveable(self) -> bool:
        """A merge of several notes, or of one note with decisions left in it, makes a new note."""
        return self.merged is not None and self.merged.note.uid not in {s.note.uid for s in self.merged.sources}

    def merged_note(self) -> Note:
        """The merged note with the choices made so far (open decisions at their proposal)."""
        assert self.merged is not None
        return resolve(self.merged, self.choices)

    def _sources_changed(self) -> bool:
        """Whether a note merged here changed on disk since the merge was made (a notetaker kept
        typing in it: the sync step has just written that)."""
        if self.merged is None:
            return False
        for source in self.merged.sources:
            if source.note.id is None:
                continue
            now = self.ctx.run(self.ctx.core.notes.summary, source.note.id)
            if now is None or now.updated_at != source.note.updated_at:
                return True
        return False

    def save(self) -> Note | None:
        """Save the merge as a new note of status "merged"; its sources become read-only."""
        if not self._saveable():
            self.ctx.alerts.info(_("Choose at least two notes to merge, or a merged note with decisions left open."),
                                 parent=self)
            return None
        left = self.open_count()
        if left and not self.ctx.alerts.confirm(ngettext(
                "{count} decision is still open; its proposal will be applied. Save anyway?",
                "{count} decisions are still open; their proposals will be applied. Save anyway?", left).format(count=left), self):
            return None
        if not self.ctx.confirm_synced(_("the merge"), self):
            return None
        if self._sources_changed():
            self.rebuild()
            self.ctx.alerts.info(_("The notes changed while you were merging them (someone kept typing): "
                                   "the merge was made again from them. Check it, then save again."), parent=self)
            return None
        note, _renamed = finalize(self.merged_note())
        saved = self.ctx.run(self.ctx.core.exchange.save_merged, self.meeting.id, note, initiator=self)
        if saved is None:
            return None
        self.saved = saved
        self.ctx.alerts.info(_("Saved the merged note {id} ({count} items); its {sources} sources are now read-only.").format(
            id=saved.id, count=len(saved.items), sources=len(saved.merged_from)), parent=self)
        self.save_button.setEnabled(False)
        return saved
