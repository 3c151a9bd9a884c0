"""How the engine tells the outside world what happens, without knowing about terminals.

The engine calls a :class:`Reporter`; the CLI passes one that draws diffs, events and a progress
bar with rich, tests pass one that records calls, and the Python API default stays silent and
never prompts (``confirm`` answers no, so only ``assume_yes=True`` executes a change set).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hastack.deploy.changes import StackDiff
    from hastack.deploy.report import StackResult


class Reporter:
    """No-op base: override what you need. Methods may be called from several threads."""

    def info(self, stack: str, message: str) -> None:
        """A step worth a line: "no changes", "uploading template", ..."""

    def warn(self, stack: str, message: str) -> None:
        """Something the user should know that does not stop the deploy."""

    def show_diff(self, diff: StackDiff) -> None:
        """The change set of one stack, before confirmation."""

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question; the silent default refuses (pass ``assume_yes`` instead)."""
        return False

    def start(self, stack: str, total: int) -> None:
        """Execution of a stack began; ``total`` resources are expected to change."""

    def event(self, stack: str, event: dict[str, Any]) -> None:
        """One new CloudFormation stack event (oldest first)."""

    def progress(self, stack: str, done: int, total: int) -> None:
        """Resources finished so far."""

    def finish(self, result: StackResult) -> None:
        """A stack reached its final state for this run."""


class Masker(Protocol):
    def text(self, text: str) -> str: ...
    def data(self, value: Any) -> Any: ...


class MaskingReporter(Reporter):
    """Passes every call on to ``inner`` with secret values masked (see secrets.py).

    Events carry CloudFormation's own reasons, which can quote a parameter's value.
    """

    def __init__(self, inner: Reporter, secrets: Masker) -> None:
        self.inner = inner
        self.secrets = secrets

    def info(self, stack: str, message: str) -> None:
        self.inner.info(stack, self.secrets.text(message))

    def warn(self, stack: str, message: str) -> None:
        self.inner.warn(stack, self.secrets.text(message))

    def show_diff(self, diff: StackDiff) -> None:
        self.inner.show_diff(diff)

    def confirm(self, question: str) -> bool:
        return self.inner.confirm(self.secrets.text(question))

    def start(self, stack: str, total: int) -> None:
        self.inner.start(stack, total)

    def event(self, stack: str, event: dict[str, Any]) -> None:
        self.inner.event(stack, self.secrets.data(event))

    def progress(self, stack: str, done: int, total: int) -> None:
        self.inner.progress(stack, done, total)

    def finish(self, result: StackResult) -> None:
        if result.reason:
            result.reason = self.secrets.text(result.reason)
        self.inner.finish(result)


class RecordingReporter(Reporter):
    """Keeps every call as ``(method, args)``; answers confirmations with ``answer``."""

    def __init__(self, answer: bool = False) -> None:
        import threading

        self.answer = answer
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self._lock = threading.Lock()

    def _record(self, name: str, *args: Any) -> None:
        with self._lock:
            self.calls.append((name, args))

    def info(self, stack: str, message: str) -> None:
        self._record("info", stack, message)

    def warn(self, stack: str, message: str) -> None:
        self._record("warn", stack, message)

    def show_diff(self, diff: StackDiff) -> None:
        self._record("show_diff", diff)

    def confirm(self, question: str) -> bool:
        self._record("confirm", question)
        return self.answer

    def start(self, stack: str, total: int) -> None:
        self._record("start", stack, total)

    def event(self, stack: str, event: dict[str, Any]) -> None:
        self._record("event", stack, event)

    def progress(self, stack: str, done: int, total: int) -> None:
        self._record("progress", stack, done, total)

    def finish(self, result: StackResult) -> None:
        self._record("finish", result)

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [args for method, args in self.calls if method == name]

    def messages(self) -> list[str]:
        return [args[1] for method, args in self.calls if method in ("info", "warn")]
