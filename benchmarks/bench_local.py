"""Time the local emulator: start-up, and deploying the HA web-app example on it.

Run: .venv/bin/python benchmarks/bench_local.py [--repeat N]

Prints medians (and min/max) of:
- cold start: a fresh Python process that imports hastack, starts a LocalEngine (moto import,
  compatibility layer, socket bind) and answers one API call;
- warm start: another emulator in the same process;
- create_stack of the web-app example's template (synthesized from examples/webapp.py),
  executed through a change set as the deploy engine does, and by plain create_stack;
- delete_stack of the stack's network-only part (stateful resources are deletion-protected).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_START = """
import time
t0 = time.perf_counter()
from hastack.local import LocalEngine
emulator = LocalEngine().start()
emulator.client("sts").get_caller_identity()
print(time.perf_counter() - t0)
emulator.stop()
"""


def _figures(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples):.3f} s  (min {min(samples):.3f}, "
        f"max {max(samples):.3f}, n={len(samples)})"
    )


def _time(
    fn: Callable[[], object],
    repeat: int,
    before: Callable[[], object] = lambda: None,
) -> list[float]:
    samples = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _example_body() -> dict:
    from hastack.core.app_loader import load_app
    from hastack.core.context import Context

    app = load_app(str(ROOT / "examples" / "webapp.py"), Context({}))
    (stack,) = app.stacks
    return stack.body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    cold = []
    for _ in range(max(3, repeat // 2)):
        result = subprocess.run(
            [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True, cwd=ROOT
        )
        cold.append(float(result.stdout.strip()))
    print(f"emulator cold start (import + compat + bind + first call): {_figures(cold)}")

    from hastack.local import LocalEngine

    emulators: list[LocalEngine] = []
    warm = _time(lambda: emulators.append(LocalEngine().start()), repeat)
    stops = _time(lambda: emulators.pop().stop(), repeat)
    print(f"emulator warm start in the same process:                    {_figures(warm)}")
    print(f"emulator stop:                                              {_figures(stops)}")

    body = _example_body()
    text = json.dumps(body)
    print(f"web-app example: {len(body['Resources'])} resources, {len(text):,} bytes")
    with LocalEngine() as emulator:
        cfn = emulator.client("cloudformation")

        def create_stack() -> None:
            cfn.create_stack(
                StackName="webapp",
                TemplateBody=text,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            )
            status = cfn.describe_stacks(StackName="webapp")["Stacks"][0]["StackStatus"]
            assert status == "CREATE_COMPLETE", status

        def change_set() -> None:
            cfn.create_change_set(
                StackName="webapp",
                ChangeSetName="create",
                ChangeSetType="CREATE",
                TemplateBody=text,
                Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            )
            cfn.describe_change_set(StackName="webapp", ChangeSetName="create")
            cfn.execute_change_set(StackName="webapp", ChangeSetName="create")
            status = cfn.describe_stacks(StackName="webapp")["Stacks"][0]["StackStatus"]
            assert status == "CREATE_COMPLETE", status

        print(
            f"create_stack of the web-app example:  "
            f"{_figures(_time(create_stack, repeat, emulator.reset))}"
        )
        print(
            f"change set create + execute:          "
            f"{_figures(_time(change_set, repeat, emulator.reset))}"
        )
        events = cfn.describe_stack_events(StackName="webapp")["StackEvents"]
        print(
            f"stack events after one create: {len(events)} "
            f"({sum(e['ResourceStatus'] == 'CREATE_COMPLETE' for e in events) - 1} resources "
            "reported CREATE_COMPLETE)"
        )

        kinds = {
            "VPC",
            "Subnet",
            "RouteTable",
            "Route",
            "SubnetRouteTableAssociation",
            "InternetGateway",
            "VPCGatewayAttachment",
            "EIP",
            "NatGateway",
        }
        network = {
            **body,
            "Resources": {
                k: v for k, v in body["Resources"].items() if v["Type"].split("::")[-1] in kinds
            },
        }
        network.pop("Outputs", None)
        network_text = json.dumps(network)

        def create_network() -> None:
            emulator.reset()
            cfn.create_stack(StackName="network", TemplateBody=network_text)

        def delete_network() -> None:
            cfn.delete_stack(StackName="network")
            (summary,) = cfn.list_stacks()["StackSummaries"]
            assert summary["StackStatus"] == "DELETE_COMPLETE", summary["StackStatus"]

        print(
            f"delete_stack of its {len(network['Resources'])} network resources:  "
            f"{_figures(_time(delete_network, repeat, create_network))}"
        )


if __name__ == "__main__":
    main()
