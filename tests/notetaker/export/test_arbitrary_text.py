"""Hypothesis: arbitrary text in every field exports and reads back as the sanitized input.

Control characters, lone surrogates, right-to-left scripts, emoji, combining
marks and tabs go into the event record, the notetakers, every section kind
and the link targets. The Word file must open, and every field must read back
exactly as :func:`sanitize_text` leaves it; Markdown must render too. Line
breaks are left out here (they split paragraphs: tested elsewhere).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notetaker import paths
from notetaker.domain import Event, EventKind, Item, Note
from notetaker.export.docx import build_docx
from notetaker.export.markdown import markdown_text
from notetaker.export.model import build_report
from notetaker.export.sanitize import sanitize_text
from notetaker.richtext import Block, BlockStyle, RichText, Run
from notetaker.roster import load_builtin_roster
from notetaker.templates import parse_template

TEMPLATE = parse_template(
    """
id = "everything"
title = { en = "Everything", es = "Todo" }
header_fields = ["dates", "venue", "series", "kind", "convener", "languages", "notetakers",
                 "general_objectives", "specific_objectives", "participants_profile", "desired_results", "comments"]
style_reference = "styles/house_style.docx"
cover = true
toc = true

[[sections]]
key = "highlights"
kind = "highlights"
title = "Notes"
attribution_title = "Who"

[[sections]]
key = "summary"
kind = "group"
title = "Summary"

  [[sections.sections]]
  key = "text"
  kind = "text"
  title = "Text"

  [[sections.sections]]
  key = "items"
  kind = "items"
  title = "Items"

  [[sections.sections]]
  key = "floor"
  kind = "interventions"
  title = "Floor"
""",
    paths.report_templates_dir() / "everything.toml",
)
ROSTER = {d.code: d for d in load_builtin_roster()}
NASTY = [
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\uffff",
    "\t", "\u200f", "\u202e", "\u2028", "שלום", "مرحبا بالعالم", "😀", "👩🏽‍💻", "🇬🇹", "e\u0301", "<w:t>", "&amp;", "]]>",
]
text = st.lists(
    st.one_of(st.characters(exclude_characters="\n\r"), st.sampled_from(NASTY)), max_size=25
).map("".join)


def visible(s: str) -> str:
    """The typed text with a visible frame, so that the model never drops it as blank."""
    return f"«{s}»"


def expected(s: str) -> str:
    return sanitize_text(visible(s))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=text, series=text, city=text, convener=text, notetaker=text, general=text,
    objective=text, profile=text, results=text, comments=text, highlight=text, bold=text,
    body=text, bullet=text, speech=text, person=text, href=text,
)
def test_every_field_survives_the_round_trip(
    title, series, city, convener, notetaker, general, objective, profile, results, comments,
    highlight, bold, body, bullet, speech, person, href,
):
    event = Event(
        id=1, title=visible(title), kind=EventKind.WORKSHOP, series=visible(series),
        starts_at=datetime(2022, 5, 19, 18, 30, tzinfo=UTC), timezone="UTC-06:00",
        venue_city=visible(city), venue_country="GT", languages=("es",), convener=visible(convener),
        general_objectives=visible(general), specific_objectives=(visible(objective),),
        participants_profile=visible(profile), desired_results=visible(results), comments=visible(comments),
    )
    runs = (Run(visible(highlight)), Run(visible(bold), bold=True, italic=True), Run("link", href=href))
    items = (
        Item(None, "highlights", RichText((Block(runs),)), ("GT", "IOM")),
        Item(None, "text", RichText((Block((Run(visible(body)),)),))),
        Item(None, "items", RichText((Block((Run(visible(bullet)),), BlockStyle.BULLET),))),
        Item(None, "floor", RichText.plain(visible(speech)), ("MX",), person=visible(person)),
    )
    note = Note(id=1, event_id=1, template_id="everything", notetakers=(visible(notetaker),), items=items)
    report = build_report(event, note, TEMPLATE, ROSTER, "en")

    data, _warnings = build_docx(report, TEMPLATE.style_reference_path())
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]

    assert paragraphs[0] == expected(title)  # the cover
    assert document.sections[0].header.paragraphs[0].text == expected(title)
    assert expected(series) in paragraphs
    assert f"{expected(city)}, Guatemala" in paragraphs
    assert f"Convener: {expected(convener)}" in paragraphs
    assert f"Notetakers: {expected(notetaker)}" in paragraphs
    for value in (general, objective, profile, results, comments):
        assert expected(value) in paragraphs
    assert f"{expected(highlight)}{expected(bold)}link" in cells
    assert "Guatemala; IOM" in cells
    assert expected(body) in paragraphs and expected(bullet) in paragraphs
    assert f"Mexico ({expected(person)}): {expected(speech)}" in paragraphs
    bold_runs = [r for p in document.tables[0].rows[1].cells[0].paragraphs for r in p.runs if r.bold]
    assert "".join(r.text for r in bold_runs) == expected(bold)

    markdown, _ = markdown_text(report)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", markdown)
    markdown.encode("utf-8")  # no lone surrogate can reach the file


def test_the_nasty_characters_themselves(tmp_path: Path):
    """All of them at once, through the same path (a fixed example for quick debugging)."""
    test_every_field_survives_the_round_trip.hypothesis.inner_test(  # type: ignore[attr-defined]
        *(["".join(NASTY)] * 17)
    )
