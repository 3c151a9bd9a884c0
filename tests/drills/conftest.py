"""One emulator per test module with the multi-region example and a weak app deployed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
ROOT = Path(__file__).resolve().parents[2]


class Deployed:
    def __init__(self, target: Any, example: Any, weak: Any) -> None:
        self.target = target
        self.example = example
        self.weak = weak


@pytest.fixture(scope="module")
def deployed(request: pytest.FixtureRequest) -> Iterator[Deployed]:
    """Both apps deployed; stack names carry the module name so modules never collide."""
    from weak_app import weak_app

    from hastack.core.app_loader import load_app
    from hastack.core.context import Context
    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget
    from hastack.local import LocalEngine

    tag = request.module.__name__.rsplit(".", 1)[-1].replace("_", "")[-12:]
    example = load_app(str(ROOT / "examples" / "multi_region.py"), Context({}, env=tag))
    weak = weak_app(f"weak-{tag}")
    with LocalEngine() as emulator:
        target = AwsTarget.local(emulator.endpoint_url)
        for app in (example, weak):
            report = deploy(app, target=target, assume_yes=True, skip_checks=True)
            assert report.ok, [(r.name, r.reason) for r in report.failures]
        yield Deployed(target, example, weak)
