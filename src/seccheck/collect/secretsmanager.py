"""Secrets Manager facts (regional): secret metadata only, never a secret value."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "secretsmanager": ("ListSecrets",),
}


@fact("secretsmanager.secrets", scope="regional")
def secrets(api: Api) -> list[dict[str, Any]]:
    """ListSecrets: names, rotation settings and dates (the guard refuses value reads)."""
    return api.paginate("secretsmanager", "list_secrets", "SecretList") or []
