"""Helpers shared by the IAM check tests: a fixed clock and account, credential-report rows,
roles and trust policies."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from seccheck.checks.registry import Context
from seccheck.results import Status

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, NOW)


def ctx(**params):
    return Context(ACCOUNT, "us-east-1", params, NOW)


def ago(days: float) -> str:
    return (NOW - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def row(user: str, **fields: str) -> dict[str, str]:
    base = {
        "user": user,
        "arn": f"arn:aws:iam::{ACCOUNT}:user/{user}",
        "user_creation_time": ago(10),
        "password_enabled": "false",
        "password_last_used": "N/A",
        "password_last_changed": "N/A",
        "mfa_active": "false",
        "access_key_1_active": "false",
        "access_key_1_last_rotated": "N/A",
        "access_key_1_last_used_date": "N/A",
        "access_key_2_active": "false",
        "access_key_2_last_rotated": "N/A",
        "access_key_2_last_used_date": "N/A",
    }
    return base | fields


def root_row(**fields: str) -> dict[str, str]:
    return row(
        "<root_account>",
        **{"arn": f"arn:aws:iam::{ACCOUNT}:root", "password_enabled": "not_supported"} | fields,
    )


def kinds(findings) -> list[Status]:
    return [f.status for f in findings]


def by_resource(findings) -> dict[str, Status]:
    return {f.resource: f.status for f in findings}


def role(name: str, trust: dict, path: str = "/", policies: tuple[str, ...] = ()) -> dict:
    return {
        "RoleName": name,
        "Arn": f"arn:aws:iam::{ACCOUNT}:role{path}{name}",
        "Path": path,
        "AssumeRolePolicyDocument": trust,
        "AttachedManagedPolicies": [
            {"PolicyArn": p, "PolicyName": p.rsplit("/", 1)[-1]} for p in policies
        ],
    }


def trust(principal, condition=None) -> dict:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}
