"""Run a rendered HAProxy or NGINX configuration with the real program, unprivileged.

The tests check every rendered configuration with ``haproxy -c -f`` and ``nginx -t``; the
traffic drill starts the same programs in the foreground on loopback. Both write the
configuration (and NGINX's upstream file) into one working directory.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hastack.components.proxy_tier import (
    ProxyRuntime,
    ProxyTierOptions,
    RenderedConfig,
    Server,
    render_config,
)

PROGRAMS = {"haproxy": "haproxy", "nginx": "nginx"}
"""The binary of each proxy kind (Debian packages ``haproxy`` and ``nginx``)."""


def program(kind: str) -> str | None:
    """The path of the proxy's binary, or None when it is not installed."""
    return shutil.which(PROGRAMS[kind]) or next(
        (str(p) for p in (Path("/usr/sbin") / PROGRAMS[kind],) if p.is_file()), None
    )


def local_runtime(directory: Path, *, bind: str = "127.0.0.1") -> ProxyRuntime:
    """Files under ``directory``, no user switch or chroot, bound to loopback."""
    return ProxyRuntime(
        service=False,
        bind=bind,
        run_dir=str(directory),
        log_dir=str(directory),
        servers_file=str(directory / "upstream.conf"),
    )


@dataclass(frozen=True)
class WrittenConfig:
    kind: str
    path: Path
    directory: Path

    def check_command(self) -> list[str]:
        binary = program(self.kind) or PROGRAMS[self.kind]
        if self.kind == "haproxy":
            return [binary, "-c", "-f", str(self.path)]
        return [binary, "-t", "-c", str(self.path), "-p", str(self.directory), "-e", "stderr"]

    def run_command(self) -> list[str]:
        binary = program(self.kind) or PROGRAMS[self.kind]
        if self.kind == "haproxy":
            return [binary, "-db", "-f", str(self.path)]
        return [
            binary,
            "-c",
            str(self.path),
            "-p",
            str(self.directory),
            "-e",
            "stderr",
            "-g",
            "daemon off;",
        ]

    def check(self) -> tuple[bool, str]:
        """Run the program's own configuration check: (accepted, its output)."""
        done = subprocess.run(self.check_command(), capture_output=True, text=True, timeout=30)
        return done.returncode == 0, (done.stdout + done.stderr).strip()


def write_config(rendered: RenderedConfig, directory: Path, runtime: ProxyRuntime) -> WrittenConfig:
    """Write the configuration (and NGINX's upstream file, where ``runtime`` says)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = "haproxy.cfg" if rendered.kind == "haproxy" else "nginx.conf"
    path = directory / name
    path.write_text(rendered.config)
    if rendered.servers_text is not None:
        Path(runtime.servers_file).write_text(rendered.servers_text)
    return WrittenConfig(rendered.kind, path, directory)


def write_local(
    options: ProxyTierOptions,
    directory: Path,
    *,
    app_name: str,
    servers: list[Server],
) -> WrittenConfig:
    """Render ``options`` for an unprivileged run under ``directory`` and write it there."""
    runtime = local_runtime(directory)
    rendered = render_config(options, app_name=app_name, servers=servers, runtime=runtime)
    return write_config(rendered, directory, runtime)
