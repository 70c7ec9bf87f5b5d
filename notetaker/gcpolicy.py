"""When the cyclic garbage collector runs, and what it leaves out: every :mod:`gc` call is here.

The application makes long-lived objects in bursts, and a collection walks every object
alive in the generations it collects; a full one over a big note's editor took 30-100 ms,
a pause in typing. So:

- **Paused** while something makes long-lived objects only, or objects it frees all at
  once: the command line's imports (:func:`paused`), the GUI's start until the first turn
  of its event loop (:func:`pause` by the command line, :func:`resume` by the GUI), a merge
  (``paused(promote=True)``: what survives it is its result, which joins the oldest
  generation without being walked).
- **Frozen** (``gc.freeze``: left out of every collection) while something long-lived holds
  it: the GUI's run (what the imports and the start made) and each open note editor. A
  holder calls :func:`hold` (everything alive is frozen), :func:`freeze_new` for what it
  made since, and :func:`release` when it is gone.

Freezing is global, not per object: ``gc.unfreeze`` can only give back everything frozen,
whoever froze it. A closed editor's objects (their reference cycles: rows, builder,
signal closures) can only be freed once unfrozen, so :func:`release` unfreezes everything,
and :func:`settle` (a later turn, once the editor is deleted) collects in full (one pause,
when the user closes a tab, of the length freezing otherwise saves) and freezes again what
lives on while a holder is left. The trade-off: each close costs one full collection; in
return a closed editor leaves nothing behind (frozen objects are never freed: 12 openings
of a 300-item note kept some 30,000 before), and the open ones stay out of the collector's
way. Between a release and its settle, collections may walk everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holds = 0  # holders whose objects are to stay frozen (see the module's notes)
_unsettled = False  # released since the last settle


def pause() -> None:
    """No automatic collection until :func:`resume`: the GUI's start (the command line pauses,
    the first turn of the GUI's event loop resumes)."""
    gc.disable()


def is_paused() -> bool:
    return not gc.isenabled()


def resume() -> None:
    """The end of :func:`pause`: what was made meanwhile is long-lived (the GUI's start), frozen
    (never walked), and the collector runs from now on."""
    gc.freeze()
    gc.enable()


@contextmanager
def paused(promote: bool = False) -> Iterator[None]:
    """No automatic collection inside (as it was when the block ends).

    ``promote``: what is left young when it ends joins the oldest generation at once (freezing
    and unfreezing moves whole lists, walking nothing), when nothing is frozen; the first
    collection after would otherwise walk it all, and the objects each refers to, for nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if promote and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def hold() -> None:
    """A long-lived holder (a note editor, the GUI's run) starts: everything alive is frozen,
    and stays so until :func:`release` (see the module's notes)."""
    global _holds
    _holds += 1
    gc.freeze()


def freeze_new() -> None:
    """What was made since the last freeze, long-lived (an editor's rows), is frozen too;
    the young generations are collected first (a full pass would walk everything)."""
    gc.collect(1)
    gc.freeze()


def release() -> None:
    """A holder is gone: everything frozen goes back to the oldest generation, where the
    holder's garbage can be found; :func:`settle` then collects and freezes again."""
    global _holds, _unsettled
    _holds = max(0, _holds - 1)
    _unsettled = True
    gc.unfreeze()


def settle() -> None:
    """After :func:`release` (once the holder's objects are unreachable): one full collection,
    then what lives on is frozen again if a holder is left. Nothing to do otherwise. (What a
    holder froze in between, the released one's garbage with it, is collected too.)"""
    global _unsettled
    if not _unsettled:
        return
    _unsettled = False
    gc.unfreeze()
    gc.collect()
    if _holds:
        gc.freeze()
