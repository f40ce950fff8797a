"""GuardDuty checks: detectors on, central administration, no stale severe findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._age import days_since
from .registry import Context, check


@check("DET-01-C05", "guardduty.detectors")
def detector_enabled(ctx: Context, detectors: list[dict[str, Any]]) -> Iterator[Finding]:
    if not detectors:
        yield Finding.failed(ctx.account_arn, f"GuardDuty has no detector in {ctx.region}")
        return
    for detector in detectors:
        status = detector["Status"]
        if isinstance(status, Unreadable):
            yield status.finding(detector["Arn"])
        elif status == "ENABLED":
            yield Finding.passed(detector["Arn"], f"GuardDuty is enabled in {ctx.region}")
        else:
            yield Finding.failed(
                detector["Arn"], f"the GuardDuty detector in {ctx.region} is {status}"
            )


@check("DET-01-C07", "guardduty.org_admins")
def delegated_admin(ctx: Context, admins: dict[str, Any]) -> Iterator[Finding]:
    if admins["organization"] is None:
        yield Finding.not_applicable(
            ctx.account_arn,
            "the account is not in an organization, so "
            "there is no delegated administrator to register",
        )
        return
    listed = admins["admins"]
    if isinstance(listed, Unreadable):
        yield listed.finding(ctx.account_arn)
        return
    enabled = [a.get("AdminAccountId") for a in listed if a.get("AdminStatus") == "ENABLED"]
    if enabled:
        yield Finding.passed(
            ctx.account_arn,
            f"GuardDuty is administered by delegated account(s) "
            f"{', '.join(map(str, enabled))} in {ctx.region}",
        )
    else:
        yield Finding.failed(
            ctx.account_arn, f"GuardDuty has no delegated administrator in {ctx.region}"
        )


@check("IR-02-C03", "guardduty.detectors", "guardduty.severe_findings")
def stale_severe_findings(
    ctx: Context, detectors: list[dict[str, Any]], findings: dict[str, Any]
) -> Iterator[Finding]:
    if not detectors:
        yield Finding.not_applicable(ctx.account_arn, f"GuardDuty has no detector in {ctx.region}")
        return
    max_age = int(ctx.param("max_age_days", 7))
    for detector in detectors:
        arn = detector["Arn"]
        found = findings.get(arn, [])
        if isinstance(found, Unreadable):
            yield found.finding(arn)
            continue
        # Age from first sight: recurring activity moves UpdatedAt of the original finding.
        stale = [
            f
            for f in found
            if (days_since(ctx.now, f.get("FirstSeen") or f.get("UpdatedAt")) or 0) > max_age
        ]
        if stale:
            yield Finding.failed(
                arn,
                f"{len(stale)} high-severity GuardDuty finding(s) open for more than "
                f"{max_age} days",
                finding_ids=[f.get("Id") for f in stale[:20]],
                types=sorted({str(f.get("Type")) for f in stale})[:20],
            )
        else:
            yield Finding.passed(
                arn,
                f"no high-severity GuardDuty finding is older than {max_age} "
                f"days ({len(found)} open)",
            )
