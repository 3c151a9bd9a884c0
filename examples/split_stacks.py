"""The web application as three stacks wired through outputs: network → database → web.

Each consumer gets its producer's outputs as parameters at deploy time (no Export/ImportValue),
so the tiers deploy in order and update on their own.
"""

from blueprints import DatabaseTier, NetworkTier, WebTier
from hastack import App

app = App("split")
env = app.context.env or "dev"
region = app.context.get("region")

network = NetworkTier(f"shop-network-{env}", region=region, network={"az_count": 3})
database = DatabaseTier(
    f"shop-database-{env}", network=network, database={"engine": "aurora-postgresql", "readers": 1}
)
web = WebTier(f"shop-web-{env}", network=network, database=database, app_name="shop")

app.extend([network, database, web])
