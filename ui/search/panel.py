"""The search box: full-text search across events and notes, with filters.

Results come from :meth:`notetaker.services.search.SearchService.search` and
are shown grouped by event, then section, each match with its snippet and the
matched words highlighted. Activating a match asks (by signal) for its note to
be opened at that item; the window decides how.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from notetaker.i18n import _, ngettext
from notetaker.roster import display_name, fold
from notetaker.services import ServiceError
from notetaker.timezones import to_local

from ..context import AppContext

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from notetaker.services.search import SearchFilters, SearchHit, SearchResults

    from ..editor.note_editor import NoteEditor

# What paints results (QStyle alone takes 8 ms to load), the search service and html are
# imported when first used: the window starts without them.

#: Model roles of the result rows.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "event" | "section" | "hit"
EVENT_ROLE = Qt.ItemDataRole.UserRole + 2
NOTE_ROLE = Qt.ItemDataRole.UserRole + 3
ITEM_ROLE = Qt.ItemDataRole.UserRole + 4
HTML_ROLE = Qt.ItemDataRole.UserRole + 5

DEBOUNCE_MS = 250
NO_DATE = QDate(2000, 1, 1)  # the date edits' "no limit" value
HIGHLIGHT_STYLE = "background-color:#ffe28a;color:#000;font-weight:bold"


def snippet_html(hit: SearchHit) -> str:
    """The snippet as HTML, its matches highlighted; everything else escaped."""
    import html

    out, pos = [], 0
    for start, end in hit.highlights:
        out.append(html.escape(hit.snippet[pos:start]))
        out.append(f'<span style="{HIGHLIGHT_STYLE}">{html.escape(hit.snippet[start:end])}</span>')
        pos = end
    out.append(html.escape(hit.snippet[pos:]))
    who = ", ".join(hit.delegations)
    if hit.person:
        who = f"{who}: {hit.person}" if who else hit.person
    prefix = f'<span style="color:#555">[{html.escape(who)}]</span> ' if who else ""
    return prefix + " ".join("".join(out).split())


class HtmlDelegate(QStyledItemDelegate):
    """Paints rows that carry :data:`HTML_ROLE` as rich text (the highlighted snippets)."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument | None:
        markup = index.data(HTML_ROLE)
        if not markup:
            return None
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(markup)
        doc.setTextWidth(max(80, option.rect.width() or 400))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        doc = self._document(option, index)
        if doc is None:
            super().paint(painter, option, index)
            return
        from PySide6.QtGui import QAbstractTextDocumentLayout
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        doc = self._document(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class _ResultsView(QTreeView):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    #: A match in a note was activated: (note id, item id or None).
    note_requested = Signal(int, object)
    #: A match in an event's own fields (title, objectives...) was activated: event id.
    event_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._results: SearchResults | None = None
        self.setAccessibleName(_("Search"))

        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Search events and notes"))
        self.query.setAccessibleName(_("Search text"))
        self.query.setToolTip(_(
            'All words must appear; case and accents are ignored. "a phrase" finds the words '
            "together, word* finds words starting so, -word leaves out, OR gives alternatives."
        ))
        self.query.setClearButtonEnabled(True)
        self.delegation = QComboBox()
        self.delegation.setAccessibleName(_("Delegation"))
        self.series = QComboBox()
        self.series.setAccessibleName(_("Series"))
        for combo in (self.delegation, self.series):  # long names must not widen the window
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        self.date_from = self._date_edit(_("From"))
        self.date_to = self._date_edit(_("To"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Search status"))

        self.model = QStandardItemModel(self)
        self.view = _ResultsView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setAccessibleName(_("Search results"))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.activated.connect(self._activate)

        filters = QFormLayout()
        filters.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields when narrow
        filters.addRow(_("Delegation"), self.delegation)
        filters.addRow(_("Series"), self.series)
        filters.addRow(_("From"), self.date_from)
        filters.addRow(_("To"), self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_due)
        self._stale_only = False  # the search due only refreshes results after a change on disk
        self.query.textChanged.connect(self._asked)
        self.query.returnPressed.connect(self._search_and_focus)
        for combo in (self.delegation, self.series):
            combo.currentIndexChanged.connect(self._asked)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._asked)
        self._filters_loaded = False  # filled when first shown or used: not while the app starts

    # -- building -----------------------------------------------------------------
    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("any"))
        edit.setDate(NO_DATE)
        return edit

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        self.load_filters()
        super().showEvent(event)

    def load_filters(self) -> None:
        """Fill the delegations and series offered, the first time they are needed."""
        if not self._filters_loaded:
            self.refresh_filters()

    def refresh_filters(self, only_if_loaded: bool = False) -> None:
        """Reload the delegations and series offered (keeping the current choices).

        ``only_if_loaded``: do nothing while they have not been filled yet.
        """
        if only_if_loaded and not self._filters_loaded:
            return
        self._filters_loaded = True
        lang = self.ctx.lang
        current = self.delegation.currentData()
        self.delegation.blockSignals(True)
        self.delegation.clear()
        self.delegation.addItem(_("All delegations"), None)
        for d in sorted(self.ctx.run(self.ctx.core.delegations.all) or [], key=lambda d: fold(display_name(d, lang))):
            self.delegation.addItem(f"{display_name(d, lang)} ({d.code})", d.code)
        self.delegation.setCurrentIndex(max(0, self.delegation.findData(current)))
        self.delegation.blockSignals(False)

        current = self.series.currentData()
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(_("All series"), None)
        try:
            names = self.ctx.core.search.series_names()
        except ServiceError:
            names = []
        for name in names:
            self.series.addItem(name, name)
        self.series.setCurrentIndex(max(0, self.series.findData(current)))
        self.series.blockSignals(False)

    # -- searching ----------------------------------------------------------------
    def filters(self) -> SearchFilters:
        def day(edit: QDateEdit) -> date | None:
            value = edit.date()
            return None if value == NO_DATE else date(value.year(), value.month(), value.day())

        from notetaker.services.search import SearchFilters

        self.load_filters()
        return SearchFilters(self.delegation.currentData(), self.series.currentData(), day(self.date_from), day(self.date_to))

    def set_delegation(self, code: str | None) -> None:
        self.load_filters()
        self.delegation.setCurrentIndex(max(0, self.delegation.findData(code)))

    def schedule(self) -> None:
        """Search again shortly (debounced): the notes changed on disk."""
        if not self._timer.isActive():
            self._stale_only = True
        self._timer.start()

    def _asked(self, *_args: object) -> None:
        """The user typed or changed a filter: search shortly (after the sync step)."""
        self._stale_only = False
        self._timer.start()

    def _search_due(self) -> None:
        self.run_search(sync=not self._stale_only)

    def focus_search(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def results(self) -> SearchResults | None:
        return self._results

    def _search_and_focus(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.view.setFocus()

    def run_search(self, sync: bool = True) -> None:
        """Search now with the current text and filters; first, the sync step (what was just
        typed is found too), unless the search only refreshes results after a change on disk."""
        self._timer.stop()
        self._stale_only = False
        if sync:
            self.ctx.sync()  # (if saving fails, the search reads what is on disk)
        filters = self.filters()
        text = self.query.text()
        if not text.strip() and not filters:
            self._show(None, "")
            return
        try:
            results = self.ctx.core.search.search(text, filters, lang=self.ctx.lang)
        except ServiceError as exc:  # a query that cannot be understood: said here, no dialog
            self._show(None, str(exc))
            return
        self._show(results, self._summary(results))

    @staticmethod
    def _summary(results: SearchResults) -> str:
        if not results.events:
            return _("Nothing found.")
        if results.total_is_lower_bound:
            from notetaker.services.search import COUNT_CAP

            return _("Showing the newest {shown} of more than {total} matches.").format(shown=results.shown, total=COUNT_CAP)
        if results.truncated:
            return _("Showing the newest {shown} of {total} matches.").format(shown=results.shown, total=results.total)
        matches = ngettext("{count} match", "{count} matches", results.total).format(count=results.total)
        events = ngettext("in {count} event.", "in {count} events.", len(results.events)).format(count=len(results.events))
        return f"{matches} {events}"

    def _show(self, results: SearchResults | None, message: str) -> None:
        self._results = results
        self.status.setText(message)
        self.model.clear()
        if results is None:
            return
        bold = QFont()
        bold.setBold(True)
        for e in results.events:
            when = to_local(e.starts_at, e.timezone).strftime("%Y-%m-%d") if e.starts_at else "—"
            event_row = self._row(f"{when}  {e.title}", "event", e.event_id)
            event_row.setFont(bold)
            for s in e.sections:
                label = s.title if not s.notetakers else f"{s.title} · {', '.join(s.notetakers)}"
                section_row = self._row(label, "section", e.event_id, s.note_id)
                for hit in s.hits:
                    hit_row = self._row(hit.snippet, "hit", e.event_id, hit.note_id, hit.item_id)
                    hit_row.setData(snippet_html(hit), HTML_ROLE)
                    hit_row.setToolTip(hit.snippet)
                    section_row.appendRow(hit_row)
                event_row.appendRow(section_row)
            self.model.appendRow(event_row)
        self.view.expandAll()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    @staticmethod
    def _row(text: str, kind: str, event_id: int, note_id: int | None = None, item_id: int | None = None) -> QStandardItem:
        row = QStandardItem(text)
        row.setEditable(False)
        row.setData(kind, KIND_ROLE)
        row.setData(event_id, EVENT_ROLE)
        row.setData(note_id, NOTE_ROLE)
        row.setData(item_id, ITEM_ROLE)
        return row

    def _activate(self, index: QModelIndex) -> None:
        note_id = index.data(NOTE_ROLE)
        if note_id is not None:
            self.note_requested.emit(int(note_id), index.data(ITEM_ROLE))
        elif index.data(EVENT_ROLE) is not None:
            self.event_requested.emit(int(index.data(EVENT_ROLE)))


def focus_item(editor: NoteEditor, item_id: int | None) -> bool:
    """Bring an item of an open note editor into view and focus it (its row is built if it was
    not); whether it was found."""
    if item_id is None:
        return False
    row = editor.reveal_item(item_id)
    if row is None:
        return False
    editor.keyboard.focus_row(row)
    return True
