"""How long each free text of an inoperatividad record may be, said once for every path.

A record reaches the store through the screen form, through a package from another point
(``swatpkg``, read by ``paquete importar`` or the exchange page) and, after it is saved,
through the closure and annulment dialogs. Each path used to carry its own limits, and one
had none: ``critical_attention`` took a megabyte, which the printed form then spent minutes
laying out. ``text_errors`` reads the plain JSON shape of a record (``record_to_dict``, the
"fields" of a package), so the form and a package are measured by the same rule and refused
with the same Spanish words.
"""

from __future__ import annotations

from collections.abc import Mapping

MAX_LINE = 200  # one line of the paper form: a name, a reference, a customer's datum
MAX_DETAIL = 2000  # the ruled box "Detalle del evento"
MAX_ATTENTION = 2000  # "Cómo se atendió" the critical requests: ruled lines like the detail
MAX_TEXT = 1000  # the sustento of a closure
MAX_REASON = 500  # why a record is annulled or a regularization undone

# field → (its longest, how the message names it)
RECORD_TEXTS: dict[str, tuple[int, str]] = {
    "responsible_name": (MAX_LINE, "El nombre"),
    "detail": (MAX_DETAIL, "El detalle"),
    "alert_reference": (MAX_LINE, "La referencia"),
    "critical_attention": (MAX_ATTENTION, "«Cómo se atendió»"),
    "annul_reason": (MAX_REASON, "El motivo de anulación"),
    "closure_sustento": (MAX_TEXT, "El sustento del cierre"),
}
CUSTOMER_TEXTS: dict[str, tuple[int, str]] = {
    "document": (MAX_LINE, "el documento"),
    "line": (MAX_LINE, "la línea o servicio"),
    "request": (MAX_LINE, "la solicitud"),
}


def too_long(label: str, longest: int) -> str:
    return f"{label} admite hasta {longest} caracteres."


def text_errors(fields: Mapping[str, object]) -> dict[str, str]:
    """Field → Spanish message for every free text longer than its limit. Values that are not
    text are left to the caller's type checks; fields it does not have are not measured."""
    errors: dict[str, str] = {}
    for field, (longest, label) in RECORD_TEXTS.items():
        value = fields.get(field)
        if isinstance(value, str) and len(value) > longest:
            errors[field] = too_long(label, longest)
    customers = fields.get("customers")
    if isinstance(customers, list | tuple):
        for number, customer in enumerate(customers, start=1):
            problem = _customer_error(customer) if isinstance(customer, Mapping) else None
            if problem is not None:
                errors["customers"] = f"Cliente {number}: {problem}"
                break
    return errors


def _customer_error(customer: Mapping[str, object]) -> str | None:
    for field, (longest, label) in CUSTOMER_TEXTS.items():
        value = customer.get(field)
        if isinstance(value, str) and len(value) > longest:
            return too_long(label, longest)
    return None
