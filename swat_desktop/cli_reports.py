"""``swat-desktop report …`` and ``swat-desktop dias-no-laborables …``: the reports of both
procedures and the days that do not count for the regulator's deadline, without a window."""

from __future__ import annotations

import argparse
from pathlib import Path

from swat_desktop.cli_args import add_day, opened
from swat_desktop.cli_practices import practices_report_parser
from swat_desktop.cli_users import actor
from swat_desktop.domain.clock import local_today
from swat_desktop.domain.cut_distribution import WHERE_TO_CONFIGURE, Recipient, RecipientGroup
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA, LIMA
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.paths import AppPaths

PERIOD_KINDS = (PeriodKind.DIARIO, PeriodKind.SEMANAL, PeriodKind.MENSUAL)


def report_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = commands.add_parser("report", help="informes sin abrir la ventana")
    kinds = report.add_subparsers(dest="report_command", metavar="INFORME", required=True,
                                  title="informes")
    cut = kinds.add_parser("corte", help="corte diario, semanal o mensual (xlsx y PDF)")
    cut.add_argument("--periodo", required=True, choices=[k.value for k in PERIOD_KINDS],
                     help="diario, semanal (lunes a domingo) o mensual")
    add_day(cut, "--fecha", help="un día del periodo (por defecto, hoy)")
    cut.add_argument("--correo", action="store_true",
                     help="además, un correo .eml a los destinatarios de los cortes con los dos "
                     "archivos adjuntos (ver «report destinatarios»)")
    consolidated = kinds.add_parser(
        "consolidado", help="CONSOLIDADO MAL ESCALADO SOPORTE de un rango de bases (xlsx)")
    add_day(consolidated, "--desde", required=True, help="fecha de la primera base")
    add_day(consolidated, "--hasta", required=True, help="fecha de la última base, incluida")
    regulator = kinds.add_parser(
        "inoperatividad", help="Reporte de Eventos de Inoperatividad de los Sistemas de "
        "Atención para Regulatorio (xlsx y PDF)")
    add_day(regulator, "--desde", required=True,
            help="primer día del periodo (inicio del evento, hora de Lima)")
    add_day(regulator, "--hasta", required=True, help="último día del periodo, incluido")
    cut.set_defaults(handler=_corte)
    consolidated.set_defaults(handler=_consolidado)
    regulator.set_defaults(handler=_inoperatividad)
    for parser in (cut, consolidated, regulator):
        parser.add_argument("--salida", type=Path, metavar="CARPETA",
                            help="carpeta donde se guardan (por defecto, Documentos/SWAT Desktop)")
        parser.add_argument("--usuario", metavar="LOGIN",
                            help="perfil que firma el informe (por defecto, el recordado)")
    practices_report_parser(kinds)
    recipients_parser(kinds)


def days_off_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    days = commands.add_parser(
        "dias-no-laborables", help="días que no cuentan para el plazo del reporte de "
        "inoperatividad (feriados nacionales y los agregados)")
    actions = days.add_subparsers(dest="days_command", metavar="ACCIÓN", required=True,
                                  title="acciones")
    listing = actions.add_parser("listar", help="los días no laborables de un año")
    listing.add_argument("--anio", type=int, metavar="AAAA", help="por defecto, el actual")
    listing.set_defaults(handler=_list_days_off)
    add = actions.add_parser("agregar", help="agrega un día (solo Control e Información)")
    add_day(add, "day", help="el día que no se trabaja")
    add.add_argument("description", metavar="MOTIVO", help="por qué no se trabaja ese día")
    add.set_defaults(handler=_add_day_off)
    remove = actions.add_parser("quitar", help="quita un día agregado por error")
    add_day(remove, "day", help="el día agregado")
    remove.set_defaults(handler=_remove_day_off)
    for action in (add, remove):
        action.add_argument("--usuario", metavar="LOGIN",
                            help="perfil que lo hace (por defecto, el recordado)")


def _corte(args: argparse.Namespace, paths: AppPaths) -> int:
    # reportlab and xlsxwriter: only for reports
    from swat_desktop.services import cut_distribution, reports

    with opened(args, paths) as db:
        signer = actor(db, args.usuario, paths)
        day = args.fecha or local_today(db.clock, BOGOTA)  # the célula's today
        period = period_for(PeriodKind(args.periodo), day)
        folder = args.salida or paths.exports_dir
        mail = (cut_distribution.mail_corte(db, signer, period, folder) if args.correo
                else None)
        files = mail.files if mail else reports.export_corte(db, signer, period, folder)
    _written(period, [files.xlsx, files.pdf, *([mail.eml] if mail else [])])
    # The denominator on its own line, plain digits, for whoever reads this from a script.
    print(f"denominador: {files.report.indicators.records}")
    print(f"registros válidos: {files.report.indicators.valid}")
    if mail:
        print("Correo para: " + ", ".join(r.header for r in mail.recipients))
    return 0


def _consolidado(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import reports

    period = _range(args)
    with opened(args, paths) as db:
        signer = actor(db, args.usuario, paths)
        written = reports.export_consolidado(db, signer, period, args.salida or paths.exports_dir)
    return _written(period, [written])


def _inoperatividad(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_report

    period = _range(args)
    with opened(args, paths) as db:
        signer = actor(db, args.usuario, paths)
        written = list(inoperatividad_report.export_report(
            db, signer, args.desde, args.hasta, args.salida or paths.exports_dir))
    return _written(period, written)


def _range(args: argparse.Namespace) -> Period:
    if args.hasta < args.desde:
        raise ValidationError({"hasta": "--hasta es anterior a --desde."})
    return Period(args.desde, args.hasta)


def _written(period: Period, written: list[Path]) -> int:
    print(f"Periodo {period.label}:")
    for path in written:
        print(f"  {path}")
    return 0


def _list_days_off(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_flow as flow

    with opened(args, paths) as db:
        year = args.anio or local_today(db.clock, LIMA).year
        for day in flow.days_off(db, year):
            origin = "feriado nacional" if day.national else f"agregado por {day.added_by}"
            print(f"{day.day:%d/%m/%Y}  {day.description} ({origin})")
    return 0


def _add_day_off(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_flow as flow

    with opened(args, paths) as db:
        flow.add_non_working_day(db, actor(db, args.usuario, paths), args.day, args.description)
    print(f"El {args.day:%d/%m/%Y} se agregó como no laborable.")
    return 0


def _remove_day_off(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_flow as flow

    with opened(args, paths) as db:
        flow.remove_non_working_day(db, actor(db, args.usuario, paths), args.day)
    print(f"El {args.day:%d/%m/%Y} volvió a ser laborable.")
    return 0


def recipients_parser(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``report destinatarios``: who the cuts go to, kept in the store for everybody."""
    recipients = kinds.add_parser("destinatarios", help="a quién se envían los cortes "
                                  "(formación y calidad, administración)")
    actions = recipients.add_subparsers(dest="recipients_command", metavar="ACCIÓN",
                                        required=True, title="acciones")
    actions.add_parser("listar", help="los destinatarios de cada grupo").set_defaults(
        handler=_list_recipients)
    groups = [g.value for g in RecipientGroup]
    add = actions.add_parser("agregar", help="agrega un destinatario (solo el backoffice)")
    add.add_argument("--grupo", required=True, choices=groups)
    add.add_argument("--nombre", required=True, help="nombre como se lee en el correo")
    add.add_argument("--correo", required=True, help="dirección, nombre@dominio.com")
    add.set_defaults(handler=_add_recipient)
    remove = actions.add_parser("quitar", help="quita un destinatario (solo el backoffice)")
    remove.add_argument("--grupo", required=True, choices=groups)
    remove.add_argument("--correo", required=True, help="la dirección que se quita")
    remove.set_defaults(handler=_remove_recipient)
    for action in (add, remove):
        action.add_argument("--usuario", metavar="LOGIN",
                            help="perfil que lo hace (por defecto, el recordado)")


def _print_recipients(found: tuple[Recipient, ...]) -> None:
    if not found:
        print(f"No hay destinatarios configurados. {WHERE_TO_CONFIGURE}")
        return
    for group in RecipientGroup:
        print(f"{group.label}:")
        members = [r for r in found if r.group is group]
        for recipient in members:
            print(f"  {recipient.name} <{recipient.address}>")
        if not members:
            print("  (ninguno)")


def _list_recipients(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import cut_distribution

    with opened(args, paths) as db:
        _print_recipients(cut_distribution.recipients(db))
    return 0


def _add_recipient(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import cut_distribution

    with opened(args, paths) as db:
        _print_recipients(cut_distribution.add_recipient(
            db, actor(db, args.usuario, paths), RecipientGroup(args.grupo), args.nombre,
            args.correo))
    return 0


def _remove_recipient(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import cut_distribution

    with opened(args, paths) as db:
        _print_recipients(cut_distribution.remove_recipient(
            db, actor(db, args.usuario, paths), RecipientGroup(args.grupo), args.correo))
    return 0
