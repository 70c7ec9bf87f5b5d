from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from notetaker.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notetaker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_list_json_shape_after_demo(db_path, capsys):
    assert main(["--db", str(db_path), "demo"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"events"}
    for event in data["events"]:
        assert set(event) == {"id", "title", "series", "starts_at", "notes"}
        for note in event["notes"]:
            assert set(note) == {"id", "template", "status", "notetakers"}
    with_notes = [e for e in data["events"] if e["notes"]]
    templates = sorted(n["template"] for e in with_notes for n in e["notes"])
    assert templates == ["imrf-side-event", "rcm-meeting-record", "rcm-vice-ministerial-record"]
    imrf = [e for e in with_notes if e["notes"][0]["template"] == "imrf-side-event"]
    assert len(imrf) == 1
    assert imrf[0]["starts_at"] == "2022-05-19T12:30:00-06:00"
    assert imrf[0]["notes"][0]["notetakers"] == ["Marisol Aguilar", "Ericka Guevara", "Sara Rivas", "Silvia Urbina"]
    assert imrf[0]["notes"][0]["template"] == "imrf-side-event"


def test_environment_variable_selects_the_database(tmp_path):
    db = tmp_path / "from-env.sqlite3"
    result = run_cli("list", "--json", env={"NOTETAKER_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"events": []}
    assert db.exists()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["export", "999", "-o", "{tmp}/x.docx"], 1, "There is no note 999"),
        (["export", "abc", "-o", "x.docx"], 2, "invalid int value"),
        (["frobnicate"], 2, "invalid choice"),
        (["--db", "{tmp}/not-a-db.sqlite3", "list"], 1, "Cannot open the database"),
        (["--db", "nosuchdriver://x", "list"], 1, "database"),
    ],
)
def test_errors_are_one_readable_line(tmp_path, args, code, words):
    (tmp_path / "not-a-db.sqlite3").write_bytes(b"garbage" * 200)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if args[0] != "--db":
        args = ["--db", str(tmp_path / "db.sqlite3"), *args]
    result = run_cli(*args)
    assert result.returncode == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("notetaker")
    assert words in lines[0]
    assert "Traceback" not in result.stderr


def test_export_to_an_unwritable_place_is_one_line(tmp_path, db_path):
    assert run_cli("--db", str(db_path), "demo").returncode == 0
    note_id = json.loads(run_cli("--db", str(db_path), "list", "--json").stdout)
    note_id = next(n["id"] for e in note_id["events"] for n in e["notes"])
    result = run_cli("--db", str(db_path), "export", str(note_id), "-o", str(tmp_path / "missing" / "dir" / "r.docx"))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_no_arguments_opens_the_window(tmp_path):
    """`notetaker` alone starts the GUI on the database and keeps running."""
    db = tmp_path / "gui.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "notetaker", "--db", str(db)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not db.exists():
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        time.sleep(1.0)
        assert proc.poll() is None, proc.communicate()
        assert db.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_gui_starts_with_the_garbage_collector_paused(monkeypatch):
    """The command line pauses cyclic collection while the GUI starts (ui.app.run resumes it)."""
    import gc
    import types

    import notetaker.cli.app as cli_app

    seen = {}

    def run(db=None, lang=None):  # noqa: ANN001, ANN202
        seen["collecting"] = gc.isenabled()
        return 0

    monkeypatch.setattr(cli_app.importlib, "import_module", lambda name: types.SimpleNamespace(run=run))
    try:
        assert main([]) == 0
    finally:
        gc.enable()
    assert seen == {"collecting": False}


def test_the_entry_point_loads_the_command_line_with_the_collector_paused(tmp_path):
    """``notetaker`` (notetaker.__main__) pauses the collector while the command line loads, and
    a command runs with it."""
    child = (
        "import gc, json, sys\n"
        "seen = []\n"
        "class Watch:  # notes whether the collector runs when the command line's module loads\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'notetaker.cli.app':\n"
        "            seen.append(gc.isenabled())\n"
        "sys.meta_path.insert(0, Watch())\n"
        "import notetaker.__main__ as entry\n"
        f"code = entry.run(['--db', {str(tmp_path / 'n.sqlite3')!r}, 'list', '--json'])\n"
        "print(json.dumps([code, seen, gc.isenabled()]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1]) == [0, [False], True]
