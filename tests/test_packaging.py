"""The wheel is what users install: it must carry the data files, the migrations, the ``ui``
package and the console script, and the installed package must find its data inside itself."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            ".",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"building the wheel failed:\n{proc.stdout}\n{proc.stderr}"
    wheels = sorted(out.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel, found {wheels}"
    return wheels[0]


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_contains_data_migrations_and_ui(wheel: Path):
    names = _names(wheel)
    for required in (
        "notetaker/_data/report_templates/imrf_side_event.toml",
        "notetaker/_data/resources/roster.toml",
        "notetaker/_data/resources/translations/es/LC_MESSAGES/notetaker.mo",
        "notetaker/storage/migrations/env.py",
        "ui/__init__.py",
    ):
        assert required in names, f"{required} missing from {wheel.name}"
    versions = [
        n
        for n in names
        if PurePosixPath(n).parent == PurePosixPath("notetaker/storage/migrations/versions")
        and n.endswith(".py")
        and not n.endswith("/__init__.py")
    ]
    assert versions, (
        f"no migration revision notetaker/storage/migrations/versions/*.py in {wheel.name}"
    )


def test_wheel_declares_console_script(wheel: Path):
    with zipfile.ZipFile(wheel) as zf:
        [ep_name] = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(ep_name).decode("utf-8")
    parser = configparser.ConfigParser()
    parser.optionxform = str  # keep the script name's case
    parser.read_string(text)
    assert parser.has_section("console_scripts"), text
    assert parser["console_scripts"].get("notetaker", "").strip() == "notetaker.__main__:main", text


def test_unpacked_wheel_finds_its_own_data(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    site = site.resolve()
    probe = (
        "import pathlib\n"
        "import notetaker\n"
        "from notetaker import paths\n"
        f"root = pathlib.Path({str(site)!r})\n"
        "assert pathlib.Path(notetaker.__file__).resolve().is_relative_to(root), notetaker.__file__\n"
        "assert paths.report_templates_dir().is_relative_to(root), paths.report_templates_dir()\n"
        "assert (paths.report_templates_dir() / 'imrf_side_event.toml').is_file()\n"
        "assert paths.resource('roster.toml').is_file(), paths.resource('roster.toml')\n"
        "from notetaker.i18n import translations\n"
        "assert translations('es').gettext('Date and time') == 'Fecha y hora'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"the unpacked wheel does not find its data:\n{proc.stderr}"
