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
