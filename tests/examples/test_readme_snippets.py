"""The README's Python snippets run as shown."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_quick_start_builds_a_template_in_at_most_ten_lines(capsys) -> None:
    quick_start = BLOCKS[0]
    assert len([line for line in quick_start.splitlines() if line.strip()]) <= 10
    namespace: dict = {}
    exec(compile(quick_start, "README quick start", "exec"), namespace)  # noqa: S102
    assert type(namespace["template"]).__name__ == "Template"
    resources = namespace["template"].to_dict()["Resources"].values()
    assert "AWS::RDS::DBCluster" in {r["Type"] for r in resources}
    # the quick start prints nothing, so `hastack cost app.py --format json | jq` works on it
    assert capsys.readouterr().out == ""


def test_the_active_passive_snippet_builds_four_stacks() -> None:
    snippet = next(b for b in BLOCKS if "ActivePassiveWebApp(" in b)
    namespace: dict = {}
    exec(compile(snippet, "README multi-region", "exec"), namespace)  # noqa: S102
    assert len(namespace["app"]) == 4  # primary, secondary, DNS, failover runbook


def test_the_readme_stays_a_readme_and_its_links_resolve() -> None:
    """The README is the pitch, set-up, quick start and a map; the reference lives in docs/."""
    assert len(README.encode()) <= 15 * 1024
    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+\.(?:md|png))\)", README):
        assert (ROOT / target).exists(), target
