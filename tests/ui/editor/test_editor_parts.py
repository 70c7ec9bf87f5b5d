"""The note editor is a composition: its parts see it through the declared ``EditorHost`` (issue #14).

The capture commands (``editor.commands``), the keyboard focus (``editor.keyboard``) and
the undo commands use only what :class:`ui.editor.host.EditorHost` lists (read from the
modules' syntax trees); a real editor has all of it; and the keyboard part, which listens
to the application's focus signals, goes with its editor.
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from notetaker import gcpolicy
from tests.support.capture import make_note, open_window
from ui.editor import commands, focus, host, undo
from ui.editor.note_editor import NoteEditor


def _declared() -> tuple[set[str], set[str]]:
    """The attributes and the methods that ``EditorHost`` declares."""
    tree = ast.parse(Path(host.__file__).read_text(encoding="utf-8"))
    protocol = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "EditorHost")
    attributes = {n.target.id for n in protocol.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    methods = {n.name for n in protocol.body if isinstance(n, ast.FunctionDef)}
    return attributes, methods


def _used(module: ModuleType, holder: str) -> set[str]:
    """What ``module`` reads or sets on the editor: ``self.<holder>.x``, or ``host.x`` for a local ``host``."""
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    used = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        if (isinstance(value, ast.Name) and value.id == "host") or (
            isinstance(value, ast.Attribute) and value.attr == holder
            and isinstance(value.value, ast.Name) and value.value.id == "self"
        ):
            used.add(node.attr)
    return used


def test_the_parts_use_only_what_the_host_declares():
    attributes, methods = _declared()
    for module, holder in ((commands, "host"), (focus, "host"), (undo, "editor")):
        used = _used(module, holder)
        assert used, module.__name__
        assert used <= attributes | methods, (module.__name__, sorted(used - attributes - methods))


def test_the_editor_is_what_the_host_declares_and_owns_its_parts(qtbot, ctx):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    attributes, methods = _declared()
    assert [name for name in sorted(attributes) if not hasattr(editor, name)] == []
    assert [name for name in sorted(methods) if not callable(getattr(editor, name, None))] == []
    assert editor.commands.host is editor and editor.keyboard.host is editor
    assert editor.keyboard.parent() is editor  # (a child: it goes with the editor)
    assert NoteEditor.__bases__ == (QWidget,)  # no mixins


def test_focus_moving_after_an_editor_is_closed_does_not_reach_it(qtbot, ctx):
    """Closing a tab moves the focus while what the editor leaves is not collected yet: the
    keyboard part of the deleted editor must not hear the application's focus signals."""
    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    row = editor.commands.new_highlight()
    assert row is not None and QApplication.focusWidget() is row.body
    with gcpolicy.paused():  # (the editor's reference cycles stay until a collection)
        assert window.close_tab(window.tabs.indexOf(editor))
        del editor, row
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # deleted
        window.tree.setFocus()  # (a focus change reaching the deleted editor's part: an error)
        assert QApplication.focusWidget() is window.tree
    gc.collect()
