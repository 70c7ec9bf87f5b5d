"""Frozen dataclasses made quickly (:func:`constructor`).

The core's immutable records are ``@dataclass(frozen=True, slots=True)``. Opening a
note makes thousands of instances, and so does a merge:

A frozen dataclass's ``__init__`` cannot assign its fields: it looks
``object.__setattr__`` up and calls it for each one, which costs several times
what an ordinary assignment does. :func:`constructor` gives a function that makes
the same instance another way: a *draft* class, not frozen, with the same slots
in the same order, is filled by its own ``__init__`` (ordinary assignments), and
the instance then takes the frozen class (assigning ``__class__`` is allowed
between classes of the same layout). What comes out is an ordinary instance of
the frozen class: equal to, hashing like and as immutable as one made by its
constructor. (Only ``__init__``'s assignments are replaced: a class with a
``__post_init__`` is refused, as its checks would be skipped.)

The draft is a bare class with one generated ``__init__``, not a dataclass:
making it costs a fraction of what a dataclass costs, so that modules read at
the application's start can have their constructors made at import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import TypeVar

T = TypeVar("T")


def constructor(cls: type[T]) -> Callable[..., T]:
    """A function taking every field of ``cls`` (a frozen dataclass with slots) positionally,
    in order, and giving what ``cls(*values)`` gives, faster. When the classes cannot share
    a layout (``cls`` has no slots, say), it is ``cls`` itself.

    Raises :class:`TypeError` for a class with a ``__post_init__`` (the function would not
    call it)."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__, which a fast constructor would skip")
    if not is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return cls
    names = [f.name for f in fields(cls)]
    if tuple(cls.__slots__) != tuple(names) or not all(name.isidentifier() for name in names):  # type: ignore[attr-defined]
        return cls
    source = f"def __init__(self, {', '.join(names)}):\n" + "".join(f"    self.{n} = {n}\n" for n in names)
    namespace: dict[str, object] = {}
    exec(source, {}, namespace)  # noqa: S102 - our own text: field names checked above
    draft = type(f"_{cls.__name__}Draft", (), {"__slots__": tuple(names), "__init__": namespace["__init__"]})
    try:
        probe = draft(*(None for _name in names))
        probe.__class__ = cls
    except TypeError:  # not the same layout after all
        return cls

    def make(*values: object) -> T:
        made = draft(*values)
        made.__class__ = cls
        return made  # type: ignore[no-any-return]

    make.__doc__ = f"``{cls.__name__}(*values)``, every field given in order (see :func:`constructor`)."
    return make
