"""GuardDuty and Security Hub checks: plain data, Stubber for what moto lacks, sandbox verdicts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from seccheck.checks import guardduty as checks
from seccheck.checks.registry import Context
from seccheck.collect import guardduty as collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, NOW)
ARN = f"arn:aws:guardduty:us-east-1:{ACCOUNT}:detector/abc"
ORG = {"Id": "o-abc1234567", "MasterAccountId": ACCOUNT, "FeatureSet": "ALL"}


def kinds(findings):
    return [f.status for f in findings]


def test_detector_enabled():
    assert kinds(checks.detector_enabled(CTX, [{"Arn": ARN, "Status": "ENABLED"}])) == [Status.PASS]
    assert kinds(checks.detector_enabled(CTX, [{"Arn": ARN, "Status": "DISABLED"}])) == [
        Status.FAIL
    ]
    assert kinds(checks.detector_enabled(CTX, [])) == [Status.FAIL]
    denied = [{"Arn": ARN, "Status": Unreadable(Status.NOT_ASSESSABLE, "denied")}]
    assert kinds(checks.detector_enabled(CTX, denied)) == [Status.NOT_ASSESSABLE]


def test_delegated_admin():
    admins = [{"AdminAccountId": "444455556666", "AdminStatus": "ENABLED"}]
    assert kinds(checks.delegated_admin(CTX, {"organization": ORG, "admins": admins})) == [
        Status.PASS
    ]
    assert kinds(checks.delegated_admin(CTX, {"organization": ORG, "admins": []})) == [Status.FAIL]
    assert kinds(checks.delegated_admin(CTX, {"organization": None, "admins": []})) == [
        Status.NOT_APPLICABLE
    ]
    member = Unreadable(Status.NOT_ASSESSABLE, "member")
    assert kinds(checks.delegated_admin(CTX, {"organization": ORG, "admins": member})) == [
        Status.NOT_ASSESSABLE
    ]


@pytest.mark.stubbed
def test_org_admins_stubbed_member_account_never_calls_guardduty():
    with stubbed_api() as stubs:
        stubs.stub("organizations").add_response(
            "describe_organization", {"Organization": ORG | {"MasterAccountId": "999988887777"}}
        )
        stubs.stub("guardduty")  # any GuardDuty call would fail: no response is queued
        admins = collect.org_admins(stubs.api)
    [finding] = checks.delegated_admin(CTX, admins)
    assert finding.status is Status.NOT_ASSESSABLE and "999988887777" in finding.reason


GOV_CALLER = f"arn:aws-us-gov:iam::{ACCOUNT}:user/auditor"
GOV_ORG = {"Id": "o-abc1234567", "MasterAccountId": ACCOUNT, "FeatureSet": "ALL",
           "Arn": f"arn:aws-us-gov:organizations::{ACCOUNT}:organization/o-abc1234567",
           "MasterAccountArn": f"arn:aws-us-gov:organizations::{ACCOUNT}:account/o-abc1234567/"
                               f"{ACCOUNT}", "MasterAccountEmail": "root@acme.example",
           "AvailablePolicyTypes": []}


@pytest.mark.stubbed
def test_delegated_admins_listed_over_two_pages_from_the_management_account_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stubs.stub("organizations").add_response("describe_organization",
                                                 {"Organization": GOV_ORG}, {})
        add_pages(stubs.stub("guardduty"), "list_organization_admin_accounts", "AdminAccounts", [
            [{"AdminAccountId": "444455556666", "AdminStatus": "DISABLE_IN_PROGRESS"}],
            [{"AdminAccountId": "777788889999", "AdminStatus": "ENABLED"}]])
        [found] = stubs.evaluate("DET-01-C07")
    assert found.status is Status.PASS and "777788889999" in found.reason
    assert "444455556666" not in found.reason
    assert found.resource == f"arn:aws-us-gov:iam::{ACCOUNT}:root"


@pytest.mark.stubbed
def test_no_organization_or_no_enabled_admin_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stubs.stub("organizations").add_client_error("describe_organization", **client_error(
            "AWSOrganizationsNotInUseException",
            "Your account is not a member of an organization."))
        [alone] = stubs.evaluate("DET-01-C07")
    assert alone.status is Status.NOT_APPLICABLE
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stubs.stub("organizations").add_response("describe_organization",
                                                 {"Organization": GOV_ORG}, {})
        stubs.stub("guardduty").add_response("list_organization_admin_accounts",
                                             {"AdminAccounts": []}, {})
        [none] = stubs.evaluate("DET-01-C07")
    assert none.status is Status.FAIL
    assert "no delegated administrator in us-gov-west-1" in none.reason


@pytest.mark.stubbed
def test_severe_findings_stubbed_pass_and_fail():
    def collect_with(findings):
        with stubbed_api() as stubs:
            gd = stubs.stub("guardduty")
            gd.add_response("list_detectors", {"DetectorIds": ["abc"]})
            gd.add_response("get_detector", {"Status": "ENABLED", "ServiceRole": "r"})
            gd.add_response(
                "list_findings",
                {"FindingIds": [f["Id"] for f in findings]},
                {
                    "DetectorId": "abc",
                    "FindingCriteria": {
                        "Criterion": {
                            "severity": {"Gte": 7},
                            "service.archived": {"Eq": ["false"]},
                            "accountId": {"Eq": [ACCOUNT]},
                        }
                    },
                },
            )
            if findings:
                gd.add_response("get_findings", {"Findings": findings})
            return collect.detectors(stubs.api), collect.severe_findings(stubs.api)

    def finding(ident, age, updated=None, account=ACCOUNT):
        return {
            "Id": ident,
            "Arn": f"{ARN}/finding/{ident}",
            "Type": "Recon:EC2/PortProbe",
            "Severity": 8.0,
            "UpdatedAt": (NOW - timedelta(days=age if updated is None else updated)).isoformat(),
            "AccountId": account,
            "CreatedAt": (NOW - timedelta(days=age)).isoformat(),
            "Region": "us-east-1",
            "Resource": {},
            "SchemaVersion": "2.0",
        }

    detectors, severe = collect_with([finding("old", 30), finding("new", 1)])
    [failed] = checks.stale_severe_findings(CTX, detectors, severe)
    assert failed.status is Status.FAIL and failed.details["finding_ids"] == ["old"]
    detectors, severe = collect_with([])
    assert kinds(checks.stale_severe_findings(CTX, detectors, severe)) == [Status.PASS]
    # Audit #3: recurring activity refreshes UpdatedAt; the age counts from first sight.
    recurring = finding("brute", 90, updated=0)
    recurring["Service"] = {"EventFirstSeen": (NOW - timedelta(days=60)).isoformat()}
    detectors, severe = collect_with([recurring])
    [failed] = checks.stale_severe_findings(CTX, detectors, severe)
    assert failed.status is Status.FAIL and failed.details["finding_ids"] == ["brute"]
    # Audit #4: a member account's finding seen from the administrator is not ours to judge.
    detectors, severe = collect_with([finding("member", 30, account="999988887777")])
    assert kinds(checks.stale_severe_findings(CTX, detectors, severe)) == [Status.PASS]
    relaxed = Context(ACCOUNT, "us-east-1", {"max_age_days": 60}, NOW)
    detectors, severe = collect_with([finding("old", 30)])
    assert kinds(checks.stale_severe_findings(relaxed, detectors, severe)) == [Status.PASS]
    assert kinds(checks.stale_severe_findings(CTX, [], {})) == [Status.NOT_APPLICABLE]


def test_workshop_detection(workshop_report):
    def status(check_id, region):
        return statuses([r for r in results_for(workshop_report, check_id) if r.region == region])

    assert status("DET-01-C05", "us-east-1") == {"PASS"}
    assert status("DET-01-C05", "eu-west-1") == {"FAIL"}  # suspended detector
    assert status("DET-01-C05", "ap-southeast-2") == {"FAIL"}  # none
    assert status("DET-01-C07", "us-east-1") == {"PASS"}
    assert status("DET-01-C07", "eu-west-1") == {"FAIL"}
    assert status("IR-02-C03", "ap-southeast-2") == {"NOT_APPLICABLE"}
    # guardduty:ListFindings is not served by the sandbox: each detector is not assessable.
    [blind] = [r for r in results_for(workshop_report, "IR-02-C03") if r.region == "us-east-1"]
    assert blind.status.value == "NOT_ASSESSABLE" and ":detector/" in blind.resource


def test_clean_detection(clean_report):
    for check_id in ("DET-01-C05", "DET-01-C07"):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
