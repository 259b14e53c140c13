"""Catalogue data files shipped in resources/catalogues (semicolon CSV, UTF-8)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CausalRecord:
    code: str
    name: str
    description: str
    procedure: str  # what the advisor must do instead, printed on the compromiso
    active: bool
    order: int


def read_causales(path: Path) -> list[CausalRecord]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            CausalRecord(
                code=row["code"].strip(),
                name=row["name"].strip(),
                description=row["description"].strip(),
                procedure=(row.get("procedure") or "").strip(),
                active=row["active"].strip() == "1",
                order=int(row["order"]),
            )
            for row in csv.DictReader(handle, delimiter=";")
        ]
