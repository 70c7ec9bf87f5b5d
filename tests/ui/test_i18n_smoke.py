"""Every window and dialog, in English and in Spanish: no message of ours left untranslated.

Each window is built after switching the interface language (our catalogs,
Qt's qtbase translations, the default QLocale), shown, and every text a person
can meet is collected: window titles, labels, buttons, group boxes, tool tips,
placeholders, accessible names and descriptions, combo-box items, tabs, list
headers and rows, menus and actions. In Spanish, a text that is one of our
English messages (or an English message with its {placeholders} filled) whose
Spanish differs is a failure; so is a standard Qt button left in English. In
English, a text that is one of our Spanish translations is a failure.

Dialogs are discovered: every QDialog or QMainWindow subclass under ``ui/``
is built with its context, core, language and parent filled in by name; one
needing more has a factory in :data:`FACTORIES` (a new dialog that has
neither makes :func:`test_every_window_class_is_covered` fail).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

import ui
from notetaker.demo import load_demo
from notetaker.i18n import _
from notetaker.i18n_tools import extract_catalog, read_catalog
from ui.alerts import Alert, Alerts
from ui.context import AppContext
from ui.main_window import MainWindow

LANGS = ("en", "es")
_TEXT_GETTERS = ("windowTitle", "toolTip", "statusTip", "whatsThis", "accessibleName", "accessibleDescription")
_OWN_TEXT = ("text", "title", "placeholderText", "windowIconText")
# Qt's standard buttons as they read untranslated.
QT_ENGLISH_BUTTONS = frozenset({
    "OK", "Cancel", "Yes", "No", "Close", "Apply", "Save", "Discard", "Help", "Reset", "Open",
    "Yes to All", "No to All", "Abort", "Retry", "Ignore", "Restore Defaults", "Show Details...",
    "Hide Details...",
})


# -- the catalog ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


# Placeholders that stand for numbers match only numbers: "IMRF 2022 side events" is not "{count} events".
_NUMERIC = re.compile(r"count|^n$|total|done|words|limit|excess|size|shown|new|updated|same|auto|notes|items|"
                      r"events|percent|seconds|pages?|^id$|index|offset|line|column|low|high|rev|head|ours|theirs|"
                      r"version|first")


def _pattern(message: str) -> re.Pattern[str]:
    """A regular expression matching ``message`` with its {placeholders} filled."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(message):
        out.append(re.escape(literal))
        if name is not None:
            out.append(r"[\d.,\s]+" if _NUMERIC.search(name) else "(.+?)")
    return re.compile("^" + "".join(out) + "$", re.S)


@dataclass
class Catalog:
    """Our English messages whose Spanish differs (or is still missing), and the Spanish ones."""

    english: set[str]
    spanish: set[str]
    patterns: list[tuple[re.Pattern[str], str]]  # English messages with placeholders

    @classmethod
    def load(cls) -> Catalog:
        """From the code's messages (extracted now) and the Spanish catalog.

        A message of the code with no Spanish yet counts as "differs": a new
        string shows up here even before the catalog is updated.
        """
        spanish_of: dict[str, str] = {}
        for message in read_catalog("es"):
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for i, msgstr in enumerate(strings):
                if msgstr:
                    spanish_of.setdefault(ids[min(i, len(ids) - 1)], msgstr)
        english: set[str] = set()
        spanish = {_plain(s) for i, s in spanish_of.items() if _plain(s) != _plain(i)}
        patterns = []
        for message in extract_catalog():
            for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
                if not msgid or _plain(spanish_of.get(msgid, "")) == _plain(msgid):
                    continue  # the same in both languages ("Error", "Final", "Virtual")
                english.add(_plain(msgid))
                literal = re.sub(r"\{[^{}]*\}", "", msgid)
                if "{" in msgid and len(literal.strip(" :;,.()«»“”'\"-")) >= 4:
                    try:
                        patterns.append((_pattern(_plain(msgid)), msgid))
                    except ValueError:  # a literal brace, not a placeholder
                        pass
        return cls(english, spanish, patterns)

    def english_message(self, text: str) -> str | None:
        plain = _plain(text)
        if plain in self.english:
            return plain
        return next((msgid for pattern, msgid in self.patterns if pattern.match(plain)), None)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


# -- collecting what a window shows ------------------------------------------------------------


def _strings(text: object) -> Iterator[str]:
    if not isinstance(text, str) or not text.strip():
        return
    if re.search(r"<[A-Za-z/!]", text):  # rich text: compare what it reads
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    yield text.strip()
    for line in text.splitlines():  # "Title\nTemplate" tool tips
        if line.strip() and line.strip() != text.strip():
            yield line.strip()


def _columns(model: QAbstractItemModel, parent: QModelIndex | None = None) -> int:
    """The model's column count; list models (QListWidget's) keep theirs private: one."""
    try:
        return model.columnCount(parent if parent is not None else QModelIndex())
    except TypeError:
        return 1


def _model_texts(model: QAbstractItemModel | None, where: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    if model is None:
        return
    for column in range(_columns(model)):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            for s in _strings(model.headerData(column, Qt.Orientation.Horizontal, role)):
                yield f"{where}.header[{column}]", s

    def walk(parent: QModelIndex, level: int) -> Iterator[tuple[str, str]]:
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.AccessibleTextRole):
                    for s in _strings(index.data(role)):
                        yield f"{where}[{level}:{row},{column}]", s
            if level < 3:
                yield from walk(model.index(row, 0, parent), level + 1)

    yield from walk(QModelIndex(), 0)


def _action_texts(widget: QWidget, where: str, seen: set[int]) -> Iterator[tuple[str, str]]:
    for action in widget.actions():
        if id(action) in seen:
            continue
        seen.add(id(action))
        for getter in ("text", "iconText", "toolTip", "statusTip", "whatsThis"):
            for s in _strings(getattr(action, getter)()):
                yield f"{where}.action.{getter}", s
        menu = action.menu()
        if isinstance(menu, QMenu):
            for s in _strings(menu.title()):
                yield f"{where}.menu.title", s
            yield from _action_texts(menu, f"{where}.menu", seen)


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text ``root`` and its children can show."""
    out: list[tuple[str, str]] = []
    seen_actions: set[int] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()[:30]})"
        for getter in _TEXT_GETTERS:
            out += [(f"{where}.{getter}", s) for s in _strings(getattr(widget, getter)())]
        for getter in _OWN_TEXT:
            method = getattr(widget, getter, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                out += [(f"{where}.{getter}", s) for s in _strings(value)]
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                out += [(f"{where}.item[{i}]", s) for s in _strings(widget.itemText(i))]
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                out += [(f"{where}.tab[{i}]", s) for s in _strings(widget.tabText(i))]
                out += [(f"{where}.tabToolTip[{i}]", s) for s in _strings(widget.tabToolTip(i))]
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) \
                and not isinstance(widget.parent(), QComboBox):
            out += list(_model_texts(widget.model(), where))
        out += list(_action_texts(widget, where, seen_actions))
    return out


def untranslated(root: QWidget, lang: str, catalog: Catalog, qt_translated: bool) -> list[str]:
    problems = []
    for where, text in shown_texts(root):
        if lang == "es":
            msgid = catalog.english_message(text)
            if msgid is not None:
                problems.append(f"{where}: {text!r} is the English message {msgid!r}")
            if qt_translated and where.endswith(".text") and "Button(" in where and _plain(text) in QT_ENGLISH_BUTTONS:
                problems.append(f"{where}: Qt's button {text!r} is in English")
        elif _plain(text) in catalog.spanish and _plain(text) not in catalog.english:
            problems.append(f"{where}: {text!r} is Spanish in the English interface")
    return sorted(set(problems))


# -- the windows ---------------------------------------------------------------------------------


@dataclass
class Env:
    ctx: AppContext
    lang: str
    main: MainWindow
    demo_event: Any
    templates: list[Any]


def _event_dialogs(env: Env) -> list[QWidget]:
    from ui.event_dialog import EventDialog

    series = env.main.series_choices()
    return [EventDialog(None, series, env.lang, env.main), EventDialog(env.demo_event, series, env.lang, env.main)]


def _new_note_dialog(env: Env) -> list[QWidget]:
    from ui.note_dialog import NewNoteDialog

    return [NewNoteDialog(env.templates, env.demo_event.title, env.lang, "Silvia Urbina", env.main)]


def _main_window(env: Env) -> list[QWidget]:
    return [env.main]


def _notetaker_dialog(env: Env) -> list[QWidget]:
    from ui.editor.dialogs import NotetakerDialog

    return [NotetakerDialog(["Silvia Urbina", "Sara Rivas"], "Silvia Urbina", env.main)]


def _retime_dialog(env: Env) -> list[QWidget]:
    from ui.editor.dialogs import RetimeDialog

    return [RetimeDialog(env.demo_event.starts_at, env.demo_event.timezone, env.main)]


def _rapporteur_view(env: Env) -> list[QWidget]:
    from ui.merge.rapporteur import RapporteurView

    return [RapporteurView(env.ctx, env.demo_event, parent=env.main)]


def _edit_point_dialog(env: Env) -> list[QWidget]:
    from ui.merge.rapporteur import EditDialog

    return [EditDialog("Guatemala: more cooperation.", env.main)]


def _import_dialog(env: Env) -> list[QWidget]:
    from pathlib import Path

    from ui.merge.import_dialog import ImportDialog

    refused = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "newer-schema.sidenotes"
    return [ImportDialog(env.ctx, [refused], env.main)]


#: Windows that cannot be built from (ctx, core, lang, parent) alone, by "module.Class".
FACTORIES: dict[str, Callable[[Env], list[QWidget]]] = {
    "ui.event_dialog.EventDialog": _event_dialogs,
    "ui.note_dialog.NewNoteDialog": _new_note_dialog,
    "ui.main_window.MainWindow": _main_window,
    "ui.editor.dialogs.NotetakerDialog": _notetaker_dialog,
    "ui.editor.dialogs.RetimeDialog": _retime_dialog,
    "ui.merge.rapporteur.RapporteurView": _rapporteur_view,
    "ui.merge.rapporteur.EditDialog": _edit_point_dialog,
    "ui.merge.import_dialog.ImportDialog": _import_dialog,
}


def window_classes() -> list[type[QWidget]]:
    """Every QDialog and QMainWindow subclass defined in the ui package."""
    found: dict[str, type[QWidget]] = {}
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and issubclass(cls, (QDialog, QMainWindow)):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


def _auto_build(cls: type[QWidget], env: Env) -> QWidget | None:
    """``cls`` built with its parameters filled by name; None when one cannot be."""
    known = {"ctx": env.ctx, "context": env.ctx, "core": env.ctx.core, "lang": env.lang,
             "parent": env.main, "alerts": env.ctx.alerts}
    kwargs = {}
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in known:
            kwargs[name] = known[name]
        elif param.default is inspect.Parameter.empty:
            return None
    return cls(**kwargs)


def build_windows(env: Env) -> list[tuple[str, QWidget]]:
    built = []
    for cls in window_classes():
        key = f"{cls.__module__}.{cls.__qualname__}"
        factory = FACTORIES.get(key)
        widgets = factory(env) if factory else [w for w in [_auto_build(cls, env)] if w is not None]
        built += [(key, w) for w in widgets]
    return built


def test_every_window_class_is_covered(qapp, ctx):
    uncovered = []
    for cls in window_classes():
        key = f"{cls.__module__}.{cls.__qualname__}"
        if key in FACTORIES:
            continue
        params = inspect.signature(cls.__init__).parameters
        needed = [n for n, p in params.items() if n != "self" and p.default is inspect.Parameter.empty
                  and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if any(n not in ("ctx", "context", "core", "lang", "parent", "alerts") for n in needed):
            uncovered.append(f"{key}{inspect.signature(cls.__init__)}")
    assert not uncovered, "add a factory to FACTORIES in tests/ui/test_i18n_smoke.py for: " + ", ".join(uncovered)
    assert {"ui.main_window.MainWindow", "ui.event_dialog.EventDialog", "ui.note_dialog.NewNoteDialog",
            "ui.preferences.PreferencesDialog"} <= {f"{c.__module__}.{c.__qualname__}" for c in window_classes()}


@pytest.mark.parametrize("lang", LANGS)
def test_every_window_speaks_the_interface_language(qtbot, ctx, catalog, language, lang):
    qt_translated = language(lang)
    demo = load_demo(ctx.core)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    for entry in ctx.core.events.list():  # a note editor per template, with the demo notes
        for note in entry.notes:
            main.open_note(note.id)
    assert main.tabs.count() >= 1
    event = ctx.core.events.get(demo.event_id)
    env = Env(ctx, lang, main, event, ctx.core.templates.all())

    problems: list[str] = []
    checked: list[str] = []
    for key, window in build_windows(env):
        if window is not main:
            qtbot.addWidget(window)
            window.show()
        qtbot.wait(1)
        problems += [f"{key}: {p}" for p in untranslated(window, lang, catalog, qt_translated)]
        checked.append(key)
        if window is not main:
            window.close()

    # An alert as the user sees it: Qt's OK and "Show Details..." buttons included.
    alerts = Alerts(interactive=True)
    alerts.present(Alert("error", _("The notes database cannot be opened."), "detail"), main)
    for box in main.findChildren(QMessageBox):
        problems += [f"QMessageBox: {p}" for p in untranslated(box, lang, catalog, qt_translated)]
        box.close()

    assert {"ui.main_window.MainWindow", "ui.event_dialog.EventDialog", "ui.note_dialog.NewNoteDialog",
            "ui.preferences.PreferencesDialog"} <= set(checked)
    assert not problems, f"{len(problems)} untranslated text(s) in {lang}:\n" + "\n".join(problems)

    # The check has teeth: the windows do show our messages, in this language.
    texts = {_plain(t) for _w, t in shown_texts(main)}
    assert len(texts & (catalog.spanish if lang == "es" else catalog.english)) > 30


def test_qt_standard_buttons_are_translated(qtbot, language):
    if not language("es"):
        pytest.skip("this PySide6 has no qtbase_es.qm: Qt's own buttons stay in English")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {_plain(b.text()) for b in box.buttons() if isinstance(b, QAbstractButton)}
    assert texts == {"Aceptar", "Cancelar"}


def test_the_checker_catches_an_untranslated_label(qtbot, catalog, language):
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    language("es")
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(QLabel("Date and time"))  # left in English
    layout.addWidget(QLabel("A new note for: Migración"))  # English with its placeholder filled
    layout.addWidget(QLabel("Fecha y hora"))
    problems = untranslated(root, "es", catalog, qt_translated=True)
    assert len(problems) == 2, problems
