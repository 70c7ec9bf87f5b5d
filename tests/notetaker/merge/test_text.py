"""Near-duplicate text: normalization, and the fast join against brute force."""

from __future__ import annotations

import itertools
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from notetaker.merge.text import (
    STOP_WORDS,
    normalized,
    similar_pairs,
    stem,
    tokens,
    words,
)


def test_normalization_folds_case_accents_stop_words_and_endings():
    assert normalized("Migración, ¡REGIÓN!") == "migracion region"
    a = tokens("The Member Countries highlighted the need to create more labour migration mechanisms.")
    b = tokens("Member countries highlight the need for more labor migration mechanism")
    assert dice(a, b) >= 0.8
    assert "the" not in a and "labor" in a


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """The similarity similar_pairs() stands for (Sørensen–Dice over the token sets)."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _brute(sets, threshold, groups, times, window):
    out = []
    for i, j in itertools.combinations(range(len(sets)), 2):
        if groups[i] == groups[j] or not sets[i] or not sets[j]:
            continue
        if window is not None and times[i] is not None and times[j] is not None and abs(times[i] - times[j]) > window:
            continue
        if dice(sets[i], sets[j]) >= threshold:
            out.append((i, j))
    return out


WORDS = [f"w{k}" for k in range(40)]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.frozensets(st.sampled_from(WORDS), max_size=25), st.integers(0, 3),
                       st.one_of(st.none(), st.floats(0, 500))), max_size=40),
    st.sampled_from([0.3, 0.5, 0.6, 0.75, 0.9, 1.0]),
    st.sampled_from([None, 30.0, 200.0]),
)
def test_similar_pairs_finds_exactly_the_brute_force_pairs(rows, threshold, window):
    sets = [r[0] for r in rows]
    groups = [r[1] for r in rows]
    times = [r[2] for r in rows]
    got = [(i, j) for i, j, _s in similar_pairs(sets, threshold, groups, times, window)]
    assert got == _brute(sets, threshold, groups, times, window)


TEXT = st.text(st.sampled_from("aábcçdeéfgñhiíjklmnoóöpqrstuúüvwxyzAÁÉÑÜBCXZ ¿¡?!.,;:-_«»“”ß0123456789ﬁİ\u0301\u0303\t\n@[]"),
               max_size=60)


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.text(max_size=40)))
def test_words_are_the_runs_of_letters_and_digits_of_the_folded_text(text):
    """The ASCII fast path and the accent table give what the plain definition gives."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()  # "𝘼" -> "A" -> "a"
    assert words(text) == re.findall(r"[^\W_]+", folded)
    assert tokens(text) == frozenset(stem(w) for w in words(text) if w not in STOP_WORDS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.frozensets(st.sampled_from(WORDS[:12]), max_size=12), st.integers(0, 11),
                       st.one_of(st.none(), st.floats(0, 500))), max_size=60),
    st.sampled_from([0.2, 0.5, 0.6, 1.0]),
    st.sampled_from([None, 0.0, 30.0, 200.0]),
    st.booleans(),
)
def test_similar_pairs_with_many_groups_or_none(rows, threshold, window, grouped):
    """More notes than indexes of their own (they share one), and no groups at all (every pair)."""
    sets = [r[0] for r in rows]
    times = [r[2] for r in rows]
    groups = [r[1] for r in rows] if grouped else list(range(len(rows)))
    got = [(i, j) for i, j, _s in similar_pairs(sets, threshold, groups if grouped else None, times, window)]
    assert got == _brute(sets, threshold, groups, times, window)


def test_compatibility_capitals_fold_to_lower_case():
    assert words("𝘼𝙘𝙣𝙪𝙧 Ⓐ") == ["acnur", "a"]
