"""Reading policy documents (IAM, S3 bucket, KMS key): statements, principals, values."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list[Any]:
    """Policy fields hold a value or a list of values; always give a list."""
    return value if isinstance(value, list) else [] if value is None else [value]


def statements(policy: Any) -> list[dict[str, Any]]:
    """The statements of a policy document (a dict, as boto3 decodes it); none for anything else."""
    if not isinstance(policy, dict):
        return []
    return [s for s in as_list(policy.get("Statement")) if isinstance(s, dict)]


def is_everyone(principal: Any) -> bool:
    """Whether a Principal is every AWS identity ("*" or {"AWS": "*"})."""
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in as_list(principal.get("AWS"))
