"""Choosing two assessment passes of one file to compare, as a person names them.

Passes are numbered from 1 in the order they ran (-1 is the last, -2 the one before) or named by
their id (the id of the pass's first run, as the evidence cover lists it). Anything that cannot
be compared is a `PassError` whose message says what the file holds and what to give instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diff import Snapshot

if TYPE_CHECKING:
    from ..assessment import AssessmentFile


class PassError(ValueError):
    """The passes asked for cannot be compared; the message says why."""


def _assessment(path: Path) -> AssessmentFile:
    from ..assessment import AssessmentFile
    from ..state import AssessmentFileError
    from .source import RESULTS_SCHEMA

    if not path.is_file():
        raise PassError(f"{path} does not exist")
    if path.suffix == ".ipynb":
        raise PassError(
            f"{path.name} is an evidence notebook: it holds one picture. Comparing passes needs "
            "the assessment file (.seccheck.json); to compare two exports, give both"
        )
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PassError(f"cannot read {path}: {exc}") from None
    if isinstance(head, dict) and head.get("schema") == RESULTS_SCHEMA:
        raise PassError(
            f"{path.name} is a results file from one `seccheck run`: it holds one pass. Give "
            "two results files, or the assessment file whose passes to compare"
        )
    try:
        return AssessmentFile.load(path)
    except AssessmentFileError as exc:
        raise PassError(str(exc)) from None


def list_passes(path: Path) -> list[dict[str, Any]]:
    """Number, id, start and end (UTC), runs and items of each pass, oldest first."""
    from ..state import passes_of

    out = []
    for k, (pass_id, runs) in enumerate(passes_of(_assessment(path).runs).items(), start=1):
        items = sorted({i for r in runs for i in (r.items or [])})
        every = any(r.items is None for r in runs)
        out.append(
            {
                "number": k,
                "id": pass_id,
                "started_at": f"{runs[0].started_at:%Y-%m-%d %H:%M:%S}",
                "ended_at": f"{max(r.ended_at or r.updated_at for r in runs):%Y-%m-%d %H:%M:%S}",
                "runs": len(runs),
                "items": "all" if every else ", ".join(items),
            }
        )
    return out


def pick_passes(path: Path, old: str | None, new: str | None) -> tuple[Snapshot, Snapshot]:
    """The pictures after pass `old` (default -2) and after pass `new` (default -1)."""
    from ..state import passes_of
    from .load import pass_snapshots

    a = _assessment(path)
    ids = list(passes_of(a.runs))
    if len(ids) < 2:
        raise PassError(
            f"{path.name} has {len(ids)} assessment pass{'' if len(ids) == 1 else 'es'}: nothing "
            "to compare yet (verify again for a second pass, or give two files)"
        )
    first, second = _index(old or "-2", ids, path), _index(new or "-1", ids, path)
    if first == second:
        raise PassError(f"--from-pass and --to-pass name the same pass ({first + 1})")
    snapshots = pass_snapshots(a)
    return snapshots[first], snapshots[second]


def _index(ref: str, ids: list[str], path: Path) -> int:
    if ref.lstrip("-").isdigit():
        n = int(ref)
        index = n - 1 if n > 0 else len(ids) + n
        if 0 <= index < len(ids):
            return index
        raise PassError(
            f"{path.name} has {len(ids)} passes (1 to {len(ids)}, or -1 to -{len(ids)} from the "
            f"last); there is no pass {ref}. `seccheck diff {path.name} --list-passes` lists them"
        )
    if ref in ids:
        return ids.index(ref)
    raise PassError(
        f"{path.name} has no pass {ref!r}; its passes are {', '.join(ids)} "
        f"(`seccheck diff {path.name} --list-passes`)"
    )
