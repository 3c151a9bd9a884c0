"""``hastack drill --traffic``: real HAProxy/NGINX, real backend processes, real requests.

Each run is bounded (a 10-second failure timeline with fast check settings, 16 connections,
loopback only) and skips, naming the package, when the proxy program is not installed.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hastack.drills.proxies import program

APP = """
from hastack.blueprints import ProxiedWebApp
from hastack import App

app = App("drill")
app.add(ProxiedWebApp("drill-{kind}", proxy={proxy!r}))
"""

FAST = {
    "haproxy": {"kind": "haproxy", "check_interval_ms": 300, "rise": 2, "fall": 2},
    "nginx": {"kind": "nginx", "fall": 2, "fail_timeout": 1},
}


@pytest.mark.parametrize("kind", ["haproxy", "nginx"])
def test_traffic_drill_kills_a_backend_then_an_az_and_sees_the_proxy_recover(kind, tmp_path):
    if program(kind) is None:
        pytest.skip(f"{kind} is not installed (apt-get install {kind}): the drill runs it")
    app = tmp_path / "app.py"
    app.write_text(APP.format(kind=kind, proxy=FAST[kind]))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hastack",
            "drill",
            "--traffic",
            str(app),
            "--seconds",
            "10",
            "--out",
            str(tmp_path / "out"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    assert report["kind"] == kind and report["backends"] == 6 and report["azs"] == 3
    assert report["requests"] > 1000, "the load generator sent traffic"
    assert report["steady"]["errors"] == 0, "with every backend up no request fails"
    one, zone = report["failures"]
    assert one["servers"] == ["a1"] and zone["servers"] == ["b1", "b2"]
    for failure in (one, zone):
        assert failure["recovered_after"] is not None, failure
        assert failure["detected_after"] is not None, failure
        # the proxy took the servers out about when the checks allow (a shared machine is slow)
        assert failure["detected_after"] <= failure["predicted"]["detect_max_s"] + 3.0, failure
    # beside each measurement, the availability model's window for the same settings
    model = report["model"]
    inter, fall = FAST[kind].get("check_interval_ms", 0) / 1000, FAST[kind]["fall"]
    expected = inter * fall if kind == "haproxy" else 0.0
    assert model["detection_seconds"] == pytest.approx(expected)
    assert model["fleet"] == f"drill-{kind}/AutoScalingGroup"
    rows = report["model_comparison"]
    assert [r["failure"] for r in rows] == [one["what"], zone["what"]]
    for row, failure in zip(rows, (one, zone), strict=True):
        assert row["measured_detection_s"] == failure["detected_after"]
        assert row["model_detection_s"] == pytest.approx(expected)
        assert row["measured_back_in_service_s"] == failure["recovered_after"]
        assert row["model_back_in_service_s"] == model["back_in_service_seconds"]
    written = json.loads((tmp_path / "out" / f"drill-{kind}" / f"traffic-{kind}.json").read_text())
    assert written["requests"] == report["requests"]
    assert written["model_comparison"] == rows
    png = (tmp_path / "out" / f"drill-{kind}" / f"traffic-{kind}.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_traffic_drill_on_an_app_without_a_proxy_tier_is_a_usage_error(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(
        "from hastack.blueprints import HAWebApp\nfrom hastack import App\n"
        "app = App('x')\napp.add(HAWebApp('x-web'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "hastack", "drill", "--traffic", str(app)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "no HAProxy/NGINX tier to drill" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_png_writer_makes_a_valid_image(tmp_path):
    import zlib

    from hastack.drills.png import Canvas

    canvas = Canvas(4, 3)
    canvas.line(0, 0, 3, 2, (255, 0, 0))
    data = canvas.png()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4 : idat], "big")
    raw = zlib.decompress(data[idat + 4 : idat + 4 + length])
    assert len(raw) == 3 * (1 + 4 * 3)
    assert raw[1:4] == b"\xff\x00\x00", "the line starts at the top-left pixel"


def test_the_report_puts_the_model_beside_each_measurement():
    """The comparison needs no proxy program: measured figures beside the availability model's
    window, which comes from the estimate of the same template."""
    from hastack.analysis.windows import failover_windows
    from hastack.blueprints import ProxiedWebApp
    from hastack.core.loader import load
    from hastack.drills.traffic import (
        FailureResult,
        TrafficReport,
        compare_with_model,
        render_text,
    )

    app = ProxiedWebApp("px", proxy={"kind": "haproxy", "check_interval_ms": 1000, "fall": 3})
    (window,) = failover_windows(load(app.synth(), verb="analyse"))
    failures = [
        FailureResult("one backend (a1)", ["a1"], 2.0, 4.0, 3, 0.4, 2.6, 1.1, {}),
        FailureResult("AZ b (b1, b2)", ["b1", "b2"], 6.0, 8.0, 5, 0.5, 2.9, 1.5, {}),
    ]
    report = TrafficReport(
        "haproxy", 6, 3, 16, 10.0, 1000, 8, 100.0, 1.0, 2.0, 3.0, {}, failures, "", None, []
    )
    report.model = window.to_dict()
    report.model_comparison = compare_with_model(report, report.model)
    assert report.model_comparison[0]["detection_difference_s"] == pytest.approx(-0.4)
    text = render_text(report)
    assert "availability model (HAProxy check px/ProxyLaunchTemplate: 1 s × 3)" in text
    assert "one backend (a1): detected 2.60 s (model 3.00 s), serving again 1.10 s" in text
    assert "(model 2.00 s)" in text  # rise 2 x inter 1 s
    assert "AZ b (b1, b2): detected 2.90 s (model 3.00 s)" in text
