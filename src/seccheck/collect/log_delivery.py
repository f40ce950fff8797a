"""CloudWatch Logs vended log delivery (regional): which resources send which logs where.

Services that vend logs through CloudWatch Logs (CloudFront, Application and Network Load
Balancers, ...) are set up as a delivery source (one resource and one log type) paired with a
delivery destination (a log group, S3 bucket or Firehose stream) by a delivery. A source with no
delivery, or one AWS reports INACTIVE, sends nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .api import Api

# The API operations this module sends; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "logs": ("DescribeDeliveries", "DescribeDeliverySources"),
}


def deliveries_by_resource(
    api: Api, log_types: Collection[str], *, region: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Resource ARN -> its working deliveries of `log_types`, one listing of each kind per region.

    Each delivery is {"log_type", "source", "destination", "destination_type"}. Unfiltered
    listings, so every collector asking in the same region shares one answer. Raises ApiError.
    """
    sources = api.paginate("logs", "describe_delivery_sources", "deliverySources",
                           region=region) or []
    wanted = [s for s in sources
              if s.get("logType") in log_types and s.get("status", "ACTIVE") == "ACTIVE"]
    if not wanted:
        return {}
    deliveries = api.paginate("logs", "describe_deliveries", "deliveries", region=region) or []
    by_source: dict[str, list[dict[str, Any]]] = {}
    for delivery in deliveries:
        by_source.setdefault(delivery.get("deliverySourceName", ""), []).append(delivery)
    out: dict[str, list[dict[str, Any]]] = {}
    for source in wanted:
        for delivery in by_source.get(source.get("name", ""), []):
            for arn in source.get("resourceArns", []):
                out.setdefault(arn, []).append({
                    "log_type": source.get("logType"),
                    "source": source.get("name"),
                    "destination": delivery.get("deliveryDestinationArn"),
                    "destination_type": delivery.get("deliveryDestinationType"),
                })
    return out
