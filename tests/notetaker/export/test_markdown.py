"""Markdown from the same report model: headings, lists, emphasis, links, a pipe table, escaping."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from notetaker.core import Core
from notetaker.export import export_note
from notetaker.export.markdown import escape, markdown_text
from notetaker.export.model import Cover, Heading, Meta, MetaEntry, Paragraph, Report, Table
from notetaker.richtext import Run
from tests.support.tools import require_program

from .conftest import EVENT_TITLE, HIGHLIGHT_1, LINK


def test_the_note_as_markdown(core: Core, note_id: int, tmp_path: Path):
    out = tmp_path / "report.md"
    assert export_note(core, note_id, out, "md") == []
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {EVENT_TITLE}"
    assert "*Template for Notetaking for the IMRF virtual side-events*" in lines
    assert "**Date and time:** May 19, 2022, 12:30 PM (GMT-6)" in lines
    assert "| Notes of the session | Member State/UN/Stakeholder |" in lines
    assert f"| {HIGHLIGHT_1} | RCM Member Countries |" in lines
    assert "## Summary (500 words max)" in lines and "### Introduction" in lines
    assert "The RCM presented its **regional priorities** to the IMRF." in lines
    assert f"Practices were published in the [Repository of Practices]({LINK}):" in lines
    # A tight bullet list, then a numbered list that starts at 1.
    i = lines.index("- Dialogue on the Assistance **Migrant Women**")
    assert lines[i + 1] == "- Diploma on **Labor Migration**"
    assert lines[i + 3:i + 5] == ["1. First step", "2. Second step"]
    assert "**Mexico (Ana Pérez):** Has followed up on the objectives." in lines
    assert "\x07" not in text and text.endswith("\n") and not text.endswith("\n\n")


def test_escaping_keeps_typed_text_literal():
    assert escape("a*b_c [x](y) <b> #1 | 5") == r"a\*b\_c \[x\](y) \<b\> #1 \| 5"
    assert escape("# not a heading", line_start=True) == r"\# not a heading"
    assert escape("- not a bullet", line_start=True) == r"\- not a bullet"
    assert escape("1. not a list", line_start=True) == r"1\. not a list"
    assert escape("    not code", line_start=True) == "&#32;&#32;&#32;&#32;not code"
    assert escape("# inline", line_start=False) == "# inline"
    assert escape("line one\n# line two") == "line one<br># line two"
    assert escape("AT&T\ttab") == "AT&amp;T&#9;tab"
    assert escape("bell\x07 and \ud800 gone") == "bell and  gone"


def test_table_cells_escape_pipes_and_join_paragraphs():
    report = Report("T", blocks=(
        Table(("A | B", "Who"), (
            ((Paragraph((Run("x|y"),)), Paragraph((Run("second"),), "bullet")), (Paragraph((Run("IOM"),)),)),
            ((), ()),
        )),
    ))
    text, _ = markdown_text(report)
    assert "| A \\| B | Who |" in text
    assert "| x\\|y<br>• second | IOM |" in text
    assert "|   |   |" in text


def test_cover_contents_meta_and_quote_blocks():
    report = Report(
        "Compendium",
        blocks=(
            Heading(1, "Event *one*", chapter=True),
            Meta((MetaEntry("Objectives", ("First", "Second")), MetaEntry("Comments", "Costs\nSpanish only", long=True))),
            Paragraph((Run("x", italic=True), Run(" y ", bold=True), Run("link", href="javascript:alert(1)"))),
        ),
        cover=Cover("Compendium", "Two events", ("May 2022",)),
        toc="Contents",
        toc_levels=1,
    )
    text, _ = markdown_text(report)
    assert text.startswith("# Compendium\n\n*Two events*\n\nMay 2022\n\n**Contents**\n\n- Event \\*one\\*\n")
    assert "## Event \\*one\\*" in text
    assert "**Objectives**\n\n1. First\n2. Second\n" in text
    assert "> Costs\n\n> Spanish only" in text
    assert "*x* **y** link" in text  # an unsafe link stays plain text


def test_pandoc_reads_back_the_typed_text(core: Core, note_id: int, tmp_path: Path):
    """Escaped Markdown renders back to exactly the typed characters (pandoc: in CI, always)."""
    pandoc = require_program("pandoc", "pandoc")
    tricky = "5 * 3 = 15_000 | [not a link] <tag> # hash & more `code`"
    report = Report("T", blocks=(Paragraph((Run(tricky),)), Heading(1, "- dash * star")))
    text, _ = markdown_text(report)
    html = subprocess.run([pandoc, "-f", "gfm", "-t", "plain", "--wrap=none"], input=text, capture_output=True, text=True, check=True).stdout
    assert tricky in html
    assert "- dash * star" in html.replace("\n", " ")
    assert not re.search(r"<tag>", text)
