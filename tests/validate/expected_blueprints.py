"""Expected (rule id, path) of the bad fixtures for the blueprint defect classes (E/W/I96xx).

Kept apart from test_rules.py's table so both can grow without colliding; test_rules.py merges
it into its EXPECTED.
"""

from __future__ import annotations

EXPECTED_BLUEPRINTS: dict[str, list[tuple[str, str]]] = {
    "bad/blueprints/global_secondary.yaml": [
        ("E9601", "Resources/SecondaryCluster/Properties"),
        ("W9131", "Resources/PrimaryCluster/Properties"),
        ("W9131", "Resources/SecondaryCluster/Properties"),
        ("W9132", "Resources/PrimaryCluster/Properties"),
        ("W9132", "Resources/SecondaryCluster/Properties"),
        ("W9151", "Resources/SecondaryCluster"),
        ("W9602", "Resources/GlobalCluster/Properties/SourceDBClusterIdentifier"),
        ("W9602", "Resources/NamedGlobalCluster/Properties/SourceDBClusterIdentifier"),
    ],
    "bad/blueprints/read_replica.yaml": [
        ("W9131", "Resources/Primary/Properties"),
        ("W9132", "Resources/Primary/Properties"),
        ("W9151", "Resources/Primary"),
        ("W9603", "Resources/Replica/Properties"),
    ],
    "bad/blueprints/fleet_and_alarms.yaml": [
        ("W9213", "Resources/AlarmTopic/Properties"),
        ("W9605", "Resources/AutoScalingGroup/UpdatePolicy/AutoScalingRollingUpdate"),
        ("W9606", "Resources/AutoScalingGroup/Properties/DesiredCapacity"),
        ("W9607", "Resources/AlarmTopic/Properties"),
        ("W9611", "Resources/ReplicaLagAlarm/Properties/Period"),
    ],
    "bad/blueprints/engine_versions.yaml": [
        ("W9151", "Resources/LtsCluster"),
        ("W9615", "Resources/TypoCluster/Properties/EngineVersion"),
        ("W9616", "Resources/LtsReader/Properties/AutoMinorVersionUpgrade"),
        ("W9616", "Resources/LtsWriter/Properties"),
    ],
    "bad/blueprints/edge.yaml": [
        ("I9109", "Resources/TargetGroup/Properties"),
        ("I9203", "Resources/LoadBalancer/Properties"),
        ("I9409", "Resources/LogBucket/Properties"),
        ("I9609", "Resources/HostedZone"),
        ("I9614", "Resources/LoadBalancer/Properties"),
        ("W9130", "Resources/LogBucket"),
        ("W9130", "Resources/LogBucket"),
        ("W9150", "Resources/LoadBalancer"),
        ("W9150", "Resources/LoadBalancer"),
        ("W9204", "Resources/LoadBalancer/Properties"),
        ("W9604", "Resources/PrimaryHealthCheck/Properties/HealthCheckConfig/ResourcePath"),
        ("W9608", "Resources/HttpListener/Properties/Protocol"),
        ("W9610", "Resources/SpareHealthCheck"),
        ("W9612", "Resources/LogBucketPolicy/Properties/PolicyDocument/Statement/1"),
        ("W9613", "Resources/LogBucketPolicy/Properties/PolicyDocument/Statement/0"),
    ],
}

EXTRA_ON_OTHER_FIXTURES: dict[str, list[tuple[str, str]]] = {
    "bad/asg/fleet.yaml": [
        ("I9614", "Resources/LoadBalancer/Properties"),
        ("W9605", "Resources/SingleSubnetGroup/UpdatePolicy/AutoScalingRollingUpdate"),
        ("W9608", "Resources/Listener/Properties/Protocol"),
    ],
    "bad/dns/failover.yaml": [("I9609", "Resources/HostedZone")],
    "bad/elb/load_balancer.yaml": [("I9614", "Resources/LoadBalancer/Properties")],
    "bad/rds/aurora_readers.yaml": [("W9607", "Resources/AlarmTopic/Properties")],
    "bad/rds/aurora_single.yaml": [("W9607", "Resources/AlarmTopic/Properties")],
    "bad/services/objectives.yaml": [
        ("W9605", "Resources/Fleet/UpdatePolicy/AutoScalingRollingUpdate"),
    ],
}
"""What the E/W/I96xx rules also find in the other rules' bad fixtures (they are bad there too)."""


def merge_into(expected: dict[str, list[tuple[str, str]]]) -> None:
    """Add the blueprint fixtures and the extra findings on the others to ``expected``."""
    expected.update(EXPECTED_BLUEPRINTS)
    for fixture, extra in EXTRA_ON_OTHER_FIXTURES.items():
        if fixture in expected:
            expected[fixture] = [*expected[fixture], *extra]
