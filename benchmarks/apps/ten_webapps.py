"""Ten web-app stacks in one App: the benchmarks' multi-stack workload."""

from blueprints import HAWebApp
from hastack import App

app = App("ten-webapps")
for index in range(10):
    app.add(HAWebApp(
        f"webapp-{index}",
        app_name=f"shop{index}",
        load_balancer={"certificate_arn":
                       "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"},
        database={"engine": "aurora-mysql", "readers": 2},
        dns={"domain_name": f"shop{index}.example.com"},
    ))
