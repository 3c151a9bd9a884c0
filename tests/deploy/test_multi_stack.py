"""Apps of several stacks: order, outputs passed as parameters, no-op redeploy, destroy order."""

from __future__ import annotations

import pytest
from troposphere import Output, Ref, Template, ec2, sns

from hastack.core.app import App
from hastack.core.stack import Stack
from hastack.deploy.api import deploy, destroy
from hastack.deploy.reporter import RecordingReporter
from hastack.errors import DependencyCycleError


def three_tier_app() -> App:
    """net -> data -> web (web also reads net), plus an independent alerts stack."""
    net_t = Template()
    net_t.add_resource(ec2.VPC("Vpc", CidrBlock="10.50.0.0/16"))
    net_t.add_output(Output("VpcId", Value=Ref("Vpc")))
    net = Stack("net", net_t)

    data = Stack("data", Template())
    vpc = data.consume("VpcId", net.output("VpcId"))
    data.template.add_resource(ec2.Subnet("Subnet", VpcId=vpc, CidrBlock="10.50.1.0/24"))
    data.template.add_output(Output("SubnetId", Value=Ref("Subnet")))
    data.refresh()

    web = Stack("web", Template())
    web_vpc = web.consume("VpcId", net.output("VpcId"))
    web.consume("SubnetId", data.output("SubnetId"))
    web.template.add_resource(
        ec2.SecurityGroup("WebSecurityGroup", GroupDescription="web", VpcId=web_vpc)
    )
    web.template.add_output(Output("GroupId", Value=Ref("WebSecurityGroup")))
    web.template.add_output(Output("SubnetSeen", Value=Ref("SubnetId")))
    web.refresh()

    alerts_t = Template()
    alerts_t.add_resource(sns.Topic("AlarmTopic"))
    alerts = Stack("alerts", alerts_t)

    app = App("shop")
    app.extend([web, data, alerts, net])
    return app


def started(reporter: RecordingReporter) -> list[str]:
    return [args[0] for args in reporter.of("start")]


def test_stacks_deploy_in_dependency_order_with_outputs_passed_as_parameters(target, cfn) -> None:
    reporter = RecordingReporter()
    report = deploy(three_tier_app(), target=target, assume_yes=True, reporter=reporter)
    assert report.ok, [(r.name, r.reason) for r in report.failures]
    order = started(reporter)
    assert sorted(order) == ["alerts", "data", "net", "web"]
    assert order.index("net") < order.index("data") < order.index("web")
    vpc_id = report.outputs["net"]["VpcId"]
    data_params = cfn.describe_stacks(StackName="data")["Stacks"][0]["Parameters"]
    assert {p["ParameterKey"]: p["ParameterValue"] for p in data_params} == {"VpcId": vpc_id}
    assert report.outputs["web"]["SubnetSeen"] == report.outputs["data"]["SubnetId"]
    tags = cfn.describe_stacks(StackName="web")["Stacks"][0]["Tags"]
    assert {"Key": "hastack:app", "Value": "shop"} in tags


def test_redeploying_an_unchanged_app_skips_every_stack(target) -> None:
    deploy(three_tier_app(), target=target, assume_yes=True)
    reporter = RecordingReporter()
    report = deploy(three_tier_app(), target=target, assume_yes=True, reporter=reporter)
    assert [r.status for r in report.results] == ["unchanged"] * 4
    assert report.outputs["web"]["GroupId"].startswith("sg-")
    assert not reporter.of("start")


def test_one_selected_stack_reads_its_producers_outputs_from_the_deployed_stacks(target) -> None:
    deploy(three_tier_app(), target=target, assume_yes=True)
    app = three_tier_app()
    app.stack("web").template.add_output(Output("Extra", Value="1"))
    app.stack("web").refresh()
    report = deploy(app, target=target, assume_yes=True, stacks=["web"])
    assert [(r.name, r.status) for r in report.results] == [("web", "updated")]
    assert report.outputs["web"]["Extra"] == "1"


def test_a_failed_producer_stops_its_consumers(target) -> None:
    app = three_tier_app()
    app.stack("net").template.resources["Vpc"].CidrBlock = "10.0.0.0/8"
    app.stack("net").refresh()
    report = deploy(app, target=target, assume_yes=True, concurrency=1)
    statuses = {r.name: r.status for r in report.results}
    assert statuses["net"] == "failed"
    assert statuses["data"] == statuses["web"] == "skipped"
    assert "net did not succeed" in report.result("data").reason


def test_destroy_deletes_consumers_before_producers(target, cfn) -> None:
    deploy(three_tier_app(), target=target, assume_yes=True)
    reporter = RecordingReporter()
    report = destroy(three_tier_app(), target=target, assume_yes=True, reporter=reporter)
    assert report.ok, [(r.name, r.reason) for r in report.failures]
    order = started(reporter)
    assert order.index("web") < order.index("data") < order.index("net")
    assert cfn.describe_stacks()["Stacks"] == []
    again = destroy(three_tier_app(), target=target, assume_yes=True)
    assert {r.status for r in again.results} == {"absent"}


def test_a_dependency_cycle_is_an_error_naming_the_stacks() -> None:
    a, b = Stack("a", Template()), Stack("b", Template())
    for stack in (a, b):
        stack.template.add_resource(sns.Topic("Topic"))
        stack.template.add_output(Output("Arn", Value=Ref("Topic")))
    a.consume("FromB", b.output("Arn"))
    b.consume("FromA", a.output("Arn"))
    app = App("loop")
    app.extend([a, b])
    with pytest.raises(DependencyCycleError, match="a -> b -> a"):
        deploy(app, target=None, assume_yes=True)


def test_destroy_of_a_stack_holding_a_database_needs_confirmation_and_names_the_snapshot(
    target, cfn
) -> None:
    from hastack.deploy.spec import StackSpec
    from tests.deploy.templates import database

    spec = StackSpec("db", database(), "us-east-1")
    deploy(spec, target=target, assume_yes=True, skip_checks=True)
    refusing = RecordingReporter(answer=False)
    report = destroy(spec, target=target, reporter=refusing)
    assert report.result("db").status == "cancelled" and not report.ok
    [warning] = [m for m in refusing.messages() if "DatabaseInstance" in m]
    assert "final snapshot is taken (DeletionPolicy Snapshot)" in warning
    [(question,)] = refusing.of("confirm")
    assert question == "Delete stack db (us-east-1) and its 1 data resource(s) listed above?"
    assert cfn.describe_stacks(StackName="db")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert destroy(spec, target=target, reporter=RecordingReporter(answer=True)).ok


class MainThreadReporter(RecordingReporter):
    """Says yes, and remembers which thread asked (prompts must run where Ctrl-C arrives)."""

    def __init__(self) -> None:
        super().__init__(answer=True)
        self.threads: list[str] = []

    def confirm(self, question: str) -> bool:
        import threading

        self.threads.append(threading.current_thread().name)
        return super().confirm(question)


def test_confirmations_of_parallel_stacks_are_asked_on_the_main_thread(target) -> None:
    reporter = MainThreadReporter()
    report = deploy(three_tier_app(), target=target, reporter=reporter, concurrency=4)
    assert report.ok, [(r.name, r.reason) for r in report.failures]
    assert len(reporter.of("confirm")) == 4
    assert set(reporter.threads) == {"MainThread"}


def test_changing_the_aurora_engine_of_the_webapp_example_is_blocked(target, emulator) -> None:
    import copy
    import dataclasses

    from hastack.core.app_loader import load_app
    from hastack.deploy.spec import specs_of
    from tests.conftest import EXAMPLES

    [webapp] = specs_of(load_app(str(EXAMPLES / "webapp.py")))
    assert deploy(webapp, target=target, assume_yes=True).ok
    changed = dataclasses.replace(webapp, body=copy.deepcopy(webapp.body))
    cluster = changed.body["Resources"]["DatabaseCluster"]["Properties"]
    cluster["Engine"] = "aurora-postgresql"
    result = deploy(changed, target=target, assume_yes=True).result(webapp.name)
    assert result.status == "blocked"
    assert "replaces DatabaseCluster (AWS::RDS::DBCluster) (changed: Engine)" in result.reason
    clusters = emulator.client("rds").describe_db_clusters()["DBClusters"]
    assert [c["Engine"] for c in clusters] == ["aurora-mysql"]


def test_destroying_a_producer_alone_is_refused_while_its_consumer_is_deployed(target, cfn) -> None:
    from hastack.errors import DeployError

    deploy(three_tier_app(), target=target, assume_yes=True)
    with pytest.raises(DeployError, match="stack data is deployed and reads outputs of net"):
        destroy(three_tier_app(), target=target, assume_yes=True, stacks=["net"])
    assert cfn.describe_stacks(StackName="net")["Stacks"]
    report = destroy(three_tier_app(), target=target, assume_yes=True, stacks=["web"])
    assert [(r.name, r.status) for r in report.results] == [("web", "deleted")]
