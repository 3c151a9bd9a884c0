"""Traffic drill: the real HAProxy or NGINX, real backends, real requests, then failures.

The proxy tier's rendered configuration runs with the real program on loopback in front of
``azs x per_az`` backend processes (:mod:`hastack.drills.backend`; "AZ" b holds b1, b2...).
An asyncio client keeps ``connections`` keep-alive connections busy (bounded in seconds and in
requests, loopback only) and records every request. On a fixed timeline it kills one backend
(SIGKILL, like a lost instance), starts it again, kills every backend of one AZ, and starts
them again; each phase lasts long enough for the check settings to act.

For each failure it reports the client errors and their window, the time the proxy took to
take the servers out (HAProxy: the server's status on its stats page; NGINX: the "upstream
server temporarily disabled" line in its error log) and the time until every restarted server
answered requests again (its ``X-Backend`` header), next to :func:`check_timing`'s prediction
from the same settings. Where ``wrk`` is installed, a short wrk run before the timeline gives
the steady throughput and latency of the same chain.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import shutil
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hastack.components.proxy_tier import (
    CheckTiming,
    ProxyTierOptions,
    Server,
    check_timing,
    timing_summary,
)
from hastack.drills.png import Canvas
from hastack.drills.proxies import program, write_local
from hastack.errors import UsageError

HOST = "127.0.0.1"
ARTICLE_GOOD = (10_000, 10.0)
"""The article's well-built HA system: 10,000 requests/s at under 10 ms."""
ARTICLE_POOR = (1_000, 100.0)
"""The article's poorly built one: under 1,000 requests/s and over 100 ms."""
RECOVERY_GRACE = 10.0
"""Seconds the load may run past the timeline while a restarted server has not answered."""
REQUEST = b"GET / HTTP/1.1\r\nHost: drill\r\nUser-Agent: hastack-drill\r\n\r\n"


@dataclass(frozen=True)
class Sample:
    sent: float
    """Seconds since the load started."""
    latency: float
    ok: bool
    backend: str | None


@dataclass
class FailureResult:
    what: str
    servers: list[str]
    killed_at: float
    restarted_at: float
    errors: int
    error_window: float
    """Seconds from the kill to the end of the last failed request (0 when none failed)."""
    detected_after: float | None
    recovered_after: float | None
    predicted: dict[str, Any]
    notes: list[str] = field(default_factory=list)


@dataclass
class TrafficReport:
    kind: str
    backends: int
    azs: int
    connections: int
    seconds: float
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    steady: dict[str, float]
    """The same figures over the first phase only (every backend up)."""
    failures: list[FailureResult]
    predicted: str
    wrk: dict[str, float] | None
    comparison: list[str]
    files: dict[str, str] = field(default_factory=dict)
    model: dict[str, Any] | None = None
    """The availability model's window for the fleet behind this tier, from the same template
    (:func:`hastack.analysis.windows.failover_windows`, given by the caller)."""
    model_comparison: list[dict[str, Any]] = field(default_factory=list)
    """Per failure: measured detection, return to service and client errors beside the
    model's figures (:func:`compare_with_model`)."""
    latency: list[dict[str, float]] = field(default_factory=list)
    """Latency over time, per 100 ms of sending (:func:`latency_series`): what the PNG plots
    and what ``hastack report --drill`` charts."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Timeline:
    phase: float

    @classmethod
    def for_timing(cls, timing: CheckTiming, *, minimum: float = 2.0) -> Timeline:
        """Each phase outlasts the slowest predicted detection or recovery by 1.5 s."""
        return cls(
            max(minimum, math.ceil(2 * (max(timing.detect_max, timing.recover_max) + 1.5)) / 2)
        )

    @property
    def total(self) -> float:
        return 5 * self.phase


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


async def _client(
    port: int, t0: float, deadline: list[float], budget: list[int], samples: list[Sample]
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline[0] and budget[0] > 0:
        budget[0] -= 1
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 2)
            assert reader is not None and writer is not None
            writer.write(REQUEST)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            status = int(head[9:12])
            declared = re.search(rb"(?i)content-length: *(\d+)", head)
            if declared is None:
                raise ValueError("a response without Content-Length")
            await reader.readexactly(int(declared.group(1)))
            match = re.search(rb"(?i)x-backend: *([\w-]+)", head)
            samples.append(
                Sample(
                    start - t0,
                    time.perf_counter() - start,
                    status == 200,
                    match.group(1).decode() if match else None,
                )
            )
            if re.search(rb"(?i)connection: *close", head):
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError, AttributeError):
            samples.append(Sample(start - t0, time.perf_counter() - start, False, None))
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


class _Backends:
    def __init__(self, azs: int, per_az: int) -> None:
        self.names = [f"{chr(ord('a') + z)}{i + 1}" for z in range(azs) for i in range(per_az)]
        self.ports = {name: free_port() for name in self.names}
        self.processes: dict[str, asyncio.subprocess.Process] = {}

    def servers(self) -> list[Server]:
        return [Server(name, f"{HOST}:{port}") for name, port in self.ports.items()]

    async def start(self, name: str) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hastack.drills.backend",
            "--host",
            HOST,
            "--port",
            str(self.ports[name]),
            "--name",
            name,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self.processes[name] = process
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 15)
        if not line.startswith(b"ready"):
            raise UsageError(f"traffic drill: backend {name} did not start")

    async def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        process.kill()
        await process.wait()

    async def stop_all(self) -> None:
        for name in list(self.processes):
            await self.kill(name)


class _ProxyWatch:
    """When the proxy itself took each server out (HAProxy stats, NGINX error log)."""

    def __init__(self, kind: str, stats_port: int, log: Path, backends: _Backends, t0: float):
        self.kind, self.stats_port, self.log, self.t0 = kind, stats_port, log, t0
        self.by_address = {f"{HOST}:{port}": name for name, port in backends.ports.items()}
        self.events: list[tuple[float, str, str]] = []
        self._status: dict[str, str] = {}
        self._offset = 0

    async def run(self, deadline: list[float]) -> None:
        while time.perf_counter() < deadline[0]:
            try:
                await (self._poll_stats() if self.kind == "haproxy" else self._poll_log())
            except (OSError, TimeoutError, asyncio.IncompleteReadError):
                pass
            await asyncio.sleep(0.05)

    async def _poll_stats(self) -> None:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, self.stats_port), 1)
        writer.write(b"GET /stats;csv HTTP/1.0\r\n\r\n")
        text = (await asyncio.wait_for(reader.read(), 1)).decode("latin-1")
        writer.close()
        now = time.perf_counter() - self.t0
        for row in text.split("\r\n\r\n", 1)[-1].splitlines():
            cells = row.split(",")
            if len(cells) > 17 and cells[0] == "web_servers" and cells[1] not in ("BACKEND",):
                status = "UP" if cells[17].startswith("UP") else cells[17].split(" ")[0]
                if self._status.get(cells[1]) != status:
                    self._status[cells[1]] = status
                    self.events.append((now, cells[1], status))

    async def _poll_log(self) -> None:
        if not self.log.exists():
            return
        with self.log.open("rb") as handle:
            handle.seek(self._offset)
            data = handle.read()
        self._offset += len(data)
        now = time.perf_counter() - self.t0
        for line in data.decode("latin-1").splitlines():
            if "temporarily disabled" not in line:
                continue
            match = re.search(r'upstream: "http://([\d.]+:\d+)', line)
            if match and match.group(1) in self.by_address:
                self.events.append((now, self.by_address[match.group(1)], "DOWN"))

    def first(self, server: str, status: str, after: float) -> float | None:
        return next(
            (t for t, s, st in self.events if s == server and st.startswith(status) and t >= after),
            None,
        )


async def _wait_listening(port: int, process: asyncio.subprocess.Process, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if process.returncode is not None:
            break
        try:
            _, writer = await asyncio.open_connection(HOST, port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise UsageError(f"traffic drill: the proxy did not listen on {HOST}:{port}")


def _wrk(port: int, seconds: int, connections: int) -> dict[str, float] | None:
    """Steady throughput and latency from wrk, when it is installed."""
    import subprocess

    binary = shutil.which("wrk")
    if binary is None:
        return None
    done = subprocess.run(
        [binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://{HOST}:{port}/"],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    rps = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if rps is None:
        return None
    result = {"requests_per_second": float(rps.group(1)), "seconds": float(seconds)}
    for label, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", done.stdout)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            result[key] = round(float(match.group(1)) * scale, 3)
    return result


async def _drill(
    options: ProxyTierOptions,
    workdir: Path,
    *,
    azs: int,
    per_az: int,
    connections: int,
    max_requests: int,
    timeline: Timeline,
    wrk_seconds: int,
    say: Callable[[str], None],
) -> tuple[TrafficReport, list[Sample], list[tuple[float, str]]]:
    backends = _Backends(azs, per_az)
    port, stats_port = free_port(), free_port()
    options = options.replace(listen_port=port, stats_port=stats_port, tls_certificate_path=None)
    written = write_local(options, workdir, app_name="drill", servers=backends.servers())
    ok, output = written.check()
    if not ok:
        raise UsageError(f"traffic drill: {options.kind} rejected the configuration: {output}")
    for name in backends.names:
        await backends.start(name)
    proxy = await asyncio.create_subprocess_exec(
        *written.run_command(),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    events: list[tuple[float, str]] = []
    samples: list[Sample] = []
    try:
        await _wait_listening(port, proxy, 15)
        await asyncio.sleep(0.3)  # first health checks
        wrk = None
        if wrk_seconds > 0:
            say(f"wrk: {wrk_seconds} s of steady load, every backend up")
            wrk = await asyncio.to_thread(_wrk, port, wrk_seconds, connections)
        t0 = time.perf_counter()
        # the plan's restarts can outlast the timeline on a busy machine: the load runs until
        # the plan is done, then one more phase (bounded by the cap in any case)
        deadline = [t0 + timeline.total + 60.0]
        watch = _ProxyWatch(options.kind, stats_port, workdir / "error.log", backends, t0)
        budget = [max_requests]
        tasks = [
            asyncio.create_task(_client(port, t0, deadline, budget, samples))
            for _ in range(connections)
        ]
        tasks.append(asyncio.create_task(watch.run(deadline)))
        one, zone = backends.names[0], [n for n in backends.names if n.startswith("b")]

        async def at(offset: float) -> float:
            await asyncio.sleep(max(0.0, t0 + offset - time.perf_counter()))
            return time.perf_counter() - t0

        plan = [
            (timeline.phase, "kill", [one]),
            (2 * timeline.phase, "start", [one]),
            (3 * timeline.phase, "kill", zone),
            (4 * timeline.phase, "start", zone),
        ]
        for offset, action, names in plan:
            when = await at(offset)
            for name in names:
                await (backends.kill(name) if action == "kill" else backends.start(name))
            if action == "start":  # the time they answer, not the time they were launched
                when = time.perf_counter() - t0
            say(f"{when:5.1f} s  {action} {', '.join(names)}")
            events.append((when, f"{action} {','.join(names)}"))
        last = events[-1][0]
        deadline[0] = t0 + last + timeline.phase
        # On a busy machine a restarted server may need longer than a phase to get traffic:
        # keep the load on (up to RECOVERY_GRACE more seconds) until each has answered.
        cap = t0 + last + timeline.phase + RECOVERY_GRACE
        while time.perf_counter() < cap and not all(
            any(s.backend == name and s.sent >= last for s in samples[-5000:]) for name in zone
        ):
            deadline[0] = max(deadline[0], time.perf_counter() + 0.5)
            await asyncio.sleep(0.1)
        await asyncio.gather(*tasks)
        seconds = time.perf_counter() - t0
    finally:
        if proxy.returncode is None:
            proxy.terminate()
            try:
                await asyncio.wait_for(proxy.wait(), 5)
            except TimeoutError:
                proxy.kill()
        await backends.stop_all()

    timing = check_timing(options)
    failures = [
        _failure(f"one backend ({one})", [one], events[0][0], events[1][0], samples, watch, timing),
        _failure(
            f"AZ b ({', '.join(zone)})", zone, events[2][0], events[3][0], samples, watch, timing
        ),
    ]
    report = _report(
        options, backends, connections, samples, timeline, seconds, failures, timing, wrk
    )
    return report, samples, events


def _failure(
    what: str,
    servers: list[str],
    killed: float,
    restarted: float,
    samples: list[Sample],
    watch: _ProxyWatch,
    timing: CheckTiming,
) -> FailureResult:
    failed = [
        s for s in samples if not s.ok and killed <= s.sent + s.latency and s.sent < restarted
    ]
    window = max((s.sent + s.latency for s in failed), default=killed) - killed
    notes: list[str] = []
    detections = [watch.first(s, "DOWN", killed) for s in servers]
    detected = None if None in detections else max(d for d in detections if d is not None) - killed
    if detected is None:
        notes.append(
            "the proxy did not report every server out before it came back"
            if watch.kind == "haproxy"
            else "NGINX logged no 'temporarily disabled' for every server (passive checks "
            "act only on failed requests)"
        )
    back = []
    for server in servers:
        first = next((s.sent for s in samples if s.backend == server and s.sent >= restarted), None)
        back.append(first)
    recovered = None if None in back else max(b for b in back if b is not None) - restarted
    return FailureResult(
        what=what,
        servers=servers,
        killed_at=round(killed, 3),
        restarted_at=round(restarted, 3),
        errors=len(failed),
        error_window=round(window, 3),
        detected_after=None if detected is None else round(detected, 3),
        recovered_after=None if recovered is None else round(recovered, 3),
        predicted=timing.to_dict(),
        notes=notes,
    )


def _figures(samples: list[Sample], seconds: float) -> dict[str, float]:
    latencies = [s.latency * 1000 for s in samples if s.ok]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if not s.ok),
        "requests_per_second": round(len(samples) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 3),
        "p95_ms": round(percentile(latencies, 0.95), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
    }


def _report(
    options: ProxyTierOptions,
    backends: _Backends,
    connections: int,
    samples: list[Sample],
    timeline: Timeline,
    seconds: float,
    failures: list[FailureResult],
    timing: CheckTiming,
    wrk: dict[str, float] | None,
) -> TrafficReport:
    whole = _figures(samples, seconds)
    steady = _figures([s for s in samples if s.sent < timeline.phase], timeline.phase)
    reference = wrk or steady
    rps, p99 = reference["requests_per_second"], reference.get("p99_ms", steady["p99_ms"])
    source = "wrk" if wrk else "the drill's client"
    comparison = [
        f"steady ({source}): {rps:,.0f} requests/s, p99 {p99:.1f} ms on one shared machine",
        f"article, well-built HA: >= {ARTICLE_GOOD[0]:,} requests/s at < {ARTICLE_GOOD[1]:g} ms: "
        + ("met" if rps >= ARTICLE_GOOD[0] and p99 < ARTICLE_GOOD[1] else "not met"),
        f"article, poorly built: < {ARTICLE_POOR[0]:,} requests/s and > {ARTICLE_POOR[1]:g} ms: "
        + (
            "this run is that slow" if rps < ARTICLE_POOR[0] and p99 > ARTICLE_POOR[1] else "better"
        ),
    ]
    return TrafficReport(
        kind=options.kind,
        backends=len(backends.names),
        azs=len({n[0] for n in backends.names}),
        connections=connections,
        seconds=round(seconds, 2),
        requests=int(whole["requests"]),
        errors=int(whole["errors"]),
        requests_per_second=whole["requests_per_second"],
        p50_ms=whole["p50_ms"],
        p95_ms=whole["p95_ms"],
        p99_ms=whole["p99_ms"],
        steady=steady,
        failures=failures,
        predicted=timing_summary(timing),
        wrk=wrk,
        comparison=comparison,
    )


def compare_with_model(report: TrafficReport, model: dict[str, Any]) -> list[dict[str, Any]]:
    """Each failure's measured window beside the model's for the same check settings: the
    detection (instance failure, and AZ impairment for the zone), the time back in rotation
    once the server answers, and the requests lost (the model counts every request sent to
    the dead server until detection as lost; a proxy that retries on another server loses
    fewer)."""
    rows = []
    for failure in report.failures:
        zone = len(failure.servers) > 1
        detection = model["az_detection_seconds"] if zone else model["detection_seconds"]
        blast = model["az_blast"] if zone else model["instance_blast"]
        row: dict[str, Any] = {
            "failure": failure.what,
            "measured_detection_s": failure.detected_after,
            "model_detection_s": detection,
            "measured_back_in_service_s": failure.recovered_after,
            "model_back_in_service_s": model["back_in_service_seconds"],
            "measured_errors": failure.errors,
            "measured_error_window_s": failure.error_window,
            "model_lost_share": blast,
            "model_lost_window_s": detection,
        }
        if failure.detected_after is not None and detection is not None:
            row["detection_difference_s"] = round(failure.detected_after - detection, 3)
        rows.append(row)
    return rows


def latency_series(samples: list[Sample], step: float = 0.1) -> list[dict[str, float]]:
    """Per ``step`` seconds of sending: the start ``t``, p50 and p99 of the answered requests
    (absent when none was answered) and the number that failed."""
    buckets: dict[int, list[Sample]] = {}
    for s in samples:
        buckets.setdefault(int(s.sent / step), []).append(s)
    series: list[dict[str, float]] = []
    for index in sorted(buckets):
        ok = [s.latency * 1000 for s in buckets[index] if s.ok]
        point = {"t": round(index * step, 3), "errors": float(len(buckets[index]) - len(ok))}
        if ok:
            point["p50_ms"] = round(percentile(ok, 0.5), 3)
            point["p99_ms"] = round(percentile(ok, 0.99), 3)
        series.append(point)
    return series


def plot(
    samples: list[Sample], events: list[tuple[float, str]], seconds: float, path: Path
) -> None:
    """p50 (blue) and p99 (orange) latency per 100 ms, failed requests as red bars, kills as red
    and restarts as green vertical lines; the y axis is log-scaled from 0.1 ms to 1 s."""
    width, height, margin = 900, 320, 20
    canvas = Canvas(width, height)

    def x_of(t: float) -> int:
        return margin + int((width - 2 * margin) * t / seconds)

    def y_of(ms: float) -> int:
        scale = (math.log10(max(ms, 0.1)) + 1) / 4  # 0.1 ms .. 1000 ms
        return height - margin - int((height - 2 * margin) * min(1.0, max(0.0, scale)))

    for decade in (0.1, 1, 10, 100, 1000):
        canvas.line(margin, y_of(decade), width - margin, y_of(decade), (225, 225, 225))
    canvas.line(margin, height - margin, width - margin, height - margin, (0, 0, 0))
    canvas.line(margin, margin, margin, height - margin, (0, 0, 0))
    for when, label in events:
        color = (200, 0, 0) if label.startswith("kill") else (0, 150, 0)
        canvas.line(x_of(when), margin, x_of(when), height - margin, color)
    series = latency_series(samples)
    for key, color in (("p50_ms", (30, 90, 200)), ("p99_ms", (240, 140, 0))):
        points = [(x_of(p["t"] + 0.05), y_of(p[key])) for p in series if key in p]
        canvas.polyline(points, color)
    for point in series:
        errors = int(point["errors"])
        if errors:
            x = x_of(point["t"])
            canvas.rect(
                x, height - margin - min(60, 3 * errors), x + 3, height - margin, (220, 0, 0)
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(path)


def run_traffic_drill(
    options: ProxyTierOptions,
    *,
    out_dir: Path,
    workdir: Path,
    azs: int = 3,
    per_az: int = 2,
    connections: int = 16,
    max_requests: int = 2_000_000,
    seconds: float | None = None,
    wrk_seconds: int = 3,
    say: Callable[[str], None] = lambda _: None,
    model: dict[str, Any] | None = None,
) -> TrafficReport:
    """Run the drill for ``options``; write ``traffic-<kind>.json`` and ``.png`` to ``out_dir``.

    ``seconds`` bounds the timeline (five phases); by default each phase outlasts the
    predicted detection and recovery. ``model``: the availability model's window for the
    fleet behind the tier (a :class:`~hastack.analysis.windows.FailoverWindow` as a dict),
    reported beside what was measured. Raises UsageError when the program is not installed.
    """
    if program(options.kind) is None:
        raise UsageError(
            f"traffic drill: {options.kind} is not installed (apt-get install {options.kind})"
        )
    if not 2 <= azs <= 6 or not 1 <= per_az <= 10:
        raise UsageError("traffic drill: 2 to 6 AZs of 1 to 10 backends each")
    timeline = Timeline.for_timing(check_timing(options))
    if seconds is not None:
        timeline = Timeline(max(1.0, seconds / 5))
    report, samples, events = asyncio.run(
        _drill(
            options,
            workdir,
            azs=azs,
            per_az=per_az,
            connections=connections,
            max_requests=max_requests,
            timeline=timeline,
            wrk_seconds=wrk_seconds,
            say=say,
        )
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / f"traffic-{options.kind}.png"
    plot(samples, events, report.seconds, png)
    report.latency = latency_series(samples)
    if model is not None:
        report.model = model
        report.model_comparison = compare_with_model(report, model)
    report.files = {"json": str(out_dir / f"traffic-{options.kind}.json"), "png": str(png)}
    Path(report.files["json"]).write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    return report


def render_text(report: TrafficReport) -> str:
    lines = [
        f"traffic drill: {report.kind} in front of {report.backends} backends in "
        f"{report.azs} AZs, {report.connections} connections, {report.seconds:g} s",
        f"  all: {report.requests} requests, {report.errors} errors, "
        f"{report.requests_per_second:,.0f} requests/s, p50 {report.p50_ms:.2f} ms, "
        f"p95 {report.p95_ms:.2f} ms, p99 {report.p99_ms:.2f} ms",
        f"  model from the check settings: {report.predicted}",
    ]
    for f in report.failures:
        detected = "n/a" if f.detected_after is None else f"{f.detected_after:.2f} s"
        recovered = "n/a" if f.recovered_after is None else f"{f.recovered_after:.2f} s"
        lines.append(
            f"  lose {f.what}: {f.errors} client errors (window {f.error_window:.2f} s), "
            f"detected after {detected}, serving again {recovered} after restart"
        )
        lines.extend(f"    note: {note}" for note in f.notes)
    if report.model is not None:
        m = report.model
        lines.append(
            f"  availability model ({m['check']}): out of rotation after "
            f"{m['detection_seconds']:g} s, back {m['back_in_service_seconds']:g} s after it "
            f"answers; a lost instance is replaced after {m['replacement_seconds']:g} s "
            f"(estimate {m['availability'] * 100:.4f}%)"
        )
        for row in report.model_comparison:
            lines.append(
                f"  {row['failure']}: detected {_seconds(row['measured_detection_s'])} "
                f"(model {_seconds(row['model_detection_s'])}), serving again "
                f"{_seconds(row['measured_back_in_service_s'])} "
                f"(model {_seconds(row['model_back_in_service_s'])}), "
                f"{row['measured_errors']} client errors in "
                f"{_seconds(row['measured_error_window_s'])} (model: "
                f"{(row['model_lost_share'] or 0):.0%} of requests lost for "
                f"{_seconds(row['model_lost_window_s'])})"
            )
    lines.extend(f"  {line}" for line in report.comparison)
    if report.files:
        lines.append(f"  results: {report.files['json']}, latency plot: {report.files['png']}")
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"
