"""A normalised, JSON-able dump of a .docx: what a reader sees, not how the bytes fall.

Used by the golden tests (tests/fixtures/golden/*.json). It keeps the text,
the paragraph styles, run emphasis and links, list numbering, tables, page
setup, header and footer, the TOC field and the settings the report relies
on; it leaves out what changes on every export (creation dates, relationship
ids, numbering-instance ids, bookmark ids, zip member dates).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs(p_el: Any, rels: Any) -> list[list[str]]:
    """[text, flags] per stretch of equally formatted text; flags: b, i, link=URL, anchor=..."""
    out: list[list[str]] = []

    def add(text: str, flags: str) -> None:
        if not text:
            return
        if out and out[-1][1] == flags:
            out[-1][0] += text
        else:
            out.append([text, flags])

    def walk(el: Any, link: str) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}r":
                rpr = child.find(f"{W}rPr")
                flags = []
                if rpr is not None and rpr.find(f"{W}b") is not None:
                    flags.append("b")
                if rpr is not None and rpr.find(f"{W}i") is not None:
                    flags.append("i")
                if link:
                    flags.append(link)
                text = ""
                for piece in child:
                    if piece.tag == f"{W}t":
                        text += piece.text or ""
                    elif piece.tag == f"{W}tab":
                        text += "\t"
                    elif piece.tag == f"{W}br":
                        text += "\f" if piece.get(f"{W}type") == "page" else "\n"
                    elif piece.tag == f"{W}instrText":
                        text += f"{{{(piece.text or '').strip()}}}"
                add(text, " ".join(flags))
            elif tag == f"{W}hyperlink":
                rid = child.get(qn("r:id"))
                anchor = child.get(f"{W}anchor")
                target = f"link={rels[rid].target_ref}" if rid else f"anchor={'toc' if anchor else ''}"
                walk(child, target)
            elif tag in (f"{W}fldSimple",):
                add(f"{{{child.get(f'{W}instr', '').strip()}}}", "")

    walk(p_el, "")
    return out


def _paragraph(p_el: Any, styles: dict[str, str], rels: Any) -> dict[str, Any]:
    ppr = p_el.find(f"{W}pPr")
    entry: dict[str, Any] = {"style": "Normal"}
    if ppr is not None:
        style = ppr.find(f"{W}pStyle")
        if style is not None:
            entry["style"] = styles.get(style.get(f"{W}val"), style.get(f"{W}val"))
        if ppr.find(f"{W}numPr") is not None:
            entry["numbered"] = True
        if ppr.find(f"{W}pageBreakBefore") is not None:
            entry["page_break_before"] = True
        jc = ppr.find(f"{W}jc")
        if jc is not None:
            entry["align"] = jc.get(f"{W}val")
    entry["runs"] = _runs(p_el, rels)
    return entry


def dump_docx(path: Path | str) -> dict[str, Any]:
    document = docx.Document(str(path))
    styles = {s.style_id: s.name for s in document.styles}
    rels = document.part.rels
    body: list[dict[str, Any]] = []
    for child in document.element.body:
        if child.tag == f"{W}p":
            body.append(_paragraph(child, styles, rels))
        elif child.tag == f"{W}tbl":
            tbl_style = child.find(f"{W}tblPr/{W}tblStyle")
            rows = []
            for tr in child.findall(f"{W}tr"):
                cells = [[_paragraph(p, styles, rels) for p in tc.findall(f"{W}p")] for tc in tr.findall(f"{W}tc")]
                header = tr.find(f"{W}trPr/{W}tblHeader") is not None
                rows.append({"header": header, "cells": cells} if header else {"cells": cells})
            body.append({
                "table": styles.get(tbl_style.get(f"{W}val")) if tbl_style is not None else None,
                "columns": len(child.findall(f"{W}tblGrid/{W}gridCol")),
                "rows": rows,
            })
    section = document.sections[0]

    def part_text(part: Any) -> list[dict[str, Any]]:
        return [_paragraph(p, styles, part.part.rels) for p in part._element.findall(f"{W}p")]

    def cm(length: Any) -> float | None:
        return None if length is None else round(length.cm, 2)

    first_page = section.different_first_page_header_footer
    langs = sorted({el.get(f"{W}val") for el in document.element.body.iter(f"{W}lang")})
    settings = document.settings.element
    update = settings.find(f"{W}updateFields")
    return {
        "properties": {
            "title": document.core_properties.title,
            "subject": document.core_properties.subject,
            "language": document.core_properties.language,
        },
        "page": {
            "width_cm": cm(section.page_width),
            "height_cm": cm(section.page_height),
            "margins_cm": [cm(section.top_margin), cm(section.right_margin), cm(section.bottom_margin), cm(section.left_margin)],
        },
        "header": part_text(section.header),
        "footer": part_text(section.footer),
        "first_page_blank_header": first_page and all(not p["runs"] for p in part_text(section.first_page_header)),
        "update_fields": update is not None and update.get(f"{W}val") in ("true", "1", "on"),
        "run_languages": langs,
        "body": body,
    }
