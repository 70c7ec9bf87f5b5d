"""What the capture shortcuts do in a note editor (mixed into :class:`ui.editor.note_editor.NoteEditor`).

Each public method here is one command of :mod:`ui.editor.actions` (menus,
shortcuts, F1 cheat sheet): new highlight or intervention, next/previous
section, jump to the summary, attribute to a delegation, session clock, relay
between notetakers, re-timing, removing, undo and redo.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMainWindow, QWidget

from notetaker.capture.clock import format_offset
from notetaker.domain import SectionKind
from notetaker.i18n import _
from notetaker.timezones import ZoneError, to_local

from .rows import HighlightRow, InterventionRow, ItemRow
from .undo import AddItem, RemoveItem, Retime

if TYPE_CHECKING:
    from .dialogs import NotetakerDialog, RetimeDialog
    from .note_editor import NoteEditor
    from .sections import SectionWidget


ACTIVE_NOTETAKER_KEY = "active_notetaker.{note}"
CLOCK_KEY = "session_clock.{note}"


class CaptureCommands:
    """Commands of live capture; ``self`` is the note editor."""

    # -- items -------------------------------------------------------------------------------
    def add_item(self: NoteEditor, key: str, after: str | None = None) -> ItemRow | None:
        """A new item (after the item ``after``, else at the end of the section), focused."""
        if self.read_only:
            return None
        section = self.section(key)
        index = section.index_of(after) + 1 if after else len(section.entries)
        if after and index == 0:
            index = len(section.entries)
        item = self.new_item(key)
        focus = "speaker" if section.spec.kind is SectionKind.INTERVENTIONS else "body"
        self.undo_stack.push(AddItem(self, key, index, item, focus))
        return section.entries[index].row

    def add_after(self: NoteEditor, row: ItemRow) -> ItemRow | None:
        return self.add_item(row.spec.key, after=row.uid)

    def _new_of_kind(self: NoteEditor, kind: SectionKind) -> ItemRow | None:
        current = self.current_section
        if current is not None and current.spec.kind is kind:
            section = current
        else:
            section = next((s for s in self.sections if s.spec.kind is kind), None)
        if section is None:
            self.hint(_("This template has no section for that."))
            return None
        after = self.current_row.uid if self.current_row is not None and self.section_of(self.current_row) is section else None
        return self.add_item(section.key, after)

    def new_highlight(self: NoteEditor) -> ItemRow | None:
        return self._new_of_kind(SectionKind.HIGHLIGHTS)

    def new_intervention(self: NoteEditor) -> ItemRow | None:
        return self._new_of_kind(SectionKind.INTERVENTIONS)

    def remove_item(self: NoteEditor, uid: str) -> bool:
        found = self.find(uid)
        if found is None or self.read_only:
            return False
        section, index = found
        if section.spec.kind is SectionKind.TEXT:
            return False
        row = section.entries[index].row
        blank = row.is_blank() if row is not None else section.entries[index].item.body.is_empty()
        if not blank and not self.ctx.alerts.confirm(_("Remove this entry and its text?"), self):
            return False
        self.undo_stack.push(RemoveItem(self, section.key, uid))
        return True

    def remove_current(self: NoteEditor) -> bool:
        return self.current_row is not None and self.remove_item(self.current_row.uid)

    # -- moving around ------------------------------------------------------------------------
    def move_from(self: NoteEditor, row: ItemRow, step: int) -> None:
        """Up from the first line, Down from the last: the previous or next item (or section)."""
        section = self.section_of(row)
        target = section.row_at(section.index_of(row.uid) + step)
        if target is not None:
            self.focus_row(target, "end" if step < 0 else "start")
            return
        position = self.sections.index(section) + step
        if 0 <= position < len(self.sections):
            self.focus_section(self.sections[position])

    def _section_step(self: NoteEditor, step: int) -> SectionWidget | None:
        if not self.sections:
            return None
        current = self.current_section
        if current is None or current not in self.sections:
            position = 0 if step > 0 else len(self.sections) - 1
        else:
            position = max(0, min(len(self.sections) - 1, self.sections.index(current) + step))
        section = self.sections[position]
        self.focus_section(section)
        return section

    def next_section(self: NoteEditor) -> SectionWidget | None:
        return self._section_step(1)

    def previous_section(self: NoteEditor) -> SectionWidget | None:
        return self._section_step(-1)

    def summary_sections(self: NoteEditor) -> list[SectionWidget]:
        """The sections under the first word budget (the summary), or one keyed "summary"."""
        for _heading, under in self._budgets:
            if under:
                return under
        return [s for s in self.sections if s.key == "summary"]

    def jump_to_summary(self: NoteEditor) -> SectionWidget | None:
        under = self.summary_sections()
        if not under:
            self.hint(_("This template has no summary."))
            return None
        self.focus_section(under[0])
        return under[0]

    def attribute(self: NoteEditor) -> QWidget | None:
        """To the attribution (highlight) or speaker (intervention) of the current item."""
        row = self.current_row
        if isinstance(row, HighlightRow):
            self.focus_row(row, "attribution")
            row.attribution.deselect()  # several delegations: keep those there, type "; " and the next
            row.attribution.end(False)
            return row.attribution
        if isinstance(row, InterventionRow):
            self.focus_row(row, "speaker")
            return row.speaker
        self.hint(_("Attribution is for highlights and interventions: go to one first (F2, F3)."))
        return None

    def focus_first_empty(self: NoteEditor) -> QWidget | None:
        """Put the keyboard in the first empty item (making one in an empty list section)."""
        for section in self.sections:
            if not section.entries and section.spec.kind is not SectionKind.TEXT:
                row = self.add_item(section.key)
                if row is not None:
                    return row.first_widget()
                continue
            for index, entry in enumerate(section.entries):
                blank = entry.row.is_blank() if entry.row is not None else entry.item.body.is_empty()
                if blank:
                    row = section.row_at(index)
                    if row is not None:
                        self.focus_row(row, "speaker" if isinstance(row, InterventionRow) and not row.speaker.text() else "body")
                        return self.focusWidget()
        if self.sections:
            self.focus_section(self.sections[0])
        return self.focusWidget()

    def restore_position(self: NoteEditor, position: Any) -> bool:
        """Back where the user was: the item, else the section (after a crash, a restart)."""
        if not isinstance(position, dict) or position.get("note") != self.note_id:
            return False
        self.saved_position = dict(position)  # on disk already: coming back to it writes nothing
        uid = position.get("item")
        if isinstance(uid, str):
            row = self.reveal(uid)
            if row is not None:
                self.focus_row(row)
                return True
        key = position.get("section")
        if isinstance(key, str) and key in self._by_key:
            self.focus_section(self.section(key))
            return True
        return False

    def hint(self: NoteEditor, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 5000)

    # -- undo ------------------------------------------------------------------------------------
    def undo(self: NoteEditor) -> None:
        self._undo_redo(self.undo_stack.undo)

    def redo(self: NoteEditor) -> None:
        self._undo_redo(self.undo_stack.redo)

    def _undo_redo(self: NoteEditor, step: Any) -> None:
        self.applying_undo = True
        try:
            step()
        finally:
            self.applying_undo = False

    # -- session clock -----------------------------------------------------------------------------
    def clock_key(self: NoteEditor) -> str:
        return CLOCK_KEY.format(note=self.note_id)

    def toggle_clock(self: NoteEditor) -> None:
        if self.read_only:
            return
        self.clock = self.clock.toggle(datetime.now(UTC).replace(microsecond=0))
        self.collector.note(clock_started_at=self.clock.started_at, clock_paused_at=self.clock.paused_at)
        self.ctx.save_state(self.clock_key(), self.clock.pauses_data())
        self.session_bar.set_clock(self.clock)
        for section in self.sections:
            for row in section.built_rows():  # (rows built later show the new times)
                row.refresh_time()
        self.hint(_("Session clock running.") if self.clock.running else _("Session clock paused."))

    def time_text(self: NoteEditor, when: datetime | None) -> tuple[str, str]:
        """(what a row shows, its tooltip) for an item's instant: "+00:14" once the clock started."""
        if when is None:
            return "", _("No time recorded (F9: now)")
        try:
            local = to_local(when, self.note_event.timezone).strftime("%H:%M:%S")
        except ZoneError:
            local = when.strftime("%H:%M:%S UTC")
        offset = self.clock.offset(when)
        if offset is None:
            return local[:5], _("Said at {time}. Start the session clock (F5) to see times from the start.").format(time=local)
        return format_offset(offset), _("Said at {time}, {offset} from the start (F9: now, Shift+F9: change)").format(
            time=local, offset=format_offset(offset)
        )

    def retime_now(self: NoteEditor) -> bool:
        row = self.current_row
        if row is None or self.read_only or row.spec.kind is SectionKind.TEXT:
            return False
        now = datetime.now(UTC).replace(microsecond=0)
        self.undo_stack.push(Retime(self, row.uid, row.item.spoken_at, now))
        return True

    def retime_dialog(self: NoteEditor, uid: str | None = None) -> RetimeDialog | None:
        row = self.reveal(uid) if uid else self.current_row
        if row is None or self.read_only or row.spec.kind is SectionKind.TEXT:
            return None
        old = row.item.spoken_at
        from .dialogs import RetimeDialog

        dialog = RetimeDialog(old or datetime.now(UTC), self.note_event.timezone, self)
        dialog.accepted.connect(lambda: self.undo_stack.push(Retime(self, row.uid, old, dialog.when())))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.active_dialog = dialog
        dialog.open()
        return dialog

    # -- relay ---------------------------------------------------------------------------------------
    def _initial_author(self: NoteEditor) -> str:
        saved = self._state(ACTIVE_NOTETAKER_KEY.format(note=self.note_id))
        if isinstance(saved, str) and saved:
            return saved
        return self.note.notetakers[0] if self.note.notetakers else ""

    def set_author(self: NoteEditor, name: str) -> None:
        """``name`` types from now on: new items are credited to them (remembered for this note)."""
        name = " ".join(name.split())
        if not name or self.read_only:
            return
        names = self.notetaker_names()
        if name not in names:
            names.append(name)
            self.notetakers.setText(", ".join(names))
            self.collector.note(notetakers=names)
        self.author = name
        self.session_bar.set_author(name)
        self.ctx.save_state(ACTIVE_NOTETAKER_KEY.format(note=self.note_id), name)
        self.hint(_("{name} is typing now.").format(name=name))

    def switch_notetaker(self: NoteEditor) -> NotetakerDialog | None:
        """The next notetaker of the note takes over; with fewer than two, ask for a name."""
        if self.read_only:
            return None
        names = self.notetaker_names()
        if len(names) < 2:
            return self.choose_notetaker()
        position = names.index(self.author) + 1 if self.author in names else 0
        self.set_author(names[position % len(names)])
        return None

    def choose_notetaker(self: NoteEditor) -> NotetakerDialog | None:
        if self.read_only:
            return None
        from .dialogs import NotetakerDialog

        dialog = NotetakerDialog(self.notetaker_names(), self.author, self)
        dialog.accepted.connect(lambda: self.set_author(dialog.name()))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.active_dialog = dialog
        dialog.open()
        return dialog
