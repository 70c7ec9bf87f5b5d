"""Write the house-style Word reference, ``report_templates/styles/house_style.docx``.

The Word exporter takes its styles (Title, Subtitle, Heading 1-3, List
Bullet, List Number, Quote, Table Grid, Hyperlink, TOC Heading and the
"toc 1-3" entry styles, Header, Footer, page size and margins) from this
document. It starts from python-docx's default template and applies the
house style: A4 paper with 2.5 cm margins, Calibri 11 pt, dark-blue headings,
indented grey quotes, a Hyperlink character style.

A secretariat may replace the file with any .docx whose styles it prefers;
run this script again to get back to the shipped one. The output is
byte-for-byte reproducible (fixed dates inside the package).

    python packaging/make_style_reference.py [OUTPUT]
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_UNDERLINE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "report_templates" / "styles" / "house_style.docx"

FONT = "Calibri"
BODY_SIZE = Pt(11)
NAVY = RGBColor(0x1F, 0x38, 0x64)
BLUE = RGBColor(0x2E, 0x74, 0xB5)
GREY = RGBColor(0x59, 0x59, 0x59)
LINK = RGBColor(0x05, 0x63, 0xC1)
FIXED_DATE = datetime(2024, 1, 1)


def _set_font(style: object, size: Pt | None = None, color: RGBColor | None = None,
              bold: bool | None = None, italic: bool | None = None) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        font.size = size
    if color is not None:
        font.color.rgb = color
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def build() -> bytes:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)

    styles = doc.styles
    normal = styles["Normal"]
    _set_font(normal, BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.08

    _set_font(styles["Title"], Pt(22), NAVY, bold=True)
    styles["Title"].paragraph_format.space_after = Pt(4)
    _set_font(styles["Subtitle"], Pt(13), GREY, italic=False)
    styles["Subtitle"].paragraph_format.space_after = Pt(12)
    for name, size, color in (("Heading 1", Pt(14), NAVY), ("Heading 2", Pt(12), BLUE), ("Heading 3", Pt(11), BLUE)):
        _set_font(styles[name], size, color, bold=True)
        styles[name].paragraph_format.space_before = Pt(12)
        styles[name].paragraph_format.space_after = Pt(4)
        styles[name].paragraph_format.keep_with_next = True
    for name in ("List Bullet", "List Number", "List Paragraph"):
        styles[name].paragraph_format.space_after = Pt(3)
    for name in ("Header", "Footer"):
        _set_font(styles[name], Pt(9), GREY)

    quote = styles["Quote"]
    _set_font(quote, None, GREY, italic=True)
    quote.paragraph_format.left_indent = Cm(0.75)
    quote.paragraph_format.space_after = Pt(4)
    _set_font(styles["TOC Heading"], Pt(14), NAVY, bold=True)
    # Word's built-in table-of-contents entry styles ("toc 1" to "toc 3"), which
    # python-docx's template lacks; Word would add plain ones when updating the contents.
    for level in (1, 2, 3):
        if f"toc {level}" not in [st.name for st in styles]:
            styles.element.append(parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC{level}">'
                f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
                '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
                f'<w:pPr><w:spacing w:after="60"/><w:ind w:left="{(level - 1) * 220}"/></w:pPr>'
                "</w:style>"
            ))

    if "Hyperlink" not in [s.name for s in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.base_style = styles["Default Paragraph Font"]
        link.font.color.rgb = LINK
        link.font.underline = WD_UNDERLINE.SINGLE
        link.unhide_when_used = True
        link.priority = 99

    props = doc.core_properties
    props.title = "Side Event Notetaker house style"
    props.author = props.last_modified_by = ""
    props.comments = "Word style reference for the Side Event Notetaker reports."
    props.revision = 1
    props.created = props.modified = FIXED_DATE

    raw = io.BytesIO()
    doc.save(raw)
    return _reproducible(raw.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same package with fixed member dates, so that the file only changes when its content does."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DEFAULT_OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
