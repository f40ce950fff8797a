"""Organizations and account checks: plain data, member-account handling, sandbox verdicts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import organizations as checks
from seccheck.checks.registry import Context
from seccheck.collect import organizations as collect
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))
ORG = {
    "Id": "o-abc1234567",
    "Arn": "arn:aws:organizations::111122223333:organization/o-abc1234567",
    "FeatureSet": "ALL",
    "MasterAccountId": ACCOUNT,
}
MEMBER_VIEW = ORG | {"MasterAccountId": "999988887777"}


def kinds(findings):
    return [f.status for f in findings]


def test_organization_all_features():
    assert kinds(checks.organization_all_features(CTX, ORG)) == [Status.PASS]
    billing = ORG | {"FeatureSet": "CONSOLIDATED_BILLING"}
    assert kinds(checks.organization_all_features(CTX, billing)) == [Status.FAIL]
    assert kinds(checks.organization_all_features(CTX, None)) == [Status.FAIL]


def test_multi_account_structure():
    two = [{"Id": ACCOUNT, "Status": "ACTIVE"}, {"Id": "2", "Status": "ACTIVE"}]
    good = {
        "organization": ORG,
        "accounts": two,
        "roots": [{"Id": "r-1"}],
        "ous": [{"Id": "ou-1", "Name": "prod"}],
    }
    assert kinds(checks.multi_account_structure(CTX, good)) == [Status.PASS]
    no_ou = good | {"ous": []}
    assert kinds(checks.multi_account_structure(CTX, no_ou)) == [Status.FAIL]
    suspended = good | {"accounts": [two[0], {"Id": "2", "Status": "SUSPENDED"}]}
    assert kinds(checks.multi_account_structure(CTX, suspended)) == [Status.FAIL]
    assert kinds(checks.multi_account_structure(CTX, None)) == [Status.FAIL]


def test_account_state_replaces_the_retired_status():
    """Audit #9: accounts listed with State only (Status retired 2026-09-09)."""
    state_only = {
        "organization": ORG,
        "accounts": [{"Id": ACCOUNT, "State": "ACTIVE"}, {"Id": "2", "State": "CLOSED"}],
        "roots": [{"Id": "r-1"}],
        "ous": [{"Id": "ou-1", "Name": "prod"}],
    }
    [finding] = checks.multi_account_structure(CTX, state_only)
    assert finding.status is Status.FAIL and "only 1 active account" in finding.reason
    both = state_only | {"accounts": [{"Id": ACCOUNT, "State": "ACTIVE"},
                                      {"Id": "2", "State": "ACTIVE", "Status": "ACTIVE"}]}
    assert kinds(checks.multi_account_structure(CTX, both)) == [Status.PASS]


def _scps(targets, enabled=True):
    return {
        "organization": ORG,
        "scp_enabled": enabled,
        "policies": [
            {
                "Id": "p-1",
                "Arn": "arn:aws:organizations::1:policy/o-1/service_control_policy/p-1",
                "Name": "guardrails",
                "AwsManaged": False,
                "targets": targets,
            }
        ],
    }


def test_service_control_policies():
    attached = _scps([{"TargetId": "ou-1", "Name": "prod", "Type": "ORGANIZATIONAL_UNIT"}])
    assert kinds(checks.service_control_policies(CTX, attached)) == [Status.PASS]
    draft = {"Id": "p-2", "Arn": "arn:p-2", "Name": "draft", "AwsManaged": False, "targets": []}
    with_draft = attached | {"policies": attached["policies"] + [draft]}
    assert kinds(checks.service_control_policies(CTX, with_draft)) == [Status.PASS, Status.WARN]
    assert kinds(checks.service_control_policies(CTX, _scps([]))) == [Status.FAIL]
    assert kinds(
        checks.service_control_policies(CTX, _scps([{"TargetId": "ou-1"}], enabled=False))
    ) == [Status.FAIL]
    assert kinds(checks.service_control_policies(CTX, None)) == [Status.FAIL]


GOV_ORG = "arn:aws-us-gov:organizations::111122223333"


def listed_account(account_id: str, **state: str) -> dict:
    return {"Id": account_id, "Arn": f"{GOV_ORG}:account/o-abc1234567/{account_id}",
            "Email": f"{account_id}@acme.example", "Name": f"acme-{account_id}",
            "JoinedMethod": "CREATED", "JoinedTimestamp": datetime(2025, 1, 2, tzinfo=timezone.utc),
            **state}


def stub_structure(stubs, account_pages, ou_pages) -> None:
    org = stubs.stub("organizations")
    org.add_response("describe_organization", {"Organization": ORG | {
        "Arn": f"{GOV_ORG}:organization/o-abc1234567"}}, {})
    add_pages(org, "list_accounts", "Accounts", account_pages)
    org.add_response("list_roots", {"Roots": [{
        "Id": "r-ab12", "Arn": f"{GOV_ORG}:root/o-abc1234567/r-ab12", "Name": "Root",
        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}, {})
    add_pages(org, "list_organizational_units_for_parent", "OrganizationalUnits", ou_pages,
              params={"ParentId": "r-ab12"})


@pytest.mark.stubbed
def test_structure_over_two_pages_counts_only_active_accounts_stubbed():
    gov = "arn:aws-us-gov:iam::111122223333:user/auditor"
    with stubbed_api("us-gov-west-1", gov) as stubs:
        stub_structure(
            stubs,
            # State replaces the retired Status; an answer may carry either, or both.
            [[listed_account("111122223333", State="ACTIVE", Status="ACTIVE"),
              listed_account("222233334444", Status="ACTIVE")],
             [listed_account("555566667777", State="SUSPENDED", Status="SUSPENDED"),
              listed_account("888899990000", State="PENDING_CLOSURE")]],
            [[{"Id": "ou-ab12-11111111", "Arn": f"{GOV_ORG}:ou/o-abc1234567/ou-ab12-11111111",
               "Name": "Security"}],
             [{"Id": "ou-ab12-22222222", "Name": "Workloads"}]])
        [found] = stubs.evaluate("IAM-03-C01")
    assert found.status is Status.PASS and found.resource == f"{GOV_ORG}:organization/o-abc1234567"
    assert found.reason == "2 accounts grouped under 2 OU(s)"
    assert found.details["organizational_units"] == ["Security", "Workloads"]


@pytest.mark.stubbed
def test_structure_without_ous_fails_stubbed():
    gov = "arn:aws-us-gov:iam::111122223333:user/auditor"
    with stubbed_api("us-gov-west-1", gov) as stubs:
        stub_structure(stubs, [[listed_account("111122223333", State="ACTIVE")],
                               [listed_account("222233334444", State="ACTIVE")]], [[]])
        [found] = stubs.evaluate("IAM-03-C01")
    assert found.status is Status.FAIL and found.reason == "no organizational unit under the root"


@pytest.mark.stubbed
def test_structure_stubbed_member_account_is_not_assessable():
    with stubbed_api() as stubs:
        org = stubs.stub("organizations")
        org.add_response("describe_organization", {"Organization": MEMBER_VIEW})
        org.add_client_error(
            "list_accounts", **client_error("AccessDeniedException", http_status=400)
        )
        structure = collect.structure(stubs.api)
    [finding] = checks.multi_account_structure(CTX, structure)
    assert finding.status is Status.NOT_ASSESSABLE
    assert "999988887777" in finding.reason


@pytest.mark.stubbed
def test_scps_stubbed_not_in_organization_fails():
    with stubbed_api() as stubs:
        stubs.stub("organizations").add_client_error(
            "describe_organization", **client_error("AWSOrganizationsNotInUseException")
        )
        scps = collect.service_control_policies(stubs.api)
    assert scps is None
    assert kinds(checks.service_control_policies(CTX, scps)) == [Status.FAIL]


@pytest.mark.stubbed
def test_scps_stubbed_target_failure_is_per_policy():
    with stubbed_api() as stubs:
        org = stubs.stub("organizations")
        org.add_response("describe_organization", {"Organization": ORG})
        org.add_response(
            "list_policies",
            {
                "Policies": [
                    {
                        "Id": "p-FullAWSAccess",
                        "Arn": "arn:aws:organizations::aws:policy/p-Full",
                        "Name": "FullAWSAccess",
                        "Type": "SERVICE_CONTROL_POLICY",
                        "AwsManaged": True,
                    },
                    {
                        "Id": "p-12345678",
                        "Arn": "arn:aws:organizations::1:policy/p-12345678",
                        "Name": "guardrails",
                        "Type": "SERVICE_CONTROL_POLICY",
                        "AwsManaged": False,
                    },
                ]
            },
        )
        org.add_response(
            "list_roots",
            {
                "Roots": [
                    {
                        "Id": "r-ab12",
                        "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
                    }
                ]
            },
        )
        org.add_client_error(
            "list_targets_for_policy", **client_error("AccessDeniedException", http_status=400)
        )
        scps = collect.service_control_policies(stubs.api)
    [finding] = checks.service_control_policies(CTX, scps)
    assert finding.status is Status.NOT_ASSESSABLE
    assert finding.resource.endswith("p-12345678")


def test_workshop_organization(workshop_report, workshop):
    for check_id in ("IAM-01-C05", "IAM-03-C01"):
        assert statuses(results_for(workshop_report, check_id)) == {"PASS"}, check_id
    [attached] = [r for r in results_for(workshop_report, "IAM-03-C02") if r.status.value == "PASS"]
    assert "acme-guardrails" in attached.reason and "prod" in attached.reason
    [draft] = [r for r in results_for(workshop_report, "IAM-03-C02") if r.status.value == "WARN"]
    assert "acme-deny-unused-regions-draft" in draft.reason
    assert set(workshop.members) == {"acme-security", "acme-dev"}
