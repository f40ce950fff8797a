"""AWS Backup check (DP-01-C13): plans exist and back up into a locked vault (per region)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check


@check("DP-01-C13", "backup.plans")
def locked_backups(ctx: Context, backup: dict[str, Any]) -> Iterator[Finding]:
    plans, vaults = backup["plans"], backup["vaults"]
    if not plans:
        yield Finding.failed(ctx.account_arn, f"no AWS Backup plan in {ctx.region}")
        return
    targets = {v for p in plans if not isinstance(p["vaults"], Unreadable) for v in p["vaults"]}
    locked = sorted(v for v in targets if vaults.get(v))
    names = [p["name"] for p in plans]
    if locked:
        yield Finding.passed(
            ctx.account_arn,
            f"{len(plans)} backup plan(s) in {ctx.region}; target "
            f"vault(s) {', '.join(locked)} locked",
            plans=names,
            locked_vaults=locked,
        )
        return
    unread = [p["vaults"] for p in plans if isinstance(p["vaults"], Unreadable)]
    if unread:
        yield unread[0].finding(ctx.account_arn)
        return
    yield Finding.failed(
        ctx.account_arn,
        f"{len(plans)} backup plan(s) in {ctx.region}, but no target vault has Vault Lock",
        plans=names,
        target_vaults=sorted(targets),
    )
