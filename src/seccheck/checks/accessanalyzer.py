"""IAM Access Analyzer checks: external-access analyzers, in this account or the organization's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._home_region import home_region_result
from .registry import Context, check

EXTERNAL_ACCESS_TYPES = ("ACCOUNT", "ORGANIZATION")


@check("IAM-03-C03", "accessanalyzer.analyzers", "accessanalyzer.organization_admin")
def external_access_analyzer(
    ctx: Context,
    analyzers: list[dict[str, Any]],
    org_admin: dict[str, Any] | None | Unreadable = None,
) -> Iterator[Finding]:
    active = [
        a
        for a in analyzers
        if a.get("status") == "ACTIVE" and a.get("type") in EXTERNAL_ACCESS_TYPES
    ]
    if active:
        for analyzer in active:
            yield Finding.passed(
                analyzer["arn"],
                f"{analyzer['type'].lower()} external-access "
                f"analyzer {analyzer.get('name')} is active in {ctx.region}",
            )
        return
    others = [f"{a.get('name')} ({a.get('type')}, {a.get('status')})" for a in analyzers]
    missing = f"no active external-access analyzer in this account in {ctx.region}"
    if isinstance(org_admin, Unreadable):
        yield Finding.not_assessable(
            ctx.account_arn, f"{missing}; {org_admin.reason}", other_analyzers=others
        )
        return
    admins = [a for a in (org_admin or {}).get("delegated_admins", []) if a != ctx.account]
    if admins:
        # Relied on, not seen: the analyzer itself lives in the administrator's account.
        yield Finding.passed(
            ctx.account_arn,
            f"{missing}, but account {', '.join(admins)} is the organization's delegated "
            "administrator for IAM Access Analyzer; this result RELIES ON its ORGANIZATION "
            f"analyzer covering {ctx.region} (confirm there)",
            relies_on_delegated_admin=admins,
            other_analyzers=others,
        )
        return
    management = (org_admin or {}).get("management")
    if (
        org_admin
        and management
        and management != ctx.account
        and ctx.account not in (org_admin.get("delegated_admins") or [])
    ):
        yield Finding.not_assessable(
            ctx.account_arn,
            f"{missing}; the organization has no delegated administrator for Access Analyzer, "
            f"so an ORGANIZATION analyzer would be in the management account {management}: "
            "assess it there",
            other_analyzers=others,
        )
        return
    yield Finding.failed(ctx.account_arn, missing, other_analyzers=others)


@check("IAM-03-C08", "accessanalyzer.active_findings")
def no_active_external_access_findings(ctx: Context, found: dict[str, Any]) -> Iterator[Finding]:
    if not found.get("analyzers"):
        yield Finding.not_assessable(
            ctx.account_arn,
            f"no active external-access analyzer of this account in {ctx.region} to read "
            "findings from (IAM-03-C03 judges the analyzer itself; an organization analyzer's "
            "findings are read in its delegated administrator)",
        )
        return
    findings = found.get("findings", [])
    for item in findings:
        created = item.get("createdAt")
        yield Finding.failed(
            str(item.get("resource") or item.get("analyzer")),
            f"IAM Access Analyzer reports active {item.get('findingType') or 'external access'} "
            f"on {item.get('resourceType')} {item.get('resource')} (finding {item.get('id')}, "
            f"since {created:%Y-%m-%d})"
            if hasattr(created, "strftime")
            else f"IAM Access Analyzer reports active external access on {item.get('resource')}",
            finding_id=item.get("id"),
            resource_type=item.get("resourceType"),
            owner=item.get("resourceOwnerAccount"),
        )
    if not findings:
        for arn in found["analyzers"]:
            yield Finding.passed(arn, f"the analyzer has no active finding in {ctx.region}")


@check("IAM-03-C09", "accessanalyzer.unused_access_analyzers")
def unused_access_analyzer(ctx: Context, probe: dict[str, Any] | Unreadable) -> Iterator[Finding]:
    yield from home_region_result(
        ctx, probe, "an unused-access analyzer", "arn", lambda a: a.get("status") == "ACTIVE"
    )
