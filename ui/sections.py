"""The widgets of a note's sections, built from the template's section specs.

Every item of a note is one *row*, saved on its own: edits schedule a save
through the row's :class:`~ui.autosave.Debouncer` and focus-out flushes it.
A row keeps the item as last saved and writes only the fields that differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from notetaker.domain import Item, SectionKind
from notetaker.i18n import _
from notetaker.templates import SectionSpec
from notetaker.timezones import to_local

from .autosave import Debouncer
from .context import AppContext
from .delegation_field import DelegationField, DelegationLookup
from .rich_edit import RichTextEdit


@dataclass(frozen=True, slots=True)
class SectionEnv:
    """What every section of one open note shares."""

    ctx: AppContext
    note_id: int
    lookup: DelegationLookup
    zone: str  # the event's time zone, for intervention times
    read_only: bool = False  # a locked note is shown, not edited


# -- headings ---------------------------------------------------------------------


class SectionHeading(QWidget):
    """A section's title and help text, with a live word counter when it has a limit."""

    def __init__(self, spec: SectionSpec, depth: int, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
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
        self.counter: QLabel | None = None
        self.warning: QLabel | None = None
        if spec.word_limit:
            self.counter = QLabel()
            self.counter.setAccessibleName(_("Word count of {section}").format(section=spec.title(lang)))
            top.addWidget(self.counter)
        layout.addLayout(top)
        if spec.word_limit:
            self.warning = QLabel()
            self.warning.setStyleSheet("color: #c01c28;")
            self.warning.setAccessibleName(_("Word limit warning"))
            self.warning.setWordWrap(True)
            self.warning.hide()
            layout.addWidget(self.warning)
        prompt = spec.prompt(lang)
        if prompt:
            help_label = QLabel(prompt)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: palette(mid);")
            help_label.setAccessibleName(_("Help for {section}").format(section=spec.title(lang)))
            layout.addWidget(help_label)
        self.over = False

    def set_count(self, words: int) -> None:
        if self.counter is None or self.warning is None or not self.spec.word_limit:
            return
        limit = self.spec.word_limit
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


# -- rows -------------------------------------------------------------------------


class ItemRow(QFrame):
    """One item of a note, saved on its own shortly after each edit."""

    contentChanged = Signal()
    removeRequested = Signal(object)
    addAfterRequested = Signal(object)

    def __init__(self, env: SectionEnv, item: Item, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.item = item
        self.spec = spec
        self._saver = Debouncer(self.save, parent=self)
        self.body = RichTextEdit()
        self.body.set_rich(item.body)
        self.body.edited.connect(self.on_edit)
        self.body.focusLost.connect(self.flush)
        self.body.addRequested.connect(lambda: self.addAfterRequested.emit(self))
        self.body.setReadOnly(env.read_only)

    # -- what the row holds ---------------------------------------------------------
    def current_item(self) -> Item:
        """The item as shown now, saved or not (for live word counts)."""
        return replace(self.item, body=self.body.rich())

    def unsaved_fields(self) -> dict[str, Any]:
        body = self.body.rich()
        return {"body": body} if body != self.item.body else {}

    def is_blank(self) -> bool:
        return self.body.rich().is_empty()

    # -- saving -------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        return self._saver.pending

    def on_edit(self) -> None:
        self._saver.schedule()
        self.contentChanged.emit()

    def flush(self) -> None:
        self._saver.flush()

    def discard(self) -> None:
        self._saver.cancel()

    def save(self) -> None:
        fields = self.unsaved_fields()
        if not fields or self.item.id is None:
            return
        saved = self.env.ctx.run(self.env.ctx.core.notes.update_item, self.item.id, **fields)
        if saved is not None:
            self.item = saved

    def focus_body(self) -> None:
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_button(self) -> QToolButton:
        button = QToolButton()
        button.setText("✕")
        button.setToolTip(_("Remove this entry"))
        button.setAccessibleName(_("Remove entry"))
        button.clicked.connect(lambda: self.removeRequested.emit(self))
        button.setVisible(not self.env.read_only)
        return button


class TextBodyRow(ItemRow):
    """The single rich-text body of a text section."""

    def __init__(self, env: SectionEnv, item: Item, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(env, item, spec, parent)
        self.body.setAccessibleName(spec.title(env.ctx.lang))
        self.body.set_min_lines(4)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)


class ListItemRow(ItemRow):
    """An entry of an items section: one rich-text field."""

    def __init__(self, env: SectionEnv, item: Item, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(env, item, spec, parent)
        self.body.setAccessibleName(_("Entry of {section}").format(section=spec.title(env.ctx.lang)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)
        layout.addWidget(self._remove_button(), 0, Qt.AlignmentFlag.AlignTop)


class HighlightRow(ItemRow):
    """A highlight: the point, and the delegations it is attributed to."""

    def __init__(self, env: SectionEnv, item: Item, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(env, item, spec, parent)
        lang = env.ctx.lang
        self.body.setAccessibleName(_("Highlight"))
        self.attribution = DelegationField(env.lookup, multiple=True)
        self.attribution.setAccessibleName(spec.attribution_title(lang) or _("Attribution"))
        self.attribution.set_codes(item.delegations)
        self.attribution.edited.connect(self.on_edit)
        self.attribution.editingFinished.connect(self.flush)
        self.attribution.setReadOnly(env.read_only)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.attribution, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._remove_button(), 0, Qt.AlignmentFlag.AlignTop)

    def current_item(self) -> Item:
        codes = self.attribution.codes()
        item = super().current_item()
        return item if codes is None else replace(item, delegations=codes)

    def unsaved_fields(self) -> dict[str, Any]:
        fields = super().unsaved_fields()
        codes = self.attribution.codes()
        if codes is not None and codes != self.item.delegations:
            fields["delegations"] = codes
        return fields

    def is_blank(self) -> bool:
        return super().is_blank() and not self.attribution.text().strip()


class InterventionRow(ItemRow):
    """An intervention: speaking delegation, optional person, time and text."""

    def __init__(self, env: SectionEnv, item: Item, spec: SectionSpec, parent: QWidget | None = None):
        super().__init__(env, item, spec, parent)
        self.body.setAccessibleName(_("Intervention"))
        self.speaker = DelegationField(env.lookup, multiple=False)
        self.speaker.setAccessibleName(_("Speaker"))
        self.speaker.set_codes(item.delegations[:1])
        self.speaker.edited.connect(self.on_edit)
        self.speaker.editingFinished.connect(self.flush)
        self.speaker.setReadOnly(env.read_only)
        self.person = QLineEdit(item.person)
        self.person.setPlaceholderText(_("Person (optional)"))
        self.person.setAccessibleName(_("Person speaking"))
        self.person.textEdited.connect(self.on_edit)
        self.person.editingFinished.connect(self.flush)
        self.person.setReadOnly(env.read_only)
        self.time = QLabel(self._time_text())
        self.time.setAccessibleName(_("Time of the intervention"))
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.speaker, 0, 0)
        layout.addWidget(self.person, 0, 1)
        layout.addWidget(self.time, 0, 2)
        layout.addWidget(self._remove_button(), 0, 3)
        layout.addWidget(self.body, 1, 0, 1, 4)
        layout.setColumnStretch(0, 2)
        layout.setColumnStretch(1, 2)

    def _time_text(self) -> str:
        if self.item.spoken_at is None:
            return ""
        return to_local(self.item.spoken_at, self.env.zone).strftime("%H:%M")

    def current_item(self) -> Item:
        codes = self.speaker.codes()
        item = replace(super().current_item(), person=self.person.text().strip())
        return item if codes is None else replace(item, delegations=codes[:1])

    def unsaved_fields(self) -> dict[str, Any]:
        fields = super().unsaved_fields()
        codes = self.speaker.codes()
        if codes is not None and codes[:1] != self.item.delegations[:1]:
            fields["delegations"] = codes[:1]
        if self.person.text().strip() != self.item.person:
            fields["person"] = self.person.text().strip()
        return fields

    def is_blank(self) -> bool:
        return super().is_blank() and not self.speaker.text().strip() and not self.person.text().strip()


# -- sections -----------------------------------------------------------------------


class SectionWidget(QWidget):
    """A heading and the rows of one section."""

    contentChanged = Signal()

    def __init__(self, env: SectionEnv, spec: SectionSpec, depth: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.spec = spec
        self.rows: list[ItemRow] = []
        self.setAccessibleName(spec.title(env.ctx.lang))
        self.heading = SectionHeading(spec, depth, env.ctx.lang)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.heading)
        self._rows_box = QVBoxLayout()
        self._rows_box.setSpacing(4)
        self._layout.addLayout(self._rows_box)

    def current_items(self) -> list[Item]:
        return [row.current_item() for row in self.rows]

    def flush(self) -> None:
        for row in self.rows:
            row.flush()

    def discard(self) -> None:
        for row in self.rows:
            row.discard()

    def _insert_row(self, row: ItemRow, index: int) -> None:
        row.contentChanged.connect(self.contentChanged)
        self.rows.insert(index, row)
        self._rows_box.insertWidget(index, row)


class TextSection(SectionWidget):
    def __init__(self, env: SectionEnv, spec: SectionSpec, depth: int, items: list[Item], parent: QWidget | None = None):
        super().__init__(env, spec, depth, parent)
        if items:
            item = items[0]
        elif env.read_only:  # a locked note gets no new body; show an empty one
            item = Item(None, spec.key)
        else:
            item = env.ctx.run(env.ctx.core.notes.text_body, env.note_id, spec.key)
        if item is None:  # the alert has told why
            self._layout.addWidget(QLabel(_("This section could not be loaded.")))
            return
        self._insert_row(TextBodyRow(env, item, spec), 0)

    @property
    def editor(self) -> RichTextEdit:
        return self.rows[0].body


_ROW_TYPES: dict[SectionKind, type[ItemRow]] = {
    SectionKind.HIGHLIGHTS: HighlightRow,
    SectionKind.INTERVENTIONS: InterventionRow,
    SectionKind.ITEMS: ListItemRow,
}


class ListSection(SectionWidget):
    """Highlights, interventions or items: rows that can be added and removed."""

    def __init__(self, env: SectionEnv, spec: SectionSpec, depth: int, items: list[Item], parent: QWidget | None = None):
        super().__init__(env, spec, depth, parent)
        self.row_type = _ROW_TYPES[spec.kind]
        lang = env.ctx.lang
        if spec.kind is SectionKind.HIGHLIGHTS:
            columns = QHBoxLayout()
            columns.addWidget(QLabel(f"<i>{spec.title(lang)}</i>"), 3)
            columns.addWidget(QLabel(f"<i>{spec.attribution_title(lang) or _('Attribution')}</i>"), 1)
            columns.addSpacing(28)
            self._layout.insertLayout(1, columns)
        for item in items:
            self._insert_row(self._make_row(item), len(self.rows))
        labels = {
            SectionKind.HIGHLIGHTS: _("Add highlight"),
            SectionKind.INTERVENTIONS: _("Add intervention"),
            SectionKind.ITEMS: _("Add entry"),
        }
        self.add_button = QPushButton(labels[spec.kind])
        self.add_button.setAccessibleName(f"{labels[spec.kind]}: {spec.title(lang)}")
        self.add_button.setToolTip(_("Ctrl+Enter in an entry adds one after it"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.add_button.setVisible(not env.read_only)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self._layout.addLayout(bar)

    def _make_row(self, item: Item) -> ItemRow:
        row = self.row_type(self.env, item, self.spec)
        row.removeRequested.connect(self.remove_row)
        row.addAfterRequested.connect(lambda r: self.add_row(after=r))
        return row

    def add_row(self, after: ItemRow | None = None) -> ItemRow | None:
        """Create an item (after ``after``, or at the end) and focus its text."""
        if self.env.read_only:
            return None
        index = self.rows.index(after) + 1 if after in self.rows else len(self.rows)
        extra: dict[str, Any] = {}
        if self.spec.kind is SectionKind.INTERVENTIONS:
            extra["spoken_at"] = datetime.now(UTC).replace(microsecond=0)
        item = self.env.ctx.run(
            self.env.ctx.core.notes.add_item, self.env.note_id, self.spec.key, position=index, **extra
        )
        if item is None:
            return None
        row = self._make_row(item)
        self._insert_row(row, index)
        target = row.speaker if isinstance(row, InterventionRow) else row.body
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.contentChanged.emit()
        return row

    def remove_row(self, row: ItemRow) -> bool:
        if row not in self.rows or row.item.id is None:
            return False
        if not row.is_blank() and not self.env.ctx.alerts.confirm(
            _("Remove this entry and its text?"), self
        ):
            return False
        ok, _value = self.env.ctx.attempt(self.env.ctx.core.notes.remove_item, row.item.id)
        if not ok:
            return False
        row.discard()
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.contentChanged.emit()
        return True


def make_section(
    env: SectionEnv, spec: SectionSpec, depth: int, items: list[Item]
) -> SectionWidget | SectionHeading:
    """The widget for one entry of ``template.walk()``: a heading for a group."""
    if spec.kind is SectionKind.GROUP:
        return SectionHeading(spec, depth, env.ctx.lang)
    if spec.kind is SectionKind.TEXT:
        return TextSection(env, spec, depth, items)
    return ListSection(env, spec, depth, items)
