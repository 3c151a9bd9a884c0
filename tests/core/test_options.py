from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from hastack.core.options import Options, option
from hastack.errors import OptionsError


@dataclass(frozen=True, kw_only=True)
class Inner(Options):
    count: int = option(3, help="How many.", ge=2, le=6)
    names: list[str] = option([], help="Names.", item_pattern=r"[a-z]+", max_items=2)


@dataclass(frozen=True, kw_only=True)
class Outer(Options):
    inner: Inner = option(Inner(), help="Nested.")
    kind: Literal["a", "b"] = option("a", help="Kind.")
    label: str | None = option(None, help="Label.", pattern=r"[a-z]+")
    ratio: float = option(0.5, help="Ratio.", ge=0, le=1)
    flag: bool = option(False, help="Flag.")
    maybe: Inner | None = option(None, help="Optional nested.")

    def check(self) -> list[tuple[str, object, str]]:
        if self.flag and self.label is None:
            return [("label", None, "required when flag is true")]
        return []


def test_defaults_apply_when_nothing_is_given() -> None:
    parsed = Outer.parse({})
    assert parsed.inner.count == 3 and parsed.kind == "a" and parsed.label is None


def test_nested_mappings_are_parsed_into_option_classes() -> None:
    parsed = Outer.parse({"inner": {"count": 5, "names": ["x"]}, "ratio": 1})
    assert parsed.inner == Inner(count=5, names=["x"])
    assert parsed.ratio == 1.0 and isinstance(parsed.ratio, float)


def test_one_error_lists_every_bad_field_with_value_and_what_is_allowed() -> None:
    with pytest.raises(OptionsError) as caught:
        Outer.parse(
            {
                "inner": {"count": 9, "names": ["OK"]},
                "kind": "c",
                "label": "X1",
                "flag": "yes",
                "bogus": 1,
            }
        )
    error = caught.value
    fields = {field for field, _value, _allowed in error.problems}
    assert fields == {"inner.count", "inner.names[0]", "kind", "label", "flag", "bogus"}
    text = str(error)
    assert "inner.count=9: int, from 2 to 6" in text
    assert "kind='c': one of 'a', 'b'" in text
    assert "bogus=1: unknown option; allowed:" in text


def test_booleans_are_not_accepted_as_numbers_and_strings_not_as_lists() -> None:
    with pytest.raises(OptionsError) as caught:
        Outer.parse({"inner": {"count": True, "names": "abc"}})
    assert {p[0] for p in caught.value.problems} == {"inner.count", "inner.names"}


def test_list_length_limit_is_enforced() -> None:
    with pytest.raises(OptionsError, match=r"at most 2 items"):
        Inner.parse({"names": ["a", "b", "c"]})


def test_cross_field_checks_run_after_types() -> None:
    with pytest.raises(OptionsError, match="label=None: required when flag is true"):
        Outer.parse({"flag": True})


def test_optional_nested_options_report_inner_field_errors() -> None:
    with pytest.raises(OptionsError, match=r"maybe.count=1"):
        Outer.parse({"maybe": {"count": 1}})
    assert Outer.parse({"maybe": {"count": 2}}).maybe == Inner(count=2)


def test_describe_lists_nested_options_with_dotted_names() -> None:
    rows = {row.name: row for row in Outer.describe()}
    assert rows["inner.count"].allowed == "int, from 2 to 6"
    assert rows["kind"].default == "a"
    assert rows["inner.count"].help == "How many."


def test_replace_checks_the_changed_copy() -> None:
    parsed = Outer.parse({})
    assert parsed.replace(kind="b").kind == "b"
    with pytest.raises(OptionsError):
        parsed.replace(ratio=2)
