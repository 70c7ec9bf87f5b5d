"""Loading PySide6 without its scan of every imported module's source (ui/pyside_import.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ui.pyside_import import IGNORED, USES_PYSIDE, package_modules

REPO = Path(__file__).resolve().parents[2]

# A fresh interpreter starting as the application does: the core first, then the interface.
# Every source file read through linecache (as PySide's scan reads them) is recorded.
_CHILD = r"""
import json, sys
opened = []

def by_linecache():  # PySide's scan reads sources through inspect and linecache (the importer does not)
    frame = sys._getframe(2)
    while frame is not None and not frame.f_code.co_filename.endswith("linecache.py"):
        frame = frame.f_back
    return frame is not None

def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith(".py") and by_linecache():
        opened.append(args[0])

sys.addaudithook(hook)
import notetaker.cli.app
before = set(sys.modules)
import ui.app, ui.main_window, ui.editor.note_editor
table = sys.modules["__feature__"].pyside_feature_dict
modules = dict(sys.modules)
files = {name: getattr(module, "__file__", None) for name, module in modules.items()}
print(json.dumps({
    "opened": opened, "files": files, "before": sorted(before),
    "table": {name: table.get(name) for name in modules},
}))
"""


def _start() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], cwd=REPO, capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_no_source_of_our_modules_or_of_those_loaded_before_pyside_is_read():
    seen = _start()
    opened = {str(Path(p).resolve()) for p in seen["opened"]}
    ours = {
        name: str(Path(file).resolve()) for name, file in seen["files"].items()
        if file and name.split(".")[0] in ("ui", "notetaker")
    }
    assert any(name.startswith("ui.") for name in ours) and "notetaker.core" in ours
    assert sorted(name for name, file in ours.items() if file in opened) == []
    earlier = {seen["files"][name] for name in seen["before"] if (seen["files"].get(name) or "").endswith(".py")}
    assert "typing" in seen["before"] and earlier
    # enum is read by PySide's own import, before anything can be recorded (the bare window's too).
    earlier.discard(sys.modules["enum"].__file__)
    assert sorted(opened & {str(Path(f).resolve()) for f in earlier}) == []
    # PySide's table holds, for every module of ours, what its scan would have found.
    for name in ours:
        assert seen["table"][name] == (USES_PYSIDE if name.startswith("ui") else IGNORED), name


def test_the_core_is_recorded_as_its_scan_would_find_it():
    """The core's modules are recorded as not using PySide6, as PySide's scan would find (the
    core never names it); the interface's as using it (one there that did not would be recorded
    the same: with no feature ever selected, either value leaves the features off)."""
    names = list(package_modules("notetaker", [str(REPO / "notetaker")]))
    assert "notetaker.storage.db" in names and "notetaker.__init__" not in names
    for name in names:
        base = REPO.joinpath(*name.split("."))
        source = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        # PySide's rule (shibokensupport/feature.py): 0 if the source names PySide6, else -1.
        assert "PySide6" not in source.read_text(encoding="utf-8"), name


def test_package_modules_lists_modules_and_subpackages_from_the_files(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub" / "deeper").mkdir(parents=True)
    for file in ("__init__.py", "a.py", "notes.txt", "sub/__init__.py", "sub/b.py", "sub/deeper/c.py"):
        (root / file).write_text("", encoding="utf-8")
    (root / "data").mkdir()  # a folder without __init__.py is no package
    (root / "data" / "d.py").write_text("", encoding="utf-8")
    assert sorted(package_modules("pkg", [str(root)])) == ["pkg", "pkg.a", "pkg.sub", "pkg.sub.b"]
    assert list(package_modules("gone", [str(tmp_path / "missing")])) == ["gone"]
