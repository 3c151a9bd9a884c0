"""Running per-stack work over the dependency graph, several stacks at a time.

A stack starts as soon as every stack it depends on has succeeded (not level by level, so a
slow stack holds back only its own dependents), at most ``concurrency`` at once. After a
failure nothing new starts; stacks already running finish, and the rest are reported skipped.
For destroy the graph is reversed: a stack goes only after every stack that reads from it.
Ctrl-C in the main thread sets the shared cancel flag, which every worker checks while it waits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from hastack.deploy.cfn import Watch
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.prompts import PromptBroker
from hastack.deploy.report import StackResult
from hastack.deploy.spec import StackSpec, order_levels


def run_graph(
    specs: list[StackSpec],
    work: Callable[[StackSpec], StackResult],
    *,
    concurrency: int,
    watch: Watch,
    reverse: bool = False,
    prompts: PromptBroker | None = None,
) -> list[StackResult]:
    """Run ``work`` on every spec in dependency order; results in the order stacks finished."""
    order_levels(specs)  # raises DependencyCycleError naming the stacks
    names = {s.name for s in specs}
    needs: dict[str, set[str]] = {s.name: {d for d in s.depends_on if d in names} for s in specs}
    if reverse:
        flipped: dict[str, set[str]] = {n: set() for n in names}
        for name, deps in needs.items():
            for dep in deps:
                flipped[dep].add(name)
        needs = flipped
    by_name = {s.name: s for s in specs}
    pending = [s.name for s in specs]
    results: dict[str, StackResult] = {}
    finished: list[StackResult] = []
    running: dict[Future[StackResult], str] = {}
    halted = False
    with ThreadPoolExecutor(
        max_workers=max(1, concurrency), thread_name_prefix="hastack-deploy"
    ) as pool:
        try:
            while pending or running:
                if not halted:
                    for name in list(pending):
                        if len(running) >= concurrency:
                            break
                        if needs[name] <= {n for n, r in results.items() if r.ok}:
                            pending.remove(name)
                            running[pool.submit(work, by_name[name])] = name
                if not running:
                    break
                if prompts is not None:
                    prompts.serve()
                done, _ = wait(list(running), timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    name = running.pop(future)
                    result = future.result()
                    results[name] = result
                    finished.append(result)
                    if not result.ok and result.status != "cancelled":
                        halted = True
        except (KeyboardInterrupt, DeployInterrupted):
            watch.cancel.set()
            if prompts is not None:
                prompts.refuse_all()
            for future in running:
                future.cancel()
            wait(list(running))
            raise DeployInterrupted("interrupted") from None
    for name in pending:
        blockers = sorted(n for n in needs[name] if n not in results or not results[n].ok)
        why = (
            f"not started: {', '.join(blockers)} did not succeed"
            if blockers
            else "not started: an earlier stack failed"
        )
        finished.append(StackResult(name, by_name[name].region, "skipped", reason=why))
    return finished
