"""Reports on self-assessments: progress over time (`progress`), the network benchmark
(`benchmark`), and one round's report as a PDF and its ratings as a CSV file (`round`).

Charts come from the shared engine, `core.charts` (each drawn with a table of the same numbers);
CSV files from `core.exports`. Callers use `reports.<name>`: everything public is re-exported here."""

from __future__ import annotations

from recoverynet.core.charts import Bar, Chart, Group, number

from .benchmark import (
    BenchmarkLine,
    BenchmarkRow,
    benchmark_chart,
    benchmark_rows,
    default_framework,
    named_organisations,
    suppressed_text,
)
from .progress import (
    TEN_CHALLENGES_FAMILY,
    ProgressReport,
    RoundPriorities,
    progress_report,
    round_label,
)
from .round import (
    CSV_COLUMNS,
    PERSPECTIVE_LABELS,
    ReportChallenge,
    ReportLevel,
    RoundReport,
    perspective_label,
    round_export_rows,
    round_report,
    round_report_pdf,
    shows_names,
)

__all__ = [
    "CSV_COLUMNS",
    "PERSPECTIVE_LABELS",
    "TEN_CHALLENGES_FAMILY",
    "Bar",
    "BenchmarkLine",
    "BenchmarkRow",
    "Chart",
    "Group",
    "ProgressReport",
    "ReportChallenge",
    "ReportLevel",
    "RoundPriorities",
    "RoundReport",
    "benchmark_chart",
    "benchmark_rows",
    "default_framework",
    "named_organisations",
    "number",
    "perspective_label",
    "progress_report",
    "round_export_rows",
    "round_label",
    "round_report",
    "round_report_pdf",
    "shows_names",
    "suppressed_text",
]
