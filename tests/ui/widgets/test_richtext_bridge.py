"""RichText <-> QTextDocument must be exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from notetaker.richtext import Block, BlockStyle, RichText, Run
from ui.widgets.richtext_bridge import from_document, from_html, to_document


def roundtrip(rich: RichText) -> RichText:
    return from_document(to_document(rich))


def test_formats_lists_links_and_accents_round_trip(qapp):
    rich = RichText(
        (
            Block((Run("Regional best practices in the "), Run("Repository of Practices", href="https://migrationnetwork.un.org/practices"), Run(":"))),
            Block((Run("Dialogue on the Assistance to "), Run("Migrant Women", bold=True)), BlockStyle.BULLET),
            Block((Run("Guía para la protección en el contexto de "), Run("desastres", bold=True, italic=True)), BlockStyle.BULLET),
            Block((Run("Año de la niñez", italic=True),), BlockStyle.NUMBERED),
            Block((Run("Segundo"),), BlockStyle.NUMBERED),
            Block(()),
            Block((Run("Después — «citas» y emoji 🌎"),)),
            Block((Run("otra lista"),), BlockStyle.BULLET),
        )
    )
    assert roundtrip(rich) == rich


def test_markdown_sample_round_trips(qapp):
    rich = RichText.from_markdown("**Mexico**: seguimiento *interinstitucional*\n- uno\n- [dos](http://x.org)\n1. tres")
    assert roundtrip(rich) == rich


def test_empty_documents(qapp):
    assert roundtrip(RichText()) == RichText()
    assert roundtrip(RichText.plain("")) == RichText()


_TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "M", "N", "P", "S", "Zs"),
        exclude_characters="\u2028\u2029\ufffc",
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, max_size=6).map("\n".join))
def test_plain_text_round_trips_exactly(qapp, text):
    rich = RichText.plain(text)
    assert roundtrip(rich) == rich
    assert roundtrip(rich).to_plain() == text


def test_pasted_html_keeps_only_the_model(qapp):
    html = (
        '<p><span style="font-size:30pt;color:red">Grande</span> <b>negrita</b></p>'
        '<ul><li>punto <a href="https://iom.int">OIM</a></li></ul>'
    )
    rich = from_html(html)
    assert rich == RichText(
        (
            Block((Run("Grande "), Run("negrita", bold=True))),
            Block((Run("punto "), Run("OIM", href="https://iom.int")), BlockStyle.BULLET),
        )
    )


def test_typing_after_a_link_is_plain_text_and_bullets_toggle_off(qtbot):
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from ui.widgets.rich_edit import RichTextEdit

    edit = RichTextEdit()
    qtbot.addWidget(edit)
    edit.set_rich(RichText((Block((Run("see "), Run("the repository", href="https://example.org"))),)))
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(edit, " now")
    assert edit.rich().blocks[0].runs == (
        Run("see "),
        Run("the repository", href="https://example.org"),
        Run(" now"),
    )
    edit.toggle_bullets()
    assert edit.rich().blocks[0].style is BlockStyle.BULLET
    edit.toggle_bullets()
    assert edit.rich().blocks[0].style is BlockStyle.PARAGRAPH
