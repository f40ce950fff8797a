"""Shield Advanced facts (global): the subscription and its protections.

Shield Advanced answers in us-east-1 and only in the aws partition: AWS documents it as not
available in the China Regions and botocore has no endpoint for it in aws-cn or aws-us-gov.
"""

from __future__ import annotations

from typing import Any

from ..aws.endpoints import global_region
from ..aws.errors import NotOffered
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "shield": ("DescribeSubscription", "ListProtections"),
}


def shield_region(api: Api) -> str:
    """Shield's endpoint region in the account's partition; NotOffered where it has none."""
    region = global_region("shield", api.partition)
    if region is None:
        raise NotOffered(f"AWS Shield Advanced is not offered in the {api.partition} partition",
                         nothing_exists=False)
    return region


@fact("shield.subscription", scope="global")
def subscription(api: Api) -> dict[str, Any] | None:
    """Return the Shield Advanced subscription, or None when the account has none."""
    resp = api.call("shield", "describe_subscription", region=shield_region(api),
                    absent_on=("ResourceNotFoundException",))
    return resp.get("Subscription") if resp else None


@fact("shield.protections", scope="global")
def protections(api: Api) -> list[dict[str, Any]]:
    """Protected resources; an account without a subscription has none to list."""
    if subscription(api) is None:
        return []
    return api.paginate("shield", "list_protections", "Protections", region=shield_region(api),
                        absent_on=("ResourceNotFoundException",)) or []
