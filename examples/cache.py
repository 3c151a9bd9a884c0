"""The HA web app with a replicated cache: Valkey primary + 2 replicas in distinct AZs.

Multi-AZ with automatic failover, TLS in transit, encryption at rest, an AUTH token from
Secrets Manager; the app instances wear the cache's client security group.

hastack synth examples/cache.py
hastack deploy examples/cache.py --local --yes
"""

from hastack import App
from hastack.blueprints import HAWebApp

app = App("cache")
app.add(
    HAWebApp(
        f"cache-{app.context.env or 'dev'}",
        region=app.context.get("region", "us-east-1"),
        app_name="shop",
        network={"az_count": 3},
        load_balancer={
            "certificate_arn": app.context.get(
                "certificate_arn",
                "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
            )
        },
        fleet={"instance_type": "t3.medium"},
        database={"engine": "aurora-mysql", "readers": 1, "instance_class": "db.r6g.large"},
        cache={"engine": "valkey", "node_type": "cache.t4g.medium", "replicas": 2},
        monitoring={"alarm_email": app.context.get("alarm_email", "oncall@example.com")},
    )
)
