"""Quorum clusters against split brain: the partition analysis and a drill with real etcd."""

from __future__ import annotations

import shutil

import pytest

from hastack.analysis.partitions import analyse_partitions, placement_problems, render_text


@pytest.mark.parametrize(
    "placement",
    [
        {"a": 1, "b": 1, "c": 1},
        {"a": 2, "b": 2, "c": 1},
        {"a": 2, "b": 1},
        {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1},
        {"a": 2, "b": 2},
    ],
)
def test_no_loss_or_split_leaves_two_sides_with_a_majority(placement) -> None:
    report = analyse_partitions(placement)
    assert not report.split_brain_possible
    for scenario in report.scenarios:
        assert scenario.working_sides <= 1, scenario
    assert "split brain: impossible" in render_text(report)


def test_every_single_az_loss_and_every_two_way_split_is_listed() -> None:
    report = analyse_partitions({"a": 2, "b": 2, "c": 1})
    assert [s.description for s in report.scenarios] == [
        "lose a (2 member(s))",
        "lose b (2 member(s))",
        "lose c (1 member(s))",
        "a cut off from b+c",
        "b cut off from a+c",
        "c cut off from a+b",
    ]
    assert report.quorum == 3 and report.survives_any_az_loss and report.problems == []


def test_three_azs_survive_any_az_loss_and_two_azs_cannot() -> None:
    assert analyse_partitions({"a": 1, "b": 1, "c": 1}).survives_any_az_loss
    two = analyse_partitions({"a": 2, "b": 1})
    assert not two.survives_any_az_loss
    (problem,) = two.problems
    assert "two AZs" in problem and "witness" in problem and "regions" in problem


def test_even_counts_too_few_members_and_heavy_azs_are_problems() -> None:
    assert any("odd" in p for p in placement_problems({"a": 2, "b": 1, "c": 1}))
    assert any("at least 3" in p for p in placement_problems({"a": 1, "b": 1}))
    heavy = placement_problems({"a": 3, "b": 1, "c": 1})
    assert heavy == ["a holds 3 of 5 members (half or more): losing it loses the quorum"]


@pytest.mark.parametrize("members", [3, 5])
def test_etcd_survives_the_loss_of_the_leaders_az_and_a_minority_refuses_writes(
    members, tmp_path
) -> None:
    if shutil.which("etcd") is None:
        pytest.skip("etcd is not installed (apt-get install etcd-server): the drill runs it")
    from hastack.drills.quorum import render_text as drill_text
    from hastack.drills.quorum import run_quorum_drill

    report = run_quorum_drill(members, tmp_path)
    assert report.ok, drill_text(report)
    assert report.az_loss_new_leader_after is not None
    assert report.minority_left == members // 2 and not report.minority_leader
