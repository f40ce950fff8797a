"""KMS checks on customer managed keys: rotation, policies open to everyone, pending deletion."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..collect.kms import GONE_STATES
from ..results import Finding, Unreadable
from . import _policy
from ._age import day
from .registry import Context, check


def _label(key: dict[str, Any]) -> str:
    return key["aliases"][0] if key.get("aliases") else key["id"]


def open_statements(policy: dict[str, Any]) -> list[str]:
    """Sids (or positions) of Allow statements for everyone that no condition pins to callers.

    Everyone is Principal "*" or an Allow with NotPrincipal. Only StringEquals, StringLike,
    ArnEquals and ArnLike with concrete, account-scoped values restrict (Prowler's
    is_condition_block_restrictive); negated and IfExists operators do not.
    """
    return _policy.public_statements(policy)


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


@check("DP-01-C21", "kms.keys")
def keys_not_pending_deletion(ctx: Context, keys: list[dict[str, Any]]) -> Iterator[Finding]:
    if not keys:
        reason = f"no customer managed KMS key in {ctx.region}"
        yield Finding.not_applicable(ctx.account_arn, reason)
        return
    for key in keys:
        meta = key.get("metadata")
        if isinstance(meta, Unreadable):
            yield meta.finding(key["arn"])
            continue
        state = (meta or {}).get("KeyState")
        if state in GONE_STATES:
            when = (meta or {}).get("DeletionDate")
            on = f" on {day(when)}" if when else ""
            yield Finding.failed(
                key["arn"],
                f"{_label(key)} is scheduled for deletion{on} ({state}); everything it encrypts "
                "becomes unreadable then unless the deletion is cancelled",
                key_state=state, deletion_date=day(when) if when else None,
            )
        elif state is None:
            yield Finding.not_assessable(key["arn"], f"{_label(key)}: KMS reported no key state")
        else:
            yield Finding.passed(key["arn"], f"{_label(key)} is not pending deletion ({state})",
                                 key_state=state)
