"""`seccheck accept`, `seccheck acceptances` and `seccheck revoke`: risk acceptance on a file.

A failing finding (check + account + region + resource, or every failing resource of a check)
is accepted with a reason, an owner and an expiry date; it then shows ACCEPTED, never PASS, in
every view and export until the day after the expiry, when it is a FAIL again.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from . import _arguments as arguments

if TYPE_CHECKING:
    from ..assessment import AssessmentFile

ORDER = 44


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "accept",
        help="accept a failing finding as a risk (reason, owner, expiry)",
        description="Only a FAIL in the latest results can be accepted. It shows as ACCEPTED "
        "(never PASS) until the end of --expires, then counts as FAIL again.",
    )
    p.add_argument("assessment", type=arguments.input_file, help="the assessment JSON file")
    p.add_argument("check_id", type=arguments.check_id, help="the failing check, e.g. DP-01-C02")
    p.add_argument("--resource", help="the resource as the results show it (default: every one)")
    p.add_argument("--account", help="only in this account (default: the finding's own)")
    p.add_argument("--region", help="only in this region (default: the finding's own)")
    p.add_argument("--reason", required=True, type=arguments.non_empty, help="why it is accepted")
    p.add_argument("--owner", required=True, type=arguments.non_empty, help="who answers for it")
    p.add_argument(
        "--expires", required=True, type=arguments.day, help="last day it applies (YYYY-MM-DD)"
    )
    p.add_argument("--by", help="who records it (default: your login name)")
    p.set_defaults(handler=accept)

    s = sub.add_parser("acceptances", help="list the accepted risks of an assessment")
    s.add_argument("assessment", type=arguments.input_file, help="the assessment JSON file")
    s.add_argument("--all", action="store_true", help="include revoked acceptances")
    s.add_argument("--json", action="store_true", help="print them as JSON")
    s.set_defaults(handler=acceptances)

    r = sub.add_parser("revoke", help="revoke an accepted risk (the finding counts as FAIL again)")
    r.add_argument("assessment", type=arguments.input_file, help="the assessment JSON file")
    r.add_argument("acceptance", help="the acceptance id, or the check id (with --resource)")
    r.add_argument("--resource", help="with a check id: which resource's acceptance")
    r.add_argument("--reason", default="", help="why it is revoked")
    r.set_defaults(handler=revoke)


def _open(path: str, *, write: bool) -> AssessmentFile:
    from ..assessment import AssessmentFile

    return AssessmentFile.open(path, create=False) if write else AssessmentFile.load(path)


def _fail(command: str, exc: Exception) -> int:
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    print(f"seccheck {command}: {message}", file=sys.stderr)
    return 2


def accept(args: argparse.Namespace) -> int:
    from ..accepting import AcceptanceError
    from ..accepting import accept as record
    from ..state import AssessmentFileError

    try:
        a = _open(args.assessment, write=True)
        made = record(
            a,
            args.check_id,
            resource=args.resource,
            account=args.account,
            region=args.region,
            reason=args.reason,
            owner=args.owner,
            expires=args.expires,
            by=args.by,
        )
    except (AcceptanceError, AssessmentFileError, OSError) as exc:
        return _fail("accept", exc)
    print(
        f"accepted {made.target} until {made.expires} (owner {made.owner}, recorded by "
        f"{made.accepted_by}); id {made.id}"
    )
    return 0


def revoke(args: argparse.Namespace) -> int:
    from ..accepting import AcceptanceError
    from ..accepting import revoke as undo
    from ..state import AssessmentFileError

    try:
        done = undo(
            _open(args.assessment, write=True),
            args.acceptance,
            resource=args.resource,
            reason=args.reason,
        )
    except (AcceptanceError, AssessmentFileError, OSError) as exc:
        return _fail("revoke", exc)
    print(f"revoked {done.target} (id {done.id}); it counts as FAIL again")
    return 0


def acceptances(args: argparse.Namespace) -> int:
    from ..accepting import listing
    from ..state import AssessmentFileError

    try:
        rows = listing(_open(args.assessment, write=False), include_revoked=args.all)
    except (AssessmentFileError, OSError) as exc:
        return _fail("acceptances", exc)
    if args.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    print_acceptances(rows)
    return 0


_STATE_STYLE = {"active": "blue", "expired": "red", "revoked": "dim"}


def print_acceptances(rows: list[dict[str, Any]]) -> None:
    from rich.markup import escape

    from ._tables import console as terminal
    from ._tables import table as new_table

    console = terminal()
    if not rows:
        console.print("no accepted risks")
        return
    table = new_table(
        "Accepted risks",
        ("id", "state", "check", "covers", "expires", "owner", "accepted by"),
        ("resource", "reason"),
    )
    for row in rows:
        style = _STATE_STYLE[row["state"]]
        table.add_row(
            row["id"],
            f"[{style}]{row['state']}[/{style}]",
            row["check_id"],
            str(row["covers"]),
            row["expires"],
            escape(row["owner"]),
            escape(f"{row['accepted_by']} {row['accepted_at'][:10]}"),
            escape(row["resource"] or "(every failing resource)"),
            escape(row["reason"]),
        )
    console.print(table)
