"""Ten HA web-app stacks in one App (the validate benchmark's cold/warm workload).

Each stack differs (name, app name, domain), so no two templates are byte-identical and the
result cache cannot answer one stack from another's entry.
"""

from hastack import App
from hastack.blueprints import HAWebApp

app = App("ten-webapps")
for i in range(1, 11):
    app.add(
        HAWebApp(
            f"webapp-{i:02d}",
            region="us-east-1",
            app_name=f"shop{i:02d}",
            network={"az_count": 3},
            load_balancer={
                "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/"
                "11111111-2222-3333-4444-555555555555"
            },
            fleet={"instance_type": "t3.medium"},
            database={"engine": "aurora-mysql", "readers": 2, "instance_class": "db.r6g.large"},
            dns={"domain_name": f"shop{i:02d}.example.com"},
            monitoring={"alarm_email": "oncall@example.com"},
        )
    )
