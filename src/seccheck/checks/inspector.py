"""Amazon Inspector check: scanning is on for EC2, ECR and Lambda."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check

RESOURCE_TYPES = {"ec2": "EC2", "ecr": "ECR", "lambda": "Lambda"}


@check("INF-01-C04", "inspector2.account_status")
def inspector_enabled(ctx: Context, status: dict[str, Any] | Unreadable) -> Iterator[Finding]:
    if isinstance(status, Unreadable):
        yield status.finding(ctx.account_arn)
        return
    if not status:
        yield Finding.failed(ctx.account_arn, f"Amazon Inspector has never been enabled in "
                                              f"{ctx.region}")
        return
    overall = (status.get("state") or {}).get("status", "UNKNOWN")
    states = {label: ((status.get("resourceState") or {}).get(key) or {}).get("status", "DISABLED")
              for key, label in RESOURCE_TYPES.items()}
    off = [f"{label} ({state})" for label, state in states.items() if state != "ENABLED"]
    details = {"status": overall, "resource_types": states}
    if overall != "ENABLED":
        yield Finding.failed(ctx.account_arn, f"Amazon Inspector is {overall} in {ctx.region}",
                             **details)
    elif off:
        yield Finding.failed(ctx.account_arn, f"Amazon Inspector in {ctx.region} does not scan "
                                              f"{', '.join(off)}", **details)
    else:
        yield Finding.passed(ctx.account_arn, f"Amazon Inspector scans EC2, ECR and Lambda in "
                                              f"{ctx.region}", **details)
