"""CloudFront facts (global): distributions and how they log.

CloudFront answers in one region per partition (us-east-1 in aws, cn-northwest-1 in aws-cn) and
does not exist in aws-us-gov; `cloudfront_region` says which, from botocore's endpoint data.

A distribution can log two ways: legacy "standard logging" (in its configuration, one read per
distribution) or CloudWatch Logs vended delivery (a delivery source for the distribution plus a
delivery, listed once for the account). Both are collected so neither is missed.
"""

from __future__ import annotations

from typing import Any

from ..aws.endpoints import global_region
from ..aws.errors import ApiError, NotOffered
from ..results import Unreadable
from .api import Api
from .fanout import read_each
from .log_delivery import deliveries_by_resource
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "cloudfront": ("GetDistributionConfig", "ListDistributions"),
    "logs": ("DescribeDeliveries", "DescribeDeliverySources"),
}


def cloudfront_region(api: Api) -> str:
    """CloudFront's endpoint region in the account's partition; NotOffered where it has none."""
    region = global_region("cloudfront", api.partition)
    if region is None:
        raise NotOffered(
            f"Amazon CloudFront is not offered in the {api.partition} partition: distributions "
            "in front of its resources belong to a standard AWS account; assess them there"
        )
    return region


@fact("cloudfront.distributions", scope="global")
def distributions(api: Api) -> list[dict[str, Any]]:
    """Distribution summaries (viewer/origin protocols, certificate, web ACL)."""
    region = cloudfront_region(api)
    items: list[dict[str, Any]] = []
    marker: str | None = None
    while True:
        params: dict[str, Any] = {"Marker": marker} if marker else {}
        page = api.call("cloudfront", "list_distributions", region=region, **params)
        listing = page.get("DistributionList", {})
        items.extend(listing.get("Items", []))
        marker = listing.get("NextMarker")
        if not listing.get("IsTruncated") or not marker:
            return items


def _vended_deliveries(api: Api, region: str) -> dict[str, list[str]]:
    """Distribution ARN -> destinations of its working CloudWatch Logs vended deliveries.

    CloudFront's delivery sources have log type ACCESS_LOGS (PutDeliverySource); the listing is
    the one collect/log_delivery.py shares with the load balancers of the same region.
    """
    found = deliveries_by_resource(api, ("ACCESS_LOGS",), region=region)
    return {arn: [d.get("destination") or "" for d in deliveries]
            for arn, deliveries in found.items() if arn.split(":")[2:3] == ["cloudfront"]}


@fact("cloudfront.logging", scope="global")
def logging(api: Api) -> dict[str, Any]:
    """Return how each distribution logs.

    {"standard": {ARN: Logging config | Unreadable}, "vended": {ARN: [destinations]} | Unreadable}
    The configuration (one read per distribution) is skipped for distributions already shown
    to log through vended delivery.
    """
    dists = distributions(api)
    region = cloudfront_region(api)
    vended: dict[str, list[str]] | Unreadable
    try:
        vended = _vended_deliveries(api, region) if dists else {}
    except ApiError as err:
        vended = Unreadable(err.status, err.reason)

    def read(dist: dict[str, Any]) -> Any:
        config = api.call("cloudfront", "get_distribution_config", region=region,
                          resource=dist["ARN"], Id=dist["Id"])
        return config.get("DistributionConfig", {}).get("Logging", {})

    unread = [d for d in dists if not (isinstance(vended, dict) and vended.get(d["ARN"]))]
    standard = {
        dist["ARN"]: logging
        for dist, logging in zip(unread, read_each(api, "cloudfront", unread, read), strict=True)
    }
    return {"standard": standard, "vended": vended}
