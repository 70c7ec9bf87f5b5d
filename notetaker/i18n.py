"""Message translation through gettext catalogs (compiled with Babel).

``_`` translates now, in the interface language; ``N_`` only marks a string
for extraction so that it can be translated later, in whatever language the
caller needs (a report's language may differ from the interface's).
"""

from __future__ import annotations

import gettext

from . import paths

DOMAIN = "notetaker"
SUPPORTED_LANGUAGES = ("en", "es")

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language = "en"


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (falls back to the source strings)."""
    return gettext.translation(
        DOMAIN, localedir=paths.resource("translations"), languages=[language], fallback=True
    )


def set_language(language: str) -> None:
    """Switch the interface language of this process."""
    global _active, _active_language
    _active = translations(language)
    _active_language = language


def current_language() -> str:
    return _active_language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message
