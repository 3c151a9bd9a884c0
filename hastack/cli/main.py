"""The ``hastack`` entry point: a click group whose commands are imported only when used.

``hastack --help`` lists commands from the registry below without importing them, and each
command module imports its heavy dependencies (cfn-lint, boto3, moto) inside the command, so
``hastack synth`` never loads them. The group itself (:mod:`hastack.cli.group`) is loaded the
same way, by name, when click parses: a plain ``hastack synth APP`` is recognised by
:mod:`hastack.cli.fastpath` and runs without loading click at all.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

from hastack.cli import console, fastpath, synth_run
from hastack.cli.exit_codes import ExitCode
from hastack.deploy.errors import failure_line
from hastack.errors import HastackError

# name -> (module, attribute, one-line help). Order here is the order in --help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("hastack.cli.init", "init", "Create a new project: app, test, CI workflow."),
    "synth": ("hastack.cli.synth", "synth", "Write the CloudFormation templates of an app."),
    "validate": (
        "hastack.cli.validate",
        "validate",
        "Lint templates with cfn-lint and the HA/security rules.",
    ),
    "cost": ("hastack.cli.cost", "cost", "Estimate the monthly cost of templates or an app."),
    "prices": ("hastack.cli.prices", "prices", "Manage the bundled price catalog."),
    "engine-versions": (
        "hastack.cli.engine_versions",
        "engine_versions",
        "Show or refresh the table of RDS engine versions.",
    ),
    "diff": ("hastack.cli.diff", "diff", "Show what a deploy would change, without deploying."),
    "deploy": (
        "hastack.cli.deploy",
        "deploy",
        "Deploy an app or a template (real AWS or --local).",
    ),
    "destroy": ("hastack.cli.destroy", "destroy", "Delete an app's stacks in reverse order."),
    "outputs": ("hastack.cli.outputs", "outputs", "Print the outputs of deployed stacks."),
    "status": ("hastack.cli.status", "status", "Show the state of an app's stacks."),
    "drift": (
        "hastack.cli.drift",
        "drift",
        "Detect changes made outside CloudFormation (exit 1 on drift).",
    ),
    "local": ("hastack.cli.local", "local", "Run the local emulator for other tools."),
    "availability": (
        "hastack.cli.availability",
        "availability",
        "Estimate composite availability from AWS SLAs.",
    ),
    "resilience": (
        "hastack.cli.resilience",
        "resilience",
        "Check what survives the loss of each AZ or region.",
    ),
    "plan": (
        "hastack.cli.plan",
        "plan",
        "Pick the cheapest design that meets stated requirements.",
    ),
    "drill": ("hastack.cli.drill", "drill", "Run failure drills against a local deployment."),
    "diagram": (
        "hastack.cli.diagram",
        "diagram",
        "Draw the architecture with its failure domains (SVG/PNG).",
    ),
    "report": ("hastack.cli.report", "report", "Write a one-page HTML report of an app."),
}


EXTRAS = {
    "boto3": "aws",
    "botocore": "aws",
    "moto": "local",
    "werkzeug": "local",
    "flask": "local",
    "cairosvg": "report",
    "cairocffi": "report",
}
"""Third-party modules that only an extra installs: a missing one names the extra to install."""


def __getattr__(name: str) -> Any:
    """``cli``: the click group, imported on first use (``from hastack.cli.main import cli``)."""
    if name == "cli":
        return importlib.import_module("hastack.cli.group").cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn hastack errors into one paragraph and an exit code, never a traceback
    (unless ``--debug`` asks for it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    console.configure(debug="--debug" in args or bool(os.environ.get("HASTACK_DEBUG")))
    try:
        result = _run(args)
    except HastackError as error:
        console.show_traceback(error)
        hint = ""
        if error.__cause__ is not None and not console.SETTINGS.debug:
            hint = " (--debug shows the traceback)"
        console.fail(str(error) + hint)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        console.err("interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as error:  # noqa: BLE001 - a bug of ours still ends in one paragraph
        _click_exit(error)
        extra = EXTRAS.get((getattr(error, "name", None) or "").split(".")[0])
        if isinstance(error, ModuleNotFoundError) and extra is not None:
            console.show_traceback(error)
            console.fail(
                f"this command needs {error.name}, which hastack installs with an extra: "
                f"pip install 'hastack[{extra}]'"
            )
            sys.exit(ExitCode.USAGE)
        found = failure_line(error)  # the network, credentials, permissions or a path
        if found is not None:
            console.fail(found[0])
            sys.exit(found[1])
        console.show_traceback(error)
        console.fail(
            f"internal error: {type(error).__name__}: {error} "
            "(run again with --debug for the traceback, and please report it)"
        )
        sys.exit(ExitCode.FAIL)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)


def _run(args: list[str]) -> Any:
    fast = fastpath.parse_synth(args)
    if fast is not None:
        verbosity, debug, params = fast
        console.configure(verbosity=verbosity, debug=debug)
        return synth_run.run(**params)
    group = importlib.import_module("hastack.cli.group").cli
    return group.main(args=args, prog_name="hastack", standalone_mode=False, color=console.color())


def _click_exit(error: Exception) -> None:
    """Exit as click would for its own exceptions (usage errors, ``--help``, an abort); only
    click raises them, so click is loaded whenever one arrives."""
    click = sys.modules.get("click")
    if click is None:
        return
    if isinstance(error, click.exceptions.Abort):
        interrupted = isinstance(error.__cause__, KeyboardInterrupt)
        click.echo("interrupted" if interrupted else "aborted", err=True)
        sys.exit(ExitCode.INTERRUPTED if interrupted else ExitCode.FAIL)
    if isinstance(error, click.ClickException):
        error.show()
        sys.exit(error.exit_code)
    if isinstance(error, click.exceptions.Exit):
        sys.exit(error.exit_code)


GC_THRESHOLD = (2_000, 10, 10)
"""The collector's thresholds in the ``hastack`` command (CPython's default is 700, 10, 10)."""


def run() -> None:
    """The ``hastack`` command: :func:`main`, with the cyclic garbage collector set for a
    short process.

    A ``--local`` command loads moto's services, a few hundred thousand long-lived objects.
    At the default thresholds the collector walks them again and again: about 950 collections,
    some 0.3 s of CPU, in a web-app deploy. At exit it walks them once more while the
    interpreter is torn down, about 0.5 s. So collections here start 2,000 allocations apart,
    not 700. The price is memory: garbage held in reference cycles (the botocore sessions moto
    makes and drops while it loads) waits longer, and the web-app deploy peaks at about 290 MB
    instead of 240 MB; 1,000 would cost about 17 MB and half the CPU saved. At exit the objects
    are frozen (``gc.freeze``), and the teardown frees them by reference count alone. Output is
    flushed and atexit handlers run as always.

    ``main()`` leaves the collector alone: a test or a program that calls it keeps its own
    settings.
    """
    gc.set_threshold(*GC_THRESHOLD)
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()
