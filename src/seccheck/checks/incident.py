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


@check("IR-03-C01", "fis.experiments")
def recent_experiments(ctx: Context, experiments: list[dict[str, Any]]) -> Iterator[Finding]:
    """Judge a weak signal: no experiment in a region is "no signal" (N/A), not a failure."""
    if not experiments:
        yield Finding.not_applicable(
            ctx.account_arn,
            f"no AWS FIS experiment in {ctx.region}; rely on the manual game-day evidence",
        )
        return
    max_age = int(ctx.param("max_age_days", 180))
    latest = min(experiments, key=lambda e: days_since(ctx.now, e.get("creationTime")) or 1e9)
    age = days_since(ctx.now, latest.get("creationTime"))
    arn = latest.get("arn") or ctx.account_arn
    when = day(latest.get("creationTime"))
    if age is not None and age <= max_age:
        yield Finding.passed(
            arn,
            f"an AWS FIS experiment ran on {when} in {ctx.region}",
            experiments=len(experiments),
        )
    else:
        yield Finding.failed(
            arn,
            f"the latest AWS FIS experiment in {ctx.region} ran on {when}, "
            f"more than {max_age} days ago",
            experiments=len(experiments),
        )
