"""Deploy-time context: one app file, several environments.

Like CDK's context, values given on the command line (``-c KEY=VALUE``, ``--env NAME``) reach
the app file without editing it::

    from hastack import App, context

    app = App()
    env = app.context.env or "dev"              # --env prod
    domain = app.context.get("domain", "example.com")   # -c domain=shop.example.com
    azs = app.context.get_int("azs", 3)

The CLI installs the context before it imports the app file; in Python, pass
``App(context=Context({...}, env="prod"))`` or use :func:`use_context`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hastack.core.records import Record
from hastack.errors import UsageError


@dataclass(frozen=True, eq=False, repr=False)
class Context(Record):
    """Read-only key/value settings plus an optional environment name."""

    values: Mapping[str, str] = field(default_factory=dict)
    env: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> str:
        try:
            return self.values[key]
        except KeyError:
            known = ", ".join(sorted(self.values)) or "none"
            raise UsageError(
                f"context key {key!r} is not set; pass it with -c {key}=VALUE (set: {known})"
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self.values

    def get_int(self, key: str, default: int) -> int:
        raw = self.values.get(key)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise UsageError(f"context key {key!r}: expected a whole number, got {raw!r}") from None

    def get_bool(self, key: str, default: bool) -> bool:
        raw = self.values.get(key)
        if raw is None:
            return default
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise UsageError(f"context key {key!r}: expected true or false, got {raw!r}")

    @classmethod
    def from_pairs(cls, pairs: list[str] | tuple[str, ...], env: str | None = None) -> Context:
        """Parse ``KEY=VALUE`` strings as given to ``-c``; a pair without ``=`` is an error."""
        values: dict[str, str] = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"context {pair!r}: expected KEY=VALUE")
            values[key.strip()] = value
        return cls(values, env)


_current: Context = Context()


def current_context() -> Context:
    """The context the CLI (or :func:`use_context`) installed; empty by default."""
    return _current


@contextlib.contextmanager
def use_context(context: Context) -> Iterator[Context]:
    """Install ``context`` for apps created inside the block."""
    global _current
    previous, _current = _current, context
    try:
        yield context
    finally:
        _current = previous
