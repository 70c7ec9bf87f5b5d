"""A compact rich-text field for notes: bold, italic, bullets, links kept from pastes.

It grows with its content instead of scrolling (the note editor scrolls as a
whole), moves focus on Tab, and reports edits, focus loss and a request for a
new item (Ctrl+Enter anywhere, or Enter at the end of the text when
:attr:`RichTextEdit.enter_adds` is set) to the row that owns it. Up on the first
line and Down on the last one ask to move to the previous or next item.

Undo and redo keys are left to the window: the note editor keeps one undo
history across all its items (see :mod:`ui.editor.undo`), fed by each document's
``undoCommandAdded``. The document may be handed in, so that an item's text and
its undo history outlive the widget (rows are rebuilt, removed and restored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextEdit, QWidget

from notetaker.i18n import _
from notetaker.richtext import BlockStyle, RichText

from .richtext_bridge import fill_document, from_document, from_html, list_format, to_document

if TYPE_CHECKING:  # (types of events that come later than the start: loaded then)
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QContextMenuEvent, QFocusEvent

BOLD_KEYS = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_B)
ITALIC_KEYS = QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_I)
BULLET_KEYS = QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_L)


def is_undo_key(event: QKeyEvent) -> bool:
    return any(
        event.matches(key)
        for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
    ) or _sequence(event) == QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Y)


def _sequence(event: QKeyEvent) -> QKeySequence:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(event.keyCombination().key().value | mods.value)


class RichTextEdit(QTextEdit):
    edited = Signal()  # the user changed the text or its formatting
    focusLost = Signal()
    addRequested = Signal()  # Ctrl+Enter, or Enter at the end: a new item after this one
    leaveRequested = Signal(int)  # -1: Up on the first line; +1: Down on the last line

    def __init__(
        self, parent: QWidget | None = None, min_lines: int = 2, document: QTextDocument | None = None
    ):
        super().__init__(parent)
        self._cache: RichText | None = None if document is not None else RichText()
        self._loading = False
        self._min_lines = min_lines
        self.enter_adds = False  # Enter at the very end of a non-empty text asks for a new item
        if document is not None:
            self.setDocument(document)
        self.setTabChangesFocus(True)
        self.setAcceptRichText(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self._on_changed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self._fit_height()

    def setDocument(self, document: QTextDocument) -> None:  # noqa: N802 - Qt's name
        super().setDocument(document)
        self._cache = None

    def set_min_lines(self, lines: int) -> None:
        self._min_lines = lines
        self._fit_height()

    # -- content -------------------------------------------------------------
    def rich(self) -> RichText:
        """The current content (computed once per change)."""
        if self._cache is None:
            self._cache = from_document(self.document())
        return self._cache

    def set_rich(self, rich: RichText) -> None:
        """Show ``rich`` without reporting it as an edit."""
        self._loading = True
        try:
            fill_document(self.document(), rich)
            self.document().setModified(False)
            self.document().clearUndoRedoStacks()
        finally:
            self._loading = False
        self._cache = rich
        self._fit_height()

    def _on_changed(self) -> None:
        self._cache = None
        if not self._loading:
            self.edited.emit()

    # -- formatting ------------------------------------------------------------
    def toggle_bold(self) -> None:
        if self.isReadOnly():
            return
        fmt = QTextCharFormat()
        bold = self.fontWeight() < QFont.Weight.DemiBold.value
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.mergeCurrentCharFormat(fmt)

    def toggle_italic(self) -> None:
        if self.isReadOnly():
            return
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.fontItalic())
        self.mergeCurrentCharFormat(fmt)

    def toggle_bullets(self) -> None:
        """Make the selected paragraphs bullets, or plain paragraphs if they already are."""
        if self.isReadOnly():
            return
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        blocks = [first]
        while blocks[-1] != last and blocks[-1].next().isValid():
            blocks.append(blocks[-1].next())
        cursor.beginEditBlock()
        if first.textList() is not None:
            for block in blocks:
                text_list = block.textList()
                if text_list is not None:
                    text_list.remove(block)
                c = QTextCursor(block)
                fmt = QTextBlockFormat(block.blockFormat())
                fmt.setIndent(0)
                c.setBlockFormat(fmt)
        else:
            c = QTextCursor(first)
            new_list = c.createList(list_format(BlockStyle.BULLET))
            for block in blocks[1:]:
                if block.textList() is not None:
                    block.textList().remove(block)
                new_list.add(block)
        cursor.endEditBlock()

    # -- events ------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Claim our formatting keys before window shortcuts can take them.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if is_undo_key(event):
                event.ignore()  # the window's Undo/Redo act on the whole note
                return True
            if _sequence(event) in (BOLD_KEYS, ITALIC_KEYS, BULLET_KEYS) or self._is_add(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        seq = _sequence(event)
        if seq == BOLD_KEYS:
            self.toggle_bold()
        elif seq == ITALIC_KEYS:
            self.toggle_italic()
        elif seq == BULLET_KEYS:
            self.toggle_bullets()
        elif self._is_add(event) or self._is_enter_at_end(event):
            if self.document().toPlainText().strip() or self._is_add(event):
                self.addRequested.emit()
            # Enter in an empty entry: nothing (no blank line, no empty entry after it)
        elif self._leaves(event):
            self.leaveRequested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            if event.text() and event.text().isprintable():
                self._leave_link_at_its_end()
            super().keyPressEvent(event)

    def _leave_link_at_its_end(self) -> None:
        """Text typed right after a link is not part of the link."""
        cursor = self.textCursor()
        if cursor.hasSelection() or not self.currentCharFormat().isAnchor():
            return
        if not cursor.atBlockEnd():
            after = QTextCursor(cursor)
            after.movePosition(QTextCursor.MoveOperation.NextCharacter)
            if after.charFormat().isAnchor():
                return  # inside the link: typing extends it
        fmt = QTextCharFormat(self.currentCharFormat())
        fmt.setAnchor(False)
        fmt.setAnchorHref("")
        fmt.clearForeground()
        fmt.setFontUnderline(False)
        self.setCurrentCharFormat(fmt)

    @staticmethod
    def _is_add(event: QKeyEvent) -> bool:
        return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )

    def _is_enter_at_end(self, event: QKeyEvent) -> bool:
        if not self.enter_adds or self.isReadOnly():
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Shift+Enter: a line break, as usual
        cursor = self.textCursor()
        if cursor.hasSelection() or not cursor.atEnd() or cursor.block().textList() is not None:
            return False  # inside the text, or in a bulleted list: a new paragraph or bullet
        return True

    def _leaves(self, event: QKeyEvent) -> bool:
        if event.key() not in (Qt.Key.Key_Up, Qt.Key.Key_Down) or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        probe = QTextCursor(self.textCursor())
        moved = probe.movePosition(
            QTextCursor.MoveOperation.Up if event.key() == Qt.Key.Key_Up else QTextCursor.MoveOperation.Down
        )
        return not moved

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The usual menu, without the document's own Undo/Redo (the note has one history)."""
        menu = self.createStandardContextMenu(event.pos())
        for action in menu.actions():
            if action.objectName() in ("edit-undo", "edit-redo"):
                menu.removeAction(action)
        menu.setAccessibleName(_("Text menu"))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste only what the notes can keep: paragraphs, bullets, bold, italic, links."""
        if source.hasHtml():
            from PySide6.QtGui import QTextDocumentFragment

            clean = to_document(from_html(source.html()))
            self.textCursor().insertFragment(QTextDocumentFragment(clean))
            self.ensureCursorVisible()
            return
        super().insertFromMimeData(source)

    # -- size ----------------------------------------------------------------------
    def _fit_height(self) -> None:
        doc_height = self.document().size().height()
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * self.document().documentMargin()
        minimum = self._min_lines * line + frame
        self.setFixedHeight(int(max(doc_height + margins.top() + margins.bottom() + 2, minimum)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())
