"""Incident-response checks: tooling ready (Detective, Incident Manager), simulations run (FIS)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Status, Unreadable
from ._age import day, days_since
from .registry import Context, check


@check("IR-01-C03", "detective.ir_tooling")
def ir_tooling_ready(ctx: Context, tooling: dict[str, Any]) -> Iterator[Finding]:
    graphs, plans = tooling.get("graphs"), tooling.get("response_plans")
    found = []
    for item in graphs if isinstance(graphs, list) else []:
        found.append(("Detective behavior graph", item.get("Arn", ctx.account_arn)))
    for item in plans if isinstance(plans, list) else []:
        found.append(
            (
                f"Incident Manager response plan {item.get('name', '')}".strip(),
                item.get("arn", ctx.account_arn),
            )
        )
    if found:
        for what, arn in found:
            yield Finding.passed(arn, f"{what} is ready in {ctx.region}")
        return
    unreadable = {
        name: v
        for name, v in (("Detective", graphs), ("Incident Manager", plans))
        if isinstance(v, Unreadable)
    }
    if unreadable:
        worst = (
            Status.ERROR
            if any(v.status is Status.ERROR for v in unreadable.values())
            else Status.NOT_ASSESSABLE
        )
        reasons = "; ".join(f"{name}: {v.reason}" for name, v in unreadable.items())
        yield Finding(
            ctx.account_arn,
            worst,
            f"no incident-response tooling found, and some could not be read ({reasons})",
        )
        return
    if graphs is None and plans is None:
        yield Finding.not_applicable(
            ctx.account_arn, f"neither Detective nor Incident Manager is offered in {ctx.region}"
        )
        return
    yield Finding.failed(
        ctx.account_arn,
        f"no Detective behavior graph and no Incident Manager response plan in {ctx.region}",
    )


# An experiment exercised the response only when it ran all its actions to the end; one that
# failed, was stopped (by hand or a stop condition) or cancelled shows an attempt, not a drill.
EXERCISED = "completed"
IN_PROGRESS = ("pending", "initiating", "running", "stopping")


def _status(experiment: dict[str, Any]) -> str:
    return str((experiment.get("state") or {}).get("status") or "unknown")


def _what_it_did(experiment: dict[str, Any]) -> str:
    """E.g. "EXP1 (started 2026-05-01) failed: Target resolution failed"."""
    state = experiment.get("state") or {}
    reason = state.get("reason") or (state.get("error") or {}).get("code")
    started = day(experiment.get("creationTime"))
    return (f"{experiment.get('id', 'an experiment')} (started {started}) {_status(experiment)}"
            + (f": {reason}" if reason else ""))


@check("IR-03-C01", "fis.experiments")
def recent_experiments(ctx: Context, experiments: list[dict[str, Any]]) -> Iterator[Finding]:
    """Judge a weak signal: no experiment in a region is "no signal" (N/A), not a failure.

    Only a completed experiment counts as an exercised response; the reason says what the
    latest experiment did when it is not the one that counts.
    """
    if not experiments:
        yield Finding.not_applicable(
            ctx.account_arn,
            f"no AWS FIS experiment in {ctx.region}; rely on the manual game-day evidence",
        )
        return
    max_age = int(ctx.param("max_age_days", 180))

    def age(e: dict[str, Any]) -> float:
        found = days_since(ctx.now, e.get("creationTime"))
        return 1e9 if found is None else found

    latest = min(experiments, key=age)
    completed = [e for e in experiments if _status(e) == EXERCISED]
    done = min(completed, key=age) if completed else None
    details = {"experiments": len(experiments), "completed": len(completed),
               "latest_status": _status(latest)}
    besides = "" if latest is done else f"; the latest, {_what_it_did(latest)}"
    if done is not None and age(done) <= max_age:
        yield Finding.passed(
            done.get("arn") or ctx.account_arn,
            f"an AWS FIS experiment completed, started on {day(done.get('creationTime'))} in "
            f"{ctx.region}{besides}",
            **details,
        )
        return
    arn = latest.get("arn") or ctx.account_arn
    last_done = (f"the latest completed one started on {day(done.get('creationTime'))}"
                 if done is not None else "none has completed")
    if _status(latest) in IN_PROGRESS and age(latest) <= max_age:
        yield Finding.not_assessable(
            arn,
            f"no AWS FIS experiment in {ctx.region} completed in the last {max_age} days "
            f"({last_done}); {_what_it_did(latest)} is still in progress, judge it when it ends",
            **details,
        )
        return
    yield Finding.failed(
        arn,
        f"no AWS FIS experiment in {ctx.region} completed in the last {max_age} days "
        f"({last_done}){besides}",
        **details,
    )
