from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from troposphere import Output, Ref, Template
from troposphere.sns import Topic

from hastack import App, Stack
from hastack.core.blueprint import Blueprint
from hastack.core.options import Options, option
from hastack.errors import DependencyCycleError, UsageError


@dataclass(frozen=True, kw_only=True)
class _TopicOptions(Options):
    count: int = option(2, help="Topics.", ge=1, le=5)


def topic_stack(name: str, output: str = "TopicArn") -> Stack:
    t = Template()
    t.add_resource(Topic("Alerts"))
    t.add_output(Output(output, Value=Ref("Alerts")))
    return Stack(name, t)


def test_json_and_yaml_are_sorted_and_identical_across_builds() -> None:
    first, second = topic_stack("a"), topic_stack("a")
    assert first.to_json() == second.to_json()
    assert first.to_yaml() == second.to_yaml()
    assert list(json.loads(first.to_json())) == sorted(json.loads(first.to_json()))


def test_write_uses_the_stack_name_and_format(tmp_path) -> None:
    stack = topic_stack("alerts")
    path = stack.write(tmp_path, "yaml")
    assert path.name == "alerts.template.yaml"
    assert "AWS::SNS::Topic" in path.read_text()


def test_bad_stack_names_and_regions_are_refused() -> None:
    with pytest.raises(UsageError, match="stack name '1bad'"):
        Stack("1bad", Template())
    with pytest.raises(UsageError, match="region 'mars-1'"):
        Stack("good", Template(), region="mars-1")


def test_consuming_an_output_adds_a_parameter_and_a_dependency() -> None:
    producer = topic_stack("producer")
    consumer = topic_stack("consumer")
    ref = consumer.consume("AlertsArn", producer.output("TopicArn"))
    assert ref.to_dict() == {"Ref": "AlertsArn"}
    assert consumer.body["Parameters"]["AlertsArn"]["Type"] == "String"
    assert consumer.depends_on == ["producer"]
    assert consumer.inputs["AlertsArn"].output == "TopicArn"


def test_asking_for_a_missing_output_names_the_ones_that_exist() -> None:
    with pytest.raises(UsageError, match="has no output 'Nope'; it has: TopicArn"):
        topic_stack("p").output("Nope")


def test_app_orders_stacks_by_dependency_in_levels() -> None:
    net, db, web, other = (topic_stack(n) for n in ("net", "db", "web", "other"))
    db.consume("Net", net.output("TopicArn"))
    web.consume("Net", net.output("TopicArn"))
    web.consume("Db", db.output("TopicArn"))
    app = App("x")
    app.extend([web, other, db, net])
    assert [[s.name for s in level] for level in app.levels()] == [
        ["other", "net"],
        ["db"],
        ["web"],
    ]
    assert [s.name for s in app.select(["web", "net"])] == ["net", "web"]


def test_dependency_cycles_name_the_stacks() -> None:
    a, b = topic_stack("a"), topic_stack("b")
    a.consume("FromB", b.output("TopicArn"))
    b.consume("FromA", a.output("TopicArn"))
    app = App()
    app.extend([a, b])
    with pytest.raises(DependencyCycleError, match="a -> b -> a"):
        app.order()


def test_depending_on_a_stack_outside_the_app_is_an_error() -> None:
    a = topic_stack("a")
    a.depends_on.append("ghost")
    app = App("x")
    app.add(a)
    with pytest.raises(UsageError, match="depends on 'ghost'"):
        app.order()


def test_two_stacks_with_one_name_are_refused() -> None:
    app = App()
    app.add(topic_stack("same"))
    with pytest.raises(UsageError, match="two stacks are named 'same'"):
        app.add(topic_stack("same"))


def test_app_synth_writes_templates_and_a_manifest(tmp_path) -> None:
    producer, consumer = topic_stack("producer"), topic_stack("consumer")
    consumer.consume("Arn", producer.output("TopicArn"))
    app = App("demo")
    app.extend([consumer, producer])
    paths = app.synth(tmp_path)
    assert [p.name for p in paths] == ["producer.template.json", "consumer.template.json"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [s["name"] for s in manifest["stacks"]] == ["producer", "consumer"]
    assert manifest["stacks"][1]["inputs"] == {"Arn": {"stack": "producer", "output": "TopicArn"}}


def test_consuming_after_serialising_refreshes_the_json_too() -> None:
    producer, consumer = topic_stack("producer"), topic_stack("consumer")
    before = consumer.to_json()
    consumer.consume("AlertsArn", producer.output("TopicArn"))
    assert "AlertsArn" not in before and '"AlertsArn"' in consumer.to_json()


class _Topics(Blueprint):
    """Two topics and an output: a blueprint small enough to build many times."""

    options_class = _TopicOptions

    def build(self, t: Template) -> None:
        for index in range(self.options.count):
            t.add_resource(Topic(f"Topic{index}"))
        t.add_output(Output("FirstArn", Value=Ref("Topic0")))


def test_an_app_keeps_the_text_of_a_blueprint_stack_not_its_objects() -> None:
    app = App("many")
    stacks = [app.add(_Topics(f"topics-{i}", region="eu-west-1", count=2)) for i in range(3)]
    reference = _Topics("topics-0", region="eu-west-1", count=2).synth().to_json()
    assert all(s._template is None for s in stacks)  # sealed: no troposphere objects left
    assert stacks[0].to_json() == reference
    assert stacks[0].body == json.loads(reference)
    assert (stacks[0].outputs, stacks[0].resource_count) == (["FirstArn"], 2)
    assert [s.name for s in app.order()] == ["topics-0", "topics-1", "topics-2"]


def test_a_sealed_stack_keeps_its_text_compressed_and_nothing_else() -> None:
    """Memory stays flat in the number of stacks: each keeps about 11 kB, not the 54 kB text of
    a web app (nor its troposphere objects)."""
    from hastack.blueprints import HAWebApp

    app = App("shops")
    stack = app.add(HAWebApp("shop", region="eu-west-1"))
    text = HAWebApp("shop", region="eu-west-1").synth().to_json()
    assert stack.to_json() == text and stack.body == json.loads(text)
    assert stack._packed is not None and len(stack._packed) < len(text) / 4
    assert not {"_json", "_body"} & set(vars(stack))  # unpacked on use, never kept
    stack.template  # noqa: B018 - reading it rebuilds and unseals
    assert stack._packed is None and stack.to_json() == text


def test_reading_the_template_of_a_sealed_stack_rebuilds_it_and_keeps_changes() -> None:
    app = App("many")
    stack = app.add(_Topics("topics", count=1))
    stack.template.add_resource(Topic("Extra"))
    assert stack._template is not None
    assert set(json.loads(stack.to_json())["Resources"]) == {"Topic0", "Extra"}
    assert stack.resource_count == 2
    stack.seal()  # handed out: it may change again, so it is kept
    assert stack._template is not None


def test_a_template_changed_before_the_stack_joins_an_app_is_not_dropped() -> None:
    stack = _Topics("topics", count=1).synth()
    stack.template.add_output(Output("Extra", Value="1"))
    App("one").add(stack)
    assert stack.outputs == ["Extra", "FirstArn"]
    assert "Extra" in json.loads(stack.to_json())["Outputs"]


def test_a_stack_made_from_a_template_object_keeps_it() -> None:
    stack = topic_stack("own")
    App("one").add(stack)
    assert stack._template is not None


def test_a_plain_stack_without_a_region_takes_it_where_a_blueprint_does(monkeypatch) -> None:
    """One default: AWS_REGION (then the rest of the AWS CLI's chain), not us-east-1 always."""
    from hastack.core import regions

    regions.clear_region_choice()
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    stack = Stack("plain", Template())
    assert (stack.region, stack.region_source) == ("eu-west-1", "AWS_REGION")
    assert Stack("named", Template(), region="us-east-2").region_source == "region="
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    assert Stack("fallback", Template()).region == regions.DEFAULT_REGION
