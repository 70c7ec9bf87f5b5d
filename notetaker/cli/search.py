"""``notetaker search``: full-text search across events and notes."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from ..core import Core
from ..i18n import _
from ..timezones import to_local
from .base import EXIT_OK, CliError

if TYPE_CHECKING:  # the search service is imported when a search runs
    from ..services.search import SearchHit, SearchResults


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {text}").format(text=text)) from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "search",
        help=_("search events and notes"),
        description=_(
            "Search every event and note. Words must all appear; case and accents are ignored. "
            '"a phrase" finds the words together, word* finds words starting so, -word leaves '
            "out what contains it, and OR separates alternatives."
        ),
    )
    p.add_argument("query", nargs="?", default="", metavar=_("QUERY"), help=_("what to look for"))
    p.add_argument("--delegation", metavar=_("CODE_OR_NAME"),
                   help=_("only what this delegation said or was credited with (e.g. GT, Guatemala)"))
    p.add_argument("--series", metavar=_("SERIES"), help=_("only events of this series (e.g. RCM)"))
    p.add_argument("--from", dest="date_from", type=_date, metavar=_("DATE"), help=_("events from this date"))
    p.add_argument("--to", dest="date_to", type=_date, metavar=_("DATE"), help=_("events up to this date"))
    p.add_argument("--limit", type=int, default=200, metavar="N", help=_("show at most N entries"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_search)


def cmd_search(core: Core, args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError(_("--from is after --to."))
    delegation = core.search.resolve_delegation(args.delegation) if args.delegation else None
    from ..services.search import SearchFilters

    filters = SearchFilters(delegation, args.series, args.date_from, args.date_to)
    results = core.search.search(args.query, filters, limit=args.limit)
    if args.json:
        print(json.dumps(results_to_data(results), ensure_ascii=False, indent=2))
    else:
        print_results(results, sys.stdout.isatty())
    return EXIT_OK


def _hit_data(hit: SearchHit) -> dict[str, Any]:
    return {
        "note_id": hit.note_id,
        "item_id": hit.item_id,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
        "delegations": list(hit.delegations),
        "person": hit.person,
    }


def results_to_data(results: SearchResults) -> dict[str, Any]:
    f = results.filters
    return {
        "query": results.query,
        "filters": {
            "delegation": f.delegation,
            "series": f.series,
            "from": f.date_from.isoformat() if f.date_from else None,
            "to": f.date_to.isoformat() if f.date_to else None,
        },
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,
        "shown": results.shown,
        "events": [
            {
                "id": e.event_id,
                "title": e.title,
                "series": e.series,
                "starts_at": to_local(e.starts_at, e.timezone).isoformat() if e.starts_at else None,
                "sections": [
                    {
                        "note_id": s.note_id,
                        "section": s.section,
                        "title": s.title,
                        "hits": [_hit_data(h) for h in s.hits],
                    }
                    for s in e.sections
                ],
            }
            for e in results.events
        ],
    }


def marked(hit: SearchHit, tty: bool) -> str:
    """The snippet with its matches bold on a terminal, else between ** marks."""
    on, off = ("\x1b[1m", "\x1b[0m") if tty else ("**", "**")
    out, pos = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[pos:start], on, hit.snippet[start:end], off]
        pos = end
    out.append(hit.snippet[pos:])
    return " ".join("".join(out).split())


def print_results(results: SearchResults, tty: bool = False) -> None:
    if not results.events:
        print(_("Nothing found."))
        return
    for e in results.events:
        when = to_local(e.starts_at, e.timezone).strftime("%Y-%m-%d") if e.starts_at else "—"
        print(f"[{e.event_id}] {when}  {e.title}")
        for s in e.sections:
            label = s.title if s.note_id is None else _("{section} (note {note})").format(section=s.title, note=s.note_id)
            print(f"    {label}")
            for h in s.hits:
                who = ", ".join(h.delegations)
                if h.person:
                    who = f"{who}: {h.person}" if who else h.person
                prefix = f"[{who}] " if who else ""
                print(f"      {prefix}{marked(h, tty)}")
    if results.total_is_lower_bound:
        from ..services.search import COUNT_CAP

        print(_("Showing {shown} of more than {total} matches; narrow the search or raise --limit.").format(
            shown=results.shown, total=COUNT_CAP))
    elif results.truncated:
        print(_("Showing {shown} of {total} matches; narrow the search or raise --limit.").format(
            shown=results.shown, total=results.total))
