"""The usage file: values for usage-based charges, keyed by logical id.

```yaml
LoadBalancer: {lcu: 5}
DatabaseCluster: {storage_gb: 100, io_requests_millions: 50}
data_transfer: {internet_out_gb: 500, inter_az_gb: 200}
```

Each pricer declares the keys it reads with a documented default (:class:`UsageKey`). A key the
file does not give falls back to that default, and the estimate says so. The file is checked as a
whole before anything is priced, so every mistake is reported at once: a logical id that no
template has, a key the resource type does not read, a value that is negative or not a number.
Logical ids may be written ``Stack.LogicalId`` to pick one stack of an app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hastack.errors import UsageError

DATA_TRANSFER = "data_transfer"
"""Reserved top-level key (not a valid logical id) for traffic that no one resource owns."""


@dataclass(frozen=True)
class UsageKey:
    """A usage value a pricer reads: its default and what it means."""

    name: str
    default: Decimal
    unit: str
    description: str


def key(name: str, default: str | int, unit: str, description: str) -> UsageKey:
    return UsageKey(name, Decimal(str(default)), unit, description)


@dataclass
class Usage:
    """Parsed usage values: ``{logical id or Stack.LogicalId: {key: Decimal}}``."""

    entries: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    path: str | None = None
    lenient: bool = False
    """Skip entries for logical ids the templates lack (used for the --compare baseline)."""

    def values_for(self, stack: str, logical_id: str) -> dict[str, Decimal]:
        merged = dict(self.entries.get(logical_id, {}))
        merged.update(self.entries.get(f"{stack}.{logical_id}", {}))
        return merged


MAX_USAGE = Decimal(10**15)
"""Largest usage value accepted: beyond it prices overflow the cent arithmetic (1e308 did)."""


def load_usage(source: str | Path | Mapping[str, Any] | Usage | None) -> Usage:
    """A :class:`Usage` from a YAML file path, a mapping, or nothing (all defaults)."""
    if source is None:
        return Usage()
    if isinstance(source, Usage):
        return source
    if isinstance(source, Mapping):
        return parse_usage(source, "usage")
    path = Path(source)
    if not path.exists():
        raise UsageError(f"{source}: no such usage file")
    if path.is_dir():
        raise UsageError(f"{source}: is a directory, not a usage file")
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        reason = " ".join(str(error).split())[:200]
        raise UsageError(f"{source}: is not valid YAML ({reason})") from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise UsageError(
            f"{source}: a usage file is a mapping of logical ids to usage values "
            f"(e.g. 'LoadBalancer: {{lcu: 5}}'), not a {type(data).__name__}"
        )
    usage = parse_usage(data, str(source))
    usage.path = str(source)
    return usage


def parse_usage(data: Mapping[str, Any], name: str) -> Usage:
    problems: list[str] = []
    entries: dict[str, dict[str, Decimal]] = {}
    for logical_id, values in data.items():
        if not isinstance(values, Mapping):
            problems.append(
                f"{logical_id}: expected a mapping of usage keys to numbers, got {values!r}"
            )
            continue
        entry: dict[str, Decimal] = {}
        for k, raw in values.items():
            number = _number(raw)
            if number is None:
                problems.append(f"{logical_id}.{k}: {raw!r} is not a number")
            elif number < 0:
                problems.append(f"{logical_id}.{k}: {raw!r} is negative; usage values are >= 0")
            elif not number.is_finite() or number > MAX_USAGE:
                problems.append(f"{logical_id}.{k}: {raw!r} is too large; at most {MAX_USAGE:,}")
            else:
                entry[str(k)] = number
        entries[str(logical_id)] = entry
    if problems:
        raise UsageError(f"{name}: invalid usage values:\n  - " + "\n  - ".join(problems))
    return Usage(entries)


def _number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float, str)):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    return None


def check_usage(
    usage: Usage,
    templates: list[tuple[str, dict[str, str]]],
    schemas: Mapping[str, Mapping[str, UsageKey]],
    data_transfer: Mapping[str, UsageKey],
) -> None:
    """Fail on usage entries no template resource can use; ``templates`` is (stack, {id: type})."""
    problems: list[str] = []
    for entry, values in usage.entries.items():
        if entry == DATA_TRANSFER:
            schema: Mapping[str, UsageKey] = data_transfer
            owner = DATA_TRANSFER
        else:
            types = _types_for(entry, templates)
            if not types and usage.lenient:
                continue
            if not types:
                known = sorted({lid for _, ids in templates for lid in ids})
                hint = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
                problems.append(
                    f"{entry}: no resource with this logical id in the template(s) "
                    f"(resources: {hint})"
                )
                continue
            rtype = types[0]
            schema = schemas.get(rtype, {})
            owner = f"{entry} ({rtype})"
        for k in values:
            if k not in schema:
                allowed = ", ".join(sorted(schema)) or "none: its cost is not usage-based"
                problems.append(f"{owner}: unknown usage key {k!r}; allowed: {allowed}")
    if problems:
        where = usage.path or "usage"
        if len(problems) == 1:
            raise UsageError(f"{where}: {problems[0]}")
        raise UsageError(f"{where}: {len(problems)} problems:\n  - " + "\n  - ".join(problems))


def _types_for(entry: str, templates: list[tuple[str, dict[str, str]]]) -> list[str]:
    found = []
    for stack, ids in templates:
        if entry in ids:
            found.append(ids[entry])
        elif "." in entry:
            st, _, lid = entry.partition(".")
            if st == stack and lid in ids:
                found.append(ids[lid])
    return found


class UsageView:
    """The usage values of one resource; reading a missing key uses its default and notes it."""

    def __init__(self, values: dict[str, Decimal], schema: Mapping[str, UsageKey]) -> None:
        self.values = values
        self.schema = schema
        self.defaults_used: list[UsageKey] = []

    def get(self, name: str) -> Decimal:
        if name in self.values:
            return self.values[name]
        spec = self.schema[name]
        if spec not in self.defaults_used:
            self.defaults_used.append(spec)
        return spec.default

    def given(self, name: str) -> bool:
        return name in self.values
