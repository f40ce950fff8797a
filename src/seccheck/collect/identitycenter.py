"""IAM Identity Center facts: the instance, wherever its home region is."""

from __future__ import annotations

from typing import Any

from ..results import Unreadable
from .account import member_only, probe_regions
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "sso-admin": ("ListInstances",),
}


@fact("sso-admin.instances", scope="global")
def instances(api: Api) -> dict[str, Any] | Unreadable:
    """Identity Center instances, found by probing enabled regions (it lives in one).

    From an organization member that has no instance of its own the organization's instance
    is invisible, which is not a finding: Unreadable (NOT_ASSESSABLE) points to the right account.
    """

    def read(region: str) -> list[dict[str, Any]]:
        found = api.paginate("sso-admin", "list_instances", "Instances", region=region) or []
        return [dict(i, Region=region) for i in found]

    probe = probe_regions(api, "sso-admin", read)
    if not probe["found"]:
        elsewhere = member_only(api, "the organization's IAM Identity Center instance")
        if elsewhere is not None:
            return elsewhere
    return probe
