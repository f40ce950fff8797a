"""Firewall Manager check: central policies enforce security group or WAF baselines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check

BASELINE_TYPES = frozenset(
    {
        "SECURITY_GROUPS_COMMON",
        "SECURITY_GROUPS_CONTENT_AUDIT",
        "SECURITY_GROUPS_USAGE_AUDIT",
        "WAFV2",
        "WAF",
    }
)


@check("INF-03-C06", "fms.policies")
def firewall_manager_baselines(
    ctx: Context, policies: list[dict[str, Any]] | None
) -> Iterator[Finding]:
    if policies is None:
        yield Finding.failed(ctx.account_arn, "Firewall Manager has no administrator account, so "
                                              "no central firewall policies exist")
        return
    baseline = [p for p in policies if p.get("SecurityServiceType") in BASELINE_TYPES]
    names = sorted(f"{p.get('PolicyName')} ({p.get('SecurityServiceType')})" for p in baseline)
    if baseline:
        reason = (f"Firewall Manager enforces security group or WAF baselines in {ctx.region}: "
                  f"{', '.join(names)}")
        yield Finding.passed(ctx.account_arn, reason, policies=names)
    else:
        others = sorted(str(p.get("SecurityServiceType")) for p in policies)
        reason = f"no Firewall Manager security group or WAF policy in {ctx.region}"
        yield Finding.failed(ctx.account_arn, reason, other_policy_types=others)
