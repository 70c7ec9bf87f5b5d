"""Message translation through gettext catalogs (compiled with Babel).

``_`` translates now, in the interface language; ``N_`` only marks a string
for extraction so that it can be translated later, in whatever language the
caller needs (a report's language may differ from the interface's):
``translations(report_lang).gettext(LABEL)``.

The catalogs live in ``resources/translations/<lang>/LC_MESSAGES/notetaker.{po,mo}``;
``python -m notetaker.i18n_tools update`` refreshes them from the code
(docs/i18n.md). The interface language is chosen, first match wins, from:
the ``--lang`` option, ``$NOTETAKER_LANG``, the saved preference, the
system's languages, English.
"""

from __future__ import annotations

import gettext
import locale as _locale
import os
import re
from collections.abc import Iterable

from . import paths

DOMAIN = "notetaker"
#: Languages the interface and the reports are offered in (complete catalogs).
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "es")
#: The language the messages are written in, in the code.
SOURCE_LANGUAGE = "en"
#: Each language named in itself, as language pickers show them (never translated).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français"}

_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*(?:[.@].*)?$")

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = SOURCE_LANGUAGE


def normalize_language(tag: str | None) -> str | None:
    """The bare language code of a locale tag: "es_MX.UTF-8" -> "es"; None for "C"/"POSIX"/junk."""
    if not tag:
        return None
    match = _TAG.match(tag.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    return None if code in ("c", "posix") else code


def system_languages() -> list[str]:
    """The user's languages from the environment, most wanted first (gettext's order).

    The GUI prefers ``QLocale.system().uiLanguages()``, which also knows the
    settings of Windows and macOS.
    """
    tags: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            tags.extend(value.split(":") if var == "LANGUAGE" else [value])
            if var != "LANGUAGE":
                break
    try:
        tags.append(_locale.getlocale(_locale.LC_CTYPE)[0] or "")
    except (ValueError, TypeError):
        pass
    return [code for code in (normalize_language(t) for t in tags) if code]


def resolve_language(candidates: Iterable[str | None], supported: Iterable[str] = SUPPORTED_LANGUAGES) -> str:
    """The first candidate whose language is ``supported``; English when none is."""
    allowed = tuple(supported)
    for candidate in candidates:
        code = normalize_language(candidate)
        if code in allowed:
            return code
    return SOURCE_LANGUAGE


def interface_language(
    requested: str | None = None, system: Iterable[str] | None = None, preference: str | None = None
) -> str:
    """The interface language: ``requested`` (``--lang``), $NOTETAKER_LANG, the preference, the system.

    ``preference`` None reads the saved preference; ``system`` None reads the environment.
    """
    if preference is None:
        from .preferences import load_preferences

        preference = load_preferences().language
    system_tags = list(system) if system is not None else system_languages()
    return resolve_language([requested, os.environ.get("NOTETAKER_LANG"), preference, *system_tags])


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (falls back to the source strings)."""
    return gettext.translation(
        DOMAIN, localedir=paths.resource("translations"), languages=[language], fallback=True
    )


def set_language(language: str) -> None:
    """Switch the interface language of this process (strings made afterwards follow it)."""
    global _active, _active_language
    code = normalize_language(language) or SOURCE_LANGUAGE
    _active = translations(code)
    _active_language = code


def current_language() -> str:
    return _active_language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message
