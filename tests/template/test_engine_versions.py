"""The engine-version table: lookups, LTS releases, the synth check and the refresh through
RDS DescribeDBEngineVersions (botocore Stubber: real request and response shapes)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hastack.components.database import DEFAULT_ENGINE_VERSIONS, DatabaseOptions
from hastack.errors import OptionsError, UsageError
from hastack.template.engine_versions import (
    ENGINES,
    EngineVersionRefreshError,
    load_engine_versions,
    refresh_engine_versions,
)


def test_the_table_is_dated_sourced_and_covers_every_engine_and_default():
    table = load_engine_versions()
    date.fromisoformat(table.date)
    assert "DescribeDBEngineVersions" in table.source
    for engine in ENGINES:
        assert table.known(engine), engine
    for engine, version in DEFAULT_ENGINE_VERSIONS.items():
        assert table.exists(engine, version), (engine, version)


def test_lookups_exact_major_alias_unknown_and_uncovered_engine():
    table = load_engine_versions()
    assert table.exists("aurora-mysql", "8.0.mysql_aurora.3.10.6") is True
    assert table.exists("AURORA-MYSQL", "8.0.mysql_aurora.3.10.6") is True
    assert table.exists("postgres", "17") is True  # RDS picks the default 17.x
    assert table.exists("aurora-mysql", "8.0.mysql_aurora.3.99.0") is False
    assert table.exists("sqlserver-ee", "15.00") is None  # not covered: never a verdict


def test_lts_releases_follow_the_aurora_user_guide():
    table = load_engine_versions()
    assert table.is_lts("aurora-mysql", "8.0.mysql_aurora.3.10.6")
    assert table.is_lts("aurora-mysql", "8.0.mysql_aurora.3.04.3")
    assert not table.is_lts("aurora-mysql", "8.0.mysql_aurora.3.11.0")
    assert table.is_lts("aurora-postgresql", "16.8")
    assert not table.is_lts("aurora-postgresql", "16.9")
    assert not table.is_lts("mysql", "8.4.7")  # RDS for MySQL has no LTS designation


def test_synth_refuses_an_unknown_version_listing_the_known_ones_of_its_major():
    with pytest.raises(OptionsError) as caught:
        DatabaseOptions.parse({"engine": "aurora-postgresql", "engine_version": "17.77"})
    message = str(caught.value)
    assert "engine_version='17.77'" in message and "17.7" in message and "16.8" not in message
    assert "hastack engine-versions refresh" in message
    DatabaseOptions.parse({"engine": "aurora-postgresql", "engine_version": "16.8"})  # known


def test_auto_minor_version_upgrade_is_off_exactly_on_lts_releases():
    assert DatabaseOptions().auto_minor_version_upgrade is False  # 3.10: LTS
    newer = DatabaseOptions(engine_version="8.0.mysql_aurora.3.11.1")
    assert load_engine_versions().exists("aurora-mysql", "8.0.mysql_aurora.3.11.1")
    assert newer.auto_minor_version_upgrade is True
    assert DatabaseOptions(engine="mysql").auto_minor_version_upgrade is True


def test_a_bad_table_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text("{")
    with pytest.raises(UsageError, match="invalid JSON"):
        load_engine_versions(bad)
    bad.write_text(json.dumps({"engines": {}}))
    with pytest.raises(UsageError, match="table_date"):
        load_engine_versions(bad)
    with pytest.raises(UsageError, match="cannot read"):
        load_engine_versions(tmp_path / "missing.json")


@pytest.fixture
def rds_stub():
    import boto3
    from botocore.stub import Stubber

    client = boto3.client(
        "rds", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _version(engine: str, version: str, status: str = "available") -> dict:
    return {"Engine": engine, "EngineVersion": version, "Status": status}


def test_refresh_follows_pages_keeps_available_versions_and_the_lts_list(tmp_path, rds_stub):
    client, stubber = rds_stub
    stubber.add_response(
        "describe_db_engine_versions",
        {
            "DBEngineVersions": [
                _version("aurora-postgresql", "17.7"),
                _version("aurora-postgresql", "16.10"),
            ],
            "Marker": "page2",
        },
        {"Engine": "aurora-postgresql"},
    )
    stubber.add_response(
        "describe_db_engine_versions",
        {
            "DBEngineVersions": [
                _version("aurora-postgresql", "16.9"),
                _version("aurora-postgresql", "11.9", status="deprecated"),
            ]
        },
        {"Engine": "aurora-postgresql", "Marker": "page2"},
    )
    out = tmp_path / "versions.json"
    path, counts = refresh_engine_versions(
        engines=["aurora-postgresql"],
        region="eu-west-1",
        output=out,
        client=client,
        today=date(2027, 1, 5),
    )
    assert path == out
    table = load_engine_versions(out)
    assert table.known("aurora-postgresql") == ["16.9", "16.10", "17.7"]  # numeric order
    assert table.known("aurora-mysql") == load_engine_versions().known("aurora-mysql")
    assert table.date == "2027-01-05" and "eu-west-1" in table.source
    assert table.is_lts("aurora-postgresql", "17.7")
    assert counts["aurora-postgresql"][1] == 3


def test_refresh_failures_are_one_line_and_leave_the_table(tmp_path, rds_stub):
    client, stubber = rds_stub
    stubber.add_client_error(
        "describe_db_engine_versions", "AccessDenied", "not allowed", http_status_code=403
    )
    out = tmp_path / "versions.json"
    with pytest.raises(EngineVersionRefreshError, match="AccessDenied"):
        refresh_engine_versions(engines=["mysql"], output=out, client=client)
    assert not out.exists()
    stubber.add_response("describe_db_engine_versions", {"DBEngineVersions": []})
    with pytest.raises(EngineVersionRefreshError, match="no available mysql"):
        refresh_engine_versions(engines=["mysql"], output=out, client=client)
    with pytest.raises(UsageError, match="expected one of"):
        refresh_engine_versions(engines=["oracle-ee"], output=out, client=client)


def test_the_cli_shows_the_table_with_lts_marks():
    from click.testing import CliRunner

    from hastack.cli.main import cli

    result = CliRunner().invoke(cli, ["engine-versions", "show", "--engine", "aurora-mysql"])
    assert result.exit_code == 0, result.output
    assert "8.0.mysql_aurora.3.10.6 (LTS)" in result.output
    assert "8.0.mysql_aurora.3.11.1," in result.output or "8.0.mysql_aurora.3.11.1\n" in (
        result.output
    )


def test_the_package_exports_every_name_it_lists_on_first_use() -> None:
    import hastack.template as package

    assert set(package.__all__) == set(package._HOMES)
    for name in package.__all__:
        assert getattr(package, name) is getattr(
            __import__(f"hastack.template.{package._HOMES[name]}", fromlist=[name]), name
        )
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        package.Nothing  # noqa: B018
