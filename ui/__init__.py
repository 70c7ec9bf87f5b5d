"""The PySide6 front end of Side Event Notetaker; the core is the Qt-free package ``notetaker``."""

from .pyside_import import load_pyside

load_pyside()
