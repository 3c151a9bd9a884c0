"""cfn-lint in-process: the rule collection is built once per process and reused.

Building cfn-lint's ~330 rules plus the pack takes about 0.3 s, as long as linting a small
template, so :func:`rules_for` caches the collection. It is a ``cfnlint.rules.Rules`` (the
class cfn-lint's own runner uses) and is run through ``run_template_by_data``; we do not go
through ``cfnlint.api.lint``, which silently swaps an object of another class for the default
rules (a test checks that the pack's rules really report).
"""

from __future__ import annotations

import gc
import re
from functools import cache
from typing import Any

from hastack.validate.finding import Finding, severity_of
from hastack.validate.rules import RULES_DIR
from hastack.validate.suppress import suppressions

PACK_FOLDER = str(RULES_DIR)


@cache
def rules_for(extra_folders: tuple[str, ...] = ()) -> Any:
    """cfn-lint's default rules + the pack (+ extra folders), as one ``Rules`` collection."""
    from cfnlint.config import _DEFAULT_RULESDIR
    from cfnlint.rules import Rules

    rules = Rules()
    for folder in (_DEFAULT_RULESDIR, PACK_FOLDER, *extra_folders):
        rules.update(Rules.create_from_directory(folder))
    for rule_id, keys in PURE_RULES.items():
        if rule_id in rules:
            remember_clean_results(rules[rule_id], keys)
    share_validator_classes()
    # cfn-lint's rules and schemas live as long as the process: move them out of the garbage
    # collector's sight. Linting gets ~12% faster (the collector stops rescanning them) and
    # forked workers keep sharing those memory pages instead of copying them.
    gc.freeze()
    return rules


PURE_RULES: dict[str, tuple[str, ...]] = {
    # E3062 checks DBInstanceClass against Engine/EngineVersion in a 5 MB schema: about a
    # third of the time cfn-lint spends on a template with three database instances, for an
    # answer that depends on those three strings only.
    "E3062": ("Engine", "EngineVersion", "DBInstanceClass"),
}
"""cfn-lint rules whose verdict on a resource depends only on the listed properties."""


def remember_clean_results(rule: Any, keys: tuple[str, ...]) -> None:
    """Skip re-checking property values this rule already passed in this process.

    Only a clean result (no error) is remembered, and only for plain string values, so every
    problem is still found and reported with its own path; a value seen before and passed is
    simply not checked again (the check is pure: same strings, same verdict).
    """
    import json

    original = rule.validate
    passed: set[str] = set()

    def validate(validator: Any, keywords: Any, instance: Any, schema: Any) -> Any:
        values = [instance.get(k) for k in keys] if isinstance(instance, dict) else None
        if values is None or not all(v is None or isinstance(v, str) for v in values):
            yield from original(validator, keywords, instance, schema)
            return
        key = json.dumps(values)
        if key in passed:
            return
        errors = list(original(validator, keywords, instance, schema))
        if not errors:
            passed.add(key)
        yield from errors

    rule.validate = validate


def share_validator_classes() -> None:
    """Make cfn-lint build each kind of schema validator class once per process, not per use.

    cfn-lint's ``jsonschema.validators.create`` defines a new ``@dataclass`` class on every call,
    and every resource, property and function check extends its validator through it: about 240
    class definitions per web-app template, a quarter of the time linting takes. The class it
    returns depends only on its arguments (the keyword validators, the function filter's
    settings, the function resolvers), so one class is kept per distinct set of arguments and
    handed out again. Arguments that cannot be compared by value build a class as before.
    """
    import dataclasses

    import cfnlint.jsonschema.validators as validators_module

    create = validators_module.create
    if getattr(create, "hastack_shared", False):
        return
    made: dict[Any, Any] = {}

    def shared(
        validators: Any = None, function_filter: Any = None, fn_resolvers: Any = None
    ) -> Any:
        try:
            settings = (
                None
                if function_filter is None
                else (
                    type(function_filter),
                    tuple(
                        tuple(value) if isinstance(value, list) else value
                        for value in (
                            getattr(function_filter, f.name)
                            for f in dataclasses.fields(function_filter)
                        )
                    ),
                )
            )
            key = (
                frozenset((validators or {}).items()),
                settings,
                frozenset((fn_resolvers or {}).items()),
            )
            found = made.get(key)
        except TypeError:  # an argument that is not hashable, or a filter that is no dataclass
            return create(validators, function_filter, fn_resolvers)
        if found is None:
            found = made[key] = create(validators, function_filter, fn_resolvers)
        return found

    shared.hastack_shared = True  # type: ignore[attr-defined]
    validators_module.create = shared


def lint_text(text: str, regions: list[str], extra_folders: tuple[str, ...] = ()) -> list[Finding]:
    """All findings for one template text (JSON or YAML), suppressions applied, no file set."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner.template.runner import run_template_by_data

    rules = rules_for(tuple(extra_folders))
    template, errors = decode_str(text)
    if errors:
        return _unique([to_finding(m) for m in errors])
    if template is None:  # pragma: no cover - decode_str reports why
        return []
    config = ConfigMixIn([], regions=list(regions), include_checks=["I"])
    matches = list(run_template_by_data(template, config, rules))
    findings = [to_finding(m) for m in matches]
    return _unique(apply_suppressions(findings, template))


def _unique(findings: list[Finding]) -> list[Finding]:
    """cfn-lint can report the same parse error twice; keep each finding once, in order."""
    seen: set[tuple[str, str, str, int | None]] = set()
    kept = []
    for f in findings:
        key = (f.rule, f.path_string, f.message, f.line)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept


def to_finding(match: Any) -> Finding:
    rule = match.rule
    path = [p if isinstance(p, int) else str(p) for p in (getattr(match, "path", None) or [])]
    resource = str(path[1]) if len(path) >= 2 and path[0] == "Resources" else None
    line = getattr(match, "linenumber", None)
    return Finding(
        rule=str(rule.id),
        severity=severity_of(str(rule.id)),
        resource=resource,
        path=path,
        message=" ".join(str(match.message).split()),
        fix=fix_text(rule),
        line=line if isinstance(line, int) and line > 0 else None,
    )


_SENTENCE = re.compile(r"(?<=[.!?])\s")


def fix_text(rule: Any) -> str:
    """The pack's own ``fix`` line, or one derived from a cfn-lint rule's description."""
    own = getattr(rule, "fix", "")
    if own:
        return str(own)
    text = " ".join(str(rule.description or rule.shortdesc or "").split())
    first = _SENTENCE.split(text, 1)[0] if text else ""
    if not first:
        return ""
    url = getattr(rule, "source_url", "")
    return f"{first} ({url})" if url and len(first) < 120 else first


def apply_suppressions(findings: list[Finding], template: dict[str, Any]) -> list[Finding]:
    """Drop findings a resource suppresses with a reason (cfn-lint's rules included)."""
    resources = template.get("Resources") if isinstance(template, dict) else None
    if not isinstance(resources, dict):
        return findings
    kept = []
    for finding in findings:
        if finding.resource is not None and finding.rule != "W9001":
            reason = suppressions(resources.get(finding.resource)).get(finding.rule)
            if isinstance(reason, str) and reason.strip():
                continue
        kept.append(finding)
    return kept
