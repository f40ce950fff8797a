"""Organizations checks: membership with all features, account structure, SCPs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..aws.scope import account_state
from ..results import Finding, Unreadable
from .registry import Context, check

NO_ORG = "the account is not part of an AWS Organizations organization"


@check("IAM-01-C05", "organizations.organization")
def organization_all_features(ctx: Context, org: dict[str, Any] | None) -> Iterator[Finding]:
    if org is None:
        yield Finding.failed(ctx.account_arn, NO_ORG)
    elif org.get("FeatureSet") == "ALL":
        yield Finding.passed(
            org.get("Arn", ctx.account_arn),
            f"the account belongs to organization {org.get('Id')} with all features",
        )
    else:
        yield Finding.failed(
            org.get("Arn", ctx.account_arn),
            f"organization {org.get('Id')} uses {org.get('FeatureSet')} only, so SCPs and "
            "delegated administration are unavailable",
        )


@check("IAM-03-C01", "organizations.structure")
def multi_account_structure(
    ctx: Context, structure: dict[str, Any] | Unreadable | None
) -> Iterator[Finding]:
    if structure is None:
        yield Finding.failed(ctx.account_arn, NO_ORG)
        return
    if isinstance(structure, Unreadable):
        yield structure.finding(ctx.account_arn)
        return
    org = structure["organization"]
    # State replaced the retired Status (2026-09-09); closed/suspended accounts do not count.
    accounts = [a for a in structure["accounts"] if account_state(a) == "ACTIVE"]
    ous = [ou.get("Name", ou.get("Id", "")) for ou in structure["ous"]]
    details = {"accounts": len(accounts), "organizational_units": ous}
    problems = []
    if len(accounts) < 2:
        problems.append(f"only {len(accounts)} active account")
    if not ous:
        problems.append("no organizational unit under the root")
    if problems:
        yield Finding.failed(org.get("Arn", ctx.account_arn), "; ".join(problems), **details)
    else:
        yield Finding.passed(
            org.get("Arn", ctx.account_arn),
            f"{len(accounts)} accounts grouped under {len(ous)} OU(s)",
            **details,
        )


@check("IAM-03-C02", "organizations.scps")
def service_control_policies(
    ctx: Context, scps: dict[str, Any] | Unreadable | None
) -> Iterator[Finding]:
    if scps is None:
        yield Finding.failed(ctx.account_arn, NO_ORG)
        return
    if isinstance(scps, Unreadable):
        yield scps.finding(ctx.account_arn)
        return
    org_arn = scps["organization"].get("Arn", ctx.account_arn)
    if not scps["scp_enabled"]:
        yield Finding.failed(org_arn, "the service control policy type is not enabled on the root")
        return
    attached, unreadable, unattached = [], [], []
    for policy in scps["policies"]:
        targets = policy["targets"]
        if isinstance(targets, Unreadable):
            unreadable.append((policy, targets))
        elif targets:
            attached.append(policy)
        else:
            unattached.append(policy)
    for policy in attached:
        names = [t.get("Name") or t.get("TargetId") for t in policy["targets"]]
        yield Finding.passed(
            policy["Arn"],
            f"custom SCP {policy.get('Name')} is attached to {', '.join(map(str, names))}",
        )
    if attached:
        # Guardrails are in force; a custom SCP attached nowhere is worth a look (a draft, or a
        # guardrail someone meant to apply), but it weakens nothing.
        for policy in unattached:
            yield Finding.warn(
                policy["Arn"],
                f"custom SCP {policy.get('Name')} is attached nowhere, so it has no effect",
            )
        return
    for policy, targets in unreadable:
        yield targets.finding(policy["Arn"])
    if not unreadable:
        yield Finding.failed(
            org_arn,
            "no custom service control policy is attached (only FullAWSAccess applies)",
            unattached_custom_policies=[p.get("Name", p["Id"]) for p in unattached],
        )
