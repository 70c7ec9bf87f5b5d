"""Render a :class:`~notetaker.export.model.Report` as a Word document.

Real Word styles throughout (Title, Subtitle, Heading 1/2, List Bullet, List
Number, Table Grid, Hyperlink), taken from a style reference document when one
is given. A reference that lacks a style does not stop the export: the
paragraph falls back to a close style (Heading 2 -> Heading 1 -> Normal in
bold; List Bullet -> Normal with a "• " prefix; ...) and a warning says so.
Every piece of text is sanitized for XML here, and only here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import docx
from babel.core import get_global
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ..i18n import N_, _, translations
from ..richtext import Run
from .atomic import atomic_write_bytes
from .model import Heading, Paragraph, Report, Table
from .sanitize import sanitize_text

# Paragraph styles the renderer uses, and what to try when a reference lacks one.
# After the chain comes "Normal" (the document default), with the emphasis below.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "Title": ("Heading 1",),
    "Subtitle": (),
    "Heading 1": (),
    "Heading 2": ("Heading 1",),
    "List Bullet": (),
    "List Number": (),
}
_BOLD_WHEN_NORMAL = {"Title", "Subtitle", "Heading 1", "Heading 2"}
_SAFE_SCHEMES = {"http", "https", "mailto", "ftp", "tel"}
_LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)
PAGE_PATTERN = N_("Page {page} of {pages}")
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def render_docx(report: Report, path: Path | str, style_reference: Path | str | None = None) -> list[str]:
    """Write ``report`` to ``path`` (atomically); return warnings for the user."""
    writer = _Writer(report, style_reference)
    writer.write_document()
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())
    return writer.warnings


def _clean(text: str) -> str:
    return sanitize_text(text)


class _Writer:
    def __init__(self, report: Report, style_reference: Path | str | None):
        self.report = report
        self.warnings: list[str] = []
        self.doc = self._open(style_reference)
        self._styles: dict[str, tuple[str | None, str]] = {}
        self._number = 0  # running number for the List Number fallback
        self._num_id: int | None = None  # numbering instance of the current numbered list
        self._filled: set[object] = set()  # table cells whose first paragraph is in use

    # -- document ------------------------------------------------------------
    def _open(self, reference: Path | str | None) -> Document:
        if reference is not None:
            try:
                doc = docx.Document(str(reference))
            except Exception as exc:  # a missing, locked or malformed reference file
                self.warnings.append(
                    _("Cannot use the style reference {path} ({error}); used the default styles.").format(
                        path=reference, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    )
                )
            else:
                body = doc.element.body
                for child in list(body):  # keep the styles and page setup, drop the sample content
                    if child.tag != qn("w:sectPr"):
                        body.remove(child)
                return doc
        return docx.Document()

    def write_document(self) -> None:
        report = self.report
        self._set_properties()
        self.add_paragraph("Title", [Run(report.title)])
        if report.subtitle:
            self.add_paragraph("Subtitle", [Run(report.subtitle)])
        for label, value in report.meta:
            self.add_paragraph(None, [Run(f"{label}: ", bold=True), Run(value)])
        for block in report.blocks:
            if not (isinstance(block, Paragraph) and block.style == "numbered"):
                self._end_numbered_list()
            if isinstance(block, Heading):
                self.add_paragraph("Heading 1" if block.level <= 1 else "Heading 2", [Run(block.text)])
            elif isinstance(block, Paragraph):
                self.add_model_paragraph(block)
            elif isinstance(block, Table):
                self.add_table(block)
        self._header_footer()

    def _set_properties(self) -> None:
        props = self.doc.core_properties
        props.title = _clean(self.report.title)[:255]
        props.subject = _clean(self.report.subtitle)[:255]
        props.language = self.report.lang
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.revision = 1
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        props.created = now
        props.modified = now
        self._set_proofing_language()

    def _set_proofing_language(self) -> None:
        """Mark the text as written in the report language (spelling, hyphenation)."""
        lang = self.report.lang.replace("_", "-")
        if "-" not in lang:
            likely = get_global("likely_subtags").get(lang.lower(), "")
            parts = likely.split("_")
            lang = f"{parts[0]}-{parts[-1]}" if len(parts) >= 2 else lang
        for defaults in self.doc.styles.element.findall(qn("w:docDefaults")):
            rpr_default = defaults.find(qn("w:rPrDefault"))
            if rpr_default is None:
                rpr_default = OxmlElement("w:rPrDefault")
                defaults.insert(0, rpr_default)
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            lang_el = rpr.find(qn("w:lang"))
            if lang_el is None:
                lang_el = OxmlElement("w:lang")
                rpr.append(lang_el)
            lang_el.set(qn("w:val"), lang)

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header
        header.is_linked_to_previous = False
        first = header.paragraphs[0]
        for extra in header.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        for child in list(first._p):
            if child.tag != qn("w:pPr"):
                first._p.remove(child)
        first.add_run(_clean(self.report.title))
        footer = section.footer
        footer.is_linked_to_previous = False
        for extra in footer.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        para = footer.paragraphs[0]
        for child in list(para._p):
            if child.tag != qn("w:pPr"):
                para._p.remove(child)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pattern = translations(self.report.lang).gettext(PAGE_PATTERN)
        pos = 0
        for m in _PLACEHOLDER.finditer(pattern):
            if m.start() > pos:
                para.add_run(_clean(pattern[pos:m.start()]))
            _add_field(para, "PAGE" if m.group(1) == "page" else "NUMPAGES")
            pos = m.end()
        if pos < len(pattern):
            para.add_run(_clean(pattern[pos:]))

    # -- styles ----------------------------------------------------------------
    def style(self, wanted: str) -> tuple[str | None, str]:
        """(style name to apply or None for Normal, the style it stands in for)."""
        if wanted not in self._styles:
            found: str | None = None
            for name in (wanted, *FALLBACKS.get(wanted, ())):
                if self._has(name, WD_STYLE_TYPE.PARAGRAPH):
                    found = name
                    break
            if found != wanted:
                self.warnings.append(
                    _("The style reference has no “{style}” style; used “{fallback}” instead.").format(
                        style=wanted, fallback=found or "Normal"
                    )
                )
            self._styles[wanted] = (found, wanted)
        return self._styles[wanted]

    def _has(self, name: str, kind: WD_STYLE_TYPE) -> bool:
        try:
            return self.doc.styles[name].type == kind
        except KeyError:
            return False

    # -- paragraphs ------------------------------------------------------------
    def add_paragraph(
        self, wanted: str | None, runs: Iterable[Run], cell: _Cell | None = None
    ) -> DocxParagraph:
        """A paragraph in style ``wanted`` (None: Normal) at the end of the body or of ``cell``."""
        style, stands_for = self.style(wanted) if wanted else (None, "Normal")
        if cell is not None and cell._tc not in self._filled:
            self._filled.add(cell._tc)  # a new cell holds one empty paragraph: use it
            para = cell.paragraphs[0]
            if style:
                para.style = self.doc.styles[style]
        else:
            para = (cell or self.doc).add_paragraph(style=style)
        bold = style is None and stands_for in _BOLD_WHEN_NORMAL
        if style is None and stands_for == "List Bullet":
            para.add_run("• ")
        elif style is None and stands_for == "List Number":
            para.add_run(f"{self._number}. ")
        for run in runs:
            self.add_run(para, run, force_bold=bold)
        return para

    def add_model_paragraph(self, block: Paragraph, cell: _Cell | None = None) -> DocxParagraph:
        wanted = {"body": None, "bullet": "List Bullet", "numbered": "List Number"}[block.style]
        if block.style == "numbered":
            self._number += 1
        para = self.add_paragraph(wanted, block.runs, cell)
        if block.style == "numbered" and self.style("List Number")[0]:
            self._restart_numbering(para)
        return para

    def add_run(self, para: DocxParagraph, run: Run, force_bold: bool = False) -> None:
        text = _clean(run.text)
        if not text:
            return
        target = self._link_target(run.href) if run.href else None
        r = para.add_run(text)
        if run.bold or force_bold:
            r.bold = True
        if run.italic:
            r.italic = True
        if target is None:
            return
        rel_id = para.part.relate_to(target, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        link.set(qn("w:history"), "1")
        r._r.addprevious(link)
        link.append(r._r)
        if self._has("Hyperlink", WD_STYLE_TYPE.CHARACTER):
            r.style = self.doc.styles["Hyperlink"]
        else:
            r.font.color.rgb = _LINK_BLUE
            r.font.underline = True

    def _link_target(self, href: str) -> str | None:
        href = _clean(href).strip()
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

    # -- numbering ---------------------------------------------------------
    def _end_numbered_list(self) -> None:
        self._number = 0
        self._num_id = None

    def _restart_numbering(self, para: DocxParagraph) -> None:
        """Make each numbered list start at 1 (the style's numbering would run on)."""
        if self._num_id is None:
            self._num_id = self._new_num()
        if self._num_id is None:
            return
        numpr = para._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = self._num_id

    def _new_num(self) -> int | None:
        try:
            style = self.doc.styles["List Number"]
            style_num = style.element.pPr.numPr.numId.val
            numbering = self.doc.part.numbering_part.element
            abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
        except (AttributeError, KeyError, NotImplementedError):
            return None
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    # -- tables ----------------------------------------------------------------
    def add_table(self, block: Table) -> None:
        self._end_numbered_list()
        table = self.doc.add_table(rows=1, cols=2)
        if self._has("Table Grid", WD_STYLE_TYPE.TABLE):
            table.style = self.doc.styles["Table Grid"]
        else:
            if "Table Grid" not in self._styles:
                self._styles["Table Grid"] = (None, "Table Grid")
                self.warnings.append(
                    _("The style reference has no “{style}” style; drew plain borders instead.").format(style="Table Grid")
                )
            _set_borders(table._tbl)
        section = self.doc.sections[0]
        usable = section.page_width - section.left_margin - section.right_margin
        widths = (int(usable * 0.62), usable - int(usable * 0.62))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        header = table.rows[0]
        _repeat_as_header(header._tr)
        for cell, text, width in zip(header.cells, block.header, widths, strict=True):
            cell.width = width
            self.add_paragraph(None, [Run(text, bold=True)], cell)
        for left, right in block.rows:
            cells = table.add_row().cells
            for cell, paragraphs, width in zip(cells, (left, right), widths, strict=True):
                cell.width = width
                for paragraph in paragraphs:
                    self.add_model_paragraph(paragraph, cell)
                self._end_numbered_list()
        self.doc.add_paragraph()  # Word needs a paragraph between a table and what follows


def _add_field(para: DocxParagraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _repeat_as_header(tr: object) -> None:
    trpr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    trpr.insert_element_before(
        OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"
    )


def _set_borders(tbl: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "auto")
        borders.append(el)
    tbl.tblPr.insert_element_before(  # type: ignore[attr-defined]
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
