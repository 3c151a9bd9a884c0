"""Findings and reports: one shape for cfn-lint's own matches and the rule pack's."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
_BY_LETTER: dict[str, Severity] = {"E": "error", "W": "warning", "I": "info"}


def severity_of(rule_id: str) -> Severity:
    """cfn-lint's convention: the rule id's first letter is its severity."""
    return _BY_LETTER.get(rule_id[:1].upper(), "error")


@dataclass(frozen=True)
class Finding:
    """One problem in one template; ``to_dict()`` is the documented JSON shape."""

    rule: str
    severity: Severity
    resource: str | None
    path: list[str | int]
    message: str
    fix: str
    file: str | None = None
    line: int | None = field(default=None, compare=False)
    """1-based line in the template text, when known (shown in text output only)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("line")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=data["rule"],
            severity=data["severity"],
            resource=data.get("resource"),
            path=list(data.get("path", [])),
            message=data["message"],
            fix=data.get("fix", ""),
            file=data.get("file"),
            line=data.get("line"),
        )

    def cacheable(self) -> dict[str, Any]:
        """Everything but the file, which depends on where the same template was read from."""
        data = asdict(self)
        data.pop("file")
        return data

    @property
    def path_string(self) -> str:
        return "/".join(str(p) for p in self.path)


@dataclass
class SourceResult:
    """What happened to one template: its findings and whether they came from the cache."""

    name: str
    file: str | None
    regions: list[str]
    findings: list[Finding]
    cached: bool = False
    stack: str | None = None


@dataclass
class Report:
    """The findings of one validation run, in template order."""

    results: list[SourceResult] = field(default_factory=list)
    strict: bool = False

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "info"]

    def has_blocking(self, strict: bool | None = None) -> bool:
        """Errors block; with ``strict`` (default: the run's setting) warnings do too."""
        strict = self.strict if strict is None else strict
        return bool(self.errors) or (strict and bool(self.warnings))

    def to_list(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.findings]

    def summary(self) -> str:
        n = len(self.results)
        cached = sum(r.cached for r in self.results)
        parts = [
            _plural(len(self.errors), "error"),
            _plural(len(self.warnings), "warning"),
            f"{len(self.infos)} info",
        ]
        text = f"{', '.join(parts)} in {_plural(n, 'template')}"
        if cached:
            text += f" ({cached} from cache)"
        return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
