"""The AWS regions hastack knows: one table, one default, one check, used by every command.

Each region has its partition (which sets ARNs and service domains) and the Availability Zones
an account can use there, by letter. ``Fn::GetAZs`` returns those zones in this order, and
``Fn::Select [2, Fn::GetAZs '']`` fails at deploy in a region with two (us-west-1). The zone
letters are cfn-lint's table (``cfnlint.helpers.AVAILABILITY_ZONES``), copied so that reading
a region never imports cfn-lint; a test keeps the two equal.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from hastack.core.records import Record
from hastack.errors import UsageError

DEFAULT_REGION: Final = "us-east-1"
"""The region of a template that carries none, when no flag, context or environment names one."""

_ZONE_LETTERS: Final[dict[str, str]] = {
    "af-south-1": "abc",
    "ap-east-1": "abc",
    "ap-east-2": "abc",
    "ap-northeast-1": "abcd",
    "ap-northeast-2": "abcd",
    "ap-northeast-3": "abc",
    "ap-south-1": "abc",
    "ap-south-2": "abc",
    "ap-southeast-1": "abc",
    "ap-southeast-2": "abc",
    "ap-southeast-3": "abc",
    "ap-southeast-4": "abc",
    "ap-southeast-5": "abc",
    "ap-southeast-6": "abc",
    "ap-southeast-7": "abc",
    "ca-central-1": "abcd",
    "ca-west-1": "abc",
    "cn-north-1": "abc",
    "cn-northwest-1": "abc",
    "eu-central-1": "abc",
    "eu-central-2": "abc",
    "eu-isoe-west-1": "abc",
    "eu-north-1": "abc",
    "eu-south-1": "abc",
    "eu-south-2": "abc",
    "eu-west-1": "abc",
    "eu-west-2": "abc",
    "eu-west-3": "abc",
    "eusc-de-east-1": "abc",
    "il-central-1": "abc",
    "me-central-1": "abc",
    "me-south-1": "abc",
    "mx-central-1": "abc",
    "sa-east-1": "abc",
    "us-east-1": "abcdef",
    "us-east-2": "abc",
    "us-gov-east-1": "abc",
    "us-gov-west-1": "abc",
    "us-iso-east-1": "abc",
    "us-iso-west-1": "abc",
    "us-isob-east-1": "abc",
    "us-isob-west-1": "abc",
    "us-isof-east-1": "abc",
    "us-isof-south-1": "abc",
    "us-west-1": "ac",
    "us-west-2": "abcd",
}


@dataclass(frozen=True, eq=False, repr=False)
class Region(Record):
    """One region: its name, partition and the AZs ``Fn::GetAZs`` lists there, in order."""

    name: str
    partition: str
    zones: tuple[str, ...]

    @property
    def az_count(self) -> int:
        return len(self.zones)

    @property
    def usable_az_count(self) -> int:
        """The AZs a template can count on: every AZ of a two-AZ region, else three.

        Regions open with three AZs; older ones list more (us-east-1 up to six), but an account
        may see fewer of them and some are constrained to existing customers, so counting more
        than three would credit a whole ``Fn::GetAZs`` list with capacity it may not have.
        """
        return min(3, len(self.zones))

    @property
    def url_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"


def _partition(name: str) -> str:
    if name.startswith("cn-"):
        return "aws-cn"
    if name.startswith("us-gov-"):
        return "aws-us-gov"
    for prefix, partition in (
        ("us-isob-", "aws-iso-b"),
        ("us-isof-", "aws-iso-f"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
        ("eusc-", "aws-eusc"),
    ):
        if name.startswith(prefix):
            return partition
    return "aws"


REGIONS: Final[dict[str, Region]] = {
    name: Region(name, _partition(name), tuple(f"{name}{letter}" for letter in letters))
    for name, letters in _ZONE_LETTERS.items()
}
KNOWN_REGIONS: Final = frozenset(REGIONS)


def region(name: str) -> Region | None:
    """The region called ``name``, or None when AWS has no such region (as far as we know)."""
    return REGIONS.get(name)


def az_count(name: str | None) -> int | None:
    """How many AZs a template can count on in ``name`` (see :attr:`Region.usable_az_count`);
    None for an unknown or missing region."""
    found = REGIONS.get(name) if name else None
    return found.usable_az_count if found else None


def region_problem(name: object) -> str | None:
    """Why ``name`` is not a region, with the nearest names; None when it is one."""
    if isinstance(name, str) and name in REGIONS:
        return None
    import difflib  # here: only a wrong name needs it, and synth imports this module

    text = str(name)
    close = difflib.get_close_matches(text, sorted(REGIONS), n=3, cutoff=0.6)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"{text!r} is not an AWS region{hint}"


def check_region(name: object, what: str = "region") -> str:
    """``name`` when it is a known region, else a :class:`UsageError` naming ``what``."""
    problem = region_problem(name)
    if problem is not None:
        raise UsageError(f"{what}: {problem}")
    return str(name)


@dataclass(frozen=True, eq=False, repr=False)
class RegionChoice(Record):
    """The region a template without one gets, and where that choice came from."""

    name: str
    source: str


_OVERRIDE: list[RegionChoice] = []


def choose_region(name: str, source: str) -> None:
    """Make ``name`` the default for the rest of this process (``--region``, ``-c region=``)."""
    _OVERRIDE[:] = [RegionChoice(check_region(name, source), source)]


def clear_region_choice() -> None:
    _OVERRIDE.clear()


@contextlib.contextmanager
def region_chosen(name: str | None, source: str) -> Iterator[None]:
    """``name`` (when given) as the default region inside the block, then the previous choice.

    How ``--region`` reaches the blueprints of an app that name no region, for the length of
    loading the app, without changing the default for the rest of the process.
    """
    if name is None:
        yield
        return
    saved = list(_OVERRIDE)
    choose_region(name, source)
    try:
        yield
    finally:
        _OVERRIDE[:] = saved


def default_region(environ: Mapping[str, str] | None = None) -> RegionChoice:
    """The region for a blueprint or template that names none, as the AWS CLI and CDK choose:
    ``--region`` (or the context's ``region``), then ``AWS_REGION``, ``AWS_DEFAULT_REGION``,
    the ``region`` of the profile (``AWS_PROFILE``, else ``default``) in the AWS config file,
    and last :data:`DEFAULT_REGION`."""
    if _OVERRIDE:
        return _OVERRIDE[0]
    env = os.environ if environ is None else environ
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        value = env.get(variable, "").strip()
        if value:
            return RegionChoice(check_region(value, variable), variable)
    profile = env.get("AWS_PROFILE", "").strip() or "default"
    from_profile = profile_region(profile, env)
    if from_profile:
        return RegionChoice(check_region(from_profile, f"profile {profile}"), f"profile {profile}")
    return RegionChoice(DEFAULT_REGION, "hastack's default")


def profile_region(profile: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The ``region`` a profile sets in the AWS config file (``AWS_CONFIG_FILE`` or
    ``~/.aws/config``), read without botocore; None when it sets none."""
    env = os.environ if environ is None else environ
    path = Path(env.get("AWS_CONFIG_FILE") or Path.home() / ".aws" / "config").expanduser()
    if not path.is_file():
        return None
    import configparser  # here: a machine without an AWS config file never needs it

    parser = configparser.RawConfigParser()
    try:
        parser.read(path)
    except (OSError, configparser.Error):
        return None
    section = profile if profile == "default" else f"profile {profile}"
    if not parser.has_section(section):
        return None
    value = parser.get(section, "region", fallback="").strip()
    return value or None
