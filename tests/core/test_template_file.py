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
