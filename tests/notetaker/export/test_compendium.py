"""Compendium: one report across many notes, in date order, from the API and the CLI."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest

from notetaker.cli import main
from notetaker.core import Core
from notetaker.domain import Event, NoteStatus
from notetaker.export import ExportError, export_notes, series_note_ids
from notetaker.richtext import RichText

SERIES = "IMRF 2022 side events"


def _event(core: Core, title: str, day: int | None, series: str = SERIES) -> int:
    start = datetime(2022, 5, day, 15, 0, tzinfo=UTC) if day else None
    event = core.events.create(Event(None, title, series=series, starts_at=start, ends_at=start + timedelta(hours=1) if start else None, timezone="UTC-06:00")).value
    return event.id


def _note(core: Core, event_id: int, text: str, status: NoteStatus | None = None) -> int:
    note = core.notes.create(event_id, "imrf-side-event", ["Ana"]).value
    core.notes.add_item(note.id, "highlights", body=RichText.plain(text), delegations=["GT"])
    if status is not None:
        core.notes.update(note.id, status=status)
    return note.id


@pytest.fixture
def series(core: Core) -> dict[str, int]:
    """Three events of the series given out of date order, one with two notes; one elsewhere."""
    late = _event(core, "Late event", 20)
    early = _event(core, "Early event", 3)
    undated = _event(core, "Undated event", None)
    middle = _event(core, "Middle event", 10)
    other = _event(core, "Other series", 1, series="RCM")
    return {
        "late": _note(core, late, "late point"),
        "early": _note(core, early, "early point"),
        "undated": _note(core, undated, "undated point"),
        "middle_draft": _note(core, middle, "draft point"),
        "middle_final": _note(core, middle, "final point", NoteStatus.FINAL),
        "other": _note(core, other, "other point"),
    }


def test_chapters_in_date_order_with_cover_and_contents(core: Core, series: dict[str, int], tmp_path: Path):
    out = tmp_path / "compendium.docx"
    ids = [series["late"], series["undated"], series["early"], series["middle_final"]]
    assert export_notes(core, ids, out) == []
    doc = docx.Document(str(out))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras[0] == ("Title", SERIES)  # the common series names the compendium
    assert paras[1] == ("Subtitle", "Template for Notetaking for the IMRF virtual side-events")
    assert ("Normal", "4 events") in paras[:5] and ("Normal", "May 3, 2022 – May 20, 2022") in paras[:5]
    assert ("TOC Heading", "Contents") in paras
    chapters = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in chapters] == ["Early event", "Middle event", "Late event", "Undated event"]
    assert all(p.paragraph_format.page_break_before for p in chapters)
    assert [t for s, t in paras if s.startswith("toc")] == [p.text for p in chapters]
    assert ("Heading 2", "Summary (500 words max)") in paras and ("Heading 3", "Introduction") in paras
    assert [t.rows[1].cells[0].text for t in doc.tables] == ["early point", "final point", "late point", "undated point"]
    assert doc.sections[0].header.paragraphs[0].text == SERIES
    assert any(p.text.startswith("Date and time: May 3, 2022, 9:00 AM") for p in doc.paragraphs)


def test_series_picks_one_note_per_event_the_most_advanced(core: Core, series: dict[str, int]):
    ids = series_note_ids(core, "  imrf 2022 SIDE events ")
    assert ids == [series["early"], series["middle_final"], series["late"], series["undated"]]
    with pytest.raises(ExportError, match="No notes to export in the series “Nothing”"):
        series_note_ids(core, "Nothing")


def test_a_title_makes_a_compendium_even_of_mixed_series(core: Core, series: dict[str, int], tmp_path: Path):
    out = tmp_path / "c.md"
    export_notes(core, [series["other"], series["early"]], out, title="Selected reports")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Selected reports\n\n*Template for Notetaking for the IMRF virtual side-events*\n")
    assert text.index("## Other series") < text.index("## Early event")  # May 1 before May 3


def test_cli_exports_ids_and_series(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with Core.open(db_path) as core:
        _note(core, _event(core, "B", 9), "b point")
        _note(core, _event(core, "A", 2), "a point")
    out = tmp_path / "series.docx"
    assert main(["--db", str(db_path), "export", "--series", SERIES, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    headings = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert headings == ["A", "B"]

    assert main(["--db", str(db_path), "list", "--json"]) == 0
    ids = [n["id"] for e in json.loads(capsys.readouterr().out)["events"] for n in e["notes"]]
    md = tmp_path / "two.md"
    assert main(["--db", str(db_path), "export", *map(str, ids), "--format", "md", "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").count("\n## ") == 2


def test_cli_without_notes_or_over_budget_is_one_line(db_path: Path, tmp_path: Path):
    with Core.open(db_path) as core:
        note = _note(core, _event(core, "Long", 2), "x")
        core.notes.add_item(note, "introduction", body=RichText.plain("word " * 501))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "notetaker", "--db", str(db_path), *args],
                              capture_output=True, text=True, timeout=120, env=env)

    result = run("export", "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 1 and "--series" in result.stderr and len(result.stderr.splitlines()) == 1
    result = run("export", str(note), "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "has 501 words, over its limit of 500" in result.stderr and "--force" in result.stderr
    assert not (tmp_path / "x.docx").exists()
    result = run("export", str(note), "--force", "-o", str(tmp_path / "x.docx"))
    assert result.returncode == 0, result.stderr
    assert "exported anyway" in result.stderr and (tmp_path / "x.docx").is_file()
    # Progress goes to stderr only on a terminal: here stderr is a pipe, so none.
    assert "Exporting" not in result.stderr


def test_cli_progress_on_a_terminal(db_path: Path, tmp_path: Path):
    with Core.open(db_path) as core:
        note = _note(core, _event(core, "E", 2), "x")
    out = tmp_path / "r.docx"
    code = (
        "import sys; from notetaker.cli import main; "
        f"sys.exit(main(['--db', {str(db_path)!r}, 'export', '{note}', '-o', {str(out)!r}]))"
    )
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=secondary,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    os.close(secondary)
    stdout, _ = proc.communicate(timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert proc.returncode == 0
    assert b"Exporting" in seen and b"4/4" in seen
    assert stdout.decode().strip() == str(out)
