"""IAM checks: the root user, account settings, people and their credentials (IAM-01, IAM-02)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..results import Finding, Unreadable
from . import _policy
from ._age import day, days_since, parse_time
from .registry import Context, check

ROOT_ROW = "<root_account>"
SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/"


# --- small readers of IAM data --------------------------------------------------------------


def _user_rows(report: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in report if r.get("user") != ROOT_ROW]


def _root_arn(ctx: Context, row: dict[str, str]) -> str:
    return row.get("arn") or ctx.account_arn


def _row_arn(ctx: Context, row: dict[str, str]) -> str:
    return (
        _root_arn(ctx, row) if row.get("user") == ROOT_ROW else row.get("arn", row.get("user", ""))
    )


def _active_keys(row: dict[str, str]) -> list[int]:
    return [n for n in (1, 2) if row.get(f"access_key_{n}_active") == "true"]


CheckFn = Callable[[Context, list[dict[str, str]]], Iterator[Finding]]


def _report_age(fn: CheckFn) -> CheckFn:
    """Say in each reason how old the credential report it relies on is (AWS caches it 4 h)."""

    @functools.wraps(fn)
    def judged(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
        generated = next((r["report_generated"] for r in report if r.get("report_generated")), "")
        hours = days_since(ctx.now, generated)
        note = (
            f" (credential report generated {generated}, {hours * 24:.1f} h before the check)"
            if generated and hours is not None
            else ""
        )
        for finding in fn(ctx, report):
            yield replace(finding, reason=finding.reason + note) if note else finding

    return judged


# --- IAM-01: root user and account settings ---------------------------------------------------


def root_without_credentials(report: list[dict[str, str]] | None) -> bool:
    """Whether the credential report shows a root user with no password and no active key.

    With centralised root access, member accounts' root credentials are removed; the report then
    says password_enabled "false" for <root_account> (older reports say "not_supported", which
    tells nothing, so it is not taken as "no password").
    """
    root = next((r for r in report or [] if r.get("user") == ROOT_ROW), None)
    return (
        root is not None
        and str(root.get("password_enabled", "")).lower() == "false"
        and not _active_keys(root)
    )


_NO_ROOT_CREDENTIALS = (
    "the root user has no password and no active access key (the credential report's "
    "<root_account> row), as with centralised root access; there is no root sign-in for MFA to "
    "protect"
)


@check("IAM-01-C01", "iam.account_summary", "iam.credential_report")
def root_mfa(
    ctx: Context, summary: dict[str, int], report: list[dict[str, str]] | None = None
) -> Iterator[Finding]:
    if summary.get("AccountMFAEnabled") == 1:
        yield Finding.passed(ctx.account_arn, "the root user has MFA enabled")
    elif root_without_credentials(report):
        yield Finding.not_applicable(ctx.account_arn, _NO_ROOT_CREDENTIALS)
    else:
        yield Finding.failed(ctx.account_arn, "the root user has no MFA device")


@check("IAM-01-C02", "iam.account_summary")
def root_access_keys(ctx: Context, summary: dict[str, int]) -> Iterator[Finding]:
    if summary.get("AccountAccessKeysPresent", 0) == 0:
        yield Finding.passed(ctx.account_arn, "the root user has no access keys")
    else:
        yield Finding.failed(ctx.account_arn, "the root user has access keys")


@check("IAM-01-C03", "iam.account_summary", "iam.assigned_virtual_mfa", "iam.credential_report")
def root_hardware_mfa(
    ctx: Context,
    summary: dict[str, int],
    virtual: list[dict[str, str]],
    report: list[dict[str, str]] | None = None,
) -> Iterator[Finding]:
    if summary.get("AccountMFAEnabled") != 1:
        if root_without_credentials(report):
            yield Finding.not_applicable(ctx.account_arn, _NO_ROOT_CREDENTIALS)
        else:
            yield Finding.failed(ctx.account_arn, "the root user has no MFA device at all")
        return
    root_devices = [
        d["serial"]
        for d in virtual
        if d.get("user_arn", "").endswith(":root")
        or d.get("serial", "").endswith("/root-account-mfa-device")
    ]
    if root_devices:
        yield Finding.failed(
            ctx.account_arn,
            "the root user's MFA is a virtual authenticator, not a hardware key or passkey",
            virtual_devices=root_devices,
        )
    else:
        yield Finding.passed(
            ctx.account_arn, "the root user has MFA and none of it is a virtual authenticator"
        )


@check("IAM-01-C04", "iam.credential_report")
@_report_age
def root_recent_use(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    root = next((r for r in report if r.get("user") == ROOT_ROW), None)
    if root is None:
        yield Finding.not_assessable(
            ctx.account_arn,
            "the credential report has no <root_account> row, so root use cannot be read",
        )
        return
    max_days = int(ctx.param("max_days_since_root_use", 90))
    problems = []
    used = days_since(ctx.now, root.get("password_last_used"))
    if used is not None and used <= max_days:
        problems.append(
            f"the root password was used {int(used)} days ago "
            f"({day(root.get('password_last_used'))})"
        )
    for n in (1, 2):
        key_used = days_since(ctx.now, root.get(f"access_key_{n}_last_used_date"))
        if key_used is not None and key_used <= max_days:
            problems.append(f"root access key {n} was used {int(key_used)} days ago")
    active = _active_keys(root)
    if active:
        problems.append(f"root access key {' and '.join(map(str, active))} is active")
    details = {
        "password_last_used": day(root.get("password_last_used")),
        "max_days_since_root_use": max_days,
    }
    if problems:
        yield Finding.failed(_root_arn(ctx, root), "; ".join(problems), **details)
    else:
        yield Finding.passed(
            _root_arn(ctx, root),
            f"the root user has not been used in the last {max_days} days and has no active key",
            **details,
        )


@check("IAM-01-C07", "iam.password_policy")
def password_policy(ctx: Context, policy: dict[str, Any] | None) -> Iterator[Finding]:
    min_length = int(ctx.param("min_password_length", 14))
    reuse = int(ctx.param("password_reuse_prevention", 24))
    if policy is None:
        yield Finding.failed(
            ctx.account_arn,
            "no account password policy is set, so IAM's weak defaults apply",
            min_password_length=min_length,
            password_reuse_prevention=reuse,
        )
        return
    length = int(policy.get("MinimumPasswordLength", 0) or 0)
    remembered = int(policy.get("PasswordReusePrevention", 0) or 0)
    problems = []
    if length < min_length:
        problems.append(f"minimum length is {length} (needs {min_length})")
    if remembered < reuse:
        problems.append(f"reuse prevention remembers {remembered} passwords (needs {reuse})")
    details = {"MinimumPasswordLength": length, "PasswordReusePrevention": remembered}
    if problems:
        yield Finding.failed(
            ctx.account_arn, "password policy is weak: " + "; ".join(problems), **details
        )
    else:
        yield Finding.passed(ctx.account_arn, "password policy meets the baseline", **details)


@check("IAM-01-C08", "iam.organizations_features")
def root_access_management(
    ctx: Context, features: dict[str, Any] | Unreadable
) -> Iterator[Finding]:
    if isinstance(features, Unreadable):
        yield features.finding(ctx.account_arn)
        return
    if features.get("no_organization"):
        yield Finding.not_applicable(
            ctx.account_arn,
            "the account is in no organization; centralised root access is an organization feature",
        )
        return
    enabled = list(features.get("enabled", []))
    if "RootCredentialsManagement" in enabled:
        extra = "" if "RootSessions" in enabled else " (privileged root sessions are not enabled)"
        yield Finding.passed(
            ctx.account_arn,
            f"centralised root credentials management is enabled{extra}",
            enabled_features=enabled,
        )
    else:
        why = f" ({features['reason']})" if features.get("reason") else ""
        yield Finding.failed(
            ctx.account_arn,
            f"centralised root credentials management is not enabled{why}",
            enabled_features=enabled,
        )


# --- IAM-02: people and their credentials ---------------------------------------------------


def _trusts_saml(role: dict[str, Any], providers: set[str]) -> list[str]:
    """SAML providers (that still exist) an Allow in the role's trust policy names."""
    return [
        value
        for st in _policy.statements(role.get("AssumeRolePolicyDocument"))
        if st.allows
        for kind, value in st.principal_values()
        if kind == "Federated" and ":saml-provider/" in value and value in providers
    ]


@check("IAM-02-C02", "iam.authorization_details", "iam.saml_providers")
def federation_in_use(
    ctx: Context, details: dict[str, list[dict[str, Any]]], providers: list[str]
) -> Iterator[Finding]:
    roles = details.get("roles", [])
    sso = [r["RoleName"] for r in roles if str(r.get("Path", "")).startswith(SSO_ROLE_PATH)]
    saml = [r["RoleName"] for r in roles if _trusts_saml(r, set(providers))]
    if sso or saml:
        parts = []
        if sso:
            parts.append(f"{len(sso)} IAM Identity Center role(s)")
        if saml:
            parts.append(f"{len(saml)} role(s) trusting a SAML provider")
        yield Finding.passed(
            ctx.account_arn,
            "people sign in through federation: " + ", ".join(parts),
            identity_center_roles=sso[:20],
            saml_roles=saml[:20],
        )
    else:
        yield Finding.failed(
            ctx.account_arn,
            "no IAM Identity Center role and no role trusting a SAML provider exists",
            saml_providers=len(providers),
        )


@check("IAM-02-C03", "iam.credential_report")
@_report_age
def console_users_mfa(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    console = [r for r in _user_rows(report) if r.get("password_enabled") == "true"]
    if not console:
        yield Finding.not_applicable(ctx.account_arn, "no IAM user has a console password")
        return
    for row in console:
        if row.get("mfa_active") == "true":
            yield Finding.passed(row["arn"], f"console user {row['user']} has MFA")
        else:
            yield Finding.failed(row["arn"], f"console user {row['user']} has no MFA device")


@check("IAM-02-C04", "iam.credential_report")
@_report_age
def console_users_minimised(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    allowed = set(ctx.param("allowed_console_users", []) or [])
    console = [r for r in _user_rows(report) if r.get("password_enabled") == "true"]
    if not console:
        yield Finding.passed(ctx.account_arn, "no IAM user has a console password")
        return
    for row in console:
        if row["user"] in allowed or row.get("arn") in allowed:
            yield Finding.passed(
                row["arn"], f"{row['user']} is a documented console-user exception"
            )
        else:
            yield Finding.failed(
                row["arn"],
                f"{row['user']} signs in with an IAM password instead of the identity provider "
                "(not in allowed_console_users)",
            )


@check("IAM-02-C05", "iam.credential_report")
@_report_age
def access_key_rotation(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    max_age = int(ctx.param("max_key_age_days", 90))
    any_key = False
    for row in report:
        keys = _active_keys(row)
        if not keys:
            continue
        any_key = True
        stale = []
        for n in keys:
            age = days_since(ctx.now, row.get(f"access_key_{n}_last_rotated"))
            if age is None or age > max_age:
                when = row.get(f"access_key_{n}_last_rotated")
                stale.append(
                    f"key {n} last rotated {day(when)}"
                    + (f" ({int(age)} days ago)" if age is not None else "")
                )
        name = row.get("user", "")
        if stale:
            yield Finding.failed(
                _row_arn(ctx, row), f"{name}: {'; '.join(stale)} (limit {max_age} days)"
            )
        else:
            yield Finding.passed(
                _row_arn(ctx, row), f"{name}: active keys rotated within {max_age} days"
            )
    if not any_key:
        yield Finding.not_applicable(ctx.account_arn, "no active access keys")


@check("IAM-02-C06", "iam.credential_report")
@_report_age
def unused_credentials(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    max_days = int(ctx.param("max_unused_days", 45))
    checked = False
    for row in report:
        root = row.get("user") == ROOT_ROW
        unused: list[str] = []
        has_credential = False
        if not root and row.get("password_enabled") == "true":
            has_credential = True
            last = row.get("password_last_used")
            if parse_time(last) is None:  # never used: count from when the password was set
                last = row.get("password_last_changed") or row.get("user_creation_time")
                label = "password never used, set"
            else:
                label = "password last used"
            age = days_since(ctx.now, last)
            if age is not None and age > max_days:
                unused.append(f"{label} {day(last)}")
        for n in _active_keys(row):
            has_credential = True
            last = row.get(f"access_key_{n}_last_used_date")
            label = f"key {n} last used"
            if parse_time(last) is None:
                last = row.get(f"access_key_{n}_last_rotated")
                label = f"key {n} never used, created"
            age = days_since(ctx.now, last)
            if age is not None and age > max_days:
                unused.append(f"{label} {day(last)}")
        if not has_credential:
            continue
        checked = True
        name = row.get("user", "")
        if unused:
            yield Finding.failed(
                _row_arn(ctx, row),
                f"{name}: enabled credentials unused for over {max_days} days: {'; '.join(unused)}",
            )
        else:
            yield Finding.passed(
                _row_arn(ctx, row),
                f"{name}: every enabled credential was used in the last {max_days} days",
            )
    if not checked:
        yield Finding.not_applicable(ctx.account_arn, "no IAM user has an enabled password or key")


@check("IAM-02-C07", "iam.credential_report")
@_report_age
def one_active_key(ctx: Context, report: list[dict[str, str]]) -> Iterator[Finding]:
    with_keys = [r for r in _user_rows(report) if _active_keys(r)]
    if not with_keys:
        yield Finding.not_applicable(ctx.account_arn, "no IAM user has an active access key")
        return
    for row in with_keys:
        if len(_active_keys(row)) > 1:
            yield Finding.failed(row["arn"], f"{row['user']} has two active access keys")
        else:
            yield Finding.passed(row["arn"], f"{row['user']} has one active access key")


@check("IAM-02-C08", "iam.authorization_details")
def no_direct_user_policies(
    ctx: Context, details: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    users = details.get("users", [])
    if not users:
        yield Finding.not_applicable(ctx.account_arn, "there are no IAM users")
        return
    for user in users:
        attached = [p.get("PolicyName", "") for p in user.get("AttachedManagedPolicies", [])]
        inline = [p.get("PolicyName", "") for p in user.get("UserPolicyList", [])]
        if attached or inline:
            parts = []
            if attached:
                parts.append(f"attached {', '.join(attached)}")
            if inline:
                parts.append(f"inline {', '.join(inline)}")
            yield Finding.failed(
                user["Arn"],
                f"{user['UserName']} has policies directly on the user ({'; '.join(parts)})",
                groups=user.get("GroupList", []),
            )
        else:
            yield Finding.passed(
                user["Arn"],
                f"{user['UserName']} gets permissions only through groups",
                groups=user.get("GroupList", []),
            )
