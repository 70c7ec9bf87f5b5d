"""``python -m notetaker`` and the ``notetaker`` console script.

The cyclic garbage collector is paused while the command line loads: the modules
it imports (and the GUI's) make long-lived objects only, which collections during
the start would walk for nothing. A command resumes it at once
(:func:`notetaker.cli.app.main`); the GUI at the first turn of its event loop.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def run(argv: Sequence[str] | None = None) -> int:
    """Load the command line (the collector paused meanwhile) and run it; the exit code."""
    gc.disable()
    from .cli import main

    return main(argv)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
