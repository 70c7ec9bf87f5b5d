"""The user's search syntax, turned into a safe FTS5 query.

What a user may type:

- words: all must appear (``migración retorno``), in any case and with or
  without accents;
- ``"a phrase"``: these words next to each other;
- ``word*``: words starting with ``word``;
- ``-word`` or ``-"a phrase"``: leave out what contains it;
- ``OR`` (in capitals) between alternatives: ``guatemala OR honduras``.

Every term reaches FTS5 as a quoted string, so FTS5's own operators and
punctuation (``NEAR``, ``:``, ``^``, ``(``, ``*`` in the middle...) are plain
text; nothing a user types can make the query fail in SQLite. What cannot be
understood (an unclosed quote, nothing but exclusions) raises
:class:`QueryError` with a message for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from .base import ValidationError

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

_TOKEN = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)"(?P<pstar>\*)?|(?P<word>[^\s"]+))|(?P<quote>")')
_HAS_TEXT = re.compile(r"[^\W_]", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class QueryError(ValidationError):
    """A search the user typed cannot be understood; the message says why."""


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False
    negated: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


def parse(query: str) -> list[list[Term]]:
    """The alternatives (separated by OR) of a query, each a list of terms."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search is too long; use at most {n} characters.").format(n=MAX_QUERY_LENGTH)
        )
    query = _CONTROL.sub(" ", query)
    groups: list[list[Term]] = [[]]
    count = 0
    for m in _TOKEN.finditer(query):
        if m.group("quote"):
            raise QueryError(_("A quotation mark is not closed; close it or remove it."))
        negated = bool(m.group("neg"))
        if m.group("phrase") is not None:
            text, prefix = m.group("phrase"), bool(m.group("pstar"))
        else:
            word = m.group("word")
            if word == "OR" and not negated:
                groups.append([])
                continue
            prefix = word.endswith("*")
            text = word.rstrip("*")
        text = " ".join(text.replace("*", " ").split())
        if not _HAS_TEXT.search(text):
            continue  # punctuation alone matches nothing; ignore it
        count += 1
        if count > MAX_TERMS:
            raise QueryError(_("The search has too many words; use at most {n}.").format(n=MAX_TERMS))
        groups[-1].append(Term(text, prefix, negated))
    return [g for g in groups if g]


def to_fts(query: str) -> str:
    """The FTS5 MATCH expression for ``query``; raises :class:`QueryError`."""
    groups = parse(query)
    if not groups:
        raise QueryError(_("Type a word to search for."))
    alternatives = []
    for group in groups:
        wanted = [t.fts() for t in group if not t.negated]
        unwanted = [t.fts() for t in group if t.negated]
        if not wanted:
            raise QueryError(
                _("A search needs a word to look for; '-word' only leaves results out.")
            )
        expr = "(" + " AND ".join(wanted) + ")"
        if unwanted:
            expr += " NOT (" + " OR ".join(unwanted) + ")"
        alternatives.append("(" + expr + ")")
    return " OR ".join(alternatives)


def words(query: str) -> list[str]:
    """The words a query looks for (for highlighting outside SQLite)."""
    try:
        groups = parse(query)
    except QueryError:
        return []
    return [t.text for g in groups for t in g if not t.negated]
