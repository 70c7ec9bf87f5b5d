"""Loading PySide6 without its scan of every module's source.

Importing PySide6 replaces Python's ``__import__`` with one that serves PySide's
opt-in ``from __feature__ import snake_case, true_property``. After each import
statement naming a module it has not recorded yet, that function reads the
module's whole source file (``inspect.getsource``) to look for the word
"PySide6", and records 0 ("uses PySide": switched with the features) or -1
("ignore") in a table (PySide6 6.11, ``shibokensupport/feature.py``). At the
application's start that was 76 files, 1.2 MB of source read and split into
lines (docs/benchmarks.md, "Fifth session").

This application never selects a feature, so nothing depends on the table; the
features stay off whatever it holds. :func:`load_pyside` records beforehand, for
the modules it knows, what the scan would find, so no source is read: the
modules loaded before PySide6 (which cannot have used it), and the modules of our
own two packages (``ui`` uses PySide6, ``notetaker``
never does: ``tests/test_core_is_qt_free.py``). A module it does not know is
scanned as before; if PySide no longer has the table, nothing is changed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

#: PySide's values in its table (``shibokensupport/feature.py``).
USES_PYSIDE = 0
IGNORED = -1


def load_pyside() -> None:
    """Import PySide6 and record our known modules in its feature table (see the module's text)."""
    before = list(sys.modules)
    import PySide6  # noqa: F401  (installs the import function and its table)

    table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in package_modules("ui", sys.modules["ui"].__path__):
        table.setdefault(name, USES_PYSIDE)
    core = sys.modules.get("notetaker")
    if core is not None:
        for name in package_modules("notetaker", core.__path__):
            table.setdefault(name, IGNORED)
    for name in before:
        table.setdefault(name, IGNORED)


def package_modules(package: str, path: list[str]) -> Iterator[str]:
    """The dotted names of the package and of the modules and packages under it, from its files."""
    yield package
    for folder in path:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            stem, ext = os.path.splitext(entry.name)
            if ext == ".py" and stem != "__init__" and entry.is_file():
                yield f"{package}.{stem}"
            elif entry.is_dir() and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                yield from package_modules(f"{package}.{entry.name}", [entry.path])
