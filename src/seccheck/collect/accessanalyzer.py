"""IAM Access Analyzer facts: analyzers per region, and the organization's Access Analyzer admin."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .account import member_only, membership, probe_regions
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "accessanalyzer": ("ListAnalyzers", "ListFindingsV2"),
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


UNUSED_ACCESS_TYPES = ("ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS")
EXTERNAL_ACCESS_TYPES = ("ACCOUNT", "ORGANIZATION")


@fact("accessanalyzer.unused_access_analyzers", scope="global")
def unused_access_analyzers(api: Api) -> dict[str, Any] | Unreadable:
    """Unused-access analyzers, found by probing enabled regions (one covers the account).

    From an organization member without one of its own, the organization's analyzer (in the
    delegated administrator) is invisible: Unreadable (NOT_ASSESSABLE) names where to look.
    """

    def read(region: str) -> list[dict[str, Any]]:
        found = api.paginate("accessanalyzer", "list_analyzers", "analyzers", region=region) or []
        return [dict(a, region=region) for a in found if a.get("type") in UNUSED_ACCESS_TYPES]

    probe = probe_regions(api, "accessanalyzer", read)
    if not probe["found"]:
        elsewhere = member_only(api, "the organization's unused-access analyzer")
        if elsewhere is not None:
            return elsewhere
    return probe


@fact("accessanalyzer.active_findings", scope="regional")
def active_findings(api: Api) -> dict[str, Any]:
    """ACTIVE findings of this account's active external-access analyzers in this region.

    Returns {"analyzers": [arn, ...], "findings": [...]}: id, resource, resource type, owner
    account, finding type and dates (ListFindingsV2, filtered on status ACTIVE).
    """
    active = [
        a
        for a in analyzers(api)
        if a.get("status") == "ACTIVE" and a.get("type") in EXTERNAL_ACCESS_TYPES
    ]
    findings: list[dict[str, Any]] = []
    for analyzer in active:
        found = api.paginate(
            "accessanalyzer",
            "list_findings_v2",
            "findings",
            analyzerArn=analyzer["arn"],
            filter={"status": {"eq": ["ACTIVE"]}},
        )
        findings += [dict(f, analyzer=analyzer["arn"]) for f in found or []]
    return {"analyzers": [a["arn"] for a in active], "findings": findings}
