"""AWS Control Tower checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._home_region import home_region_result
from .registry import Context, check


@check("IAM-03-C05", "controltower.landing_zones")
def landing_zone(ctx: Context, probe: dict[str, Any] | Unreadable) -> Iterator[Finding]:
    yield from home_region_result(ctx, probe, "a Control Tower landing zone", "arn")
