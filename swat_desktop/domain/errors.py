"""Errors that carry Spanish messages meant for the person at the screen."""

from __future__ import annotations


class ValidationError(Exception):
    """Invalid input, with one message per field so a form can show each next to its field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
