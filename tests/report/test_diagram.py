"""The architecture diagram: every AZ and part drawn, failure domains greyed, deterministic."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from hastack.analysis.sources import load_sources
from hastack.analysis.topology import build_model
from hastack.errors import UsageError
from hastack.report.api import diagram, write_diagram
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def _texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_az_and_part_of_every_example_is_drawn(example):
    svg = diagram(str(example))
    texts = _texts(svg)  # also proves the SVG is well-formed XML
    model = build_model(load_sources(str(example)))
    for region in model.regions:
        assert any(f"Region {region.label}" in t for t in texts)
        for az in region.azs():
            assert az.name in texts, az.name
        names = [f.name for f in region.fleets] + [lb.name for lb in region.load_balancers]
        names += [m.name for db in region.databases for m in db.members]
        names += [n.name for n in region.nats]
        for name in names:
            assert name in texts, name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_same_template_gives_the_same_bytes(example):
    assert diagram(str(example)) == diagram(str(example))


def test_an_asg_spreads_its_instances_over_its_azs():
    svg = diagram(str(ROOT / "examples" / "webapp.py"))
    fleet_cells = re.findall(r"AutoScalingGroup</text>.*?>(\d+) instances?", svg)
    model = build_model(load_sources(str(ROOT / "examples" / "webapp.py")))
    fleet = model.regions[0].fleets[0]
    assert len(fleet_cells) == len(fleet.placement.azs)
    assert sum(int(n) for n in fleet_cells) == fleet.min_size


def test_losing_the_writers_az_greys_it_out_and_marks_the_promoted_reader():
    svg = diagram(str(ROOT / "examples" / "webapp.py"), lose="AZ-1")
    assert "AZ-1 (lost)" in _texts(svg)
    writer = re.search(r'<g class="part writer" data-id="DatabaseWriter"[^>]*>', svg)
    assert writer and 'opacity="0.55"' in writer.group(0)
    promoted = re.search(r'data-id="DatabaseReader1".*?</g>', svg)
    assert promoted and "promoted (failover)" in promoted.group(0)
    assert "lose AZ-1 (us-east-1) (resilience analysis)" in _texts(svg)
    reader2 = re.search(r'<g class="part reader" data-id="DatabaseReader2"[^>]*>', svg)
    assert reader2 and "opacity" not in reader2.group(0)


def test_losing_the_primary_region_promotes_the_standby_cluster():
    svg = diagram(str(ROOT / "examples" / "multi_region.py"), lose="us-east-1")
    texts = _texts(svg)
    assert any(t.endswith("(lost)") and "us-east-1" in t for t in texts)
    assert "promoted (failover)" in svg
    assert 'aria-label="global replication"' in svg


def test_an_unknown_failure_domain_names_the_choices():
    with pytest.raises(UsageError, match="choose from AZ-1, AZ-2, AZ-3"):
        diagram(str(ROOT / "examples" / "webapp.py"), lose="AZ-9")


def test_png_and_svg_files_and_nothing_else(tmp_path):
    pytest.importorskip("cairosvg", reason="PNG output needs the report extra (cairosvg)")
    from PIL import Image

    svg = diagram(str(ROOT / "examples" / "webapp.py"))
    png = write_diagram(svg, tmp_path / "webapp.png")
    width = float(ElementTree.fromstring(svg).get("width", "0"))
    with Image.open(png) as image:
        assert image.size[0] == pytest.approx(width * 1.5, abs=2)
        assert image.size[1] > 500
    assert write_diagram(svg, tmp_path / "a.svg").read_text() == svg
    with pytest.raises(UsageError, match=r"\.svg or a \.png"):
        write_diagram(svg, tmp_path / "a.pdf")


def test_the_readme_picture_is_current():
    """docs/img/webapp-diagram.svg is what `make diagram` writes (the PNG is made from it)."""
    checked_in = (ROOT / "docs" / "img" / "webapp-diagram.svg").read_text()
    assert checked_in == diagram(str(ROOT / "examples" / "webapp.py")), "run `make diagram`"
    assert (ROOT / "docs" / "img" / "webapp-diagram.png").stat().st_size > 10_000


def test_the_failover_target_comes_from_the_resilience_check_not_its_prose():
    from hastack.analysis.resilience import check_resilience

    report = check_resilience(str(ROOT / "examples" / "webapp.py"))
    (az1,) = [s for s in report.scenarios if s.lost == "AZ-1"]
    (database,) = [c for c in az1.checks if c.part == "database"]
    assert database.promotes == "DatabaseReader1"
    region = check_resilience(str(ROOT / "examples" / "multi_region.py"))
    lost = next(s for s in region.scenarios if s.kind == "region")
    assert [c.promotes for c in lost.checks if c.part == "database"] == ["DatabaseCluster"]


def _parts(svg: str, kind: str) -> list[tuple[dict, list[str]]]:
    """(rect attributes, texts) of every drawn part of ``kind``, in drawing order."""
    ns = "{http://www.w3.org/2000/svg}"
    found = []
    for group in ElementTree.fromstring(svg).iter(f"{ns}g"):
        if group.get("class") == f"part {kind}":
            rect = group.find(f"{ns}rect")
            assert rect is not None
            found.append((rect.attrib, [t.text or "" for t in group.iter(f"{ns}text")]))
    return found


def _arrows(svg: str) -> dict[str, tuple[list[tuple[float, float]], bool]]:
    ns = "{http://www.w3.org/2000/svg}"
    found = {}
    for line in ElementTree.fromstring(svg).iter(f"{ns}polyline"):
        label = line.get("aria-label")
        if label:
            points = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
            found[label] = (points, line.get("stroke-dasharray") is not None)
    return found


def test_the_distribution_sits_between_the_site_name_and_its_origins_load_balancers():
    """examples/cdn.py: Route 53 aliases the site to CloudFront, whose origin group tries the
    primary region's load balancer, then (dashed) the standby region's."""
    svg = diagram(str(ROOT / "examples" / "cdn.py"))
    ((cdn_rect, cdn_texts),) = _parts(svg, "cdn")
    assert cdn_texts == ["CloudFront: shop.example.com", "origin failover: us-east-1 → us-west-2"]
    (dns_rect, _dns_texts), *_ = _parts(svg, "dns")
    primary, standby = (rect for rect, _texts in _parts(svg, "lb"))
    arrows = _arrows(svg)

    def right(rect: dict) -> float:
        return float(rect["x"]) + float(rect["width"])

    alias, dashed = arrows["alias to the distribution"]
    assert not dashed
    assert alias[0][0] == pytest.approx(right(dns_rect), abs=0.1)
    assert alias[-1][0] == pytest.approx(float(cdn_rect["x"]), abs=0.1)
    for label, lb, failover in (("origin", primary, False), ("failover origin", standby, True)):
        points, dashed = arrows[label]
        assert dashed is failover
        assert points[0][1] == pytest.approx(float(cdn_rect["y"]) + float(cdn_rect["height"]))
        end_x, end_y = points[-1]
        assert end_y == pytest.approx(float(lb["y"]), abs=0.1), label
        assert float(lb["x"]) <= end_x <= right(lb), label


def test_no_distribution_no_cloudfront_box():
    svg = diagram(str(ROOT / "examples" / "multi_region.py"))
    assert _parts(svg, "cdn") == []
    assert not {"origin", "failover origin", "alias to the distribution"} & set(_arrows(svg))
