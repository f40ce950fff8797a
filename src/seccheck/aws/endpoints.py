"""Where each partition serves its partition-wide services, from botocore's endpoint data.

CloudFront answers in us-east-1 in the aws partition but in cn-northwest-1 in aws-cn, and
CloudFront and Shield Advanced have no endpoint at all in some partitions. Collectors ask here
instead of hard-coding us-east-1, so a China or GovCloud account is never sent to an endpoint
that does not exist for it.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from botocore.session import Session, get_session

# botocore sessions are not thread-safe; lookups run from many of a run's threads.
_lock = threading.Lock()


@cache
def _offline() -> Session:
    """One botocore session for lookups in botocore's shipped data (no credentials, no calls).

    Building a session per lookup parsed endpoints.json and a full service model each time.
    """
    return get_session()


def available_regions(service: str, partition: str = "aws") -> frozenset[str]:
    """Regions of `partition` where botocore knows an endpoint for `service` (offline data).

    The partition matters: GovCloud and China regions are not in the `aws` endpoint list.
    """
    with _lock:
        return _available_regions(service, partition)


@cache
def _available_regions(service: str, partition: str) -> frozenset[str]:
    return frozenset(_offline().get_available_regions(service, partition_name=partition))


def signing_name(service: str) -> str:
    """The name a service signs with, which is also its IAM action prefix in most cases."""
    with _lock:
        return _signing_name(service)


@cache
def _signing_name(service: str) -> str:
    return str(_offline().get_service_model(service).signing_name)


@cache
def _partitions() -> dict[str, dict[str, Any]]:
    with _lock:
        data = _offline().get_data("endpoints")
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
