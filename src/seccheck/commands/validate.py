"""`seccheck validate [PATH]` and `seccheck schema`."""

from __future__ import annotations

import argparse
import json
import sys

ORDER = 90


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="validate a checklist file (the shipped one by default)")
    p.add_argument("path", nargs="?", help="checklist YAML (standalone or `extends:` overlay)")
    p.set_defaults(handler=validate)
    s = sub.add_parser("schema", help="print the JSON Schema for checklist files")
    s.set_defaults(handler=schema)


def validate(args: argparse.Namespace) -> int:
    from ..checklist import builtin_checklist_path, load_checklist
    from ..checks import load_all
    from ..yamlsource import InputError

    path = args.path or str(builtin_checklist_path())
    try:
        checklist = load_checklist(path, implemented=load_all().keys())
    except InputError as exc:
        print(f"{path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"{path}: OK: {checklist.name} {checklist.version}: {len(checklist.sections)} sections, "
        f"{len(checklist.items)} items, {len(checklist.checks)} checks, "
        f"{sum(len(i.manual_questions) for i in checklist.items)} manual questions"
    )
    return 0


def schema(args: argparse.Namespace) -> int:
    from ..checklist import checklist_json_schema

    json.dump(checklist_json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
