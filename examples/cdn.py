"""CloudFront in front of the active/passive app: origin failover to the standby region.

The app is examples/multi_region.py's: Aurora Global Database, an HA web tier in each region,
Route 53 health checks and the failover runbook. The ``cdn`` option adds the distribution
(stack ``cdn-shop-dev-cdn``, us-east-1) and makes the site's name an alias to it, so every
viewer goes through CloudFront. Its origin group sends each request to
``origin.shop.example.com`` (Route 53 failover: the primary region's load balancer while its
deep health check passes) and, on a connection failure, a timeout or a 5xx, to the secondary
region's load balancer; what still fails gets the sorry page from S3.

hastack synth examples/cdn.py
hastack deploy examples/cdn.py --local --yes
"""

from hastack import App
from hastack.blueprints import ActivePassiveWebApp

app = App("cdn")
ctx = app.context
certificate = "arn:aws:acm:{region}:123456789012:certificate/11111111-2222-3333-4444-555555555555"
pair = ActivePassiveWebApp(
    f"cdn-shop-{ctx.env or 'dev'}",
    primary_region="us-east-1",
    secondary_region="us-west-2",
    domain_name=ctx.get("domain", "shop.example.com"),
    app_name="shop",
    network={"az_count": 3},
    load_balancer={"certificate_arn": certificate.format(region="us-east-1")},
    fleet={"instance_type": "t3.medium"},
    database={"engine": "aurora-mysql", "readers": 1, "instance_class": "db.r6g.large"},
    monitoring={"alarm_email": ctx.get("alarm_email", "oncall@example.com")},
    secondary={"load_balancer": {"certificate_arn": certificate.format(region="us-west-2")}},
    cdn={"certificate_arn": ctx.get("cdn_certificate_arn", certificate.format(region="us-east-1"))},
)
app.extend(pair.stacks())
