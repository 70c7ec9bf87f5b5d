"""The fast constructor of frozen dataclasses (notetaker/frozen.py) makes what the class makes."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

import pytest

from notetaker.domain import Item, Provenance
from notetaker.frozen import constructor
from notetaker.merge.model import Candidate, Decision, DecisionKind, Resolution
from notetaker.richtext import RichText


def _values(instance: object) -> list[object]:
    return [getattr(instance, f.name) for f in dataclasses.fields(instance)]  # type: ignore[arg-type]


@pytest.mark.parametrize("instance", [
    Provenance("n-uid", "i-uid", "Notetaker 2", "b.sidenotes"),
    Item(7, "highlights", RichText.plain("Texto con acentos: migración"), ("GT", "MX"), "Ana Pérez",
         datetime(2022, 5, 19, 18, 30, tzinfo=UTC), "Notetaker 1", "RCM", (Provenance("n"),), 3, "uid-7",
         datetime(2022, 5, 19, tzinfo=UTC), None),
    Decision("d1", DecisionKind.DUPLICATE, "highlights",
             (Candidate(Item(None, "highlights"), (0,)),), 0, Resolution.ACCEPT, "same speaker", 0.5, True),
])
def test_made_instances_equal_hash_and_freeze_like_the_class_own(instance):
    make = constructor(type(instance))
    assert make is not type(instance)  # the fast path is taken for these classes
    made = make(*_values(instance))
    assert type(made) is type(instance)
    assert made == instance and hash(made) == hash(instance) and repr(made) == repr(instance)
    assert pickle.loads(pickle.dumps(made)) == instance
    name = dataclasses.fields(instance)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, None)
    assert not hasattr(made, "__dict__")


def test_a_class_without_slots_is_made_by_itself():
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: str = ""

    assert constructor(Plain) is Plain
    assert constructor(int) is int  # not a dataclass


def test_a_class_with_a_post_init_is_refused():
    """The fast constructor assigns the fields only: it would skip the class's own checks."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        words: int

        def __post_init__(self) -> None:
            if self.words < 0:
                raise ValueError("a count of words is not negative")

    with pytest.raises(TypeError, match="__post_init__"):
        constructor(Checked)
    with pytest.raises(ValueError):
        Checked(-1)  # (what a constructor made anyway would have let through)
