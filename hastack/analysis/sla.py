"""The bundled SLA table: each figure with the service, what it applies to, its URL and date.

Kept as data (``sla.json``) so a changed SLA is a one-line, reviewable edit, and so reports can
cite the source of every number they use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SLA_FILE = Path(__file__).with_name("sla.json")


@dataclass(frozen=True)
class Sla:
    key: str
    service: str
    availability: float
    applies_to: str
    url: str
    terms_dated: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "service": self.service,
            "availability": self.availability,
            "applies_to": self.applies_to,
            "url": self.url,
            "terms_dated": self.terms_dated,
        }


@dataclass(frozen=True)
class SlaTable:
    reviewed: str
    note: str
    slas: dict[str, Sla]

    def __getitem__(self, key: str) -> Sla:
        return self.slas[key]


@cache
def load_sla_table(path: Path = SLA_FILE) -> SlaTable:
    data = json.loads(path.read_text())
    slas = {
        key: Sla(
            key=key,
            service=entry["service"],
            availability=float(entry["availability"]),
            applies_to=entry["applies_to"],
            url=entry["url"],
            terms_dated=entry["terms_dated"],
        )
        for key, entry in data["slas"].items()
    }
    return SlaTable(reviewed=data["reviewed"], note=data["note"], slas=slas)
