"""IAM estate: root user state (patched in moto, which no API can set), users, roles, policies."""

from __future__ import annotations

from ..seeding import SeedContext, backend


def seed(ctx: SeedContext) -> None:
    summary = backend("iam", ctx.account, "global").account_summary
    if ctx.bad:
        # Management account: root without MFA and with access keys (member accounts are clean).
        summary._account_mfa_enabled = 0
        summary._account_access_keys_present = 1
    else:
        summary._account_mfa_enabled = 1
        summary._account_access_keys_present = 0
    for member in ctx.members.values():
        member_summary = backend("iam", member, "global").account_summary
        member_summary._account_mfa_enabled = 1


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        "IAM-01-C01": {"FAIL"} if bad else {"PASS"},
        "IAM-01-C02": {"FAIL"} if bad else {"PASS"},
    }
