"""The body of a Word report written directly as WordprocessingML text.

python-docx's per-paragraph API costs about 1 ms a paragraph; a 50-page
compendium would take half a second to build. :class:`BodyWriter` instead
emits the ``<w:body>`` content as one string (tens of milliseconds), which
:mod:`.docx` parses once and places in a package opened with python-docx
(styles, numbering, sections, header and footer stay python-docx's job).

Every piece of text goes through :func:`~.sanitize.sanitize_text` and XML
escaping here, and only here. Styles are referred to by the ids the style
reference gives them; a style the reference lacks falls back to a close one,
or to Normal with direct formatting (bold headings, "• " bullets, "1. "
numbers, indented italic quotes), as :class:`StyleMap` decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..i18n import _
from ..richtext import Run
from .model import Cover, Heading, Meta, MetaEntry, Paragraph, Report, Table
from .sanitize import sanitize_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BODY_OPEN = f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
BODY_CLOSE = "</w:body>"

# What to try when a reference lacks a paragraph style; after the chain comes Normal.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "Title": ("Heading 1",),
    "Subtitle": (),
    "Heading 1": (),
    "Heading 2": ("Heading 1",),
    "Heading 3": ("Heading 2", "Heading 1"),
    "List Bullet": (),
    "List Number": (),
    "Quote": (),
    "TOC Heading": (),
    "TOC 1": (),
    "TOC 2": (),
    "TOC 3": (),
}
# Word regenerates these when it updates the contents: a reference without them needs no warning.
_SILENT = {"TOC 1", "TOC 2", "TOC 3"}
_BOLD_WHEN_NORMAL = {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading"}
_SAFE_SCHEMES = {"http", "https", "mailto", "ftp", "tel"}
_LINK_BLUE = "0563C1"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_SPECIAL = re.compile(r"[\t\n\r]")
_PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass
class StyleMap:
    """Style names -> ids in the reference, with fallbacks and one warning per missing style."""

    paragraph_ids: dict[str, str]  # lower-case style name -> style id
    character_ids: dict[str, str]
    table_ids: dict[str, str]
    warnings: list[str]

    def __post_init__(self) -> None:
        self._resolved: dict[str, str | None] = {}

    def paragraph(self, wanted: str) -> str | None:
        """The style id to use for ``wanted`` (None: Normal, with direct formatting)."""
        if wanted not in self._resolved:
            found: str | None = None
            used = "Normal"
            for name in (wanted, *FALLBACKS.get(wanted, ())):
                if name.lower() in self.paragraph_ids:
                    found, used = self.paragraph_ids[name.lower()], name
                    break
            if used != wanted and wanted not in _SILENT:
                self.warnings.append(
                    _("The style reference has no “{style}” style; used “{fallback}” instead.").format(
                        style=wanted, fallback=used
                    )
                )
            self._resolved[wanted] = found
        return self._resolved[wanted]

    def character(self, name: str) -> str | None:
        return self.character_ids.get(name.lower())

    def table(self, name: str) -> str | None:
        sid = self.table_ids.get(name.lower())
        if sid is None and f"table:{name}" not in self._resolved:
            self._resolved[f"table:{name}"] = None
            self.warnings.append(
                _("The style reference has no “{style}” style; drew plain borders instead.").format(style=name)
            )
        return sid


class BodyWriter:
    """Writes a :class:`Report` as the XML content of ``<w:body>`` (without sectPr).

    ``link_id(url)`` gives the relationship id of an external hyperlink and
    ``new_numbering()`` a fresh numbering instance (or None) so that each
    numbered list starts at 1; both come from the package. ``static_toc``
    writes the contents as plain entries with PAGEREF fields (page numbers
    that LibreOffice computes when making a PDF) instead of a TOC field.
    """

    def __init__(
        self,
        report: Report,
        styles: StyleMap,
        lang_tag: str,
        link_id: Callable[[str], str],
        new_numbering: Callable[[], int | None],
        text_width: int,
        static_toc: bool = False,
    ):
        self.report = report
        self.styles = styles
        self.warnings = styles.warnings
        self.link_id = link_id
        self.new_numbering = new_numbering
        self.text_width = text_width  # twips between the margins
        self.static_toc = static_toc
        self.lang = f'<w:lang w:val="{escape(lang_tag)}"/>'
        self.mark = f"<w:rPr>{self.lang}</w:rPr>"  # the paragraph mark's language
        self.out: list[str] = []
        self._number = 0  # running number of the List Number fallback
        self._num_id: int | None = None
        self._bookmarks: dict[int, str] = {}  # id(heading) -> bookmark name

    # -- document ---------------------------------------------------------------
    def write(self) -> str:
        report = self.report
        if report.toc:
            for n, heading in enumerate(report.headings(report.toc_levels), start=1):
                self._bookmarks[id(heading)] = f"_Toc{n:08d}"
        if report.cover is not None:
            self.cover(report.cover)
        else:
            self.paragraph("Title", [Run(report.title)])
            if report.subtitle:
                self.paragraph("Subtitle", [Run(report.subtitle)])
        if report.toc:
            self.toc()
            if report.cover is not None:
                self.out.append(f"<w:p>{_PAGE_BREAK}</w:p>")
        self.meta(report.meta)
        for block in report.blocks:
            if not (isinstance(block, Paragraph) and block.style == "numbered"):
                self._end_list()
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.model_paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Meta):
                self.meta(block.entries)
        return "".join(self.out)

    # -- paragraphs ---------------------------------------------------------------
    def paragraph(
        self,
        wanted: str | None,
        runs: Iterable[Run],
        *,
        ppr: str = "",
        before_runs: str = "",
        after_runs: str = "",
        out: list[str] | None = None,
    ) -> None:
        """A paragraph in style ``wanted`` (None: Normal); ``ppr`` adds paragraph properties
        (in schema order after pStyle)."""
        sid = self.styles.paragraph(wanted) if wanted else None
        bold = italic = False
        prefix = ""
        if wanted and sid is None:
            bold = wanted in _BOLD_WHEN_NORMAL
            if wanted == "List Bullet":
                prefix = "• "
            elif wanted == "List Number":
                prefix = f"{self._number}. "
            elif wanted == "Quote":
                italic = True
                ppr += '<w:ind w:left="720"/>'
        style = f'<w:pStyle w:val="{sid}"/>' if sid else ""
        parts = [f"<w:p><w:pPr>{style}{ppr}{self.mark}</w:pPr>", before_runs]
        if prefix:
            parts.append(self.run(Run(prefix)))
        parts.extend(self.run(run, bold, italic) for run in runs)
        parts.append(after_runs)
        parts.append("</w:p>")
        (self.out if out is None else out).append("".join(parts))

    def model_paragraph(self, block: Paragraph, out: list[str] | None = None) -> None:
        wanted = {"body": None, "bullet": "List Bullet", "numbered": "List Number", "quote": "Quote"}[block.style]
        ppr = ""
        if block.style == "numbered":
            self._number += 1
            if self.styles.paragraph("List Number") is not None:
                if self._num_id is None:
                    self._num_id = self.new_numbering()
                if self._num_id is not None:
                    ppr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self._num_id}"/></w:numPr>'
        self.paragraph(wanted, block.runs, ppr=ppr, out=out)

    def _end_list(self) -> None:
        self._number = 0
        self._num_id = None

    def heading(self, block: Heading) -> None:
        ppr = "<w:pageBreakBefore/>" if block.chapter else ""
        name = self._bookmarks.get(id(block))
        start = end = ""
        if name:
            bid = int(name[4:])
            start = f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>'
            end = f'<w:bookmarkEnd w:id="{bid}"/>'
        self.paragraph(f"Heading {max(1, min(block.level, 3))}", [Run(block.text)], ppr=ppr, before_runs=start, after_runs=end)

    # -- runs ---------------------------------------------------------------------
    def run(self, run: Run, bold: bool = False, italic: bool = False) -> str:
        text = sanitize_text(run.text)
        if not text:
            return ""
        target = self._link_target(run.href) if run.href else None
        props = []
        if target is not None:
            link_style = self.styles.character("Hyperlink")
            if link_style:
                props.append(f'<w:rStyle w:val="{link_style}"/>')
        if run.bold or bold:
            props.append("<w:b/>")
        if run.italic or italic:
            props.append("<w:i/>")
        if target is not None and not self.styles.character("Hyperlink"):
            props.append(f'<w:color w:val="{_LINK_BLUE}"/><w:u w:val="single"/>')
        if _RTL.search(text):
            props.append("<w:rtl/>")
        props.append(self.lang)
        xml = f"<w:r><w:rPr>{''.join(props)}</w:rPr>{_content(text)}</w:r>"
        if target is None:
            return xml
        return f'<w:hyperlink r:id="{self.link_id(target)}" w:history="1">{xml}</w:hyperlink>'

    def _link_target(self, href: str) -> str | None:
        href = sanitize_text(href).strip()
        if href.lower().startswith("www."):
            href = "https://" + href
        scheme = urlsplit(href).scheme.lower() if ":" in href else ""
        if scheme in _SAFE_SCHEMES:
            return quote(href, safe=":/?#[]@!$&'()*+,;=%~")
        if scheme:
            self.warnings.append(
                _("The link “{href}” was kept as plain text: only web and e-mail links are exported.").format(href=href)
            )
        return None  # relative or placeholder ("#") links stay plain text

    # -- blocks ---------------------------------------------------------------------
    def cover(self, cover: Cover) -> None:
        center = '<w:jc w:val="center"/>'
        self.paragraph("Title", [Run(cover.title)], ppr=f'<w:spacing w:before="2880"/>{center}')
        if cover.subtitle:
            self.paragraph("Subtitle", [Run(cover.subtitle)], ppr=center)
        for line in cover.lines:
            self.paragraph(None, [Run(line)], ppr=center)
        self.out.append(f"<w:p>{_PAGE_BREAK}</w:p>")

    def meta(self, entries: Iterable[MetaEntry]) -> None:
        for entry in entries:
            if not entry.long and isinstance(entry.value, str):
                self.paragraph(None, [Run(f"{entry.label}: ", bold=True), Run(entry.value)])
                continue
            self.paragraph(None, [Run(entry.label, bold=True)], ppr="<w:keepNext/>")
            if isinstance(entry.value, str):
                for line in entry.value.split("\n"):
                    if line.strip():
                        self.model_paragraph(Paragraph((Run(line),), "quote"))
            else:
                for value in entry.value:
                    self.model_paragraph(Paragraph((Run(value),), "numbered"))
                self._end_list()

    def table(self, block: Table) -> None:
        self._end_list()
        first = int(self.text_width * 0.62)
        widths = (first, self.text_width - first)
        sid = self.styles.table("Table Grid")
        style = f'<w:tblStyle w:val="{sid}"/>' if sid else ""
        borders = "" if sid else _BORDERS
        out = self.out
        out.append(
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/>{borders}'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'</w:tblPr><w:tblGrid><w:gridCol w:w="{widths[0]}"/><w:gridCol w:w="{widths[1]}"/></w:tblGrid>'
            '<w:tr><w:trPr><w:tblHeader/></w:trPr>'
        )
        for text, width in zip(block.header, widths, strict=True):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
            self.paragraph(None, [Run(text, bold=True)])
            out.append("</w:tc>")
        out.append("</w:tr>")
        for row in block.rows:
            out.append("<w:tr>")
            for paragraphs, width in zip(row, widths, strict=True):
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
                if paragraphs:
                    for paragraph in paragraphs:
                        if paragraph.style != "numbered":
                            self._end_list()
                        self.model_paragraph(paragraph)
                else:
                    out.append(f"<w:p><w:pPr>{self.mark}</w:pPr></w:p>")  # a cell needs a paragraph
                self._end_list()
                out.append("</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        out.append(f"<w:p><w:pPr>{self.mark}</w:pPr></w:p>")  # Word needs a paragraph between a table and what follows

    # -- table of contents -------------------------------------------------------------
    def toc(self) -> None:
        report = self.report
        self.paragraph("TOC Heading", [Run(report.toc)])
        headings = report.headings(report.toc_levels)
        tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.text_width}"/></w:tabs>'
        instr = f' TOC \\o "1-{report.toc_levels}" \\h \\z \\u '
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if self.static_toc:
            begin = end = ""
        if not headings:
            self.out.append(f"<w:p><w:pPr>{self.mark}</w:pPr>{begin}{end}</w:p>")
            return
        last = len(headings) - 1
        for n, heading in enumerate(headings):
            name = self._bookmarks[id(heading)]
            page = ""
            if self.static_toc:  # LibreOffice fills PAGEREF fields in when it lays the pages out
                page = (
                    f'<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    f'<w:r><w:instrText xml:space="preserve"> PAGEREF {name} \\h </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                )
            link = f'<w:hyperlink w:anchor="{name}" w:history="1">{self.run(Run(heading.text))}{page}</w:hyperlink>'
            self.paragraph(
                f"TOC {max(1, min(heading.level, 3))}",
                (),
                ppr=tab if self.static_toc else "",
                before_runs=(begin if n == 0 else "") + link,
                after_runs=end if n == last else "",
            )


def _content(text: str) -> str:
    """``<w:t>`` pieces, with tabs and line breaks as Word's own elements."""
    if _SPECIAL.search(text) is None:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    parts = []
    for piece in re.split(r"(\t|\r\n|\r|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


_BORDERS = "<w:tblBorders>" + "".join(
    f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
) + "</w:tblBorders>"
