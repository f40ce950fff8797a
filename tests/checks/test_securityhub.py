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
