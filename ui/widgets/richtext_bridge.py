"""RichText <-> QTextDocument, exactly.

Only what :mod:`notetaker.richtext` models crosses the bridge: paragraphs,
bullet and numbered blocks (as ``QTextList``), and bold, italic and links
(``href``) in the character formats. Text is carried verbatim, accents and all.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

from notetaker.richtext import Block, BlockStyle, RichText, Run

LINK_COLOR = QColor("#1a5fb4")

_LIST_STYLES = {
    BlockStyle.BULLET: QTextListFormat.Style.ListDisc,
    BlockStyle.NUMBERED: QTextListFormat.Style.ListDecimal,
}
_NUMBERED = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}


def char_format(run: Run, base: QTextCharFormat | None = None) -> QTextCharFormat:
    """The character format that shows ``run``'s bold, italic and link."""
    fmt = QTextCharFormat(base) if base is not None else QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if run.bold else QFont.Weight.Normal)
    fmt.setFontItalic(run.italic)
    if run.href:
        fmt.setAnchor(True)
        fmt.setAnchorHref(run.href)
        fmt.setForeground(LINK_COLOR)
        fmt.setFontUnderline(True)
    else:
        fmt.setAnchor(False)
        fmt.setAnchorHref("")
        fmt.clearForeground()
        fmt.setFontUnderline(False)
    return fmt


def block_style(block: QTextBlock) -> BlockStyle:
    text_list = block.textList()
    if text_list is None:
        return BlockStyle.PARAGRAPH
    return BlockStyle.NUMBERED if text_list.format().style() in _NUMBERED else BlockStyle.BULLET


def list_format(style: BlockStyle) -> QTextListFormat:
    fmt = QTextListFormat()
    fmt.setStyle(_LIST_STYLES[style])
    fmt.setIndent(1)
    return fmt


def fill_document(doc: QTextDocument, rich: RichText) -> None:
    """Replace the content of ``doc`` with ``rich``."""
    doc.clear()
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    previous = BlockStyle.PARAGRAPH
    for index, block in enumerate(rich.blocks):
        if index:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        if block.style is not BlockStyle.PARAGRAPH:
            prev_list = cursor.block().previous().textList() if index else None
            if prev_list is not None and previous is block.style:
                prev_list.add(cursor.block())
            else:
                cursor.createList(list_format(block.style))
        for run in block.runs:
            # A line break inside a run stays inside its block.
            cursor.insertText(run.text.replace("\n", "\u2028"), char_format(run))
        previous = block.style
    cursor.endEditBlock()


def to_document(rich: RichText) -> QTextDocument:
    doc = QTextDocument()
    fill_document(doc, rich)
    return doc


def block_runs(block: QTextBlock) -> tuple[Run, ...]:
    runs: list[Run] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.isValid() and fragment.text():
            fmt = fragment.charFormat()
            href = fmt.anchorHref() if fmt.isAnchor() and fmt.anchorHref() else None
            run = Run(
                fragment.text(),
                bold=fmt.fontWeight() >= QFont.Weight.DemiBold.value,
                italic=fmt.fontItalic(),
                href=href,
            )
            if runs and runs[-1].same_format(run):
                runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic, run.href)
            else:
                runs.append(run)
        it += 1
    return tuple(runs)


def from_document(doc: QTextDocument) -> RichText:
    """The :class:`RichText` held by ``doc``; a document with one empty paragraph is empty."""
    blocks: list[Block] = []
    block = doc.begin()
    while block.isValid():
        blocks.append(Block(block_runs(block), block_style(block)))
        block = block.next()
    if len(blocks) == 1 and not blocks[0].runs and blocks[0].style is BlockStyle.PARAGRAPH:
        return RichText()
    return RichText(tuple(blocks))


def from_html(html: str) -> RichText:
    """The modelled part of an HTML fragment (used when pasting from other programs)."""
    doc = QTextDocument()
    doc.setHtml(html)
    return from_document(doc)
