"""Security Hub checks: enabled with a standard, severe findings triaged."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from seccheck.checks import securityhub as hub_checks
from seccheck.checks.registry import Context
from seccheck.collect import securityhub as hub_collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, NOW)


def kinds(findings):
    return [f.status for f in findings]


def test_workshop_security_hub(workshop_report):
    def status(check_id, region):
        return statuses([r for r in results_for(workshop_report, check_id) if r.region == region])

    # securityhub:GetEnabledStandards is not served by the sandbox: an enabled hub is said to be
    # enabled but not assessable; a region without one fails.
    assert status("DET-01-C06", "us-east-1") == {"NOT_ASSESSABLE"}
    assert status("DET-01-C06", "ap-southeast-2") == {"FAIL"}
    assert status("DET-03-C04", "us-east-1") == {"FAIL"}
    assert status("DET-03-C04", "eu-west-1") == {"PASS"}
    assert status("DET-03-C04", "ap-southeast-2") == {"NOT_APPLICABLE"}


def test_clean_security_hub(clean_report):
    assert statuses(results_for(clean_report, "DET-03-C04")) == {"PASS"}


def test_hub_with_standard():
    hub = {
        "HubArn": "arn:hub",
        "standards": [{"StandardsArn": "arn:fsbp", "StandardsStatus": "READY"}],
    }
    assert kinds(hub_checks.hub_with_standard(CTX, hub)) == [Status.PASS]
    failed = hub | {"standards": [{"StandardsArn": "arn:fsbp", "StandardsStatus": "FAILED"}]}
    assert kinds(hub_checks.hub_with_standard(CTX, failed)) == [Status.FAIL]
    assert kinds(hub_checks.hub_with_standard(CTX, None)) == [Status.FAIL]
    blind = hub | {"standards": Unreadable(Status.NOT_ASSESSABLE, "unsupported")}
    [finding] = hub_checks.hub_with_standard(CTX, blind)
    assert finding.status is Status.NOT_ASSESSABLE and "is enabled" in finding.reason


@pytest.mark.stubbed
def test_hub_stubbed_standards_pass_and_fail():
    for status, expected in (("READY", Status.PASS), ("INCOMPLETE", Status.FAIL)):
        with stubbed_api() as stubs:
            sh = stubs.stub("securityhub")
            sh.add_response(
                "describe_hub", {"HubArn": f"arn:aws:securityhub:us-east-1:{ACCOUNT}:hub/default"}
            )
            sh.add_response(
                "get_enabled_standards",
                {
                    "StandardsSubscriptions": [
                        {
                            "StandardsSubscriptionArn": "arn:sub",
                            "StandardsArn": "arn:fsbp",
                            "StandardsInput": {},
                            "StandardsStatus": status,
                        }
                    ]
                },
            )
            hub = hub_collect.hub(stubs.api)
        assert kinds(hub_checks.hub_with_standard(CTX, hub)) == [expected]


@pytest.mark.stubbed
def test_open_findings_stubbed_age_from_first_observation_and_own_account():
    """Audit #3/#4: age from FirstObservedAt/CreatedAt; only this account's, this region's."""

    def asff(ident, first, updated, account=ACCOUNT, region="us-east-1", first_key=True):
        f = {
            "SchemaVersion": "2018-10-08",
            "Id": ident,
            "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub",
            "GeneratorId": "security-control/S3.1",
            "AwsAccountId": account,
            "Region": region,
            "Types": [],
            "CreatedAt": (NOW - timedelta(days=first)).isoformat(),
            "UpdatedAt": (NOW - timedelta(days=updated)).isoformat(),
            "Severity": {"Label": "CRITICAL"},
            "Title": ident,
            "Description": ident,
            "Resources": [{"Type": "AwsAccount", "Id": "x"}],
            "Workflow": {"Status": "NEW"},
            "RecordState": "ACTIVE",
        }
        if first_key:
            f["FirstObservedAt"] = f["CreatedAt"]
        return f

    findings = [
        asff("refreshed", first=365, updated=0),
        asff("created-only", first=90, updated=1, first_key=False),
        asff("member", first=365, updated=365, account="999988887777"),
        asff("linked-region", first=365, updated=365, region="eu-west-1"),
        asff("fresh", first=2, updated=0),
    ]
    with stubbed_api() as stubs:
        sh = stubs.stub("securityhub")
        hub = {"HubArn": f"arn:aws:securityhub:us-east-1:{ACCOUNT}:hub/default"}
        sh.add_response("describe_hub", hub)
        sh.add_response("get_findings", {"Findings": findings})
        data = hub_collect.open_severe_findings(stubs.api)
    [call] = [c for c in stubs.recorder.records.values() if c.operation == "GetFindings"]
    assert call.params["Filters"]["AwsAccountId"] == [{"Value": ACCOUNT, "Comparison": "EQUALS"}]
    assert call.params["Filters"]["Region"] == [{"Value": "us-east-1", "Comparison": "EQUALS"}]
    assert [f["Id"] for f in data["findings"]] == ["refreshed", "created-only", "fresh"]
    [failed] = hub_checks.stale_findings(CTX, data)
    assert failed.status is Status.FAIL
    assert failed.details["finding_ids"] == ["refreshed", "created-only"]


def test_stale_findings():
    def f(ident, age):
        return {"Id": ident, "UpdatedAt": (NOW - timedelta(days=age)).isoformat()}

    data = {"HubArn": "arn:hub", "findings": [f("old", 45), f("new", 2)], "more": False}
    [failed] = hub_checks.stale_findings(CTX, data)
    assert failed.status is Status.FAIL and failed.details["finding_ids"] == ["old"]
    assert kinds(hub_checks.stale_findings(CTX, data | {"findings": [f("new", 2)]})) == [
        Status.PASS
    ]
    assert kinds(hub_checks.stale_findings(CTX, None)) == [Status.NOT_APPLICABLE]
    [many] = hub_checks.stale_findings(CTX, data | {"findings": [f("old", 45)], "more": True})
    assert "at least 1" in many.reason
