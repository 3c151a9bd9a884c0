"""Values hastack must never print: NoEcho parameters, secret-looking ones, dynamic references.

AWS answers DescribeStacks with ``****`` for a NoEcho parameter, but the emulator (and every
value hastack itself holds: ``--parameter`` values, outputs fed to a consumer) has the clear
text, so masking cannot depend on the server. It starts from the template's own declaration:
a parameter with ``NoEcho: true``, one whose name says it is a secret (password, secret, token,
key), and any ``{{resolve:ssm-secure:...}}`` / ``{{resolve:secretsmanager:...}}`` reference.
Their values are replaced by :data:`MASK` in diffs (text and JSON), events, results and errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

MASK = "****"
SECRET_NAME = re.compile(
    r"pass(word|phrase)?|pwd|secret|token|api_?key|private_?key|credential|auth", re.IGNORECASE
)
"""Parameter names treated as secret even without NoEcho."""
DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(?:ssm-secure|secretsmanager):[^}]*\}\}")
SHORTEST = 3
"""Values shorter than this are not scrubbed from free text (they would mangle it)."""


def is_secret_parameter(name: str, declaration: Any) -> bool:
    """NoEcho in the template, or a name that says it holds a secret."""
    no_echo = isinstance(declaration, Mapping) and str(declaration.get("NoEcho")).lower() == "true"
    return no_echo or bool(SECRET_NAME.search(name))


@dataclass
class Secrets:
    """The secret parameter names and values of a run; masks them wherever they appear."""

    names: set[str] = field(default_factory=set)
    values: set[str] = field(default_factory=set)

    def add_template(self, body: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """Learn a template's secret parameters and their ``values``, and its dynamic refs."""
        declared = body.get("Parameters") if isinstance(body, Mapping) else None
        for name, declaration in (declared or {}).items():
            if not is_secret_parameter(name, declaration):
                continue
            self.names.add(name)
            for value in (values.get(name), (declaration or {}).get("Default")):
                if value is not None and len(str(value)) >= SHORTEST and str(value) != MASK:
                    self.values.add(str(value))

    def parameter(self, name: str, value: str | None) -> str | None:
        """``value`` as it may be shown for parameter ``name``."""
        if value is None:
            return None
        return MASK if name in self.names else self.text(value)

    def text(self, text: str) -> str:
        """``text`` with every known secret value and dynamic reference masked."""
        for value in sorted(self.values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return DYNAMIC_REFERENCE.sub("{{resolve:" + MASK + "}}", text)

    def data(self, value: Any) -> Any:
        """A JSON-like structure with every string passed through :meth:`text`."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.data(v) for v in value)
        return value

    def extend(self, others: Iterable[Secrets]) -> None:
        for other in others:
            self.names |= other.names
            self.values |= other.values
