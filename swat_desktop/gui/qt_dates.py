"""Dates between Python and Qt, and the one way a date is typed in the application: dd/MM/yyyy
with the calendar a click away. Several pages and forms carried their own copy."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date | None = None, name: str = "") -> QDateEdit:
    """``name``: what a screen reader says of the field, where no label is its buddy."""
    edit = QDateEdit(qdate(day)) if day is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    if name:
        edit.setAccessibleName(name)
    return edit
