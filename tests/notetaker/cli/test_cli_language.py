"""The global --lang: messages, help and errors in the interface language; reports keep their own."""

from __future__ import annotations

import docx
import pytest

from notetaker.cli.app import early_language, main


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "es", "list"], "es"),
        (["--lang=es_MX", "list"], "es"),
        (["--db", "x.sqlite3", "--lang", "es"], "es"),
        (["export", "--lang", "es", "1"], None),  # the report's language, not the interface's
        (["--lang", "de", "list"], None),
        (["--", "--lang", "es"], None),
        ([], None),
    ],
)
def test_early_language(argv, lang):
    assert early_language(argv) == lang


def test_messages_in_spanish(db_path, capsys):
    assert main(["--lang", "es", "--db", str(db_path), "list"]) == 0
    assert "Aún no hay eventos" in capsys.readouterr().out


def test_environment_and_preference_choose_too(db_path, capsys, monkeypatch):
    monkeypatch.setenv("NOTETAKER_LANG", "es")
    assert main(["--db", str(db_path), "list"]) == 0
    assert "Aún no hay eventos" in capsys.readouterr().out
    assert main(["--lang", "en", "--db", str(db_path), "list"]) == 0
    assert "No events yet" in capsys.readouterr().out


def test_help_and_usage_errors_in_spanish(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "es", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("uso: ")
    assert "argumentos posicionales" in out and "opciones" in out
    assert "idioma de los mensajes" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "es", "export"])
    assert exit_info.value.code == 2
    assert "se requieren los siguientes argumentos" in capsys.readouterr().err


def test_unsupported_language_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "de", "list"])
    assert exit_info.value.code == 2
    assert "unsupported language 'de' (available: en, es)" in capsys.readouterr().err


def test_report_language_is_independent_of_the_interface(db_path, tmp_path, capsys):
    assert main(["--lang", "es", "--db", str(db_path), "demo"]) == 0
    assert "Datos de demostración listos" in capsys.readouterr().out
    out = tmp_path / "report.docx"
    assert main(["--lang", "es", "--db", str(db_path), "export", "1", "--lang", "en", "-o", str(out)]) == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert any(t.startswith("Date and time: May 19, 2022") for t in texts)
    out_es = tmp_path / "informe.docx"
    assert main(["--lang", "en", "--db", str(db_path), "export", "1", "--lang", "es", "-o", str(out_es)]) == 0
    texts = [p.text for p in docx.Document(str(out_es)).paragraphs]
    assert any(t.startswith("Fecha y hora: 19 de mayo de 2022") for t in texts)
