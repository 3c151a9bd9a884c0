"""DrillResult bookkeeping shared by every drill."""

from __future__ import annotations

import time

from hastack.drills.model import DrillResult, timed


def test_timed_sets_the_seconds_of_the_result_on_an_early_return_too() -> None:
    @timed
    def drill(early: bool) -> DrillResult:
        result = DrillResult("demo", "stack/Thing", None)
        if early:
            result.skipped_reason = "nothing to exercise"
            return result
        time.sleep(0.02)
        result.check("it ran", True)
        return result

    assert drill(True).seconds > 0
    ran = drill(early=False)
    assert ran.seconds >= 0.02
    assert ran.status == "passed"
    assert drill.__name__ == "drill"
