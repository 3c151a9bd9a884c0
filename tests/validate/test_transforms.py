"""The rule pack reads templates as CloudFormation runs them: Fn::ForEach loops and SAM
resources expanded, the same way cost and analysis read them.

cfn-lint expands ``Fn::ForEach`` itself before the rules run (and maps a finding back to the
line of the loop body); since 1.x it validates SAM resources without translating them, so the
pack expands SAM through the shared model (``hastack.template.transforms``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

FOR_EACH = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Tiers:
    Type: CommaDelimitedList
    Default: Orders,Users
Resources:
  Fn::ForEach::Databases:
    - Name
    - !Ref Tiers
    - ${Name}Database:
        Type: AWS::RDS::DBInstance
        DeletionPolicy: Snapshot
        UpdateReplacePolicy: Snapshot
        Properties:
          DBInstanceIdentifier: !Sub '${Name}-db'
          Engine: postgres
          DBInstanceClass: db.t3.micro
          AllocatedStorage: '20'
          MultiAZ: false
          StorageEncrypted: true
          DeletionProtection: true
          BackupRetentionPeriod: 7
          MasterUsername: app
          ManageMasterUserPassword: true
  Fn::ForEach::Queues:
    - Kind
    - [in-bound, out-bound]
    - Queue&{Kind}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub '${Kind}-queue'
"""

SAM = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    VpcConfig:
      SubnetIds: [!Ref SubnetA]
      SecurityGroupIds: [sg-0123456789abcdef0]
Resources:
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0123456789abcdef0
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      InlineCode: "def handler(e, c): return 1"
  Spread:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      InlineCode: "def handler(e, c): return 1"
      VpcConfig:
        SubnetIds: [!Ref SubnetA, !Ref SubnetB]
        SecurityGroupIds: [sg-0123456789abcdef0]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-0123456789abcdef0
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
"""


def _lint(tmp_path: Path, text: str, name: str, regions: list[str] | None = None) -> list:
    from hastack.validate.api import validate

    path = tmp_path / name
    path.write_text(text)
    return validate(str(path), regions=regions or ["us-east-1"], use_cache=False).findings


def test_a_flaw_in_a_for_each_loop_body_is_found_once_per_expanded_resource(tmp_path):
    findings = _lint(tmp_path, FOR_EACH, "loop.yaml")
    assert not [f for f in findings if f.rule in ("E0000", "E0002")]
    single_az = [(f.path_string, f.line) for f in findings if f.rule == "E9120"]
    line = FOR_EACH.splitlines().index("          MultiAZ: false") + 1
    assert sorted(single_az) == [
        ("Resources/OrdersDatabase/Properties/MultiAZ", line),  # the loop body's line
        ("Resources/UsersDatabase/Properties/MultiAZ", line),
    ]
    # each queue of the second loop has no dead-letter queue: one finding per queue
    assert sorted(f.path_string for f in findings if f.rule == "W9405") == [
        "Resources/Queueinbound/Properties",
        "Resources/Queueoutbound/Properties",
    ]


def test_cfn_lint_expands_for_each_as_the_shared_model_does():
    """The rules see cfn-lint's expansion of the loops; cost and analysis see ours. Same ids,
    same types, same substituted properties."""
    from cfnlint.decode.cfn_yaml import loads
    from cfnlint.template import Template
    from cfnlint.template.transforms import Transform

    from hastack.template.transforms import expand

    body = loads(FOR_EACH)
    cfn = Template("loop.yaml", body, ["us-east-1"])
    assert Transform().transform(cfn) == []
    theirs = cfn.template["Resources"]
    ours = expand(loads(FOR_EACH), region="us-east-1").body["Resources"]
    assert (
        sorted(theirs)
        == sorted(ours)
        == [
            "OrdersDatabase",
            "Queueinbound",
            "Queueoutbound",
            "UsersDatabase",
        ]
    )
    for name in ours:
        assert theirs[name]["Type"] == ours[name]["Type"]
        assert _plain(theirs[name]["Properties"]) == _plain(ours[name]["Properties"]), name


def _plain(node):
    """Plain data, with a Fn::Sub of a string without variables as that string (cfn-lint
    resolves it while expanding, the shared model keeps the Sub; CloudFormation reads both
    the same)."""
    if isinstance(node, dict):
        sub = node.get("Fn::Sub")
        if len(node) == 1 and isinstance(sub, str) and "${" not in sub:
            return sub
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


@pytest.mark.parametrize("regions", [["us-east-1"], ["us-east-1", "eu-west-1"]])
def test_a_flaw_of_a_sam_function_is_found_on_the_function_as_written(tmp_path, regions):
    findings = _lint(tmp_path, SAM, "sam.yaml", regions)
    assert not [f for f in findings if f.rule in ("E0000", "E0002")]
    one_az = [(f.path_string, f.line) for f in findings if f.rule == "E9400"]
    # Handler takes its one-subnet VpcConfig from Globals, and the line is the one in Globals
    # where the flaw is written; Spread has two AZs
    line = SAM.splitlines().index("      SubnetIds: [!Ref SubnetA]") + 1
    assert one_az == [("Resources/Handler/Properties/VpcConfig/SubnetIds", line)]


def test_the_pack_reads_the_sam_expansion_of_the_shared_model():
    from cfnlint.decode.cfn_yaml import loads
    from cfnlint.template import Template

    from hastack.template.transforms import expand
    from hastack.validate.rules._helpers import all_resources, resources

    cfn = Template("sam.yaml", loads(SAM), ["us-east-1"])
    ours = expand(loads(SAM), region="us-east-1").body["Resources"]
    assert all_resources(cfn) == ours
    assert sorted(resources(cfn, "AWS::Lambda::Function")) == ["Handler", "Spread"]
    assert resources(cfn, "AWS::Serverless::Function") == {}
