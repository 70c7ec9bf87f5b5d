"""Attributing to delegations by typing: "gua" + Enter gives Guatemala.

:class:`DelegationLookup` resolves what people type (names in English or
Spanish, ISO codes, acronyms such as "OIM" or "UNHCR", accents optional) to
roster codes. :class:`DelegationField` is a line edit whose completer proposes
matches ranked by :func:`notetaker.roster.match`, the delegations of
:attr:`DelegationField.preferred` (those already heard in the event) first; a
highlight's field accepts several delegations separated by ";", a speaker's
field one. Either may say "X on behalf of Y" (also "X en nombre de Y", or
"X / Y"): X is credited, Y is recorded as the item's ``on_behalf_of``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from notetaker.domain import Delegation, DelegationKind
from notetaker.i18n import _
from notetaker.roster import acronym, display_name, fold, match, search_keys

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEPARATOR = ";"
#: "X on behalf of Y", in the languages of the roster, or "X / Y".
BEHALF = re.compile(r"\s+(?:on\s+behalf\s+of|en\s+nombre\s+de)\s+|\s*/\s*", re.IGNORECASE)
BEHALF_WORDS = {"en": "on behalf of", "es": "en nombre de"}
MAX_SUGGESTIONS = 12
_SHORT_KINDS = (DelegationKind.ORGANIZATION, DelegationKind.CIVIL_SOCIETY)


class DelegationLookup:
    """The roster, labelled in one language, with an index from typed text to codes."""

    def __init__(self, roster: Sequence[Delegation], lang: str):
        self.roster = list(roster)
        self.lang = lang
        self._by_code = {d.code: d for d in self.roster}
        self._index_: dict[str, str] | None = None  # made when first needed: not while the window opens

    @property
    def _index(self) -> dict[str, str]:
        """Folded names, codes and acronyms in every roster language -> code."""
        if self._index_ is None:
            index: dict[str, str] = {}
            for d in self.roster:
                for key in search_keys(d):
                    index.setdefault(key, d.code)
            for d in self.roster:  # the label shown in this language always wins
                index[_key(display_name(d, self.lang))] = d.code
            self._index_ = index
        return self._index_

    def knows(self, code: str) -> bool:
        return code in self._by_code

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

    def suggest(self, query: str, preferred: Collection[str] = ()) -> list[Delegation]:
        return match(self.roster, query, preferred)[:MAX_SUGGESTIONS]

    def behalf_words(self) -> str:
        return BEHALF_WORDS.get(self.lang.split("_")[0].split("-")[0], BEHALF_WORDS["en"])


def _key(text: str) -> str:
    return " ".join(fold(text).split())


class DelegationField(QLineEdit):
    """Names of delegations, with type-ahead; ``multiple`` allows several, separated by ";"."""

    edited = Signal()  # the user changed the text (typing or picking a suggestion)
    picked = Signal()  # a suggestion was taken
    done = Signal()  # Enter with no suggestion open: back to the text

    def __init__(self, lookup: DelegationLookup, multiple: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.lookup = lookup
        self.multiple = multiple
        self.preferred: Collection[str] = ()  # codes ranked first (the event's participants)
        self._loading = False
        self._model_: QStandardItemModel | None = None  # made at the first suggestion:
        self._completer_: QCompleter | None = None  # a note shows hundreds of these fields
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(self._on_changed)
        self.editingFinished.connect(self._show_validity)
        self.returnPressed.connect(self.done)
        hint = (
            _("Type a delegation: a name, code or acronym; separate several with ';'")
            if multiple
            else _("Type the speaking delegation: a name, code or acronym; “X on behalf of Y” for a group")
        )
        self._hint = hint
        self.setPlaceholderText(hint)
        self.setToolTip(hint)

    @property
    def _model(self) -> QStandardItemModel:
        if self._model_ is None:
            self._model_ = QStandardItemModel(self)
        return self._model_

    @property
    def _completer(self) -> QCompleter:
        if self._completer_ is None:
            completer = QCompleter(self._model, self)
            completer.setWidget(self)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.activated[QModelIndex].connect(self._accept_index)
            self._completer_ = completer
        return self._completer_

    @property
    def completer_popup(self) -> QWidget:
        return self._completer.popup()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            from .rich_edit import is_undo_key

            if is_undo_key(event):
                event.ignore()  # the window's Undo/Redo act on the whole note
                return True
        return super().event(event)

    # -- values ------------------------------------------------------------------
    def tokens(self) -> list[str]:
        """Every name typed, "X on behalf of Y" giving two."""
        return [name for entry in self._entries() for name in entry]

    def _entries(self) -> list[list[str]]:
        parts = self.text().split(SEPARATOR) if self.multiple else [self.text()]
        out = []
        for part in parts:
            names = [n.strip() for n in BEHALF.split(part, maxsplit=1) if n.strip()]
            if names:
                out.append(names)
        return out

    def codes(self) -> tuple[str, ...] | None:
        """The delegations credited, in order; ``None`` while some name is not a known delegation."""
        parsed = self.parsed()
        return None if parsed is None else parsed[0]

    def on_behalf_of(self) -> str | None:
        """The group spoken for ("X on behalf of Y"), if any and known."""
        parsed = self.parsed()
        return None if parsed is None else parsed[1]

    def parsed(self) -> tuple[tuple[str, ...], str | None] | None:
        out: list[str] = []
        behalf: str | None = None
        for names in self._entries():
            codes = [self.lookup.resolve(n) for n in names]
            if any(c is None for c in codes):
                return None
            if codes[0] not in out:
                out.append(codes[0])  # type: ignore[arg-type]
            if len(codes) > 1 and behalf is None:
                behalf = codes[1]
        return tuple(out), behalf

    def unknown(self) -> list[str]:
        return [t for t in self.tokens() if self.lookup.resolve(t) is None]

    def set_codes(self, codes: Sequence[str], on_behalf_of: str | None = None) -> None:
        """Show ``codes`` by name (the first "on behalf of" a group), without reporting an edit."""
        labels = [self.lookup.label(c, self.multiple) for c in codes]
        shown = list(zip(codes, labels, strict=True))
        if labels and on_behalf_of:
            behalf = self.lookup.label(on_behalf_of, self.multiple)
            labels[0] += f" {self.lookup.behalf_words()} {behalf}"
            shown.append((on_behalf_of, behalf))
        self._loading = True
        try:
            self.setText(f"{SEPARATOR} ".join(labels))
            self.setCursorPosition(0)  # show the first names, not the tail
        finally:
            self._loading = False
        # A roster code reads back as itself; any other is shown as is, and is unknown
        # (so no name has to be looked up: the field is filled while a note opens).
        self._show_validity([label for code, label in shown if not self.lookup.knows(code)])

    # -- completion ----------------------------------------------------------------
    def _current_token(self) -> tuple[str, str]:
        """(text before the token being typed, the token)."""
        text = self.text()
        prefix = ""
        if self.multiple and SEPARATOR in text:
            cut = text.rindex(SEPARATOR) + 1
            prefix, text = text[:cut] + " ", text[cut:]
        found = list(BEHALF.finditer(text))
        if found:
            cut = found[-1].end()
            return prefix + text[:cut], text[cut:]
        return prefix, text

    def _suggest(self) -> None:
        _prefix, token = self._current_token()
        self._model.clear()
        if not token.strip():
            self._completer.popup().hide()
            return
        for d in self.lookup.suggest(token, self.preferred):
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
        self.picked.emit()

    # -- feedback ------------------------------------------------------------------
    def _on_changed(self) -> None:
        if self.styleSheet() and not self.unknown():  # fixed while typing: clear the warning now
            self._show_validity()
        if not self._loading:
            self.edited.emit()

    def _show_validity(self, unknown: list[str] | None = None) -> None:
        if unknown is None:
            unknown = self.unknown()
        if unknown:
            self.setStyleSheet("QLineEdit { border: 1px solid #c01c28; }")
            self.setToolTip(_("Not a known delegation: {names}").format(names=", ".join(unknown)))
        else:
            self.setStyleSheet("")
            self.setToolTip(self._hint)
