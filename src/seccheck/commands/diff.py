"""`seccheck diff OLD NEW` or `seccheck diff A.json`: what changed between two pictures.

Findings new, regressed, resolved, gone or changed; manual answers changed; accepted risks
added, expired, removed or changed. Given two files, each is taken as it stood when saved or
exported. Given one assessment file, its assessment passes are compared (one Run All, wizard
pass or `seccheck run` is one pass), by default the last two; `--from-pass`/`--to-pass` pick
others by number (1 the first, -1 the last) or id, and `--list-passes` lists them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _arguments as arguments

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
    p.add_argument(
        "old",
        help="the earlier assessment / evidence notebook / results JSON; given alone, an "
        "assessment file whose passes are compared",
    )
    p.add_argument("new", nargs="?", help="the later one (left out: compare OLD's passes)")
    p.add_argument(
        "--from-pass",
        type=arguments.pass_ref,
        metavar="PASS",
        help="with one assessment file: the earlier pass, a number (1 = first, -1 = last) or "
        "an id (default -2, the one before the last)",
    )
    p.add_argument(
        "--to-pass",
        type=arguments.pass_ref,
        metavar="PASS",
        help="with one assessment file: the later pass (default -1, the last)",
    )
    p.add_argument(
        "--list-passes", action="store_true", help="list the assessment passes of OLD and stop"
    )
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
    from ._tables import console as terminal

    err = Console(stderr=True)
    by_pass = args.new is None or args.from_pass or args.to_pass or args.list_passes
    if by_pass and args.new is not None:
        err.print(
            "seccheck diff: --from-pass, --to-pass and --list-passes compare the passes of one "
            "assessment file; give one file, not two"
        )
        return 2
    snapshots = []
    if by_pass:
        from ..evidence.pass_diff import PassError, list_passes, pick_passes

        try:
            if args.list_passes:
                print_passes(list_passes(Path(args.old)), args.json)
                return 0
            snapshots = list(pick_passes(Path(args.old), args.from_pass, args.to_pass))
        except PassError as exc:
            err.print(f"seccheck diff: {exc}", soft_wrap=True, markup=False)
            return 2
    for name in () if by_pass else (args.old, args.new):
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
        print_diff(result, terminal(piped_width=220))
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


def print_passes(passes: list[dict[str, Any]], as_json: bool) -> None:
    """The passes `--list-passes` shows: number, id, when, how many runs, which items."""
    if as_json:
        sys.stdout.write(json.dumps(passes, indent=2) + "\n")
        return
    from ._tables import console
    from ._tables import table as new_table

    table = new_table(
        "Assessment passes (one Run All, wizard pass or `seccheck run` each)",
        ("pass", "id", "started (UTC)", "ended (UTC)", "runs"),
        ("items",),
    )
    for p in passes:
        table.add_row(
            str(p["number"]), p["id"], p["started_at"], p["ended_at"], str(p["runs"]), p["items"]
        )
    console().print(table)


_ACCEPTANCE_STYLE = {"added": "blue", "expired": "red", "removed": "yellow", "changed": "cyan"}


def print_diff(diff: Diff, console: Console) -> None:
    """The diff as rich tables (a terminal's view; the notebook's is evidence.diff_cells)."""
    from rich.markup import escape
    from rich.table import Table

    from ._tables import table as new_table

    counts = diff.counts()
    console.print(
        f"[bold]{diff.old_label}[/bold] -> [bold]{diff.new_label}[/bold]: "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    if diff.changes:
        table = new_table(
            "Findings that changed",
            ("change", "check", "severity", "account", "region"),
            ("resource", "was", "now", "reason"),
        )
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
    if diff.acceptances:
        table = new_table(
            "Accepted risks that changed",
            ("change", "check", "was", "now", "expires", "owner"),
            ("what", "reason"),
        )
        for acc in diff.acceptances:
            style = _ACCEPTANCE_STYLE[acc.kind]
            table.add_row(
                f"[{style}]{acc.kind}[/{style}]",
                acc.check_id,
                acc.old_state or "-",
                acc.new_state or "-",
                acc.expires,
                escape(acc.owner),
                escape(acc.target),
                escape(acc.reason),
            )
        console.print(table)
    if not diff.changes and not diff.answers and not diff.acceptances:
        console.print("no differences in findings, manual answers or accepted risks")
