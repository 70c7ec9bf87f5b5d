"""Building a note editor's rows: what the first paint shows at once, the rest in idle turns.

The window of a section holds its last 30 entries (:mod:`ui.editor.sections`): a big
note has over a hundred rows in its windows, and building them took longer than
the rest of the start together. A small note still gets every row at once. For a
big one, :class:`RowBuilder` builds the rows around the keyboard (the row
focused by ``editor.keyboard.restore_position`` or
``editor.commands.focus_first_empty``), else those at the top of the page, in a
posted event handled before the first layout and paint; the other rows of the windows follow in idle turns, a few milliseconds at a time,
nearest first. Any row asked for (:meth:`ui.editor.sections.SectionWidget.row_at`,
``rows``) is built on the spot.

A row built above what is on screen would push it down: the builder keeps the
focused field (else the first row on screen) where it was, scrolling by as much.
The word totals of big sections (counted a slice at a time), and freezing the
note's objects out of the garbage collector, also wait for idle turns; and idle
turns wait while the user types (:data:`QUIET`), so that no keystroke waits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from notetaker import gcpolicy
from notetaker.domain import SectionKind

from .rows import entries_words
from .sections import ROW_SPACING

if TYPE_CHECKING:
    from .note_editor import NoteEditor
    from .rows import Entry
    from .sections import SectionWidget

#: A note with at most this many rows in its windows builds them all at once.
AT_ONCE = 16
#: Rows built before the first paint, at most, around the focused row (or from the top).
FIRST_ROWS = 16
#: Seconds of building per idle turn.
SLICE = 0.005
#: Entries counted per idle turn, in a big section.
COUNT_SLICE = 250
#: Seconds after the user's last edit before idle turns build again (typing never waits for them).
QUIET = 0.4

#: Rounds of posted layout events to lay the page out at once (see RowBuilder.settle; five
#: were the most needed, measured on a 2,000-item note).
SETTLE_ROUNDS = 6

_FILL = QEvent.Type(QEvent.registerEventType())
_SETTLE = (QEvent.Type.PolishRequest.value, QEvent.Type.LayoutRequest.value)


class RowBuilder(QObject):
    """Builds the rows of one note editor (see the module's notes)."""

    def __init__(self, editor: NoteEditor):
        super().__init__(editor)
        self.editor = editor
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._counts: list[SectionWidget] = []  # big sections to count (first: their counters show)
        self._counting: tuple[int, int, int] = (0, 0, -1)  # the first one's: next entry, words so far, changes
        self._tasks: list[Callable[[], object]] = []  # once every row is built
        self._dirty = True  # rows were built (or the page made) since the layout was last brought up to date
        self._filled = False  # the rows of the first paint are there
        self._quiet_until = 0.0  # (perf_counter) no idle work before: the user is typing
        self._batching = 0

    # -- what the editor and its sections call -------------------------------------------------
    def start(self) -> None:
        """The sections are made (their windows set, no row built yet): build or plan the rows."""
        sections = self.editor.sections
        if sum(len(s.waiting()) for s in sections) <= AT_ONCE:
            with self.batch():
                for section in sections:
                    section.complete(fix_tab_order=False)
            self._filled = True
        else:
            QCoreApplication.postEvent(self, QEvent(_FILL), Qt.EventPriority.HighEventPriority.value)
        self._counts = [s for s in sections if s.total is None]
        self._tasks.append(gcpolicy.freeze_new)  # the note's objects, long-lived
        self.schedule()

    def built(self) -> None:
        """A row was just built (its place in the layout is not known until the layout runs)."""
        self._dirty = True

    def schedule(self) -> None:
        """There is work for the idle turns (rows to build, or a task)."""
        if not self._timer.isActive():
            self._timer.start(0)

    def typing(self) -> None:
        """The user edits: idle turns wait until they pause, so that no keystroke waits for them."""
        self._quiet_until = time.perf_counter() + QUIET

    def settle(self) -> None:
        """Lay the page out now if rows were built, so that positions (scrolling to a row) are right."""
        if self._dirty and self.editor.isVisible():
            self._dirty = False
            # Each level of the page posts the next request (rows, sections, page, scroll area,
            # then rows again at their width), and Qt sends only events posted before the call:
            # as many rounds as levels. (New widgets are polished first: the style sets their sizes.)
            for _round in range(SETTLE_ROUNDS):
                for kind in _SETTLE:
                    QCoreApplication.sendPostedEvents(None, kind)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Rows built inside are laid out once, at the end. (Showing a widget lays out every
        layout above it at once: the page over again for each row, a third of a row's cost.)"""
        self._batching += 1
        layouts = [self.editor.page_layout, *(s.layout() for s in self.editor.sections)]
        if self._batching == 1:
            for layout in layouts:
                layout.setEnabled(False)
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching:
                for layout in layouts:
                    layout.setEnabled(True)
                for layout in layouts[1:] + layouts[:1]:  # the sections, then the page
                    layout.activate()  # (a request that came while it was off was dropped)

    @property
    def busy(self) -> bool:
        """Whether rows or tasks are still waiting for idle turns."""
        return self._timer.isActive() or bool(self._counts or self._tasks) or self._waiting()

    def finish(self) -> None:
        """Do everything left now (tests, benchmarks)."""
        self._timer.stop()
        self._filled = True
        with self.batch():
            for section in self.editor.sections:
                section.complete(fix_tab_order=False)
        self.editor.keyboard.fix_tab_order()
        while self._counts:
            self._counts.pop(0).count_words()
        self._counting = (0, 0, -1)
        self.editor.update_counts()
        while self._tasks:
            self._tasks.pop(0)()

    # -- turns ------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == _FILL:
            if not self._filled:
                self._filled = True
                self._build(*self._first_rows())
            return True
        return super().event(event)

    def _step(self) -> None:
        if not self._filled:  # (the posted event was not delivered: built through the idle turns)
            self._filled = True
        started = time.perf_counter()
        if started < self._quiet_until:
            self._timer.start(int((self._quiet_until - started) * 1000) + 1)
            return
        if self._counts:
            self._count_some()
        elif self._waiting():
            order = self._order()
            here = self._here(order)
            # Nearest first; below what is on screen before above it (that needs no scrolling back).
            queue = sorted(range(len(order)), key=lambda i: i - here if i >= here else here - i + 0.5)
            todo = [(i, *order[i]) for i in queue if order[i][1].row is None]
            self._build(todo, here, until=started + SLICE)
        elif self._tasks:
            self._tasks.pop(0)()
        if self._counts or self._tasks or self._waiting():
            self._timer.start(0)
        else:
            self.editor.keyboard.fix_tab_order()  # once, at the end: Tab follows every row

    def _count_some(self) -> None:
        """Count the next entries of the first big section; once all are, show its total."""
        section = self._counts[0]
        start, words, changes = self._counting
        if changes != section.changes:  # (its entries changed meanwhile: from the start again)
            start, words = 0, 0
        stop = start + COUNT_SLICE
        if section.total is None:
            words += entries_words(section.entries[start:stop], section.spec.kind, self.editor.speaker_label,
                                   self.editor.lang)
        if section.total is not None or stop >= len(section.entries):
            if section.total is None:
                section.total = words
            self._counts.pop(0)
            self._counting = (0, 0, -1)
            anchor, y = self._anchor()
            self.editor.update_counts()  # (may show a budget's warning above: the view is kept)
            self._dirty = True
            self._keep(anchor, y)
        else:
            self._counting = (stop, words, section.changes)

    def _build(self, todo: list[tuple[int, SectionWidget, Entry]], here: int, until: float | None = None) -> None:
        """Build rows for ``todo`` (positions in page order, until the time ``until``); rows built
        above ``here`` would push what is on screen down: it is put back in place."""
        anchor, y = self._anchor()
        above = False
        with self.batch():
            for i, section, entry in todo:
                if entry.row is None:
                    section.build_row(entry)
                    above = above or i < here
                if until is not None and time.perf_counter() >= until:
                    break
        if until is None:  # (the first rows: the Tab order of the rest is set once they are all built)
            self.editor.keyboard.fix_tab_order()
        if above:
            self._keep(anchor, y)

    def _keep(self, anchor: QWidget | None, y: int) -> None:
        """Lay out, and scroll so that ``anchor`` is back where it was on screen (at ``y``)."""
        self.settle()
        bar = self.editor.scroll.verticalScrollBar()
        if anchor is not None and not bar.isSliderDown():  # (not while the user drags it)
            moved = _y(anchor, self.editor.scroll) - y
            if moved:
                bar.setValue(bar.value() + moved)

    # -- which rows -----------------------------------------------------------------------------
    def _waiting(self) -> bool:
        return any(e.row is None for s in self.editor.sections for e in s.entries[s.start :])

    def _order(self) -> list[tuple[SectionWidget, Entry]]:
        """The entries of the windows, in page order."""
        return [(s, e) for s in self.editor.sections for e in s.entries[s.start :]]

    def _here(self, order: list[tuple[SectionWidget, Entry]]) -> int:
        """Where the user is in ``order``: at the focused field or the first row on screen (at the
        first entry shown of a section for its other controls), else at the current row."""
        anchor, _y_ = self._anchor()
        if anchor is None:
            current = self.editor.keyboard.current_row
            return next((i for i, (_s, e) in enumerate(order) if current is not None and e.row is current), 0)
        section = next((s for s in self.editor.sections if s.isAncestorOf(anchor)), None)
        first = None
        for i, (owner, entry) in enumerate(order):
            if owner is section and first is None:
                first = i
            if entry.row is not None and (entry.row is anchor or entry.row.isAncestorOf(anchor)):
                return i
        return first if first is not None else 0

    def _first_rows(self) -> tuple[list[tuple[int, SectionWidget, Entry]], int]:
        """The rows the first paint shows: those that fill the view above and below the current
        row (it stays where it is on screen), else those from the top of the page."""
        order = self._order()
        editor = self.editor
        current = editor.keyboard.current_row
        here = next((i for i, (_s, e) in enumerate(order) if current is not None and e.row is current), None)
        view = editor.scroll.contentsRect()  # (in the scroll area's coordinates, as _y)
        height = view.height() if editor.isVisible() else editor.window().height()
        metrics = editor.fontMetrics()
        size = (max(view.width(), 300), metrics.lineSpacing(), max(1, metrics.averageCharWidth()))
        picked: list[tuple[int, SectionWidget, Entry]] = []
        bands: dict[SectionWidget, tuple[int, int]] = {}  # a section's rows' band, in the scroll area

        def band(section: SectionWidget) -> tuple[int, int]:
            if section not in bands:
                y = _y(section, editor.scroll)
                top, bottom = section.rows_span()
                bands[section] = (y + top, y + bottom)
            return bands[section]

        def take(positions: range, room: int, section: SectionWidget) -> None:
            """Rows from ``positions`` (up the page if it counts down) while ``room`` pixels are
            left, from ``section`` on; going into another section also takes the room between
            their rows (its heading and help text, the other's add button)."""
            for i in positions:
                other, entry = order[i]
                if other is not section:
                    if editor.isVisible():
                        upper, lower = (other, section) if positions.step < 0 else (section, other)
                        room -= max(0, band(lower)[0] - band(upper)[1])
                    section = other
                if room <= 0 or len(picked) >= FIRST_ROWS:
                    return
                picked.append((i, section, entry))
                room -= _estimate(entry, section.spec.kind, *size) + ROW_SPACING

        if current is None or here is None:
            if not order:
                return picked, 0
            first = order[0][0]
            above = band(first)[0] - view.top() if editor.isVisible() else 0
            take(range(len(order)), height - max(0, above), first)
            return picked, 0
        top = _y(current, editor.scroll) - view.top() if editor.isVisible() else height
        section = order[here][0]
        picked.append((here, *order[here]))
        take(range(here - 1, -1, -1), top, section)
        take(range(here + 1, len(order)), max(height - top - current.height(), 1), section)
        return picked, here

    def _anchor(self) -> tuple[QWidget | None, int]:
        """What must not move on screen: the focused field if it shows, else the first row on screen."""
        editor = self.editor
        if not editor.isVisible():
            return None, 0
        view = editor.scroll.contentsRect()
        focus = QApplication.focusWidget()
        if focus is not None and editor.scroll.widget().isAncestorOf(focus):
            y = _y(focus, editor.scroll)
            if view.top() - focus.height() < y < view.bottom():
                return focus, y
        for section in editor.sections:
            for row in section.built_rows():
                y = _y(row, editor.scroll)
                if y + row.height() > view.top():
                    return (row, y) if y < view.bottom() else (None, 0)
        return None, 0


def _y(widget: QWidget, scroll: QWidget) -> int:
    """Where ``widget`` is in the scroll area. (Not in its viewport: asking PySide for a scroll
    area's viewport wraps an object of a class private to Qt, which loads every QtWidgets type.)"""
    return widget.mapTo(scroll, QPoint(0, 0)).y()


def _estimate(entry: Entry, kind: SectionKind, width: int, line: int, char: int) -> int:
    """A row's height in pixels, roughly (from its text), before it is built; on the low side,
    so that the first paint rather has a row too many than a gap."""
    per_line = max(10, int(width * (0.68 if kind is SectionKind.HIGHLIGHTS else 0.95) / char))
    lines = sum(max(1, math.ceil(len(block.text) / per_line)) for block in entry.item.body.blocks)
    lines = max(4 if kind is SectionKind.TEXT else 2, lines)
    return lines * line + (2 * line if kind is SectionKind.INTERVENTIONS else line)
