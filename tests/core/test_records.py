"""Record gives a dataclass declared with eq=False, repr=False the methods @dataclass generates."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from hastack.core.options import Options, option
from hastack.core.records import Record


@dataclass(frozen=True)
class Generated:
    name: str
    size: int = 1
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Shared(Record):
    name: str
    size: int = 1
    tags: tuple[str, ...] = ()
    note: str = field(default="", compare=False, repr=False)


@dataclass(eq=False, repr=False)
class Mutable(Record):
    name: str


@pytest.mark.parametrize(
    "values",
    [
        {"name": "a"},
        {"name": "b", "size": 3, "tags": ("x", "y")},
        {"name": "c", "note": "not compared"},
    ],
)
def test_record_methods_give_what_dataclass_generates(values: dict) -> None:
    shared, generated = Shared(**values), Generated(**values)
    assert repr(shared).replace("Shared", "Generated") == repr(generated)
    assert hash(shared) == hash(generated)
    assert shared == Shared(**values) and generated == Generated(**values)
    assert shared == Shared(**{**values, "note": "other"})  # compare=False, as generated
    assert shared != Shared(**{**values, "size": 99})
    assert (shared == generated) is False  # another class: NotImplemented both ways
    assert shared.__eq__(generated) is NotImplemented


def test_a_mutable_record_is_unhashable_like_a_generated_one() -> None:
    with pytest.raises(TypeError, match="unhashable type: 'Mutable'"):
        hash(Mutable("a"))
    with pytest.raises(TypeError, match="unhashable"):
        hash(dataclass(type("M", (), {"__annotations__": {"a": int}}))(1))
    assert Mutable("a") == Mutable("a") and repr(Mutable("a")) == "Mutable(name='a')"


def test_a_frozen_record_stays_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Shared("a").size = 2  # type: ignore[misc]


def test_a_recursive_repr_stops_like_a_generated_one() -> None:
    holder = Mutable("a")
    holder.name = holder  # type: ignore[assignment]
    assert repr(holder) == "Mutable(name=...)"


def test_a_users_options_declared_the_documented_way_still_work() -> None:
    """docs/extending.md declares options with a plain ``@dataclass(frozen=True)``."""

    @dataclass(frozen=True)
    class WorkerOptions(Options):
        max_receives: int = option(5, help="Tries.", ge=1)

    parsed = WorkerOptions.parse({"max_receives": 3})
    assert parsed == WorkerOptions(max_receives=3) != WorkerOptions()
    assert repr(parsed).endswith("WorkerOptions(max_receives=3)")
    assert hash(parsed) == hash(WorkerOptions(max_receives=3))


def test_hastacks_option_sets_compare_and_show_by_value() -> None:
    from hastack.blueprints._options import HAWebAppOptions
    from hastack.components.network import NetworkOptions

    assert "__eq__" not in vars(NetworkOptions) and "__repr__" not in vars(NetworkOptions)
    assert NetworkOptions(az_count=2) == NetworkOptions(az_count=2) != NetworkOptions()
    assert repr(NetworkOptions()).startswith("NetworkOptions(cidr='10.0.0.0/16', az_count=3,")
    a = HAWebAppOptions.parse({"network": {"az_count": 2}})
    assert a == HAWebAppOptions.parse({"network": {"az_count": 2}})
    assert a != HAWebAppOptions.parse({"network": {"az_count": 3}})
