"""ECR facts (regional): the registry scanning configuration and the repositories."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ecr": ("DescribeRepositories", "GetRegistryScanningConfiguration"),
}


@fact("ecr.registry_scanning", scope="regional")
def registry_scanning(api: Api) -> dict[str, Any]:
    """{"scanType": "BASIC" | "ENHANCED", "rules": [...]}."""
    resp = api.call("ecr", "get_registry_scanning_configuration")
    return dict(resp.get("scanningConfiguration") or {"scanType": "BASIC", "rules": []})


@fact("ecr.repositories", scope="regional")
def repositories(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ecr", "describe_repositories", "repositories") or []
