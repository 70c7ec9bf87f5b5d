"""The core package ``notetaker`` must never import Qt (PySide6/shiboken6) or the ``ui`` package.

Every module is imported in a fresh interpreter, so nothing the test session has already
imported (pytest-qt, other tests) can hide or fake a violation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# Alembic's env.py and the revision scripts run migration-context code at import time.
_PROBE = r"""
import importlib, json, pkgutil, sys

import notetaker

SKIP = ("notetaker.storage.migrations.versions", "notetaker.storage.migrations.env")


def skipped(name):
    return any(name == s or name.startswith(s + ".") for s in SKIP)


def onerror(name):
    raise  # re-raise the import error of a package that walk_packages could not import


imported = []
for info in pkgutil.walk_packages(notetaker.__path__, "notetaker.", onerror=onerror):
    if skipped(info.name):
        continue
    importlib.import_module(info.name)
    imported.append(info.name)

offending = sorted(
    name for name in sys.modules
    if name.startswith(("PySide6", "shiboken6")) or name == "ui" or name.startswith("ui.")
)
print(json.dumps({"imported": imported, "offending": offending}))
"""


def test_core_package_imports_no_qt_and_no_ui():
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"importing the notetaker modules failed:\n{proc.stderr}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    imported, offending = result["imported"], result["offending"]
    assert len(imported) >= 5, f"the package walk found too few modules: {imported}"
    assert not offending, (
        "the core package notetaker pulled in Qt or the ui package: "
        f"{offending}\n(modules imported: {imported})"
    )
