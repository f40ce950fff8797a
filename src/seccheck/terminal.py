"""Plain terminal rendering of a run: a summary table per item."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from .checklist import Checklist
from .results import Status
from .runner import RunReport


def print_summary(report: RunReport, checklist: Checklist, console: Console) -> None:
    table = Table(
        title=f"seccheck: {checklist.name} ({len(report.results)} results, "
        f"{report.api_requests} API requests)"
    )
    table.add_column("Item")
    table.add_column("Title")
    for status in Status:
        table.add_column(status.icon, justify="right", header_style="bold")
    by_item: dict[str, Counter[Status]] = {}
    for r in report.results:
        by_item.setdefault(r.item_id, Counter())[r.status] += 1
    for item in checklist.items:
        counts = by_item.get(item.id)
        if counts is None:
            continue
        table.add_row(item.id, item.title[:60], *[str(counts.get(s, 0) or "") for s in Status])
    console.print(table)
    legend = "  ".join(f"{s.icon} {s.value}" for s in Status)
    console.print(legend)
    if report.scope.get("sandbox"):
        console.print(
            "[yellow]Note: this run assessed the seccheck sandbox, not a real AWS account.[/yellow]"
        )
