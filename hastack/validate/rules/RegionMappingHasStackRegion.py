"""E9309: a mapping looked up by the stack's region has an entry for that region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, stack_regions, walk


class RegionMappingHasStackRegion(HastackRule):
    id = "E9309"
    shortdesc = "Fn::FindInMap by AWS::Region finds the stack's region in the mapping"
    description = (
        "A per-region mapping (AMI ids, account ids) looked up with Ref AWS::Region must list "
        "the stack's region: CloudFormation stops the stack with 'Unable to get mapping', and an "
        "AMI id copied from another region does not exist in this one."
    )
    fix = "Add the stack's region to the mapping (with its own AMI id), or give a DefaultValue."
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html"
    tags = ["hastack", "deploy", "ec2", "any"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        checked = stack_regions(cfn)
        template = cfn.template if isinstance(cfn.template, dict) else {}
        mappings = template.get("Mappings")
        if not checked or not isinstance(mappings, dict):
            return
        for section in ("Resources", "Outputs"):
            for path, value in walk(template.get(section), [section]):
                if not isinstance(value, dict) or "Fn::FindInMap" not in value:
                    continue
                arg = value["Fn::FindInMap"]
                if not isinstance(arg, list) or len(arg) < 3 or len(arg) > 4:
                    continue
                name, key = arg[0], arg[1]
                if key != {"Ref": "AWS::Region"} or not isinstance(name, str):
                    continue
                mapping = mappings.get(name)
                if not isinstance(mapping, dict) or len(arg) == 4 or checked[0] in mapping:
                    continue
                yield (
                    path + ["Fn::FindInMap"],
                    (
                        f"mapping {name} has no entry for {checked[0]} (it lists "
                        f"{', '.join(sorted(str(k) for k in mapping)) or 'nothing'})"
                    ),
                )
