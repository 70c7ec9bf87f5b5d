"""Issue #15, 1 and 4, at the core's depth: the functions the window and the command line share
refuse the files they must never write, and nothing waits forever on a pipe a user names or
leaves in a folder (each such case runs in a child process with a timeout: a hang fails)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from notetaker.exchange import write_document, write_note_file
from notetaker.export import ExportError, export_notes
from notetaker.userfiles import OutputRefused, check_output, open_regular

REPO = Path(__file__).resolve().parents[2]
HANG = 20  # seconds: far more than any of these takes; a blocked open never ends


def run_python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, timeout=HANG,
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notetaker", *args], capture_output=True, text=True,
                          timeout=HANG, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})


def one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def note(core):
    from notetaker.domain import Event

    event = core.events.create(Event(None, "Side event")).value
    return core.notes.create(event.id, "imrf-side-event", ["Ana"]).value


# -- point 1: the shared core functions refuse ---------------------------------------------------
def test_export_notes_refuses_the_database_and_keeps_it(core, note):
    before = core.db.path.read_bytes()
    with pytest.raises(ExportError, match="it is the notes database"):
        export_notes(core, [note.id], core.db.path, force=True)
    assert core.db.path.read_bytes() == before


def test_write_note_file_refuses_the_wal_of_the_open_database(core, note):
    wal = Path(f"{core.db.path}-wal")
    before = wal.read_bytes() if wal.exists() else None
    with pytest.raises(OutputRefused, match="working file"):
        write_note_file(core, note.id, wal)
    assert (wal.read_bytes() if wal.exists() else None) == before


def test_export_refuses_the_style_reference_it_reads(core, note, tmp_path):
    reference = core.templates.get(note.template_id).style_reference_path()
    assert reference is not None and reference.is_file()
    link = tmp_path / "reference.docx"
    link.symlink_to(reference)
    before = reference.read_bytes()
    with pytest.raises(ExportError, match="one of the files being read"):
        export_notes(core, [note.id], link, force=True)
    assert reference.read_bytes() == before


def test_a_read_only_file_is_refused_even_for_root(tmp_path):
    target = tmp_path / "kept.sidenotes"
    target.write_text("mine", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(OutputRefused, match="read-only"):
        check_output(target, database=None)
    assert target.read_text(encoding="utf-8") == "mine"


def test_write_document_refuses_its_inputs_by_any_name(core, note, tmp_path):
    from notetaker.exchange import document_for_note

    source = write_note_file(core, note.id, tmp_path / "in.sidenotes")
    before = source.read_bytes()
    (tmp_path / "d").mkdir()
    for name in (source, tmp_path / "d" / ".." / "in.sidenotes"):
        with pytest.raises(OutputRefused, match="one of the files being read"):
            write_document(document_for_note(core, note.id), name, database=core.db.path, inputs=[source])
    assert source.read_bytes() == before


def test_new_files_next_to_the_database_are_written(core, note, tmp_path):
    export_notes(core, [note.id], core.db.path.with_name("report.md"), force=True)
    assert core.db.path.with_name("report.md").read_text(encoding="utf-8")


# -- point 4: a pipe never blocks ----------------------------------------------------------------
@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.sidenotes"
    os.mkfifo(path)
    return path


def test_open_regular_refuses_a_pipe_at_once(fifo):
    with pytest.raises(OSError, match="not a regular file"):
        open_regular(fifo)


def test_import_of_a_pipe_is_refused(fifo, tmp_path):
    db = tmp_path / "notes.sqlite3"
    result = run_cli("--db", str(db), "import", str(fifo))
    assert result.returncode == 1
    one_line(result, "pipe.sidenotes", "not a regular file", "nothing was imported")
    dry = run_cli("--db", str(db), "import", "--dry-run", str(fifo))
    assert dry.returncode == 1
    assert "not a regular file" in dry.stderr and "Traceback" not in dry.stderr


def test_a_pipe_as_the_database_is_refused(tmp_path):
    pipe = tmp_path / "notes.sqlite3"
    os.mkfifo(pipe)
    result = run_cli("--db", str(pipe), "list")
    assert result.returncode == 1
    one_line(result, str(pipe), "not a regular file")
    assert pipe.is_fifo()


def test_a_pipe_in_the_templates_folder_is_skipped_and_reported(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "stuck.toml")
    result = run_python(
        """
        import sys
        from pathlib import Path
        from notetaker.templates import TemplateLibrary

        library = TemplateLibrary.load(Path(sys.argv[1]))
        print(len(library.templates))
        for error in library.errors:
            print(error)
        """,
        str(folder),
    )
    assert result.returncode == 0, result.stderr
    count, *errors = result.stdout.strip().splitlines()
    assert int(count) >= 1  # the built-in templates are all there
    assert len(errors) == 1 and "stuck.toml" in errors[0] and "not a regular file" in errors[0]


def test_a_pipe_as_the_style_reference_does_not_block(tmp_path):
    pipe = tmp_path / "reference.docx"
    os.mkfifo(pipe)
    result = run_python(
        """
        import sys
        from notetaker.export.docx import build_docx
        from notetaker.export.model import Report

        data, warnings = build_docx(Report(title="T"), sys.argv[1])
        print(len(data) > 0)
        for warning in warnings:
            print(warning)
        """,
        str(pipe),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "True"
    assert any("reference.docx" in line and "not a regular file" in line for line in lines[1:]), lines
