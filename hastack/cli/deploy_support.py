"""What the deploy-family commands share: where to deploy, what to deploy, and the checks.

``--local`` / ``--endpoint-url`` / ``--region`` / ``--profile`` become an
:class:`~hastack.deploy.session.AwsTarget` (starting an in-process emulator for ``--local``),
and TARGET (an app or a template file) becomes the list of stack specs. Every check on these
options happens here, before any AWS call, and fails with exit code 2 naming the option.
:func:`stack_command` adds the options these commands share and hands them to the command as
one :class:`StackTarget`; :func:`loaded_target` reads TARGET and opens the AwsTarget.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import click

from hastack.cli.console import err
from hastack.cli.options import build_context, context_options, format_option, stack_option
from hastack.core import regions
from hastack.core.app_loader import is_app_target
from hastack.core.artifact import StackArtifact
from hastack.core.loader import MANIFEST, load
from hastack.deploy.session import LOCAL_CREDENTIALS, AwsTarget
from hastack.deploy.spec import template_file
from hastack.errors import DeployError, UsageError
from hastack.local import LocalEngine

F = Callable[..., Any]
Decorator = Callable[[F], F]


def target_options(func: F) -> F:
    """``--local``, ``--endpoint-url``, ``--region``, ``--profile``."""
    func = click.option(
        "--profile",
        metavar="NAME",
        default=None,
        help="AWS profile for real AWS (default: the usual AWS_* variables and config).",
    )(func)
    func = click.option(
        "--region",
        metavar="REGION",
        default=None,
        help="Region of templates that carry none (a template file, an app's blueprints that "
        "name none) and of --local's emulator; stacks that name one keep it.",
    )(func)
    func = click.option(
        "--endpoint-url",
        metavar="URL",
        default=None,
        help="Send every AWS call to this endpoint, e.g. a running `hastack local serve`.",
    )(func)
    func = click.option(
        "--local",
        "use_local",
        is_flag=True,
        help="Run an emulator in this process (its state ends with the command).",
    )(func)
    return func


parameter_option: Decorator = click.option(
    "--parameter",
    "parameter_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Template parameter value, for every stack declaring KEY (repeatable).",
)
"""``--parameter KEY=VALUE`` (repeatable), passed as ``parameter_pairs``."""

role_arn_option: Decorator = click.option(
    "--role-arn",
    metavar="ARN",
    default=None,
    help="IAM role CloudFormation assumes to change the stacks (its service role).",
)

stack_name_option: Decorator = click.option(
    "--stack-name", default=None, metavar="NAME", help="Stack name for a template file TARGET."
)


@dataclass(frozen=True)
class StackTarget:
    """The options of a deployed-stack command naming what to act on and where."""

    path: str
    """TARGET: an app file/module or a template file."""
    stack_names: tuple[str, ...]
    stack_name: str | None
    use_local: bool
    endpoint_url: str | None
    region: str | None
    profile: str | None
    context_pairs: tuple[str, ...]
    env_name: str | None

    def load(self, *, termination_protection: bool = False) -> Loaded:
        """Check the target options, then read TARGET, before any AWS call."""
        check_target_options(
            use_local=self.use_local, endpoint_url=self.endpoint_url, profile=self.profile
        )
        return load_subject(
            self.path,
            context_pairs=self.context_pairs,
            env_name=self.env_name,
            stack_names=self.stack_names,
            stack_name=self.stack_name,
            region=self.region,
            termination_protection=termination_protection,
        )

    def open(self, *, placeholders: bool = False) -> contextlib.AbstractContextManager[Any]:
        """The AwsTarget (see :func:`open_target`); notices go to stderr."""
        return open_target(
            use_local=self.use_local,
            endpoint_url=self.endpoint_url,
            region=self.region,
            profile=self.profile,
            notice=err,
            placeholders=placeholders,
        )


_STACK_TARGET_FIELDS = (
    "stack_names",
    "stack_name",
    "use_local",
    "endpoint_url",
    "region",
    "profile",
    "context_pairs",
    "env_name",
)


def stack_command(
    *own: Decorator,
    after_stack_name: Sequence[Decorator] = (),
    format_help: str | None = None,
) -> Decorator:
    """The options of a deployed-stack command, around the command's ``own`` options.

    In help order: TARGET, ``--stack``, the target options, ``own``, ``--stack-name``,
    ``after_stack_name``, ``--format`` (when ``format_help`` is given), ``-c``/``--env``.
    The command receives the shared ones as one :class:`StackTarget` (its first argument)
    and its own options as keyword arguments.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(*, target_path: str, **kwargs: Any) -> Any:
            shared = {name: kwargs.pop(name) for name in _STACK_TARGET_FIELDS}
            return func(StackTarget(path=target_path, **shared), **kwargs)

        decorators: list[Decorator] = [
            click.argument("target_path", metavar="TARGET"),
            stack_option,
            target_options,
            *own,
            stack_name_option,
            *after_stack_name,
        ]
        if format_help is not None:
            decorators.append(format_option(format_help))
        decorators.append(context_options)
        wrapped: F = command
        for decorator in reversed(decorators):
            wrapped = decorator(wrapped)
        return wrapped

    return decorate


@contextlib.contextmanager
def loaded_target(stack: StackTarget) -> Iterator[tuple[Loaded, Any]]:
    """TARGET read (before any AWS call), then the AwsTarget, for the length of the block."""
    loaded = stack.load()
    with stack.open() as target:
        yield loaded, target


def default_region(region: str | None) -> str:
    """``--region``, else the chain of :func:`hastack.core.regions.default_region`."""
    return region or regions.default_region().name


def check_target_options(*, use_local: bool, endpoint_url: str | None, profile: str | None) -> None:
    """Contradictory or malformed target options: usage errors before anything runs."""
    if use_local and endpoint_url:
        raise UsageError("--local and --endpoint-url: choose one (--local starts its own emulator)")
    if use_local and profile:
        raise UsageError(
            "--profile does not apply to --local (the emulator takes dummy credentials)"
        )
    if endpoint_url:
        parsed = urlparse(endpoint_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"--endpoint-url {endpoint_url!r}: expected http://HOST:PORT")


def check_reachable(endpoint_url: str, timeout: float = 3.0) -> None:
    """Fail at once, naming the URL, when nothing listens at ``--endpoint-url``.

    botocore retries a refused connection (eight attempts with backoff, about 15 s) before
    raising; one TCP connect here tells the user in milliseconds.
    """
    import socket

    parsed = urlparse(endpoint_url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((parsed.hostname or "", port), timeout=timeout):
            return
    except OSError as error:
        raise DeployError(
            f"cannot reach {endpoint_url} ({error.strerror or error}): check the address "
            "(is `hastack local serve` running?), your network and any proxy setting"
        ) from None


@contextlib.contextmanager
def open_target(
    *,
    use_local: bool,
    endpoint_url: str | None,
    region: str | None,
    profile: str | None,
    notice: Callable[[str], None],
    placeholders: bool = False,
) -> Iterator[Any]:
    """The AwsTarget for the options; with ``--local`` an emulator runs until the block ends
    (``placeholders``: it deploys the types it does not emulate as placeholders)."""
    check_target_options(use_local=use_local, endpoint_url=endpoint_url, profile=profile)
    where = default_region(region)
    if use_local:
        with LocalEngine(region=where, placeholders=placeholders) as emulator:
            notice(
                f"local emulator at {emulator.endpoint_url} (its state ends with this command; "
                "use `hastack local serve` and --endpoint-url to keep it)"
            )
            yield AwsTarget.local(emulator.endpoint_url, where)
        return
    if endpoint_url:
        check_reachable(endpoint_url)
        credentials = None if profile else dict(LOCAL_CREDENTIALS)
        yield AwsTarget(
            region=where, profile=profile, endpoint_url=endpoint_url, credentials=credentials
        )
        return
    target = AwsTarget(region=where, profile=profile)
    if target.session().get_credentials() is None:  # resolved locally: no AWS call
        raise UsageError(
            "no AWS credentials found: set AWS_PROFILE or pass --profile, set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --local for the emulator"
        )
    yield target


@dataclass
class Loaded:
    """TARGET read: the artifacts to act on and every artifact of TARGET (for the API)."""

    subject: list[StackArtifact]
    """Every stack of TARGET (an app or synth folder checks the selection against them)."""
    specs: list[StackArtifact]


def load_subject(
    target: str,
    *,
    context_pairs: tuple[str, ...],
    env_name: str | None,
    stack_names: tuple[str, ...],
    stack_name: str | None,
    region: str | None,
    termination_protection: bool = False,
) -> Loaded:
    """Read TARGET (an app, a synth output folder or a template file), before any AWS call."""
    path = Path(target)
    if is_app_target(target) or path.is_dir() or path.name == MANIFEST:
        if stack_name:
            raise UsageError(
                "--stack-name is for template files; an app names its stacks "
                "(select them with --stack)"
            )
        every = load(
            target,
            context=build_context(context_pairs, env_name),
            region=region,
            verb="deploy",
            unique_names=False,
        )
        names = [a.name for a in every]
        for name in stack_names:
            if name not in names:
                raise UsageError(
                    f"--stack {name}: {target} has no such stack; it has: {', '.join(names)}"
                )
        if termination_protection:
            for artifact in every:
                artifact.termination_protection = True
        chosen = [a for a in every if not stack_names or a.name in stack_names]
        return Loaded(subject=every, specs=chosen)
    if stack_names:
        raise UsageError("--stack selects stacks of an app; for a template file use --stack-name")
    if not stack_name:
        raise UsageError(f"{target} is a template file: name its stack with --stack-name NAME")
    spec = template_file(target, stack_name, region)
    spec.termination_protection = termination_protection
    return Loaded(subject=[spec], specs=[spec])


def require_confirmation_possible(assume_yes: bool, verb: str) -> None:
    """Refuse before any AWS call when a prompt would be needed but stdin is not a terminal."""
    import sys

    if assume_yes:
        return
    isatty = getattr(sys.stdin, "isatty", None)
    if sys.stdin is None or isatty is None or not isatty():
        raise UsageError(
            f"stdin is not a terminal, so hastack cannot ask before it {verb}: pass --yes "
            "(review the changes first with `hastack diff`)"
        )
