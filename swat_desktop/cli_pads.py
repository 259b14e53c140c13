"""``swat-desktop form talonario``, ``form reservas`` and ``form anular-reserva``: a pad of
numbered blank forms for a point, the list of its reserved numbers, and the annulment of one
never used (lost, spoiled), without a window (a supervisor who prints pads for the week from a
script, support checking which numbers are still unused). Typing a paper form in stays a job
for the window: it is the whole Formato Manual."""

from __future__ import annotations

import argparse
from pathlib import Path

from swat_desktop.cli_args import opened
from swat_desktop.cli_users import actor
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_pads import (
    MAX_PAD,
    correlativo_code,
    parse_correlativo,
)
from swat_desktop.paths import AppPaths


def pads_parser(forms: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The two actions under ``form``, beside ``blank`` and ``print``."""
    pad = forms.add_parser("talonario", help="reserva N correlativos de un punto e imprime "
                                             "un formato en blanco numerado por cada uno")
    pad.add_argument("--punto", required=True, metavar="CÓDIGO",
                     help="código del punto de atención, p. ej. CAC-SAN-ISIDRO")
    pad.add_argument("--cantidad", required=True, type=int, metavar="N",
                     help=f"cuántos formatos (de 1 a {MAX_PAD})")
    pad.add_argument("-o", "--output", type=Path, required=True, metavar="ARCHIVO.pdf")
    pad.add_argument("--usuario", metavar="LOGIN",
                     help="perfil que reserva (por defecto, el recordado)")
    pad.set_defaults(handler=_talonario)
    listing = forms.add_parser("reservas", help="los correlativos reservados de un punto y "
                                                "su estado (reservado, transcrito, anulado)",
                               epilog="Un formato en papel se transcribe en la ventana: "
                                      "Inoperatividad → Talonarios… → Transcribir formato en "
                                      "papel.")
    listing.add_argument("--punto", required=True, metavar="CÓDIGO",
                         help="código del punto de atención")
    listing.set_defaults(handler=_reservas)
    annul = forms.add_parser("anular-reserva", help="anula con un motivo un correlativo "
                                                    "reservado que no se usó (hoja perdida o "
                                                    "dañada); no se borra ni se reutiliza")
    annul.add_argument("--punto", required=True, metavar="CÓDIGO",
                       help="código del punto de atención")
    annul.add_argument("--numero", required=True, metavar="N",
                       help="el correlativo: 2, 000002 o CAC-SAN-ISIDRO-000002")
    annul.add_argument("--motivo", required=True, metavar="TEXTO",
                       help="por qué se anula: perdido, dañado…")
    annul.add_argument("--usuario", metavar="LOGIN",
                       help="perfil que anula (por defecto, el recordado)")
    annul.set_defaults(handler=_anular_reserva)


def _talonario(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_pads as pads  # reportlab: only here

    with opened(args, paths) as db:
        who = actor(db, args.usuario, paths)
        written, taken = pads.write_pad(db, who, args.punto, args.cantidad, args.output)
    span = taken[0].code if len(taken) == 1 else f"{taken[0].code} a {taken[-1].code}"
    print(f"Talonario guardado en {written}: {len(taken)} formatos, {span}")
    return 0


def _reservas(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_pads as pads

    with opened(args, paths) as db:
        listed = pads.reservations(db, args.punto)
    if not listed:
        print(f"El punto {args.punto.strip().upper()} no tiene correlativos reservados.")
        return 0
    print("Correlativo\tEstado\tReservado el\tReservado por\tRegistro o motivo")
    for r in listed:
        print(f"{r.code}\t{r.state.label}\t{format_datetime(r.reserved_at, LIMA)}\t"
              f"{r.reserved_by}\t{r.outcome}")
    return 0


def _anular_reserva(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_pads as pads

    point = args.punto.strip().upper()
    found = parse_correlativo(args.numero, point)
    if found is None or found[0] != point:
        raise ValidationError({"numero": (
            f"«{args.numero}» no es un correlativo del punto {point}: escriba el número (2 o "
            f"000002) o el código completo ({correlativo_code(point, 2)}).")})
    with opened(args, paths) as db:
        who = actor(db, args.usuario, paths)
        annulled = pads.annul_reservation(db, who, point, found[1], args.motivo)
    print(f"Correlativo {annulled.code} anulado: {annulled.annul_reason}")
    return 0
