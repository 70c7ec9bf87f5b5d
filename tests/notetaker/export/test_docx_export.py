"""Word export, read back with python-docx: structure, styles, runs, links, fallbacks."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from notetaker import paths
from notetaker.core import Core
from notetaker.export import ExportError, export_note
from notetaker.export.docx import render_docx
from notetaker.export.model import Heading, Paragraph, Report, Table, build_report
from notetaker.richtext import Run

from .conftest import BELL_TEXT, EVENT_TITLE, HIGHLIGHT_1, HIGHLIGHT_2, LINK

HOUSE_STYLE = paths.report_templates_dir() / "styles" / "house_style.docx"


def _note_report(core: Core, note_id: int) -> Report:
    """The English report of a stored note, as export_notes builds it."""
    note = core.notes.get(note_id)
    event = core.events.get(note.event_id)
    return build_report(event, note, core.templates.get(note.template_id), core.delegations.by_code(), "en")


def _styled(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def _headings(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(s, t) for s, t in _styled(doc) if s.startswith("Heading")]


def _all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith((".xml", ".rels")))


def test_round_trip_reproduces_the_seed_structure(core: Core, note_id: int, tmp_path: Path):
    out = tmp_path / "report.docx"
    assert export_note(core, note_id, out) == []
    doc = docx.Document(str(out))
    styled = _styled(doc)

    assert styled[0] == ("Title", EVENT_TITLE)
    assert styled[1] == ("Subtitle", "Template for Notetaking for the IMRF virtual side-events")
    date_line = doc.paragraphs[2]
    assert date_line.text == "Date and time: May 19, 2022, 12:30 PM (GMT-6)"
    assert date_line.runs[0].text == "Date and time: " and date_line.runs[0].bold
    assert doc.paragraphs[3].text == "Notetakers: Marisol Aguilar, Ericka Guevara"

    [table] = doc.tables
    assert table.style.name == "Table Grid"
    assert len(table.columns) == 2 and all(len(row.cells) == 2 for row in table.rows)
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Notes of the session", "Member State/UN/Stakeholder"]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert body == [
        [HIGHLIGHT_1, "RCM Member Countries"],
        [HIGHLIGHT_2, "IOM; UNHCR"],  # organisations go by their acronym in the table
    ]

    assert _headings(doc) == [
        ("Heading 1", "Summary (500 words max)"),
        ("Heading 2", "Introduction"),
        ("Heading 2", "Regional context"),
        ("Heading 2", "Regional prioritization"),
        ("Heading 2", "Panel discussion"),
        ("Heading 2", "Interventions from the floor"),
    ]  # thematic pillars and closing have show_title = false

    bullets = [t for s, t in styled if s == "List Bullet"]
    assert bullets == [
        "In 2021, more than 130,000 migrants crossed the Darien gap.",
        "Remittances reached 26% of GDP in some countries.",
        "Thematic pillar 1 – Migrant protection",
        "Dialogue on the Assistance Migrant Women",
        "Diploma on Labor Migration",
    ]
    assert [t for s, t in styled if s == "List Number"] == ["First step", "Second step"]

    intro = next(p for p in doc.paragraphs if p.text.startswith("The RCM presented"))
    assert [(r.text, bool(r.bold)) for r in intro.runs] == [
        ("The RCM presented its ", False), ("regional priorities", True), (" to the IMRF.", False)
    ]
    guatemala = next(p for p in doc.paragraphs if p.text.startswith("Guatemala"))
    assert guatemala.style.name == "Normal"
    assert guatemala.runs[0].text == "Guatemala: " and guatemala.runs[0].bold
    assert not guatemala.runs[1].bold
    idx = [p.text for p in doc.paragraphs].index(guatemala.text)
    assert doc.paragraphs[idx + 1].text == "Second paragraph."
    mexico = next(p for p in doc.paragraphs if p.text.startswith("Mexico"))
    assert mexico.runs[0].text == "Mexico (Ana Pérez): " and mexico.runs[0].bold
    assert styled[-1] == ("Normal", "Throughout the event, shared responsibility was highlighted.")

    panel = next(p for p in doc.paragraphs if p.text.startswith("Practices were published"))
    [link] = panel.hyperlinks
    assert link.text == "Repository of Practices" and link.url == LINK
    rel = doc.part.rels[link._hyperlink.rId]
    assert rel.is_external and rel.target_ref == LINK
    assert link.runs[0].style.name == "Hyperlink"

    section = doc.sections[0]
    assert section.header.paragraphs[0].text == EVENT_TITLE
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Page " in footer_xml
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert doc.core_properties.title == EVENT_TITLE
    assert doc.core_properties.language == "en"

    # Control characters are dropped from the file, never from the database.
    assert "\x07" not in _all_xml(out)
    stored = core.notes.get(note_id).section_items("panel_discussion")[0].body
    assert BELL_TEXT in stored.to_plain()


def test_spanish_report(core: Core, note_id: int, tmp_path: Path):
    out = tmp_path / "informe.docx"
    export_note(core, note_id, out, lang="es")
    doc = docx.Document(str(out))
    assert doc.paragraphs[1].text.startswith("Plantilla para la toma de notas")
    assert "19 de mayo de 2022, 12:30 (GMT-6)" in doc.paragraphs[2].text
    assert _headings(doc)[:2] == [("Heading 1", "Resumen (máximo 500 palabras)"), ("Heading 2", "Introducción")]
    assert doc.tables[0].rows[0].cells[0].text == "Notas de la sesión"
    assert doc.tables[0].rows[2].cells[1].text == "OIM; ACNUR"
    assert any(p.text.startswith("México (Ana Pérez): ") for p in doc.paragraphs)
    assert doc.core_properties.language == "es"


def test_unsupported_format(core: Core, note_id: int, tmp_path: Path):
    with pytest.raises(ExportError, match="Unsupported export format"):
        export_note(core, note_id, tmp_path / "x.odt", fmt="odt")
    assert not (tmp_path / "x.odt").exists()


def test_failed_write_keeps_the_previous_report(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "report.docx"
    out.write_bytes(b"previous report")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        export_note(core, note_id, out)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.docx"]


def _reference_without(tmp_path: Path, *style_names: str) -> Path:
    doc = docx.Document(str(HOUSE_STYLE))
    for name in style_names:
        element = doc.styles[name].element
        element.getparent().remove(element)
    path = tmp_path / "reference.docx"
    doc.save(str(path))
    return path


def test_reference_without_heading_2_warns_and_still_exports(core: Core, note_id: int, tmp_path: Path):
    report = _note_report(core, note_id)
    out = tmp_path / "report.docx"
    warnings = render_docx(report, out, _reference_without(tmp_path, "Heading 2"))
    assert len(warnings) == 1 and "Heading 2" in warnings[0] and "Heading 1" in warnings[0]
    doc = docx.Document(str(out))
    assert ("Heading 1", "Introduction") in _headings(doc)


def test_reference_without_lists_headings_and_grid(tmp_path: Path):
    report = Report(
        "Title", "Sub", "en", (), (
            Heading(1, "Part"),
            Heading(2, "Sub part"),
            Paragraph((Run("one "), Run("link", href="https://example.org/a b")), "bullet"),
            Paragraph((Run("first"),), "numbered"),
            Paragraph((Run("second"),), "numbered"),
            Table(("Notes", "Who"), (((Paragraph((Run("point"),)),), (Paragraph((Run("IOM"),)),)),)),
        ),
    )
    ref = _reference_without(tmp_path, "Heading 1", "Heading 2", "List Bullet", "List Number", "Table Grid", "Hyperlink")
    out = tmp_path / "plain.docx"
    warnings = render_docx(report, out, ref)
    joined = "\n".join(warnings)
    for name in ("Heading 1", "Heading 2", "List Bullet", "List Number", "Table Grid"):
        assert name in joined
    doc = docx.Document(str(out))
    texts = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Normal", "Part") in texts and ("Normal", "Sub part") in texts
    part = next(p for p in doc.paragraphs if p.text == "Part")
    assert all(r.bold for r in part.runs)
    assert ("Normal", "• one link") in texts
    bullet = next(p for p in doc.paragraphs if p.text == "• one link")
    [link] = bullet.hyperlinks
    assert link.url == "https://example.org/a%20b"
    assert link.runs[0].font.underline and link.runs[0].font.color.rgb is not None
    assert ("Normal", "1. first") in texts and ("Normal", "2. second") in texts
    assert doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_unreadable_reference_falls_back_to_default_styles(core: Core, note_id: int, tmp_path: Path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "report.docx"
    warnings = render_docx(_note_report(core, note_id), out, bad)
    assert len(warnings) == 1 and "broken.docx" in warnings[0]
    assert docx.Document(str(out)).paragraphs[0].style.name == "Title"


def test_numbered_lists_restart_and_unsafe_links_are_plain(tmp_path: Path):
    report = Report("T", blocks=(
        Paragraph((Run("a1"),), "numbered"),
        Paragraph((Run("a2"),), "numbered"),
        Paragraph((Run("between"),)),
        Paragraph((Run("b1"),), "numbered"),
        Paragraph((Run("click", href="javascript:alert(1)"), Run(" and "), Run("site", href="www.iom.int"))),
    ))
    out = tmp_path / "n.docx"
    warnings = render_docx(report, out)
    assert any("javascript:" in w for w in warnings)
    doc = docx.Document(str(out))
    num_ids = {p.text: p._p.pPr.numPr.numId.val for p in doc.paragraphs if p.style.name == "List Number"}
    assert num_ids["a1"] == num_ids["a2"] != num_ids["b1"]
    last = doc.paragraphs[-1]
    assert [h.url for h in last.hyperlinks] == ["https://www.iom.int"]
    assert "javascript" not in _all_xml(out)


def test_house_style_reference_is_committed_and_complete():
    doc = docx.Document(str(HOUSE_STYLE))
    names = {s.name for s in doc.styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "List Number", "Table Grid", "Hyperlink"} <= names
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.left_margin - Cm(2.5)) < Cm(0.01)
    assert doc.styles["Normal"].font.name == "Calibri"
