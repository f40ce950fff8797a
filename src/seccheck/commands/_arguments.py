"""Argument types for `seccheck` subcommands: bad values stop argparse (exit 2, one line).

Everything a command can check without doing work is checked here, before the run starts: a
results file that cannot be written is found out before the run, not after it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1-65535, or 0 for a free one (got {value})")
    return value


def regions(text: str) -> str:
    """A comma-separated list of region names botocore knows (kept as the text given)."""
    from ..aws.region_names import region_problem

    names = [r.strip() for r in text.split(",") if r.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected region names such as us-east-1,eu-west-1")
    problem = region_problem(names)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def output_file(text: str) -> str:
    """A file we will be able to create or replace: its folder exists and is writable."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a file name")
    path = Path(text).expanduser()
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name inside it")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"folder {folder} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text} exists and is read-only")
    return text


def input_file(text: str) -> str:
    """A file that exists and can be read."""
    path = Path(text).expanduser()
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{text} does not exist")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text} is not a file")
    if not os.access(path, os.R_OK):
        raise argparse.ArgumentTypeError(f"{text} is not readable")
    return text


def latency_ms(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of milliseconds: {text!r}") from None
    if not 0 <= value <= 60_000:
        raise argparse.ArgumentTypeError(f"latency must be 0 to 60000 ms, not {text}")
    return value


def dask_address(text: str) -> str:
    """local:N (N >= 1) or a scheduler address; refused before any work starts."""
    if text.startswith("local:"):
        count = text[len("local:") :]
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise argparse.ArgumentTypeError(f"local:N needs N from 1 to 256, not {count!r}")
    elif "://" not in text and ":" not in text:
        raise argparse.ArgumentTypeError(
            f"not a Dask scheduler address: {text!r} (e.g. tcp://10.0.0.5:8786, or local:4)"
        )
    return text


def day(text: str) -> str:
    """A calendar date written YYYY-MM-DD (kept as the text given)."""
    from datetime import date

    try:
        date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
    return text.strip()


def check_id(text: str) -> str:
    """A check id as the checklist spells it (e.g. DP-01-C05); whether it exists is asked later."""
    import re

    value = text.strip()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}-[0-9]{2}-C[0-9]{2}", value):
        raise argparse.ArgumentTypeError(f"not a check id: {text!r} (e.g. DP-01-C05)")
    return value


def non_empty(text: str) -> str:
    """Free text that must say something (a reason, an owner)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text.strip()


def pass_ref(text: str) -> str:
    """An assessment pass: its number (1 = the first, -1 = the last) or its id."""
    value = text.strip()
    if value.lstrip("-").isdigit():
        if int(value) == 0:
            raise argparse.ArgumentTypeError("passes are numbered from 1 (or -1 for the last)")
        return value
    if not value or not all(c.isalnum() or c in "-_:" for c in value):
        raise argparse.ArgumentTypeError(
            f"not a pass: {text!r} (a number such as 2, -1 for the last, or a pass id)"
        )
    return value
