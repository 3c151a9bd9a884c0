"""``hastack.estimate``: the monthly cost of templates, stacks or apps.

Targets are whatever :func:`hastack.core.loader.load` reads: TARGET strings (template files,
synth output folders, app files, ``module:attr``), stack artifacts, Stacks, Apps, Blueprints or
plain template dicts. Everything the user got wrong (unknown region, usage entries for
resources that do not exist, parameters no template declares) is reported before anything is
priced; anything a template leaves open is priced on a stated assumption, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from hastack.core.artifact import StackArtifact, parameter_text
from hastack.core.loader import Targets, load
from hastack.cost.catalog import Catalog, load_catalog
from hastack.cost.model import Assumption, Estimate, ResourceCost, Unpriced
from hastack.cost.nested import STACK_TYPE, nested_stacks
from hastack.cost.pricers import FREE_TYPES, PRICERS, Free, NotPriced, PriceContext
from hastack.cost.pricers.transfer import (
    BEHIND_CDN_INTERNET_OUT,
    DATA_TRANSFER_KEYS,
    TRAFFIC_TYPES,
    data_transfer,
)
from hastack.cost.resolver import Resolver, Unresolved
from hastack.cost.traffic import TRAFFIC, Traffic, usage_from_traffic
from hastack.cost.usage import DATA_TRANSFER, Usage, UsageView, check_usage, load_usage
from hastack.errors import UsageError
from hastack.template import types
from hastack.template.transforms import expand_artifact
from hastack.template.view import TemplateView, Workspace

DATA_TRANSFER_TYPE = "hastack::DataTransfer"


def estimate(
    targets: Targets,
    *,
    region: str | None = None,
    price_region: str | None = None,
    usage: str | Path | Mapping[str, Any] | Usage | None = None,
    parameters: Mapping[str, Any] | None = None,
    context: Any = None,
    stacks: Iterable[str] = (),
    catalog: Catalog | None = None,
    traffic: Traffic | Mapping[str, Any] | None = None,
    nested: Mapping[str, str | Path] | None = None,
) -> Estimate:
    """Price ``targets`` (one or a list) and return the :class:`Estimate`.

    ``region`` is the region of templates that carry none (plain files and dicts; app stacks
    and synthesized files keep their own); ``price_region`` prices every stack there instead
    (what the app would cost in another region); ``usage`` is a usage file path or mapping;
    ``parameters`` override parameter defaults; ``context`` and ``stacks`` apply to apps.
    ``traffic`` (or the usage file's ``traffic:`` entry) derives every usage figure the file
    does not give (:mod:`hastack.cost.traffic`). ``nested`` maps a nested stack's logical id (or
    ``Stack.LogicalId``) to its child template file; a local ``TemplateURL`` is found without it.
    Templates are read as CloudFormation runs them: ``Fn::ForEach`` and SAM expanded.
    """
    catalog = catalog or load_catalog()
    for asked in (region, price_region):
        if asked is not None:
            catalog.check_region(asked)  # before loading: the catalog lists what it can price
    overrides = {str(k): parameter_text(v) for k, v in (parameters or {}).items()}

    def expand(artifact: StackArtifact) -> None:
        expand_artifact(artifact, overrides)

    sources = load(
        targets, context=context, stacks=stacks, region=region, verb="estimate", transform=expand
    )
    children, nested_names = nested_stacks(sources, nested or {}, expand, region)
    sources.extend(children)
    priced_in = {s.name: price_region or s.region for s in sources}
    regions = list(dict.fromkeys(priced_in.values()))
    for where in regions:
        catalog.check_region(where)
    _check_parameters(overrides, [s for s in sources if s not in children])
    usage_values = load_usage(usage)
    model = usage_values.entries.pop(TRAFFIC, None)
    if traffic is not None or model is not None:
        if isinstance(traffic, Traffic):
            chosen = traffic
        else:
            chosen = Traffic.from_mapping(dict(model or {}) | dict(traffic or {}))
        usage_values = _with_traffic(usage_values, chosen, sources)
    check_usage(
        usage_values,
        [(s.name, _resource_types(s.body)) for s in sources],
        {t: p.usage for t, p in PRICERS.items()},
        DATA_TRANSFER_KEYS,
    )

    result = Estimate(
        region=", ".join(regions),
        catalog_date=catalog.date,
        currency=catalog.currency,
        hours_per_month=catalog.hours_per_month,
        stacks=[s.name for s in sources],
        usage_file=usage_values.path,
    )
    moves = False
    workspace: Workspace[TemplateView] = Workspace()
    resolvers = {
        source.name: Resolver(
            source.body,
            priced_in[source.name],
            {**source.parameters, **overrides},
            source.name,
            inputs={k: v for k, v in source.inputs.items() if k not in overrides},
            workspace=workspace,
        )
        for source in sources
    }
    for source in sources:
        resolver = resolvers[source.name]
        for logical_id, resource in (source.body.get("Resources") or {}).items():
            moves |= _price_resource(
                result,
                catalog,
                resolver,
                source,
                priced_in[source.name],
                logical_id,
                resource,
                usage_values,
                nested_names,
            )
    for source in sources:
        for note in source.transform_notes:
            result.assumptions.append(Assumption("*", f"transform: {note}", source.name))
    if moves or DATA_TRANSFER in usage_values.entries:
        _price_data_transfer(result, catalog, regions[0], usage_values, _behind_cdn(sources))
    if usage is None and any("(default;" in a.message for a in result.assumptions):
        result.assumptions.insert(
            0, Assumption("*", "no usage file: usage-based charges use documented defaults")
        )
    return result


def _price_resource(
    result: Estimate,
    catalog: Catalog,
    resolver: Resolver,
    source: StackArtifact,
    region: str,
    logical_id: str,
    resource: Any,
    usage: Usage,
    nested: Mapping[tuple[str, str], str],
) -> bool:
    """Add one resource to ``result``; True when it moves traffic (for data transfer)."""
    if not isinstance(resource, dict):
        result.not_priced.append(Unpriced(logical_id, "?", "not a resource mapping", source.name))
        return False
    rtype = str(resource.get("Type", "?"))
    condition = resource.get("Condition")
    if isinstance(condition, str):
        try:
            if not resolver.condition(condition):
                result.free.append(
                    Unpriced(
                        logical_id,
                        rtype,
                        f"condition {condition} is false: not created",
                        source.name,
                    )
                )
                return False
        except Unresolved as why:
            result.assumptions.append(
                Assumption(
                    logical_id,
                    f"condition {condition} unresolved ({why}); priced as created",
                    source.name,
                )
            )
    pricer = PRICERS.get(rtype)
    if pricer is None:
        if rtype in FREE_TYPES:
            result.free.append(
                Unpriced(logical_id, rtype, FREE_TYPES[rtype], source.name, of_type=True)
            )
        elif rtype == STACK_TYPE and (source.name, logical_id) in nested:
            child = nested[(source.name, logical_id)]
            result.free.append(
                Unpriced(logical_id, rtype, f"nested stack: priced as stack {child}", source.name)
            )
        else:
            custom = rtype.startswith("Custom::") or rtype == types.CLOUDFORMATION_CUSTOM_RESOURCE
            if custom:
                reason = "custom resource: its cost depends on what it runs"
            elif rtype == STACK_TYPE:
                reason = (
                    "nested stack: its TemplateURL is not a local file; "
                    f"pass the child template with --nested {logical_id}=FILE"
                )
            else:
                reason = "resource type not in the price catalog"
            result.not_priced.append(Unpriced(logical_id, rtype, reason, source.name))
        return False
    view = UsageView(usage.values_for(source.name, logical_id), pricer.usage)
    ctx = PriceContext(catalog, region, resolver, logical_id, resource, view)
    try:
        components = pricer.func(ctx)
    except NotPriced as why:
        result.not_priced.append(Unpriced(logical_id, rtype, str(why), source.name))
        return False
    except Free as why:
        result.free.append(Unpriced(logical_id, rtype, str(why), source.name))
        _add_notes(result, ctx, view, logical_id, source.name)
        return False
    except Unresolved as why:
        result.not_priced.append(Unpriced(logical_id, rtype, f"unresolved: {why}", source.name))
        return False
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        result.not_priced.append(
            Unpriced(
                logical_id,
                rtype,
                f"properties not understood ({type(error).__name__}: {error})",
                source.name,
            )
        )
        return False
    result.resources.append(ResourceCost(logical_id, rtype, components, source.name))
    _add_notes(result, ctx, view, logical_id, source.name)
    return rtype in TRAFFIC_TYPES


def _add_notes(
    result: Estimate, ctx: PriceContext, view: UsageView, logical_id: str, stack: str
) -> None:
    for note in ctx.notes:
        result.assumptions.append(Assumption(logical_id, note, stack))
    for spec in view.defaults_used:
        if not spec.default:
            continue  # a zero default adds no charge; nothing to call out
        result.assumptions.append(
            Assumption(
                logical_id,
                f"{spec.name} = {spec.default} {spec.unit} (default; {spec.description})",
                stack,
            )
        )


def _price_data_transfer(
    result: Estimate, catalog: Catalog, region: str, usage: Usage, behind_cdn: bool = False
) -> None:
    """The data transfer no one resource owns. Behind a CloudFront distribution the viewers'
    bytes leave AWS at the edge, priced by the distribution's ``data_out_gb``; origin to
    CloudFront is free, so internet data out defaults to 0 there rather than counting the same
    bytes twice (a figure the usage file gives still wins)."""
    keys = DATA_TRANSFER_KEYS
    if behind_cdn:
        keys = {**keys, "internet_out_gb": BEHIND_CDN_INTERNET_OUT}
    view = UsageView(usage.entries.get(DATA_TRANSFER, {}), keys)
    ctx = PriceContext(catalog, region, Resolver({}, region), DATA_TRANSFER, {}, view)
    multi_region = "," in result.region
    result.resources.append(
        ResourceCost(DATA_TRANSFER, DATA_TRANSFER_TYPE, data_transfer(ctx, multi_region))
    )
    for note in ctx.notes:
        result.assumptions.append(Assumption(DATA_TRANSFER, note))
    for spec in view.defaults_used:
        if spec is BEHIND_CDN_INTERNET_OUT:
            message = f"{spec.name} = 0 {spec.unit} (default {spec.description})"
            result.assumptions.append(Assumption(DATA_TRANSFER, message))
            continue
        if not spec.default:
            continue
        message = f"{spec.name} = {spec.default} {spec.unit} (default; {spec.description})"
        result.assumptions.append(Assumption(DATA_TRANSFER, message))


def _with_traffic(usage: Usage, traffic: Traffic, sources: list[StackArtifact]) -> Usage:
    """``usage`` over the figures derived from ``traffic``: the file's own figures win. A
    distribution in any stack fronts them all (its own stack in a multi-region app)."""
    entries: dict[str, dict[str, Decimal]] = {}
    behind_cdn = _behind_cdn(sources)
    for source in sources:
        derived = usage_from_traffic(traffic, _resource_types(source.body), behind_cdn)
        for logical_id, values in derived.items():
            entries.setdefault(logical_id, {}).update(values)
    for logical_id, values in usage.entries.items():
        entries.setdefault(logical_id, {}).update(values)
    return Usage(entries, path=usage.path, lenient=usage.lenient)


def _behind_cdn(sources: list[StackArtifact]) -> bool:
    """Whether a CloudFront distribution is among the stacks (it then fronts their traffic)."""
    return any(types.CLOUDFRONT_DISTRIBUTION in _resource_types(s.body).values() for s in sources)


def _check_parameters(overrides: dict[str, str], sources: list[StackArtifact]) -> None:
    declared = {name for s in sources for name in (s.body.get("Parameters") or {})}
    unknown = sorted(set(overrides) - declared)
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise UsageError(
            f"--parameter {', '.join(unknown)}: not a parameter of the template(s) "
            f"(parameters: {known})"
        )


def _resource_types(body: dict[str, Any]) -> dict[str, str]:
    resources = body.get("Resources") or {}
    return {lid: str(r.get("Type", "?")) for lid, r in resources.items() if isinstance(r, dict)}
