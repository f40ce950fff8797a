"""Shield Advanced facts (global, us-east-1): the subscription and its protections."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "shield": ("DescribeSubscription", "ListProtections"),
}

SHIELD_REGION = "us-east-1"


@fact("shield.subscription", scope="global")
def subscription(api: Api) -> dict[str, Any] | None:
    """Return the Shield Advanced subscription, or None when the account has none."""
    resp = api.call("shield", "describe_subscription", region=SHIELD_REGION,
                    absent_on=("ResourceNotFoundException",))
    return resp.get("Subscription") if resp else None


@fact("shield.protections", scope="global")
def protections(api: Api) -> list[dict[str, Any]]:
    """Protected resources; an account without a subscription has none to list."""
    if subscription(api) is None:
        return []
    return api.paginate("shield", "list_protections", "Protections", region=SHIELD_REGION,
                        absent_on=("ResourceNotFoundException",)) or []
