"""Attributing to delegations by typing: "gua" + Enter gives Guatemala.

:class:`DelegationLookup` resolves what people type (names in English or
Spanish, ISO codes, acronyms such as "OIM" or "UNHCR", accents optional) to
roster codes. :class:`DelegationField` is a line edit whose completer proposes
matches ranked by :func:`notetaker.roster.match`; a highlight's field accepts
several delegations separated by ";", a speaker's field one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from notetaker.domain import Delegation, DelegationKind
from notetaker.i18n import _
from notetaker.roster import acronym, display_name, fold, match, search_keys

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEPARATOR = ";"
MAX_SUGGESTIONS = 12
_SHORT_KINDS = (DelegationKind.ORGANIZATION, DelegationKind.CIVIL_SOCIETY)


class DelegationLookup:
    """The roster, labelled in one language, with an index from typed text to codes."""

    def __init__(self, roster: Sequence[Delegation], lang: str):
        self.roster = list(roster)
        self.lang = lang
        self._by_code = {d.code: d for d in self.roster}
        self._index: dict[str, str] = {}
        for d in self.roster:
            for key in search_keys(d):
                self._index.setdefault(key, d.code)
        for d in self.roster:  # the label shown in this language always wins
            self._index[_key(display_name(d, lang))] = d.code

    def label(self, code: str, short: bool = False) -> str:
        """The name as the report prints it; ``short``: organisations by their acronym
        (as in the attribution column, "IOM", "ACNUR")."""
        d = self._by_code.get(code)
        if d is None:
            return code
        if short and d.kind in _SHORT_KINDS and acronym(d, self.lang):
            return acronym(d, self.lang)
        return display_name(d, self.lang)

    def suggestion(self, d: Delegation) -> str:
        """How a delegation reads in the completer's list: name, then acronym or code."""
        short = acronym(d, self.lang) or d.code
        return f"{display_name(d, self.lang)} ({short})"

    def resolve(self, text: str) -> str | None:
        """The code for one typed name, code or acronym; None if unknown."""
        key = _key(text)
        if not key:
            return None
        if text.strip().upper() in self._by_code:
            return text.strip().upper()
        code = self._index.get(key)
        if code is None and key.endswith(")") and "(" in key:  # "Guatemala (GT)"
            code = self._index.get(_key(key[: key.rindex("(")]))
        return code

    def suggest(self, query: str) -> list[Delegation]:
        return match(self.roster, query)[:MAX_SUGGESTIONS]


def _key(text: str) -> str:
    return " ".join(fold(text).split())


class DelegationField(QLineEdit):
    """Names of delegations, with type-ahead; ``multiple`` allows several, separated by ";"."""

    edited = Signal()  # the user changed the text (typing or picking a suggestion)

    def __init__(self, lookup: DelegationLookup, multiple: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.lookup = lookup
        self.multiple = multiple
        self._loading = False
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setWidget(self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.activated[QModelIndex].connect(self._accept_index)
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(self._on_changed)
        self.editingFinished.connect(self._show_validity)
        hint = (
            _("Type a delegation: a name, code or acronym; separate several with ';'")
            if multiple
            else _("Type the speaking delegation: a name, code or acronym")
        )
        self._hint = hint
        self.setPlaceholderText(hint)
        self.setToolTip(hint)

    @property
    def completer_popup(self) -> QWidget:
        return self._completer.popup()

    # -- values ------------------------------------------------------------------
    def tokens(self) -> list[str]:
        parts = self.text().split(SEPARATOR) if self.multiple else [self.text()]
        return [p.strip() for p in parts if p.strip()]

    def codes(self) -> tuple[str, ...] | None:
        """The codes typed so far, in order; ``None`` while some entry is not a known delegation."""
        out: list[str] = []
        for token in self.tokens():
            code = self.lookup.resolve(token)
            if code is None:
                return None
            if code not in out:
                out.append(code)
        return tuple(out)

    def unknown(self) -> list[str]:
        return [t for t in self.tokens() if self.lookup.resolve(t) is None]

    def set_codes(self, codes: Sequence[str]) -> None:
        """Show ``codes`` by name, without reporting an edit."""
        self._loading = True
        try:
            self.setText(f"{SEPARATOR} ".join(self.lookup.label(c, self.multiple) for c in codes))
            self.setCursorPosition(0)  # show the first names, not the tail
        finally:
            self._loading = False
        self._show_validity()

    # -- completion ----------------------------------------------------------------
    def _current_token(self) -> tuple[str, str]:
        """(text before the token being typed, the token)."""
        text = self.text()
        if not self.multiple or SEPARATOR not in text:
            return "", text
        cut = text.rindex(SEPARATOR) + 1
        return text[:cut] + " ", text[cut:]

    def _suggest(self) -> None:
        _prefix, token = self._current_token()
        self._model.clear()
        if not token.strip():
            self._completer.popup().hide()
            return
        for d in self.lookup.suggest(token):
            item = QStandardItem(self.lookup.suggestion(d))
            item.setData(d.code, CODE_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
        if self._model.rowCount() == 0:
            self._completer.popup().hide()
            return
        self._completer.complete()
        # The best match is preselected: Enter or Tab takes it.
        self._completer.popup().setCurrentIndex(self._model.index(0, 0))

    def accept_suggestion(self, row: int = 0) -> bool:
        """Take the ``row``-th suggestion shown (what Enter does in the list)."""
        if row >= self._model.rowCount():
            return False
        self._accept_index(self._model.index(row, 0))
        return True

    def _accept_index(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if not code:
            return
        prefix, _token = self._current_token()
        self.setText(prefix + self.lookup.label(code, self.multiple))
        self._completer.popup().hide()

    # -- feedback ------------------------------------------------------------------
    def _on_changed(self) -> None:
        if self.styleSheet() and not self.unknown():  # fixed while typing: clear the warning now
            self._show_validity()
        if not self._loading:
            self.edited.emit()

    def _show_validity(self) -> None:
        unknown = self.unknown()
        if unknown:
            self.setStyleSheet("QLineEdit { border: 1px solid #c01c28; }")
            self.setToolTip(_("Not a known delegation: {names}").format(names=", ".join(unknown)))
        else:
            self.setStyleSheet("")
            self.setToolTip(self._hint)
