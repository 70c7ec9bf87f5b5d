"""Render a :class:`~notetaker.export.model.Report` as a Word document.

The package comes from the template's style reference (.docx), opened with
python-docx: its styles (Title, Subtitle, Heading 1-3, List Bullet, List
Number, Quote, Table Grid, Hyperlink, TOC Heading, Header, Footer), its
numbering, its page size, margins and fonts. Its sample content is dropped;
the body is written by :mod:`.wordml` as WordprocessingML text. Here we add
the header (the report's title), the footer ("Page X of Y" fields), a blank
first-page header and footer under a cover, ``updateFields`` in settings.xml
when there is a table of contents, the document properties and the proofing
language. A reference that is missing, unreadable or lacks a style does not
stop the export: defaults and fallbacks are used and a warning says so. The
reference is data only: nothing in it is ever executed.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
from babel.core import get_global
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from ..i18n import N_, _, translations
from ..userfiles import open_regular
from .errors import write_output
from .model import Report
from .sanitize import sanitize_text
from .wordml import BODY_CLOSE, BODY_OPEN, FALLBACKS, BodyWriter, StyleMap

__all__ = ["FALLBACKS", "PAGE_PATTERN", "build_docx", "render_docx"]

PAGE_PATTERN = N_("Page {page} of {pages}")
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")
_DEFAULT_TEXT_WIDTH = 9026  # twips: A4 with 2.5 cm margins
# settings.xml children that come after w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def render_docx(
    report: Report, path: Path | str, style_reference: Path | str | None = None, *, static_toc: bool = False
) -> list[str]:
    """Write ``report`` to ``path`` (atomically); return warnings for the user."""
    data, warnings = build_docx(report, style_reference, static_toc=static_toc)
    write_output(path, data)
    return warnings


def build_docx(
    report: Report, style_reference: Path | str | None = None, *, static_toc: bool = False
) -> tuple[bytes, list[str]]:
    """The .docx bytes of ``report`` and the warnings met on the way."""
    package = _Package(report, style_reference)
    package.write_body(static_toc)
    package.finish(static_toc)
    buffer = io.BytesIO()
    package.doc.save(buffer)
    return buffer.getvalue(), package.warnings


def language_tag(lang: str) -> str:
    """A BCP 47 tag with a region, as Word's proofing wants it: en -> en-US, es -> es-ES."""
    tag = lang.replace("_", "-")
    if "-" not in tag:
        likely = get_global("likely_subtags").get(tag.lower(), "")
        parts = likely.split("_")
        tag = f"{parts[0]}-{parts[-1]}" if len(parts) >= 2 else tag
    return tag


class _Package:
    def __init__(self, report: Report, reference: Path | str | None):
        self.report = report
        self.warnings: list[str] = []
        self.doc = self._open(reference)
        self.lang = language_tag(report.lang)
        self.styles = self._style_map()
        self._links: dict[str, str] = {}

    def _open(self, reference: Path | str | None) -> Document:
        if reference is not None:
            try:
                with open_regular(reference) as fh:  # (a pipe or a device is refused, not waited on)
                    doc = docx.Document(fh)
            except Exception as exc:  # a missing, locked or malformed reference file
                text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                first = text.splitlines()[0] if text else type(exc).__name__
                self.warnings.append(
                    _("Cannot use the style reference {path} ({error}); used the default styles.").format(
                        path=reference, error=first
                    )
                )
            else:
                body = doc.element.body
                for child in list(body):  # keep the styles and page setup, drop the sample content
                    if child.tag != qn("w:sectPr"):
                        body.remove(child)
                _strip_active_content(doc)
                return doc
        return docx.Document()

    def _style_map(self) -> StyleMap:
        ids: dict[str, dict[str, str]] = {"paragraph": {}, "character": {}, "table": {}}
        for style in self.doc.styles.element.findall(qn("w:style")):
            kind = style.get(qn("w:type"), "paragraph")
            name_el = style.find(qn("w:name"))
            sid = style.get(qn("w:styleId"))
            if name_el is None or sid is None or kind not in ids:
                continue
            ids[kind].setdefault(name_el.get(qn("w:val"), "").lower(), sid)
        return StyleMap(ids["paragraph"], ids["character"], ids["table"], self.warnings)

    # -- body ---------------------------------------------------------------------
    def write_body(self, static_toc: bool) -> None:
        section = self.doc.sections[0]
        try:
            width = int((section.page_width - section.left_margin - section.right_margin) / 635)
        except TypeError:  # a reference without page size or margins
            width = _DEFAULT_TEXT_WIDTH
        writer = BodyWriter(
            self.report, self.styles, self.lang, self._link_id, self._new_numbering,
            width if width > 1440 else _DEFAULT_TEXT_WIDTH, static_toc,
        )
        body_xml = writer.write()
        fragment = parse_xml(f"{BODY_OPEN}{body_xml}{BODY_CLOSE}")
        body = self.doc.element.body
        sect_pr = body.find(qn("w:sectPr"))
        children = list(fragment)
        if sect_pr is None:
            body.extend(children)
        else:
            for child in children:
                sect_pr.addprevious(child)

    def _link_id(self, url: str) -> str:
        if url not in self._links:
            self._links[url] = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self._links[url]

    def _new_numbering(self) -> int | None:
        """A numbering instance of the List Number style's list that restarts at 1."""
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

    # -- everything around the body ------------------------------------------------------
    def finish(self, static_toc: bool) -> None:
        self._set_properties()
        self._set_proofing_language()
        self._header_footer()
        if self.report.toc and not static_toc:
            self._update_fields_on_open()

    def _set_properties(self) -> None:
        props = self.doc.core_properties
        props.title = sanitize_text(self.report.title)[:255]
        props.subject = sanitize_text(self.report.subtitle)[:255]
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

    def _set_proofing_language(self) -> None:
        """Default language of all text (each run also carries its own w:lang)."""
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
            lang_el.set(qn("w:val"), self.lang)

    def _update_fields_on_open(self) -> None:
        """Ask Word to refresh the fields (the table of contents) when the file opens."""
        settings = self.doc.settings.element
        for old in settings.findall(qn("w:updateFields")):
            settings.remove(old)
        flag = OxmlElement("w:updateFields")
        flag.set(qn("w:val"), "true")
        for child in settings:
            if any(child.tag == qn(name) for name in _AFTER_UPDATE_FIELDS):
                child.addprevious(flag)
                return
        settings.append(flag)

    def _header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header
        header.is_linked_to_previous = False
        _single_empty_paragraph(header.paragraphs).add_run(sanitize_text(self.report.header_text))
        footer = section.footer
        footer.is_linked_to_previous = False
        para = _single_empty_paragraph(footer.paragraphs)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pattern = translations(self.report.lang).gettext(PAGE_PATTERN)
        pos = 0
        for m in _PLACEHOLDER.finditer(pattern):
            if m.start() > pos:
                para.add_run(sanitize_text(pattern[pos:m.start()]))
            _add_field(para, "PAGE" if m.group(1) == "page" else "NUMPAGES")
            pos = m.end()
        if pos < len(pattern):
            para.add_run(sanitize_text(pattern[pos:]))
        # A cover page carries no header or footer.
        section.different_first_page_header_footer = self.report.cover is not None
        if self.report.cover is not None:
            for part in (section.first_page_header, section.first_page_footer):
                part.is_linked_to_previous = False
                _single_empty_paragraph(part.paragraphs)


# Relationships through which a document can run code or fetch content when opened.
_ACTIVE = ("/vbaProject", "/control", "/oleObject", "/attachedTemplate", "/package", "/aFChunk", "/subDocument", "/frame")


def _strip_active_content(doc: Document) -> None:
    """Drop macros, ActiveX, embedded objects and remote templates a reference might carry."""
    for part in list(doc.part.package.iter_parts()):
        for rid, rel in list(part.rels.items()):
            external_non_link = rel.is_external and not rel.reltype.endswith("/hyperlink")
            if external_non_link or rel.reltype.endswith(_ACTIVE):
                del part.rels[rid]
    for element in doc.settings.element.findall(qn("w:attachedTemplate")):
        doc.settings.element.remove(element)


def _single_empty_paragraph(paragraphs: list[DocxParagraph]) -> DocxParagraph:
    """The first paragraph, emptied (its properties kept); the others removed."""
    first = paragraphs[0]
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for child in list(first._p):
        if child.tag != qn("w:pPr"):
            first._p.remove(child)
    return first


def _add_field(para: DocxParagraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
