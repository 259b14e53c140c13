"""Which trámite type a customer's request belongs to, read as people type it, against the
catalogue the application ships."""

from __future__ import annotations

import pytest

from swat_desktop.domain.inoperatividad import request_type_of
from swat_desktop.io.inoperatividad_catalogue import read_catalogue
from swat_desktop.paths import resource

CATALOGUE = read_catalogue(resource("catalogues", "inoperatividad.json"))


@pytest.mark.parametrize(("typed", "kind"), [
    ("Migración de plan, a prepago o a postpago", "consultas"),  # the list's own label
    ("migracion de plan", "consultas"),  # its start, without accents or case
    ("REPOSICION_CHIP", "consultas"),  # a code
    ("Bloqueo de línea y equipo por robo o pérdida", "consultas"),  # critical, a consulta
    ("Presentación de reclamos, apelaciones y quejas", "reclamos"),  # critical, a reclamo
    ("Apelación", "reclamos"),
    ("Reclamo por cobro indebido", "reclamos"),  # starts with an entry
    ("Portabilidad numérica", "altas"),
    ("resolución de contrato", "bajas"),
    ("Duplicado de recibo", None),  # no list names it
    ("Cambio", "consultas"),  # the start of three entries, all consultas
    ("   ", None),
])
def test_a_typed_request_is_read_as_its_type(typed: str, kind: str | None) -> None:
    assert request_type_of(CATALOGUE, typed) == kind
