"""Side Event Notetaker core: domain, storage, templates, merge, export and CLI.

This package never imports Qt; the graphical front end lives in the ``ui`` package.
"""

__version__ = "0.1.0"
