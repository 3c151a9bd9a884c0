"""One loader for every command: the disagreements the three old loaders had, and synth folders.

Each command used to read its targets its own way: an empty ``Resources`` was refused by cost
and validate but accepted by the analysis, parameter values were stringified three ways, and
``hastack validate out/*.json`` read ``manifest.json`` as a template.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from troposphere import Output, Parameter, Ref, Template, sns

from hastack.analysis.availability import estimate_availability
from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import load_sources
from hastack.core.app import App
from hastack.core.artifact import OutputRef, StackArtifact, parameter_text
from hastack.core.loader import load
from hastack.core.stack import Stack
from hastack.cost.api import estimate
from hastack.deploy.spec import specs_of
from hastack.errors import TemplateFileError, UsageError
from hastack.validate.api import validate


def _topic_stack(name: str, region: str = "us-east-1", **parameters: object) -> Stack:
    t = Template()
    for key in parameters:
        t.add_parameter(Parameter(key, Type="String"))
    t.add_resource(sns.Topic("Topic"))
    t.add_output(Output("TopicArn", Value=Ref("Topic")))
    return Stack(name, t, region=region, parameters=dict(parameters))  # type: ignore[arg-type]


def _two_stack_app() -> App:
    producer = _topic_stack("producer", "eu-west-1")
    consumer = _topic_stack("consumer", "eu-west-1")
    consumer.consume("ProducerTopic", producer.output("TopicArn"))
    app = App("pair")
    app.extend([producer, consumer])
    return app


@pytest.fixture
def synth_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    _two_stack_app().synth(out)
    return out


READERS = {
    "validate": lambda t: validate(t, use_cache=False),
    "cost": estimate,
    "availability": estimate_availability,
    "resilience": check_resilience,
    "deploy": specs_of,
}


@pytest.mark.parametrize("command", sorted(READERS))
def test_an_empty_resources_section_is_refused_by_every_command(command: str) -> None:
    with pytest.raises(UsageError, match="no Resources"):
        READERS[command]({"Resources": {}})


@pytest.mark.parametrize("command", sorted(READERS))
def test_an_empty_resources_file_is_refused_by_every_command(command: str, tmp_path) -> None:
    path = tmp_path / "empty.json"
    path.write_text('{"Resources": {}}')
    with pytest.raises(TemplateFileError, match="no Resources"):
        READERS[command](str(path))


def test_parameter_values_are_stringified_one_way_for_every_command() -> None:
    stack = _topic_stack("flags", Enabled=True, Zones=["a", "b"], Count=2)
    expected = {"Enabled": "true", "Zones": "a,b", "Count": "2"}
    assert load_sources(stack)[0].parameters == expected  # analysis
    assert specs_of(stack)[0].parameters == expected  # deploy
    assert load(stack, verb="estimate")[0].parameters == expected  # cost
    assert parameter_text(False) == "false"


def test_validate_of_a_synth_folder_glob_does_not_read_the_manifest(synth_folder: Path) -> None:
    files = sorted(str(p) for p in synth_folder.glob("*.json"))
    assert any(f.endswith("manifest.json") for f in files)
    report = validate(files, use_cache=False)
    assert [r.name for r in report.results] == [
        "consumer.template.json",
        "producer.template.json",
    ]
    assert all(r.regions == ["eu-west-1"] for r in report.results)


def test_a_synth_folder_is_a_target_for_every_command(synth_folder: Path) -> None:
    [producer, consumer] = load(synth_folder)
    assert (producer.name, consumer.name) == ("producer", "consumer")
    assert consumer.region == "eu-west-1"
    assert consumer.inputs == {"ProducerTopic": OutputRef("producer", "TopicArn")}
    assert consumer.depends_on == ["producer"]

    assert [r.name for r in validate(synth_folder, use_cache=False).results] == [
        "producer.template.json",
        "consumer.template.json",
    ]
    priced = estimate(str(synth_folder))
    assert priced.stacks == ["producer", "consumer"] and priced.region == "eu-west-1"
    assert [s.name for s in specs_of(synth_folder)] == ["producer", "consumer"]
    assert estimate_availability(str(synth_folder)).composition
    assert check_resilience(str(synth_folder)).scenarios is not None
    [only] = load(str(synth_folder), stacks=["consumer"])
    assert only.name == "consumer"


def test_the_manifest_itself_stands_for_its_folder_once(synth_folder: Path) -> None:
    targets = [str(synth_folder / "manifest.json"), str(synth_folder / "producer.template.json")]
    assert [a.name for a in load(targets)] == ["producer", "consumer"]


def test_a_folder_without_a_manifest_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="without manifest.json"):
        load(tmp_path)


def test_an_unknown_stack_of_a_synth_folder_is_a_usage_error(synth_folder: Path) -> None:
    with pytest.raises(UsageError, match="--stack nope: .* has no such stack"):
        load(synth_folder, stacks=["nope"])


def test_region_applies_only_to_templates_that_carry_none(synth_folder: Path, tmp_path) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(_topic_stack("plain").body))
    loaded = load([str(plain), synth_folder], region="ap-southeast-2")
    assert [(a.name, a.region) for a in loaded] == [
        ("plain.json", "ap-southeast-2"),
        ("producer", "eu-west-1"),
        ("consumer", "eu-west-1"),
    ]


def test_an_artifact_from_a_stack_carries_its_deploy_settings() -> None:
    app = _two_stack_app()
    consumer = load(app, stacks=["consumer"])[0]
    assert isinstance(consumer, StackArtifact)
    assert consumer.app == "pair" and consumer.stack_name == "consumer"
    assert consumer.source_text() == app.stack("consumer").to_json()
    assert consumer.stack_tags()[0] == {"Key": "hastack:app", "Value": "pair"}


def test_something_that_is_not_a_target_is_named_in_the_error() -> None:
    with pytest.raises(UsageError, match="cannot estimate a int"):
        estimate(3)


def test_a_blueprint_in_a_region_aws_does_not_have_fails_at_construction() -> None:
    from hastack.blueprints import HAWebApp
    from hastack.errors import OptionsError

    with pytest.raises(OptionsError, match="region='us-east-9'"):
        HAWebApp("shop", region="us-east-9")  # the right shape, but no such region


def test_cost_region_is_for_templates_without_one_and_price_region_moves_all(
    synth_folder: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(_topic_stack("plain").body))
    own = estimate([str(plain), str(synth_folder)], region="ap-southeast-2")
    assert own.region == "ap-southeast-2, eu-west-1"  # the folder's stacks keep their region
    moved = estimate([str(plain), str(synth_folder)], price_region="us-west-2")
    assert moved.region == "us-west-2"


def test_an_unknown_region_option_is_one_usage_error() -> None:
    with pytest.raises(UsageError, match="--region: 'eu-wset-1' is not an AWS region"):
        load({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}, region="eu-wset-1")
