"""Secrets Manager checks: rotation configured, rotation happening, unused secrets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from ..results import Finding
from ._age import day, days_since, parse_time
from .registry import Context, check


def _exempt(secret: dict[str, Any], exempt: set[str]) -> bool:
    return secret.get("Name") in exempt or secret.get("ARN") in exempt


@check("IAM-04-C01", "secretsmanager.secrets")
def rotation_enabled(ctx: Context, secrets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not secrets:
        yield Finding.not_applicable(ctx.account_arn, f"no secrets in {ctx.region}")
        return
    exempt = set(ctx.param("exempt_secrets", []) or [])
    for secret in secrets:
        name = secret.get("Name", "")
        if _exempt(secret, exempt):
            yield Finding.not_applicable(secret["ARN"], f"{name} is exempted by exempt_secrets")
        elif secret.get("RotationEnabled"):
            yield Finding.passed(secret["ARN"], f"{name} rotates automatically")
        else:
            yield Finding.failed(secret["ARN"], f"{name} has no automatic rotation")


@check("IAM-04-C02", "secretsmanager.secrets")
def rotation_on_schedule(ctx: Context, secrets: list[dict[str, Any]]) -> Iterator[Finding]:
    rotating = [s for s in secrets if s.get("RotationEnabled")]
    if not rotating:
        yield Finding.not_applicable(
            ctx.account_arn, f"no secret in {ctx.region} has rotation enabled"
        )
        return
    grace = int(ctx.param("grace_days", 7))
    for secret in rotating:
        name = secret.get("Name", "")
        interval = (secret.get("RotationRules") or {}).get("AutomaticallyAfterDays")
        last = parse_time(secret.get("LastRotatedDate"))
        if interval:
            since = last or parse_time(secret.get("CreatedDate"))
            due = None if since is None else since + timedelta(days=int(interval) + grace)
        else:
            nxt = parse_time(secret.get("NextRotationDate"))
            due = None if nxt is None else nxt + timedelta(days=grace)
        details = {
            "last_rotated": day(last),
            "rotation_interval_days": interval,
            "grace_days": grace,
        }
        if due is None:
            yield Finding.not_assessable(
                secret["ARN"],
                f"{name}: the rotation schedule cannot be read from its metadata",
                **details,
            )
        elif ctx.now > due:
            yield Finding.failed(
                secret["ARN"],
                f"{name} is overdue: last rotated {day(last)}, expected by {day(due)}",
                **details,
            )
        else:
            yield Finding.passed(
                secret["ARN"], f"{name} rotated on schedule (last {day(last)})", **details
            )


@check("IAM-04-C03", "secretsmanager.secrets")
def unused_secrets(ctx: Context, secrets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not secrets:
        yield Finding.not_applicable(ctx.account_arn, f"no secrets in {ctx.region}")
        return
    max_days = int(ctx.param("max_unused_days", 90))
    for secret in secrets:
        name = secret.get("Name", "")
        accessed = secret.get("LastAccessedDate")
        age = days_since(ctx.now, accessed)
        label = f"last accessed {day(accessed)}"
        if age is None:
            age = days_since(ctx.now, secret.get("CreatedDate"))
            label = f"never accessed since it was created on {day(secret.get('CreatedDate'))}"
        if age is None:
            yield Finding.not_assessable(secret["ARN"], f"{name}: no access or creation date")
        elif age > max_days:
            yield Finding.failed(
                secret["ARN"], f"{name} is unused: {label} (limit {max_days} days)"
            )
        else:
            yield Finding.passed(secret["ARN"], f"{name} is in use: {label}")
