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


def test_the_three_builtin_templates():
    library = TemplateLibrary.load()
    assert library.errors == []
    assert sorted(library.templates) == ["imrf-side-event", "rcm-meeting-record", "rcm-vice-ministerial-record"]
    record = library.get("rcm-meeting-record")
    assert record.title("es") == "Relatoría de un taller o reunión de la CRM"
    assert record.header_fields == ("dates", "venue", "kind", "convener", "languages", "notetakers")
    fields = {spec.event_field for spec, _d in record.walk() if spec.event_field}
    assert fields == {"general_objectives", "specific_objectives", "participants_profile", "desired_results", "comments"}
    assert not record.cover and not record.toc
    vm = library.get("rcm-vice-ministerial-record")
    assert vm.cover and vm.toc and not vm.provenance
    assert [s.key for s in vm.sections] == ["objectives", "statements", "recommendations_decisions", "approvals", "comments"]
    assert vm.section("decisions").required and vm.section("approvals").kind is SectionKind.ITEMS
    for template in library.all():
        assert template.style_reference_path().is_file()
        for spec, _depth in template.walk():
            assert spec.title("en") and spec.title("es"), (template.id, spec.key)


def test_cover_toc_provenance_and_event_fields_parse():
    text = GOOD.replace("version = 2", 'version = 2\ncover = true\ntoc = true\nprovenance = true\nheader_fields = ["dates", "comments"]')
    text += '\n[[sections]]\nkey = "goal"\nkind = "text"\nevent_field = "general_objectives"\ntitle = "Goal"\n'
    t = parse_template(text, "x.toml")
    assert (t.cover, t.toc, t.provenance) == (True, True, True)
    assert t.header_fields == ("dates", "comments")
    assert t.section("goal").event_field == "general_objectives"
    plain = parse_template(GOOD, "x.toml")
    assert (plain.cover, plain.toc, plain.provenance) == (False, False, False)


@pytest.mark.parametrize(
    ("text", "field", "line", "words"),
    [
        ("# a cover page\n" + GOOD.replace("version = 2", 'version = 2\ncover = "yes"'), "cover", 5, "true or false"),
        (GOOD.replace("version = 2", "version = 2\npages = 3"), "pages", 4, "unknown field 'pages'"),
        (GOOD.replace("version = 2", 'version = 2\nheader_fields = ["dates",\n  "weather"]'), "header_fields", 5, "header_fields may only list"),
        (GOOD.replace("version = 2", 'version = 2\nheader_fields = ["venue", "venue"]'), "header_fields", 4, "twice"),
        (GOOD.replace('title = "Notes"', 'title = "Notes"\nevent_field = "budget"'), "sections.notes.event_field", 10, "event_field must be one of"),
        (GOOD.replace('title = "Notes"', 'title = "Notes"\nevent_field = "comments"'), "sections.notes.event_field", 10, "only a text or items section"),
    ],
)
def test_invalid_new_fields_name_file_line_and_field(text, field, line, words):
    with pytest.raises(TemplateError) as info:
        parse_template(text, "/somewhere/broken.toml")
    assert (info.value.field, info.value.line) == (field, line)
    assert words in str(info.value)


def test_each_builtin_file_is_named_after_its_template():
    """(get reads the one built-in file named after the id asked for: the names must hold.)"""
    from notetaker import paths
    from notetaker.templates import load_template

    files = sorted(paths.report_templates_dir().glob("*.toml"))
    assert files and all(load_template(p).id.replace("-", "_") == p.stem for p in files)


def test_a_template_is_read_when_first_needed(tmp_path, monkeypatch):
    import notetaker.templates as templates

    read = []
    original = templates.load_template
    monkeypatch.setattr(templates, "load_template", lambda path: read.append(path.name) or original(path))
    (tmp_path / "mine.toml").write_text(GOOD.replace('"mini"', '"mine"'), encoding="utf-8")
    library = TemplateLibrary.load(tmp_path)
    assert read == []
    assert library.get(DEFAULT_TEMPLATE_ID).id == DEFAULT_TEMPLATE_ID
    assert read == ["mine.toml", "imrf_side_event.toml"]  # the folder given (it may override), and that one
    assert library.get("mine").id == "mine" and len(read) == 2
    everything = TemplateLibrary.load(tmp_path).templates  # read at once, in order
    assert library.templates == everything and library.errors == []
    with pytest.raises(KeyError):
        library.get("no-such-template")


def test_a_folder_given_overrides_a_builtin_template_read_later(tmp_path):
    text = GOOD.replace('id = "mini"', f'id = "{DEFAULT_TEMPLATE_ID}"')
    assert f'id = "{DEFAULT_TEMPLATE_ID}"' in text
    (tmp_path / "override.toml").write_text(text, encoding="utf-8")
    lazy = TemplateLibrary.load(tmp_path)
    assert lazy.get(DEFAULT_TEMPLATE_ID).source == tmp_path / "override.toml"
    assert TemplateLibrary.load(tmp_path).templates[DEFAULT_TEMPLATE_ID].source == tmp_path / "override.toml"
