"""Active/passive in two regions: Aurora Global Database and Route 53 failover.

Three stacks, deployed in order: the primary region (the whole HA web app plus the global
database), the secondary region (the same app, its Aurora cluster a global secondary), and the
DNS stack (one zone, PRIMARY/SECONDARY failover records with a health check each).

hastack synth examples/multi_region.py
hastack deploy examples/multi_region.py --local --yes
hastack drill examples/multi_region.py --local
hastack deploy examples/multi_region.py -c domain=shop.example.org \\
    -c primary_certificate_arn=arn:aws:acm:us-east-1:... \\
    -c secondary_certificate_arn=arn:aws:acm:us-west-2:... --env prod   # real AWS
"""

from hastack import App
from hastack.blueprints import ActivePassiveWebApp

app = App("multi-region")
ctx = app.context
primary_region = ctx.get("primary_region", "us-east-1")
secondary_region = ctx.get("secondary_region", "us-west-2")
certificate = "arn:aws:acm:{region}:123456789012:certificate/11111111-2222-3333-4444-555555555555"

pair = ActivePassiveWebApp(
    f"shop-{ctx.env or 'dev'}",
    primary_region=primary_region,
    secondary_region=secondary_region,
    domain_name=ctx.get("domain", "shop.example.com"),
    app_name="shop",
    network={"az_count": 3},
    load_balancer={
        "certificate_arn": ctx.get(
            "primary_certificate_arn", certificate.format(region=primary_region)
        )
    },
    fleet={"instance_type": "t3.medium"},
    database={"engine": "aurora-mysql", "readers": 1, "instance_class": "db.r6g.large"},
    monitoring={"alarm_email": ctx.get("alarm_email", "oncall@example.com")},
    secondary={
        "load_balancer": {
            "certificate_arn": ctx.get(
                "secondary_certificate_arn", certificate.format(region=secondary_region)
            )
        }
    },
)
app.extend(pair.stacks())
