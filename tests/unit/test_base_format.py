from datetime import date, datetime

import pytest

from swat_desktop.domain.base_format import (
    CellError,
    base_date_from_filename,
    cell_text,
    column_letter,
    detect_header,
    match_columns,
    normalize_header,
    parse_account,
    parse_datetime,
    unique_titles,
)
from swat_desktop.domain.mal_escalados import BaseField


def test_header_names_are_compared_without_case_accents_or_punctuation() -> None:
    assert normalize_header("  N° de CUENTA ") == "n de cuenta"
    assert normalize_header("Cédula_Asesor") == "cedula asesor"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Cuenta", "Fecha Escalamiento", "Usuario Asesor", "Nombre Asesor", "Supervisor"],
         [0, 1, 2, 3, 4]),
        (["N° de Cuenta", "FECHA/HORA ESCALAMIENTO", "Cédula del asesor", "ASESOR", "Líder"],
         [0, 1, 2, 3, 4]),
        (["asesor", "id asesor", "fecha", "numero de cuenta"], [3, 2, 1, 0, None]),
    ],
)
def test_columns_are_recognized_in_many_spellings(
    headers: list[str], expected: list[int | None]
) -> None:
    found = match_columns(headers)
    assert [found.get(f) for f in BaseField] == expected


def test_specific_names_win_over_generic_ones_wherever_they_stand() -> None:
    headers = ["Fecha", "Cuenta", "Nombre", "Fecha de escalamiento", "Usuario", "Nombre asesor"]
    found = match_columns(headers)
    assert found[BaseField.FECHA_ESCALAMIENTO] == 3  # not the report's "Fecha"
    assert found[BaseField.ASESOR_NOMBRE] == 5  # not the customer's "Nombre"
    assert found[BaseField.ASESOR_ID] == 4
    assert found[BaseField.CUENTA] == 1


def test_blank_and_repeated_titles_get_their_column_letter() -> None:
    assert unique_titles(["Nota", "nota", "", "Cuenta"]) == (
        "Nota", "nota (B)", "(columna C)", "Cuenta")


def test_the_header_row_is_found_below_a_title_and_blank_rows() -> None:
    rows = [
        ["BASE MAL ESCALADOS 21/11/2026", "", "", ""],
        ["", "", "", ""],
        ["Generado por Gestión Soporte", "", "", ""],
        ["Cuenta", "Fecha de escalamiento", "Usuario asesor", "Nombre asesor"],
        [123.0, "21/11/2026", "ecm1", "Ana"],
    ]
    header = detect_header(rows)
    assert header is not None
    assert header.row_index == 3
    assert header.complete


def test_an_unknown_layout_is_reported_incomplete_with_its_best_row() -> None:
    header = detect_header([["Col1", "Col2", "Col3"], [1, 2, 3]])
    assert header is not None
    assert header.row_index == 0
    assert not header.complete
    assert set(header.missing) == {f for f in BaseField if f.required}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12345.0, "12345"), ("00012345", "00012345"), (" 000 123 ", "000123"), ("AB-12", "AB-12")],
)
def test_accounts_keep_leading_zeros_and_lose_the_float(value: object, expected: str) -> None:
    assert parse_account(value) == expected


@pytest.mark.parametrize(("value", "message"), [("", "Falta la cuenta"), (1.5, "no es un número"),
                                                ("12#4", "caracteres no válidos")])
def test_bad_accounts_say_why(value: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_account(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 21, 9, 5), datetime(2026, 11, 21, 9, 5)),
        (date(2026, 11, 21), datetime(2026, 11, 21)),
        (46347.5, datetime(2026, 11, 21, 12, 0)),
        ("21/11/2026", datetime(2026, 11, 21)),
        ("1/2/2026", datetime(2026, 2, 1)),
        ("21-11-26 14:35", datetime(2026, 11, 21, 14, 35)),
        ("21.11.2026 2:05 p. m.", datetime(2026, 11, 21, 14, 5)),
        ("21/11/2026 12:10 am", datetime(2026, 11, 21, 0, 10)),
        ("2026-11-21 08:00:30", datetime(2026, 11, 21, 8, 0, 30)),
    ],
)
def test_dates_are_read_day_first_in_every_usual_form(value: object, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("31/02/2026", "no existe en el calendario"), ("mañana", "formato dd/mm/aaaa"),
     ("", "Falta la fecha"), (12.0, "no es una fecha")],
)
def test_bad_dates_say_why(value: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Base Mal Escalados 21-11-2026.xlsx", date(2026, 11, 21)),
        ("Base Mal Escalados (21_11_2026).xlsm", date(2026, 11, 21)),
        ("base_mal_escalados_20261121.csv", date(2026, 11, 21)),
        ("Base Mal Escalados 21112026.xlsx", date(2026, 11, 21)),
        ("Base Mal Escalados 21 nov 2026.xlsx", date(2026, 11, 21)),
        ("Base Mal Escalados 21 de noviembre 2026.xlsx", date(2026, 11, 21)),
        ("BASE MAL ESCALADOS 2026-11-21.xlsx", date(2026, 11, 21)),
        ("Base Mal Escalados.xlsx", None),
        ("Base 99-99-2026.xlsx", None),
    ],
)
def test_the_base_date_comes_from_the_file_name(name: str, expected: date | None) -> None:
    assert base_date_from_filename(name) == expected


def test_cells_read_as_a_person_reads_them() -> None:
    assert cell_text(1001.0) == "1001"
    assert cell_text(datetime(2026, 11, 21, 8, 30)) == "21/11/2026 08:30"
    assert cell_text("  dos   espacios ") == "dos espacios"
    assert [column_letter(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]
