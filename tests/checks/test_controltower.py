"""Control Tower check: a landing zone, found by probing regions (Stubber: moto lacks it)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import controltower as ct_checks
from seccheck.checks.registry import Context
from seccheck.collect import controltower as ct_collect
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

CTX = Context("111122223333", "eu-west-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))
REGIONS = {
    "Regions": [
        {"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
    ]
}


def kinds(findings):
    return [f.status for f in findings]


def test_workshop_landing_zone_is_not_assessable(workshop_report):
    results = results_for(workshop_report, "IAM-03-C05")
    assert statuses(results) == {"NOT_ASSESSABLE"}
    assert all("does not support" in r.reason for r in results)


@pytest.mark.stubbed
def test_landing_zone_stubbed_pass_and_fail():
    arn = "arn:aws:controltower:us-east-1:111122223333:landingzone/1A2B3C4D5E6F7G8H"
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_regions", REGIONS, {"AllRegions": True})
        stubs.stub("controltower").add_response(
            "list_landing_zones", {"landingZones": [{"arn": arn}]}
        )
        found = ct_collect.landing_zones(stubs.api)
    assert [f.resource for f in ct_checks.landing_zone(CTX, found)] == [arn]
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_regions", REGIONS, {"AllRegions": True})
        for region in ("us-east-1", "eu-west-1"):
            stubs.stub("controltower", region).add_response(
                "list_landing_zones", {"landingZones": []}
            )
        stubs.stub("organizations").add_response(
            "describe_organization",
            {
                "Organization": {
                    "Id": "o-abc1234567",
                    "MasterAccountId": "111122223333",
                    "FeatureSet": "ALL",
                }
            },
        )
        found = ct_collect.landing_zones(stubs.api)
    assert kinds(ct_checks.landing_zone(CTX, found)) == [Status.FAIL]
