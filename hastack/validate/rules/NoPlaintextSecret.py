"""W9210: no password or other secret is written into the template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, all_resources, props

SECRET_SUFFIXES = (
    "password",
    "passwd",
    "secret",
    "secretstring",
    "secretaccesskey",
    "authtoken",
    "apikey",
    "privatekey",
    "token",
)
NOT_SECRETS = {
    "clienttoken",
    "idempotencytoken",
    "secretstringtemplate",
    "generatesecretstring",
    "servicetoken",  # a custom resource's Lambda or SNS ARN
}
DYNAMIC_REFERENCE = "{{resolve:"


class NoPlaintextSecret(HastackRule):
    id = "W9210"
    shortdesc = "No plaintext password or secret in the template"
    description = (
        "Template text is stored by CloudFormation, shown in the console and kept in source "
        "control: a secret written there is readable by everyone with access to any of them."
    )
    fix = (
        "Use ManageMasterUserPassword: true, a {{resolve:secretsmanager:...}} dynamic reference, "
        "or a NoEcho parameter without a Default."
    )
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds"
    tags = ["hastack", "security", "secrets"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        parameters = cfn.template.get("Parameters")
        parameters = parameters if isinstance(parameters, dict) else {}
        for name, res in all_resources(cfn).items():
            base: list[str | int] = ["Resources", name, "Properties"]
            for path, key, value in _walk(props(res), base):
                problem = _problem(value, parameters)
                if problem:
                    yield path, f"{name} {key}: {problem}"


def _is_secret_key(key: str) -> bool:
    normal = key.lower().replace("_", "").replace("-", "")
    return normal not in NOT_SECRETS and normal.endswith(SECRET_SUFFIXES)


def _walk(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                continue
            if _is_secret_key(key):
                yield path + [key], key, item
            elif not key.startswith("Fn::"):
                yield from _walk(item, path + [key])
        # Environment variables and tags are lists of {Name|Key, Value}
        name = value.get("Name", value.get("Key"))
        if isinstance(name, str) and "Value" in value and _is_secret_key(name):
            yield path + ["Value"], name, value["Value"]
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + [i])


def _problem(value: Any, parameters: dict[str, Any]) -> str | None:
    if isinstance(value, str):
        if not value.strip() or value.startswith(DYNAMIC_REFERENCE):
            return None
        return "a literal secret; use a managed password or a dynamic reference"
    if isinstance(value, dict) and set(value) == {"Ref"} and isinstance(value["Ref"], str):
        parameter = parameters.get(value["Ref"])
        if not isinstance(parameter, dict):
            return None
        default = parameter.get("Default")
        if (
            isinstance(default, str)
            and default.strip()
            and not default.startswith(DYNAMIC_REFERENCE)
        ):
            return f"parameter {value['Ref']} has the secret as its Default"
        if str(parameter.get("NoEcho", "false")).lower() != "true":
            return f"parameter {value['Ref']} is not NoEcho, so the value shows in the console"
    return None
