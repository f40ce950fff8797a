"""AWS Config checks: recording, rules or packs, the aggregator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import config as checks
from seccheck.checks.registry import Context
from seccheck.collect import config as collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))
RECORDER = {"name": "default", "recordingGroup": {"allSupported": True}}
RECORDING = {"name": "default", "recording": True, "lastStatus": "SUCCESS"}
CHANNEL = {"name": "default", "s3BucketName": "audit"}


def state(recorders=(RECORDER,), status=(RECORDING,), channels=(CHANNEL,)):
    return {"recorders": list(recorders), "status": list(status), "channels": list(channels)}


def kinds(findings):
    return [f.status for f in findings]


def test_recorder_on():
    assert kinds(checks.recorder_on(CTX, state())) == [Status.PASS]
    pending = RECORDING | {"lastStatus": "PENDING"}
    assert kinds(checks.recorder_on(CTX, state(status=[pending]))) == [Status.PASS]
    stopped = RECORDING | {"recording": False}
    assert kinds(checks.recorder_on(CTX, state(status=[stopped]))) == [Status.FAIL]
    failing = RECORDING | {"lastStatus": "FAILURE", "lastErrorCode": "NoSuchBucket"}
    [failed] = checks.recorder_on(CTX, state(status=[failing]))
    assert failed.status is Status.FAIL and "NoSuchBucket" in failed.reason
    partial = RECORDER | {
        "recordingGroup": {"allSupported": False, "resourceTypes": ["AWS::S3::Bucket"]}
    }
    assert kinds(checks.recorder_on(CTX, state(recorders=[partial]))) == [Status.FAIL]
    assert kinds(checks.recorder_on(CTX, state(channels=[]))) == [Status.FAIL]
    assert kinds(checks.recorder_on(CTX, state(recorders=[]))) == [Status.FAIL]


def test_rules_deployed():
    rules = {"rules": [{"ConfigRuleName": "s3-versioning"}], "packs": None}
    assert kinds(checks.rules_deployed(CTX, state(), rules)) == [Status.PASS]
    packs = {"rules": [], "packs": [{"ConformancePackName": "baseline"}]}
    assert kinds(checks.rules_deployed(CTX, state(), packs)) == [Status.PASS]
    assert kinds(checks.rules_deployed(CTX, state(), {"rules": [], "packs": []})) == [Status.FAIL]
    blind = {"rules": [], "packs": Unreadable(Status.NOT_ASSESSABLE, "unsupported")}
    assert kinds(checks.rules_deployed(CTX, state(), blind)) == [Status.NOT_ASSESSABLE]
    assert kinds(checks.rules_deployed(CTX, state(recorders=[]), rules)) == [Status.NOT_APPLICABLE]


@pytest.mark.stubbed
def test_rules_stubbed_packs_read_only_without_rules():
    with stubbed_api() as stubs:
        stubs.stub("config").add_response(
            "describe_config_rules",
            {
                "ConfigRules": [
                    {"ConfigRuleName": "r", "Source": {"Owner": "AWS", "SourceIdentifier": "X"}}
                ]
            },
        )
        found = collect.rules(stubs.api)  # no pack call is queued: reading packs would fail
    assert found["packs"] is None
    with stubbed_api() as stubs:
        cfg = stubs.stub("config")
        cfg.add_response("describe_config_rules", {"ConfigRules": []})
        cfg.add_response(
            "describe_conformance_packs",
            {
                "ConformancePackDetails": [
                    {
                        "ConformancePackName": "baseline",
                        "ConformancePackArn": "arn:pack",
                        "ConformancePackId": "p-1",
                    }
                ]
            },
        )
        found = collect.rules(stubs.api)
    assert kinds(checks.rules_deployed(CTX, state(), found)) == [Status.PASS]
    with stubbed_api() as stubs:
        cfg = stubs.stub("config")
        cfg.add_response("describe_config_rules", {"ConfigRules": []})
        cfg.add_response("describe_conformance_packs", {"ConformancePackDetails": []})
        found = collect.rules(stubs.api)
    assert kinds(checks.rules_deployed(CTX, state(), found)) == [Status.FAIL]
    with stubbed_api() as stubs:
        cfg = stubs.stub("config")
        cfg.add_response("describe_config_rules", {"ConfigRules": []})
        cfg.add_client_error(
            "describe_conformance_packs", **client_error("AccessDeniedException", http_status=400)
        )
        found = collect.rules(stubs.api)
    [blind] = checks.rules_deployed(CTX, state(), found)
    assert (
        blind.status is Status.NOT_ASSESSABLE and "config:DescribeConformancePacks" in blind.reason
    )


# -- recorders over responses shaped as the Config API reference documents them ----------------

CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
CN_RECORDER = "arn:aws-cn:config:cn-north-1:111122223333:configuration-recorder/default/abc123"


def stub_recorders(stubs, recorders, status, channels) -> None:
    cfg = stubs.stub("config")
    cfg.add_response("describe_configuration_recorders", {"ConfigurationRecorders": recorders}, {})
    cfg.add_response("describe_configuration_recorder_status",
                     {"ConfigurationRecordersStatus": status}, {})
    cfg.add_response("describe_delivery_channels", {"DeliveryChannels": channels}, {})


@pytest.mark.stubbed
def test_recorder_as_documented_passes_in_another_partition_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stub_recorders(
            stubs,
            [{"arn": CN_RECORDER, "name": "default",
              "roleARN": "arn:aws-cn:iam::111122223333:role/aws-service-role/config.amazonaws.com"
                         "/AWSServiceRoleForConfig",
              "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": False,
                                 "resourceTypes": [],
                                 "exclusionByResourceTypes": {"resourceTypes": []},
                                 "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
              "recordingMode": {"recordingFrequency": "CONTINUOUS"}, "recordingScope": "PAID"}],
            [{"arn": CN_RECORDER, "name": "default", "recording": True, "lastStatus": "SUCCESS",
              "lastStartTime": datetime(2026, 1, 5, tzinfo=timezone.utc),
              "lastStatusChangeTime": datetime(2026, 5, 31, tzinfo=timezone.utc)}],
            [{"name": "default", "s3BucketName": "acme-config",
              "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"}}])
        [result] = stubs.evaluate("DET-03-C01")
    assert result.status is Status.PASS and result.resource == CN_RECORDER
    assert "records all supported resources" in result.reason


@pytest.mark.stubbed
def test_recorders_stopped_never_started_or_excluding_types_fail_stubbed():
    # Older answers carry no `arn`: the recorder's ARN is built in the account's partition.
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stub_recorders(
            stubs,
            [{"name": "default", "recordingGroup": {
                "allSupported": False, "exclusionByResourceTypes": {
                    "resourceTypes": ["AWS::EC2::NetworkInterface"]},
                "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"}}}],
            # Never started: no lastStatus, no start time.
            [{"name": "default", "recording": False}], [])
        [result] = stubs.evaluate("DET-03-C01")
    assert result.status is Status.FAIL
    assert result.resource == (
        "arn:aws-cn:config:cn-north-1:111122223333:configuration-recorder/default")
    assert result.reason == ("Config recorder default: it records only selected resource types; "
                             "it is not recording; there is no delivery channel")
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stub_recorders(stubs, [], [], [])
        [none] = stubs.evaluate("DET-03-C01")
    assert none.status is Status.FAIL and "no recorder in cn-north-1" in none.reason


@pytest.mark.stubbed
def test_denied_recorders_are_not_assessable_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stubs.stub("config").add_client_error("describe_configuration_recorders", **client_error(
            "AccessDeniedException", http_status=400))
        [result] = stubs.evaluate("DET-03-C01")
    assert result.status is Status.NOT_ASSESSABLE
    assert "config:DescribeConfigurationRecorders" in result.reason


CN_AGGREGATOR = ("arn:aws-cn:config:cn-north-1:111122223333:config-aggregator/"
                 "config-aggregator-abcd1234")


def stub_regions(stubs) -> None:
    stubs.stub("ec2").add_response("describe_regions", {"Regions": [
        {"RegionName": name, "Endpoint": f"ec2.{name}.amazonaws.com.cn",
         "OptInStatus": "opt-in-not-required"} for name in ("cn-northwest-1", "cn-north-1")]},
        {"AllRegions": True})


@pytest.mark.stubbed
def test_aggregator_on_a_later_page_in_the_run_region_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stub_regions(stubs)
        stubs.stub("config").add_response("describe_configuration_aggregators", {
            "ConfigurationAggregators": [], "NextToken": "a2"}, {})
        stubs.stub("config").add_response("describe_configuration_aggregators", {
            "ConfigurationAggregators": [{
                "ConfigurationAggregatorName": "org", "ConfigurationAggregatorArn": CN_AGGREGATOR,
                "OrganizationAggregationSource": {
                    "RoleArn": "arn:aws-cn:iam::111122223333:role/config-org",
                    "AllAwsRegions": True}}]}, {"NextToken": "a2"})
        [found] = stubs.evaluate("DET-03-C05")
    assert found.status is Status.PASS and found.resource == CN_AGGREGATOR


@pytest.mark.stubbed
def test_no_aggregator_in_any_enabled_region_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stub_regions(stubs)
        stubs.stub("config").add_response("describe_configuration_aggregators",
                                          {"ConfigurationAggregators": []}, {})
        stubs.stub("config", "cn-northwest-1").add_response(
            "describe_configuration_aggregators", {"ConfigurationAggregators": []}, {})
        stubs.stub("organizations").add_client_error("describe_organization", **client_error(
            "AWSOrganizationsNotInUseException", "Not a member of an organization."))
        [found] = stubs.evaluate("DET-03-C05")
        probed = sorted(c.region for c in stubs.recorder.records.values()
                        if c.operation == "DescribeConfigurationAggregators")
    assert found.status is Status.FAIL
    assert found.reason == "no AWS Config aggregator in any of the 2 enabled regions"
    assert probed == ["cn-north-1", "cn-northwest-1"]  # China regions, not the aws list


def test_aggregator():
    found = {
        "found": [{"ConfigurationAggregatorArn": "arn:agg"}],
        "region": "eu-west-1",
        "unreadable": {},
        "probed": ["us-east-1", "eu-west-1"],
    }
    assert [(f.resource, f.status) for f in checks.aggregator(CTX, found)] == [
        ("arn:agg", Status.PASS)
    ]
    none = found | {"found": [], "region": None}
    assert kinds(checks.aggregator(CTX, none)) == [Status.FAIL]


def test_workshop_config(workshop_report):
    def status(check_id, region):
        return statuses([r for r in results_for(workshop_report, check_id) if r.region == region])

    assert status("DET-03-C01", "us-east-1") == {"PASS"}
    assert status("DET-03-C01", "eu-west-1") == {"FAIL"}
    assert status("DET-03-C01", "ap-southeast-2") == {"FAIL"}
    assert status("DET-03-C02", "us-east-1") == {"PASS"}
    assert status("DET-03-C02", "eu-west-1") == {"NOT_ASSESSABLE"}
    assert status("DET-03-C02", "ap-southeast-2") == {"NOT_APPLICABLE"}
    assert statuses(results_for(workshop_report, "DET-03-C05")) == {"FAIL"}


def test_clean_config(clean_report):
    for check_id in ("DET-03-C01", "DET-03-C02", "DET-03-C05"):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
