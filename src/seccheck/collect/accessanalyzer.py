"""IAM Access Analyzer facts: analyzers per region, and the organization's Access Analyzer admin."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .account import membership
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "accessanalyzer": ("ListAnalyzers",),
    "organizations": ("DescribeOrganization", "ListDelegatedAdministrators"),
}
SERVICE_PRINCIPAL = "access-analyzer.amazonaws.com"


@fact("accessanalyzer.analyzers", scope="regional")
def analyzers(api: Api) -> list[dict[str, Any]]:
    return api.paginate("accessanalyzer", "list_analyzers", "analyzers") or []


@fact("accessanalyzer.organization_admin", scope="global")
def organization_admin(api: Api) -> dict[str, Any] | None | Unreadable:
    """The organization and its delegated administrators for IAM Access Analyzer.

    None when the account is in no organization. Organizations answers
    ListDelegatedAdministrators only in the management account (or its delegated administrator
    for Organizations); elsewhere the answer is Unreadable, never a guess.
    """
    try:
        org = membership(api)
    except ApiError as err:
        return Unreadable(err.status, err.reason)
    if org is None:
        return None
    out = {"organization": org.get("Id", ""), "management": org.get("MasterAccountId", "")}
    try:
        admins = api.paginate(
            "organizations",
            "list_delegated_administrators",
            "DelegatedAdministrators",
            ServicePrincipal=SERVICE_PRINCIPAL,
        )
    except ApiError as err:
        return Unreadable(
            Status.NOT_ASSESSABLE,
            f"account {api.account} is in organization {out['organization']}, whose delegated "
            f"administrator for IAM Access Analyzer could not be read ({err.reason}); an "
            "ORGANIZATION analyzer there would cover this account: assess IAM-03-C03 from the "
            f"management account {out['management']}",
        )
    return out | {"delegated_admins": sorted(a.get("Id", "") for a in admins or [])}
