"""What `opennem demo` prints: one line per finished step with its counts and time, progress bars
while crawling and building, and a closing summary; dbt's own log goes to a file it names."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from opennem.transform_runner import DbtOutput, dbt_output_to

console = Console(highlight=False)


def done(message: str, started: float) -> None:
    console.print(f"[green]✓[/] {message} [dim]({time.monotonic() - started:.1f} s)[/]")


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner with `message` while the block runs."""
    with console.status(message):
        yield


def progress_bar(unit: str) -> Progress:
    return Progress(
        TextColumn("  {task.description:<28}"),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        TextColumn(unit + "{task.fields[extra]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


class DbtNodes:
    """Counts dbt's finished nodes into a progress bar (dbt's events: the total from each node's
    start line, one step per finished node)."""

    def __init__(self, progress: Progress, description: str) -> None:
        self.progress = progress
        self.task = progress.add_task(description, total=None, extra="")
        self.finished = 0
        self.failed = 0

    def __call__(self, event: Any) -> None:
        name = event.info.name
        if name == "LogStartLine" and getattr(event.data, "total", 0):
            self.progress.update(self.task, total=event.data.total)
        elif name == "NodeFinished":
            self.finished += 1
            status = event.data.node_info.node_status
            self.failed += status in {"error", "fail", "runtime error"}
            extra = f", {self.failed} failed" if self.failed else ""
            self.progress.update(self.task, advance=1, extra=extra)


@contextmanager
def dbt_progress(description: str, log_dir: Path) -> Iterator[DbtNodes]:
    """A progress bar of the dbt nodes run inside the block, whose log goes under `log_dir`."""
    with progress_bar(" dbt nodes") as progress:
        nodes = DbtNodes(progress, description)
        with dbt_output_to(DbtOutput(log_dir, nodes)):
            yield nodes


def summary(lines: dict[str, str], started: float) -> None:
    console.print(f"\n[bold]Demo ready[/] in {time.monotonic() - started:.0f} s")
    width = max(map(len, lines))
    for label, text in lines.items():
        console.print(f"  {label:<{width}}  {text}", soft_wrap=True)
