"""Amazon Inspector check (INF-01-C04): pure evaluation, the collector against canned answers,
then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import inspector as checks
from seccheck.collect import inspector as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import ACCOUNT, CTX, DENIED, assert_expected, kinds
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api


def status(overall: str = "ENABLED", **types: str) -> dict[str, Any]:
    states = {"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "ENABLED", **types}
    # AWS sends an error code and message with every state (botocore's stubs insist on them).
    def state(value: str) -> dict[str, str]:
        return {"status": value, "errorCode": "ALREADY_ENABLED", "errorMessage": "none"}

    return {"accountId": ACCOUNT, "state": state(overall),
            "resourceState": {k: state(v) for k, v in states.items()}}


def test_all_three_types_enabled_pass():
    [found] = checks.inspector_enabled(CTX, status())
    assert found.status.value == "PASS" and found.resource == CTX.account_arn


def test_missing_types_or_disabled_fail():
    [partial] = checks.inspector_enabled(CTX, status(ecr="DISABLED", **{"lambda": "ENABLING"}))
    assert partial.status.value == "FAIL"
    assert "ECR (DISABLED), Lambda (ENABLING)" in partial.reason
    [off] = checks.inspector_enabled(CTX, status("DISABLED"))
    assert off.status.value == "FAIL" and "DISABLED" in off.reason
    [never] = checks.inspector_enabled(CTX, {})
    assert never.status.value == "FAIL" and "never been enabled" in never.reason


def test_lambda_or_ecr_off_where_none_exist_passes():
    """A3: Lambda/ECR scanning off in a region without functions/repositories is no gap."""
    off = status(ecr="DISABLED", **{"lambda": "DISABLED"})
    [empty] = checks.inspector_enabled(CTX, off, [], [])
    assert empty.status.value == "PASS" and "no ECR or Lambda resources" in empty.reason
    [with_fn] = checks.inspector_enabled(CTX, off, [{"FunctionName": "f"}], [])
    assert with_fn.status.value == "FAIL" and "Lambda (DISABLED)" in with_fn.reason
    assert "ECR" not in with_fn.reason


def test_unreadable_is_not_assessable():
    assert kinds(checks.inspector_enabled(CTX, DENIED)) == ["NOT_ASSESSABLE"]


@pytest.mark.stubbed
def test_collector_names_the_account_and_reads_failures_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("inspector2").add_response("batch_get_account_status", {
            "accounts": [status(ecr="DISABLED")], "failedAccounts": []},
            {"accountIds": [ACCOUNT]})
        found = collect.account_status(stubs.api)
    assert found["resourceState"]["ecr"]["status"] == "DISABLED"
    with stubbed_api("eu-west-1") as stubs:
        stubs.stub("inspector2").add_response("batch_get_account_status", {
            "accounts": [], "failedAccounts": [{"accountId": ACCOUNT, "errorCode": "ACCESS_DENIED",
                                                 "errorMessage": "not allowed"}]})
        failed = collect.account_status(stubs.api)
    assert isinstance(failed, Unreadable) and "ACCESS_DENIED" in failed.reason


def test_workshop_verdicts_by_region(workshop_report):
    by_region = {r.region: r.status.value for r in results_for(workshop_report, "INF-01-C04")}
    assert by_region == {"us-east-1": "PASS", "eu-west-1": "FAIL", "ap-southeast-2": "FAIL"}


def test_clean_inspector_everywhere(clean_report):
    assert statuses(results_for(clean_report, "INF-01-C04")) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["INF-01-C04"])
