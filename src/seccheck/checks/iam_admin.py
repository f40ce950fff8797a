"""IAM-03 least privilege: policies, users, groups and roles with full administrator access."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from . import _policy
from .registry import Context, check


def grants_full_admin(document: Any) -> bool:
    """Tell whether an Allow gives every action (or all but a few, via NotAction) on everything."""
    return bool(_policy.grants_full_access(document))


def default_document(policy: dict[str, Any]) -> Any:
    """The document of a managed policy's default version (the one in force)."""
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion") or version.get("VersionId") == policy.get(
            "DefaultVersionId"
        ):
            return version.get("Document")
    return None


@check("IAM-03-C04", "iam.authorization_details")
def no_full_admin_policies(
    ctx: Context, details: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    policies = details.get("policies", [])
    if not policies:
        yield Finding.not_applicable(ctx.account_arn, "there is no customer-managed policy")
        return
    for policy in policies:
        name = policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1]
        attached = int(policy.get("AttachmentCount", 0) or 0)
        sids = _policy.grants_full_access(default_document(policy))
        where = (
            f"is attached to {attached} entities"
            if attached
            else "is not attached now (anyone allowed to attach policies can use it)"
        )
        if sids:
            yield Finding.failed(
                policy["Arn"],
                f"policy {name} allows every action on every resource (statement "
                f"{', '.join(sids)}, Action * or a NotAction) and {where}",
                attachments=attached,
                statements=sids,
            )
        else:
            yield Finding.passed(
                policy["Arn"],
                f"policy {name} does not grant full administrator access",
                attachments=attached,
            )


# -- IAM-03-C06: who holds full administrator access ----------------------------------------------

_INLINE_KEYS = {"user": "UserPolicyList", "group": "GroupPolicyList", "role": "RolePolicyList"}
DEFAULT_BREAK_GLASS = r"(?i)break.?glass"


def _admin_sources(
    entity: dict[str, Any], kind: str, details: dict[str, Any]
) -> tuple[list[str], list[Unreadable]]:
    """Which attached (AWS- or customer-managed) and inline policies give full access."""
    local = {p.get("Arn"): p for p in details.get("policies", [])}
    aws_docs = details.get("aws_policies", {})
    sources: list[str] = []
    unknown: list[Unreadable] = []
    for attached in entity.get("AttachedManagedPolicies", []):
        arn = attached.get("PolicyArn", "")
        name = attached.get("PolicyName") or arn.rsplit("/", 1)[-1]
        if arn in local:
            document, label = default_document(local[arn]), f"{name} (customer managed)"
        else:
            document, label = aws_docs.get(arn), f"{name} (AWS managed)"
        if isinstance(document, Unreadable):
            unknown.append(document)
        elif grants_full_admin(document):
            sources.append(label)
    for inline in entity.get(_INLINE_KEYS[kind], []):
        if grants_full_admin(inline.get("PolicyDocument")):
            sources.append(f"{inline.get('PolicyName')} (inline)")
    return sources, unknown


def _requires_mfa(role: dict[str, Any]) -> bool:
    document = role.get("AssumeRolePolicyDocument")
    if _policy.policy_denies_without_mfa(document, "sts:AssumeRole"):
        return True
    people = [
        s
        for s in _policy.statements(document)
        if s.allows and any(k in ("*", "AWS") for k, _ in s.principal_values())
    ]
    return bool(people) and all(_policy.statement_requires_mfa(s) for s in people)


@check("IAM-03-C06", "iam.authorization_details")
def no_full_admin_principals(ctx: Context, details: dict[str, Any]) -> Iterator[Finding]:
    allowed = set(ctx.param("allowed_admin_principals", []) or [])
    break_glass = re.compile(str(ctx.param("break_glass_pattern", DEFAULT_BREAK_GLASS)))
    groups = {g.get("GroupName"): g for g in details.get("groups", [])}
    admin_groups = {name: _admin_sources(g, "group", details)[0] for name, g in groups.items()}
    judged = 0
    for kind, key, name_key in (
        ("user", "users", "UserName"),
        ("group", "groups", "GroupName"),
        ("role", "roles", "RoleName"),
    ):
        for entity in details.get(key, []):
            if str(entity.get("Path", "")).startswith("/aws-service-role/"):
                continue  # service-linked roles: AWS defines and owns their permissions
            judged += 1
            name, arn = entity.get(name_key, ""), entity.get("Arn", "")
            sources, unknown = _admin_sources(entity, kind, details)
            if kind == "user":
                sources += [
                    f"group {g}: {', '.join(admin_groups[g])}"
                    for g in entity.get("GroupList", [])
                    if admin_groups.get(g)
                ]
            if not sources:
                if unknown:
                    yield unknown[0].finding(arn)
                else:
                    yield Finding.passed(arn, f"{kind} {name} has no full administrator access")
                continue
            how = "; ".join(sources)
            if name in allowed or arn in allowed:
                yield Finding.passed(
                    arn,
                    f"{kind} {name} has full administrator access ({how}) as a documented "
                    "exception (allowed_admin_principals)",
                    admin_policies=sources,
                )
            elif kind == "role" and break_glass.search(name) and _requires_mfa(entity):
                yield Finding.passed(
                    arn,
                    f"break-glass role {name} has full administrator access ({how}) and can only "
                    "be assumed with MFA",
                    admin_policies=sources,
                )
            else:
                yield Finding.failed(
                    arn,
                    f"{kind} {name} has full administrator access through {how}",
                    admin_policies=sources,
                )
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, "there are no IAM users, groups or roles")
