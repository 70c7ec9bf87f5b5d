"""`notetaker demo`: the seed events and the complete IMRF note, loaded idempotently."""

from __future__ import annotations

import re

import pytest

from notetaker.core import Core
from notetaker.demo import DemoResult, load_demo
from notetaker.domain import EventKind, Item, Note
from notetaker.richtext import BlockStyle
from notetaker.timezones import to_local
from tests.conftest import SEEDS

SEED_003 = SEEDS / "003_a7ccc3d3d67b8c00.txt"
NOTETAKERS = ("Marisol Aguilar", "Ericka Guevara", "Sara Rivas", "Silvia Urbina")
PRACTICES_URL = "https://migrationnetwork.un.org/practices"


class Loaded:
    def __init__(self, core: Core, first: DemoResult, second: DemoResult, snapshots: list):
        self.core, self.first, self.second, self.snapshots = core, first, second, snapshots
        self.note: Note = core.notes.get(first.note_id)

    def section(self, key: str) -> list[Item]:
        return self.note.section_items(key)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    core = Core.open(tmp_path_factory.mktemp("demo") / "db.sqlite3")
    try:
        snapshots = []
        first = load_demo(core)
        snapshots.append((core.events.list(), core.notes.get(first.note_id).items))
        second = load_demo(core)
        snapshots.append((core.events.list(), core.notes.get(second.note_id).items))
        yield Loaded(core, first, second, snapshots)
    finally:
        core.close()


@pytest.fixture(scope="module")
def seed() -> list[str]:
    if not SEED_003.is_file():
        pytest.fail(f"seed 003 not found at {SEED_003}")
    return [line.strip() for line in SEED_003.read_text(encoding="utf-8").splitlines()]


def between(lines: list[str], start: str, stop: str) -> list[str]:
    """Non-empty lines after the first line starting with ``start``, up to one starting with ``stop``."""
    i = next(n for n, line in enumerate(lines) if line.startswith(start))
    out = []
    for line in lines[i + 1:]:
        if line.startswith(stop):
            return out
        if line:
            out.append(line)
    raise AssertionError(f"no line starting with {stop!r} after {start!r}")


# -- idempotence ----------------------------------------------------------------
def test_loading_twice_creates_nothing_new(loaded: Loaded):
    assert loaded.first.events_created == len(loaded.snapshots[0][0]) > 50
    assert loaded.first.items_created == len(loaded.note.items)
    assert (loaded.second.events_created, loaded.second.items_created) == (0, 0)
    assert (loaded.second.event_id, loaded.second.note_id) == (loaded.first.event_id, loaded.first.note_id)
    assert loaded.snapshots[0] == loaded.snapshots[1]
    uids = [e.event.uid for e in loaded.snapshots[0][0]] + [i.uid for i in loaded.note.items]
    assert len(uids) == len(set(uids))


# -- the IMRF side event and its note ---------------------------------------------
def test_imrf_event_and_note_header(loaded: Loaded):
    event = loaded.core.events.get(loaded.first.event_id)
    assert event.kind is EventKind.SIDE_EVENT and event.is_virtual
    assert event.series == "IMRF 2022 side events" and event.languages == ("en", "es")
    assert event.convener == "Regional Conference on Migration (RCM)"
    assert event.starts_at is not None and event.ends_at is not None
    assert to_local(event.starts_at, event.timezone).strftime("%Y-%m-%d %H:%M %z") == "2022-05-19 12:30 -0600"
    assert loaded.note.notetakers == NOTETAKERS
    assert loaded.note.template_id == "imrf-side-event"
    assert {i.author for i in loaded.note.items} == set(NOTETAKERS)
    assert loaded.section("introduction") == []  # empty in the seed, empty here


def test_highlights_match_the_seed_and_are_attributed(loaded: Loaded, seed: list[str]):
    table = next(line for line in seed if "General event highlights" in line).split("\t")[0]
    expected = [b.strip() for b in table.split("•")[1:]]
    expected += [between(seed, "Notes of the session", "Summary")[-1].removeprefix("- ")]
    assert len(expected) == 9
    items = loaded.section("highlights")
    assert [i.body.to_plain() for i in items] == expected
    assert all(i.delegations for i in items)
    credited = {code for i in items for code in i.delegations}
    assert {"RCM", "IOM", "UNHCR", "ILO", "UNICEF", "UNODC", "RNCOM"} <= credited
    assert items[5].delegations == ("RCM",)  # "The Member Countries highlighted..."
    assert set(items[8].delegations) == {"RCM", "IOM", "UNHCR", "ILO", "UNICEF", "UNODC", "RNCOM"}


def test_context_figures_prioritization_and_pillars(loaded: Loaded, seed: list[str]):
    figures = [f.removeprefix("- ") for f in between(seed, "Regional Context:", "Regional Prioritization")]
    assert [i.body.to_plain() for i in loaded.section("regional_context")] == figures
    assert len(figures) == 4

    (body,) = loaded.section("regional_prioritization")
    head, *paragraphs = body.body.blocks
    assert [(r.text, r.bold) for r in head.runs] == [("RCM Extraordinary Declaration before the IMRF, December 2021", True)]
    assert [b.text for b in paragraphs] == between(seed, "Regional Prioritization", "Thematic pillar 1")

    pillars = [line for line in seed if line.startswith(("Thematic pillar", "Cross-cutting areas"))]
    assert [i.body.to_plain() for i in loaded.section("thematic_pillars")] == pillars
    assert len(pillars) == 4


def test_panel_discussion_link_and_best_practices(loaded: Loaded, seed: list[str]):
    lines = between(seed, "Panel discussion", "Interventions from the floor")
    (body,) = loaded.section("panel_discussion")
    intro, *bullets = body.body.blocks
    assert intro.text == lines[0].replace("[Repository of Practices](#)", "Repository of Practices")
    assert [(r.text, r.href) for r in intro.runs if r.href] == [("Repository of Practices", PRACTICES_URL)]
    practices = lines[1:]
    assert len(practices) == len(bullets) == 7
    for block, line in zip(bullets, practices, strict=True):
        assert block.style is BlockStyle.BULLET
        assert block.text == line.removeprefix("- ").replace("**", "")
        assert [r.text for r in block.runs if r.bold] == re.findall(r"\*\*(.+?)\*\*", line)


def test_floor_interventions_and_closing(loaded: Loaded, seed: list[str]):
    lines = between(seed, "Interventions from the floor", "Throughout the event")
    names = {"Guatemala": "GT", "Mexico": "MX", "Canada": "CA", "El Salvador": "SV"}
    expected = [(names[name], text) for name, text in (line.split(": ", 1) for line in lines)]
    items = loaded.section("floor_interventions")
    assert [(i.speaker, i.body.to_plain()) for i in items] == expected
    event = loaded.core.events.get(loaded.first.event_id)
    times = [i.spoken_at for i in items]
    assert all(t is not None and event.starts_at <= t <= event.ends_at for t in times)
    assert times == sorted(times) and len(set(times)) == 4

    (closing,) = loaded.section("closing")
    assert closing.body.to_plain() == next(line for line in seed if line.startswith("Throughout the event"))


# -- the RCM event records (seeds 000, 001, 002, 004) -------------------------------
def test_rcm_events_are_present(loaded: Loaded):
    events = {e.event.title: e.event for e in loaded.snapshots[0][0]}
    for title in (
        "Webinar on the results of the II Regional Congress on Women in Migration Contexts",
        "Workshop on Passport Integrity",
        "I Plenary Meeting of the RCM and the SACM",
        "XXI RCM",
        "Meetings of the Working Groups, RCGM and XXVIII Vice-Ministerial Meeting",
        "III Plenary Meeting between the RCM and the SACM",
    ):
        assert title in events, title
    assert events["Webinar on the results of the II Regional Congress on Women in Migration Contexts"].kind is EventKind.WEBINAR
    plenary = events["I Plenary Meeting of the RCM and the SACM"]
    assert (plenary.series, plenary.venue_city, plenary.venue_country) == ("RCM-SACM", "Montevideo", "UY")
    assert plenary.kind is EventKind.PLENARY_MEETING and plenary.participants_profile
    xxi = events["XXI RCM"]
    assert (xxi.venue_city, xxi.venue_country, xxi.timezone) == ("San Pedro Sula", "HN", "America/Tegucigalpa")
    assert xxi.starts_at and to_local(xxi.starts_at, xxi.timezone).date().isoformat() == "2016-11-15"
    assert xxi.ends_at and to_local(xxi.ends_at, xxi.timezone).date().isoformat() == "2016-11-18"
    wg = events["Meetings of the Working Groups, RCGM and XXVIII Vice-Ministerial Meeting"]
    assert wg.starts_at and to_local(wg.starts_at, wg.timezone).date().isoformat() == "2023-11-14"
    assert wg.ends_at and to_local(wg.ends_at, wg.timezone).date().isoformat() == "2023-11-16"

    (reintegration,) = [e for t, e in events.items() if t.startswith("Workshop on Social Reintegration")]
    assert reintegration.languages == ("es",)
    assert reintegration.participants_profile and reintegration.comments
    assert (reintegration.venue_city, reintegration.venue_country) == ("Tegucigalpa", "HN")


def test_rcm_objectives_are_the_seeds_own_words(loaded: Loaded):
    seed_files = sorted(SEEDS.glob("00[0124]_*.txt"))
    if len(seed_files) != 4:
        pytest.fail(f"seeds 000, 001, 002 and 004 not found in {SEEDS}")
    text = " ".join(" ".join(f.read_text(encoding="utf-8").split()) for f in seed_files)
    objectives = [o for e in loaded.snapshots[0][0] for o in e.event.specific_objectives]
    assert len(objectives) > 40
    for objective in objectives:
        assert " ".join(objective.split()) in text, objective
