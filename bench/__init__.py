"""Benchmarks for SWAT Desktop, kept out of the test run because timings are noisy and slow.

Run ``make bench`` (or ``python -m bench [NAME ...] [--repeats N]`` from the repository root).
Adding a benchmark means adding a ``bench_*.py`` module with ``run(repeats) -> list[Result]``.
"""
