"""One row per item of a note: its text, attribution or speaker, time and remove button.

A row shows one :class:`Entry` (the item's data, kept by its section whether or
not a row is built for it). A row never writes: each edit marks it dirty in
the editor's :class:`~ui.editor.autosave.EditCollector`, which soon asks it for a
:meth:`ItemRow.snapshot` (a plain :class:`~notetaker.domain.Item`) for the
background writer. Field edits go on the editor's undo stack (:mod:`ui.editor.undo`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLineEdit, QToolButton, QWidget

from notetaker.domain import Item, SectionKind
from notetaker.i18n import _
from notetaker.templates import SectionSpec
from notetaker.wordcount import count_words, has_east_asian

from ..widgets.delegation_field import DelegationField
from ..widgets.rich_edit import RichTextEdit, is_undo_key
from .undo import FieldEdit

if TYPE_CHECKING:
    from .note_editor import NoteEditor


@dataclass(eq=False, slots=True)
class Entry:
    """An item of a section: its latest data, its word count, and its row when one is built.

    ``words`` is ``None`` until the entry is counted on its own (when its row is
    built, or it is removed): opening a note counts a section's entries all at
    once (:func:`entries_words`).
    """

    item: Item
    words: int | None = None
    row: ItemRow | None = None

    @property
    def uid(self) -> str:
        return self.item.uid


_ALNUM = re.compile(r"[^\W_]")  # a letter or a digit, as str.isalnum()
#: A token of neither letters nor digits ("–", "•", "?"), once "_" is replaced by "-".
_BARE_TOKEN = re.compile(r"[^\w\s](?<!\S.)[^\w\s]*(?!\S)")


def words_in(text: str, lang: str | None = None) -> int:
    """:func:`notetaker.wordcount.count_words`, faster on text without East Asian characters.

    It runs on every keystroke (and for every item of a note at opening): the
    tokens are checked by one C-level search each instead of a Python loop per character.
    """
    if has_east_asian(text):
        return count_words(text, lang)
    return sum(1 for token in text.split() if _ALNUM.search(token))


def count_texts(texts: list[str], lang: str | None = None) -> int:
    """``sum(words_in(t) for t in texts)``, for many texts at once (a section of a big note).

    Tokens are what ``str.split`` gives; the tokens without a letter or digit
    are found by one regular expression over the joined text, so there is no
    Python loop per token.
    """
    joined = "\n".join(texts)
    if has_east_asian(joined):
        return sum(words_in(text, lang) for text in texts)
    joined = joined.replace("_", "-")  # neither a letter nor a space, as "-": the tokens stay the same
    return len(joined.split()) - len(_BARE_TOKEN.findall(joined))


def item_words(item: Item, kind: SectionKind, label: str = "", lang: str | None = None) -> int:
    words = sum(words_in(block.text, lang) for block in item.body.blocks)
    if kind is SectionKind.INTERVENTIONS and label:
        words += words_in(label, lang)
    return words


def entries_words(entries: list[Entry], kind: SectionKind, label: Callable[[Item], str], lang: str | None = None) -> int:
    """The words of ``entries`` (as :func:`item_words` counts each), those not yet counted all at once."""
    total = 0
    texts: list[str] = []
    speakers: dict[str, int] = {}  # a speaker's name counts in each of their interventions
    for entry in entries:
        if entry.words is not None:
            total += entry.words
            continue
        texts.extend(block.text for block in entry.item.body.blocks)
        if kind is SectionKind.INTERVENTIONS and entry.item.delegations:
            code = entry.item.delegations[0]
            if code not in speakers:
                speakers[code] = words_in(label(entry.item), lang)
            total += speakers[code]
    return total + count_texts(texts, lang)


class LineField(QLineEdit):
    """A line edit whose undo keys act on the whole note."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and is_undo_key(event):
            event.ignore()
            return True
        return super().event(event)


class ItemRow(QFrame):
    """One item: a rich-text body, and what its kind adds."""

    wordsChanged = Signal(object, int)  # the row, and how much its entry's word count changed

    def __init__(self, editor: NoteEditor, entry: Entry, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.entry = entry
        self.spec = spec
        self._texts: dict[str, str] = {}
        self._good: dict[str, tuple[tuple[str, ...], str | None]] = {}  # last known attribution typed
        read_only = editor.read_only
        if entry.words is None:  # counted from the data shown now: the section's total has it so
            entry.words = item_words(entry.item, spec.kind, editor.speaker_label(entry.item), editor.lang)
        self.body = RichTextEdit(document=editor.document_for(entry.uid, entry.item.body))
        self.body.setReadOnly(read_only)
        self.body.edited.connect(self._body_edited)
        self.body.focusLost.connect(editor.collector.collect)
        self.body.addRequested.connect(lambda: editor.commands.add_after(self))
        self.body.leaveRequested.connect(lambda step: editor.keyboard.move_from(self, step))
        self.body.enter_adds = spec.kind is not SectionKind.TEXT
        entry.row = self

    @property
    def uid(self) -> str:
        return self.entry.uid

    @property
    def item(self) -> Item:
        return self.entry.item

    # -- data ------------------------------------------------------------------------------
    def current_item(self) -> Item:
        """The item as shown now."""
        return replace(self.entry.item, body=self.body.rich())

    def snapshot(self) -> Item:
        """The item as shown now, remembered as the entry's data (for the writer)."""
        self.entry.item = self.current_item()
        return self.entry.item

    def count_words(self) -> int:
        return words_in(self.body.toPlainText(), self.editor.lang)

    def is_blank(self) -> bool:
        return not self.body.toPlainText().strip()

    def first_widget(self) -> QWidget:
        return self.body

    def focus_widgets(self) -> list[QWidget]:
        """The row's focusable controls, in reading order."""
        return [self.body]

    def refresh_time(self) -> None:
        """Show the item's time again (the session clock changed)."""

    # -- edits ---------------------------------------------------------------------------------
    def _body_edited(self) -> None:
        self.editor.builder.typing()
        self.editor.collector.touch(self)
        self._recount()

    def _recount(self) -> None:
        words, before = self.count_words(), self.entry.words or 0
        if words != before:
            self.entry.words = words
            self.wordsChanged.emit(self, words - before)

    def _watch(self, field: QLineEdit, name: str) -> None:
        """Put the user's edits of ``field`` on the undo stack and mark the row dirty."""
        self._texts[name] = field.text()
        signal = field.edited if isinstance(field, DelegationField) else field.textEdited
        signal.connect(lambda *_args: self._field_edited(field, name))
        if isinstance(field, DelegationField):
            field.picked.connect(lambda: self._heard(field))
            field.editingFinished.connect(lambda: self._heard(field))

    def _heard(self, field: DelegationField) -> None:
        """Delegations picked or confirmed are heard in the event: ranked first from now on."""
        parsed = field.parsed()
        if parsed is not None:
            self.editor.participants.update(parsed[0])
            if parsed[1]:
                self.editor.participants.add(parsed[1])

    def _field_edited(self, field: QLineEdit, name: str) -> None:
        if isinstance(field, DelegationField):
            parsed = field.parsed()
            if parsed is not None:
                self._good[name] = parsed
        old, new = self._texts.get(name, ""), field.text()
        self._texts[name] = new
        if old != new and not self.editor.applying_undo:
            self.editor.undo_stack.push(FieldEdit(self.editor, self.uid, name, old, new))
        self.editor.builder.typing()
        self.editor.collector.touch(self)
        self._recount()

    def field(self, name: str) -> QLineEdit | None:
        return None

    def set_field_text(self, name: str, text: str) -> None:
        widget = self.field(name)
        if widget is None:
            return
        self._texts[name] = text
        widget.setText(text)
        self.editor.collector.touch(self)
        self._recount()

    # -- parts ---------------------------------------------------------------------------------
    def _remove_button(self) -> QToolButton:
        button = QToolButton()
        button.setText("✕")
        button.setToolTip(_("Remove this entry (Ctrl+Shift+Backspace)"))
        button.setAccessibleName(_("Remove entry"))
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Ctrl+Shift+Backspace from the keyboard
        button.clicked.connect(lambda: self.editor.commands.remove_item(self.uid))
        if self.editor.read_only:  # (never show() a widget before it has a parent: it would be a window)
            button.hide()
        self.remove_button = button
        return button

    def set_read_only(self, read_only: bool) -> None:
        """Show the entry without letting it be changed (its note was locked meanwhile)."""
        for widget in self.focus_widgets():
            if isinstance(widget, (QLineEdit, RichTextEdit)):
                widget.setReadOnly(read_only)
        remove = getattr(self, "remove_button", None)
        if remove is not None:
            remove.setVisible(not read_only)
        timing = getattr(self, "time_button", None)
        if timing is not None:
            timing.setEnabled(not read_only)

    def _time_button(self) -> QToolButton:
        button = QToolButton()
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # F9 / Shift+F9 from the keyboard
        button.clicked.connect(lambda: self.editor.commands.retime_dialog(self.uid))
        button.setEnabled(not self.editor.read_only)
        self.time_button = button
        self.refresh_time()
        return button

    def _show_time(self) -> None:
        text, tip = self.editor.commands.time_text(self.entry.item.spoken_at)
        self.time_button.setText(text or "—")
        self.time_button.setToolTip(tip)
        self.time_button.setAccessibleName(_("Time of the entry: {time}").format(time=text or _("none")))


class TextBodyRow(ItemRow):
    """The single rich-text body of a text section."""

    def __init__(self, editor: NoteEditor, entry: Entry, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(editor, entry, spec, parent)
        self.body.setAccessibleName(spec.title(editor.lang))
        self.body.set_min_lines(4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)


class ListItemRow(ItemRow):
    """An entry of an items section (a key figure, a pillar): one rich-text field."""

    def __init__(self, editor: NoteEditor, entry: Entry, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(editor, entry, spec, parent)
        self.body.setAccessibleName(_("Entry of {section}").format(section=spec.title(editor.lang)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self._remove_button(), 0, Qt.AlignmentFlag.AlignTop)


class HighlightRow(ItemRow):
    """A highlight: the point, the delegations it is attributed to, and when it was made."""

    def __init__(self, editor: NoteEditor, entry: Entry, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(editor, entry, spec, parent)
        lang = editor.lang
        self.body.setAccessibleName(_("Highlight"))
        self.attribution = DelegationField(editor.lookup, multiple=True)
        self.attribution.preferred = editor.participants
        self.attribution.setAccessibleName(spec.attribution_title(lang) or _("Attribution"))
        self.attribution.set_codes(entry.item.delegations, entry.item.on_behalf_of)
        self.attribution.setReadOnly(editor.read_only)
        self.attribution.done.connect(lambda: editor.keyboard.focus_row(self, "body"))
        self.attribution.editingFinished.connect(editor.collector.collect)
        self._watch(self.attribution, "attribution")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.attribution, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._time_button(), 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._remove_button(), 0, Qt.AlignmentFlag.AlignTop)

    def refresh_time(self) -> None:
        self._show_time()

    def field(self, name: str) -> QLineEdit | None:
        return self.attribution if name == "attribution" else None

    def focus_widgets(self) -> list[QWidget]:
        return [self.body, self.attribution]

    def current_item(self) -> Item:
        item = super().current_item()
        parsed = self.attribution.parsed() or self._good.get("attribution")
        if parsed is None:  # a name not (yet) known: the last good attribution stays
            return item
        codes, behalf = parsed
        return replace(item, delegations=codes, on_behalf_of=behalf)

    def is_blank(self) -> bool:
        return super().is_blank() and not self.attribution.text().strip()


class InterventionRow(ItemRow):
    """An intervention: speaking delegation (perhaps for a group), person, time and text."""

    def __init__(self, editor: NoteEditor, entry: Entry, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(editor, entry, spec, parent)
        self.body.setAccessibleName(_("Intervention"))
        self.speaker = DelegationField(editor.lookup, multiple=False)
        self.speaker.preferred = editor.participants
        self.speaker.setAccessibleName(_("Speaker"))
        self.speaker.set_codes(entry.item.delegations[:1], entry.item.on_behalf_of)
        self.speaker.setReadOnly(editor.read_only)
        self.speaker.done.connect(lambda: editor.keyboard.focus_row(self, "body"))
        self.speaker.picked.connect(lambda: editor.keyboard.focus_row(self, "body"))
        self.speaker.editingFinished.connect(editor.collector.collect)
        self._watch(self.speaker, "speaker")
        self.person = LineField(entry.item.person)
        self.person.setPlaceholderText(_("Person (optional)"))
        self.person.setAccessibleName(_("Person speaking"))
        self.person.setReadOnly(editor.read_only)
        self.person.returnPressed.connect(lambda: editor.keyboard.focus_row(self, "body"))
        self.person.editingFinished.connect(editor.collector.collect)
        self._watch(self.person, "person")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.speaker, 0, 0)
        layout.addWidget(self.person, 0, 1)
        layout.addWidget(self._time_button(), 0, 2)
        layout.addWidget(self._remove_button(), 0, 3)
        layout.addWidget(self.body, 1, 0, 1, 4)
        layout.setColumnStretch(0, 2)
        layout.setColumnStretch(1, 2)

    def refresh_time(self) -> None:
        self._show_time()

    def field(self, name: str) -> QLineEdit | None:
        return {"speaker": self.speaker, "person": self.person}.get(name)

    def first_widget(self) -> QWidget:
        return self.speaker

    def focus_widgets(self) -> list[QWidget]:
        return [self.speaker, self.person, self.body]

    def current_item(self) -> Item:
        item = replace(super().current_item(), person=self.person.text().strip())
        parsed = self.speaker.parsed() or self._good.get("speaker")
        if parsed is None:
            return item
        codes, behalf = parsed
        return replace(item, delegations=codes[:1], on_behalf_of=behalf)

    def count_words(self) -> int:
        words = super().count_words()
        codes = self.speaker.codes()
        if codes:
            words += words_in(self.editor.lookup.label(codes[0]), self.editor.lang)
        return words

    def is_blank(self) -> bool:
        return super().is_blank() and not self.speaker.text().strip() and not self.person.text().strip()


ROW_TYPES: dict[SectionKind, type[ItemRow]] = {
    SectionKind.HIGHLIGHTS: HighlightRow,
    SectionKind.INTERVENTIONS: InterventionRow,
    SectionKind.ITEMS: ListItemRow,
    SectionKind.TEXT: TextBodyRow,
}
