"""What every command module shares: the parser class, exit codes, one-line errors."""

from __future__ import annotations

import argparse
from typing import NoReturn

from ..i18n import _

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class CliError(Exception):
    """A failure explained to the user in one line."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} ({_('see --help')})\n")
