"""The rule tables of docs/validate.md (every rule) and README.md (rules per service),
generated from the rule classes (a test keeps them equal).

Run ``python -m hastack.validate.docs FILE`` for each of them after changing a rule to rewrite the
table between the ``rules:start``/``rules:end`` markers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hastack.validate.rules import RULES_DIR

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"
SUMMARY_START = "<!-- rules-summary:start -->"
SUMMARY_END = "<!-- rules-summary:end -->"
"""The README carries the summary (rules per service); docs/validate.md the whole table."""


def pack_rules() -> list[Any]:
    """One instance of each rule of the pack, loaded the way ``--append-rules`` loads them."""
    from cfnlint.rules import Rules

    rules = Rules.create_from_directory(str(RULES_DIR))
    return [rules[rule_id] for rule_id in sorted(rules)]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


SERVICES = {
    "any": "any template",
    "elb": "load balancers",
    "autoscaling": "Auto Scaling",
    "ec2": "EC2",
    "vpc": "VPC (NAT, routes, endpoints)",
    "rds": "RDS",
    "aurora": "Aurora",
    "dynamodb": "DynamoDB",
    "elasticache": "ElastiCache",
    "efs": "EFS",
    "fsx": "FSx",
    "s3": "S3",
    "cloudfront": "CloudFront",
    "route53": "Route 53",
    "ecs": "ECS",
    "eks": "EKS",
    "lambda": "Lambda",
    "sqs": "SQS",
    "sns": "SNS",
    "opensearch": "OpenSearch",
    "msk": "MSK",
    "apigateway": "API Gateway",
    "kms": "KMS",
    "docdb": "DocumentDB",
    "neptune": "Neptune",
}
"""Rule tags that name a service, and how the summary line names it."""


def summary() -> str:
    """One line: how many rules of each severity, and the services they cover."""
    rules = pack_rules()
    count = {letter: sum(1 for r in rules if r.id.startswith(letter)) for letter in "EWI"}
    tags = {tag for rule in rules for tag in rule.tags}
    services = [name for tag, name in SERVICES.items() if tag in tags]
    return (
        f"{len(rules)} rules ({count['E']} errors, {count['W']} warnings, {count['I']} info) "
        f"covering {', '.join(services)}."
    )


def rules_table() -> str:
    lines = [
        summary(),
        "",
        "| Id | What | Why | Fix | Reference |",
        "|----|------|-----|-----|-----------|",
    ]
    for rule in pack_rules():
        lines.append(
            f"| {rule.id} | {_cell(rule.shortdesc)} | {_cell(rule.description)} | "
            f"{_cell(rule.fix)} | [docs]({rule.source_url}) |"
        )
    return "\n".join(lines)


def summary_table() -> str:
    """The README's table: for each service, how many rules check it and their ids."""
    rules = pack_rules()
    lines = [summary(), "", "| Service | Rules | Ids |", "|---|---:|---|"]
    for tag, name in SERVICES.items():
        ids = [r.id for r in rules if tag in r.tags]
        if ids:
            lines.append(f"| {name} | {len(ids)} | {', '.join(ids)} |")
    return "\n".join(lines)


def _between(document: str, start: str, end: str, content: str) -> str:
    if start not in document:
        return document
    head, _, rest = document.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{content}\n{end}{tail}"


def replace_table(document: str) -> str:
    """``document`` with its generated tables (full and/or summary) rewritten."""
    document = _between(document, START, END, rules_table())
    return _between(document, SUMMARY_START, SUMMARY_END, summary_table())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m hastack.validate.docs FILE.md", file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.write_text(replace_table(path.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
