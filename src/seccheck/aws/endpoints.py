"""Where each partition serves its partition-wide services, from botocore's endpoint data.

CloudFront answers in us-east-1 in the aws partition but in cn-northwest-1 in aws-cn, and
CloudFront and Shield Advanced have no endpoint at all in some partitions. Collectors ask here
instead of hard-coding us-east-1, so a China or GovCloud account is never sent to an endpoint
that does not exist for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.session import get_session


@cache
def _partitions() -> dict[str, dict[str, Any]]:
    data = get_session().get_data("endpoints")
    return {part["partition"]: part for part in data.get("partitions", [])}


def global_region(service: str, partition: str) -> str | None:
    """The region that signs `service`'s partition-wide endpoint; None: not offered there.

    E.g. cloudfront: aws -> us-east-1, aws-cn -> cn-northwest-1, aws-us-gov -> None; shield:
    aws -> us-east-1, aws-cn and aws-us-gov -> None (botocore's endpoints.json).
    """
    svc = _partitions().get(partition, {}).get("services", {}).get(service)
    if not svc or not svc.get("partitionEndpoint"):
        return None
    endpoint = svc.get("endpoints", {}).get(svc["partitionEndpoint"], {})
    region = endpoint.get("credentialScope", {}).get("region")
    return str(region) if region else None
