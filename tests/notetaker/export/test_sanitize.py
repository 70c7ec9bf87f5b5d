from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from notetaker.export.sanitize import sanitize_text

FORBIDDEN = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("bad", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_each_forbidden_character_is_removed(bad: str):
    assert sanitize_text(f"a{bad}b{bad}") == "ab"


@pytest.mark.parametrize("good", ["\t", "\n", "\r", " ", "é", "\u2028", "\ufffd", "\U0001f600", "\x7f", "\x85"])
def test_allowed_characters_are_kept(good: str):
    assert sanitize_text(f"a{good}b") == f"a{good}b"


def test_clean_text_is_returned_unchanged():
    text = "Guatemala: Beyond an evaluation every 4 years…"
    assert sanitize_text(text) is text


def test_typical_pastes():
    assert sanitize_text("bell\x07 vertical\x0btab form\x0cfeed nul\x00") == "bell verticaltab formfeed nul"


def _forbidden_code(c: str) -> bool:
    o = ord(c)
    return (o < 0x20 and c not in "\t\n\r") or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF)


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(FORBIDDEN))))
def test_output_is_xml_safe_and_word_accepts_it(text: str):
    clean = sanitize_text(text)
    assert not any(_forbidden_code(c) for c in clean)
    assert clean == "".join(c for c in text if not _forbidden_code(c))
    doc = docx.Document()
    doc.add_paragraph(clean)
    doc.save(io.BytesIO())
