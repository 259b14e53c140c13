"""Runner: finds every ``bench_*`` module, so a new benchmark needs no registration here."""

from __future__ import annotations

import argparse
import importlib
import math
import pkgutil
import sys
import traceback
from collections.abc import Callable, Sequence
from types import ModuleType

import bench
from bench.common import Result

PREFIX = "bench_"


def discover() -> dict[str, ModuleType]:
    """Short name (``startup`` for ``bench_startup``) → module, in a stable order."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__)
        if info.name.startswith(PREFIX)
    )
    return {name.removeprefix(PREFIX): importlib.import_module(f"bench.{name}") for name in names}


def _seconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f} s"


def _figure(median: float, minimum: float) -> str:
    return f"{_seconds(median)} (min {_seconds(minimum)})"


def format_table(results: Sequence[Result]) -> str:
    header = ("benchmark", "figure (median)", "baseline (median)", "ratio")
    rows = [
        (
            r.name,
            _figure(r.figure_s, r.figure_min_s),
            f"{r.baseline_name} {_figure(r.baseline_s, r.baseline_min_s)}",
            f"{r.ratio:.2f}x",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in (header, *rows)]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def parse_args(argv: Sequence[str] | None, available: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="run only benchmarks whose name contains NAME "
                        f"({', '.join(available)})")
    parser.add_argument("--repeats", type=int, default=5, metavar="N",
                        help="timed samples per figure; the median is reported (default 5)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    modules = discover()
    args = parse_args(argv, list(modules))
    selected = {
        name: module for name, module in modules.items()
        if not args.names or any(wanted.removeprefix(PREFIX) in name for wanted in args.names)
    }
    if not selected:
        print(f"No benchmark matches {' '.join(args.names)}; available: {', '.join(modules)}",
              file=sys.stderr)
        return 2

    results: list[Result] = []
    failed: list[str] = []
    for name, module in selected.items():
        run: Callable[[int], list[Result]] = module.run
        print(f"== {name} ({args.repeats} repeats)", flush=True)
        try:
            module_results = run(args.repeats)
        except Exception:
            traceback.print_exc()
            failed.append(name)
            continue
        for r in module_results:
            print(f"{r.name}: {_figure(r.figure_s, r.figure_min_s)} vs {r.baseline_name} "
                  f"{_figure(r.baseline_s, r.baseline_min_s)} -> {r.ratio:.2f}x")
            if r.note:
                print(f"  measures: {r.note}")
        results.extend(module_results)

    print()
    print(format_table(results))
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
