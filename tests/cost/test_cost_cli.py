"""``hastack cost`` through the real entry point: formats, compare, errors, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli
from tests.cost.conftest import FIXTURES

HA_WEB = str(FIXTURES / "ha_web.yaml")
USAGE = str(FIXTURES / "ha_web_usage.yaml")
RDS = str(FIXTURES / "rds_multiaz.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_json_output_has_exactly_the_documented_shape_and_totals():
    result = run("cost", HA_WEB, "--usage", USAGE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == [
        "currency",
        "region",
        "hours_per_month",
        "catalog_date",
        "total_monthly",
        "total_monthly_fixed",
        "total_monthly_usage",
        "resources",
        "free",
        "not_priced",
        "assumptions",
        "stacks",
        "usage_file",
    ]
    assert (data["currency"], data["hours_per_month"]) == ("USD", 730)
    assert data["total_monthly"] == 631.51
    resource = data["resources"][0]
    assert list(resource) == ["logical_id", "type", "monthly", "components"]
    assert list(resource["components"][0]) == [
        "name",
        "unit",
        "quantity",
        "unit_price",
        "monthly",
        "usage_based",
    ]


def test_the_table_lists_components_free_resources_and_fixed_and_usage_totals():
    result = run("cost", HA_WEB, "--usage", USAGE)
    assert result.exit_code == 0
    text = result.stdout
    assert "AutoScalingGroup" in text and "$95.90" in text
    assert "Free (" in text and "EC2::VPC" in text
    assert "Fixed:" in text and "$574.53" in text
    assert "Usage-based:" in text and "$56.98" in text
    assert "$631.51 per month" in text


def test_markdown_output_is_a_pull_request_comment_with_the_total():
    result = run("cost", RDS, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("### Monthly cost estimate: $367.78")
    assert "| `DatabaseInstance` | `AWS::RDS::DBInstance` |" in result.stdout


def test_region_and_parameter_options_change_the_prices():
    eu = json.loads(run("cost", RDS, "--region", "eu-west-1", "--format", "json").stdout)
    assert eu["region"] == "eu-west-1" and eu["total_monthly"] != 367.78
    cheap = json.loads(
        run(
            "cost",
            HA_WEB,
            "--usage",
            USAGE,
            "--parameter",
            "InstanceType=t3.micro",
            "--format",
            "json",
        ).stdout
    )
    # three t3.micro instead of three t3.medium: 3 x 730 x ($0.0416 - $0.0104) = 68.328 less
    assert cheap["total_monthly"] == pytest.approx(631.51 - 68.33, abs=0.011)


def test_compare_shows_per_resource_and_total_deltas():
    result = run("cost", HA_WEB, "--usage", USAGE, "--compare", RDS, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # OTHER gets the same usage file: its data_transfer entry adds $20.00 to 367.78
    assert data["total_monthly_before"] == 387.78 and data["total_monthly_after"] == 631.51
    assert data["total_monthly_delta"] == 243.73
    rows = {r["logical_id"]: r for r in data["resources"]}
    assert rows["DatabaseInstance"]["change"] == "removed"
    assert rows["DatabaseInstance"]["delta"] == -245.32
    assert rows["AutoScalingGroup"]["change"] == "added"
    table = run("cost", HA_WEB, "--compare", HA_WEB)
    assert "+$0.00" not in table.stdout and "$0.00" in table.stdout
    markdown = run("cost", HA_WEB, "--usage", USAGE, "--compare", RDS, "--format", "markdown")
    assert markdown.stdout.startswith("### Monthly cost change: +$243.73")


def test_compare_of_the_same_template_with_another_parameter_shows_the_changed_resource():
    result = run(
        "cost",
        HA_WEB,
        "--parameter",
        "DbClass=db.r6g.xlarge",
        "--compare",
        HA_WEB,
        "--format",
        "json",
    )
    rows = [r for r in json.loads(result.stdout)["resources"] if r["change"] != "unchanged"]
    assert [r["logical_id"] for r in rows] == ["DatabaseWriter", "DatabaseReader1"]
    assert rows[0]["delta"] == 189.80  # 730 x ($0.52 - $0.26)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent.yaml"], "no such file"),
        ([str(FIXTURES / "ha_web_usage.yaml")], "no Resources section"),
        ([HA_WEB, "--region", "mars-north-1"], "region 'mars-north-1' is not in the price catalog"),
        ([HA_WEB, "--usage", "/nonexistent.yaml"], "no such usage file"),
        ([HA_WEB, "--parameter", "Nope=1"], "--parameter Nope: not a parameter of the template"),
        ([HA_WEB, "--parameter", "novalue"], "expected KEY=VALUE"),
        ([HA_WEB, "--compare", "/nonexistent.yaml"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_a_one_line_reason_and_no_traceback(args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "hastack", "cost", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_usage_values_exit_2(tmp_path):
    usage = tmp_path / "u.yaml"
    usage.write_text("LoadBalancer: {lcu: -3}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "hastack.cli.main", "cost", HA_WEB, "--usage", str(usage)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "is negative" in proc.stderr


def test_the_cost_command_never_imports_boto3():
    code = (
        "import sys\n"
        "from hastack.cli.main import main\n"
        f"sys.argv = ['hastack', 'cost', {HA_WEB!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print('BOTO3' if 'boto3' in sys.modules or 'botocore' in sys.modules else 'CLEAN', code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "CLEAN 0"


def test_a_catalog_written_elsewhere_is_used_with_the_catalog_option(tmp_path):
    from hastack.cost.catalog import CATALOG_PATH

    data = json.loads(CATALOG_PATH.read_text())
    data["catalog_date"] = "2030-01-01"
    data["regions"]["us-east-1"]["rds"]["prices"]["mysql:db.m6g.large"] = [0.2, 0.4]
    custom = tmp_path / "prices.json"
    custom.write_text(json.dumps(data))
    result = json.loads(run("cost", RDS, "--catalog", str(custom), "--format", "json").stdout)
    assert result["catalog_date"] == "2030-01-01"
    # 730 x $0.40 + 23.00 + 0.40, and 730 x $0.20 + 11.50
    assert result["total_monthly"] == 292.0 + 23.0 + 0.4 + 146.0 + 11.5


def test_a_missing_or_broken_catalog_file_exits_2(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    for path, message in [
        (tmp_path / "none.json", "no such price catalog file"),
        (broken, "price catalog is not valid JSON"),
    ]:
        proc = subprocess.run(
            [sys.executable, "-m", "hastack", "cost", RDS, "--catalog", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2 and message in proc.stderr
