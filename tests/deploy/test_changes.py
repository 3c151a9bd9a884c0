"""The diff model: template comparison, change set parsing, merging and the stateful guard."""

from __future__ import annotations

import copy

from hastack.deploy.changes import (
    StackDiff,
    change_set_changes,
    merge,
    template_changes,
)

CLUSTER = {
    "Type": "AWS::RDS::DBCluster",
    "DeletionPolicy": "Snapshot",
    "UpdateReplacePolicy": "Snapshot",
    "Properties": {
        "Engine": "aurora-mysql",
        "DBClusterIdentifier": "shop",
        "BackupRetentionPeriod": 7,
    },
}
OLD = {
    "Resources": {
        "DatabaseCluster": CLUSTER,
        "AutoScalingGroup": {
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            "Properties": {"MinSize": "2", "MaxSize": "4"},
        },
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b"}},
    }
}


def changed(**edits: dict) -> dict:
    body = copy.deepcopy(OLD)
    for logical_id, props in edits.items():
        body["Resources"][logical_id].setdefault("Properties", {}).update(props)
    return body


def by_id(changes):
    return {c.logical_id: c for c in changes}


def test_a_new_stack_is_all_additions() -> None:
    changes = template_changes(None, OLD)
    assert [(c.action, c.logical_id) for c in changes] == [
        ("Add", "DatabaseCluster"),
        ("Add", "AutoScalingGroup"),
        ("Add", "Topic"),
        ("Add", "Bucket"),
    ]
    assert not any(c.destructive for c in changes)


def test_identical_templates_have_no_changes() -> None:
    assert template_changes(OLD, copy.deepcopy(OLD)) == []


def test_an_asg_size_change_is_an_in_place_modify_listing_the_properties() -> None:
    changes = by_id(
        template_changes(OLD, changed(AutoScalingGroup={"MaxSize": "6", "MinSize": "3"}))
    )
    asg = changes["AutoScalingGroup"]
    assert (asg.action, asg.properties, asg.replacement, asg.destructive) == (
        "Modify",
        ["MaxSize", "MinSize"],
        None,
        False,
    )


def test_changing_the_db_engine_replaces_the_cluster_and_is_destructive() -> None:
    cluster = by_id(
        template_changes(OLD, changed(DatabaseCluster={"Engine": "aurora-postgresql"}))
    )["DatabaseCluster"]
    assert cluster.replacement == "True" and cluster.replaced_by == ["Engine"]
    assert cluster.destructive
    assert "final snapshot" in cluster.describe_risk()


def test_changing_the_cluster_identifier_is_destructive_but_backup_retention_is_not() -> None:
    ident = by_id(template_changes(OLD, changed(DatabaseCluster={"DBClusterIdentifier": "x"})))
    assert ident["DatabaseCluster"].destructive
    backup = by_id(template_changes(OLD, changed(DatabaseCluster={"BackupRetentionPeriod": 14})))
    assert backup["DatabaseCluster"].replacement == "False"
    assert not backup["DatabaseCluster"].destructive


def test_removing_a_bucket_is_destructive_unless_it_is_retained() -> None:
    body = copy.deepcopy(OLD)
    del body["Resources"]["Bucket"]
    removal = by_id(template_changes(OLD, body))["Bucket"]
    assert removal.action == "Remove" and removal.destructive
    retained = copy.deepcopy(OLD)
    retained["Resources"]["Bucket"]["DeletionPolicy"] = "Retain"
    assert not by_id(template_changes(retained, body))["Bucket"].destructive


def test_a_changed_type_under_the_same_logical_id_is_a_replacement() -> None:
    body = copy.deepcopy(OLD)
    body["Resources"]["Topic"] = {"Type": "AWS::SQS::Queue"}
    topic = by_id(template_changes(OLD, body))["Topic"]
    assert (topic.action, topic.replacement, topic.properties) == ("Modify", "True", ["Type"])


def test_change_set_details_are_parsed_and_merged_with_the_stronger_replacement() -> None:
    raw = [
        {
            "Type": "Resource",
            "ResourceChange": {
                "Action": "Modify",
                "LogicalResourceId": "DatabaseCluster",
                "ResourceType": "AWS::RDS::DBCluster",
                "Replacement": "False",
                "Details": [{"Target": {"Attribute": "Properties", "Name": "Port"}}],
            },
        },
        {
            "Type": "Resource",
            "ResourceChange": {
                "Action": "Modify",
                "LogicalResourceId": "Topic",
                "ResourceType": "AWS::SNS::Topic",
                "Replacement": "Conditional",
                "Details": [{"Target": {"Attribute": "Tags"}}],
            },
        },
    ]
    from_cs = change_set_changes(raw)
    local = template_changes(OLD, changed(DatabaseCluster={"Engine": "aurora-postgresql"}))
    merged = by_id(merge(from_cs, local))
    assert merged["DatabaseCluster"].replacement == "True"
    assert merged["DatabaseCluster"].properties == ["Port", "Engine"]
    assert merged["Topic"].replacement == "Conditional" and merged["Topic"].properties == ["Tags"]
    assert not merged["Topic"].destructive


def test_the_diff_lists_destructive_changes_first() -> None:
    body = changed(DatabaseCluster={"Engine": "aurora-postgresql"})
    body["Resources"]["NewTopic"] = {"Type": "AWS::SNS::Topic"}
    diff = StackDiff("s", "us-east-1", "update", template_changes(OLD, body))
    assert [c.logical_id for c in diff.ordered()] == ["DatabaseCluster", "NewTopic"]
    data = diff.to_dict()
    assert data["destructive"] == 1 and data["changes"][0]["replaced_by"] == ["Engine"]


def test_destroy_describes_snapshot_retain_and_deletion_protection() -> None:
    from hastack.deploy.api import stateful_resources

    body = copy.deepcopy(OLD)
    body["Resources"]["DatabaseCluster"]["Properties"]["DeletionProtection"] = True
    body["Resources"]["Bucket"]["DeletionPolicy"] = "Retain"
    found = {r.logical_id: r.describe() for r in stateful_resources(body)}
    assert set(found) == {"DatabaseCluster", "Bucket"}
    assert "a final snapshot is taken (DeletionPolicy Snapshot)" in found["DatabaseCluster"]
    assert "DeletionProtection is on" in found["DatabaseCluster"]
    assert found["Bucket"].endswith("it is kept outside the stack (DeletionPolicy Retain)")


def test_the_guard_names_the_snapshot_hastack_takes_of_a_database_with_no_keeping_policy() -> None:
    bare = copy.deepcopy(CLUSTER)
    del bare["DeletionPolicy"], bare["UpdateReplacePolicy"]
    old = {"Resources": {"DatabaseCluster": bare}}
    new = copy.deepcopy(old)
    new["Resources"]["DatabaseCluster"]["Properties"]["Engine"] = "aurora-postgresql"
    [replace] = template_changes(old, new)
    assert "hastack takes a manual snapshot (hastack-" in replace.describe_risk()
    assert "no DeletionPolicy keeps a copy" not in replace.describe_risk()
    [remove] = template_changes(old, {"Resources": {}})
    assert "hastack takes a manual snapshot" in remove.describe_risk()
    bucket = {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}
    [gone] = template_changes(bucket, {"Resources": {}})
    assert "deleted with its data" in gone.describe_risk()


def test_loops_are_compared_as_cloudformation_expands_them() -> None:
    """AWS::LanguageExtensions runs before a change set is computed: a loop's key is not a
    resource, its items are, and a collection from a parameter uses the deploy's value."""
    loop = {
        "Transform": "AWS::LanguageExtensions",
        "Parameters": {"Names": {"Type": "CommaDelimitedList", "Default": "a"}},
        "Resources": {
            "Fn::ForEach::Queues": [
                "Name",
                {"Ref": "Names"},
                {"Queue${Name}": {"Type": "AWS::SQS::Queue"}},
            ]
        },
    }
    assert [(c.action, c.logical_id) for c in template_changes(None, loop)] == [("Add", "Queuea")]
    changes = template_changes(loop, loop, {"Names": "a,b"}, {"Names": "a"})
    assert [(c.action, c.logical_id) for c in changes] == [("Add", "Queueb")]
