"""Blueprints refuse more AZs than their region has, before anything is synthesized."""

from __future__ import annotations

import pytest

from hastack.blueprints import ActivePassiveWebApp, HAWebApp, NetworkTier
from hastack.errors import OptionsError


@pytest.mark.parametrize(
    "make",
    [
        lambda: HAWebApp("web", region="us-west-1"),
        lambda: NetworkTier("net", region="us-west-1", network={"az_count": 3}),
        lambda: ActivePassiveWebApp(
            "shop",
            primary_region="us-east-1",
            secondary_region="us-west-1",
            domain_name="shop.example.com",
        ),
    ],
)
def test_three_azs_in_a_two_az_region_are_refused_with_the_fix(make) -> None:
    with pytest.raises(OptionsError, match=r"network.az_count=3: at most 2 in us-west-1"):
        make()


def test_two_azs_or_explicit_names_are_accepted_there(cfn_lint) -> None:
    stack = HAWebApp("web", region="us-west-1", network={"az_count": 2}).synth()
    assert cfn_lint(stack.to_json(), regions=("us-west-1",)) == []
    explicit = HAWebApp(
        "web", region="us-west-1", network={"availability_zones": ["us-west-1a", "us-west-1c"]}
    ).synth()
    assert explicit.body["Resources"]["PrivateSubnet2"]["Properties"]["AvailabilityZone"] == (
        "us-west-1c"
    )
