"""IR-01 incident-response roles: a break-glass role people assume with MFA, a support role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding
from ._age import day
from .registry import Context, check
from .resource_policy import as_list, statements

# AWS-managed policies; matched in the run's partition through Context.aws_policy_arn.
SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
SUPPORT_ACCESS = "arn:aws:iam::aws:policy/AWSSupportAccess"
DEFAULT_IR_PATTERN = r"(?i)(break.?glass|incident|security-?ir|forensic)"


def _requires_mfa(statement: dict[str, Any]) -> bool:
    for conditions in (statement.get("Condition") or {}).values():
        if not isinstance(conditions, dict):
            continue
        for key, value in conditions.items():
            key_l = key.lower()
            if key_l == "aws:multifactorauthpresent" and "true" in {
                str(v).lower() for v in as_list(value)
            }:
                return True
            if key_l == "aws:multifactorauthage":
                return True
    return False


def _named(principal: str) -> bool:
    """Tell whether a principal is one user, role or provider (not everyone, not an account)."""
    text = str(principal)
    if text == "*" or re.fullmatch(r"\d{12}", text) or text.endswith(":root"):
        return False
    return bool(re.search(r":(role|user|assumed-role|saml-provider|oidc-provider)/", text))


def _human_statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    """Allow statements that let people (not AWS services) assume the role."""
    out = []
    for st in statements(role.get("AssumeRolePolicyDocument")):
        if st.get("Effect") != "Allow":
            continue
        principal = st.get("Principal")
        if principal == "*" or (
            isinstance(principal, dict) and (principal.get("AWS") or principal.get("Federated"))
        ):
            out.append(st)
    return out


def _trust_problems(role: dict[str, Any]) -> list[str]:
    problems = []
    for st in _human_statements(role):
        principal = st.get("Principal") or {}
        if principal == "*":
            names: list[str] = ["*"]
        else:
            names = [
                str(p)
                for p in as_list(principal.get("AWS")) + as_list(principal.get("Federated"))
            ]
        if _requires_mfa(st) or all(_named(p) for p in names):
            continue
        problems.append(f"trusts {', '.join(names)} without requiring MFA")
    return problems


@check("IR-01-C01", "iam.authorization_details")
def incident_role(ctx: Context, details: dict[str, list[dict[str, Any]]]) -> Iterator[Finding]:
    pattern = re.compile(str(ctx.param("role_name_pattern", DEFAULT_IR_PATTERN)))
    candidates = []
    for role in details.get("roles", []):
        if str(role.get("Path", "")).startswith("/aws-service-role/") or not _human_statements(
            role
        ):
            continue
        attached = {p.get("PolicyArn") for p in role.get("AttachedManagedPolicies", [])}
        audit = ctx.aws_policy_arn(SECURITY_AUDIT) in attached
        if pattern.search(role.get("RoleName", "")) or audit:
            candidates.append(role)
    if not candidates:
        yield Finding.failed(
            ctx.account_arn,
            "no incident-response or break-glass role (name matching role_name_pattern or with "
            "SecurityAudit attached) that people can assume",
            role_name_pattern=pattern.pattern,
        )
        return
    for role in candidates:
        last_used = day((role.get("RoleLastUsed") or {}).get("LastUsedDate"))
        problems = _trust_problems(role)
        if problems:
            yield Finding.failed(
                role["Arn"], f"{role['RoleName']} {'; '.join(problems)}", last_used=last_used
            )
        else:
            yield Finding.passed(
                role["Arn"],
                f"{role['RoleName']} can only be assumed with MFA or by named principals",
                last_used=last_used,
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
