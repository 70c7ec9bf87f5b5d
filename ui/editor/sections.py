"""The sections of a note, built from the template's section specs.

Each section keeps every item of its kind as an :class:`~ui.editor.rows.Entry`, but
shows rows only for a window of them: the last :data:`WINDOW` entries (where
live capture happens), plus whatever the user reveals ("Show earlier entries",
moving up past the first row shown, a search hit, the position restored). A
note with ten thousand items so opens and types as fast as a short one; word
counts still cover every item, from the entries' cached counts (a big section
is counted at once, after the first paint). The row widgets of a window are
built as needed: see :mod:`ui.editor.row_builder`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from notetaker.domain import Item, SectionKind
from notetaker.i18n import _, ngettext
from notetaker.templates import SectionSpec

from ..widgets.wrapping_label import WrappingLabel
from .rows import ROW_TYPES, Entry, ItemRow, entries_words, item_words

if TYPE_CHECKING:
    from .note_editor import NoteEditor

#: The window of rows of a section at first (its last entries).
WINDOW = 30
#: Entries added to the window each time earlier entries are shown.
PAGE = 100
#: A section with more entries counts its words after the first paint, all at once.
COUNT_AT_ONCE = 200
#: The room between two rows of a section, in pixels.
ROW_SPACING = 4


class AddButton(QPushButton):
    """"Add …": Enter presses it too, as Space does (section navigation lands on it)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.click()
            return
        super().keyPressEvent(event)


class SectionHeading(QWidget):
    """A section's title, help text and live word count; a word budget when it has a limit."""

    def __init__(self, spec: SectionSpec, depth: int, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.lang = lang
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12 if depth == 0 else 6, 0, 2)
        top = QHBoxLayout()
        self.title = QLabel(spec.title(lang))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * (1.35 if depth == 0 else 1.12))
        self.title.setFont(font)
        self.title.setAccessibleName(spec.title(lang))
        if not spec.show_title:
            self.title.setToolTip(_("This heading is not printed in the report."))
        top.addWidget(self.title)
        top.addStretch(1)
        self.counter = QLabel()
        self.counter.setAccessibleName(_("Word count of {section}").format(section=spec.title(lang)))
        top.addWidget(self.counter)
        layout.addLayout(top)
        self.warning: QLabel | None = None
        if spec.word_limit:
            self.warning = QLabel()
            self.warning.setStyleSheet("color: #c01c28; font-weight: bold;")
            self.warning.setAccessibleName(_("Word limit warning"))
            self.warning.setWordWrap(True)
            self.warning.hide()
            layout.addWidget(self.warning)
        prompt = spec.prompt(lang)
        if prompt:
            help_label = WrappingLabel(prompt)
            help_label.setStyleSheet("color: palette(mid);")
            help_label.setAccessibleName(_("Help for {section}").format(section=spec.title(lang)))
            layout.addWidget(help_label)
        self.over = False
        self.words = -1

    def set_count(self, words: int) -> None:
        if words == self.words:
            return
        self.words = words
        limit = self.spec.word_limit
        if not limit or self.warning is None:
            self.counter.setText(ngettext("{count} word", "{count} words", words).format(count=words))
            return
        self.over = words > limit
        self.counter.setText(_("{count} / {limit} words").format(count=words, limit=limit))
        self.counter.setStyleSheet("color: #c01c28; font-weight: bold;" if self.over else "")
        if self.over:
            self.warning.setText(
                _("Over the limit by {excess} words: shorten the text before the report.").format(
                    excess=words - limit
                )
            )
        self.warning.setVisible(self.over)


class SectionWidget(QWidget):
    """A heading and the entries of one section, some of them shown as rows.

    The entries ``entries[start:]`` make the window of rows; their row widgets
    are built when needed (:meth:`row_at`, :attr:`rows`), else by the editor's
    :class:`~ui.editor.row_builder.RowBuilder`: what the first paint shows at once, the
    rest in idle turns. Rows stay in the layout in entry order.
    """

    wordsChanged = Signal()

    def __init__(self, editor: NoteEditor, spec: SectionSpec, depth: int, items: list[Item], parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.spec = spec
        self.depth = depth
        self.setAccessibleName(spec.title(editor.lang))
        self.heading = SectionHeading(spec, depth, editor.lang)
        self.entries: list[Entry] = [Entry(item) for item in items]
        self.start = len(self.entries)  # the window of rows: entries[start:]
        #: The word total, kept up to date (no O(n) sum per keystroke); None until counted
        #: (a big section is counted after the first paint: :meth:`count_words`).
        self.total: int | None = None
        self.changes = 0  # how many times entries or their word counts changed (see RowBuilder)
        if len(self.entries) <= COUNT_AT_ONCE:
            self.count_words()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.heading)
        self.earlier_button = QPushButton()
        self.earlier_button.clicked.connect(lambda: self.extend_window(max(0, self.start - PAGE)))
        self._layout.addWidget(self.earlier_button)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(ROW_SPACING)
        self._layout.addLayout(self._rows_box)

    # -- what it holds ---------------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def rows(self) -> list[ItemRow]:
        """The rows of the window, every one of them built now."""
        self.complete()
        return self.built_rows()

    def built_rows(self) -> list[ItemRow]:
        """The rows built so far (the window may have entries still waiting for theirs)."""
        return [e.row for e in self.entries[self.start :] if e.row is not None]

    def rows_span(self) -> tuple[int, int]:
        """Where its rows go, as laid out now: the top and bottom of that band (in the section's
        coordinates); what is above (heading, help) and below (the add button) is not for rows."""
        top, bottom = 0, self.height()
        spacing = max(0, self._layout.spacing())
        rows_at = self._layout.indexOf(self._rows_box)
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            if index == rows_at or item is None or item.isEmpty():
                continue
            area = item.geometry()
            if index < rows_at:
                top = max(top, area.bottom() + 1 + spacing)
            else:
                bottom = min(bottom, area.top() - spacing)
        return top, max(top, bottom)

    def waiting(self) -> list[Entry]:
        """The entries of the window whose rows are not built yet."""
        return [e for e in self.entries[self.start :] if e.row is None]

    @property
    def words(self) -> int:
        return self.count_words()

    def count_words(self) -> int:
        """The word total (counting every entry now if it was not counted yet)."""
        if self.total is None:
            self.total = entries_words(self.entries, self.spec.kind, self.editor.speaker_label, self.editor.lang)
        return self.total

    def uids(self) -> list[str]:
        return [e.uid for e in self.entries]

    def index_of(self, uid: str) -> int:
        for i, entry in enumerate(self.entries):
            if entry.item.uid == uid:
                return i
        return -1

    def refresh_count(self) -> None:
        if self.total is not None:  # else shown once counted
            self.heading.set_count(self.total)

    # -- the window of rows -----------------------------------------------------------------------
    def _make_row(self, entry: Entry) -> ItemRow:
        row = ROW_TYPES[self.spec.kind](self.editor, entry, self.spec)
        row.wordsChanged.connect(self._row_words)
        return row

    def _row_words(self, _row: ItemRow, delta: int) -> None:
        self.changes += 1
        if self.total is not None:  # else the entries' own counts make it when counted
            self.total += delta
        self.wordsChanged.emit()

    def open_window(self, count: int = WINDOW) -> None:
        """The window is the last ``count`` entries (at first); their rows are built later."""
        self.start = max(0, len(self.entries) - count)
        self._update_earlier()

    def build_row(self, entry: Entry) -> ItemRow:
        """The row of ``entry`` (an entry of the window), built now if it was not."""
        if entry.row is not None:
            return entry.row
        slot = 0  # rows stay in entry order in the layout
        for other in self.entries[self.start :]:
            if other is entry:
                break
            if other.row is not None:
                slot += 1
        row = self._make_row(entry)
        self._rows_box.insertWidget(slot, row)
        if self.isVisible():
            self._show_row(row)  # at once (not at the next event loop turn): focus and Tab reach it now
        self.editor.builder.built()
        return row

    def _show_row(self, row: ItemRow) -> None:
        """Show a new row, at the width the layout will give it (that of the section): its text
        is laid out once, not first at the width of its size hint (the layouts may be on hold)."""
        row.resize(self.contentsRect().width(), row.height())
        row.show()

    def complete(self, fix_tab_order: bool = True) -> list[ItemRow]:
        """Build every row of the window not built yet (in one go); those built."""
        built = []
        slot = 0
        visible = self.isVisible()
        with self.editor.builder.batch():
            for entry in self.entries[self.start :]:
                if entry.row is None:
                    row = self._make_row(entry)
                    self._rows_box.insertWidget(slot, row)
                    if visible:
                        self._show_row(row)
                    built.append(row)
                slot += 1
        if built:
            self.editor.builder.built()
            if fix_tab_order:
                self.editor.keyboard.fix_tab_order()
        return built

    def extend_window(self, new_start: int) -> None:
        """Entries from ``new_start`` on join the window; their rows come in idle turns (or when needed)."""
        new_start = max(0, min(new_start, self.start))
        if new_start == self.start:
            return
        self.start = new_start
        self._update_earlier()
        self.editor.builder.schedule()

    def row_at(self, index: int) -> ItemRow | None:
        """The row of entry ``index``, built (and the window extended to it) if needed."""
        if not 0 <= index < len(self.entries):
            return None
        if index < self.start:
            self.extend_window(index)
        return self.build_row(self.entries[index])

    def _update_earlier(self) -> None:
        hidden = self.start
        text = ngettext("Show {count} earlier entry", "Show {count} earlier entries", hidden).format(count=hidden)
        self.earlier_button.setText(text)
        self.earlier_button.setAccessibleName(text)
        self.earlier_button.setVisible(hidden > 0)

    def set_read_only(self, read_only: bool) -> None:
        """Its rows built so far follow the editor's ``read_only`` (those built later read it)."""
        for row in self.built_rows():
            row.set_read_only(read_only)

    # -- changing entries (no undo here: see NoteEditor) ----------------------------------------
    def insert(self, index: int, item: Item) -> ItemRow:
        index = max(0, min(index, len(self.entries)))
        entry = Entry(item, item_words(item, self.spec.kind, self.editor.speaker_label(item), self.editor.lang))
        if index < self.start:  # before the window: the window grows down to it
            self.extend_window(index)
        self.entries.insert(index, entry)
        self.changes += 1
        if self.total is not None:
            self.total += entry.words or 0
        row = self.build_row(entry)
        self.wordsChanged.emit()
        return row

    def take(self, uid: str) -> tuple[int, Item] | None:
        index = self.index_of(uid)
        if index < 0:
            return None
        entry = self.entries.pop(index)
        self.changes += 1
        if self.total is not None:
            words = entry.words
            if words is None:  # never shown: its data is what was counted
                words = item_words(entry.item, self.spec.kind, self.editor.speaker_label(entry.item), self.editor.lang)
            self.total -= words
        item = entry.row.snapshot() if entry.row is not None else entry.item
        if entry.row is not None:
            entry.row.setParent(None)
            entry.row.deleteLater()
            entry.row = None
        if index < self.start:
            self.start -= 1
            self._update_earlier()
        self.wordsChanged.emit()
        return index, item

    def focus_widgets(self) -> list[QWidget]:
        """The focusable controls built so far, in reading order."""
        widgets: list[QWidget] = [self.earlier_button] if self.start else []
        for row in self.built_rows():
            widgets.extend(row.focus_widgets())
        return widgets

    def focus_entry(self) -> QWidget | None:
        """Where the keyboard goes when the section is reached (next/previous section)."""
        row = self.row_at(len(self.entries) - 1)
        return row.body if row is not None else None


class TextSection(SectionWidget):
    """A rich-text section: one body, created when first typed into."""

    def __init__(self, editor: NoteEditor, spec: SectionSpec, depth: int, items: list[Item], parent: QWidget | None = None):
        if not items:
            items = [editor.new_item(spec.key, timed=False)]
        super().__init__(editor, spec, depth, items[:1], parent)
        self.open_window(1)

    @property
    def editor_widget(self) -> QWidget:
        return self.rows[0].body


class ListSection(SectionWidget):
    """Highlights, interventions or items: entries that can be added and removed."""

    def __init__(self, editor: NoteEditor, spec: SectionSpec, depth: int, items: list[Item], parent: QWidget | None = None):
        super().__init__(editor, spec, depth, items, parent)
        lang = editor.lang
        if spec.kind is SectionKind.HIGHLIGHTS:
            columns = QHBoxLayout()
            columns.addWidget(QLabel(f"<i>{spec.title(lang)}</i>"), 3)
            columns.addWidget(QLabel(f"<i>{spec.attribution_title(lang) or _('Attribution')}</i>"), 1)
            columns.addSpacing(72)
            self._layout.insertLayout(1, columns)
        self.open_window()
        labels = {
            SectionKind.HIGHLIGHTS: _("Add highlight"),
            SectionKind.INTERVENTIONS: _("Add intervention"),
            SectionKind.ITEMS: _("Add entry"),
        }
        self.add_button = AddButton(labels[spec.kind])
        self.add_button.setAccessibleName(f"{labels[spec.kind]}: {spec.title(lang)}")
        self.add_button.setToolTip(_("Enter at the end of an entry, or Ctrl+Enter, adds one after it"))
        self.add_button.clicked.connect(lambda: editor.commands.add_item(self.key))
        if editor.read_only:
            self.add_button.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self._layout.addLayout(bar)

    def focus_widgets(self) -> list[QWidget]:
        widgets = super().focus_widgets()
        return [*widgets, self.add_button] if not self.editor.read_only else widgets

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.add_button.setVisible(not read_only)

    def focus_entry(self) -> QWidget | None:
        entry = super().focus_entry()
        if entry is not None:
            return entry
        return None if self.editor.read_only else self.add_button


def make_section(
    editor: NoteEditor, spec: SectionSpec, depth: int, items: list[Item]
) -> SectionWidget | SectionHeading:
    """The widget for one entry of ``template.walk()``: a heading for a group."""
    if spec.kind is SectionKind.GROUP:
        return SectionHeading(spec, depth, editor.lang)
    if spec.kind is SectionKind.TEXT:
        return TextSection(editor, spec, depth, items)
    return ListSection(editor, spec, depth, items)
