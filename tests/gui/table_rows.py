"""A row of a RowsModel as the person reads it, for tests that compare whole rows."""

from __future__ import annotations

from typing import Any

from swat_desktop.gui.rows_model import RowsModel


def row_texts(model: RowsModel[Any], row: int) -> tuple[str, ...]:
    return tuple(model.text(row, column) for column in range(model.columnCount()))
