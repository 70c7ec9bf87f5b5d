"""The interface language in Qt: our catalogs, Qt's own translations, the default QLocale.

:func:`apply_language` is called once, before the first window is built:
our messages switch through :func:`notetaker.i18n.set_language`; Qt's own texts
(OK/Cancel, Yes/No, the context menu of text fields, file dialogs) through a
:class:`QTranslator` loading ``qtbase_<lang>.qm`` from PySide6's translations
folder; calendars and number fields through the default :class:`QLocale`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from notetaker.i18n import interface_language, normalize_language, set_language

log = logging.getLogger("notetaker.ui")

#: Qt catalogs loaded for a language, most general last ("qt" is the meta-catalog in older Qt).
QT_CATALOGS = ("qtbase",)

_installed: list[QTranslator] = []  # kept alive: Qt does not own them


def qt_translations_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo  # (an English interface never needs it)

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def system_ui_languages() -> list[str]:
    """The user's interface languages as the operating system lists them, most wanted first."""
    return [tag for tag in QLocale.system().uiLanguages() if tag]


def choose_language(requested: str | None = None) -> str:
    """``--lang``, $NOTETAKER_LANG, the preference, the system's languages, English."""
    return interface_language(requested, system=system_ui_languages())


def install_qt_translations(lang: str, app: QCoreApplication | None = None) -> list[str]:
    """Load Qt's own catalogs for ``lang``; the names loaded (none for English or when missing)."""
    app = app or QCoreApplication.instance()
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    code = normalize_language(lang) or "en"
    if code == "en" or app is None:
        return []
    loaded = []
    folder = qt_translations_dir()
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{code}", str(folder)):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            loaded.append(f"{catalog}_{code}")
        else:
            log.info("Qt translations %s_%s not found in %s; Qt's own texts stay in English", catalog, code, folder)
    return loaded


def loaded_qt_catalogs() -> list[str]:
    """The Qt catalogs installed now, e.g. ["qtbase_es"]."""
    return [Path(t.filePath()).stem for t in _installed]


def set_default_locale(lang: str) -> None:
    """Formats of Qt widgets (calendars, numbers) in ``lang``; the system's own country when it matches."""
    system = QLocale.system()
    wanted = QLocale(lang)
    QLocale.setDefault(system if system.language() == wanted.language() else wanted)


def apply_language(lang: str, app: QCoreApplication | None = None) -> str:
    """Make ``lang`` the interface language of this process; returns the code applied."""
    code = normalize_language(lang) or "en"
    set_language(code)
    install_qt_translations(code, app)
    set_default_locale(code)
    return code
