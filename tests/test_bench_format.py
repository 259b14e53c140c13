"""The benchmark runner writes each figure in its own unit (bench/ itself is not run here)."""

from __future__ import annotations

from bench.__main__ import format_line, format_table
from bench.common import MEGABYTES, Result


def test_memory_is_written_in_megabytes_and_times_in_seconds() -> None:
    rss = Result.from_samples("rss_with_base", [178.457, 180.0, 176.2], "bare_qmainwindow",
                              [47.04, 47.3], unit=MEGABYTES)
    start = Result.from_samples("start_with_base", [0.7214], "bare_qmainwindow", [0.1203])
    assert format_line(rss) == ("rss_with_base: 178.5 MB (min 176.2 MB) vs bare_qmainwindow "
                                "47.2 MB (min 47.0 MB) -> 3.78x")
    assert format_line(start) == ("start_with_base: 0.721 s (min 0.721 s) vs bare_qmainwindow "
                                  "0.120 s (min 0.120 s) -> 6.00x")
    table = format_table([rss, start])
    assert "178.5 MB (min 176.2 MB)" in table
    assert " s (min" not in table.splitlines()[2]  # the memory row has no seconds
    assert "0.721 s (min 0.721 s)" in table
