"""The report's language is the export's, whatever the interface's (golden-ish, read back with python-docx).

The IMRF demo note (seed 003) exported in Spanish has every label, date,
section title, country and organisation in Spanish, and in English likewise;
event facts (venue country, kind of event, languages) come out of CLDR and the
catalogs in the report's language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from notetaker.demo import load_demo
from notetaker.domain import Event, EventKind, Note
from notetaker.export import export_note, meta
from notetaker.export.model import build_report
from notetaker.i18n import set_language, translations
from notetaker.roster import load_builtin_roster
from notetaker.templates import parse_template

EXPECTED = {
    "es": {
        "subtitle": "Plantilla para la toma de notas de los eventos paralelos virtuales del IMRF",
        "meta": [
            "Fecha y hora: 19 de mayo de 2022, 12:30 (GMT-6)",
            "Toma de notas: Marisol Aguilar, Ericka Guevara, Sara Rivas, Silvia Urbina",
        ],
        "headings": ["Resumen (máximo 500 palabras)", "Introducción", "Contexto regional",
                     "Priorización regional", "Panel de discusión", "Intervenciones de la sala"],
        "table_header": ["Notas de la sesión", "Estado Miembro/ONU/Parte interesada"],
        "attributions": {"Países Miembros de la CRM", "Países Miembros de la CRM; OIM; ACNUR; OIT; UNICEF; UNODC",
                         "Países Miembros de la CRM; OIM; ACNUR; OIT; UNICEF; UNODC; RROCM"},
        "speakers": ["Guatemala", "México", "Canadá", "El Salvador"],
        "footer": "Página",
    },
    "en": {
        "subtitle": "Template for Notetaking for the IMRF virtual side-events",
        "meta": [
            "Date and time: May 19, 2022, 12:30 PM (GMT-6)",
            "Notetakers: Marisol Aguilar, Ericka Guevara, Sara Rivas, Silvia Urbina",
        ],
        "headings": ["Summary (500 words max)", "Introduction", "Regional context",
                     "Regional prioritization", "Panel discussion", "Interventions from the floor"],
        "table_header": ["Notes of the session", "Member State/UN/Stakeholder"],
        "attributions": {"RCM Member Countries", "RCM Member Countries; IOM; UNHCR; ILO; UNICEF; UNODC",
                         "RCM Member Countries; IOM; UNHCR; ILO; UNICEF; UNODC; RNCOM"},
        "speakers": ["Guatemala", "Mexico", "Canada", "El Salvador"],
        "footer": "Page",
    },
}
OTHER = {"es": "en", "en": "es"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    from notetaker.core import Core

    with Core.open(tmp_path_factory.mktemp("lang") / "db.sqlite3") as core:
        yield core, load_demo(core).note_id


def _read(path: Path) -> dict[str, object]:
    document = docx.Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    [table] = document.tables
    return {
        "paragraphs": [p.text for p in paragraphs],
        "headings": [p.text for p in paragraphs if p.style.name.startswith("Heading")],
        "subtitle": [p.text for p in paragraphs if p.style.name == "Subtitle"],
        "table_header": [c.text for c in table.rows[0].cells],
        "attributions": {row.cells[1].text for row in table.rows[1:] if row.cells[1].text},
        "speakers": [p.runs[0].text.rstrip(": ") for p in paragraphs
                     if p.runs and p.runs[0].bold and p.runs[0].text.endswith(": ")],
        "footer": " ".join(p.text for s in document.sections for p in s.footer.paragraphs),
        "all": "\n".join([p.text for p in paragraphs]
                         + [c.text for row in table.rows for c in row.cells]),
    }


@pytest.mark.parametrize("interface", ["en", "es"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_imrf_demo_note_in_the_report_language(demo, tmp_path, lang, interface):
    core, note_id = demo
    set_language(interface)  # the interface's language must not leak into the report
    out = tmp_path / f"imrf-{lang}.docx"
    export_note(core, note_id, out, lang=lang)
    got, want = _read(out), EXPECTED[lang]

    assert got["subtitle"] == [want["subtitle"]]
    for line in want["meta"]:
        assert line in got["paragraphs"]
    assert got["headings"] == want["headings"]
    assert got["table_header"] == want["table_header"]
    assert got["attributions"] == want["attributions"]
    labels = {line.split(":")[0] for line in want["meta"]}
    assert [s for s in got["speakers"] if s not in labels] == want["speakers"]
    assert want["footer"] in got["footer"]

    # Nothing of the other language's own words: labels, titles, countries, acronyms.
    other = EXPECTED[OTHER[lang]]
    text = got["all"]
    foreign = [line.split(":")[0] + ":" for line in other["meta"]]
    foreign += other["headings"] + other["table_header"] + [other["subtitle"]]
    foreign += [f"{s}:" for s in other["speakers"] if s not in want["speakers"]]
    assert [w for w in foreign if w in text] == []
    # The body is the notetakers' own text (here in English): the attribution column is ours.
    credited = {a for row in got["attributions"] for a in row.split("; ")}
    assert credited <= {a for row in want["attributions"] for a in row.split("; ")}


TEMPLATE = """
id = "facts"
version = 1
header_fields = ["starts_at", "venue", "kind", "convener"]
[title]
en = "Meeting record"
es = "Acta de la reunión"
[[sections]]
key = "notes"
kind = "text"
title = { en = "Notes", es = "Notas" }
"""


def _meta(lang: str) -> dict[str, str]:
    event = Event(
        None, "Taller regional", kind=EventKind.WORKSHOP, timezone="America/Santo_Domingo",
        starts_at=datetime(2023, 11, 14, 13, 0, tzinfo=UTC), venue_city="Santo Domingo",
        venue_country="DO", convener="Presidencia Pro Tempore",
    )
    note = Note(None, 1, "facts", notetakers=("Ana",))
    roster = {d.code: d for d in load_builtin_roster()}
    report = build_report(event, note, parse_template(TEMPLATE), roster, lang)
    return {(e.label if hasattr(e, "label") else e[0]): (e.value if hasattr(e, "value") else e[1])
            for e in report.meta}


def test_event_facts_in_spanish():
    assert _meta("es") == {
        "Fecha y hora": "14 de noviembre de 2023, 9:00 (GMT-4)",
        "Lugar": "Santo Domingo, República Dominicana",
        "Tipo de evento": "Taller",
        "Convocante": "Presidencia Pro Tempore",
    }


def test_event_facts_in_english():
    assert _meta("en") == {
        "Date and time": "November 14, 2023, 9:00 AM (GMT-4)",
        "Venue": "Santo Domingo, Dominican Republic",
        "Type of event": "Workshop",
        "Convener": "Presidencia Pro Tempore",
    }


def test_every_report_label_has_spanish():
    es = translations("es")
    labels = [*meta.LABELS.values(), *meta.KIND_LABELS.values(), meta.VIRTUAL, meta.CONTENTS]
    assert [label for label in labels if es.gettext(label) == label and label not in ("Virtual",)] == []
