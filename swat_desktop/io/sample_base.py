"""A realistic Base Mal Escalados workbook, for benchmarks and for trying the import by hand.

The import has to cope with what real bases look like, so this writes the same mixture: accounts
as numbers and as text with leading zeros, dates as Excel datetimes and as "dd/mm/yyyy HH:MM"
text, Colombian names and addresses full of accents, long free-text notes, a few hundred
advisors under a few dozen supervisors. Output depends only on ``rows`` and ``seed``, so two runs
time the same file. No Qt here: benchmarks generate the file before any window exists.

Uses xlsxwriter, imported only when a workbook is written. Rows are
written strictly in order, so ``constant_memory`` mode works as well.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

__all__ = ["DEFAULT_BASE_DAY", "HEADERS", "write_sample_base"]

HEADERS: tuple[str, ...] = (
    "Cuenta", "Fecha Escalamiento", "Usuario Asesor", "Nombre Asesor", "Supervisor", "Ciudad",
    "Dirección", "Nodo", "Tipo Falla", "Servicio", "Aviso", "Notas Escalamiento", "Canal",
    "Estado RR", "Teléfono",
)
DEFAULT_BASE_DAY = date(2026, 11, 21)

ADVISORS = 500
SUPERVISORS = 40
# Shares seen in real bases: most cells typed by the system, some pasted by hand as text.
TEXT_ACCOUNT_SHARE = 0.12
TEXT_DATE_SHARE = 0.08
# The same account escalated again the same day (by someone else or later): not a duplicate.
REPEATED_ACCOUNT_SHARE = 0.06

_FIRST_NAMES = (
    "José", "María", "Juan", "Ana", "Luis", "Carlos", "Andrés", "Sebastián", "Julián", "Óscar",
    "Sofía", "Valentina", "Camila", "Daniela", "Natalia", "Mónica", "Angélica", "Verónica",
    "Jesús", "Nicolás", "Martín", "Tomás", "Iván", "Héctor", "Rubén", "Ramón", "Joaquín",
    "Germán", "Fabián", "Sergio", "Diego", "Alejandro", "Mauricio", "Esteban", "Jhon", "Yesid",
    "Wilmer", "Edwin", "Yeison", "Brayan", "Paola", "Lorena", "Yuliana", "Leidy", "Marcela",
    "Catalina", "Isabel", "Inés", "Beatriz", "Lucía", "Raúl", "Adrián", "Efraín", "Saúl",
    "Dayana", "Yurani", "Karen", "Tatiana", "Érika", "Nataly",
)
_SECOND_NAMES = (
    "", "", "", "Andrés", "Fernanda", "Alejandra", "David", "José", "María", "Camilo", "Felipe",
    "Esteban", "Patricia", "Lucía", "Julián", "Ángel", "Inés", "Sofía",
)
_SURNAMES = (
    "Gómez", "Rodríguez", "Martínez", "García", "López", "González", "Hernández", "Sánchez",
    "Ramírez", "Pérez", "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Álvarez", "Romero",
    "Vargas", "Castro", "Suárez", "Ortiz", "Gutiérrez", "Ruiz", "Ñúñez", "Peña", "Quiñones",
    "Cárdenas", "Ospina", "Zuluaga", "Restrepo", "Londoño", "Betancur", "Giraldo", "Agudelo",
    "Mejía", "Cañas", "Ibáñez", "Benítez", "Velásquez", "Beltrán", "Acuña", "Muñetón", "Durán",
    "Bohórquez", "Patiño", "Montaño", "Marín", "Calderón", "Rincón", "Galán",
)

# City -> (node prefix, neighbourhoods, phone area code for landlines).
_CITIES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "Bogotá": ("BOG", ("Chapinero", "Usaquén", "Suba", "Kennedy", "Engativá", "Fontibón",
                       "Teusaquillo", "Bosa", "Ciudad Bolívar", "San Cristóbal"), "601"),
    "Medellín": ("MED", ("El Poblado", "Laureles", "Belén", "Robledo", "Buenos Aires",
                         "La Candelaria", "Castilla", "Envigado"), "604"),
    "Cali": ("CLO", ("San Fernando", "Ciudad Jardín", "El Peñón", "Granada", "Siloé",
                     "La Flora"), "602"),
    "Barranquilla": ("BAQ", ("El Prado", "Riomar", "Boston", "Las Nieves", "Ciudad Jardín"),
                     "605"),
    "Bucaramanga": ("BGA", ("Cabecera", "Sotomayor", "La Concordia", "García Rovira"), "607"),
    "Cartagena": ("CTG", ("Bocagrande", "Manga", "Crespo", "El Bosque"), "605"),
    "Pereira": ("PEI", ("Álamos", "Cuba", "Centro"), "606"),
    "Manizales": ("MZL", ("Chipre", "La Enea", "Palermo"), "606"),
    "Ibagué": ("IBE", ("Piedra Pintada", "Jordán", "Picaleña"), "608"),
    "Cúcuta": ("CUC", ("Caobos", "La Riviera", "Atalaya"), "607"),
    "Villavicencio": ("VVC", ("Barzal", "La Esperanza", "Porfía"), "608"),
    "Santa Marta": ("SMR", ("Rodadero", "Bavaria", "Mamatoco"), "605"),
    "Neiva": ("NVA", ("Cándido", "Quirinal"), "608"),
    "Montería": ("MTR", ("La Castellana", "Mocarí"), "604"),
    "Popayán": ("PPN", ("Bolívar", "La Esmeralda"), "602"),
    "Tunja": ("TUN", ("Maldonado", "Los Muiscas"), "608"),
}
# Bogotá and Medellín carry most of the traffic.
_CITY_WEIGHTS = (34, 18, 12, 9, 5, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1)

_STREET_KINDS = ("Cra", "Calle", "Av", "Diagonal", "Transversal", "Kr", "Cl", "Av Cra")
_UNIT_KINDS = ("Apto", "Casa", "Torre 2 Apto", "Int 3 Apto", "Local", "Bloque 4 Apto", "Of")

_FAULTS = (
    "Sin servicio", "Intermitencia", "Lentitud", "Sin señal de TV", "Pixelación", "Sin tono",
    "Ruido en la línea", "Módem sin sincronismo", "Daño de acometida", "Cortes frecuentes",
    "Sin navegación WiFi", "Decodificador bloqueado",
)
_SERVICES = ("Internet", "Televisión", "Telefonía", "Internet + TV", "Internet + Telefonía",
             "Triple play", "Internet fibra")
_CHANNELS = ("Voz", "Chat web", "WhatsApp", "App móvil", "Presencial CAV", "Redes sociales")
_STATES = ("Abierto", "En gestión", "Escalado N2", "Pendiente visita técnica", "Cerrado",
           "Reabierto", "Anulado")
_STATE_WEIGHTS = (20, 25, 20, 15, 12, 5, 3)

_COMPLAINTS = (
    "Cliente reporta intermitencia en el servicio de {svc}",
    "Usuario indica que no tiene {svc} desde hace {n} días",
    "Titular manifiesta lentitud en la navegación en horas de la noche",
    "Cliente informa que el decodificador muestra mensaje «Sin señal»",
    "Se comunica {persona}, titular de la cuenta, porque la línea fija no da tono",
    "Cliente reporta cortes frecuentes de {svc}; ya tuvo visita técnica la semana pasada",
    "Usuario comenta que el WiFi no llega a las habitaciones del segundo piso",
    "Titular reporta pixelación en los canales HD y audio desfasado",
    "Cliente indica que el módem tiene la luz de LOS en rojo",
    "Cliente solicita revisión porque el servicio se cae cuando llueve",
)
_ACTIONS = (
    "se valida módem y se reinicia remotamente",
    "se hace diagnóstico con el cliente y se verifican conexiones",
    "se realiza cambio de canal WiFi sin mejoría",
    "se confirma potencia óptica fuera de rango",
    "se descarta falla masiva en el nodo {nodo}",
    "se actualiza firmware del equipo y se hacen pruebas de velocidad ({mb} Mbps)",
    "se valida cableado interno; el cliente confirma que no hay daños visibles",
    "se envía comando de refresco al decodificador",
)
_ESCALATIONS = (
    "se escala por Diagnosticador.",
    "se escala a soporte N2 para visita técnica.",
    "se genera aviso {aviso} y se escala a terreno.",
    "se escala a Gestión Soporte por posible daño de acometida.",
    "se deja en seguimiento y se escala por Diagnosticador.",
    "se agenda visita para el {dia} en jornada de la {jornada}.",
)


@dataclass(frozen=True)
class _Advisor:
    login: str
    name: str
    supervisor: str


def _person(rng: random.Random) -> str:
    """"José Ñúñez Gómez" or "María Fernanda Rojas Peña": one or two names, two surnames."""
    first = rng.choice(_FIRST_NAMES)
    second = rng.choice(_SECOND_NAMES)
    names = f"{first} {second}" if second and second != first else first
    return f"{names} {rng.choice(_SURNAMES)} {rng.choice(_SURNAMES)}"


def _distinct(rng: random.Random, count: int, make: Callable[[random.Random], str]) -> list[str]:
    """``count`` different values: a name twice would merge two people in every report."""
    found: dict[str, None] = {}
    while len(found) < count:
        found.setdefault(make(rng), None)
    return list(found)


def _advisors(rng: random.Random) -> list[_Advisor]:
    supervisors = _distinct(rng, SUPERVISORS, _person)
    names = _distinct(rng, ADVISORS, _person)
    logins = _distinct(rng, ADVISORS, lambda r: f"ecm{r.randint(10_000, 99_999)}")
    return [_Advisor(login, name, rng.choice(supervisors))
            for login, name in zip(logins, names, strict=True)]


def _code(name: str) -> str:
    """"Ciudad Bolívar" -> "CIB": node codes are plain ASCII letters in network inventories."""
    letters = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = letters.upper().split()
    return (words[0][:2] + words[1][0] if len(words) > 1 else words[0][:3])


def _address(rng: random.Random, neighbourhood: str) -> str:
    street = f"{rng.choice(_STREET_KINDS)} {rng.randint(1, 180)}"
    if rng.random() < 0.3:
        street += rng.choice(("A", "B", "C", " Bis", " Sur"))
    plate = f"# {rng.randint(1, 150)}-{rng.randint(1, 99):02d}"
    unit = f" {rng.choice(_UNIT_KINDS)} {rng.randint(101, 1804)}" if rng.random() < 0.7 else ""
    return f"{street} {plate}{unit}, {neighbourhood}"


def _note(rng: random.Random, service: str, node: str, notice: int) -> str:
    parts = (rng.choice(_COMPLAINTS), rng.choice(_ACTIONS), rng.choice(_ESCALATIONS))
    text = "; ".join(parts)
    return text.format(
        svc=service.lower(), n=rng.randint(2, 9), persona=_person(rng), nodo=node,
        mb=rng.randint(3, 480), aviso=notice,
        dia=f"{rng.randint(22, 30)}/11/2026", jornada=rng.choice(("mañana", "tarde")),
    )


def _escalated_at(rng: random.Random, day: date) -> datetime:
    """A time in the working day, busier mid-morning and mid-afternoon. Seconds stay away from
    0 and 59 so an Excel serial read back with rounding still falls in the same minute."""
    hour = min(22, max(6, round(rng.gauss(rng.choice((10, 15)), 2.5))))
    return datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(1, 58)))


def write_sample_base(path: Path, rows: int, seed: int = 7, *,
                      base_day: date = DEFAULT_BASE_DAY, constant_memory: bool = False,
                      team_seed: int | None = None) -> Path:
    """Write ``rows`` escalated accounts to ``path`` (.xlsx, one sheet, header on row 1).

    No two rows share account, minute and advisor, the triple the importer treats as the same
    row, so every row of the file is expected to be imported.

    By default text goes to a shared-string table, as Excel itself saves it (100,000 rows: about
    11 s and 270 MB). ``constant_memory`` streams rows to disk (about 55 MB) but xlsxwriter then
    writes every text cell inline, which Excel never does and which changes how fast readers
    are: openpyxl, behind pandas.read_excel, took 17.9 s instead of 10.5 s on such a file, so a
    benchmark against pandas would look about 1.7 times better than on a real base.

    ``team_seed`` fixes the advisors and supervisors apart from the rows, so the bases of
    several months (one ``seed`` each) come from the same célula, as a year of real ones do.
    """
    import xlsxwriter

    if rows < 0:
        raise ValueError("rows must not be negative")
    rng = random.Random(seed)
    advisors = _advisors(rng if team_seed is None else random.Random(team_seed))
    cities = list(_CITIES)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    try:
        # A fixed creation time: otherwise the same seed gives a different file (and sha256).
        workbook.set_properties({"title": "Base Mal Escalados", "author": "SWAT Desktop",
                                 "created": datetime.combine(base_day, time(5, 30))})
        sheet = workbook.add_worksheet("Base")
        bold = workbook.add_format({"bold": True, "bg_color": "#D9E1F2"})
        when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        for col, width in enumerate((14, 17, 13, 32, 32, 14, 38, 15, 22, 20, 12, 90, 14, 22, 13)):
            sheet.set_column(col, col, width)
        sheet.write_row(0, 0, HEADERS, bold)
        sheet.freeze_panes(1, 0)

        seen: set[tuple[str, datetime, str]] = set()
        accounts: list[str] = []
        for row in range(1, rows + 1):
            advisor = rng.choice(advisors)
            if accounts and rng.random() < REPEATED_ACCOUNT_SHARE:
                account = rng.choice(accounts)
            elif rng.random() < TEXT_ACCOUNT_SHARE:
                account = f"{rng.randint(1, 99_999_999):011d}"  # "00012345678": text, zeros kept
            else:
                account = str(rng.randint(10_000_000, 9_999_999_999))
            escalated = _escalated_at(rng, base_day)
            key = (account, escalated.replace(second=0), advisor.login.lower())
            while key in seen:  # same account, advisor and minute: move to another minute
                escalated = _escalated_at(rng, base_day)
                key = (account, escalated.replace(second=0), advisor.login.lower())
            seen.add(key)
            accounts.append(account)

            city = rng.choices(cities, _CITY_WEIGHTS)[0]
            prefix, neighbourhoods, area = _CITIES[city]
            neighbourhood = rng.choice(neighbourhoods)
            node = f"{prefix}-{_code(neighbourhood)}-{rng.randint(1, 999):04d}"
            service = rng.choice(_SERVICES)
            notice = rng.randint(700_000_000, 799_999_999)
            if rng.random() < 0.8:
                operator = f"3{rng.choice((0, 1, 2, 5))}{rng.randint(0, 9)}"
                phone = f"{operator}{rng.randint(0, 9_999_999):07d}"
            else:
                phone = f"{area}{rng.randint(2_000_000, 8_999_999)}"

            if account.startswith("0"):
                sheet.write_string(row, 0, account)
            else:
                sheet.write_number(row, 0, int(account))
            if rng.random() < TEXT_DATE_SHARE:
                sheet.write_string(row, 1, escalated.strftime("%d/%m/%Y %H:%M"))
            else:
                sheet.write_datetime(row, 1, escalated, when)
            sheet.write_row(row, 2, (
                advisor.login, advisor.name, advisor.supervisor, city,
                _address(rng, neighbourhood), node, rng.choice(_FAULTS), service, notice,
                _note(rng, service, node, notice), rng.choice(_CHANNELS),
                rng.choices(_STATES, _STATE_WEIGHTS)[0], phone,
            ))
        if rows:
            sheet.autofilter(0, 0, rows, len(HEADERS) - 1)
    finally:
        workbook.close()
    return path

