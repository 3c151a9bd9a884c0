"""Every rendered proxy configuration is accepted by the real program.

The configurations are checked with ``haproxy -c -f`` and ``nginx -t`` (Debian packages
``haproxy`` and ``nginx``, installed by .ci/run); where a binary is absent the test skips and
says which package to install, since a template that merely renders proves nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hastack.components.proxy_tier import (
    ProxyRuntime,
    ProxyTierOptions,
    Server,
    check_timing,
    render_config,
    render_instance_user_data,
)
from hastack.drills.proxies import local_runtime, program, write_config

SERVERS = [Server("web1", "192.168.1.1:80"), Server("web2", "192.168.1.2:80")]


def needs(kind: str) -> None:
    if program(kind) is None:
        pytest.skip(f"{kind} is not installed (apt-get install {kind}): its check cannot run")


@pytest.fixture(scope="module")
def pem(tmp_path_factory) -> Path:
    """A self-signed certificate and its key in one PEM, as the proxies read them."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path_factory.mktemp("tls") / "site.pem"
    path.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


VARIANTS = [
    pytest.param({}, id="defaults"),
    pytest.param({"balance": "leastconn", "retries": 0}, id="leastconn-no-retries"),
    pytest.param(
        {"balance": "source", "check_interval_ms": 500, "rise": 3, "fall": 2}, id="source"
    ),
    pytest.param({"tls": True, "listen_port": 8080, "stats_port": 9000}, id="tls"),
]


@pytest.mark.parametrize("kind", ["haproxy", "nginx"])
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("servers", [SERVERS, []], ids=["two-servers", "no-servers-yet"])
def test_rendered_configuration_passes_the_programs_own_check(
    kind, variant, servers, tmp_path, pem
) -> None:
    needs(kind)
    values = dict(variant)
    if values.pop("tls", False):
        values["tls_certificate_path"] = str(pem)
    options = ProxyTierOptions.parse({"kind": kind, **values})
    runtime = local_runtime(tmp_path)
    rendered = render_config(options, app_name="shop", servers=servers, runtime=runtime)
    written = write_config(rendered, tmp_path, runtime)
    ok, output = written.check()
    assert ok, f"{' '.join(written.check_command())}:\n{output}\n---\n{rendered.config}"


@pytest.mark.parametrize("kind", ["haproxy", "nginx"])
def test_the_service_layout_the_instances_run_passes_the_check(kind, tmp_path) -> None:
    """User switch, chroot and syslog as on the instances; only file locations differ."""
    needs(kind)
    import pwd

    user = next((u for u in (kind, "www-data") if _has_user(pwd, u)), None)
    if user is None:
        pytest.skip(f"no {kind} or www-data user to run the workers as")
    runtime = ProxyRuntime(
        service=True,
        user=user,
        run_dir=str(tmp_path),
        log_dir=str(tmp_path),
        servers_file=str(tmp_path / "upstream.conf"),
    )
    options = ProxyTierOptions(kind=kind)
    rendered = render_config(options, app_name="shop", servers=SERVERS, runtime=runtime)
    assert f"user {user}" in rendered.config
    ok, output = write_config(rendered, tmp_path, runtime).check()
    assert ok, output


def _has_user(pwd, name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_the_default_haproxy_configuration_has_the_article_shape() -> None:
    rendered = render_config(ProxyTierOptions(), app_name="shop", servers=SERVERS)
    text = rendered.config
    assert "frontend http\n    bind *:80\n" in text
    assert "default_backend web_servers" in text
    assert "backend web_servers\n    balance roundrobin\n" in text
    assert "    server web1 192.168.1.1:80\n    server web2 192.168.1.2:80" in text
    assert "default-server check inter 2000ms rise 2 fall 3" in text
    assert text.rstrip().endswith("server web2 192.168.1.2:80"), "the backend must come last"


def test_nginx_passive_checks_follow_fall_and_fail_timeout() -> None:
    options = ProxyTierOptions(kind="nginx", fall=4, fail_timeout=7, balance="leastconn")
    rendered = render_config(options, app_name="shop", servers=SERVERS)
    assert rendered.servers_text == (
        "server 192.168.1.1:80 max_fails=4 fail_timeout=7s;\n"
        "server 192.168.1.2:80 max_fails=4 fail_timeout=7s;\n"
    )
    assert "least_conn;" in rendered.config
    assert "proxy_next_upstream_tries 3;" in rendered.config


def test_the_agent_fills_the_same_server_line_the_tests_render() -> None:
    variables = render_instance_user_data(ProxyTierOptions(), app_name="shop", app_port=8080)
    assert variables["server_line"] == "    server @NAME@ @ADDRESS@"
    assert "server @NAME@" not in variables["config"]


def test_check_timing_follows_inter_rise_and_fall() -> None:
    timing = check_timing(ProxyTierOptions(check_interval_ms=1000, rise=2, fall=3))
    assert (timing.detect_min, timing.detect_max) == (2.0, 3.0)
    assert (timing.recover_min, timing.recover_max) == (1.0, 2.0)
    assert not timing.client_errors_expected
    nginx = check_timing(ProxyTierOptions(kind="nginx", fail_timeout=5, retries=0))
    assert (nginx.detect_max, nginx.recover_max, nginx.client_errors_expected) == (0.0, 5.0, True)


def test_stats_port_must_differ_from_the_listener() -> None:
    from hastack.errors import OptionsError

    with pytest.raises(OptionsError, match="stats_port"):
        ProxyTierOptions.parse({"listen_port": 8404})
