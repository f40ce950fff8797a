"""Firewall Manager check (INF-03-C06): the sandbox cannot serve Firewall Manager, so PASS and
FAIL are proven through the real collector against canned answers."""

from __future__ import annotations

import pytest

from seccheck.aws.errors import ApiError
from seccheck.checks import fms as checks
from seccheck.collect import fms as collect
from seccheck.results import Status
from tests.checks.infra_helpers import CTX, assert_expected, kinds
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api


def policy(name: str, kind: str) -> dict:
    policy_id = f"{name:0<36}"[:36]  # policy ids are 36 characters long
    return {"PolicyArn": f"arn:aws:fms:us-east-1:111122223333:policy/{policy_id}",
            "PolicyId": policy_id,
            "PolicyName": name, "ResourceType": "AWS::EC2::SecurityGroup",
            "SecurityServiceType": kind, "RemediationEnabled": True}


@pytest.mark.stubbed
def test_security_group_or_waf_policy_passes_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("fms").add_response("list_policies", {"PolicyList": [
            policy("acme-sg-baseline", "SECURITY_GROUPS_COMMON"),
            policy("acme-shield", "SHIELD_ADVANCED")]})
        policies = collect.policies(stubs.api)
    [found] = checks.firewall_manager_baselines(CTX, policies)
    assert found.status.value == "PASS"
    assert found.details["policies"] == ["acme-sg-baseline (SECURITY_GROUPS_COMMON)"]


@pytest.mark.stubbed
def test_only_other_policy_types_fail_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("fms").add_response("list_policies", {"PolicyList": [
            policy("acme-dns", "DNS_FIREWALL")]})
        policies = collect.policies(stubs.api)
    [found] = checks.firewall_manager_baselines(CTX, policies)
    assert found.status.value == "FAIL" and found.details["other_policy_types"] == ["DNS_FIREWALL"]
    assert kinds(checks.firewall_manager_baselines(CTX, [])) == ["FAIL"]


@pytest.mark.stubbed
def test_no_administrator_fails_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("fms").add_client_error("list_policies", **client_error(
            "AccessDeniedException", "No default admin could be found for account 111122223333",
            http_status=400))
        policies = collect.policies(stubs.api)
    assert policies is None
    [found] = checks.firewall_manager_baselines(CTX, policies)
    assert found.status.value == "FAIL" and "no administrator" in found.reason


@pytest.mark.stubbed
def test_other_denials_stay_errors_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("fms").add_client_error("list_policies", **client_error(
            "AccessDeniedException", "User is not authorized", http_status=400))
        with pytest.raises(ApiError) as err:
            collect.policies(stubs.api)
    assert err.value.status == Status.NOT_ASSESSABLE and "fms:ListPolicies" in err.value.reason


def test_sandbox_reports_not_assessable(workshop_report):
    found = results_for(workshop_report, "INF-03-C06")
    assert len(found) == 3 and statuses(found) == {"NOT_ASSESSABLE"}
    assert all("does not support fms:ListPolicies" in r.reason for r in found)


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["INF-03-C06"])
