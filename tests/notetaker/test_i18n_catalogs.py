"""The message catalogs against the code: complete in Spanish, never stale, compiled .mo current.

When this fails after you added or changed a message, run (docs/i18n.md):

    python -m notetaker.i18n_tools update      # extract, update the .po files, compile
    python -m notetaker.i18n_tools missing es  # then translate these in es/.../notetaker.po
    python -m notetaker.i18n_tools update      # and compile again
"""

from __future__ import annotations

import io

import pytest
from babel.messages.pofile import read_po

from notetaker.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
from notetaker.i18n_tools import (
    check_catalog,
    compiled_messages,
    extract_catalog,
    extract_python,
    languages_on_disk,
    message_problems,
    mo_messages,
    read_catalog,
)

FIX = "run `python -m notetaker.i18n_tools update`, translate, run it again (docs/i18n.md)"


@pytest.fixture(scope="module")
def code_messages():
    return extract_catalog()


def test_catalogs_exist_for_every_supported_language():
    assert set(SUPPORTED_LANGUAGES) <= set(languages_on_disk())


def test_the_code_has_messages(code_messages):
    ids = {m.id for m in code_messages if m.id}
    assert len(ids) > 200
    assert "Date and time" in ids  # an N_() label of the reports
    assert "see --help" in ids  # a _() inside an f-string


@pytest.mark.parametrize("lang", [lang for lang in SUPPORTED_LANGUAGES if lang != SOURCE_LANGUAGE])
def test_every_message_has_a_translation(code_messages, lang):
    report = check_catalog(lang, code_messages)
    problems = report.lines()
    assert not problems, f"{len(problems)} catalog problem(s) in {lang}; {FIX}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", sorted(set(languages_on_disk())))
def test_no_catalog_is_stale(code_messages, lang):
    report = check_catalog(lang, code_messages, need_translations=False)
    assert not report.stale, f"{lang} is stale; {FIX}:\n" + "\n".join(report.lines())
    assert not report.invalid, "\n".join(report.invalid)


@pytest.mark.parametrize("lang", sorted(set(languages_on_disk())))
def test_committed_mo_matches_its_po(lang):
    assert mo_messages(lang) == compiled_messages(read_catalog(lang)), f"{lang}: {FIX}"


def test_extractor_reads_the_syntax_tree():
    source = b'''
from notetaker.i18n import _, N_, ngettext
LABEL = N_("Venue")
# TRANSLATORS: a button
ok = _("Save")
msg = f"{name}: {_('see --help')}"
n = ngettext("{n} note", "{n} notes", 3)
skip = _(LABEL)
'''
    found = list(extract_python(io.BytesIO(source), {"_", "N_", "ngettext"}, ["TRANSLATORS:"], {}))
    assert [(line, f, m) for line, f, m, _c in found] == [
        (3, "N_", "Venue"),
        (5, "_", "Save"),
        (6, "_", "see --help"),
        (7, "ngettext", ("{n} note", "{n} notes", None)),
    ]
    assert found[1][3] == ["TRANSLATORS: a button"]


def _message(msgid: str, msgstr: str):
    po = f'msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    return read_po(io.StringIO(po), locale="es")[msgid]


def test_broken_placeholders_and_shortcuts_are_caught():
    assert message_problems(_message("Note {id}", "Nota {id}")) == []
    assert message_problems(_message("Note {id}", "Nota {ident}"))
    assert message_problems(_message("&File", "&Archivo")) == []
    assert message_problems(_message("&File", "Archivo"))


def test_a_message_that_comes_back_gets_its_translation_back():
    from babel.messages.catalog import Catalog

    from notetaker.i18n_tools import update_catalog

    def template(*ids: str) -> Catalog:
        t = Catalog(fuzzy=False)
        for msgid in ids:
            t.add(msgid, locations=[("ui/x.py", 1)])
        return t

    es = Catalog(locale="es", fuzzy=False)
    es.add("Remove this entry", "Quitar esta entrada")
    es.add("Keys", "Teclas")
    es = update_catalog(es, template("Keys"))  # removed from the code: kept aside
    assert "Remove this entry" not in es and "Remove this entry" in es.obsolete
    es = update_catalog(es, template("Keys", "Remove this entry"))  # back again
    assert es["Remove this entry"].string == "Quitar esta entrada"
    assert not es["Remove this entry"].fuzzy


_SETTERS = frozenset({
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setStatusTip", "setWhatsThis", "setTitle", "setLabelText", "setTabText",
    "setTabToolTip", "addItem", "addItems", "setHeaderLabels", "setHorizontalHeaderLabels", "showMessage",
    "setSpecialValueText", "addTab", "addMenu", "setCancelButtonText", "setInformativeText", "addRow",
    "QLabel", "QPushButton", "QAction", "QCheckBox", "QGroupBox", "QRadioButton", "QToolButton", "QMenu",
    "print",
})


def _words(node) -> bool:
    """A literal (or the literal parts of an f-string) with words in it, HTML tags and "notetaker:" aside."""
    import ast
    import re

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = re.sub(r"<[^>]*>|\bnotetaker\b", "", node.value)  # HTML tags; the program's name
        return bool(re.search(r"[^\W\d_]{2,}", text))
    if isinstance(node, ast.JoinedStr):
        return any(_words(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def test_no_interface_text_bypasses_the_catalog():
    """Widget texts in ui/ and printed lines of the CLI go through _(): no bare English literal."""
    import ast

    from notetaker.i18n_tools import ROOT

    found = []
    for path in sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "notetaker" / "cli").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SETTERS and any(_words(arg) for arg in node.args):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:90]}")
    assert not found, "wrap these texts in _() (docs/i18n.md):\n" + "\n".join(found)


def test_the_literal_check_sees_words_only():
    import ast

    def expr(source: str):
        return ast.parse(source).body[0].value

    assert _words(expr('"Save"')) and _words(expr('f"Saved at {t}"'))
    assert not _words(expr('f"<i>{title}</i>"')) and not _words(expr('f"notetaker: {m}"'))
    assert not _words(expr('"2022-05-19 12:30"'))
