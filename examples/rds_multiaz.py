"""A web application on RDS MySQL Multi-AZ with two read replicas in other AZs."""

from blueprints import HAWebApp
from hastack import App

app = App("rds-multiaz")
app.add(
    HAWebApp(
        f"rds-multiaz-{app.context.env or 'dev'}",
        region=app.context.get("region"),
        app_name="catalog",
        database={
            "engine": "mysql",
            "instance_class": "db.m6g.large",
            "multi_az": True,
            "read_replicas": 2,
            "allocated_storage_gb": 100,
        },
    )
)
