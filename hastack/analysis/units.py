"""Durations, percentages and downtime figures, parsed and shown the same way everywhere."""

from __future__ import annotations

import math
import re

from hastack.errors import UsageError

MINUTES_PER_YEAR = 365.25 * 24 * 60  # 525,960: a Julian year, so leap years average out
MINUTES_PER_MONTH = MINUTES_PER_YEAR / 12
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|hr|d)?")
_FACTORS = {
    None: 1.0,
    "ms": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "m": 60.0,
    "min": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "d": 86400.0,
}


def parse_duration(text: str | float | int, option: str) -> float:
    """Seconds from ``30s``, ``5m``, ``1.5h``, ``1d`` or a bare number of seconds."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        match = _DURATION.fullmatch(str(text).strip().lower())
        if not match:
            raise UsageError(f"{option} {text!r}: a duration such as 0s, 30s, 5m, 1.5h or 1d")
        value = float(match.group(1)) * _FACTORS[match.group(2)]
    if value < 0 or math.isinf(value) or math.isnan(value):
        raise UsageError(f"{option} {text!r}: a duration of 0 or more")
    return value


def parse_percent(text: str | float, option: str) -> float:
    """A fraction from ``99.99`` or ``99.99%`` (a percentage from 0 to 100, exclusive of 100)."""
    raw = str(text).strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{option} {text!r}: a percentage such as 99.9 or 99.99") from None
    if not 0 < value < 100:
        raise UsageError(
            f"{option} {text!r}: a percentage above 0 and below 100 (100% is not attainable)"
        )
    return value / 100


def percent(fraction: float | None, digits: int = 4) -> str:
    """``0.99970003`` → ``99.9700%``; enough digits to tell 99.99% from 99.995%."""
    if fraction is None:
        return "n/a"
    # Never round a figure below 100% up to "100.0000%": add digits until the nines show.
    while digits < 9 and fraction < 1 and round(fraction * 100, digits) >= 100:
        digits += 1
    return f"{fraction * 100:.{digits}f}%"


def duration_text(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds else "0 s"
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 7200:
        return f"{seconds / 60:g} min"
    if seconds < 172800:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 86400:g} d"


def downtime(availability: float) -> dict[str, float]:
    """Yearly and monthly downtime budget of an availability figure."""
    unavailable = max(0.0, 1.0 - availability)
    per_year = unavailable * MINUTES_PER_YEAR
    return {
        "minutes_per_year": round(per_year, 2),
        "hours_per_year": round(per_year / 60, 3),
        "minutes_per_month": round(unavailable * MINUTES_PER_MONTH, 2),
    }


def downtime_text(availability: float) -> str:
    d = downtime(availability)
    return (
        f"{d['minutes_per_year']:,.1f} min/year ({d['hours_per_year']:,.2f} h), "
        f"{d['minutes_per_month']:,.1f} min/month"
    )
