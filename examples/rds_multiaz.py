"""A web application on RDS MySQL Multi-AZ with two read replicas in other AZs."""

from hastack import App
from hastack.blueprints import HAWebApp

app = App("rds-multiaz")
app.add(
    HAWebApp(
        f"rds-multiaz-{app.context.env or 'dev'}",
        region=app.context.get("region"),
        app_name="catalog",
        load_balancer={
            "certificate_arn": app.context.get(
                "certificate_arn",
                "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
            )
        },
        monitoring={"alarm_email": app.context.get("alarm_email", "oncall@example.com")},
        database={
            "engine": "mysql",
            "instance_class": "db.m6g.large",
            "multi_az": True,
            "read_replicas": 2,
            "allocated_storage_gb": 100,
        },
    )
)
