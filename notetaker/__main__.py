"""``python -m notetaker`` and the ``notetaker`` console script.

The cyclic garbage collector is paused while the command line loads: the modules
it imports make long-lived objects only, which collections during the start would
walk for nothing. It runs again before the command line does (which pauses it again
while the GUI starts: :func:`notetaker.cli.app.main`; see :mod:`notetaker.gcpolicy`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .gcpolicy import paused


def run(argv: Sequence[str] | None = None) -> int:
    """Load the command line (the collector paused meanwhile) and run it; the exit code."""
    with paused():
        from .cli import main
    return main(argv)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
