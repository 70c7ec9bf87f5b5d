"""The ``notetaker`` command line (see :mod:`notetaker.cli.app`)."""

from .app import main

__all__ = ["main"]
