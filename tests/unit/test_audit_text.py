from datetime import UTC, datetime

from swat_desktop.domain.attention_points import AttentionPointKind, Channel, code_from_name
from swat_desktop.domain.audit import describe_change
from swat_desktop.domain.formatting import BOGOTA, LIMA, format_datetime


def test_a_new_record_lists_every_field_with_spanish_labels() -> None:
    text = describe_change(None, {"login": "jq", "role": "supervisor_cac", "unit": ""})
    assert text == "Usuario: jq · Rol: Supervisor CAC · Unidad: (vacío)"


def test_an_edit_lists_only_what_changed() -> None:
    before = {"login": "jq", "role": "agente_celula", "unit": "A"}
    after = {"login": "jq", "role": "backoffice", "unit": "A"}
    assert describe_change(before, after) == "Rol: Agente de célula → Backoffice"


def test_unknown_fields_and_values_are_shown_as_they_are() -> None:
    assert describe_change({"x": 1}, {"x": 2, "role": "otro"}) == "x: 1 → 2 · Rol: otro"


def test_dates_read_day_first_in_the_users_zone() -> None:
    instant = datetime(2026, 11, 21, 3, 5, tzinfo=UTC)
    assert format_datetime(instant, BOGOTA) == "20/11/2026 22:05"
    assert format_datetime(instant, LIMA) == "20/11/2026 22:05"


def test_attention_point_codes_and_channels() -> None:
    assert code_from_name("CAC  San Isidro (Lima)") == "CAC-SAN-ISIDRO-LIMA"
    assert code_from_name("Óvalo Gutiérrez") == "OVALO-GUTIERREZ"
    assert AttentionPointKind.ACD_REGULADO.channel is Channel.PRESENCIAL
    assert AttentionPointKind.CALL_CENTER_123.channel is Channel.TELEFONICO
