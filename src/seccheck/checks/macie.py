"""Macie check (DP-01-C12, supplementary): sensitive-data discovery where S3 data lives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check


@check("DP-01-C12", "macie2.session", "s3.bucket_regions")
def macie_enabled(ctx: Context, session: dict[str, Any], bucket_regions: Any) -> Iterator[Finding]:
    status = session.get("status")
    if status == "ENABLED":
        yield Finding.passed(ctx.account_arn, f"Macie is enabled in {ctx.region}")
        return
    state = "paused" if status == "PAUSED" else "not enabled"
    if isinstance(bucket_regions, Unreadable):
        # Where the data lives is unknown: judge as if it were here.
        yield Finding.failed(
            ctx.account_arn, f"Macie is {state} in {ctx.region}", macie_status=status
        )
        return
    # A bucket whose region could not be read may be here.
    here = sorted(name for name, region in bucket_regions.items() if region in (ctx.region, None))
    if here:
        yield Finding.failed(
            ctx.account_arn,
            f"Macie is {state} in {ctx.region}, which holds {len(here)} S3 bucket(s)",
            macie_status=status,
            buckets=here[:20],
        )
    else:
        yield Finding.not_applicable(
            ctx.account_arn,
            f"Macie is {state} in {ctx.region}, which holds no S3 bucket",
            macie_status=status,
        )
