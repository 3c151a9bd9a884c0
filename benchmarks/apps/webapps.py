"""N HA web-app stacks in one App: the synth benchmark (1, 10, 100) and the validate one (10).

``hastack synth benchmarks/apps/webapps.py -c stacks=100``. Each stack is the web-app example
with its own name, app name and domain, so no two templates are byte-identical.
"""

from hastack import App
from hastack.blueprints import HAWebApp

app = App("webapps")
for i in range(1, app.context.get_int("stacks", 1) + 1):
    app.add(
        HAWebApp(
            f"webapp-{i:03d}",
            region="us-east-1",
            app_name=f"shop{i:03d}",
            network={"az_count": 3},
            load_balancer={
                "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/"
                "11111111-2222-3333-4444-555555555555"
            },
            fleet={"instance_type": "t3.medium"},
            database={"engine": "aurora-mysql", "readers": 2, "instance_class": "db.r6g.large"},
            dns={"domain_name": f"shop{i:03d}.example.com"},
            monitoring={"alarm_email": "oncall@example.com"},
        )
    )
