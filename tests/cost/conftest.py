"""Helpers for the cost tests: fixture paths and small templates built in the test itself."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def template(resources: dict[str, Any], **sections: Any) -> dict[str, Any]:
    """A template dict from its resources (and Parameters, Mappings, Conditions if given)."""
    return {"AWSTemplateFormatVersion": "2010-09-09", **sections, "Resources": resources}


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
