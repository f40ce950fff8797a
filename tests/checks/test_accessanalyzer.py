"""Access Analyzer check: an external-access analyzer per region (Stubber: moto lacks it)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import accessanalyzer as aa_checks
from seccheck.checks.registry import Context
from seccheck.collect import accessanalyzer as aa_collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))


def test_workshop_access_analyzer_is_not_assessable(workshop_report):
    results = results_for(workshop_report, "IAM-03-C03")
    assert statuses(results) == {"NOT_ASSESSABLE"}
    assert all("does not support" in r.reason for r in results)


@pytest.mark.stubbed
def test_access_analyzer_stubbed_pass_and_fail():
    analyzer = {
        "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/org",
        "name": "org",
        "type": "ORGANIZATION",
        "status": "ACTIVE",
        "createdAt": datetime(2026, 1, 1, tzinfo=timezone.utc),
    }
    unused = analyzer | {
        "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/unused",
        "name": "unused",
        "type": "ACCOUNT_UNUSED_ACCESS",
    }
    with stubbed_api() as stubs:
        stubs.stub("accessanalyzer").add_response(
            "list_analyzers", {"analyzers": [analyzer, unused]}
        )
        found = aa_collect.analyzers(stubs.api)
    assert [(f.resource, f.status) for f in aa_checks.external_access_analyzer(CTX, found)] == [
        (analyzer["arn"], Status.PASS)
    ]
    with stubbed_api() as stubs:
        stubs.stub("accessanalyzer").add_response("list_analyzers", {"analyzers": [unused]})
        found = aa_collect.analyzers(stubs.api)
    [finding] = aa_checks.external_access_analyzer(CTX, found)
    assert finding.status is Status.FAIL and "unused" in finding.details["other_analyzers"][0]


def test_organization_analyzer_in_delegated_admin_is_relied_on():
    """Audit A3: an ORGANIZATION analyzer lives in the delegated administrator's account, so a
    member with no analyzer of its own is covered; the result says it relies on that."""
    org = {"organization": "o-abc", "management": "999988887777"}
    [finding] = aa_checks.external_access_analyzer(
        CTX, [], org | {"delegated_admins": ["444455556666"]}
    )
    assert finding.status is Status.PASS and "RELIES ON" in finding.reason
    assert finding.details["relies_on_delegated_admin"] == ["444455556666"]
    # This account is the delegated administrator itself: nothing else covers it.
    [finding] = aa_checks.external_access_analyzer(
        CTX, [], org | {"delegated_admins": [CTX.account]}
    )
    assert finding.status is Status.FAIL
    # A member that cannot read the administrators is not judged.
    denied = Unreadable(Status.NOT_ASSESSABLE, "could not be read")
    [finding] = aa_checks.external_access_analyzer(CTX, [], denied)
    assert finding.status is Status.NOT_ASSESSABLE
    # No organization: the account needs its own analyzer.
    [finding] = aa_checks.external_access_analyzer(CTX, [], None)
    assert finding.status is Status.FAIL


@pytest.mark.stubbed
def test_organization_admin_stubbed_member_and_management():
    org = {
        "Organization": {
            "Id": "o-abc1234567",
            "MasterAccountId": "999988887777",
            "Arn": "arn:aws:organizations::999988887777:organization/o-abc1234567",
        }
    }
    with stubbed_api() as stubs:
        orgs = stubs.stub("organizations")
        orgs.add_response("describe_organization", org)
        orgs.add_response(
            "list_delegated_administrators",
            {"DelegatedAdministrators": [{"Id": "444455556666"}]},
            {"ServicePrincipal": "access-analyzer.amazonaws.com"},
        )
        found = aa_collect.organization_admin(stubs.api)
    assert found == {
        "organization": "o-abc1234567",
        "management": "999988887777",
        "delegated_admins": ["444455556666"],
    }
    with stubbed_api() as stubs:
        orgs = stubs.stub("organizations")
        orgs.add_response("describe_organization", org)
        orgs.add_client_error(
            "list_delegated_administrators", **client_error("AccessDeniedException")
        )
        found = aa_collect.organization_admin(stubs.api)
    assert isinstance(found, Unreadable) and "999988887777" in found.reason
    with stubbed_api() as stubs:
        stubs.stub("organizations").add_client_error(
            "describe_organization", **client_error("AWSOrganizationsNotInUseException")
        )
        assert aa_collect.organization_admin(stubs.api) is None


ANALYZER_ARN = "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/acct"


@pytest.mark.stubbed
def test_active_findings_stubbed_fail_and_pass():
    """Section (b): active external-access findings (ListFindingsV2 filtered on ACTIVE)."""
    analyzer = {
        "arn": ANALYZER_ARN,
        "name": "acct",
        "type": "ACCOUNT",
        "status": "ACTIVE",
        "createdAt": datetime(2026, 1, 1, tzinfo=timezone.utc),
    }
    finding = {
        "id": "f-1",
        "resource": "arn:aws:s3:::acme-exports",
        "resourceType": "AWS::S3::Bucket",
        "resourceOwnerAccount": "111122223333",
        "status": "ACTIVE",
        "findingType": "ExternalAccess",
        "analyzedAt": datetime(2026, 5, 1, tzinfo=timezone.utc),
        "createdAt": datetime(2026, 4, 1, tzinfo=timezone.utc),
        "updatedAt": datetime(2026, 5, 1, tzinfo=timezone.utc),
    }
    request = {"analyzerArn": ANALYZER_ARN, "filter": {"status": {"eq": ["ACTIVE"]}}}
    with stubbed_api() as stubs:
        aa = stubs.stub("accessanalyzer")
        aa.add_response("list_analyzers", {"analyzers": [analyzer]})
        aa.add_response("list_findings_v2", {"findings": [finding]}, request)
        found = aa_collect.active_findings(stubs.api)
    [result] = aa_checks.no_active_external_access_findings(CTX, found)
    assert result.status is Status.FAIL and result.resource == "arn:aws:s3:::acme-exports"
    assert "since 2026-04-01" in result.reason and result.details["finding_id"] == "f-1"
    with stubbed_api() as stubs:
        aa = stubs.stub("accessanalyzer")
        aa.add_response("list_analyzers", {"analyzers": [analyzer]})
        aa.add_response("list_findings_v2", {"findings": []}, request)
        found = aa_collect.active_findings(stubs.api)
    assert [
        (f.resource, f.status) for f in aa_checks.no_active_external_access_findings(CTX, found)
    ] == [(ANALYZER_ARN, Status.PASS)]
    # Without an analyzer of its own the account's findings cannot be read.
    [result] = aa_checks.no_active_external_access_findings(CTX, {"analyzers": [], "findings": []})
    assert result.status is Status.NOT_ASSESSABLE


def test_unused_access_analyzer_from_probe():
    unused = {
        "arn": "arn:aws:access-analyzer:eu-west-1:111122223333:analyzer/unused",
        "type": "ACCOUNT_UNUSED_ACCESS",
        "status": "ACTIVE",
        "region": "eu-west-1",
    }
    probe = {
        "found": [unused],
        "region": "eu-west-1",
        "unreadable": {},
        "probed": ["us-east-1", "eu-west-1"],
    }
    [result] = aa_checks.unused_access_analyzer(CTX, probe)
    assert result.status is Status.PASS and result.region == "eu-west-1"
    none = {"found": [], "region": None, "unreadable": {}, "probed": ["us-east-1", "eu-west-1"]}
    [result] = aa_checks.unused_access_analyzer(CTX, none)
    assert result.status is Status.FAIL and "2 enabled regions" in result.reason
    member = Unreadable(Status.NOT_ASSESSABLE, "member of organization o-abc")
    assert [f.status for f in aa_checks.unused_access_analyzer(CTX, member)] == [
        Status.NOT_ASSESSABLE
    ]


@pytest.mark.stubbed
def test_unused_access_analyzers_stubbed_probe_finds_one_in_the_first_region():
    unused = {
        "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/unused",
        "name": "unused",
        "type": "ACCOUNT_UNUSED_ACCESS",
        "status": "ACTIVE",
        "createdAt": datetime(2026, 1, 1, tzinfo=timezone.utc),
    }
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response(
            "describe_regions",
            {"Regions": [{"RegionName": "us-east-1", "OptInStatus": "opt-in-not-required"}]},
            {"AllRegions": True},
        )
        stubs.stub("accessanalyzer").add_response("list_analyzers", {"analyzers": [unused]})
        probe = aa_collect.unused_access_analyzers(stubs.api)
    assert [a["arn"] for a in probe["found"]] == [unused["arn"]]
    assert [f.status for f in aa_checks.unused_access_analyzer(CTX, probe)] == [Status.PASS]
