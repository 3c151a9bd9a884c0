"""The bundled price catalog: on-demand prices per region, each with its source and date.

The file is one compact JSON document (``catalog/prices.json``). Prices live in blocks, one per
service and region; a block carries the source (pricing page or Price List API offer) and the
date its prices were taken, so every :class:`Price` handed out knows where it came from. Numbers
are parsed as :class:`~decimal.Decimal` so that totals add up to the cent like a hand computation.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hastack.errors import UsageError

CATALOG_PATH = Path(__file__).parent / "catalog" / "prices.json"
GLOBAL = "global"
"""Pseudo-region for services priced the same everywhere (Route 53)."""


@dataclass(frozen=True)
class Price:
    """One unit price and where it came from."""

    value: Decimal
    service: str
    key: str
    region: str
    source: str
    date: str
    basis: str = "published"
    """``published`` (taken as listed), ``approximated`` (see the block's note) or
    ``price-list-api``."""


class Catalog:
    """Read access to a catalog document; lookups raise :class:`KeyError` for missing prices."""

    def __init__(self, data: dict[str, Any], path: str | None = None) -> None:
        self.data = data
        self.path = path
        self.currency: str = data.get("currency", "USD")
        self.hours_per_month = Decimal(str(data.get("hours_per_month", 730)))
        self.date: str = data["catalog_date"]

    @property
    def regions(self) -> list[str]:
        return sorted(self.data["regions"])

    def check_region(self, region: str) -> None:
        """Fail with the list of known regions: a price from another region would be wrong."""
        if region not in self.data["regions"]:
            raise UsageError(
                f"region {region!r} is not in the price catalog (catalog {self.date}); "
                f"known regions: {', '.join(self.regions)}"
            )

    def block(self, region: str, service: str) -> dict[str, Any]:
        found: dict[str, Any]
        if service in self.data.get(GLOBAL, {}):
            found = self.data[GLOBAL][service]
        else:
            found = self.data["regions"][region][service]
        return found

    def has(self, region: str, service: str, key: str) -> bool:
        try:
            return key in self.block(region, service)["prices"]
        except KeyError:
            return False

    def price(self, region: str, service: str, key: str, index: int | None = None) -> Price:
        """The price of ``key``; ``index`` picks from a pair (e.g. [single-AZ, Multi-AZ])."""
        block = self.block(region, service)
        value = block["prices"][key]
        if index is not None:
            value = value[index]
        where = GLOBAL if service in self.data.get(GLOBAL, {}) else region
        return Price(
            Decimal(value),
            service,
            key,
            where,
            block["source"],
            block["date"],
            row_basis(block, key),
        )

    def keys(self, region: str, service: str) -> list[str]:
        return sorted(self.block(region, service)["prices"])


def row_basis(block: dict[str, Any], key: str) -> str:
    """How one price was obtained: a block lists its approximated rows under ``approximated``,
    and a refreshed block the rows the Price List did not carry (kept as transcribed from the
    pricing page) under ``published``."""
    if key in block.get("approximated", ()):
        return "approximated"
    if key in block.get("published", ()):
        return "published"
    return str(block.get("basis", "published"))


def parse_catalog(text: str, path: str | None = None) -> Catalog:
    data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    for required in ("catalog_date", "regions"):
        if required not in data:
            raise UsageError(f"{path or 'catalog'}: not a hastack price catalog (no {required!r})")
    return Catalog(data, path)


@cache
def load_catalog(path: str | None = None) -> Catalog:
    """The bundled catalog (or ``path``), parsed once per process."""
    file = Path(path) if path else CATALOG_PATH
    if not file.is_file():
        raise UsageError(f"{file}: no such price catalog file")
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"{file}: cannot read price catalog ({error.strerror})") from None
    try:
        return parse_catalog(text, str(file))
    except json.JSONDecodeError as error:
        raise UsageError(f"{file}: price catalog is not valid JSON ({error.msg})") from None


@dataclass(frozen=True)
class BlockInfo:
    """One block of the catalog: where, which service, its date and how its rows were obtained."""

    where: str
    service: str
    date: str
    source: str
    published: int
    approximated: int

    def age_days(self, today: datetime.date) -> int:
        return (today - datetime.date.fromisoformat(self.date)).days


def blocks(catalog: Catalog) -> list[BlockInfo]:
    """Every block, regions first (sorted), then the global ones; rows counted by basis."""
    found = []
    sections = [(r, catalog.data["regions"][r]) for r in catalog.regions]
    sections.append((GLOBAL, catalog.data.get(GLOBAL, {})))
    for where, services in sections:
        for service, block in sorted(services.items()):
            approximated = sum(1 for k in block["prices"] if row_basis(block, k) == "approximated")
            found.append(
                BlockInfo(
                    where,
                    service,
                    str(block["date"]),
                    str(block["source"]),
                    len(block["prices"]) - approximated,
                    approximated,
                )
            )
    return found


def stale(
    catalog: Catalog, older_than_days: int, today: datetime.date | None = None
) -> list[BlockInfo]:
    """Blocks whose prices were taken more than ``older_than_days`` days before ``today``."""
    day = today or datetime.date.today()
    return [b for b in blocks(catalog) if b.age_days(day) > older_than_days]


def basis_markdown(catalog: Catalog) -> str:
    """A dated markdown table: per region and service, published vs approximated prices."""
    lines = [
        "| Region | Service | Date | Published | Approximated | Source |",
        "|---|---|---|---:|---:|---|",
    ]
    for block in blocks(catalog):
        lines.append(
            f"| {block.where} | {block.service} | {block.date} | {block.published} | "
            f"{block.approximated} | {block.source} |"
        )
    return "\n".join(lines) + "\n"
