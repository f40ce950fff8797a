"""S3 data events in CloudTrail, write (DET-01-C08) and read (DET-01-C09): pure evaluation over
GetEventSelectors-shaped selectors (basic and advanced, as the CloudTrail API reference documents
them), the trails collector over Stubber answers, and the verdicts over the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import cloudtrail_data_events as checks
from seccheck.checks.registry import Context
from seccheck.collect import cloudtrail as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "us-east-1")
IDS = ["DET-01-C08", "DET-01-C09"]
ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/"


def trail(name: str, selectors: Any, *, logging: bool = True, multi: bool = True) -> dict[str, Any]:
    return {"Name": name, "TrailARN": ARN + name, "HomeRegion": "eu-west-1",
            "IsMultiRegionTrail": multi, "status": {"IsLogging": logging},
            "selectors": selectors}


def basic(rw: str, *values: str) -> dict[str, Any]:
    return {"EventSelectors": [{"ReadWriteType": rw, "IncludeManagementEvents": True,
                                "DataResources": [{"Type": "AWS::S3::Object",
                                                   "Values": list(values)}]}]}


def advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"AdvancedEventSelectors": [
        {"Name": "Management", "FieldSelectors": [{"Field": "eventCategory",
                                                   "Equals": ["Management"]}]},
        {"Name": "S3", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}, *fields]}]}


def verdicts(trails: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    write = [f.status.value for f in checks.s3_write_data_events(CTX, trails)]
    read = [f.status.value for f in checks.s3_read_data_events(CTX, trails)]
    return write, read


@pytest.mark.parametrize(("selectors", "write", "read"), [
    (basic("All", "arn:aws:s3"), "PASS", "PASS"),
    (basic("WriteOnly", "arn:aws-cn:s3:::"), "PASS", "FAIL"),
    (basic("ReadOnly", "arn:aws:s3"), "FAIL", "PASS"),
    (basic("All", "arn:aws:s3:::acme-data/"), "FAIL", "FAIL"),  # one bucket only
    ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]},
     "FAIL", "FAIL"),
    (advanced(), "PASS", "PASS"),
    (advanced({"Field": "readOnly", "Equals": ["false"]}), "PASS", "FAIL"),
    (advanced({"Field": "readOnly", "Equals": ["true"]}), "FAIL", "PASS"),
    (advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::trail-bucket/"]}),
     "PASS", "PASS"),
    (advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::acme-data/"]}),
     "FAIL", "FAIL"),
    (advanced({"Field": "eventName", "Equals": ["PutObject"]}), "FAIL", "FAIL"),
])
def test_selectors(selectors, write, read):
    assert verdicts([trail("main", selectors)]) == ([write], [read])


def test_only_logging_multi_region_trails_count():
    selectors = basic("All", "arn:aws:s3")
    stopped = trail("stopped", selectors, logging=False)
    single = trail("single", selectors, multi=False)
    assert verdicts([stopped, single]) == (["FAIL"], ["FAIL"])
    assert verdicts([]) == (["FAIL"], ["FAIL"])


def test_pass_names_the_trail_in_its_home_region_and_exclusions():
    selectors = advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::logs/"]})
    (found,) = checks.s3_write_data_events(CTX, [trail("main", selectors)])
    assert found.resource == ARN + "main" and found.region == "eu-west-1"
    assert found.details["excluded"] == ["arn:aws:s3:::logs/"]


def test_unreadable_selectors_are_not_assessable_unless_another_trail_passes():
    denied = Unreadable(Status.NOT_ASSESSABLE, "access denied: cloudtrail:GetEventSelectors")
    assert verdicts([trail("hidden", denied)]) == (["NOT_ASSESSABLE"], ["NOT_ASSESSABLE"])
    both = [trail("hidden", denied), trail("main", basic("All", "arn:aws:s3"))]
    assert verdicts(both) == (["PASS"], ["PASS"])


@pytest.mark.stubbed
def test_trails_collector_reads_selectors_in_the_home_region_stubbed():
    with stubbed_api() as stubs:
        home, eu = stubs.stub("cloudtrail"), stubs.stub("cloudtrail", "eu-west-1")
        home.add_response("describe_trails", {"trailList": [
            {"Name": "org", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org",
             "HomeRegion": "eu-west-1", "IsMultiRegionTrail": True, "S3BucketName": "b",
             "HasCustomEventSelectors": True}]}, {"includeShadowTrails": True})
        eu.add_response("get_trail_status", {"IsLogging": True})
        eu.add_response("get_event_selectors", {
            "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org",
            "AdvancedEventSelectors": advanced()["AdvancedEventSelectors"]})
        found = collect.trails(stubs.api)
    assert verdicts(found) == (["PASS"], ["PASS"])


@pytest.mark.stubbed
def test_denied_selectors_name_the_action_stubbed():
    with stubbed_api() as stubs:
        ct = stubs.stub("cloudtrail")
        ct.add_response("describe_trails", {"trailList": [
            {"Name": "org", "TrailARN": ARN + "org", "HomeRegion": "us-east-1",
             "IsMultiRegionTrail": True}]})
        ct.add_response("get_trail_status", {"IsLogging": True})
        ct.add_client_error("get_event_selectors",
                            **client_error("AccessDeniedException", http_status=400))
        found = collect.trails(stubs.api)
    (result,) = checks.s3_write_data_events(CTX, found)
    assert result.status is Status.NOT_ASSESSABLE
    assert "cloudtrail:GetEventSelectors" in result.reason


# -- over the sandbox (HTTP to moto's server) ---------------------------------------------------


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in IDS:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id


def test_clean_org_trail_records_s3_objects(clean_report):
    for check_id in IDS:
        (found,) = results_for(clean_report, check_id)
        assert found.resource.endswith(":trail/acme-org-trail") and found.status.value == "PASS"
