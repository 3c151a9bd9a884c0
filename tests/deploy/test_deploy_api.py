"""The deploy API against the local emulator: create, update, skip, guard, fail, upload, graph."""

from __future__ import annotations

import pytest

from hastack.core.stack import INLINE_TEMPLATE_LIMIT
from hastack.deploy.api import deploy, destroy, diff, outputs, status
from hastack.deploy.preflight import Blocked
from hastack.deploy.reporter import RecordingReporter
from hastack.deploy.spec import StackSpec
from hastack.deploy.templates import bucket_name, render
from hastack.errors import UsageError
from tests.deploy.conftest import ACCOUNT, engine_stack, load_fixture
from tests.deploy.templates import database, fleet, topics


def spec(name: str, body: dict, **kw) -> StackSpec:
    return StackSpec(name, body, "us-east-1", **kw)


def test_a_first_deploy_creates_the_stack_tags_it_and_returns_its_outputs(target, cfn) -> None:
    report = deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    assert report.ok
    result = report.result("basic")
    assert (result.status, result.stack_status) == ("created", "CREATE_COMPLETE")
    assert result.outputs["VpcId"].startswith("vpc-")
    assert report.outputs["basic"]["TopicArn"].endswith(":basic-alarms")
    described = cfn.describe_stacks(StackName="basic")["Stacks"][0]
    tags = {t["Key"]: t["Value"] for t in described["Tags"]}
    assert tags == {"hastack:app": "basic", "hastack:stack": "basic"}


def test_a_second_identical_deploy_is_skipped_without_a_change_set(target, cfn) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    before = len(cfn.describe_stack_events(StackName="basic")["StackEvents"])
    reporter = RecordingReporter()
    report = deploy(
        spec("basic", load_fixture("basic.json")), target=target, assume_yes=True, reporter=reporter
    )
    result = report.result("basic")
    assert result.status == "unchanged" and result.outputs["VpcId"].startswith("vpc-")
    assert not reporter.of("show_diff") and not reporter.of("start")
    assert len(cfn.describe_stack_events(StackName="basic")["StackEvents"]) == before


def test_changing_a_parameter_value_is_not_a_no_op(target) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    report = deploy(
        spec("basic", load_fixture("basic.json")),
        target=target,
        assume_yes=True,
        parameters={"Cidr": "10.20.0.0/17"},
    )
    result = report.result("basic")
    assert result.status == "updated"
    assert result.diff.parameters == [("Cidr", "10.20.0.0/16", "10.20.0.0/17")]


def test_an_update_changes_the_auto_scaling_group_size(target, emulator) -> None:
    deploy(spec("fleet", fleet(2)), target=target, assume_yes=True)
    report = deploy(spec("fleet", fleet(3)), target=target, assume_yes=True)
    result = report.result("fleet")
    assert result.status == "updated"
    [change] = result.diff.changes
    assert (change.action, change.logical_id) == ("Modify", "AutoScalingGroup")
    assert change.properties == ["DesiredCapacity", "MaxSize", "MinSize"]
    [group] = emulator.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == (3, 6, 3)


def test_the_diff_shows_add_modify_and_remove_and_leaves_no_change_set(target, cfn) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    body = load_fixture("basic.json")
    del body["Resources"]["Subnet"]
    body["Resources"]["AlarmTopic"]["Properties"]["DisplayName"] = "Alarms"
    body["Resources"]["ExtraTopic"] = {"Type": "AWS::SNS::Topic"}
    [stack_diff] = diff(spec("basic", body), target=target)
    actions = {(c.action, c.logical_id, c.resource_type) for c in stack_diff.changes}
    assert actions == {
        ("Add", "ExtraTopic", "AWS::SNS::Topic"),
        ("Modify", "AlarmTopic", "AWS::SNS::Topic"),
        ("Remove", "Subnet", "AWS::EC2::Subnet"),
    }
    modify = next(c for c in stack_diff.changes if c.action == "Modify")
    assert modify.properties == ["DisplayName"]
    summaries = cfn.list_change_sets(StackName="basic")["Summaries"]
    assert [c for c in summaries if c["ExecutionStatus"] == "AVAILABLE"] == []


def test_a_stack_not_deployed_diffs_as_all_additions_without_creating_anything(target, cfn) -> None:
    [stack_diff] = diff(spec("basic", load_fixture("basic.json")), target=target)
    assert stack_diff.kind == "create" and {c.action for c in stack_diff.changes} == {"Add"}
    assert cfn.describe_stacks()["Stacks"] == []


def test_changing_the_db_engine_is_blocked_and_allowed_with_allow_replace(target, emulator) -> None:
    deploy(
        spec("db", database("mysql", "shop-db")), target=target, assume_yes=True, skip_checks=True
    )
    blocked = deploy(
        spec("db", database("postgres", "shop-db")),
        target=target,
        assume_yes=True,
        skip_checks=True,
    )
    result = blocked.result("db")
    assert not blocked.ok and result.status == "blocked"
    assert "replaces DatabaseInstance (AWS::RDS::DBInstance) (changed: Engine)" in result.reason
    assert "final snapshot" in result.reason and "--allow-replace" in result.reason
    rds = emulator.client("rds")
    assert [d["Engine"] for d in rds.describe_db_instances()["DBInstances"]] == ["mysql"]

    allowed = deploy(
        spec("db", database("postgres", "shop-db-v2")),
        target=target,
        assume_yes=True,
        allow_replace=True,
        skip_checks=True,
    )
    assert allowed.ok, allowed.result("db").reason
    [instance] = rds.describe_db_instances()["DBInstances"]
    assert (instance["Engine"], instance["DBInstanceIdentifier"]) == ("postgres", "shop-db-v2")


def test_changing_only_the_db_identifier_is_blocked_too(target) -> None:
    deploy(
        spec("db", database("mysql", "shop-db")), target=target, assume_yes=True, skip_checks=True
    )
    result = deploy(
        spec("db", database("mysql", "other-db")), target=target, assume_yes=True, skip_checks=True
    ).result("db")
    assert result.status == "blocked" and "DBInstanceIdentifier" in result.reason


def test_a_failing_resource_rolls_back_and_names_the_resource_and_reason(target, cfn) -> None:
    body = load_fixture("basic.json")
    body["Resources"]["Vpc"]["Properties"]["CidrBlock"] = "10.0.0.0/8"
    report = deploy(spec("broken", body), target=target, assume_yes=True)
    result = report.result("broken")
    assert not report.ok and result.status == "failed"
    assert result.stack_status == "ROLLBACK_COMPLETE"
    assert result.failed_resource.logical_id == "Vpc"
    assert "10.0.0.0/8" in result.failed_resource.reason


def test_a_rolled_back_first_create_is_deleted_and_recreated_only_when_confirmed(target) -> None:
    body = load_fixture("basic.json")
    del body["Resources"]["DataBucket"]  # retained through the rollback: it would clash
    bad = load_fixture("basic.json")
    bad["Resources"]["Vpc"]["Properties"]["CidrBlock"] = "10.0.0.0/8"
    deploy(spec("basic", bad), target=target, assume_yes=True)
    refused = deploy(spec("basic", body), target=target, reporter=RecordingReporter(answer=False))
    assert refused.result("basic").status == "failed"
    assert "ROLLBACK_COMPLETE" in refused.result("basic").reason
    reporter = RecordingReporter(answer=True)
    again = deploy(spec("basic", body), target=target, reporter=reporter)
    assert again.result("basic").status == "created"
    assert any("Delete the empty stack basic" in q for (q,) in reporter.of("confirm"))


def test_a_stack_busy_with_another_operation_is_refused_clearly(target, emulator) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    engine_stack(emulator, "basic").status = "UPDATE_IN_PROGRESS"
    body = load_fixture("basic.json")
    body["Resources"]["ExtraTopic"] = {"Type": "AWS::SNS::Topic"}
    result = deploy(spec("basic", body), target=target, assume_yes=True, wait_in_progress=0).result(
        "basic"
    )
    assert result.status == "failed"
    assert "UPDATE_IN_PROGRESS: another operation is running on it" in result.reason


def test_without_confirmation_nothing_is_executed(target, cfn) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    body = load_fixture("basic.json")
    body["Resources"]["ExtraTopic"] = {"Type": "AWS::SNS::Topic"}
    reporter = RecordingReporter(answer=False)
    result = deploy(spec("basic", body), target=target, reporter=reporter).result("basic")
    assert result.status == "cancelled"
    assert reporter.of("confirm") == [("Deploy 1 change(s) to stack basic (us-east-1)?",)]
    resources = cfn.describe_stack_resources(StackName="basic")["StackResources"]
    assert "ExtraTopic" not in {r["LogicalResourceId"] for r in resources}


def test_a_new_stack_that_is_not_confirmed_leaves_nothing_behind(target, cfn) -> None:
    reporter = RecordingReporter(answer=False)
    result = deploy(spec("basic", load_fixture("basic.json")), target=target, reporter=reporter)
    assert result.result("basic").status == "cancelled"
    assert cfn.describe_stacks()["Stacks"] == []


def test_a_template_over_the_inline_limit_goes_through_a_secured_s3_bucket(
    target, emulator
) -> None:
    body = topics(60, padding=900)
    assert len(render(body).encode()) > INLINE_TEMPLATE_LIMIT
    reporter = RecordingReporter()
    report = deploy(spec("large", body), target=target, assume_yes=True, reporter=reporter)
    assert report.ok, report.result("large").reason
    assert report.outputs["large"]["First"].startswith("arn:aws:sns:")
    bucket = bucket_name(ACCOUNT, "us-east-1")
    assert any(f"/{bucket}/large/" in m for m in reporter.messages())
    s3 = emulator.client("s3")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    assert (
        deploy(spec("large", body), target=target, assume_yes=True).result("large").status
        == "unchanged"
    )


def test_termination_protection_is_turned_on_when_asked(target, cfn) -> None:
    report = deploy(
        spec("basic", load_fixture("basic.json"), termination_protection=True),
        target=target,
        assume_yes=True,
    )
    assert report.ok
    assert cfn.describe_stacks(StackName="basic")["Stacks"][0]["EnableTerminationProtection"]
    with pytest.raises(Blocked, match="termination protection is on"):
        destroy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    assert cfn.describe_stacks(StackName="basic")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


def test_bad_parameters_fail_before_any_aws_call() -> None:
    body = load_fixture("basic.json")
    with pytest.raises(UsageError, match="--parameter Nope: no stack declares a parameter"):
        deploy(spec("basic", body), target=None, parameters={"Nope": "1"})
    body["Parameters"]["Required"] = {"Type": "String"}
    with pytest.raises(UsageError, match="parameter Required has no value and no default"):
        deploy(spec("basic", body), target=None)
    body["Parameters"]["AlsoRequired"] = {"Type": "String"}
    with pytest.raises(
        UsageError,
        match="parameters Required, AlsoRequired have no value and "
        "no default; pass --parameter Required=VALUE --parameter AlsoRequired",
    ):
        deploy(spec("basic", body), target=None)
    with pytest.raises(UsageError, match="--concurrency 0"):
        deploy(spec("basic", body), target=None, concurrency=0)


def test_outputs_and_status_report_deployed_and_missing_stacks(target) -> None:
    deploy(spec("basic", load_fixture("basic.json")), target=target, assume_yes=True)
    both = [spec("basic", load_fixture("basic.json")), spec("other", topics(1))]
    found = outputs(both, target=target)
    assert found["other"] is None and found["basic"]["VpcId"].startswith("vpc-")
    states = {s.name: s for s in status(both, target=target)}
    assert states["basic"].status == "CREATE_COMPLETE" and states["basic"].current is True
    assert states["other"].status == "NOT_DEPLOYED"
    changed = load_fixture("basic.json")
    changed["Resources"]["ExtraTopic"] = {"Type": "AWS::SNS::Topic"}
    assert status(spec("basic", changed), target=target)[0].current is False
