"""`seccheck new`: write a guided assessment (or workshop) notebook to fill in JupyterLab."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import _arguments as arguments

ORDER = 15


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="create a guided assessment notebook (or a workshop notebook)",
        description="Write a notebook that walks through every checklist item with live "
        "verification cells and answer forms. Its answers are saved beside it in "
        "<name>.seccheck.json.",
    )
    p.add_argument("path", help="the notebook to write, e.g. audit-2026.ipynb")
    p.add_argument(
        "--checklist", help="checklist YAML (default: the shipped AWS Security Checklist)"
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--profile", help="AWS profile to assess (default: the standard chain)")
    where.add_argument(
        "--sandbox",
        nargs="?",
        const="workshop",
        metavar="SCENARIO",
        help="assess a seccheck sandbox instead of AWS (default scenario: workshop)",
    )
    p.add_argument(
        "--regions", type=arguments.regions, help="comma-separated regions (default: all enabled)"
    )
    p.add_argument("--title", help="title of the notebook")
    p.add_argument(
        "--workshop",
        action="store_true",
        help="write the 'predict, then run' workshop notebook (uses a sandbox)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing notebook")
    p.set_defaults(handler=new)


def new(args: argparse.Namespace) -> int:
    from ..assessment import state_path_for
    from ..yamlsource import InputError

    path = Path(args.path)
    if path.suffix != ".ipynb":
        print(f"seccheck new: {path} should end in .ipynb", file=sys.stderr)
        return 2
    if path.exists() and not args.force:
        state = state_path_for(path)
        kept = f" (its answers in {state.name} are kept either way)" if state.exists() else ""
        print(f"seccheck new: {path} exists; use --force to overwrite it{kept}", file=sys.stderr)
        return 2
    regions = [r.strip() for r in args.regions.split(",") if r.strip()] if args.regions else None
    if args.workshop and args.profile:
        print("seccheck new: --workshop runs on a sandbox; drop --profile", file=sys.stderr)
        return 2
    try:
        if args.workshop:
            from ..notebooks import create_workshop_notebook

            written = create_workshop_notebook(
                path,
                checklist_path=args.checklist,
                sandbox=args.sandbox or "workshop",
                regions=regions,
                title=args.title,
            )
        else:
            from ..notebooks import create_guided_notebook

            written = create_guided_notebook(
                path,
                checklist_path=args.checklist,
                profile=args.profile,
                sandbox=args.sandbox,
                regions=regions,
                title=args.title,
            )
    except InputError as exc:
        print(f"seccheck new: checklist is not valid: {exc}", file=sys.stderr)  # one problem a line
        return 2
    except KeyError as exc:
        print(f"seccheck new: {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"wrote {written}; answers will be saved in {state_path_for(written).name}")
    print(f"open it with: jupyter lab {written}")
    return 0
