"""Security Hub facts (regional): the hub, its standards, the oldest open severe findings."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "securityhub": (
        "DescribeHub",
        "GetEnabledStandards",
        "GetFindingAggregator",
        "GetFindings",
        "ListFindingAggregators",
    ),
}

NOT_ENABLED = ("InvalidAccessException",)
# The oldest page is enough to answer "is anything older than N days?" (sorted oldest first).
FINDINGS_PAGE = 100
SEVERE_OPEN = {
    "SeverityLabel": [
        {"Value": "CRITICAL", "Comparison": "EQUALS"},
        {"Value": "HIGH", "Comparison": "EQUALS"},
    ],
    "WorkflowStatus": [
        {"Value": "NEW", "Comparison": "EQUALS"},
        {"Value": "NOTIFIED", "Comparison": "EQUALS"},
    ],
    "RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}],
}


def _hub(api: Api) -> dict[str, Any] | None:
    reply = api.call("securityhub", "describe_hub", absent_on=NOT_ENABLED)
    return None if reply is None else dict(reply)


@fact("securityhub.hub", scope="regional")
def hub(api: Api) -> dict[str, Any] | None:
    """Read the hub (None when Security Hub is off here) and its enabled standards.

    Standards are read only when the hub is on; if that read fails (denied, or an endpoint
    without the API) the hub is still known and the check can say what it saw.
    """
    found = _hub(api)
    if found is None:
        return None
    try:
        standards: list[dict[str, Any]] | Unreadable = (
            api.paginate("securityhub", "get_enabled_standards", "StandardsSubscriptions") or []
        )
    except ApiError as err:
        standards = Unreadable(err.status, err.reason)
    return {
        "HubArn": found.get("HubArn", ""),
        "SubscribedAt": found.get("SubscribedAt"),
        "standards": standards,
    }


def first_observed(finding: dict[str, Any]) -> Any:
    """When the issue was first seen: FirstObservedAt, else CreatedAt (ASFF).

    UpdatedAt moves every time a periodic control check re-evaluates the resource (every
    12-24 h), so it never shows how long a finding has been left open.
    """
    return finding.get("FirstObservedAt") or finding.get("CreatedAt")


@fact("securityhub.aggregation_region", scope="regional")
def aggregation_region(api: Api) -> str | None:
    """The region this region's findings are aggregated into (None: none, or this region).

    Cross-Region aggregation replicates a linked region's findings (GuardDuty's included) to
    the aggregation region, where one set of EventBridge rules can route them. Unreadable
    (denied, not supported) counts as none: the check then judges local rules, as before.
    """
    try:
        listed = api.call(
            "securityhub", "list_finding_aggregators", absent_on=NOT_ENABLED
        )
        for item in (listed or {}).get("FindingAggregators", []):
            arn = item.get("FindingAggregatorArn", "")
            found = api.call("securityhub", "get_finding_aggregator", FindingAggregatorArn=arn)
            home = found.get("FindingAggregationRegion")
            mode = found.get("RegionLinkingMode", "")
            regions = set(found.get("Regions") or [])
            linked = (
                mode == "ALL_REGIONS"
                or (mode == "ALL_REGIONS_EXCEPT_SPECIFIED" and api.region not in regions)
                or (mode == "SPECIFIED_REGIONS" and api.region in regions)
            )
            if home and home != api.region and linked:
                return str(home)
    except ApiError:
        return None
    return None


@fact("securityhub.open_severe_findings", scope="regional")
def open_severe_findings(api: Api) -> dict[str, Any] | None:
    """Read the oldest active CRITICAL/HIGH findings still NEW or NOTIFIED (None: hub off).

    Only this account's findings in this region: an administrator or aggregation-region hub
    also returns member-account and linked-region findings, which their own runs assess. One
    sorted page, oldest first observed first: if even the oldest is recent there is nothing
    stale. The filters are re-applied here because some endpoints ignore them.
    """
    found = _hub(api)
    if found is None:
        return None
    filters = SEVERE_OPEN | {
        "AwsAccountId": [{"Value": api.account, "Comparison": "EQUALS"}],
        "Region": [{"Value": api.region, "Comparison": "EQUALS"}],
    }
    reply = api.call(
        "securityhub",
        "get_findings",
        Filters=filters,
        MaxResults=FINDINGS_PAGE,
        SortCriteria=[{"Field": "FirstObservedAt", "SortOrder": "asc"}],
    )
    keep = []
    for f in reply.get("Findings", []):
        label = (f.get("Severity") or {}).get("Label", "")
        status = (f.get("Workflow") or {}).get("Status") or f.get("WorkflowState", "")
        if (
            label in ("CRITICAL", "HIGH")
            and status in ("NEW", "NOTIFIED")
            and f.get("RecordState", "ACTIVE") == "ACTIVE"
            and f.get("AwsAccountId", api.account) == api.account
            and f.get("Region", api.region) == api.region
        ):
            keep.append(
                {k: f.get(k) for k in ("Id", "Title", "UpdatedAt", "ProductArn")}
                | {"Severity": label, "WorkflowStatus": status}
                | {"FirstObservedAt": first_observed(f)}
            )
    keep.sort(key=lambda f: str(f.get("FirstObservedAt") or ""))
    return {
        "HubArn": found.get("HubArn", ""),
        "findings": keep,
        "more": bool(reply.get("NextToken")),
    }
