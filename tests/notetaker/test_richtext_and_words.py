from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notetaker.richtext import Block, BlockStyle, RichText, Run
from notetaker.wordcount import count_words


def test_markdown_subset():
    rt = RichText.from_markdown(
        "Published in the [Repository of Practices](https://example.org/p):\n"
        "- Dialogue on the Assistance to **Migrant Women**\n"
        "- *Migration* Information Portal"
    )
    first, second, third = rt.blocks
    assert first.style is BlockStyle.PARAGRAPH
    assert Run("Repository of Practices", href="https://example.org/p") in first.runs
    assert second.style is BlockStyle.BULLET
    assert second.runs[-1] == Run("Migrant Women", bold=True)
    assert third.runs[0] == Run("Migration", italic=True)


runs = st.builds(Run, st.text(), st.booleans(), st.booleans(), st.none() | st.text(min_size=1))
blocks = st.builds(Block, st.lists(runs, max_size=4).map(tuple), st.sampled_from(list(BlockStyle)))


@given(st.lists(blocks, max_size=5).map(lambda b: RichText(tuple(b))))
def test_json_round_trip_is_exact(rt):
    assert RichText.from_json(rt.to_json()) == rt


def test_plain_round_trip_keeps_accents_and_lines():
    text = "Migración segura,\nordenada y regular"
    assert RichText.plain(text).to_plain() == text


def test_word_counting_like_a_word_processor():
    assert count_words("") == 0
    assert count_words("follow-up of the 23 objectives") == 5
    assert count_words("In 2021, more than 130,000 migrants") == 6
    assert count_words("Thematic pillar 1 – Migrant protection") == 5
    assert count_words("• point") == 1
    assert count_words("niñas,   niños\ny adolescentes") == 4
