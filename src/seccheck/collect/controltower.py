"""AWS Control Tower facts: the landing zone, wherever its home region is."""

from __future__ import annotations

from typing import Any

from ..results import Unreadable
from .account import member_only, probe_regions
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "controltower": ("ListLandingZones",),
}


@fact("controltower.landing_zones", scope="global")
def landing_zones(api: Api) -> dict[str, Any] | Unreadable:
    """Landing zones, found by probing enabled regions (a landing zone has one home region)."""

    def read(region: str) -> list[dict[str, Any]]:
        found = api.paginate("controltower", "list_landing_zones", "landingZones", region=region)
        return [dict(z, region=region) for z in found or []]

    probe = probe_regions(api, "controltower", read)
    if not probe["found"]:
        elsewhere = member_only(api, "the Control Tower landing zone")
        if elsewhere is not None:
            return elsewhere
    return probe
