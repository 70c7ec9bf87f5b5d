"""What the capture shortcuts do in a note editor: its part ``editor.commands`` (:class:`CaptureCommands`).

Each public method here is a command of :mod:`ui.editor.actions` (menus,
shortcuts, F1 cheat sheet): new highlight or intervention, next/previous
section, jump to the summary, attribute to a delegation, session clock, relay
between notetakers, re-timing, removing, undo and redo; or what a row's
controls ask for (a new item, removing one, its time), and where a note opened
for typing puts the keyboard (:meth:`CaptureCommands.focus_first_empty`).

The part keeps the session clock and the notetaker typing now (``clock``,
``author``: the session bar shows them, new items are credited to the author)
and sees the editor as an :class:`~ui.editor.host.EditorHost`; it moves the
keyboard through the editor's other part, ``host.keyboard`` (:mod:`ui.editor.focus`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMainWindow, QWidget

from notetaker.capture.clock import SessionClock, format_offset
from notetaker.domain import SectionKind
from notetaker.i18n import _
from notetaker.timezones import ZoneError, to_local

from .rows import HighlightRow, InterventionRow, ItemRow
from .undo import AddItem, RemoveItem, Retime

if TYPE_CHECKING:
    from .dialogs import NotetakerDialog, RetimeDialog
    from .host import EditorHost
    from .sections import SectionWidget


ACTIVE_NOTETAKER_KEY = "active_notetaker.{note}"
CLOCK_KEY = "session_clock.{note}"


class CaptureCommands:
    """The commands of live capture in one note editor (``host``)."""

    def __init__(self, host: EditorHost):
        self.host = host
        note = host.note
        self.clock = SessionClock.restore(
            note.clock_started_at, note.clock_paused_at, host.ctx.load_state(self._clock_key)
        )
        self.author = self._initial_author()
        bar = host.session_bar
        bar.set_clock(self.clock)
        bar.set_author(self.author)
        bar.clock_button.clicked.connect(self.toggle_clock)
        bar.switch_button.clicked.connect(self.switch_notetaker)

    # -- items -------------------------------------------------------------------------------
    def add_item(self, key: str, after: str | None = None) -> ItemRow | None:
        """A new item (after the item ``after``, else at the end of the section), focused."""
        host = self.host
        if host.read_only:
            return None
        section = host.section(key)
        index = section.index_of(after) + 1 if after else len(section.entries)
        if after and index == 0:
            index = len(section.entries)
        item = host.new_item(key)
        focus = "speaker" if section.spec.kind is SectionKind.INTERVENTIONS else "body"
        host.undo_stack.push(AddItem(host, key, index, item, focus))
        return section.entries[index].row

    def add_after(self, row: ItemRow) -> ItemRow | None:
        return self.add_item(row.spec.key, after=row.uid)

    def _new_of_kind(self, kind: SectionKind) -> ItemRow | None:
        keyboard = self.host.keyboard
        current = keyboard.current_section
        if current is not None and current.spec.kind is kind:
            section = current
        else:
            section = next((s for s in self.host.sections if s.spec.kind is kind), None)
        if section is None:
            self.hint(_("This template has no section for that."))
            return None
        row = keyboard.current_row
        after = row.uid if row is not None and self.host.section_of(row) is section else None
        return self.add_item(section.key, after)

    def new_highlight(self) -> ItemRow | None:
        return self._new_of_kind(SectionKind.HIGHLIGHTS)

    def new_intervention(self) -> ItemRow | None:
        return self._new_of_kind(SectionKind.INTERVENTIONS)

    def remove_item(self, uid: str) -> bool:
        host = self.host
        found = host.find(uid)
        if found is None or host.read_only:
            return False
        section, index = found
        if section.spec.kind is SectionKind.TEXT:
            return False
        row = section.entries[index].row
        blank = row.is_blank() if row is not None else section.entries[index].item.body.is_empty()
        if not blank and not host.ctx.alerts.confirm(_("Remove this entry and its text?"), host.window()):
            return False
        host.undo_stack.push(RemoveItem(host, section.key, uid))
        return True

    def remove_current(self) -> bool:
        row = self.host.keyboard.current_row
        return row is not None and self.remove_item(row.uid)

    # -- moving around ------------------------------------------------------------------------
    def _section_step(self, step: int) -> SectionWidget | None:
        sections = self.host.sections
        if not sections:
            return None
        current = self.host.keyboard.current_section
        if current is None or current not in sections:
            position = 0 if step > 0 else len(sections) - 1
        else:
            position = max(0, min(len(sections) - 1, sections.index(current) + step))
        section = sections[position]
        self.host.keyboard.focus_section(section)
        return section

    def next_section(self) -> SectionWidget | None:
        return self._section_step(1)

    def previous_section(self) -> SectionWidget | None:
        return self._section_step(-1)

    def jump_to_summary(self) -> SectionWidget | None:
        under = self.host.summary_sections()
        if not under:
            self.hint(_("This template has no summary."))
            return None
        self.host.keyboard.focus_section(under[0])
        return under[0]

    def attribute(self) -> QWidget | None:
        """To the attribution (highlight) or speaker (intervention) of the current item."""
        keyboard = self.host.keyboard
        row = keyboard.current_row
        if isinstance(row, HighlightRow):
            keyboard.focus_row(row, "attribution")
            row.attribution.deselect()  # several delegations: keep those there, type "; " and the next
            row.attribution.end(False)
            return row.attribution
        if isinstance(row, InterventionRow):
            keyboard.focus_row(row, "speaker")
            return row.speaker
        self.hint(_("Attribution is for highlights and interventions: go to one first (F2, F3)."))
        return None

    def focus_first_empty(self) -> QWidget | None:
        """Put the keyboard in the first empty item (making one in an empty list section)."""
        host = self.host
        for section in host.sections:
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
                        part = "speaker" if isinstance(row, InterventionRow) and not row.speaker.text() else "body"
                        host.keyboard.focus_row(row, part)
                        return host.focusWidget()
        if host.sections:
            host.keyboard.focus_section(host.sections[0])
        return host.focusWidget()

    def hint(self, text: str) -> None:
        window = self.host.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 5000)

    # -- undo ------------------------------------------------------------------------------------
    def undo(self) -> None:
        self._undo_redo(self.host.undo_stack.undo)

    def redo(self) -> None:
        self._undo_redo(self.host.undo_stack.redo)

    def _undo_redo(self, step: Any) -> None:
        if self.host.read_only:  # (a note locked meanwhile: its text stays as it is shown)
            return
        self.host.applying_undo = True
        try:
            step()
        finally:
            self.host.applying_undo = False

    # -- session clock -----------------------------------------------------------------------------
    @property
    def _clock_key(self) -> str:
        return CLOCK_KEY.format(note=self.host.note_id)

    def toggle_clock(self) -> None:
        host = self.host
        if host.read_only:
            return
        self.clock = self.clock.toggle(datetime.now(UTC).replace(microsecond=0))
        host.collector.note(clock_started_at=self.clock.started_at, clock_paused_at=self.clock.paused_at)
        host.ctx.save_state(self._clock_key, self.clock.pauses_data())
        host.session_bar.set_clock(self.clock)
        for section in host.sections:
            for row in section.built_rows():  # (rows built later show the new times)
                row.refresh_time()
        self.hint(_("Session clock running.") if self.clock.running else _("Session clock paused."))

    def time_text(self, when: datetime | None) -> tuple[str, str]:
        """(what a row shows, its tooltip) for an item's instant: "+00:14" once the clock started."""
        if when is None:
            return "", _("No time recorded (F9: now)")
        try:
            local = to_local(when, self.host.note_event.timezone).strftime("%H:%M:%S")
        except ZoneError:
            local = when.strftime("%H:%M:%S UTC")
        offset = self.clock.offset(when)
        if offset is None:
            return local[:5], _("Said at {time}. Start the session clock (F5) to see times from the start.").format(time=local)
        return format_offset(offset), _("Said at {time}, {offset} from the start (F9: now, Shift+F9: change)").format(
            time=local, offset=format_offset(offset)
        )

    def retime_now(self) -> bool:
        host = self.host
        row = host.keyboard.current_row
        if row is None or host.read_only or row.spec.kind is SectionKind.TEXT:
            return False
        now = datetime.now(UTC).replace(microsecond=0)
        host.undo_stack.push(Retime(host, row.uid, row.item.spoken_at, now))
        return True

    def retime_dialog(self, uid: str | None = None) -> RetimeDialog | None:
        host = self.host
        row = host.reveal(uid) if uid else host.keyboard.current_row
        if row is None or host.read_only or row.spec.kind is SectionKind.TEXT:
            return None
        old = row.item.spoken_at
        from .dialogs import RetimeDialog

        dialog = RetimeDialog(old or datetime.now(UTC), host.note_event.timezone)
        dialog.accepted.connect(lambda: host.undo_stack.push(Retime(host, row.uid, old, dialog.when())))
        host.open_dialog(dialog)
        return dialog

    # -- relay ---------------------------------------------------------------------------------------
    def _initial_author(self) -> str:
        saved = self.host.ctx.load_state(ACTIVE_NOTETAKER_KEY.format(note=self.host.note_id))
        if isinstance(saved, str) and saved:
            return saved
        notetakers = self.host.note.notetakers
        return notetakers[0] if notetakers else ""

    def set_author(self, name: str) -> None:
        """``name`` types from now on: new items are credited to them (remembered for this note)."""
        host = self.host
        name = " ".join(name.split())
        if not name or host.read_only:
            return
        names = host.notetaker_names()
        if name not in names:
            names.append(name)
            host.notetakers.setText(", ".join(names))
            host.collector.note(notetakers=names)
        self.author = name
        host.session_bar.set_author(name)
        host.ctx.save_state(ACTIVE_NOTETAKER_KEY.format(note=host.note_id), name)
        self.hint(_("{name} is typing now.").format(name=name))

    def switch_notetaker(self) -> NotetakerDialog | None:
        """The next notetaker of the note takes over; with fewer than two, ask for a name."""
        if self.host.read_only:
            return None
        names = self.host.notetaker_names()
        if len(names) < 2:
            return self.choose_notetaker()
        position = names.index(self.author) + 1 if self.author in names else 0
        self.set_author(names[position % len(names)])
        return None

    def choose_notetaker(self) -> NotetakerDialog | None:
        if self.host.read_only:
            return None
        from .dialogs import NotetakerDialog

        dialog = NotetakerDialog(self.host.notetaker_names(), self.author)
        dialog.accepted.connect(lambda: self.set_author(dialog.name()))
        self.host.open_dialog(dialog)
        return dialog
