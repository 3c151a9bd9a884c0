"""``hastack drill`` checks its emulator options like the deploy commands do."""

from __future__ import annotations

from pathlib import Path

import pytest

from hastack.cli.main import main

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "webapp.py")


@pytest.mark.parametrize("url", ["ftp://x", "notaurl"])
def test_drill_refuses_a_malformed_endpoint_url_before_any_call(url: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["drill", EXAMPLE, "--endpoint-url", url])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"--endpoint-url {url!r}: expected http://HOST:PORT" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--quorum", "--az", "us-east-1a"], "--az"),
        (["--quorum", "--local"], "--local"),
        (["--quorum", "--seconds", "30"], "--seconds"),
        (["--quorum", "--drill", "az-loss"], "--drill"),
        (["--traffic", "--endpoint-url", "http://127.0.0.1:5000"], "--endpoint-url"),
        (["--traffic", "--drill", "db-failover"], "--drill"),
        (["--local", "--seconds", "30"], "--seconds"),
        (["--local", "--out", "elsewhere"], "--out"),
    ],
)
def test_an_option_the_chosen_drills_do_not_use_is_refused(argv, named, capsys) -> None:
    """An option that would be silently ignored (``--az`` with ``--quorum``) makes the user
    believe the drill did something it did not: it is refused, before anything runs."""
    with pytest.raises(SystemExit) as exited:
        main(["drill", EXAMPLE, *argv])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"does not use {named}: leave it out" in err, err
    assert "Traceback" not in err
