"""Runner: finds every ``bench_*`` module, so a new benchmark needs no registration here."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback
from collections.abc import Callable, Sequence
from types import ModuleType

import bench
from bench.common import Result, Unit

PREFIX = "bench_"


def discover() -> dict[str, ModuleType]:
    """Short name (``startup`` for ``bench_startup``) → module, in a stable order."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__)
        if info.name.startswith(PREFIX)
    )
    return {name.removeprefix(PREFIX): importlib.import_module(f"bench.{name}") for name in names}


def _figure(unit: Unit, median: float, minimum: float) -> str:
    return f"{unit.show(median)} (min {unit.show(minimum)})"


def figure(r: Result) -> str:
    return _figure(r.unit, r.figure, r.figure_min)


def baseline(r: Result) -> str:
    return f"{r.baseline_name} {_figure(r.unit, r.baseline, r.baseline_min)}"


def format_line(r: Result) -> str:
    return f"{r.name}: {figure(r)} vs {baseline(r)} -> {r.ratio:.2f}x"


def format_table(results: Sequence[Result]) -> str:
    header = ("benchmark", "figure (median)", "baseline (median)", "ratio")
    rows = [(r.name, figure(r), baseline(r), f"{r.ratio:.2f}x") for r in results]
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
            print(format_line(r))
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
