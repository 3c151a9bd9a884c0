"""An etcd cluster of 3 members over 3 AZs: a lock and configuration service against split brain.

Each member is an Auto Scaling group of one with a fixed network interface, DNS name and data
volume, so a replaced instance rejoins as the same member.

hastack synth examples/quorum.py
hastack resilience examples/quorum.py      # every AZ loss and two-way split
hastack deploy examples/quorum.py --local --yes
"""

from hastack import App
from hastack.blueprints import QuorumCluster

app = App("quorum")
app.add(
    QuorumCluster(
        f"quorum-{app.context.env or 'dev'}",
        region=app.context.get("region", "us-east-1"),
        network={"az_count": 3},
        quorum={"members": app.context.get_int("members", 3), "cluster_name": "locks"},
    )
)
