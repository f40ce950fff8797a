"""`seccheck status A.json`: where an assessment stands, per item, in a terminal.

The same verdicts and per-check outcomes the side panel and the widgets show (accepted risks
as ACCEPTED and "met with accepted risk", never as PASS or met), read-only.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import _arguments as arguments

ORDER = 43


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help="an assessment's item verdicts and result counts")
    p.add_argument("assessment", type=arguments.input_file, help="the assessment JSON file")
    p.add_argument("--json", action="store_true", help="print the side panel's summary as JSON")
    p.set_defaults(handler=status)


def status(args: argparse.Namespace) -> int:
    from collections import Counter

    from rich.markup import escape

    from ..assessment import AssessmentFile
    from ..results import Status
    from ..scoring import totals
    from ..state import AssessmentFileError
    from ._tables import console as terminal
    from ._tables import table as new_table

    try:
        a = AssessmentFile.load(args.assessment)
    except (AssessmentFileError, OSError) as exc:
        print(f"seccheck status: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(json.dumps(a.summary(), indent=2) + "\n")
        return 0
    statuses = a.item_statuses()
    counts: dict[str, Counter[Status]] = {}
    for r in a.latest_results():
        counts.setdefault(r.item_id, Counter())[r.status] += 1
    console = terminal()
    table = new_table(
        f"{escape(a.state.title)} ({a.checklist.name} {a.checklist.version})", ("item", "verdict")
    )
    for s in Status:
        table.add_column(f"{s.icon} {s.value}", justify="right")
    for item in a.checklist.items:
        st = statuses[item.id]
        got = counts.get(item.id, Counter())
        table.add_row(
            item.id, f"{st.icon} {escape(st.label)}", *[str(got[s] or "") for s in Status]
        )
    console.print(table)
    verdicts = ", ".join(
        f"{n} {k.replace('_', ' ')}" for k, n in totals(statuses.values()).items() if n
    )
    console.print(f"items: {verdicts}")
    states = Counter(x.state(a.clock()) for x in a.acceptances.values())
    if states:
        console.print(
            f"accepted risks: {states['active']} in force, {states['expired']} expired "
            f"(counted as FAIL), {states['revoked']} revoked; `seccheck acceptances "
            f"{args.assessment}` lists them"
        )
    return 0
