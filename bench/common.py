"""Shared pieces of the benchmarks, so every module reports in the same shape."""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ROWS_ENV = "SWAT_BENCH_ROWS"
DEFAULT_ROWS = 100_000


@dataclass(frozen=True)
class Unit:
    """What a figure counts, and how it is written: a memory figure in seconds reads as nonsense."""

    symbol: str
    decimals: int

    def show(self, value: float) -> str:
        return "-" if math.isnan(value) else f"{value:.{self.decimals}f} {self.symbol}"


SECONDS = Unit("s", 3)
MEGABYTES = Unit("MB", 1)  # 1024 * 1024 bytes


@dataclass(frozen=True)
class Result:
    """One figure next to the baseline it must be judged against: raw figures vary by machine,
    the ratio is what stays comparable from one run (or computer) to the next. The figure and
    its baseline are in the same ``unit``."""

    name: str
    figure: float
    baseline_name: str
    baseline: float
    figure_min: float = math.nan
    baseline_min: float = math.nan
    note: str = ""
    unit: Unit = SECONDS

    @property
    def ratio(self) -> float:
        return self.figure / self.baseline if self.baseline > 0 else math.inf

    @classmethod
    def from_samples(
        cls,
        name: str,
        samples: Sequence[float],
        baseline_name: str,
        baseline_samples: Sequence[float],
        note: str = "",
        unit: Unit = SECONDS,
    ) -> Result:
        """Median as the figure because one slow sample (disk, scheduler) must not move it."""
        return cls(
            name=name,
            figure=statistics.median(samples),
            baseline_name=baseline_name,
            baseline=statistics.median(baseline_samples),
            figure_min=min(samples),
            baseline_min=min(baseline_samples),
            note=note,
            unit=unit,
        )


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Wall-clock seconds of ``action`` with a monotonic clock, plus whatever it returned."""
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def base_rows() -> int:
    """Rows of the generated base: ``SWAT_BENCH_ROWS`` or 100,000, a full day's base. Shared so
    every benchmark that works on a base honours the same quick-run setting."""
    raw = os.environ.get(ROWS_ENV, "")
    try:
        rows = int(raw) if raw.strip() else DEFAULT_ROWS
    except ValueError:
        raise RuntimeError(f"{ROWS_ENV} must be a whole number of rows, got {raw!r}") from None
    if rows < 1:
        raise RuntimeError(f"{ROWS_ENV} must be at least 1, got {rows}")
    return rows


CHILD_TIMEOUT_S = 120  # a start-up stuck on a modal dialog fails instead of hanging the run


def run_child(code: str, home: Path) -> tuple[float, str]:
    """Wall time of a fresh ``python -c code home`` on the offscreen platform, and its stdout.

    Every start-up figure is a new interpreter, so nothing is cached from an earlier sample.
    """
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "SWAT_DESKTOP_HOME": str(home)}
    argv = [sys.executable, "-c", code, str(home)]
    seconds, done = timed(
        lambda: subprocess.run(argv, env=env, capture_output=True, text=True, check=False,
                               timeout=CHILD_TIMEOUT_S)
    )
    if done.returncode != 0:
        raise RuntimeError(f"child exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return seconds, done.stdout.strip()
