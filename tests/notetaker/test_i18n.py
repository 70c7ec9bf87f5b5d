"""Interface language: choosing it, switching it, and the preferences file that remembers it."""

from __future__ import annotations

import pytest

from notetaker import i18n
from notetaker.i18n import (
    _,
    interface_language,
    ngettext,
    normalize_language,
    resolve_language,
    set_language,
    system_languages,
    translations,
)
from notetaker.preferences import Preferences, load_preferences, preferences_path, save_preferences


@pytest.mark.parametrize(
    ("tag", "code"),
    [("es_MX.UTF-8", "es"), ("es-419", "es"), ("en_US", "en"), ("fr_CA@euro", "fr"), ("EN", "en"),
     ("C", None), ("POSIX", None), ("C.UTF-8", None), ("", None), (None, None), ("123", None)],
)
def test_normalize_language(tag, code):
    assert normalize_language(tag) == code


def test_resolve_takes_the_first_supported_candidate():
    assert resolve_language([None, "de_DE", "es_GT.UTF-8", "en"]) == "es"
    assert resolve_language(["pt_BR", "C"]) == "en"


def test_system_languages_follow_gettext_order(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANGUAGE", "de:es")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert system_languages()[:3] == ["de", "es", "fr"]


def test_interface_language_order(monkeypatch):
    monkeypatch.delenv("NOTETAKER_LANG", raising=False)
    assert interface_language(system=["es_ES"], preference="") == "es"
    assert interface_language(system=["es_ES"], preference="en") == "en"
    assert interface_language("es", system=["en_US"], preference="en") == "es"
    monkeypatch.setenv("NOTETAKER_LANG", "es")
    assert interface_language(system=["en_US"], preference="en") == "es"
    assert interface_language("en", system=["es"], preference="es") == "en"


def test_saved_preference_is_used(monkeypatch):
    monkeypatch.delenv("NOTETAKER_LANG", raising=False)
    save_preferences(Preferences(language="es"))
    assert interface_language(system=["en_US"]) == "es"


def test_preferences_round_trip_and_survive_damage():
    assert load_preferences() == Preferences()
    save_preferences(Preferences(language="es", report_language="en"))
    assert load_preferences() == Preferences("es", "en")
    preferences_path().write_text("{not json", encoding="utf-8")
    assert load_preferences() == Preferences()
    preferences_path().write_text('{"language": 3, "future": "x", "report_language": "es"}', encoding="utf-8")
    assert load_preferences() == Preferences("", "es")


def test_switching_the_interface_language():
    assert _("Date and time") == "Date and time"
    set_language("es_MX")
    assert i18n.current_language() == "es"
    assert _("Date and time") == "Fecha y hora"
    assert _("&File") == "&Archivo"
    assert _("not a message of ours") == "not a message of ours"
    set_language("en")
    assert _("Date and time") == "Date and time"


def test_report_language_is_independent_of_the_interface():
    set_language("es")
    assert translations("en").gettext("Date and time") == "Date and time"
    set_language("en")
    assert translations("es").gettext("Date and time") == "Fecha y hora"


def test_spanish_plural_forms():
    catalog = translations("es")
    assert catalog.ngettext("a", "b", 1) == "a"  # unknown messages fall back to the source
    set_language("es")
    assert ngettext("{n} x", "{n} xs", 2) == "{n} xs"
