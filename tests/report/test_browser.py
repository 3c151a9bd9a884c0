"""The report in a real browser: headless Chromium renders it with no console error, the diagram
is visible, and the key figures are on the page. A screenshot is kept as an artifact."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hastack.report.api import report
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Chromium (Debian package chromium; .ci/run installs it)",
)


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def test_the_report_renders_in_chromium(tmp_path):
    Image = pytest.importorskip(
        "PIL.Image", reason="reading the screenshot needs Pillow (installed with the dev extra)"
    )

    page = report(
        str(ROOT / "examples" / "webapp.py"),
        tmp_path / "webapp.html",
        usage=str(ROOT / "examples" / "usage.yaml"),
    )
    url = page.resolve().as_uri()
    dom = _chromium("--dump-dom", url, profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'id="diagram"' in dom.stdout and "LoadBalancer" in dom.stdout
    assert 'id="cost-total"' in dom.stdout and 'id="availability-figure"' in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    assert "net::ERR" not in dom.stderr  # the page fetched nothing that failed

    shot = Path(os.environ.get("HASTACK_ARTIFACTS", tmp_path)) / "report-screenshot.png"
    taken = _chromium(
        f"--screenshot={shot}", "--window-size=1200,1600", url, profile=tmp_path / "p2"
    )
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        # the load balancer's fill and the fleet's fill are drawn: the diagram is visible
        seen = {colour for _count, colour in colours}
        assert (0xE8, 0xF1, 0xFB) in seen and (0xEA, 0xF6, 0xEC) in seen
