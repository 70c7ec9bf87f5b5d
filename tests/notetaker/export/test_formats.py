"""The export formats' one table, and the default export path."""

from __future__ import annotations

from pathlib import Path

import pytest

from notetaker.cli.app import build_parser
from notetaker.export.formats import (
    DEFAULT_FORMAT,
    EXPORT_FORMATS,
    FORMATS,
    default_export_path,
    format_for_path,
    format_named,
    format_of_suffix,
)


def test_each_format_is_read_back_from_its_suffixes():
    assert FORMATS == ("docx", "pdf", "md")
    for fmt in EXPORT_FORMATS:
        for suffix in (fmt.suffix, *fmt.other_suffixes):
            assert format_of_suffix(f"report{suffix.upper()}") is fmt
            assert format_for_path(f"/tmp/report{suffix}") == fmt.name
        assert format_named(fmt.name.upper()) is fmt and format_named(fmt.suffix) is fmt
        assert f"*{fmt.suffix}" in fmt.label  # the save dialog's file type names the suffix
    assert [f.name for f in EXPORT_FORMATS if f.needs_libreoffice] == ["pdf"]
    assert format_of_suffix("report.txt") is None and format_named("txt") is None
    assert format_for_path("report.txt") == DEFAULT_FORMAT.name == "docx"
    assert format_for_path("report.docx", ".MD") == "md"


def test_the_command_line_takes_the_tables_formats_and_no_other(capsys: pytest.CaptureFixture[str]):
    parser = build_parser()
    for name in FORMATS:
        assert parser.parse_args(["export", "1", "-o", "out", "--format", name]).format == name
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "1", "-o", "out", "--format", "txt"])
    assert "'docx', 'pdf', 'md'" in capsys.readouterr().err


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def test_default_path_is_in_the_documents_folder_with_a_safe_name(home: Path):
    (home / "Documents").mkdir()
    assert default_export_path("Migración: ¿qué/cómo? <2024>") == home / "Documents" / "Migración qué cómo 2024.docx"
    assert default_export_path("Side event", "pdf") == home / "Documents" / "Side event.pdf"
    assert default_export_path("Side event", "md") == home / "Documents" / "Side event.md"
    assert default_export_path("¿?", fallback="note") == home / "Documents" / "note.docx"
    assert default_export_path("...") == home / "Documents" / "report.docx"
    long = default_export_path("x" * 300)
    assert long.name == "x" * 80 + ".docx"


def test_default_path_follows_the_users_documents_folder(home: Path):
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Papeles"\n', encoding="utf-8")
    (home / "Papeles").mkdir()
    assert default_export_path("Informe") == home / "Papeles" / "Informe.docx"


def test_default_path_falls_back_to_home_without_a_documents_folder(home: Path):
    assert default_export_path("Informe") == home / "Informe.docx"
