from __future__ import annotations

import pytest

from hastack import App
from hastack.blueprints import DatabaseTier, HAWebApp, NetworkTier, WebTier
from hastack.errors import OptionsError


def split_app() -> App:
    net = NetworkTier("net", region="eu-west-1", network={"az_count": 2})
    db = DatabaseTier("db", network=net, database={"engine": "aurora-postgresql"})
    web = WebTier("web", network=net, database=db)
    app = App("split")
    app.extend([web, db, net])
    return app


def test_consumers_read_the_network_through_parameters_fed_by_outputs() -> None:
    app = split_app()
    db, web = app.stack("db"), app.stack("web")
    assert {k: str(v) for k, v in db.inputs.items()} == {
        "VpcId": "net.VpcId",
        "IsolatedSubnetIds": "net.IsolatedSubnetIds",
    }
    assert db.body["Parameters"]["IsolatedSubnetIds"]["Type"] == "CommaDelimitedList"
    assert {k: str(v) for k, v in web.inputs.items()} == {
        "VpcId": "net.VpcId",
        "VpcCidr": "net.VpcCidr",
        "PublicSubnetIds": "net.PublicSubnetIds",
        "PrivateSubnetIds": "net.PrivateSubnetIds",
        "DatabaseClientSecurityGroupId": "db.DatabaseClientSecurityGroupId",
        "DatabaseEndpoint": "db.DatabaseEndpoint",  # probed by the deep health check
    }
    asg = web.body["Resources"]["AutoScalingGroup"]["Properties"]
    assert asg["VPCZoneIdentifier"] == {"Ref": "PrivateSubnetIds"}
    assert asg["MinSize"] == "2"  # one per AZ of the network it runs in


def test_split_stacks_deploy_in_dependency_order_and_inherit_the_region() -> None:
    app = split_app()
    assert [[s.name for s in level] for level in app.levels()] == [["net"], ["db"], ["web"]]
    assert {s.region for s in app.stacks} == {"eu-west-1"}
    assert not any("Export" in o for s in app.stacks for o in s.body.get("Outputs", {}).values())


def test_a_consumer_must_get_a_network_tier_in_its_region() -> None:
    net = NetworkTier("net")
    with pytest.raises(OptionsError, match="network"):
        DatabaseTier("db", network="vpc-123")
    with pytest.raises(OptionsError, match=r"region='eu-west-1': the network's region"):
        WebTier("web", network=net, region="eu-west-1")
    with pytest.raises(OptionsError, match="a DatabaseTier"):
        WebTier("web", network=net, database=HAWebApp("x"))


def test_every_bad_option_is_listed_with_the_blueprint_name() -> None:
    with pytest.raises(OptionsError) as caught:
        HAWebApp("1web", region="moon", network={"az_count": 1}, fleet={"app_port": 0})
    text = str(caught.value)
    assert text.startswith("invalid options for HAWebApp:")
    assert {p[0] for p in caught.value.problems} == {
        "name",
        "region",
        "network.az_count",
        "fleet.app_port",
    }
