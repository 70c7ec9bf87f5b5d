"""Running code right after a module of the application is imported, without importing it sooner.

The drivers of the start benchmarks wrap functions of ``ui`` modules to see when
the window is up; importing those modules before ``notetaker``'s own entry point
runs would change what the start does (the order of imports, and the command
line pauses the garbage collector before loading the GUI). :func:`after_import`
wraps them when the application itself imports them.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


class _Watch:
    """A meta-path finder that finds nothing itself: it lets ``then`` see the module once executed."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]):
        self.name = name
        self.then = then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # (find_spec below must not find this finder again)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module
        then = self.then

        def exec_module(module: ModuleType) -> None:
            execute(module)
            then(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def after_import(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call ``then(module)`` when module ``name`` has been imported (now, if it already is)."""
    if name in sys.modules:
        then(sys.modules[name])
    else:
        sys.meta_path.insert(0, _Watch(name, then))
