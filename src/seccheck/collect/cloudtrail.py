"""CloudTrail facts (global): every trail visible from the run's region, with its status.

Multi-region trails are visible from every region, so one DescribeTrails (with shadow trails)
finds them all. Status is read for every trail (DET-01-C04 judges every trail's CloudWatch Logs
delivery); event selectors only for multi-region trails (the only ones that can satisfy the
baseline). Each read goes to the trail's home region; a failure on one trail is Unreadable for
that trail alone.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "cloudtrail": ("DescribeTrails", "GetEventSelectors", "GetTrailStatus"),
}


@fact("cloudtrail.trails", scope="global")
def trails(api: Api) -> list[dict[str, Any]]:
    listed = api.call("cloudtrail", "describe_trails", includeShadowTrails=True).get(
        "trailList", []
    )
    out = []
    for trail in listed:
        entry = dict(trail)
        arn = trail.get("TrailARN", "")
        home = trail.get("HomeRegion") or api.region
        entry["status"] = _read(api, "get_trail_status", home, arn, Name=arn)
        if trail.get("IsMultiRegionTrail"):
            entry["selectors"] = _read(api, "get_event_selectors", home, arn, TrailName=arn)
        out.append(entry)
    return out


def _read(
    api: Api, method: str, region: str, arn: str, **params: Any
) -> dict[str, Any] | Unreadable:
    try:
        return dict(api.call("cloudtrail", method, region=region, resource=arn, **params))
    except ApiError as err:
        return Unreadable(err.status, err.reason)


def log_group_of(trail: dict[str, Any]) -> tuple[str, str, str] | None:
    """(region, account, name) of the trail's CloudWatch Logs group, if it delivers to one."""
    arn = trail.get("CloudWatchLogsLogGroupArn") or ""
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "logs":
        return None
    return parts[3], parts[4], parts[6]
