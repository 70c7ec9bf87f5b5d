"""Golden tests: each built-in template's demo note, exported to Word, equals a committed reference.

The references are normalised dumps (tests/notetaker/export/docdump.py) in
tests/fixtures/golden/: text, paragraph styles, emphasis and links, lists,
tables, page setup, header, footer, TOC field and settings; creation dates
and other volatile metadata are left out. After an intended change to the
reports, regenerate them and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/notetaker/export/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notetaker.core import Core
from notetaker.demo import load_demo
from notetaker.export import export_notes
from notetaker.templates import TemplateLibrary
from tests.conftest import REPO

from .docdump import dump_docx

GOLDEN = REPO / "tests" / "fixtures" / "golden"
BUILTIN = sorted(t.id for t in TemplateLibrary.load().all())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    with Core.open(tmp_path_factory.mktemp("golden") / "db.sqlite3") as core:
        result = load_demo(core)
        yield core, result.notes_by_template


def _check(name: str, path: Path) -> None:
    actual = dump_docx(path)
    reference = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        reference.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    if not reference.is_file():
        pytest.fail(f"no golden reference {reference}; run with UPDATE_GOLDEN=1 to create it")
    expected = json.loads(reference.read_text(encoding="utf-8"))
    assert actual == expected, f"{path.name} differs from {reference}; if intended, regenerate with UPDATE_GOLDEN=1"


def test_every_builtin_template_has_a_demo_note(demo):
    _core, notes = demo
    assert sorted(notes) == BUILTIN == ["imrf-side-event", "rcm-meeting-record", "rcm-vice-ministerial-record"]


@pytest.mark.parametrize("template_id", BUILTIN)
def test_demo_note_matches_its_golden_report(demo, template_id: str, tmp_path: Path):
    core, notes = demo
    out = tmp_path / f"{template_id}.docx"
    assert export_notes(core, [notes[template_id]], out) == []
    _check(template_id, out)


def test_compendium_of_the_demo_notes_matches_its_golden_report(demo, tmp_path: Path):
    core, notes = demo
    out = tmp_path / "compendium.docx"
    assert export_notes(core, [notes[t] for t in BUILTIN], out, title="RCM reports") == []
    _check("compendium", out)
