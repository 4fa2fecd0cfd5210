"""`opennem backfill`: a resumable backfill with a progress bar (files, rows, ETA) and a summary.

The work is `ingest.sources.nemweb.backfill.backfill`; this module only draws it.
"""

from datetime import datetime

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ingest.http import HttpClient
from ingest.sources.nemweb.backfill import BackfillSummary, backfill
from ingest.sources.nemweb.crawl import FileOutcome
from opennem.warehouse import current


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files, {task.fields[rows]:,} rows"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    )


def run_backfill(
    source: str, since: datetime, until: datetime, *, base_url: str | None = None
) -> int:
    """Backfill `source` over [since, until] into the configured warehouse; 1 if any file failed."""
    console = Console(stderr=True)
    with _progress(console) as progress, HttpClient(base_url) as client:
        task = progress.add_task(source, total=None, rows=0)
        summary = backfill(
            source,
            since,
            until,
            warehouse=current(),
            client=client,
            on_planned=lambda todo, done: progress.update(task, total=todo),
            on_file=lambda outcome: _advance(progress, task, outcome),
        )
    _print_summary(console, summary)
    return 0 if summary.ok else 1


def _advance(progress: Progress, task: TaskID, outcome: FileOutcome) -> None:
    rows = progress.tasks[task].fields["rows"] + sum(outcome.row_counts.values())
    progress.update(task, advance=1, rows=rows)


def _print_summary(console: Console, summary: BackfillSummary) -> None:
    console.print(summary.describe(), highlight=False)
