"""IAM Identity Center checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._home_region import home_region_result
from .registry import Context, check


@check("IAM-02-C01", "sso-admin.instances")
def identity_center_instance(ctx: Context, probe: dict[str, Any] | Unreadable) -> Iterator[Finding]:
    yield from home_region_result(
        ctx,
        probe,
        "an IAM Identity Center instance",
        "InstanceArn",
        lambda i: i.get("Status", "ACTIVE") == "ACTIVE",
    )
