"""Firewall Manager facts (regional, meaningful in the Firewall Manager administrator account)."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "fms": ("ListPolicies",),
}

# How AWS answers ListPolicies when the organization has no Firewall Manager administrator.
NO_ADMIN_MESSAGE = "no default admin could be found"


@fact("fms.policies", scope="regional")
def policies(api: Api) -> list[dict[str, Any]] | None:
    """Firewall Manager policy summaries; None when Firewall Manager has no administrator.

    Any other denial (e.g. this account is not the administrator) stays an error, so the check
    says it could not see rather than guessing.
    """
    try:
        return api.paginate("fms", "list_policies", "PolicyList") or []
    except ApiError as err:
        if err.code == "AccessDeniedException" and NO_ADMIN_MESSAGE in err.reason.lower():
            return None
        raise
