"""Identity Center and Control Tower (found by probing regions) and Access Analyzer."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import identitycenter as checks
from seccheck.checks.registry import Context
from seccheck.collect import identitycenter as collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "eu-west-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))
INSTANCE = {"InstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef", "Status": "ACTIVE"}
REGIONS = {
    "Regions": [
        {"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "eu-west-1", "OptInStatus": "opt-in-not-required"},
        {"RegionName": "af-south-1", "OptInStatus": "not-opted-in"},
    ]
}


def kinds(findings):
    return [f.status for f in findings]


def probe(found=(), region=None, unreadable=None):
    return {
        "found": list(found),
        "region": region,
        "unreadable": unreadable or {},
        "probed": ["us-east-1", "eu-west-1"],
    }


def test_identity_center_instance():
    [passed] = checks.identity_center_instance(CTX, probe([INSTANCE], "us-east-1"))
    assert passed.status is Status.PASS and passed.resource == INSTANCE["InstanceArn"]
    assert "us-east-1" in passed.reason
    pending = INSTANCE | {"Status": "CREATE_IN_PROGRESS"}
    assert kinds(checks.identity_center_instance(CTX, probe([pending], "us-east-1"))) == [
        Status.FAIL
    ]
    assert kinds(checks.identity_center_instance(CTX, probe())) == [Status.FAIL]
    blind = probe(unreadable={"eu-west-1": "access denied"})
    assert kinds(checks.identity_center_instance(CTX, blind)) == [Status.NOT_ASSESSABLE]
    member = Unreadable(Status.NOT_ASSESSABLE, "member account")
    assert kinds(checks.identity_center_instance(CTX, member)) == [Status.NOT_ASSESSABLE]


@pytest.mark.stubbed
def test_instances_stubbed_found_in_a_later_region():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_regions", REGIONS, {"AllRegions": True})
        stubs.stub("sso-admin", "us-east-1").add_response("list_instances", {"Instances": []})
        stubs.stub("sso-admin", "eu-west-1").add_response(
            "list_instances", {"Instances": [INSTANCE]}
        )
        found = collect.instances(stubs.api)
    assert found["region"] == "eu-west-1"
    assert kinds(checks.identity_center_instance(CTX, found)) == [Status.PASS]


@pytest.mark.stubbed
def test_instances_stubbed_member_without_instance_is_not_assessable():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_regions", REGIONS, {"AllRegions": True})
        for region in ("us-east-1", "eu-west-1"):
            stubs.stub("sso-admin", region).add_response("list_instances", {"Instances": []})
        stubs.stub("organizations").add_response(
            "describe_organization",
            {
                "Organization": {
                    "Id": "o-abc1234567",
                    "MasterAccountId": "999988887777",
                    "FeatureSet": "ALL",
                }
            },
        )
        found = collect.instances(stubs.api)
    [finding] = checks.identity_center_instance(CTX, found)
    assert finding.status is Status.NOT_ASSESSABLE and "999988887777" in finding.reason


@pytest.mark.stubbed
def test_instances_stubbed_none_anywhere_fails():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_regions", REGIONS, {"AllRegions": True})
        for region in ("us-east-1", "eu-west-1"):
            stubs.stub("sso-admin", region).add_response("list_instances", {"Instances": []})
        stubs.stub("organizations").add_client_error(
            "describe_organization", **client_error("AWSOrganizationsNotInUseException")
        )
        found = collect.instances(stubs.api)
    [finding] = checks.identity_center_instance(CTX, found)
    assert finding.status is Status.FAIL and "2 enabled regions" in finding.reason


def test_workshop_identity_center(workshop_report):
    # The management account has no instance in any region (member accounts keep theirs).
    results = results_for(workshop_report, "IAM-02-C01")
    assert statuses(results) == {"FAIL"}
    assert all("enabled regions" in r.reason for r in results)


def test_clean_identity_center(clean_report):
    results = results_for(clean_report, "IAM-02-C01")
    assert statuses(results) == {"PASS"}
    assert all(r.resource.startswith("arn:aws:sso:::instance/") for r in results)
