"""PDF through LibreOffice headless: every exported .docx converts, with a sane page count.

The conversion tests need LibreOffice (``soffice``) and poppler's pdftotext;
scripts/test.sh installs libreoffice-writer-nogui and poppler-utils. Without
them they are skipped, saying why, except in CI, where they fail. The
failure paths (missing, failing, slow, cancelled LibreOffice) use a fake
soffice and run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from notetaker.core import Core
from notetaker.demo import load_demo
from notetaker.export import ExportCancelled, ExportError, export_notes
from notetaker.export.pdf import convert_to_pdf, find_soffice
from tests.support.tools import require_program, unavailable

SOFFICE = find_soffice()
needs_posix = pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a shell script")


def page_count(pdf: Path) -> int:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-"), pdf
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.fixture(scope="module")
def demo_docs(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("pdf")
    with Core.open(folder / "db.sqlite3") as core:
        notes = load_demo(core).notes_by_template
        docs = {}
        for template_id, note_id in notes.items():
            docs[template_id] = folder / f"{template_id}.docx"
            export_notes(core, [note_id], docs[template_id])
        docs["imrf-es"] = folder / "imrf-es.docx"
        export_notes(core, [notes["imrf-side-event"]], docs["imrf-es"], lang="es")
        docs["compendium"] = folder / "compendium.docx"
        export_notes(core, list(notes.values()), docs["compendium"], title="RCM reports")
        yield core, notes, docs, folder


SANE_PAGES = {
    "imrf-side-event": (2, 5),
    "imrf-es": (2, 5),
    "rcm-meeting-record": (1, 4),
    "rcm-vice-ministerial-record": (3, 7),
    "compendium": (6, 16),
}


@pytest.fixture
def soffice() -> str:
    if SOFFICE is None:
        unavailable("LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui)")
    return SOFFICE


def test_libreoffice_converts_every_exported_docx(demo_docs, soffice: str):
    _core, _notes, docs, folder = demo_docs
    out = folder / "converted"
    out.mkdir()
    profile = Path(tempfile.mkdtemp(prefix="lo-test-profile-"))
    try:
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), *map(str, docs.values())],
            capture_output=True, text=True, timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    for name, docx_path in docs.items():
        pdf = out / f"{docx_path.stem}.pdf"
        assert pdf.is_file(), f"{name}: no PDF ({result.stdout} {result.stderr})"
        low, high = SANE_PAGES[name]
        assert low <= page_count(pdf) <= high, (name, page_count(pdf))


def test_pdf_export_numbers_the_contents(demo_docs, tmp_path: Path, soffice: str):
    core, notes, _docs, _folder = demo_docs
    out = tmp_path / "record.pdf"
    out.write_bytes(b"old")
    seen: list[tuple[int, int]] = []
    warnings = export_notes(core, [notes["rcm-vice-ministerial-record"]], out, "pdf", progress=lambda d, t: seen.append((d, t)))
    assert warnings == []
    assert seen[-1] == (4, 4)
    low, high = SANE_PAGES["rcm-vice-ministerial-record"]
    assert low <= page_count(out) <= high
    pdftotext = require_program("pdftotext", "poppler-utils")
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    # The contents page lists the headings with the page each starts on.
    assert re.search(r"Objectives\s*\.{3,}\s*3", text), text[:2000]
    assert re.search(r"Approvals\s*\.{3,}\s*\d", text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.pdf"]  # no leftovers


def test_missing_libreoffice_is_a_clear_error(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTETAKER_SOFFICE", str(tmp_path / "no-such-soffice"))
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match="PDF export needs LibreOffice"):
        export_notes(core, [note_id], out)
    assert out.read_bytes() == b"old"


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@needs_posix
def test_failing_libreoffice_keeps_the_old_file(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTETAKER_SOFFICE", _fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 1'))
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    with pytest.raises(ExportError, match=r"could not convert the report to PDF \(exit status 1\): Error: source file could not be loaded"):
        export_notes(core, [note_id], out)
    assert out.read_bytes() == b"old"


@needs_posix
def test_slow_libreoffice_times_out(tmp_path: Path):
    soffice = _fake_soffice(tmp_path, "sleep 30")
    source = tmp_path / "r.docx"
    source.write_bytes(b"x")
    start = time.monotonic()
    with pytest.raises(ExportError, match="did not finish the PDF within 1 seconds"):
        convert_to_pdf(soffice, source, tmp_path, timeout=1)
    assert time.monotonic() - start < 10


@needs_posix
def test_cancel_stops_libreoffice(core: Core, note_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    marker = tmp_path / "still-running"
    monkeypatch.setenv("NOTETAKER_SOFFICE", _fake_soffice(tmp_path, f"sleep 30; touch {marker}"))
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    cancel = threading.Event()
    timer = threading.Timer(0.5, cancel.set)
    timer.start()
    start = time.monotonic()
    try:
        with pytest.raises(ExportCancelled):
            export_notes(core, [note_id], out, cancel=cancel)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10
    assert out.read_bytes() == b"old"
    time.sleep(0.2)
    assert not marker.exists()


def test_soffice_is_found_by_name_or_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("NOTETAKER_SOFFICE", sys.executable)
    assert find_soffice() == sys.executable
    monkeypatch.delenv("NOTETAKER_SOFFICE")
    monkeypatch.setenv("PATH", str(tmp_path))
    if not any(Path(c).is_file() for c in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)):
        assert find_soffice() is None
