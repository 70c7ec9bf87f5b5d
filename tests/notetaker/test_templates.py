from __future__ import annotations

import pytest

from notetaker.domain import SectionKind
from notetaker.templates import DEFAULT_TEMPLATE_ID, TemplateError, TemplateLibrary, parse_template


def test_builtin_imrf_template_reproduces_seed_003():
    library = TemplateLibrary.load()
    assert library.errors == []
    t = library.get(DEFAULT_TEMPLATE_ID)
    assert t.title("en") == "Template for Notetaking for the IMRF virtual side-events"
    assert t.header_fields == ("starts_at", "notetakers")
    top = [(s.key, s.kind) for s in t.sections]
    assert top == [("highlights", SectionKind.HIGHLIGHTS), ("summary", SectionKind.GROUP)]
    highlights = t.section("highlights")
    assert highlights.title() == "Notes of the session"
    assert highlights.attribution_title() == "Member State/UN/Stakeholder"
    summary = t.section("summary")
    assert summary.title() == "Summary (500 words max)"
    assert summary.word_limit == 500
    shown = [c.title() for c in summary.children if c.show_title]
    assert shown == [
        "Introduction",
        "Regional context",
        "Regional prioritization",
        "Panel discussion",
        "Interventions from the floor",
    ]
    assert summary.children[-1].key == "closing" and summary.children[-1].kind is SectionKind.TEXT
    assert t.section("floor_interventions").kind is SectionKind.INTERVENTIONS
    assert t.section("introduction").title("es") == "Introducción"
    assert t.style_reference_path().name == "house_style.docx"


GOOD = """
id = "mini"
version = 2
title = { en = "Mini", es = "Mini" }

[[sections]]
key = "notes"
kind = "highlights"
title = "Notes"
"""


def test_a_minimal_template_parses():
    t = parse_template(GOOD, "mini.toml")
    assert (t.id, t.version, t.title("fr")) == ("mini", 2, "Mini")
    assert t.content_sections()[0].key == "notes"


@pytest.mark.parametrize(
    ("text", "field", "line", "words"),
    [
        (GOOD.replace('kind = "highlights"', 'kind = "poem"'), "sections.notes.kind", 8, "unknown kind"),
        (GOOD.replace('version = 2', 'version = "two"'), "version", 3, "whole number"),
        (GOOD + '\n[[sections]]\nkey = "notes"\nkind = "text"\ntitle = "Again"\n', "sections.notes.key", None, "duplicate"),
        (GOOD.replace('title = "Notes"', 'title = "Notes"\nword_limit = -5'), "sections.notes.word_limit", 10, "positive"),
        (GOOD.replace('title = "Notes"', 'title = "Notes"\ncolour = "red"'), "sections.notes.colour", 10, "unknown field"),
        (GOOD.replace('id = "mini"', 'id = "Bad Id"'), "id", 2, "id must"),
        (GOOD.replace("version = 2", 'version = 2\nstyle_reference = "../../etc/passwd"'), "style_reference", 4, "relative path"),
        ("id = \"x\"\n[[sections]\n", "", 2, "not valid TOML"),
    ],
)
def test_invalid_templates_name_file_line_and_field(text, field, line, words):
    with pytest.raises(TemplateError) as info:
        parse_template(text, "/somewhere/broken.toml")
    err = info.value
    assert err.path.name == "broken.toml"
    assert err.field == field
    if line is not None:
        assert err.line == line
    assert words in str(err)
    assert str(err).startswith("broken.toml")


def test_a_broken_template_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD.replace('"mini"', '"mine"'), encoding="utf-8")
    (tmp_path / "bad.toml").write_text("id = 3", encoding="utf-8")
    library = TemplateLibrary.load(tmp_path)
    assert "mine" in library.templates and DEFAULT_TEMPLATE_ID in library.templates
    assert [e.path.name for e in library.errors] == ["bad.toml"]
