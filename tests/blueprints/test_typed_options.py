"""Blueprint constructors take typed options: complete signatures, objects checked like mappings.

Each blueprint declares ``**kwargs: Unpack[<TypedDict>]`` so editors complete the option names and
mypy checks them; these tests keep every TypedDict equal to the blueprint's ``options_class``
(names and types), so a new option cannot be forgotten in the signature. That mypy really reads
them is tested on the installed wheel (tests/test_wheel.py).
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Mapping
from typing import Any, Unpack, get_args, get_origin

import pytest

import hastack.blueprints as shipped
from hastack.blueprints import (
    ActivePassiveWebApp,
    DatabaseOptions,
    DnsOptions,
    FleetOptions,
    HAWebApp,
    LoadBalancerOptions,
    NetworkTier,
    WebTier,
)
from hastack.core.blueprint import Blueprint, StackFields
from hastack.core.options import Options
from hastack.errors import OptionsError

BLUEPRINTS = sorted(
    (
        value
        for name in shipped.__all__
        if isinstance(value := getattr(shipped, name), type) and issubclass(value, Blueprint)
    ),
    key=lambda cls: cls.__name__,
)


def _kwargs_typeddict(function: Any) -> Any:
    hints = typing.get_type_hints(function, include_extras=True)
    name = inspect.getfullargspec(function).varkw
    assert name is not None, f"{function.__qualname__} takes no **kwargs"
    hint = hints[name]
    assert get_origin(hint) is Unpack, f"{function.__qualname__}: **{name} is not Unpack[...]"
    (typed_dict,) = get_args(hint)
    return typed_dict


def _expected(option_type: Any) -> set[Any]:
    """What a keyword may be given as: an option set as object or mapping, else its own type."""
    members = set(get_args(option_type)) if get_origin(option_type) is not None else set()
    if get_origin(option_type) in (typing.Union, types.UnionType):
        expanded: set[Any] = set()
        for member in members:
            expanded |= _expected(member)
        return expanded
    if isinstance(option_type, type) and issubclass(option_type, Options):
        return {option_type, Mapping[str, Any]}
    return {option_type}


def _given(hint: Any) -> set[Any]:
    if get_origin(hint) in (typing.Union, types.UnionType):
        return set(get_args(hint))
    return {hint}


def _check_fields(typed_dict: Any, options_class: type[Options], extra: set[str]) -> None:
    declared = typing.get_type_hints(typed_dict)
    option_hints = typing.get_type_hints(options_class)
    fields = {f.name for f in dataclasses.fields(options_class) if f.init}
    assert set(declared) == fields | extra, typed_dict.__name__
    for name in fields:
        assert _given(declared[name]) == _expected(option_hints[name]), (
            f"{typed_dict.__name__}.{name}: {declared[name]} vs option {option_hints[name]}"
        )


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda cls: cls.__name__)
def test_every_option_is_a_typed_keyword_of_the_constructor(blueprint: type[Blueprint]) -> None:
    typed_dict = _kwargs_typeddict(blueprint.__init__)
    _check_fields(typed_dict, blueprint.options_class, set(StackFields.__annotations__))


def test_the_two_region_blueprint_takes_the_web_app_options_typed() -> None:
    typed_dict = _kwargs_typeddict(ActivePassiveWebApp.__init__)
    _check_fields(typed_dict, shipped.HAWebAppOptions, set())


def test_option_objects_build_the_same_template_as_mappings() -> None:
    typed = HAWebApp(
        "shop",
        region="eu-west-1",
        database=DatabaseOptions(engine="aurora-mysql", readers=2),
        fleet=FleetOptions(min_size=3),
        dns=DnsOptions(domain_name="shop.example.com"),
    )
    mapped = HAWebApp(
        "shop",
        region="eu-west-1",
        database={"engine": "aurora-mysql", "readers": 2},
        fleet={"min_size": 3},
        dns={"domain_name": "shop.example.com"},
    )
    assert typed.synth().template.to_json() == mapped.synth().template.to_json()


def test_option_objects_are_checked_like_mappings_every_bad_field_at_once() -> None:
    """A dataclass constructor checks nothing; the blueprint checks the object's fields."""
    with pytest.raises(OptionsError) as caught:
        HAWebApp(
            "shop",
            database=DatabaseOptions(readers=99),
            fleet=FleetOptions(instance_type="x"),
            load_balancer=LoadBalancerOptions(idle_timeout=0),
        )
    names = {problem[0] for problem in caught.value.problems}
    assert {"database.readers", "fleet.instance_type", "load_balancer.idle_timeout"} <= names


def test_split_and_two_region_blueprints_accept_objects() -> None:
    network = NetworkTier("net", region="eu-west-1")
    web = WebTier("web", network=network, fleet=FleetOptions(min_size=3))
    assert web.options.fleet.min_size == 3
    pair = ActivePassiveWebApp(
        "shop",
        primary_region="us-east-1",
        secondary_region="us-west-2",
        domain_name="shop.example.com",
        database=DatabaseOptions(engine="aurora-mysql", readers=1),
        secondary={"fleet": FleetOptions(min_size=2)},
    )
    assert pair.primary.options.database is not None
    assert pair.primary.options.database.readers == 1
    assert pair.secondary.options.fleet.min_size == 2
