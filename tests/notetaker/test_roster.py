"""The built-in delegations roster (resources/roster.toml) and its type-ahead."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notetaker.domain import Delegation, DelegationKind
from notetaker.roster import (
    RosterError,
    acronym,
    display_name,
    fold,
    load_builtin_roster,
    load_roster,
    match,
    search_keys,
)

RCM = ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
SACM = ["AR", "BO", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "SR", "UY", "VE"]
ROSTER = load_builtin_roster()
BY_CODE = {d.code: d for d in ROSTER}


def codes(delegations: list[Delegation]) -> list[str]:
    return [d.code for d in delegations]


# --------------------------------------------------------------------------- content


@pytest.mark.parametrize("code", RCM + SACM)
def test_member_states_present(code):
    d = BY_CODE[code]
    assert d.kind is DelegationKind.MEMBER_STATE
    assert d.iso_code == code
    assert d.names["en"] and d.names["es"]
    assert d.builtin


@pytest.mark.parametrize(
    ("code", "en", "es"),
    [
        ("IOM", "IOM", "OIM"),
        ("UNHCR", "UNHCR", "ACNUR"),
        ("ILO", "ILO", "OIT"),
        ("UNICEF", "UNICEF", "UNICEF"),
        ("UNODC", "UNODC", "UNODC"),
        ("UNDP", "UNDP", "PNUD"),
        ("UNWOMEN", "UN Women", "ONU Mujeres"),
        ("PDD", "PDD", "PDD"),
    ],
)
def test_organizations_present(code, en, es):
    d = BY_CODE[code]
    assert d.kind is DelegationKind.ORGANIZATION
    assert acronym(d, "en") == en
    assert acronym(d, "es") == es


def test_iom_names():
    iom = BY_CODE["IOM"]
    assert display_name(iom, "en") == "International Organization for Migration"
    assert display_name(iom, "es") == "Organización Internacional para las Migraciones"


def test_rncom_is_civil_society():
    rncom = BY_CODE["RNCOM"]
    assert rncom.kind is DelegationKind.CIVIL_SOCIETY
    assert "Regional Network of Civil Society" in display_name(rncom, "en")


def test_process_bodies_are_other():
    assert BY_CODE["RCM-TS"].kind is DelegationKind.OTHER
    assert BY_CODE["PPT"].kind is DelegationKind.OTHER


def test_groups():
    rcm, sacm, obs = BY_CODE["RCM"], BY_CODE["SACM"], BY_CODE["RCM-OBS"]
    assert rcm.kind is sacm.kind is obs.kind is DelegationKind.GROUP
    assert sorted(rcm.members) == sorted(RCM) and len(rcm.members) == 11
    assert sorted(sacm.members) == sorted(SACM) and len(sacm.members) == 12
    assert {"IOM", "UNHCR", "ILO", "UNICEF", "UNODC"} <= set(obs.members)
    assert display_name(rcm, "en") == "RCM Member Countries"
    assert display_name(rcm, "es") == "Países Miembros de la CRM"
    assert display_name(sacm, "es") == "Países Miembros de la CSM"


def test_codes_unique_and_members_defined():
    assert len(BY_CODE) == len(ROSTER)
    for d in ROSTER:
        assert set(d.members) <= set(BY_CODE)


def test_builtin_roster_is_a_fresh_copy():
    first = load_builtin_roster()
    first[0].names["en"] = "changed"
    assert load_builtin_roster()[0].names["en"] != "changed"


# --------------------------------------------------------------------------- names


def test_cldr_spanish_names():
    assert BY_CODE["DO"].names["es"] == "República Dominicana"
    assert display_name(BY_CODE["DO"], "es") == "República Dominicana"
    assert display_name(BY_CODE["US"], "es") == "Estados Unidos"
    assert display_name(BY_CODE["US"], "en") == "United States"


def test_stored_member_state_names_are_babels_cldr_names():
    """Names of the roster's languages are read as stored (no locale data loaded): they are CLDR's."""
    from babel import Locale

    states = [d for d in ROSTER if d.kind is DelegationKind.MEMBER_STATE]
    assert len(states) >= 23
    for lang in ("en", "es"):
        territories = Locale.parse(lang).territories
        for d in states:
            assert display_name(d, lang) == d.names[lang] == territories[d.code]
    unsynced = Delegation("MX", DelegationKind.MEMBER_STATE)  # no stored names: Babel answers
    assert display_name(unsynced, "es") == "México"


def test_roster_digest_names_the_installed_babel_without_importing_it():
    import babel

    from notetaker.roster import _babel_version

    assert _babel_version() == babel.__version__


def test_display_name_any_babel_locale():
    assert display_name(BY_CODE["MX"], "fr") == "Mexique"


@pytest.mark.parametrize("lang", ["es_GT", "es-GT", "ES", "es_XX"])
def test_display_name_with_region(lang):
    assert display_name(BY_CODE["DO"], lang) == "República Dominicana"
    assert display_name(BY_CODE["IOM"], lang).startswith("Organización Internacional")
    assert acronym(BY_CODE["UNHCR"], lang) == "ACNUR"


def test_display_name_fallbacks():
    assert display_name(BY_CODE["IOM"], "fr") == "International Organization for Migration"
    assert display_name(BY_CODE["MX"], "not a locale") == "Mexico"
    bare = Delegation("XYZ", DelegationKind.OTHER)
    assert display_name(bare, "es") == "XYZ"
    assert acronym(bare, "es") == ""
    assert acronym(BY_CODE["IOM"], "fr") == "IOM"


def test_fold_and_search_keys():
    assert fold("México") == "mexico"
    assert fold("ÉL SALVADOR") == "el salvador"
    keys = search_keys(BY_CODE["DO"])
    assert {"do", "dominican republic", "republica dominicana"} <= set(keys)
    assert {"iom", "oim", "organizacion internacional para las migraciones"} <= set(
        search_keys(BY_CODE["IOM"])
    )


# --------------------------------------------------------------------------- type-ahead


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gua", "GT"),
        ("GT", "GT"),
        ("gt", "GT"),
        ("oim", "IOM"),
        ("IOM", "IOM"),
        ("acnur", "UNHCR"),
        ("méx", "MX"),
        ("mex", "MX"),
        ("MEX", "MX"),
        ("el sal", "SV"),
        ("rep dom", "DO"),
        ("república dom", "DO"),
        ("estados", "US"),
        ("pnud", "UNDP"),
        ("onu mujeres", "UNWOMEN"),
        ("st-crm", "RCM-TS"),
        ("rroc", "RNCOM"),
        ("crm", "RCM"),
    ],
)
def test_match_first(query, first):
    assert codes(match(ROSTER, query))[0] == first


def test_match_ranks_exact_then_prefix_then_substring():
    # "gua": Guatemala starts with it; Nicaragua, Paraguay, Uruguay only contain it.
    found = codes(match(ROSTER, "gua"))
    assert found[0] == "GT"
    assert {"NI", "PY", "UY"} <= set(found[1:])


def test_match_multiword_needs_every_word():
    assert codes(match(ROSTER, "rep dom")) == ["DO"]
    assert match(ROSTER, "rep zzz") == []


def test_match_preferred_first_within_rank():
    plain = codes(match(ROSTER, "p"))
    preferred = codes(match(ROSTER, "p", preferred={"PY"}))
    assert plain.index("PA") < plain.index("PY")
    assert preferred.index("PY") < preferred.index("PA")


def test_match_blank_query_returns_all_preferred_first():
    found = codes(match(ROSTER, "  ", preferred=["GT"]))
    assert found[0] == "GT"
    assert sorted(found) == sorted(BY_CODE)


def test_match_is_deterministic_whatever_the_roster_order():
    assert codes(match(ROSTER, "un")) == codes(match(list(reversed(ROSTER)), "un"))


@given(st.text())
def test_match_never_raises_and_returns_roster_members(query):
    found = match(ROSTER, query)
    assert all(d in ROSTER for d in found)
    assert len({id(d) for d in found}) == len(found)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


# --------------------------------------------------------------------------- broken files


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ORG = '[[delegation]]\ncode = "IOM"\nkind = "organization"\nname.en = "IOM"\n'


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[[delegation]]\ncode = "IOM"\nkind = "agency"\nname.en = "x"\n', "IOM"),
        (GOOD_ORG + GOOD_ORG, "IOM"),
        ('[[delegation]]\ncode = "G"\nkind = "group"\nname.en = "g"\nmembers = ["XX"]\n', "XX"),
        ('[[delegation]]\ncode = "XX"\nkind = "member_state"\n', "XX"),
        ('[[delegation]]\ncode = "EU"\nkind = "member_state"\n', "EU"),
        ('[[delegation]]\ncode = "MX"\nkind = "member_state"\nname.en = "M"\n', "MX"),
        ('[[delegation]]\ncode = "ORG"\nkind = "organization"\n', "ORG"),
        ('[[delegation]]\ncode = "bad code"\nkind = "other"\nname.en = "x"\n', "bad code"),
        ("[[delegation]\n", "TOML"),
    ],
)
def test_broken_roster_raises_naming_file_and_code(tmp_path, text, named):
    path = write(tmp_path, text)
    with pytest.raises(RosterError) as info:
        load_roster(path)
    assert str(path) in str(info.value)
    assert named in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_roster_file(tmp_path):
    with pytest.raises(RosterError, match="cannot read"):
        load_roster(tmp_path / "absent.toml")


def test_small_valid_roster(tmp_path):
    path = write(
        tmp_path,
        GOOD_ORG
        + '[[delegation]]\ncode = "GT"\nkind = "member_state"\n'
        + '[[delegation]]\ncode = "G"\nkind = "group"\nname.en = "g"\nmembers = ["GT", "IOM"]\n',
    )
    loaded = load_roster(path)
    assert codes(loaded) == ["IOM", "GT", "G"]
    assert loaded[1].names == {"en": "Guatemala", "es": "Guatemala"}
    assert loaded[2].members == ("GT", "IOM")
