"""Assessment passes: one Run All, wizard pass or `seccheck run` is one pass of several runs.

Trend charts, the evidence cover and `seccheck diff` speak of passes, as a person thinks of
runs, rather than of the per-item runs a wizard makes. Typed against the few fields a stored run
has (`state.RunRecord`), so this module imports nothing of the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class RunLike(Protocol):
    """What grouping needs of a run (`state.RunRecord` has it)."""

    id: str
    items: list[str] | None
    pid: int | None
    host: str
    process_started: float | None
    pass_id: str | None


R = TypeVar("R", bound=RunLike)


def pass_for(runs: Sequence[RunLike], record: RunLike) -> str:
    """The pass a new run belongs to: one Run All, wizard pass or `seccheck run` is one pass.

    A run joins the pass of the previous run when the same process (kernel, CLI) made it and
    none of its items was already verified in that pass; otherwise it starts a new pass, named
    after itself. Verifying an item a second time (or everything: `items` None) starts anew.
    """
    if not runs or record.items is None:
        return record.id
    last = runs[-1]
    same_process = (last.pid, last.host, last.process_started) == (
        record.pid,
        record.host,
        record.process_started,
    )
    current = last.pass_id or last.id
    members = [r for r in runs if (r.pass_id or r.id) == current]
    if not same_process or any(r.items is None for r in members):
        return record.id
    done = {i for r in members for i in (r.items or [])}
    return record.id if done & set(record.items) else current


def passes_of(runs: Iterable[R]) -> dict[str, list[R]]:
    """Runs grouped by pass, in order (runs stored before passes existed are a pass each)."""
    grouped: dict[str, list[R]] = {}
    for run in runs:
        grouped.setdefault(run.pass_id or run.id, []).append(run)
    return grouped
