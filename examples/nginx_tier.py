"""The web app behind an NGINX tier: NLB → one NGINX per AZ → app fleet over 3 AZs.

Open-source NGINX checks passively: a server is taken out after ``fall`` failed requests
within ``fail_timeout`` and retried after it; ``least_conn`` balances by open connections.

hastack synth examples/nginx_tier.py
hastack deploy examples/nginx_tier.py --local --yes
hastack drill examples/nginx_tier.py --traffic
"""

from hastack import App
from hastack.blueprints import ProxiedWebApp

app = App("nginx-tier")
app.add(
    ProxiedWebApp(
        f"nginx-tier-{app.context.env or 'dev'}",
        region=app.context.get("region", "us-east-1"),
        app_name="shop",
        network={"az_count": 3},
        proxy={
            "kind": "nginx",
            "balance": "leastconn",
            "fall": 2,
            "fail_timeout": 5,
        },
        fleet={"instance_type": "t3.medium"},
        monitoring={"alarm_email": app.context.get("alarm_email", "oncall@example.com")},
    )
)
