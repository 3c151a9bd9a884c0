"""Blueprint: typed options in, a Stack out.

A blueprint is a thin composition of components. Subclasses declare ``options_class`` (an
:class:`~hastack.core.options.Options` dataclass) and implement :meth:`build`, which adds
resources to a troposphere template through components and declares the outputs::

    class HAWebApp(Blueprint):
        options_class = WebAppOptions

        def build(self, t: Template) -> None:
            net = add_network(t, self.options.network)
            ...

    stack = HAWebApp("shop", region="eu-west-1", domain_name="shop.example.com").synth()
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from hastack.core.options import Options
from hastack.core.regions import default_region, region_problem
from hastack.core.stack import (
    STACK_NAME_PATTERN,
    OutputRef,
    Stack,
    input_parameter,
)
from hastack.errors import OptionsError

if TYPE_CHECKING:
    from troposphere import Template


class StackFields(TypedDict, total=False):
    """The keyword arguments every blueprint takes beside its options.

    Each blueprint's constructor declares ``**kwargs: Unpack[...]`` with a TypedDict that adds
    its option fields to these, so editors complete them and mypy checks them; a test keeps each
    TypedDict equal to the blueprint's ``options_class``.
    """

    region: str | None
    tags: Mapping[str, str] | None
    termination_protection: bool


class Blueprint(ABC):
    """Base class of every blueprint. Options are checked in the constructor."""

    options_class: ClassVar[type[Options]]
    description: ClassVar[str] = ""

    def __init__(
        self,
        name: str,
        *,
        region: str | None = None,
        tags: Mapping[str, str] | None = None,
        termination_protection: bool = False,
        **options: Any,
    ) -> None:
        import re

        problems: list[tuple[str, object, str]] = []
        self.region_source = "region="
        if region is None:
            choice = default_region()
            region, self.region_source = choice.name, choice.source
        if not isinstance(name, str) or not re.fullmatch(STACK_NAME_PATTERN, name):
            problems.append(("name", name, "a stack name: a letter, then letters, digits, hyphens"))
        if region_problem(region) is not None:  # a region AWS does not have, not only a typo
            problems.append(("region", region, "an AWS region name such as us-east-1"))
        try:
            self.options = self.options_class.parse(options, owner=type(self).__name__)
        except OptionsError as error:
            raise OptionsError(type(self).__name__, problems + error.problems) from None
        problems += self.region_problems(region)
        if problems:
            raise OptionsError(type(self).__name__, problems)
        self.name = name
        self.region = region
        self.tags = dict(tags or {})
        self.termination_protection = termination_protection
        self._stack: Stack | None = None
        self._pending_inputs: dict[str, OutputRef] = {}

    @abstractmethod
    def build(self, t: Template) -> None:
        """Add this blueprint's resources and outputs to ``t``."""

    def region_problems(self, region: str) -> list[tuple[str, object, str]]:
        """Options that cannot work in ``region`` (e.g. more AZs than it has); none by default."""
        return []

    def stack_parameters(self) -> dict[str, str]:
        """Literal parameter values for deploy; blueprints with parameters override this."""
        return {}

    def input(
        self, t: Template, parameter: str, ref: OutputRef | str, *, type: str = "String"
    ) -> Any:
        """A value from another stack's output (as a parameter) or a literal, for use in build."""
        if isinstance(ref, str):
            return ref
        self._pending_inputs[parameter] = ref
        return input_parameter(t, parameter, ref, type)

    def synth(self) -> Stack:
        """Build the template once and wrap it as a :class:`Stack` (cached)."""
        if self._stack is None:
            t = self._build_template()
            tags = {"hastack:blueprint": type(self).__name__, "hastack:stack": self.name}
            tags.update(self.tags)
            self._stack = Stack(
                name=self.name,
                template=t,
                region=self.region,
                tags=tags,
                parameters=self.stack_parameters(),
                inputs=dict(self._pending_inputs),
                termination_protection=self.termination_protection,
                source=type(self).__name__,
                warnings=self.options.warnings(),
                region_source=self.region_source,
                builder=self._build_template,
            )
        return self._stack

    def _build_template(self) -> Template:
        """A new template with this blueprint's resources: the same options give the same one."""
        from troposphere import Template

        t = Template()
        if self.description:
            t.set_description(self.description)
        self._pending_inputs = {}
        self.build(t)
        return t

    @property
    def template(self) -> Template:
        """The troposphere template (built on first use)."""
        return self.synth().template

    def output(self, name: str) -> OutputRef:
        """A handle on an output of this blueprint's stack, for another blueprint's options."""
        return self.synth().output(name)
