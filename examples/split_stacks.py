"""The web application as three stacks wired through outputs: network → database → web.

Each consumer gets its producer's outputs as parameters at deploy time (no Export/ImportValue),
so the tiers deploy in order and update on their own.
"""

from hastack import App
from hastack.blueprints import DatabaseTier, NetworkTier, WebTier

app = App("split")
env = app.context.env or "dev"
region = app.context.get("region")

network = NetworkTier(f"shop-network-{env}", region=region, network={"az_count": 3})
alarms = {"alarm_email": app.context.get("alarm_email", "oncall@example.com")}
certificate = app.context.get(
    "certificate_arn",
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
)
database = DatabaseTier(
    f"shop-database-{env}",
    network=network,
    database={"engine": "aurora-postgresql", "readers": 1},
    monitoring=alarms,
)
web = WebTier(
    f"shop-web-{env}",
    network=network,
    database=database,
    app_name="shop",
    load_balancer={"certificate_arn": certificate},
    monitoring=alarms,
)

app.extend([network, database, web])
