"""Amazon Inspector check: scanning is on for EC2, ECR and Lambda."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check

RESOURCE_TYPES = {"ec2": "EC2", "ecr": "ECR", "lambda": "Lambda"}


@check("INF-01-C04", "inspector2.account_status", "lambda.functions", "ecr.repositories")
def inspector_enabled(
    ctx: Context,
    status: dict[str, Any] | Unreadable,
    functions: list[dict[str, Any]] | None = None,
    repositories: list[dict[str, Any]] | None = None,
) -> Iterator[Finding]:
    """Inspector on, scanning each resource type that exists here.

    Lambda or ECR scanning off where the region has no function or repository is not a gap
    (Prowler's inspector2_is_enabled fails only resource types that are present).
    """
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
    absent = {
        label
        for label, found in (("Lambda", functions), ("ECR", repositories))
        if found is not None and not found
    }
    off = [
        f"{label} ({state})"
        for label, state in states.items()
        if state != "ENABLED" and label not in absent
    ]
    unused = sorted(label for label in absent if states.get(label.lower(), "") != "ENABLED")
    details = {"status": overall, "resource_types": states}
    if overall != "ENABLED":
        yield Finding.failed(ctx.account_arn, f"Amazon Inspector is {overall} in {ctx.region}",
                             **details)
    elif off:
        yield Finding.failed(ctx.account_arn, f"Amazon Inspector in {ctx.region} does not scan "
                                              f"{', '.join(off)}", **details)
    else:
        scanned = ", ".join(label for label in RESOURCE_TYPES.values() if label not in unused)
        note = f" (no {' or '.join(unused)} resources here to scan)" if unused else ""
        yield Finding.passed(ctx.account_arn, f"Amazon Inspector scans {scanned} in "
                                              f"{ctx.region}{note}", **details)
