"""Organizations facts (global): the organization, its accounts and OUs, its SCPs.

The structure and policies can only be listed from the management account or a delegated
administrator; from any other member they are Unreadable (NOT_ASSESSABLE), never a finding.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .account import membership
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "organizations": (
        "ListAccounts",
        "ListOrganizationalUnitsForParent",
        "ListPolicies",
        "ListRoots",
        "ListTargetsForPolicy",
    ),
}

SCP = "SERVICE_CONTROL_POLICY"


@fact("organizations.organization", scope="global")
def organization(api: Api) -> dict[str, Any] | None:
    """DescribeOrganization (works from members too); None when the account is in none."""
    return membership(api)


def _elsewhere(api: Api, org: dict[str, Any], detail: str = "") -> Unreadable:
    suffix = f" ({detail})" if detail else ""
    return Unreadable(
        Status.NOT_ASSESSABLE,
        f"account {api.account} is a member of organization {org.get('Id', '?')}, not its "
        f"management account; run from {org.get('MasterAccountId', 'the management account')} or "
        f"a delegated administrator{suffix}",
    )


def _member_view(api: Api, org: dict[str, Any]) -> Unreadable | None:
    """Unreadable unless this account may read the organization's structure.

    The management account may. A member may only as a delegated administrator, which shows as
    a ListAccounts that works and lists accounts; a refusal, or an empty answer, means the data
    lives in another account.
    """
    if org.get("MasterAccountId") == api.account:
        return None
    try:
        accounts = api.paginate("organizations", "list_accounts", "Accounts") or []
    except ApiError as err:
        return _elsewhere(api, org, err.reason)
    return None if accounts else _elsewhere(api, org)


@fact("organizations.structure", scope="global")
def structure(api: Api) -> dict[str, Any] | Unreadable | None:
    """Accounts, roots and top-level OUs; None when not in an organization."""
    org = membership(api)
    if org is None:
        return None
    elsewhere = _member_view(api, org)
    if elsewhere is not None:
        return elsewhere
    try:
        accounts = api.paginate("organizations", "list_accounts", "Accounts") or []
        roots = api.paginate("organizations", "list_roots", "Roots") or []
        ous: list[dict[str, Any]] = []
        for root in roots:
            ous.extend(
                api.paginate(
                    "organizations",
                    "list_organizational_units_for_parent",
                    "OrganizationalUnits",
                    ParentId=root["Id"],
                )
                or []
            )
    except ApiError as err:
        if org.get("MasterAccountId") != api.account:  # a delegated administrator, refused
            return _elsewhere(api, org, err.reason)
        raise
    return {"organization": org, "accounts": accounts, "roots": roots, "ous": ous}


@fact("organizations.scps", scope="global")
def service_control_policies(api: Api) -> dict[str, Any] | Unreadable | None:
    """List customer SCPs with their targets (Unreadable per policy when a target list fails)."""
    org = membership(api)
    if org is None:
        return None
    elsewhere = _member_view(api, org)
    if elsewhere is not None:
        return elsewhere
    try:
        listed = api.paginate("organizations", "list_policies", "Policies", Filter=SCP) or []
        roots = api.paginate("organizations", "list_roots", "Roots") or []
    except ApiError as err:
        if org.get("MasterAccountId") != api.account:  # a delegated administrator, refused
            return _elsewhere(api, org, err.reason)
        raise
    enabled = bool(roots) and all(
        any(t.get("Type") == SCP and t.get("Status") == "ENABLED" for t in r.get("PolicyTypes", []))
        for r in roots
    )
    policies = []
    for policy in listed:
        if policy.get("AwsManaged"):
            continue
        entry = dict(policy)
        try:
            entry["targets"] = (
                api.paginate(
                    "organizations",
                    "list_targets_for_policy",
                    "Targets",
                    resource=policy["Arn"],
                    PolicyId=policy["Id"],
                )
                or []
            )
        except ApiError as err:
            entry["targets"] = Unreadable(err.status, err.reason)
        policies.append(entry)
    return {"organization": org, "scp_enabled": enabled, "policies": policies}
