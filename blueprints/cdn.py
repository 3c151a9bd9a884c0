"""CdnDistribution: CloudFront in front of one or two regions' load balancers.

    pair = ActivePassiveWebApp("shop", ..., cdn={"certificate_arn": ...})   # usually this
    cdn = pair.cdn                     # the CdnDistribution; pair.dns aliases the site to it

    cdn = CdnDistribution("shop-cdn", primary=web, secondary=standby,     # by hand
                          cdn={"domain_names": ["shop.example.com"], "certificate_arn": ...})

Composed by hand, Route 53 is the caller's: point the site's name at the distribution (an
alias to ``DistributionDomainName``, zone Z2FDTNDATAQYW2), or viewers go around it.

The distribution's stack reads each region's ``LoadBalancerDnsName`` output as a parameter
(deployed after both regions) and lives in us-east-1, where CloudFront's certificates and web
ACLs are. ``primary_origin_name`` replaces the primary region's load balancer name with a host
name of one's own, e.g. a Route 53 failover name (``ActivePassiveWebApp`` uses
``origin.<domain_name>``, failing over with the regions' health checks, so the runbook's fencing
steers CloudFront too); the name then needs no parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from hastack.components.cdn import (
    ORIGIN_SECRET_OUTPUT,
    CdnOptions,
    add_cdn,
    cdn_outputs,
    cdn_region_problems,
    origin_secret_reference,
)
from hastack.components.dns import DOMAIN_PATTERN
from hastack.core.blueprint import Blueprint, StackFields
from hastack.core.options import Options, option
from hastack.errors import OptionsError

ORIGIN_OUTPUT = "LoadBalancerDnsName"


CDN_REGION = "us-east-1"
"""Where the distribution's stack goes: CloudFront's certificates and web ACLs live there."""


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class CdnDistributionOptions(Options):
    cdn: CdnOptions = option(CdnOptions(), help="The distribution.")


class CdnDistributionKwargs(StackFields, total=False):
    cdn: CdnOptions | Mapping[str, Any]


class CdnDistribution(Blueprint):
    """A CloudFront distribution whose origin group fails over between two load balancers."""

    options_class = CdnDistributionOptions
    description = "hastack CdnDistribution: CloudFront with origin failover and a sorry page"
    options: CdnDistributionOptions

    def __init__(
        self,
        name: str,
        *,
        primary: Blueprint,
        secondary: Blueprint | None = None,
        primary_origin_name: str | None = None,
        origin_secret: Blueprint | None = None,
        **kwargs: Unpack[CdnDistributionKwargs],
    ) -> None:
        import re

        problems: list[tuple[str, object, str]] = []
        for label, value in (
            ("primary", primary),
            ("secondary", secondary),
            ("origin_secret", origin_secret),
        ):
            if value is not None and not isinstance(value, Blueprint):
                problems.append((label, value, "a blueprint with a LoadBalancerDnsName output"))
        if primary_origin_name is not None and not (
            isinstance(primary_origin_name, str)
            and re.fullmatch(DOMAIN_PATTERN, primary_origin_name)
        ):
            problems.append(("primary_origin_name", primary_origin_name, "a host name"))
        if problems:
            raise OptionsError(type(self).__name__, problems)
        kwargs.setdefault("region", CDN_REGION)
        super().__init__(name, **kwargs)
        self.primary, self.secondary = primary, secondary
        self.primary_origin_name = primary_origin_name
        self.origin_secret = origin_secret

    def build(self, t: Any) -> None:
        primary = self.primary_origin_name or self.input(
            t, "PrimaryOriginDomainName", self.primary.output(ORIGIN_OUTPUT)
        )
        secondary = None
        if self.secondary is not None:
            secondary = self.input(
                t, "SecondaryOriginDomainName", self.secondary.output(ORIGIN_OUTPUT)
            )
        header = None
        if self.origin_secret is not None:
            name = self.input(
                t, ORIGIN_SECRET_OUTPUT, self.origin_secret.output(ORIGIN_SECRET_OUTPUT)
            )
            header = origin_secret_reference(name)
        cdn = add_cdn(
            t,
            self.options.cdn,
            primary_origin=primary,
            secondary_origin=secondary,
            origin_header=header,
        )
        cdn_outputs(t, cdn)

    def region_problems(self, region: str) -> list[tuple[str, object, str]]:
        return cdn_region_problems(self.options.cdn, region)
