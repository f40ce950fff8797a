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
