from __future__ import annotations

import pytest

from hastack import App
from hastack.core.context import Context, current_context, use_context
from hastack.errors import UsageError


def test_pairs_parse_into_values_and_env() -> None:
    ctx = Context.from_pairs(["domain=shop.example.com", "azs=3", "empty="], env="prod")
    assert ctx["domain"] == "shop.example.com"
    assert ctx.get_int("azs", 2) == 3
    assert ctx.get("empty") == "" and ctx.env == "prod"


def test_a_pair_without_equals_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        Context.from_pairs(["novalue"])


def test_missing_keys_and_bad_numbers_say_how_to_fix_them() -> None:
    ctx = Context({"azs": "three"})
    with pytest.raises(UsageError, match="pass it with -c domain=VALUE"):
        ctx["domain"]
    with pytest.raises(UsageError, match="expected a whole number, got 'three'"):
        ctx.get_int("azs", 3)
    with pytest.raises(UsageError, match="expected true or false"):
        Context({"x": "maybe"}).get_bool("x", False)


def test_apps_created_inside_use_context_see_it() -> None:
    with use_context(Context({"k": "v"}, env="stage")):
        app = App()
    assert app.context.env == "stage" and app.context["k"] == "v"
    assert current_context().env is None
