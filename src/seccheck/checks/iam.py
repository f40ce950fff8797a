"""IAM checks: root user, credentials, federation, least privilege."""

from __future__ import annotations

from collections.abc import Iterator

from ..results import Finding
from .registry import Context, check


@check("IAM-01-C01", "iam.account_summary")
def root_mfa(ctx: Context, summary: dict[str, int]) -> Iterator[Finding]:
    if summary.get("AccountMFAEnabled") == 1:
        yield Finding.passed(ctx.account_arn, "the root user has MFA enabled")
    else:
        yield Finding.failed(ctx.account_arn, "the root user has no MFA device")


@check("IAM-01-C02", "iam.account_summary")
def root_access_keys(ctx: Context, summary: dict[str, int]) -> Iterator[Finding]:
    if summary.get("AccountAccessKeysPresent", 0) == 0:
        yield Finding.passed(ctx.account_arn, "the root user has no access keys")
    else:
        yield Finding.failed(ctx.account_arn, "the root user has access keys")
