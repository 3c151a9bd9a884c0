from __future__ import annotations

import pytest

from hastack.core.template_file import load_template_file
from hastack.errors import TemplateFileError


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"\x00\x01binary", "is a binary file"),
        (b"[1, 2]", "is a list"),
        (b"{not json", "is not valid JSON (line 1"),
        (b"Resources: [unclosed", "is not valid YAML"),
        (b"just text", "is a str"),
        (b"AWSTemplateFormatVersion: '2010-09-09'\n", "has no Resources section"),
        (b"\xff\xfe\xfa", "is not UTF-8"),
    ],
)
def test_files_that_are_not_templates_give_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.template"
    path.write_bytes(content)
    with pytest.raises(TemplateFileError) as caught:
        load_template_file(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_file_and_a_directory_are_named(tmp_path) -> None:
    with pytest.raises(TemplateFileError, match="no such file"):
        load_template_file(tmp_path / "nope.yaml")
    with pytest.raises(TemplateFileError, match="is a directory"):
        load_template_file(tmp_path)


def test_yaml_short_tags_become_long_form_intrinsics(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties:\n"
        "      BucketName: !Sub '${AWS::StackName}-logs'\n"
        "      Tags:\n"
        "        - Key: zone\n"
        "          Value: !Select [0, !GetAZs '']\n"
        "Outputs:\n"
        "  Arn:\n"
        "    Value: !GetAtt Bucket.Arn\n"
    )
    body = load_template_file(path)
    props = body["Resources"]["Bucket"]["Properties"]
    assert props["BucketName"] == {"Fn::Sub": "${AWS::StackName}-logs"}
    assert props["Tags"][0]["Value"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert body["Outputs"]["Arn"]["Value"] == {"Fn::GetAtt": ["Bucket", "Arn"]}
    assert type(body) is dict and type(props) is dict


def test_every_corpus_template_loads(corpus_templates) -> None:
    for path in corpus_templates:
        assert load_template_file(path)["Resources"]


def test_getatt_keeps_nested_functions_in_its_list_form(tmp_path) -> None:
    """AWS::LanguageExtensions templates name the resource with ``!Sub``; a loader that keeps
    only each item's scalar turns it into a resource name that does not exist."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "Outputs:\n"
        "  Arn:\n"
        "    Value: !GetAtt [!Sub 'Buck${X}', !Ref Attr]\n"
    )
    value = load_template_file(path)["Outputs"]["Arn"]["Value"]
    assert value == {"Fn::GetAtt": [{"Fn::Sub": "Buck${X}"}, {"Ref": "Attr"}]}


def test_a_key_given_twice_keeps_its_last_value(tmp_path) -> None:
    """As the emulator reads it; validate and the deploy gate report both lines (E0000)."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SNS::Topic\n"
    )
    assert load_template_file(path)["Resources"] == {"A": {"Type": "AWS::SNS::Topic"}}


def test_dates_stay_text(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: X\n")
    assert load_template_file(path)["AWSTemplateFormatVersion"] == "2010-09-09"


@pytest.mark.parametrize(
    "text",
    [
        '{"Resources": {"A": {"Type": "X", "Properties": {"P": ' + "[" * 5000 + "]" * 5000 + "}}}}",
        "Resources:\n  A:\n    Type: X\n    Properties:\n      P: " + "[" * 5000 + "]" * 5000,
    ],
    ids=["json", "yaml"],
)
def test_a_template_nested_past_any_limit_is_an_error_not_a_crash(tmp_path, text) -> None:
    path = tmp_path / "deep.template"
    path.write_text(text)
    with pytest.raises(TemplateFileError) as caught:
        load_template_file(path)
    assert str(caught.value).startswith(str(path))
