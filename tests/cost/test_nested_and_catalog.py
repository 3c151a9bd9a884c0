"""Nested stacks priced through their child templates; the catalog's dates, bases and counting.

SQS prices (https://aws.amazon.com/sqs/pricing/, us-east-1, 2025-06-01): $0.40 per million
standard requests, $0.50 per million FIFO requests.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli, main
from hastack.cost.api import estimate
from hastack.cost.catalog import basis_markdown, load_catalog, stale
from hastack.errors import UsageError
from tests.conftest import ROOT
from tests.cost.conftest import FIXTURES

NESTED = FIXTURES / "nested"


def test_a_local_template_url_is_priced_as_a_stack_with_the_parameters_passed_to_it():
    result = estimate(str(NESTED / "parent.yaml"), usage={"Queue": {"requests_millions": 2}})
    assert result.stacks == ["parent.yaml", "parent.yaml.Queues"]
    queue = result.resource("Queue", stack="parent.yaml.Queues")
    assert queue.monthly == Decimal("2") * Decimal("0.50")  # FIFO: the parent passes true
    assert "priced as stack parent.yaml.Queues" in next(
        f.reason for f in result.free if f.logical_id == "Queues"
    )
    remote = next(n for n in result.not_priced if n.logical_id == "Remote")
    assert "--nested Remote=FILE" in remote.reason


def test_a_child_passed_by_the_user_prices_a_remote_template_url():
    result = estimate(str(NESTED / "parent.yaml"), nested={"Remote": NESTED / "child.yaml"})
    assert result.resource("Queue", stack="parent.yaml.Remote").monthly == Decimal("0.40")
    assert result.not_priced == []
    with pytest.raises(UsageError, match="--nested Nope: no AWS::CloudFormation::Stack"):
        estimate(str(NESTED / "parent.yaml"), nested={"Nope": NESTED / "child.yaml"})


def test_prices_check_lists_blocks_older_than_n_days_and_fails(capsys):
    catalog = load_catalog()
    assert stale(catalog, 10_000, today=date(2026, 1, 1)) == []
    old = stale(catalog, 30, today=date(2025, 8, 1))
    assert {(b.where, b.service) for b in old} >= {("us-east-1", "lambda"), ("global", "route53")}
    result = CliRunner().invoke(cli, ["prices", "check", "--older-than", "100000"])
    assert result.exit_code == 0 and "at most 100000 days old" in result.stderr
    with pytest.raises(SystemExit) as exit_:
        main(["prices", "check", "--older-than", "0"])
    assert exit_.value.code == 1 and "us-east-1" in capsys.readouterr().out


def test_the_docs_carry_the_published_vs_approximated_table_of_the_catalog():
    table = basis_markdown(load_catalog())
    assert table in (ROOT / "docs" / "cost.md").read_text()
    assert "| us-east-1 | fargate | 2025-06-01 | 8 | 0 |" in table
    assert "| eu-central-1 | fargate | 2025-06-01 | 0 | 8 |" in table


def test_each_transfer_row_says_how_it_is_counted_and_inter_az_is_per_direction():
    catalog = load_catalog()
    for region in catalog.regions:
        block = catalog.block(region, "transfer")
        assert set(block["counting"]) == set(block["prices"])
        assert catalog.price(region, "transfer", "inter-az-gb-each-direction").value == Decimal(
            "0.01"
        )
