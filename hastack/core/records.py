"""Field-wise ``==``, ``hash()`` and ``repr()`` shared by dataclasses instead of generated ones.

Python 3.11's ``@dataclass`` compiles every method it generates with its own ``exec``: a frozen
class with ``eq`` and ``repr`` costs six (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``), about 0.7 ms, and ``hastack synth`` defines some forty such
classes (options and the handles components return) before it builds anything: a fifth of its
time, spent again by every process. A class declared
``@dataclass(frozen=True, eq=False, repr=False)`` that derives from :class:`Record` compiles
only ``__init__`` and the two frozen guards, and gets the same comparisons, hashes and
representations from the three functions below, which read the class's fields once.
"""

from __future__ import annotations

import dataclasses
import reprlib

_PLANS: dict[type, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
"""class -> (compared field names, hashed field names, shown field names)."""


def _plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    plan = _PLANS.get(cls)
    if plan is None:
        fields = dataclasses.fields(cls)
        plan = (
            tuple(f.name for f in fields if f.compare),
            tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)),
            tuple(f.name for f in fields if f.repr),
        )
        _PLANS[cls] = plan
    return plan


class Record:
    """Base of dataclasses declared with ``eq=False, repr=False``: the methods ``@dataclass``
    would generate, as plain inherited functions.

    ``==`` compares the fields of two instances of the same class (anything else:
    ``NotImplemented``), ``hash()`` hashes the same fields of a frozen instance (a mutable one is
    unhashable, as with ``eq=True``), ``repr()`` is ``Name(field=value, ...)``.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _plan(self.__class__)[0]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        cls = self.__class__
        if not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            raise TypeError(f"unhashable type: {cls.__name__!r}")
        return hash(tuple(getattr(self, n) for n in _plan(cls)[1]))

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _plan(self.__class__)[2])
        return f"{self.__class__.__qualname__}({shown})"
