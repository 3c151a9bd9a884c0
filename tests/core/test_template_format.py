"""Template format errors: what CloudFormation refuses before it creates anything, refused by
every reader (cost, availability, resilience, deploy) with every reason at once, and reported by
validate as findings instead."""

from __future__ import annotations

import json

import pytest

from hastack.cli.main import main
from hastack.core.loader import load
from hastack.core.template_format import find_cycle, format_errors, parameter_type_known
from hastack.errors import TemplateFileError

BUCKET = {"Type": "AWS::S3::Bucket"}


def _body(**resources: object) -> dict[str, object]:
    return {"Resources": resources}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_body(A=5), "[/Resources/A] Every Resources object must contain a Type member."),
        (_body(A={"Properties": {}}), "[/Resources/A] Every Resources object must contain"),
        (_body(A={"Type": 123}), "[/Resources/A] Every Resources object must contain"),
        (_body(A={"Type": "AWS::EC2::VPC", "Properties": []}), "Properties must be an object"),
        (_body(A={**BUCKET, "DependsOn": "B"}), "Unresolved resource dependencies [B]"),
        (
            _body(A={**BUCKET, "Properties": {"BucketName": {"Ref": "Nope"}}}),
            "Unresolved resource dependencies [Nope]",
        ),
        (
            _body(A={**BUCKET, "Properties": {"BucketName": {"Fn::Sub": "${Gone.Arn}-x"}}}),
            "Unresolved resource dependencies [Gone]",
        ),
        (
            _body(A={**BUCKET, "Properties": {"BucketName": {"Fn::GetAtt": "nodot"}}}),
            "every Fn::GetAtt object requires two non-empty parameters",
        ),
        (_body(A={**BUCKET, "Condition": "Missing"}), "Unresolved condition dependency Missing"),
        (
            _body(A={**BUCKET, "Properties": {"BucketName": {"Fn::If": ["No", "a", "b"]}}}),
            "Unresolved condition dependency No",
        ),
        (
            _body(A={**BUCKET, "DependsOn": "B"}, B={**BUCKET, "DependsOn": "A"}),
            "Circular dependency between resources: [A, B]",
        ),
        (
            {"Resources": {"A": BUCKET}, "Outputs": {"O": {"Export": {"Name": "x"}}}},
            "[/Outputs/O] Every Outputs member must contain a Value object.",
        ),
        (
            {"Parameters": {"P": {"Type": "Boolean"}}, "Resources": {"A": BUCKET}},
            "Unrecognized parameter type: Boolean",
        ),
        (
            {"Parameters": {"P": {"Default": "x"}}, "Resources": {"A": BUCKET}},
            "[/Parameters/P] Every Parameters object must contain a Type member.",
        ),
    ],
)
def test_each_format_error_is_named_as_cloudformation_names_it(body, expected) -> None:
    errors = format_errors(body)
    assert any(expected in error for error in errors), errors


def test_a_well_formed_template_has_no_error() -> None:
    body = {
        "Parameters": {
            "Env": {"Type": "String"},
            "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"},
            "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"},
        },
        "Conditions": {
            "Prod": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
            "NotProd": {"Fn::Not": [{"Condition": "Prod"}]},
        },
        "Resources": {
            "Bucket": {
                **BUCKET,
                "Condition": "Prod",
                "Properties": {
                    "BucketName": {
                        "Fn::Sub": ["${Name}-${AWS::Region}-${!Literal}", {"Name": "x"}]
                    },
                    "Tags": [{"Key": "a", "Value": {"Fn::If": ["NotProd", "1", "2"]}}],
                },
            },
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "DependsOn": ["Bucket"],
                "Properties": {"DisplayName": {"Fn::GetAtt": "Bucket.Arn"}},
                "Metadata": {"Ref": "NotAResourceButMetadata"},
            },
        },
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}}},
    }
    assert format_errors(body) == []


def test_references_wait_for_a_transform_which_may_create_what_they_name() -> None:
    body = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {}}},
        "Outputs": {"Role": {"Value": {"Ref": "FnRole"}}},
    }
    assert format_errors(body) == []


def test_a_language_extensions_template_is_judged_after_its_transform() -> None:
    """``Fn::ForEach::Tables`` has no Type until AWS::LanguageExtensions expands it: deploy sends
    such a template as written, and it must not be refused for a shape AWS accepts."""
    body = {
        "Transform": "AWS::LanguageExtensions",
        "Resources": {
            "Fn::ForEach::Tables": [
                "Name",
                ["A", "B"],
                {"Table${Name}": {"Type": "AWS::DynamoDB::Table", "Properties": {}}},
            ]
        },
        "Outputs": {"Fn::ForEach::Out": ["Name", ["A"], {"O${Name}": {"Value": "x"}}]},
    }
    assert format_errors(body) == []


def test_every_reason_is_given_at_once() -> None:
    body = {
        "Resources": {"A": 5, "B": {**BUCKET, "Condition": "C"}},
        "Outputs": {"O": 1},
    }
    assert len(format_errors(body)) == 3


def test_cycles_are_found_without_recursion() -> None:
    chain = {f"R{i}": {f"R{i + 1}"} for i in range(5000)}
    assert find_cycle(chain) is None
    chain["R5000"] = {"R0"}
    assert find_cycle(chain) is not None and len(find_cycle(chain) or []) == 5001


@pytest.mark.parametrize(
    ("kind", "known"),
    [
        ("String", True),
        ("List<Number>", True),
        ("List<AWS::EC2::VPC::Id>", True),
        ("AWS::SSM::Parameter::Value<List<String>>", True),
        ("AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>", True),
        ("List<String>", False),
        ("AWS::SSM::Parameter::Value<Number>", False),
        ("Boolean", False),
    ],
)
def test_parameter_types_are_those_cloudformation_lists(kind, known) -> None:
    assert parameter_type_known(kind) is known


def test_the_loader_refuses_a_malformed_template_for_every_reader(tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_body(A={**BUCKET, "DependsOn": "B"}, C=5)))
    with pytest.raises(TemplateFileError) as caught:
        load(str(path))
    message = str(caught.value)
    assert message.startswith(str(path)) and "2 format errors" in message
    assert load(str(path), well_formed=False)[0].body["Resources"]["C"] == 5


@pytest.mark.parametrize("command", ["cost", "availability", "resilience"])
def test_readers_exit_2_with_the_reasons_and_validate_reports_findings(
    tmp_path, capsys, command
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_body(A={"Type": "AWS::EC2::VPC", "Properties": []})))
    with pytest.raises(SystemExit) as done:
        main([command, str(path)])
    out = capsys.readouterr()
    assert done.value.code == 2
    assert "Properties must be an object" in out.err and "Traceback" not in out.err
    with pytest.raises(SystemExit) as checked:
        main(["validate", str(path)])
    assert checked.value.code == 1
    assert "E3012" in capsys.readouterr().out


def test_every_corpus_template_is_well_formed(corpus_templates) -> None:
    """No false refusal on templates that deploy: the third-party corpus passes."""
    for path in corpus_templates:
        [artifact] = load(str(path))
        assert format_errors(artifact.body) == [], path


def test_a_function_cloudformation_does_not_have_is_refused() -> None:
    """A tool's own function left in the template (``Fn::Rain::Embed``) or a typo: AWS stops
    with "Template error: Encountered unsupported function". Metadata is tools' own space."""
    body = {
        "Resources": {
            "Fn": {
                **BUCKET,
                "Metadata": {"Tool": {"Fn::Custom": 1}},
                "Properties": {"BucketName": {"Fn::Joins": ["", ["a", "b"]]}},
            }
        },
        "Outputs": {"Code": {"Value": {"Fn::Rain::Embed": "handler.py"}}},
    }
    assert format_errors(body) == [
        "Template error: Encountered unsupported function: Fn::Joins",
        "Template error: Encountered unsupported function: Fn::Rain::Embed (a Rain directive: "
        "`rain pkg` writes the template CloudFormation accepts)",
    ]
    body["Transform"] = "AWS::LanguageExtensions"  # Fn::Length and others: after the transform
    assert format_errors(body) == []


def test_every_reader_refuses_a_template_over_cloudformations_limits(tmp_path) -> None:
    """AWS refuses more than 500 resources (and 200 parameters or outputs) before anything is
    created: cost, availability and the others refuse it too, instead of pricing it."""
    import json

    from hastack.core.loader import load
    from hastack.errors import TemplateFileError

    path = tmp_path / "many.json"
    topics = {f"T{i}": {"Type": "AWS::SNS::Topic"} for i in range(501)}
    path.write_text(json.dumps({"Resources": topics}))
    with pytest.raises(TemplateFileError, match="501 resources, over CloudFormation's 500"):
        load(str(path))


def test_a_rain_module_says_how_to_make_it_a_template() -> None:
    """``Type: !Rain::Module vpc.yml`` is Rain's, not CloudFormation's: AWS finds no Type. In
    YAML the tag reads as a function (``Fn::Rain::Module``), and the hint was lost there."""
    from hastack.core.cfn_yaml import load_cfn_yaml

    expected = [
        "Template format error: [/Resources/Network] Every Resources object must contain a Type "
        "member. (a Rain module: `rain pkg` writes the template CloudFormation accepts)"
    ]
    body = {"Resources": {"Network": {"Type": {"Rain::Module": "vpc.yml"}}}}
    assert format_errors(body) == expected
    yaml_body = load_cfn_yaml("Resources:\n  Network:\n    Type: !Rain::Module vpc.yml\n")
    assert format_errors(yaml_body)[0] == expected[0]


def test_every_transform_a_template_asks_for_is_found_once_in_document_order() -> None:
    """One reading of the ``Transform`` section and of inline ``Fn::Transform`` calls (a
    mapping or a list), shared by the readers' notes and the engine's macro refusal."""
    from hastack.core.template_format import transform_calls

    body = {
        "Transform": ["AWS::LanguageExtensions", {"Name": "AWS::Include", "Parameters": {}}, 5],
        "Resources": {
            "A": {"Type": "T", "Properties": {"X": {"Fn::Transform": [{"Name": "Upper"}, 3]}}},
            "Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}},
        },
    }
    assert [(where, call.get("Name")) for where, call in transform_calls(body)] == [
        ("Transform", "AWS::LanguageExtensions"),
        ("Transform", "AWS::Include"),
        ("Fn::Transform", "AWS::Include"),
        ("Fn::Transform", "Upper"),
    ]
    assert transform_calls({"Resources": {"A": {"Type": "T"}}}) == []
