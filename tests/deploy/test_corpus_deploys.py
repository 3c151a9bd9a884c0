"""Third-party templates deploy to the emulator, or fail with a reason — never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli
from hastack.core.template_file import load_template_file

DUMMY_VALUES = {
    "KeyName": "demo-key",
    "OperatorEMail": "ops@example.com",
    "DBUser": "admin",
    "DBPassword": "Passw0rdPassw0rd",
}


def parameters_for(path: Path) -> list[str]:
    """--parameter pairs for every parameter without a default (placeholder values)."""
    declared = load_template_file(path).get("Parameters", {})
    pairs = []
    for name, declaration in declared.items():
        if "Default" not in declaration:
            pairs += ["--parameter", f"{name}={DUMMY_VALUES.get(name, 'placeholder')}"]
    return pairs


def test_corpus_templates_deploy_or_fail_cleanly(corpus_templates) -> None:
    runner = CliRunner()
    outcomes = {}
    for path in corpus_templates:
        stack = re.sub(r"[^A-Za-z0-9-]", "-", path.stem)[:60]
        result = runner.invoke(
            cli,
            ["deploy", str(path), "--local", "--yes", "--stack-name", stack, *parameters_for(path)],
        )
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            path.name,
            result.exception,
        )
        assert result.exit_code in (0, 1), (path.name, result.output[-2000:])
        if result.exit_code == 1:
            assert "error:" in result.output, result.output[-2000:]
        outcomes[path.name] = result.exit_code
    # the plain ones (no existing VPC or subnet ids needed) really deploy
    assert outcomes["AutoScalingRollingUpdates.yaml"] == 0
    assert outcomes["RDS_MySQL_With_Read_Replica.yaml"] == 0


@pytest.mark.parametrize("missing", [["KeyName"], ["KeyName", "SSHLocation"]])
def test_parameters_without_values_are_all_named_before_any_call(tmp_path, capsys, missing) -> None:
    from hastack.cli.main import main

    body = "Parameters:\n" + "".join(f"  {m}:\n    Type: String\n" for m in missing)
    body += "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
    path = tmp_path / "t.yaml"
    path.write_text(body)
    with pytest.raises(SystemExit) as exited:
        main(["deploy", str(path), "--local", "--yes", "--stack-name", "t", "--skip-checks"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert all(f"--parameter {m}=VALUE" in err for m in missing)
    assert "local emulator at" not in err  # refused before the emulator even started
