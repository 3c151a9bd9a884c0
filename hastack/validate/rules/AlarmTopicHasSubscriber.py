"""W9607: the topic an alarm notifies has a subscriber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    alarms,
    literal_list,
    props,
    ref_target,
    resources,
)


class AlarmTopicHasSubscriber(HastackRule):
    id = "W9607"
    shortdesc = "SNS topic that alarms notify has a subscription"
    description = (
        "An alarm that publishes to a topic nobody subscribes to has an action and still "
        "notifies nobody."
    )
    fix = (
        "Subscribe someone (AWS::SNS::Subscription or the topic's Subscription), or send the "
        "alarms to an existing, subscribed topic."
    )
    source_url = (
        "https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html"
    )
    tags = ["hastack", "ha", "monitoring"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        topics = resources(cfn, [types.SNS_TOPIC])
        subscribed = {
            ref_target(props(sub).get("TopicArn"), cfn)
            for sub in resources(cfn, [types.SNS_SUBSCRIPTION]).values()
        }
        notified: dict[str, str] = {}
        for name, alarm in sorted(alarms(cfn).items()):
            for action in literal_list(alarm.get("AlarmActions")) or []:
                topic = ref_target(action, cfn)
                if topic in topics:
                    notified.setdefault(topic, name)
        for topic, first_alarm in sorted(notified.items()):
            if topic in subscribed or props(topics[topic]).get("Subscription") is not None:
                continue
            yield (
                ["Resources", topic, "Properties"],
                f"{topic} receives alarms ({first_alarm}, ...) but has no subscription: nobody is "
                "notified",
            )
