"""Which automatic backups to keep: the newest of each of the last N days, weeks and months.

A fixed count of daily copies either keeps too little history (14 days) or too much disk (a
year of daily copies of a 1 GB store). Keeping 7 daily + 4 weekly + 12 monthly copies reaches
a year back with 23 files at most. Each rule walks the backups from the newest and keeps the
newest backup of every period (day, ISO week, calendar month) until it has its count; a backup
kept by any rule stays. Days without a backup do not count, so a computer left off for a month
still keeps its last seven backups.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

from swat_desktop.domain.errors import ValidationError

MAX_PER_RULE = 365


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def __post_init__(self) -> None:
        if not 1 <= self.daily <= MAX_PER_RULE or not all(
                0 <= n <= MAX_PER_RULE for n in (self.weekly, self.monthly)):
            raise ValidationError({"conservar": (
                f"Se conservan de 1 a {MAX_PER_RULE} respaldos diarios y de 0 a "
                f"{MAX_PER_RULE} semanales y mensuales.")})

    @classmethod
    def parse(cls, text: str) -> Retention:
        """``7,4,12`` (daily, weekly, monthly) or a single ``N``: the newest N days only."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) not in (1, 3) or not all(part.isdigit() for part in parts):
            raise ValidationError({"conservar": (
                f"«{text}» no es una retención: escriba diarios,semanales,mensuales "
                "(por ejemplo 7,4,12) o solo la cantidad de días.")})
        numbers = [int(part) for part in parts]
        return cls(numbers[0], 0, 0) if len(numbers) == 1 else cls(*numbers)

    @property
    def most(self) -> int:
        return self.daily + self.weekly + self.monthly

    def text(self) -> str:
        return (f"{self.daily} {'diario' if self.daily == 1 else 'diarios'}, "
                f"{self.weekly} {'semanal' if self.weekly == 1 else 'semanales'} y "
                f"{self.monthly} {'mensual' if self.monthly == 1 else 'mensuales'}")


def _day(at: datetime) -> Hashable:
    return at.date()


def _week(at: datetime) -> Hashable:
    year, week, _ = at.isocalendar()
    return year, week


def _month(at: datetime) -> Hashable:
    return at.year, at.month


def kept(created: Sequence[datetime], rule: Retention) -> set[int]:
    """The positions in ``created`` (any order) of the backups the rule keeps."""
    newest_first = sorted(range(len(created)), key=lambda i: created[i], reverse=True)
    keep: set[int] = set()
    rules: tuple[tuple[Callable[[datetime], Hashable], int], ...] = (
        (_day, rule.daily), (_week, rule.weekly), (_month, rule.monthly))
    for period, count in rules:
        seen: set[Hashable] = set()
        for index in newest_first:
            if len(seen) == count:
                break
            key = period(created[index])
            if key not in seen:
                seen.add(key)
                keep.add(index)
    return keep
