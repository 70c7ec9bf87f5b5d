"""argparse's own words ("usage:", "options", "invalid choice...") in the interface language.

The standard library's argparse translates through the global gettext domain,
for which no Spanish catalog exists; :func:`install` points its ``_`` and
``ngettext`` at ours, and the messages a user meets are marked here so that
they are extracted into our catalogs. Wordings differ slightly between Python
versions; one not listed here stays in English.
"""

from __future__ import annotations

import argparse

from .. import i18n
from ..i18n import N_

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("%(prog)s: error: %(message)s\n"),
)


def install() -> None:
    """Make argparse speak the interface language (idempotent; follows later switches)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
