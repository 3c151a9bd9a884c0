"""What evaluating a template expression can give besides plain JSON values.

Before deploy most of a template is knowable: literals, parameter defaults, mappings, conditions,
``Fn::GetAZs`` of a known region. What is not (a resource's physical id, an attribute, a value
read from SSM at deploy) is never guessed: it comes back as :class:`Unknown` with the reason, or
as a :class:`ResourceRef` that still says *which* resource it names, so a reader can follow a
subnet id to the subnet that declares its AZ without knowing the id itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from hastack.core.records import Record


@dataclass(frozen=True, eq=False, repr=False)
class Unknown(Record):
    """A value that cannot be known before deploy, with the reason in plain words."""

    reason: str
    missing_parameter: str | None = field(default=None, compare=False)
    """The parameter whose value is missing, when that is the reason (a consumer may say how
    to give it: ``--parameter NAME=...``)."""

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True, eq=False, repr=False)
class ResourceRef(Record):
    """``Ref`` (``attr`` None) or ``Fn::GetAtt`` to a resource of the template named ``stack``."""

    stack: str
    logical_id: str
    attr: str | None = None

    @property
    def source(self) -> str:
        """The stack the resource belongs to (the name analysis code has always used)."""
        return self.stack

    def __str__(self) -> str:
        suffix = f".{self.attr}" if self.attr else ""
        return f"{self.logical_id}{suffix}"


@dataclass(frozen=True, eq=False, repr=False)
class Az(Record):
    """One Availability Zone: an explicit name, or the i-th entry of ``Fn::GetAZs`` (``AZ-1``…).

    Symbolic names keep two templates comparable: ``Select [0, GetAZs '']`` is the same AZ in
    every stack of a region whatever the account's zone mapping. ``zone`` is the zone name AWS
    would return (``us-east-1a``) when the region is known.
    """

    region: str | None
    name: str
    zone: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False, repr=False)
class RegionAzs(Record):
    """``Fn::GetAZs`` of a region the template does not name: each ``Select`` of it is a
    distinct AZ, but how many there are is unknown."""

    region: str | None = None


class _NoValue:
    """``Ref: AWS::NoValue``: the property or list item is treated as absent."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False


NO_VALUE: Final = _NoValue()


def symbolic_az(region: str | None, index: int, zone: str | None = None) -> Az:
    return Az(region, f"AZ-{index + 1}", zone)


def unknowns(value: Any) -> Iterator[Unknown]:
    """Every :class:`Unknown` inside ``value`` (itself included), depth first."""
    if isinstance(value, Unknown):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from unknowns(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from unknowns(item)


def first_unknown(value: Any) -> Unknown | None:
    """The first :class:`Unknown` inside ``value``, or None when all of it is known."""
    return next(unknowns(value), None)


def is_known(value: Any) -> bool:
    """True for a plain JSON value with nothing unknown or symbolic inside."""
    if isinstance(value, (Unknown, ResourceRef, RegionAzs, _NoValue)):
        return False
    if isinstance(value, list):
        return all(is_known(item) for item in value)
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    return True
