"""The inoperatividad catalogues shipped in resources/catalogues/inoperatividad.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from swat_desktop.domain.inoperatividad import Catalogue, Option


def _options(items: list[dict[str, Any]], detail: str = "detail") -> tuple[Option, ...]:
    return tuple(Option(code=i["code"], label=i["label"],
                        detail=i.get(detail, i.get("note", i.get("description", ""))),
                        group=i.get("group", "")) for i in items)


def read_catalogue(path: Path) -> Catalogue:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Catalogue(
        applications=_options(data["applications"]),
        request_types=_options(data["request_types"]),
        consultas=_options(data["consultas"]),
        non_regulated=_options(data["non_regulated"], detail="reason"),
        critical_requests=_options(data["critical_requests"]),
        scenarios=_options(data["scenarios"]),
        motivos={s["code"]: _options(s["motivos"]) for s in data["scenarios"]},
        closure_motives=_options(data["closure_motives"]),
        responsible_roles=_options(data["responsible_roles"]),
        requests={t["code"]: _options(t.get("requests", [])) for t in data["request_types"]},
    )
