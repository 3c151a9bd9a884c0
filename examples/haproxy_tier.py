"""The web app behind an HAProxy tier: NLB → one HAProxy per AZ → app fleet over 3 AZs.

The HAProxy configuration is the article's shape (frontend on :80, backend ``web_servers``,
``balance roundrobin``, every server checked), rendered from typed options; the servers are
the fleet's running instances, found by the discovery agent on each proxy.

hastack synth examples/haproxy_tier.py
hastack deploy examples/haproxy_tier.py --local --yes
hastack drill examples/haproxy_tier.py --traffic
"""

from hastack import App
from hastack.blueprints import ProxiedWebApp

app = App("haproxy-tier")
app.add(
    ProxiedWebApp(
        f"haproxy-tier-{app.context.env or 'dev'}",
        region=app.context.get("region", "us-east-1"),
        app_name="shop",
        network={"az_count": 3},
        proxy={
            "kind": "haproxy",
            "balance": "roundrobin",
            "check_interval_ms": 1000,
            "rise": 2,
            "fall": 3,
        },
        fleet={"instance_type": "t3.medium"},
        monitoring={"alarm_email": app.context.get("alarm_email", "oncall@example.com")},
    )
)
