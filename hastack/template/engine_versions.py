"""The bundled table of RDS and Aurora engine versions: which pinned versions exist, which are
long-term-support (LTS) releases, where the table came from and when.

A template that pins ``EngineVersion`` to a version RDS does not offer fails at create time
(``Cannot find version ... for aurora-mysql``), long after synth; a version AWS retired
fails the same way on the next replacement. The table (``data/engine_versions.json``) lists the
versions RDS offers per engine, with the date and source of the list, and is rebuilt from RDS
``DescribeDBEngineVersions`` by ``hastack engine-versions refresh``
(:func:`refresh_engine_versions`). Synth checks an option's version against it, and rule W9615
checks any template.

The LTS list is separate: ``DescribeDBEngineVersions`` does not say which releases are
long-term support, the Aurora user guide does, so it is kept by hand with its own date and
source. AWS advises against automatic minor version upgrades on an LTS release (the upgrade
campaign may move the cluster to a release that is not LTS): rule W9616.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from hastack.core.records import Record
from hastack.errors import HastackError, UsageError

TABLE_PATH = Path(__file__).parent / "data" / "engine_versions.json"
ENGINES = ("aurora-mysql", "aurora-postgresql", "mysql", "postgres")
_AURORA_MYSQL = re.compile(r"^\d+\.\d+\.mysql_aurora\.(\d+\.\d+)(?:\.\d+)*$")


class EngineVersionRefreshError(HastackError):
    """DescribeDBEngineVersions could not be read (no credentials, no network, throttled)."""

    exit_code = 1


def _sort_key(version: str) -> list[tuple[int, int, str]]:
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[._-]", version)
    ]


@dataclass(frozen=True, eq=False, repr=False)
class EngineVersions(Record):
    """Read access to one table document."""

    data: dict[str, Any]
    path: str | None = None

    @property
    def date(self) -> str:
        return str(self.data["table_date"])

    @property
    def source(self) -> str:
        return str(self.data["source"])

    def known(self, engine: str) -> list[str] | None:
        """The versions of ``engine`` in the table, oldest first; None for an engine it lacks."""
        versions = self.data["engines"].get(engine.lower())
        return None if versions is None else list(versions)

    def exists(self, engine: str, version: str) -> bool | None:
        """True when RDS offers ``version`` of ``engine`` (a major-only alias such as ``8.0``
        counts when the table has a version under it: RDS picks its default minor); None when
        the table does not cover the engine."""
        known = self.known(engine)
        if known is None:
            return None
        return version in known or any(v.startswith(version + ".") for v in known)

    def is_lts(self, engine: str, version: str) -> bool:
        """Whether ``version`` is an Aurora long-term-support release (its minor, for MySQL)."""
        lts = self.data.get("lts", {}).get(engine.lower(), [])
        if engine.lower() == "aurora-mysql":
            match = _AURORA_MYSQL.match(version)
            return match is not None and match.group(1) in lts
        return version in lts

    def unknown_message(self, engine: str, version: str) -> str:
        """Why ``version`` is refused: the known versions of the same major (or all of them)."""
        known = self.known(engine) or []
        major = version.split(".")[0]
        same = [v for v in known if v.split(".")[0] == major]
        listed = same or known
        return (
            f"{engine} {version} is not a version RDS offers (engine-version table of "
            f"{self.date}; refresh with `hastack engine-versions refresh`); known"
            f"{' ' + major + '.x' if same else ''}: {', '.join(listed)}"
        )


def load_engine_versions(path: str | Path | None = None) -> EngineVersions:
    """The bundled table, or the one at ``path`` (bad files are a :class:`UsageError`)."""
    if path is None:
        return _bundled()
    return EngineVersions(_read(Path(path)), str(path))


@cache
def _bundled() -> EngineVersions:
    return EngineVersions(_read(TABLE_PATH), str(TABLE_PATH))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"{path}: cannot read the engine-version table: {reason}") from None
    except ValueError as error:
        raise UsageError(f"{path}: not an engine-version table (invalid JSON: {error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("engines"), dict):
        raise UsageError(f"{path}: not an engine-version table (no 'engines' object)")
    if "table_date" not in data or "source" not in data:
        raise UsageError(f"{path}: an engine-version table needs 'table_date' and 'source'")
    return data


def refresh_engine_versions(
    *,
    engines: Iterable[str] = ENGINES,
    region: str = "us-east-1",
    output: str | Path | None = None,
    client: Any = None,
    today: date | None = None,
) -> tuple[Path, dict[str, tuple[int, int]]]:
    """Rebuild the table's ``engines`` from ``DescribeDBEngineVersions`` (paginated, one engine
    at a time, available versions only); the LTS list is kept. Returns the file written and
    ``{engine: (versions before, versions now)}``."""
    chosen = list(engines)
    for engine in chosen:
        if engine not in ENGINES:
            raise UsageError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if client is None:
        import boto3

        client = boto3.client("rds", region_name=region)
    table = load_engine_versions().data | {}
    table["engines"] = dict(table["engines"])
    counts: dict[str, tuple[int, int]] = {}
    for engine in chosen:
        found: set[str] = set()
        try:
            pages = client.get_paginator("describe_db_engine_versions").paginate(Engine=engine)
            for page in pages:
                for item in page.get("DBEngineVersions", []):
                    if item.get("Status", "available") == "available":
                        found.add(str(item["EngineVersion"]))
        except Exception as error:  # noqa: BLE001 - botocore's errors are many; one message
            raise EngineVersionRefreshError(
                f"DescribeDBEngineVersions ({engine}, {region}) failed: {error}"
            ) from None
        if not found:
            raise EngineVersionRefreshError(
                f"DescribeDBEngineVersions returned no available {engine} version in {region}; "
                "the table is left as it was"
            )
        counts[engine] = (len(table["engines"].get(engine, [])), len(found))
        table["engines"][engine] = sorted(found, key=_sort_key)
    table["table_date"] = (today or date.today()).isoformat()
    table["source"] = f"RDS DescribeDBEngineVersions in {region} (available versions)"
    table["region"] = region
    path = Path(output) if output is not None else TABLE_PATH
    path.write_text(json.dumps(table, indent=1) + "\n")
    if path == TABLE_PATH:
        _bundled.cache_clear()
    return path, counts
