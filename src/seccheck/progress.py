"""Terminal progress for runs (rich), as a runner callback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .runner import Progress, ProgressCallback


@contextmanager
def rich_progress(disabled: bool = False) -> Iterator[ProgressCallback | None]:
    if disabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("[bold]checking[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[label]}"),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=None, label="")

        def update(p: Progress) -> None:
            bar.update(
                task, total=p.total, completed=p.done, label=f"{p.results} results · {p.label}"
            )

        yield update
