"""`seccheck diff OLD NEW`: new, resolved and regressed findings, and changed manual answers."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from ..evidence.diff import Diff

ORDER = 42


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help="compare two assessments, evidence notebooks or results files",
        description="Findings are matched on check, account, region and resource. A finding that "
        "can no longer be assessed is reported as changed, never as resolved.",
    )
    p.add_argument("old", help="the earlier assessment / evidence notebook / results JSON")
    p.add_argument("new", help="the later one")
    p.add_argument("--json", action="store_true", help="print the differences as JSON")
    p.add_argument(
        "--fail-on-new",
        action="store_true",
        help="exit 1 when there are new or regressed findings (for CI)",
    )
    p.set_defaults(handler=diff)


def diff(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..evidence.diff import diff_snapshots
    from ..evidence.load import load_snapshot

    err = Console(stderr=True)
    snapshots = []
    for name in (args.old, args.new):
        path = Path(name)
        try:
            snapshots.append(load_snapshot(path))
        except (OSError, ValueError, KeyError) as exc:
            err.print(f"[red]cannot read {name}:[/red] {exc}", soft_wrap=True)
            return 2
        if path.suffix == ".ipynb":
            from ..evidence import verify_evidence

            report = verify_evidence(path)
            if not report.ok:
                err.print(
                    f"[yellow]warning: {path.name} does not match its manifest "
                    f"({len(report.problems)} problem(s); see `seccheck verify {path}`)[/yellow]"
                )
    result = diff_snapshots(*snapshots)
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        # Piped output (CI logs, files) gets a wide table rather than rich's 80 columns.
        print_diff(result, Console(width=None if sys.stdout.isatty() else 220))
    if args.fail_on_new and (result.new or result.regressed):
        return 1
    return 0


_KIND_STYLE = {
    "new": "red",
    "regressed": "red",
    "resolved": "green",
    "gone": "cyan",
    "changed": "yellow",
}


def print_diff(diff: Diff, console: Console) -> None:
    """The diff as rich tables (a terminal's view; the notebook's is evidence.diff_cells)."""
    from rich.table import Table

    counts = diff.counts()
    console.print(
        f"[bold]{diff.old_label}[/bold] -> [bold]{diff.new_label}[/bold]: "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    if diff.changes:
        table = Table(title="Findings that changed")
        for col in ("change", "check", "severity", "account", "region"):
            table.add_column(col, no_wrap=True)
        for col in ("resource", "was", "now", "reason"):
            table.add_column(col, overflow="fold")
        for c in diff.changes:
            style = _KIND_STYLE[c.kind]
            table.add_row(
                f"[{style}]{c.kind}[/{style}]",
                c.check_id,
                c.severity,
                c.account,
                c.region,
                c.resource,
                c.old_status or "-",
                c.new_status or "-",
                c.reason,
            )
        console.print(table)
    if diff.answers:
        table = Table(title="Manual answers that changed")
        for col in ("question", "was", "now", "what changed"):
            table.add_column(col)
        for a in diff.answers:
            table.add_row(
                a.question_id, a.old_status or "-", a.new_status or "-", ", ".join(a.fields)
            )
        console.print(table)
    if not diff.changes and not diff.answers:
        console.print("no differences in findings or manual answers")
