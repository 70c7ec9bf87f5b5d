"""The editor's fast word count agrees with notetaker.wordcount everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notetaker.wordcount import count_words
from ui.editor.rows import words_in

SAMPLES = [
    "", "follow-up", "130,000 personas – migrantes", "¿ Qué ?", "« Oui » l'homme", "a_b __ _", "移民の権利 y más",
    "tab\tand\u2028line\u00a0nbsp", "٣٤ ١٢", "x²", "—", "e\u0301",
]


def test_samples():
    for text in SAMPLES:
        assert words_in(text, "es") == count_words(text, "es"), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text(text):
    assert words_in(text) == count_words(text)
