"""IR-01 incident-response roles: a break-glass role people assume with MFA, a support role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding
from . import _policy
from ._age import day
from .registry import Context, check

# AWS-managed policies; matched in the run's partition through Context.aws_policy_arn.
SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
SUPPORT_ACCESS = "arn:aws:iam::aws:policy/AWSSupportAccess"
DEFAULT_IR_PATTERN = r"(?i)(break.?glass|incident|security-?ir|forensic)"


def _named(principal: str) -> bool:
    """Tell whether a principal is one user, role or provider (not everyone, not an account)."""
    text = str(principal)
    if text == "*" or re.fullmatch(r"\d{12}", text) or text.endswith(":root"):
        return False
    return bool(re.search(r":(role|user|assumed-role|saml-provider|oidc-provider)/", text))


def _human_statements(role: dict[str, Any]) -> list[_policy.Statement]:
    """Allow statements that let people (not AWS services) assume the role."""
    return [
        st
        for st in _policy.statements(role.get("AssumeRolePolicyDocument"))
        if st.allows
        and (
            st.everyone()
            or st.anyone_but()
            or any(kind in ("AWS", "Federated") for kind, _ in st.principal_values())
        )
    ]


def _vendor_role(role: dict[str, Any], account: str) -> bool:
    """Tell whether only other accounts may assume the role, and only with an sts:ExternalId.

    That is a third party's software (a CSPM or audit vendor), which cannot use MFA and is not a
    break-glass role for people.
    """
    humans = _human_statements(role)
    return bool(humans) and all(
        _policy.external_id_required(st)
        and st.accounts()
        and account not in st.accounts()
        and not st.everyone()
        for st in humans
    )


def _trust_problems(role: dict[str, Any]) -> list[str]:
    document = role.get("AssumeRolePolicyDocument")
    if _policy.policy_denies_without_mfa(document, "sts:AssumeRole"):
        return []
    problems = []
    for st in _human_statements(role):
        if st.anyone_but():
            problems.append("trusts everyone but the principals in NotPrincipal")
            continue
        names = [v for kind, v in st.principal_values() if kind in ("*", "AWS", "Federated")]
        if _policy.statement_requires_mfa(st) or all(_named(p) for p in names):
            continue
        problems.append(f"trusts {', '.join(names)} without requiring MFA")
    return problems


@check("IR-01-C01", "iam.authorization_details")
def incident_role(ctx: Context, details: dict[str, list[dict[str, Any]]]) -> Iterator[Finding]:
    pattern = re.compile(str(ctx.param("role_name_pattern", DEFAULT_IR_PATTERN)))
    candidates = []
    vendors: list[str] = []
    for role in details.get("roles", []):
        if str(role.get("Path", "")).startswith("/aws-service-role/") or not _human_statements(
            role
        ):
            continue
        attached = {p.get("PolicyArn") for p in role.get("AttachedManagedPolicies", [])}
        audit = ctx.aws_policy_arn(SECURITY_AUDIT) in attached
        if _vendor_role(role, ctx.account):
            vendors.append(role["RoleName"])
        elif pattern.search(role.get("RoleName", "")) or audit:
            candidates.append(role)
    if not candidates:
        yield Finding.failed(
            ctx.account_arn,
            "no incident-response or break-glass role (name matching role_name_pattern or with "
            "SecurityAudit attached) that people can assume",
            role_name_pattern=pattern.pattern,
            vendor_roles_skipped=vendors,
        )
        return
    for role in candidates:
        last_used = day((role.get("RoleLastUsed") or {}).get("LastUsedDate"))
        problems = _trust_problems(role)
        if problems:
            yield Finding.failed(
                role["Arn"],
                f"{role['RoleName']} {'; '.join(problems)}",
                last_used=last_used,
                vendor_roles_skipped=vendors,
            )
        else:
            yield Finding.passed(
                role["Arn"],
                f"{role['RoleName']} can only be assumed with MFA or by named principals",
                last_used=last_used,
                vendor_roles_skipped=vendors,
            )


@check("IR-01-C02", "iam.authorization_details")
def support_role(ctx: Context, details: dict[str, list[dict[str, Any]]]) -> Iterator[Finding]:
    roles = [
        r
        for r in details.get("roles", [])
        if ctx.aws_policy_arn(SUPPORT_ACCESS)
        in {p.get("PolicyArn") for p in r.get("AttachedManagedPolicies", [])}
    ]
    if not roles:
        yield Finding.failed(ctx.account_arn, "no role has the AWSSupportAccess policy attached")
        return
    for role in roles:
        yield Finding.passed(
            role["Arn"], f"{role['RoleName']} can open and manage AWS Support cases"
        )
