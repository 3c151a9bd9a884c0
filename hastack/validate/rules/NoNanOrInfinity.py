"""E9302: no NaN or Infinity anywhere in the template."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, walk


class NoNanOrInfinity(HastackRule):
    id = "E9302"
    shortdesc = "No NaN or Infinity value in the template"
    description = (
        "JSON has no NaN or Infinity: Python's json and YAML's .nan/.inf accept them, but "
        "CloudFormation rejects the template (or the property) and cfn-lint lets them through."
    )
    fix = "Write a finite number (or a string the property documents)."
    source_url = "https://www.rfc-editor.org/rfc/rfc8259#section-6"
    tags = ["hastack", "deploy", "any"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template = cfn.template if isinstance(cfn.template, dict) else {}
        for path, value in walk(template, []):
            if isinstance(value, float) and not math.isfinite(value):
                yield path, f"{'/'.join(str(p) for p in path)} is {value}, not a JSON number"
