"""Acceptance: demo → Word export → read back; seed 003 is all there, in real styles."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest

from notetaker.demo import load_demo
from notetaker.export import export_note
from tests.conftest import SEEDS

SEED = (SEEDS / "003_a7ccc3d3d67b8c00.txt").read_text(encoding="utf-8")


def seed_lines(start: str, stop: str) -> list[str]:
    lines = [line.strip() for line in SEED.splitlines()]
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    out = []
    for line in lines[i + 1:]:
        if line.startswith(stop):
            break
        if line:
            out.append(line)
    return out


def plain(markdown_line: str) -> str:
    text = re.sub(r"^- ", "", markdown_line)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return text.replace("**", "")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from notetaker.core import Core

    folder = tmp_path_factory.mktemp("report")
    with Core.open(folder / "db.sqlite3") as core:
        note_id = load_demo(core).note_id
        out = folder / "imrf.docx"
        warnings = export_note(core, note_id, out, fmt="docx", lang="en")
    return out, docx.Document(str(out)), warnings


def paragraphs(document):
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_highlights_table_with_attribution(exported):
    _path, document, warnings = exported
    assert warnings == []
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert len(table.columns) == 2
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Notes of the session", "Member State/UN/Stakeholder"]
    body = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]
    row = next(line for line in SEED.splitlines() if "General event highlights" in line)
    notes_column = row.split("\t")[0]
    bullets = [b.replace("</ul>", "").strip() for b in notes_column.split("•")[1:]]
    assert len(bullets) == 8
    expected = bullets + ["The shared responsibility principle is critical to addressing migration in the region."]
    assert [text for text, _who in body] == expected
    for _text, who in body:
        assert "RCM Member Countries" in who
    everyone = " ".join(who for _t, who in body)
    for org in ("IOM", "UNHCR", "ILO", "UNICEF", "UNODC", "RNCOM"):
        assert org in everyone


def test_summary_headings_and_paragraphs_in_named_styles(exported):
    _path, document, _w = exported
    paras = paragraphs(document)
    assert paras[0][0] == "Title"
    assert ("Heading 1", "Summary (500 words max)") in paras
    headings = [text for style, text in paras if style == "Heading 2"]
    assert headings == [
        "Introduction",
        "Regional context",
        "Regional prioritization",
        "Panel discussion",
        "Interventions from the floor",
    ]
    bullets = [text for style, text in paras if style == "List Bullet"]
    figures = seed_lines("Regional Context:", "Regional Prioritization")
    for line in figures:
        assert plain(line) in bullets
    practices = [plain(line) for line in seed_lines("Regional best practices", "Interventions from the floor") if line.startswith("- ")]
    assert len(practices) == 7
    for practice in practices:
        assert practice in bullets
    for pillar in [line for line in seed_lines("As a result of this II Workshop", "Panel discussion")]:
        assert pillar in bullets
    texts = [text for _s, text in paras]
    for paragraph in seed_lines("Regional Prioritization", "Thematic pillar 1"):
        assert paragraph in texts
    closing = next(line for line in SEED.splitlines() if line.startswith("Throughout the event"))
    assert (("Normal", closing.strip())) in paras
    assert any(t.startswith("Regional best practices related to the Global Compact") for t in texts)
    meta = "\n".join(texts[:6])
    assert "Marisol Aguilar, Ericka Guevara, Sara Rivas, Silvia Urbina" in meta
    assert "May 19, 2022" in meta and "12:30" in meta and "GMT-6" in meta


def test_interventions_with_bold_speakers(exported):
    _path, document, _w = exported
    seed = seed_lines("Interventions from the floor", "Throughout the event")
    by_text = {p.text: p for p in document.paragraphs}
    for line in seed:
        speaker, _, text = line.partition(": ")
        para = by_text[f"{speaker}: {text}"]
        assert para.runs[0].bold and para.runs[0].text.startswith(speaker)
        assert not para.runs[-1].bold


def test_bold_runs_and_hyperlink_are_kept(exported):
    path, document, _w = exported
    bold = {r.text for p in document.paragraphs for r in p.runs if r.bold}
    for phrase in ("Migrant Women", "Best Interests of Children and Adolescents", "Labor Migration", "Disasters"):
        assert phrase in bold
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "<w:hyperlink" in xml and "Repository of Practices" in xml
    assert 'Target="https://migrationnetwork.un.org/practices"' in rels and 'TargetMode="External"' in rels
