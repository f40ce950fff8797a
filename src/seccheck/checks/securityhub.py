"""Security Hub checks: enabled with a standard, severe findings triaged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._age import days_since
from .registry import Context, check


@check("DET-01-C06", "securityhub.hub")
def hub_with_standard(ctx: Context, hub: dict[str, Any] | None) -> Iterator[Finding]:
    if hub is None:
        yield Finding.failed(ctx.account_arn, f"Security Hub is not enabled in {ctx.region}")
        return
    standards = hub["standards"]
    if isinstance(standards, Unreadable):
        yield Finding(
            hub["HubArn"],
            standards.status,
            f"Security Hub is enabled in {ctx.region}, but its enabled standards could "
            f"not be read: {standards.reason}",
        )
        return
    ready = [s.get("StandardsArn") for s in standards if s.get("StandardsStatus") == "READY"]
    if ready:
        yield Finding.passed(
            hub["HubArn"], f"Security Hub is enabled with {len(ready)} standard(s)", standards=ready
        )
    else:
        states = [f"{s.get('StandardsArn')}: {s.get('StandardsStatus')}" for s in standards]
        yield Finding.failed(
            hub["HubArn"], "Security Hub is enabled but no standard is ready", standards=states
        )


@check("DET-03-C04", "securityhub.open_severe_findings")
def stale_findings(ctx: Context, data: dict[str, Any] | None) -> Iterator[Finding]:
    if data is None:
        yield Finding.not_judged(
            ctx.account_arn, f"Security Hub is not enabled in {ctx.region} (see DET-01-C06)"
        )
        return
    max_age = int(ctx.param("max_age_days", 30))
    # Age from first observation: UpdatedAt moves with every periodic re-evaluation.
    stale = [
        f
        for f in data["findings"]
        if (days_since(ctx.now, f.get("FirstObservedAt") or f.get("UpdatedAt")) or 0) > max_age
    ]
    if stale:
        # Only one page (oldest first) is read: if all of it is stale, there may be more.
        more = "at least " if data.get("more") and len(stale) == len(data["findings"]) else ""
        yield Finding.failed(
            data["HubArn"],
            f"{more}{len(stale)} critical/high finding(s) untriaged for more than {max_age} days",
            finding_ids=[f.get("Id") for f in stale[:20]],
        )
    else:
        yield Finding.passed(
            data["HubArn"],
            f"no critical/high finding is untriaged for more than "
            f"{max_age} days ({len(data['findings'])} open)",
        )
