"""Quorum clusters against split brain: the partition analysis and a drill with real etcd."""

from __future__ import annotations

import shutil

import pytest

from hastack.analysis.partitions import analyse_partitions, placement_problems, render_text


@pytest.mark.parametrize(
    "placement",
    [
        {"a": 1, "b": 1, "c": 1},
        {"a": 2, "b": 2, "c": 1},
        {"a": 2, "b": 1},
        {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1},
        {"a": 2, "b": 2},
    ],
)
def test_no_loss_or_split_leaves_two_sides_with_a_majority(placement) -> None:
    report = analyse_partitions(placement)
    assert not report.split_brain_possible
    for scenario in report.scenarios:
        assert scenario.working_sides <= 1, scenario
    assert "split brain: impossible" in render_text(report)


def test_every_single_az_loss_and_every_two_way_split_is_listed() -> None:
    report = analyse_partitions({"a": 2, "b": 2, "c": 1})
    assert [s.description for s in report.scenarios] == [
        "lose a (2 member(s))",
        "lose b (2 member(s))",
        "lose c (1 member(s))",
        "a cut off from b+c",
        "b cut off from a+c",
        "c cut off from a+b",
    ]
    assert report.quorum == 3 and report.survives_any_az_loss and report.problems == []


def test_three_azs_survive_any_az_loss_and_two_azs_cannot() -> None:
    assert analyse_partitions({"a": 1, "b": 1, "c": 1}).survives_any_az_loss
    two = analyse_partitions({"a": 2, "b": 1})
    assert not two.survives_any_az_loss
    (problem,) = two.problems
    assert "two AZs" in problem and "witness" in problem and "regions" in problem


def test_even_counts_too_few_members_and_heavy_azs_are_problems() -> None:
    assert any("odd" in p for p in placement_problems({"a": 2, "b": 1, "c": 1}))
    assert any("at least 3" in p for p in placement_problems({"a": 1, "b": 1}))
    heavy = placement_problems({"a": 3, "b": 1, "c": 1})
    assert heavy == ["a holds 3 of 5 members (half or more): losing it loses the quorum"]


@pytest.mark.parametrize("members", [3, 5])
def test_etcd_survives_the_loss_of_the_leaders_az_and_a_minority_refuses_writes(
    members, tmp_path
) -> None:
    if shutil.which("etcd") is None:
        pytest.skip("etcd is not installed (apt-get install etcd-server): the drill runs it")
    from hastack.drills.quorum import render_text as drill_text
    from hastack.drills.quorum import run_quorum_drill

    report = run_quorum_drill(members, tmp_path)
    assert report.ok, drill_text(report)
    assert report.az_loss_new_leader_after is not None
    assert report.minority_left == members // 2 and not report.minority_leader
    assert 0 < report.seconds <= report.budget == 60  # bounded to a minute, and says so
    assert f"finished within 60 s ({report.seconds:.1f} s)" in drill_text(report)


def test_the_drill_stops_at_its_budget_rather_than_run_on(tmp_path) -> None:
    """A budget too short for the drill: it gives up, saying so, instead of waiting out its
    15 s waits. Either no first leader came in time (a usage error naming the budget) or one
    did while its first request was in flight, and every later wait had nothing left: the
    report fails, the budget check among its failures."""
    if shutil.which("etcd") is None:
        pytest.skip("etcd is not installed (apt-get install etcd-server): the drill runs it")
    import time

    from hastack.drills.quorum import render_text as drill_text
    from hastack.drills.quorum import run_quorum_drill
    from hastack.errors import UsageError

    started = time.perf_counter()
    try:
        report = run_quorum_drill(3, tmp_path, budget=0.2)
    except UsageError as error:
        assert "no leader within" in str(error) and "drill budget 0.2 s" in str(error)
    else:
        assert not report.ok, drill_text(report)
        assert ("FAIL  the drill finished within 0.2 s") in drill_text(report)
    assert time.perf_counter() - started < 10  # not the 3 x 15 s the waits allow


# -- the QuorumCluster blueprint ---------------------------------------------------------------


def quorum_stack(members: int = 3):
    from hastack.core.app_loader import load_app
    from hastack.core.context import Context
    from tests.conftest import EXAMPLES

    (stack,) = load_app(str(EXAMPLES / "quorum.py"), Context({"members": str(members)})).stacks
    return stack


@pytest.mark.parametrize(("members", "per_az"), [(3, [1, 1, 1]), (5, [2, 2, 1])])
def test_members_keep_identity_in_their_az_and_no_az_holds_half(members, per_az) -> None:
    from tests.conftest import props, resources

    body = quorum_stack(members).body
    groups = resources(body, "AWS::AutoScaling::AutoScalingGroup")
    assert len(groups) == members
    subnets = [props(body, g)["VPCZoneIdentifier"] for g in sorted(groups)]
    assert all(len(s) == 1 for s in subnets), "each member is pinned to one AZ"
    counts = [sum(1 for s in subnets if s == [{"Ref": f"PrivateSubnet{i}"}]) for i in (1, 2, 3)]
    assert counts == per_az
    for i in range(1, members + 1):
        group = body["Resources"][f"QuorumMember{i}Group"]
        assert (group["Properties"]["MinSize"], group["Properties"]["MaxSize"]) == ("1", "1")
        tags = {t["Key"]: t["Value"] for t in group["Properties"]["Tags"]}
        assert tags["hastack:interface"] == {"Ref": f"QuorumMember{i}Interface"}
        assert tags["hastack:volume"] == {"Ref": f"QuorumMember{i}Volume"}
        volume = body["Resources"][f"QuorumMember{i}Volume"]
        assert volume["DeletionPolicy"] == "Snapshot" and volume["Properties"]["Encrypted"]
        if i > 1:  # updated one member at a time, never all at once
            assert group["DependsOn"] == [f"QuorumMember{i - 1}Group"]
    data = props(body, "QuorumLaunchTemplate")["LaunchTemplateData"]
    script = data["UserData"]["Fn::Base64"]
    assert "--client-cert-auth" in script and "--peer-client-cert-auth" in script
    assert "sha256sum -c" in script
    assert data["MetadataOptions"]["InstanceMetadataTags"] == "enabled"


def test_two_azs_are_refused_with_the_alternatives() -> None:
    from hastack.blueprints import QuorumCluster
    from hastack.errors import OptionsError

    with pytest.raises(OptionsError, match="witness"):
        QuorumCluster("q", network={"az_count": 2})
    with pytest.raises(OptionsError, match="members"):
        QuorumCluster("q", quorum={"members": 4})


def test_availability_counts_the_cluster_as_k_of_n_and_resilience_prints_partitions() -> None:
    from hastack.analysis.availability import estimate_availability
    from hastack.analysis.resilience import check_resilience, render_text
    from tests.conftest import EXAMPLES

    report = estimate_availability(str(EXAMPLES / "quorum.py"))
    (part,) = [p for region in report.regions for p in region.parts if p.name == "locks"]
    member = 0.995
    assert part.availability == pytest.approx(3 * member**2 * (1 - member) + member**3)
    resilience = check_resilience(str(EXAMPLES / "quorum.py"))
    assert resilience.passed
    text = render_text(resilience)
    assert "locks: 2 of 3 members left, 2 needed" in text
    assert "AZ-1 cut off from AZ-2+AZ-3: available" in text
    assert "split brain: impossible" in text


def test_the_quorum_example_deploys_on_the_local_engine(local_cloud, deploy) -> None:
    from hastack.core.app_loader import load_app
    from tests.conftest import EXAMPLES

    (outputs,) = deploy(load_app(str(EXAMPLES / "quorum.py"))).values()
    assert outputs["QuorumEndpoints"].split(",")[0] == "https://m1.locks.cluster.internal:2379"
    stack = local_cloud.client("cloudformation").describe_stack_resources(StackName="quorum-dev")
    physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in stack["StackResources"]}
    ec2 = local_cloud.client("ec2")
    interfaces = ec2.describe_network_interfaces(
        NetworkInterfaceIds=[physical[f"QuorumMember{i}Interface"] for i in (1, 2, 3)]
    )["NetworkInterfaces"]
    assert len({i["AvailabilityZone"] for i in interfaces}) == 3, "one member per AZ"
    volumes = ec2.describe_volumes(
        VolumeIds=[physical[f"QuorumMember{i}Volume"] for i in (1, 2, 3)]
    )["Volumes"]
    # moto's CloudFormation volume ignores Encrypted (the template test checks it is set)
    assert [v["Size"] for v in volumes] == [50, 50, 50]
    assert sorted(v["AvailabilityZone"] for v in volumes) == sorted(
        i["AvailabilityZone"] for i in interfaces
    ), "each volume is in its member's AZ"
