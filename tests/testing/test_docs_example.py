"""The user test shown in docs/testing.md runs and passes, so the documentation stays true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "testing.md"


def test_the_documented_user_tests_pass(pytester: pytest.Pytester) -> None:
    example = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S)
    assert example is not None, "docs/testing.md lost its example"
    pytester.makepyfile(test_shop=example.group(1))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3)
