"""The always-on web application: 3 AZs, HTTPS, Aurora MySQL with 2 readers, a domain.

hastack synth examples/webapp.py
hastack deploy examples/webapp.py --local --yes
hastack deploy examples/webapp.py -c domain=shop.example.org --env prod   # real AWS
"""

from hastack import App
from hastack.blueprints import HAWebApp

app = App("webapp")
domain = app.context.get("domain", "shop.example.com")
app.add(
    HAWebApp(
        f"webapp-{app.context.env or 'dev'}",
        region=app.context.get("region"),
        app_name="shop",
        network={"az_count": 3},
        load_balancer={
            "certificate_arn": app.context.get(
                "certificate_arn",
                "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
            )
        },
        fleet={"instance_type": "t3.medium"},
        database={"engine": "aurora-mysql", "readers": 2, "instance_class": "db.r6g.large"},
        dns={"domain_name": domain},
        monitoring={"alarm_email": app.context.get("alarm_email", "oncall@example.com")},
    )
)
