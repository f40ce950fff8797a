"""KMS checks: automatic rotation and key policies open to everyone (customer managed keys)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check
from .resource_policy import as_list, is_everyone, statements

# Condition keys that narrow a wildcard principal to known accounts, organisations or sources.
RESTRICTING_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:userid",
        "kms:calleraccount",
    }
)


def _label(key: dict[str, Any]) -> str:
    return key["aliases"][0] if key.get("aliases") else key["id"]


def _restricted(condition: Any) -> bool:
    for operator, pairs in (condition or {}).items():
        if not isinstance(pairs, dict) or operator.lower().startswith("null"):
            continue
        for key, value in pairs.items():
            values = [str(v) for v in as_list(value)]
            if key.lower() in RESTRICTING_KEYS and values and "*" not in values:
                return True
    return False


def open_statements(policy: dict[str, Any]) -> list[str]:
    """Sids (or positions) of Allow statements for everyone with no narrowing condition."""
    out = []
    for i, statement in enumerate(statements(policy)):
        if statement.get("Effect") != "Allow" or not is_everyone(statement.get("Principal")):
            continue
        if not _restricted(statement.get("Condition")):
            out.append(str(statement.get("Sid") or f"#{i + 1}"))
    return out


@check("DP-01-C09", "kms.keys")
def key_rotation(ctx: Context, keys: list[dict[str, Any]]) -> Iterator[Finding]:
    judged = 0
    for key in keys:
        meta, rotation = key.get("metadata"), key.get("rotation")
        if isinstance(meta, Unreadable):
            judged += 1
            yield meta.finding(key["arn"])
        elif isinstance(rotation, Unreadable):
            judged += 1
            yield rotation.finding(key["arn"])
        elif rotation is True:
            judged += 1
            yield Finding.passed(key["arn"], f"{_label(key)}: automatic rotation is on")
        elif rotation is False:
            judged += 1
            yield Finding.failed(key["arn"], f"{_label(key)}: automatic rotation is off")
    if not judged:
        yield Finding.not_applicable(
            ctx.account_arn, f"no enabled customer managed symmetric KMS key in {ctx.region}"
        )


@check("DP-01-C10", "kms.keys")
def key_policy_not_open(ctx: Context, keys: list[dict[str, Any]]) -> Iterator[Finding]:
    judged = 0
    for key in keys:
        policy = key.get("policy")
        if policy is None:
            continue
        judged += 1
        if isinstance(policy, Unreadable):
            yield policy.finding(key["arn"])
            continue
        statements = open_statements(policy)
        if statements:
            yield Finding.failed(
                key["arn"],
                f"{_label(key)}: the key policy allows everyone (Principal "
                f"*) without a restricting condition in {', '.join(statements)}",
                statements=statements,
            )
        else:
            yield Finding.passed(
                key["arn"],
                f"{_label(key)}: no statement allows everyone without a restricting condition",
            )
    if not judged:
        yield Finding.not_applicable(
            ctx.account_arn, f"no customer managed KMS key in {ctx.region}"
        )
