"""The `seccheck` command. Each subcommand lives in `seccheck.commands.<name>`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from ._version import __version__

# Top-level packages that only an extra installs, and the extra that brings each one.
EXTRAS = {
    "jupyterlab": "lab",
    "jupyter_server": "lab",
    "ipywidgets": "lab",
    "ipykernel": "lab",
    "plotly": "lab",
    "nbclient": "lab",
    "nbconvert": "lab",
    "jupyterlab_server": "lab",
    "voila": "app",
    "moto": "sandbox",
    "werkzeug": "sandbox",
    "dask": "dask",
    "distributed": "dask",
}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The extra that would have installed the missing module, if one would."""
    return EXTRAS.get((exc.name or "").split(".")[0])


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    parser = argparse.ArgumentParser(
        prog="seccheck",
        description="Assess an AWS estate against the AWS Security Checklist and the "
        "Well-Architected Security Pillar.",
    )
    parser.add_argument("--version", action="version", version=f"seccheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [
        importlib.import_module(f"{commands.__name__}.{m.name}")
        for m in pkgutil.iter_modules(commands.__path__)
        if not m.name.startswith("_")  # helpers shared by subcommands
    ]
    for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 50)):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except ModuleNotFoundError as exc:
        extra = missing_extra(exc)
        if extra is None:
            raise
        print(
            f"seccheck {args.command} needs the '{extra}' extra ({exc.name} is not installed): "
            f"pip install 'seccheck[{extra}]'",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        message = bad_input_message(exc)
        if message is None:
            raise
        print(f"seccheck {args.command}: {message}", file=sys.stderr)
        return 2


def bad_input_message(exc: BaseException) -> str | None:
    """One line for an error that means the input was unusable; None for a bug (re-raised)."""
    from .state import AssessmentFileError
    from .yamlsource import InputError

    if isinstance(exc, InputError):
        return "; ".join(str(p) for p in exc.problems[:5]) + (
            f" (and {len(exc.problems) - 5} more)" if len(exc.problems) > 5 else ""
        )
    if isinstance(exc, AssessmentFileError):
        return " ".join(str(exc).split("\n"))
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"cannot use {exc.filename}: {exc.strerror or exc}"
    return None


if __name__ == "__main__":
    sys.exit(main())
