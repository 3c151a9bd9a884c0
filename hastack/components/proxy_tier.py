"""Self-managed load-balancer tier: HAProxy or NGINX on an Auto Scaling group over the AZs.

Traffic path: an internet-facing NLB (one node per AZ, cross-zone) → the proxy instances (one
per AZ by default, replaced by the group when the NLB's health check fails) → the app fleet.
The NLB is what removes the proxy tier as a single point of failure: it health-checks every
proxy through the proxy's own ``monitor_path`` (which fails when the proxy has no healthy app
server left), so a dead proxy or a proxy that lost its backends stops getting new flows within
the NLB's check interval, with no floating IP or keepalived pair to fence.

The proxy configuration is rendered with jinja2 from :class:`ProxyTierOptions`
(``components/proxy/haproxy.cfg.j2`` and ``nginx.conf.j2``). Backends are not hard-coded: a
small discovery agent on each proxy (a systemd timer, ``proxy.sh.j2``) lists the running
instances of the app fleet in the VPC (``ec2:DescribeInstances`` on the fleet's Name tag),
renders one server line per instance with :attr:`RenderedConfig.server_line`, and reloads
the proxy only when the list changed and ``haproxy -c`` / ``nginx -t`` accepts the result.
DNS discovery would need the fleet registered in Cloud Map (ASGs do not do that on their own)
and open-source NGINX 1.22 resolves upstream names only at start; the agent works the same for
both programs and never activates a configuration the program rejects.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from hastack.components.compute import (
    LAUNCH_TEMPLATE,
    FleetFront,
    FleetHandle,
    FleetOptions,
    add_fleet,
)
from hastack.components.load_balancer import (
    LoadBalancerHandle,
    LoadBalancerOptions,
    add_load_balancer,
)
from hastack.components.log_bucket import LogBucketHandle
from hastack.components.network import NetworkHandle
from hastack.components.user_data import render_user_data
from hastack.core.options import Options, option
from hastack.core.records import Record

PROXY_PREFIX = "Proxy"
"""Prefix of the proxy fleet's logical IDs (ProxyAutoScalingGroup, ProxyLaunchTemplate...)."""
PROXY_DISCOVERY_POLICY = "ProxyDiscovery"
PROXY_METADATA = "hastack:proxy"
"""Metadata key on the proxy launch template holding the tier's options: what the traffic
drill renders and runs, so the drill exercises exactly the synthesized configuration."""

TEMPLATES = Path(__file__).parent / "proxy"
BACKEND_NAME = "web_servers"
"""The backend/upstream name, as in the HAProxy example the tier's default follows."""
FRONTEND_NAME = "http"
EMPTY_NGINX_UPSTREAM = "server 127.0.0.1:9 down;"
"""NGINX refuses an upstream with no server: a fleet with no instance yet gets this one."""

Kind = Literal["haproxy", "nginx"]
Balance = Literal["roundrobin", "leastconn", "source"]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ProxyTierOptions(Options):
    kind: Kind = option("haproxy", help="The proxy program: HAProxy or NGINX (open source).")
    instance_type: str = option(
        "t3.small", help="Proxy instance type.", pattern=r"[a-z][a-z0-9]*\.[a-z0-9]+"
    )
    min_size: int | None = option(
        None, help="Minimum proxies; default one per AZ (an AZ loss keeps the others).", ge=1
    )
    max_size: int | None = option(None, help="Maximum proxies; default 3 x min_size.", ge=1)
    listen_port: int = option(80, help="Port the proxies listen on (the NLB forwards to it).")
    certificate_arn: str | None = option(
        None,
        help="ACM certificate: the NLB terminates TLS on 443 (keys never reach the instances).",
        pattern=r"arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+",
    )
    tls_certificate_path: str | None = option(
        None,
        help="PEM (certificate and key) on the proxy: the proxy also terminates TLS on 443 "
        "and redirects plain HTTP there.",
        pattern=r"/[^\s]+",
    )
    balance: Balance = option(
        "roundrobin",
        help="roundrobin, leastconn, or source (consistent hash of the client address).",
    )
    check_path: str = option("/health", help="App health path the proxy checks.")
    check_interval_ms: int = option(
        2000, help="HAProxy: milliseconds between active checks (inter).", ge=100, le=60_000
    )
    rise: int = option(2, help="HAProxy: passing checks in a row to bring a server back.", ge=1)
    fall: int = option(
        3, help="Failed checks to take a server out (HAProxy fall, NGINX max_fails).", ge=1
    )
    fail_timeout: int = option(
        10,
        help="NGINX: seconds in which max_fails failures count, and the pause before the "
        "server is tried again (passive checks: open-source NGINX has no active ones).",
        ge=1,
        le=3600,
    )
    connect_timeout_ms: int = option(
        2000, help="Milliseconds to connect to an app server.", ge=100, le=60_000
    )
    client_timeout: int = option(30, help="Seconds of client inactivity.", ge=1, le=3600)
    server_timeout: int = option(30, help="Seconds to wait for an app response.", ge=1, le=3600)
    retries: int = option(
        2,
        help="Retries on another server after a connection failure (HAProxy redispatch, "
        "NGINX proxy_next_upstream).",
        ge=0,
        le=10,
    )
    slow_start: int = option(
        10, help="HAProxy: seconds a returning server ramps up its weight.", ge=0, le=3600
    )
    drain_seconds: int = option(
        30,
        help="Connection draining: NLB deregistration delay and the proxy's graceful stop "
        "(hard-stop-after, worker_shutdown_timeout).",
        ge=0,
        le=3600,
    )
    stats_port: int = option(
        8404, help="Stats/metrics (HAProxy /stats and /metrics, NGINX /stats).", ge=1, le=65535
    )
    monitor_path: str = option(
        "/proxy-health",
        help="Path the NLB checks; fails when the proxy has no healthy app server.",
        pattern=r"/[^\s]*",
    )
    max_connections: int = option(4096, help="Connections per proxy.", ge=64, le=1_000_000)
    discovery_interval: int = option(
        15, help="Seconds between the discovery agent's runs.", ge=5, le=3600
    )

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        if (
            self.min_size is not None
            and self.max_size is not None
            and self.max_size < self.min_size
        ):
            problems.append(("max_size", self.max_size, f">= min_size ({self.min_size})"))
        if self.stats_port == self.listen_port:
            problems.append(("stats_port", self.stats_port, "a port other than listen_port"))
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class Server(Record):
    """One app server the proxy forwards to."""

    name: str
    address: str
    """``host:port``."""


@dataclass(frozen=True, eq=False, repr=False)
class ProxyRuntime(Record):
    """Where the rendered program runs: as the distribution's service, or unprivileged.

    The service layout (``user``/``chroot``, logs, pid in /run) is what the instances run; the
    drill and the tests run the same configuration as an unprivileged process with its files
    under ``run_dir``, bound to loopback.
    """

    service: bool = True
    user: str | None = None
    """The user the workers run as; default (for the service) the program's own user, which
    Amazon Linux's packages name after the program."""
    bind: str = "*"
    run_dir: str = "/run"
    log_dir: str = "/var/log/nginx"
    servers_file: str = "/etc/nginx/hastack/upstream.conf"


@dataclass(frozen=True, eq=False, repr=False)
class RenderedConfig(Record):
    kind: Kind
    config: str
    """The whole HAProxy configuration, or NGINX's main file (servers are in servers_text)."""
    servers_text: str | None
    """NGINX: the upstream's server list, for ``servers_file``; None for HAProxy."""
    server_line: str
    """One server line, with ``@NAME@`` and ``@ADDRESS@`` for the agent to fill in."""


@dataclass(frozen=True, eq=False, repr=False)
class CheckTiming(Record):
    """What the check settings predict, in seconds, for a server that dies and comes back.

    HAProxy checks every ``inter``: a dead server (connection refused) fails its next check,
    taken 0..inter after the death, and is out after ``fall`` failures, so detection is
    between (fall - 1) x inter and fall x inter; it is back after ``rise`` passing checks,
    between (rise - 1) x inter and rise x inter after it answers again. Open-source NGINX only
    learns from requests: under load the first request to a dead server fails over at once
    (detection ~0), and the server is tried again fail_timeout after it was marked down.
    With retries, a refused connection is retried on another server, so clients see errors
    only from requests already in flight on the dead server's connections.
    """

    detect_min: float
    detect_max: float
    recover_min: float
    recover_max: float
    client_errors_expected: bool

    def to_dict(self) -> dict[str, float | bool]:
        return {
            "detect_min_s": self.detect_min,
            "detect_max_s": self.detect_max,
            "recover_min_s": self.recover_min,
            "recover_max_s": self.recover_max,
            "client_errors_expected": self.client_errors_expected,
        }


def check_timing(options: ProxyTierOptions) -> CheckTiming:
    """The detection and recovery window the options predict (see :class:`CheckTiming`)."""
    if options.kind == "haproxy":
        inter = options.check_interval_ms / 1000
        return CheckTiming(
            detect_min=(options.fall - 1) * inter,
            detect_max=options.fall * inter,
            recover_min=(options.rise - 1) * inter,
            recover_max=options.rise * inter,
            client_errors_expected=options.retries == 0,
        )
    return CheckTiming(
        detect_min=0.0,
        detect_max=0.0,
        recover_min=0.0,
        recover_max=float(options.fail_timeout),
        client_errors_expected=options.retries == 0,
    )


def render_config(
    options: ProxyTierOptions,
    *,
    app_name: str,
    servers: Sequence[Server] = (),
    runtime: ProxyRuntime | None = None,
) -> RenderedConfig:
    """The proxy's configuration for ``servers``, rendered from ``options``.

    With no servers the HAProxy backend is empty (valid: the monitor path then fails, so the
    NLB keeps traffic away) and the NGINX upstream holds one ``down`` placeholder.
    """
    runtime = runtime or ProxyRuntime()
    if options.kind == "haproxy":
        line = "    server @NAME@ @ADDRESS@"
    else:
        line = f"server @ADDRESS@ max_fails={options.fall} fail_timeout={options.fail_timeout}s;"
    server_lines = [line.replace("@NAME@", s.name).replace("@ADDRESS@", s.address) for s in servers]
    run_dir = runtime.run_dir
    if runtime.service and options.kind == "haproxy":
        run_dir = "/run/haproxy"
    variables: dict[str, Any] = {
        **{name: getattr(options, name) for name in _TEMPLATE_OPTIONS},
        "app_name": app_name,
        "service": runtime.service,
        "user": runtime.user or (options.kind if runtime.service else None),
        "bind": runtime.bind,
        "run_dir": run_dir,
        "log_dir": runtime.log_dir,
        "servers_file": runtime.servers_file,
        "tls": options.tls_certificate_path is not None,
        "tls_port": 443,
        "workers": "auto",
        "backend_name": BACKEND_NAME,
        "frontend_name": FRONTEND_NAME,
        "servers": "\n".join(server_lines) if options.kind == "haproxy" else "",
    }
    template = TEMPLATES / ("haproxy.cfg.j2" if options.kind == "haproxy" else "nginx.conf.j2")
    config = render_user_data(template, variables)
    servers_text = None
    if options.kind == "nginx":
        servers_text = "\n".join(server_lines or [EMPTY_NGINX_UPSTREAM]) + "\n"
    return RenderedConfig(options.kind, config, servers_text, line)


_TEMPLATE_OPTIONS = (
    "listen_port",
    "tls_certificate_path",
    "balance",
    "check_path",
    "check_interval_ms",
    "rise",
    "fall",
    "connect_timeout_ms",
    "client_timeout",
    "server_timeout",
    "retries",
    "slow_start",
    "drain_seconds",
    "stats_port",
    "monitor_path",
    "max_connections",
)


def render_instance_user_data(
    options: ProxyTierOptions, *, app_name: str, app_port: int
) -> dict[str, Any]:
    """The variables of ``proxy.sh.j2``: the rendered configuration and the agent's settings."""
    runtime = ProxyRuntime()
    rendered = render_config(options, app_name=app_name, runtime=runtime)
    haproxy = options.kind == "haproxy"
    return {
        "kind": options.kind,
        "app_name": app_name,
        "app_port": app_port,
        "config": rendered.config,
        "server_line": rendered.server_line,
        "empty_line": EMPTY_NGINX_UPSTREAM,
        "config_dir": "/etc/haproxy" if haproxy else "/etc/nginx",
        "servers_file": runtime.servers_file,
        "servers_dir": str(Path(runtime.servers_file).parent),
        "discovery_interval": options.discovery_interval,
    }


@dataclass(frozen=True, eq=False, repr=False)
class ProxyTierHandle(Record):
    load_balancer: LoadBalancerHandle
    fleet: FleetHandle
    front: FleetFront
    """What the app fleet sits behind: the proxies' security group, no target group."""
    timing: CheckTiming


def add_proxy_tier(
    t: Any,
    net: NetworkHandle,
    options: ProxyTierOptions,
    *,
    logs: LogBucketHandle,
    app_name: str,
    app_port: int,
) -> ProxyTierHandle:
    """NLB → proxy Auto Scaling group; the app fleet goes behind :attr:`ProxyTierHandle.front`."""
    from awacs.aws import Allow, PolicyDocument, Statement
    from awacs.ec2 import DescribeInstances
    from troposphere.ec2 import SecurityGroupRule
    from troposphere.iam import Policy

    lb = add_load_balancer(
        t,
        net,
        LoadBalancerOptions(
            kind="network",
            certificate_arn=options.certificate_arn,
            health_check_path=options.monitor_path,
            health_check_interval=10,
            deregistration_delay=options.drain_seconds,
        ),
        logs=logs,
        app_port=options.listen_port,
    )
    fleet_options = FleetOptions(
        instance_type=options.instance_type,
        min_size=options.min_size,
        max_size=options.max_size,
        app_port=options.listen_port,
        health_check_grace_period=120,
        user_data_template=str(TEMPLATES / "proxy.sh.j2"),
        user_data_vars=render_instance_user_data(options, app_name=app_name, app_port=app_port),
    )
    discovery = Policy(
        PolicyName=PROXY_DISCOVERY_POLICY,
        PolicyDocument=PolicyDocument(
            Version="2012-10-17",
            Statement=[Statement(Effect=Allow, Action=[DescribeInstances], Resource=["*"])],
        ),
    )
    to_app = SecurityGroupRule(
        IpProtocol="tcp",
        FromPort=app_port,
        ToPort=app_port,
        CidrIp=net.vpc_cidr,
        Description="Proxies to the app port inside the VPC",
    )
    fleet = add_fleet(
        t,
        net,
        lb,
        fleet_options,
        app_name=f"{app_name}-proxy",
        prefix=PROXY_PREFIX,
        policies=(discovery,),
        egress=(to_app,),
    )
    t.resources[PROXY_PREFIX + LAUNCH_TEMPLATE].Metadata = {
        PROXY_METADATA: {"options": proxy_options_dict(options), "app_name": app_name}
    }
    front = FleetFront(
        kind="proxy",
        security_group_id=fleet.security_group_id,
        health_check_path=options.check_path,
    )
    return ProxyTierHandle(lb, fleet, front, check_timing(options))


def proxy_options_dict(options: ProxyTierOptions) -> dict[str, Any]:
    """The options as plain values, the ones left at their default omitted."""
    defaults = ProxyTierOptions()
    return {
        f.name: getattr(options, f.name)
        for f in dataclasses.fields(options)
        if getattr(options, f.name) != getattr(defaults, f.name)
    }


def proxy_tiers(body: dict[str, Any]) -> list[tuple[str, ProxyTierOptions, str]]:
    """``(logical id, options, app name)`` of every proxy tier a synthesized template holds."""
    found = []
    resources = body.get("Resources")
    for name, resource in sorted((resources if isinstance(resources, dict) else {}).items()):
        metadata = resource.get("Metadata") if isinstance(resource, dict) else None
        meta = metadata.get(PROXY_METADATA) if isinstance(metadata, dict) else None
        if isinstance(meta, dict):
            options = ProxyTierOptions.parse(meta.get("options", {}), owner=f"{name} metadata")
            found.append((name, options, str(meta.get("app_name", "app"))))
    return found


def timing_summary(timing: CheckTiming) -> str:
    """One line for reports: the predicted detection and recovery windows."""

    def window(low: float, high: float) -> str:
        if math.isclose(low, high):
            return f"{low:g} s"
        return f"{low:g}-{high:g} s"

    return (
        f"detect {window(timing.detect_min, timing.detect_max)}, "
        f"recover {window(timing.recover_min, timing.recover_max)}"
    )
