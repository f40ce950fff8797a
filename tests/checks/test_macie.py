"""Macie (DP-01-C12): pure evaluation, AWS's "not enabled" answer (stubbed), sandbox verdicts."""

from __future__ import annotations

import pytest

from seccheck.aws.errors import ApiError
from seccheck.checks.macie import macie_enabled
from seccheck.checks.registry import Context
from seccheck.collect import macie as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "eu-west-1")
REGIONS = {"website": "eu-west-1", "data": "us-east-1"}


def only(findings) -> tuple[Status, str]:
    (finding,) = list(findings)
    return finding.status, finding.reason


def test_enabled_disabled_and_no_data():
    assert only(macie_enabled(CTX, {"status": "ENABLED"}, REGIONS))[0] is Status.PASS
    status, reason = only(macie_enabled(CTX, {"status": "NOT_ENABLED"}, REGIONS))
    assert status is Status.FAIL and "1 S3 bucket" in reason
    assert only(macie_enabled(CTX, {"status": "PAUSED"}, REGIONS))[0] is Status.FAIL
    tokyo = Context(CTX.account, "ap-northeast-1")
    assert (
        only(macie_enabled(tokyo, {"status": "NOT_ENABLED"}, REGIONS))[0] is Status.NOT_APPLICABLE
    )
    # Unknown bucket locations: judged as if the data were here.
    unknown = Unreadable(Status.NOT_ASSESSABLE, "denied")
    assert only(macie_enabled(tokyo, {"status": "NOT_ENABLED"}, unknown))[0] is Status.FAIL
    assert only(macie_enabled(tokyo, {"status": "NOT_ENABLED"}, {"x": None}))[0] is Status.FAIL


@pytest.mark.stubbed
def test_aws_not_enabled_answer_is_a_finding_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("macie2").add_client_error(
            "get_macie_session",
            **client_error("AccessDeniedException", "Macie is not enabled.", 403),
        )
        assert collect.session(stubs.api) == {"status": "NOT_ENABLED"}


@pytest.mark.stubbed
def test_other_denials_stay_not_assessable_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("macie2").add_client_error(
            "get_macie_session",
            **client_error("AccessDeniedException", "User is not authorized", 403),
        )
        with pytest.raises(ApiError) as denied:
            collect.session(stubs.api)
    assert denied.value.status is Status.NOT_ASSESSABLE
    assert "macie2:GetMacieSession" in denied.value.reason


def test_workshop_verdicts(workshop_report):
    by_region = {r.region: r.status.value for r in results_for(workshop_report, "DP-01-C12")}
    assert by_region["us-east-1"] == "PASS"
    assert by_region["eu-west-1"] == "FAIL"  # paused where the website bucket lives


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    assert (
        statuses(results_for(report, "DP-01-C12")) == get_scenario(scenario).expected()["DP-01-C12"]
    )
