"""Questions from deploy threads, answered on the main thread.

Stacks deploy in worker threads, but a prompt must run on the main thread: that is where
Ctrl-C arrives, and a worker blocked in ``input()`` would keep the process alive after the
user pressed it. Workers post their question here and wait (checking the cancel flag); the
main thread's scheduling loop answers whatever is waiting between two looks at the futures.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from hastack.deploy.errors import DeployInterrupted


class PromptBroker:
    def __init__(self, answer: Callable[[str], bool]) -> None:
        self.answer = answer
        self._waiting: queue.Queue[tuple[str, Future[bool]]] = queue.Queue()

    def ask(self, question: str, cancel: threading.Event) -> bool:
        """Ask from any thread; on the main thread the answer comes directly."""
        if threading.current_thread() is threading.main_thread():
            return self.answer(question)
        box: Future[bool] = Future()
        self._waiting.put((question, box))
        while True:
            if cancel.is_set():
                raise DeployInterrupted("stopped while waiting for an answer")
            try:
                return box.result(timeout=0.1)
            except FutureTimeout:
                continue

    def serve(self) -> None:
        """Answer every waiting question (main thread). Ctrl-C during a prompt propagates."""
        while True:
            try:
                question, box = self._waiting.get_nowait()
            except queue.Empty:
                return
            try:
                box.set_result(self.answer(question))
            except BaseException:
                box.set_result(False)
                raise

    def refuse_all(self) -> None:
        """Answer no to whatever still waits (after Ctrl-C)."""
        while True:
            try:
                _, box = self._waiting.get_nowait()
            except queue.Empty:
                return
            box.set_result(False)
