"""`seccheck run`: headless verification, for terminals and CI pipelines."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import _arguments as arguments

ORDER = 20


def add_scope_arguments(p: argparse.ArgumentParser) -> None:
    """Scope options shared by every command that talks to AWS."""
    p.add_argument(
        "--profile", help="AWS profile (SSO profiles included); default: the standard chain"
    )
    p.add_argument(
        "--regions",
        type=arguments.regions,
        help="comma-separated regions; default: $SECCHECK_REGIONS or all enabled",
    )
    p.add_argument("--accounts", help="comma-separated account ids (with --org-role)")
    p.add_argument("--org-role", help="role name to assume in each organization member account")
    p.add_argument("--external-id", help="external id for --org-role")
    p.add_argument(
        "--checklist", help="checklist YAML (default: the shipped AWS Security Checklist)"
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the automated checks and report results")
    add_scope_arguments(p)
    p.add_argument("--items", help="comma-separated item ids (e.g. IAM-01,DET-01)")
    p.add_argument("--checks", help="comma-separated check ids")
    p.add_argument(
        "--output",
        "-o",
        type=arguments.output_file,
        help="write results to FILE (format from --format or the suffix)",
    )
    p.add_argument(
        "--format", choices=sorted(output_formats()), help="output format (default: json)"
    )
    p.add_argument(
        "--fail-on",
        choices=["critical", "high", "medium", "low", "informational"],
        help="exit 1 when a FAIL at or above this severity is found",
    )
    p.add_argument(
        "--workers",
        type=arguments.positive_int,
        default=8,
        help="concurrent work units (default 8)",
    )
    p.add_argument(
        "--dask",
        type=arguments.dask_address,
        metavar="ADDRESS",
        help="run the units on Dask workers: a scheduler address (tcp://host:8786), or local:N "
        "for N local worker processes; each worker uses its own credentials (seccheck[dask])",
    )
    p.add_argument(
        "--acceptances",
        metavar="ASSESSMENT",
        type=arguments.input_file,
        help="apply the accepted risks recorded in this assessment file: their FAILs are "
        "reported ACCEPTED (with owner, reason, expiry) and do not trip --fail-on",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary table")
    p.set_defaults(handler=run)


def output_formats() -> dict[str, Any]:
    """Writers by format name; each is fn(report, checklist, path)."""
    from ..formats import writers

    return writers()


def split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from ..aws.scope import ScopeError
    from ..checklist import Severity, load_checklist
    from ..progress import rich_progress
    from ..scan import prepare
    from ..yamlsource import InputError

    err = Console(stderr=True)
    try:
        checklist = load_checklist(args.checklist)
    except InputError as exc:
        problems = escape(str(exc))  # one problem a line; "[...]" in YAML is not rich markup
        err.print(f"seccheck run: [red]checklist is not valid:[/red] {problems}", soft_wrap=True)
        return 2
    accepted = None
    if args.acceptances:  # read before the run, so a bad file costs no run
        from ..assessment import AssessmentFile
        from ..state import AssessmentFileError

        try:
            accepted = AssessmentFile.load(args.acceptances)
        except (AssessmentFileError, OSError) as exc:
            err.print(f"[red]cannot read accepted risks:[/red] {escape(str(exc))}", soft_wrap=True)
            return 2
    try:
        with rich_progress(disabled=args.quiet) as on_progress:
            runner = prepare(
                checklist,
                profile=args.profile,
                regions=split(args.regions),
                accounts=split(args.accounts),
                org_role=args.org_role,
                external_id=args.external_id,
                items=split(args.items),
                check_ids=split(args.checks),
                on_progress=on_progress,
                max_workers=args.workers,
            )
            if args.dask:
                from ..dask_run import client_for, run_on_dask

                client = client_for(args.dask)
                try:
                    report = run_on_dask(
                        runner,
                        client,
                        profile=args.profile,
                        external_id=args.external_id,
                        on_progress=on_progress,
                    )
                finally:
                    client.close()
            else:
                report = runner.run()
    except ScopeError as exc:
        err.print(f"[red]seccheck cannot start:[/red] {exc}")
        return 2
    except KeyError as exc:
        err.print(f"[red]{exc.args[0]}[/red]")
        return 2
    if accepted is not None:
        report.results = accepted.with_acceptances(report.results)
    if not args.quiet:
        from ..terminal import print_summary

        print_summary(report, checklist, err)
    if args.output:
        path = Path(args.output)
        fmt = args.format or _format_from_suffix(path)
        output_formats()[fmt](report, checklist, path)
        err.print(f"results written to {path} ({fmt})")
    elif args.format:
        output_formats()[args.format](report, checklist, None)
    if args.fail_on:
        threshold = Severity(args.fail_on).rank
        failing = [
            r
            for r in report.results
            if r.status.value == "FAIL" and Severity(r.severity).rank >= threshold
        ]
        if failing:
            err.print(f"[red]{len(failing)} failing result(s) at or above {args.fail_on}[/red]")
            return 1
    return 0


def _format_from_suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".xml", ".junit")):
        return "junit"
    if name.endswith(".ocsf.json"):
        return "ocsf"
    return "json"
