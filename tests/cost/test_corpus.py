"""Third-party templates and the examples: figures for every one, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli
from hastack.core.template_file import load_template_file
from hastack.cost.api import estimate
from tests.conftest import EXAMPLES


def test_every_corpus_template_gets_an_estimate_with_every_resource_accounted_for(corpus_templates):
    for path in corpus_templates:
        result = estimate(str(path))
        accounted = (
            {r.logical_id for r in result.resources}
            | {f.logical_id for f in result.free}
            | {n.logical_id for n in result.not_priced}
        ) - {"data_transfer"}
        body_ids = set(load_template_file(path)["Resources"])
        assert accounted == body_ids, path.name
        assert result.total_monthly > 0, path.name


def test_the_corpus_read_replica_template_prices_primary_and_replica_from_parameter_defaults(
    corpus_templates,
):
    (path,) = [p for p in corpus_templates if p.name == "RDS_MySQL_With_Read_Replica.yaml"]
    result = estimate(str(path))
    assert {r.logical_id for r in result.resources} >= {"MainDB", "ReplicaDB", "DBCredential"}
    # EnableReadReplica=false makes the replica's condition false: it costs nothing
    without = estimate(str(path), parameters={"EnableReadReplica": "false"})
    assert "ReplicaDB" not in {r.logical_id for r in without.resources}
    assert without.total_monthly < result.total_monthly
    multi = estimate(str(path), parameters={"MultiAZ": "true"})
    assert multi.resource("MainDB").monthly == 2 * result.resource("MainDB").monthly


def test_the_cost_command_handles_all_corpus_templates_in_one_call(corpus_templates):
    paths = [str(p) for p in corpus_templates]
    result = CliRunner().invoke(cli, ["cost", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["stacks"]) == len(paths) and data["total_monthly"] > 0


@pytest.mark.parametrize(
    "example", ["webapp.py", "rds_multiaz.py", "split_stacks.py", "multi_region.py"]
)
def test_each_example_app_is_fully_priced(example):
    path = EXAMPLES / example
    if not path.exists():
        pytest.skip(f"{example} not present")
    result = estimate(str(path))
    assert result.total_monthly > 0
    assert {n.type for n in result.not_priced} == set()
