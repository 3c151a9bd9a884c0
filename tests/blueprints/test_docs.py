"""docs/blueprints.md documents every HAWebApp option and every pinned logical ID."""

from __future__ import annotations

import json

from hastack.blueprints.webapp import HAWebAppOptions
from tests.conftest import ROOT


def test_readme_lists_every_hawebapp_option_with_its_default() -> None:
    readme = (ROOT / "docs" / "blueprints.md").read_text()
    for row in HAWebAppOptions.describe():
        assert f"| `{row.name}` |" in readme, row.name


def test_readme_names_every_output_of_the_examples() -> None:
    readme = (ROOT / "docs" / "blueprints.md").read_text()
    contracts = ROOT / "tests" / "blueprints" / "contracts"
    for path in contracts.glob("*.json"):
        for stack in json.loads(path.read_text()).values():
            for output in stack["outputs"]:
                assert f"`{output}`" in readme, f"{path.name}: output {output}"


def test_readme_options_table_is_generated_from_the_options() -> None:
    from hastack.core.options import markdown_table

    readme = (ROOT / "docs" / "blueprints.md").read_text()
    block = readme.split("<!-- options:start -->\n", 1)[1].split("\n<!-- options:end -->", 1)[0]
    assert block == markdown_table(HAWebAppOptions), (
        "regenerate with hastack.core.options.markdown_table(HAWebAppOptions)"
    )
