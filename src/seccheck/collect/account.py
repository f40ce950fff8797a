"""Account facts (global): alternate contacts, and the regions a home-region service may live in."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..aws.endpoints import available_regions
from ..aws.errors import ApiError
from ..aws.scope import ENABLED_OPT_IN
from ..results import Status, Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "account": ("GetAlternateContact",),
    "ec2": ("DescribeRegions",),
    "organizations": ("DescribeOrganization",),
}

CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")
# Probing threads per fact; the run's per-service limit still caps calls in flight.
PROBE_WORKERS = 4


@fact("account.alternate_contacts", scope="global")
def alternate_contacts(api: Api) -> dict[str, dict[str, Any] | None]:
    """Contact type -> contact (None when not set: ResourceNotFoundException)."""
    out: dict[str, dict[str, Any] | None] = {}
    for kind in CONTACT_TYPES:
        reply = api.call(
            "account",
            "get_alternate_contact",
            AlternateContactType=kind,
            absent_on=("ResourceNotFoundException",),
        )
        out[kind] = None if reply is None else dict(reply.get("AlternateContact", {}))
    return out


def enabled_regions(api: Api) -> list[str]:
    """Regions this account can use, the run's region first (one cached DescribeRegions)."""
    reply = api.call("ec2", "describe_regions", AllRegions=True)
    # Filtered here, not with the API filter: some endpoints ignore the opt-in filter.
    names = sorted(
        r["RegionName"]
        for r in reply.get("Regions", [])
        if r.get("OptInStatus", ENABLED_OPT_IN[0]) in ENABLED_OPT_IN
    )
    return sorted(names, key=lambda name: name != api.region)


def probe_regions(
    api: Api,
    service: str,
    read: Callable[[str], list[dict[str, Any]]],
) -> dict[str, Any]:
    """Look for a single-home-region resource (Identity Center, a Config aggregator...).

    Reads `read(region)` in the run's region first and, only when nothing is there, in every
    other enabled region where the service has an endpoint (concurrently; each read is small).
    Returns {"found": [...], "region": r, "unreadable": {region: reason}, "probed": [...]}. An
    unsupported or denied service in the first region is raised (it would be the same
    everywhere); failures in other regions are recorded so the check can name what it missed.
    """
    available = _endpoint_regions(service, api.partition)
    regions = [r for r in enabled_regions(api) if not available or r in available]
    unreadable: dict[str, str] = {}

    def attempt(region: str, first: bool = False) -> list[dict[str, Any]]:
        try:
            return read(region)
        except ApiError as err:
            if first and err.status is Status.NOT_ASSESSABLE and not _is_region_off(err):
                raise
            unreadable[region] = err.reason
            return []

    if not regions:
        return {"found": [], "region": None, "unreadable": {}, "probed": []}
    found = attempt(regions[0], first=True)
    if found:
        return {"found": found, "region": regions[0], "unreadable": {}, "probed": regions[:1]}
    # Answers are taken in region order; once one region has it, the regions not yet asked are
    # not asked at all (reads already in flight finish). The first region in order that has it
    # is the answer, as if every region had been read.
    pool = ThreadPoolExecutor(PROBE_WORKERS, thread_name_prefix="seccheck-probe")
    try:
        futures = [pool.submit(attempt, region) for region in regions[1:]]
        for region, future in zip(regions[1:], futures, strict=True):
            found = future.result()
            if found:
                probed = regions[: regions.index(region) + 1]
                missed = {r: why for r, why in unreadable.items() if r in probed}
                return {"found": found, "region": region, "unreadable": missed, "probed": probed}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return {"found": [], "region": None, "unreadable": unreadable, "probed": regions}


_endpoint_regions = available_regions


def offered_in(api: Api, service: str) -> bool:
    """Whether `service` has an endpoint in the Api's region (custom endpoints serve everything)."""
    if api.run.factory.endpoint_url:
        return True
    regions = _endpoint_regions(service, api.partition)
    return not regions or api.region in regions


def _is_region_off(err: ApiError) -> bool:
    return err.reason.startswith("region ")


def membership(api: Api) -> dict[str, Any] | None:
    """Return the organization of this account (None when in none), from a cached call."""
    reply = api.call(
        "organizations", "describe_organization", absent_on=("AWSOrganizationsNotInUseException",)
    )
    return None if reply is None else dict(reply.get("Organization", {}))


def member_only(api: Api, what: str) -> Unreadable | None:
    """NOT_ASSESSABLE when this account is an organization member and `what` lives centrally."""
    try:
        org = membership(api)
    except ApiError:
        return None
    if org and org.get("MasterAccountId") not in (None, "", api.account):
        return Unreadable(
            Status.NOT_ASSESSABLE,
            f"account {api.account} is a member of organization {org.get('Id', '?')}; {what} is "
            f"managed from the management account {org['MasterAccountId']} or a delegated "
            "administrator: assess it there",
        )
    return None
