"""The usage file: values by logical id, documented defaults, and every mistake reported."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from hastack.errors import UsageError
from tests.cost.conftest import FIXTURES

HA_WEB = str(FIXTURES / "ha_web.yaml")


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "usage.yaml"
    path.write_text(text)
    return str(path)


def test_without_a_usage_file_defaults_are_used_and_each_one_is_stated():
    result = estimate(HA_WEB)
    messages = [str(a) for a in result.assumptions]
    assert messages[0].startswith("*: no usage file")
    assert (
        "LoadBalancer: lcu = 1 LCUs (average per hour) (default; "
        "Application Load Balancer capacity units)" in messages
    )
    assert any(m.startswith("DatabaseCluster: storage_gb = 20") for m in messages)
    # defaults: 1 LCU x 730 h x $0.008; 20 GB x $0.10 + 20 M I/O x $0.20
    assert result.resource("LoadBalancer").monthly_usage == Decimal("5.840")
    assert result.resource("DatabaseCluster").monthly_usage == Decimal("6.00")


def test_usage_values_replace_defaults_and_are_not_listed_as_assumptions(tmp_path):
    result = estimate(HA_WEB, usage=_write(tmp_path, "LoadBalancer: {lcu: 10}\n"))
    assert result.resource("LoadBalancer").monthly_usage == Decimal("58.400")
    assert not any(
        a.logical_id == "LoadBalancer" and "lcu" in a.message for a in result.assumptions
    )
    assert result.to_dict()["usage_file"].endswith("usage.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Nope: {lcu: 1}\n", "Nope: no resource with this logical id"),
        ("LoadBalancer: {lcu: -1}\n", "LoadBalancer.lcu: -1 is negative"),
        ("LoadBalancer: {lcu: lots}\n", "LoadBalancer.lcu: 'lots' is not a number"),
        ("LoadBalancer: {lcu: true}\n", "LoadBalancer.lcu: True is not a number"),
        ("LoadBalancer: {lcus: 1}\n", "unknown usage key 'lcus'; allowed: lcu, nlcu"),
        ("Vpc: {gb: 1}\n", "allowed: none: its cost is not usage-based"),
        ("data_transfer: {out_gb: 1}\n", "allowed: inter_az_gb, inter_region_gb, internet_out_gb"),
        ("LoadBalancer: 5\n", "expected a mapping of usage keys to numbers"),
        ("- a\n- b\n", "not a list"),
        ("a: [\n", "is not valid YAML"),
    ],
)
def test_bad_usage_files_fail_with_a_message_naming_the_entry(tmp_path, text, message):
    with pytest.raises(UsageError, match=None) as error:
        estimate(HA_WEB, usage=_write(tmp_path, text))
    assert message in str(error.value)


def test_every_problem_of_a_usage_file_is_reported_at_once(tmp_path):
    with pytest.raises(UsageError) as error:
        estimate(HA_WEB, usage=_write(tmp_path, "Nope: {a: 1}\nLoadBalancer: {x: 1}\n"))
    assert "Nope" in str(error.value) and "'x'" in str(error.value)


def test_a_missing_usage_file_is_a_usage_error():
    with pytest.raises(UsageError, match="no such usage file"):
        estimate(HA_WEB, usage="/nonexistent/usage.yaml")


def test_the_example_usage_file_fits_the_webapp_example_logical_ids():
    from tests.conftest import EXAMPLES

    usage = EXAMPLES / "usage.yaml"
    result = estimate(str(EXAMPLES / "webapp.py"), usage=str(usage))
    assert not any(
        "(default;" in a.message and a.logical_id == "LoadBalancer" for a in result.assumptions
    )
