"""Incident-response checks: tooling ready (Detective, Incident Manager) and FIS experiments."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from seccheck.checks import incident as checks
from seccheck.checks.registry import Context
from seccheck.collect import incident as collect
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
CTX = Context("111122223333", "us-east-1", {}, NOW)
GRAPH = {"Arn": "arn:aws:detective:us-east-1:111122223333:graph:abc123", "CreatedTime": NOW}


def kinds(findings):
    return [f.status for f in findings]


def test_ir_tooling_ready():
    assert kinds(checks.ir_tooling_ready(CTX, {"graphs": [GRAPH], "response_plans": []})) == [
        Status.PASS
    ]
    assert kinds(checks.ir_tooling_ready(CTX, {"graphs": [], "response_plans": []})) == [
        Status.FAIL
    ]
    one_blind = {"graphs": Unreadable(Status.NOT_ASSESSABLE, "unsupported"), "response_plans": []}
    assert kinds(checks.ir_tooling_ready(CTX, one_blind)) == [Status.NOT_ASSESSABLE]
    # One readable signal is enough even when the other could not be read.
    plans = [{"arn": "arn:aws:ssm-incidents::1:response-plan/p", "name": "p"}]
    mixed = {"graphs": Unreadable(Status.NOT_ASSESSABLE, "denied"), "response_plans": plans}
    assert kinds(checks.ir_tooling_ready(CTX, mixed)) == [Status.PASS]
    assert kinds(checks.ir_tooling_ready(CTX, {"graphs": None, "response_plans": None})) == [
        Status.NOT_APPLICABLE
    ]


@pytest.mark.stubbed
def test_ir_tooling_stubbed_each_api_degrades_alone():
    with stubbed_api() as stubs:
        stubs.stub("detective").add_response("list_graphs", {"GraphList": [GRAPH]})
        stubs.stub("ssm-incidents").add_client_error(
            "list_response_plans", **client_error("AccessDeniedException", http_status=403)
        )
        tooling = collect.ir_tooling(stubs.api)
    assert isinstance(tooling["response_plans"], Unreadable)
    assert kinds(checks.ir_tooling_ready(CTX, tooling)) == [Status.PASS]
    with stubbed_api() as stubs:
        stubs.stub("detective").add_response("list_graphs", {"GraphList": []})
        stubs.stub("ssm-incidents").add_response(
            "list_response_plans", {"responsePlanSummaries": []}
        )
        tooling = collect.ir_tooling(stubs.api)
    assert kinds(checks.ir_tooling_ready(CTX, tooling)) == [Status.FAIL]


def test_recent_experiments():
    def experiment(ident, age, status="completed"):
        return {
            "id": ident,
            "arn": f"arn:aws:fis:us-east-1:1:experiment/{ident}",
            "state": {"status": status},
            "creationTime": NOW - timedelta(days=age),
        }

    [passed] = checks.recent_experiments(CTX, [experiment("old", 300), experiment("new", 5)])
    assert passed.status is Status.PASS and passed.resource.endswith("/new")
    assert kinds(checks.recent_experiments(CTX, [experiment("old", 300)])) == [Status.FAIL]
    assert kinds(checks.recent_experiments(CTX, [])) == [Status.NOT_APPLICABLE]
    relaxed = Context("1", "us-east-1", {"max_age_days": 365}, NOW)
    assert kinds(checks.recent_experiments(relaxed, [experiment("old", 300)])) == [Status.PASS]


def fis_experiment(ident: str, age: int, status: str | None, reason: str = "") -> dict:
    state = ({"status": status, **({"reason": reason} if reason else {})}
             if status else None)
    return {"id": ident, "arn": f"arn:aws:fis:us-east-1:1:experiment/{ident}",
            "creationTime": NOW - timedelta(days=age), **({"state": state} if state else {})}


@pytest.mark.parametrize("status", ["failed", "stopped", "cancelled", None])
def test_only_a_completed_experiment_is_an_exercised_response(status):
    """FIS ExperimentState: failed, stopped and cancelled experiments did not run to the end."""
    [found] = checks.recent_experiments(CTX, [fis_experiment("EXP1", 5, status, "Stop hit"),
                                              fis_experiment("EXP0", 300, "completed")])
    assert found.status is Status.FAIL and found.resource.endswith("/EXP1")
    assert "none has completed" not in found.reason
    assert "the latest completed one started on" in found.reason
    assert f"EXP1 (started {(NOW - timedelta(days=5)).date()}) {status or 'unknown'}" in (
        found.reason)


def test_latest_failure_is_named_beside_a_recent_completion():
    [found] = checks.recent_experiments(CTX, [
        fis_experiment("EXPok", 30, "completed"),
        fis_experiment("EXPbad", 2, "failed", "Target resolution failed")])
    assert found.status is Status.PASS and found.resource.endswith("/EXPok")
    assert "the latest, EXPbad" in found.reason and "Target resolution failed" in found.reason
    assert found.details["latest_status"] == "failed"


def test_experiment_in_progress_is_not_judged_yet():
    [found] = checks.recent_experiments(CTX, [fis_experiment("EXPrun", 0, "running")])
    assert found.status is Status.NOT_ASSESSABLE and "still in progress" in found.reason
    assert "none has completed" in found.reason


def test_workshop_incident(workshop_report):
    def status(check_id, region):
        return statuses([r for r in results_for(workshop_report, check_id) if r.region == region])

    assert status("IR-03-C01", "us-east-1") == {"PASS"}
    assert status("IR-03-C01", "eu-west-1") == {"FAIL"}
    [retry] = [r for r in results_for(workshop_report, "IR-03-C01") if r.region == "eu-west-1"]
    assert ") failed" in retry.reason and "the latest completed one started on" in retry.reason
    assert status("IR-03-C01", "ap-southeast-2") == {"NOT_APPLICABLE"}
    assert statuses(results_for(workshop_report, "IR-01-C03")) == {"NOT_ASSESSABLE"}


def test_clean_incident(clean_report):
    assert statuses(results_for(clean_report, "IR-03-C01")) == {"PASS"}


@pytest.mark.stubbed
def test_experiments_over_two_pages_latest_decides_stubbed():
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    fis_arn = "arn:aws-cn:fis:cn-north-1:111122223333:experiment"

    def experiment(exp_id: str, days_ago: int, status: str) -> dict:
        return {"id": exp_id, "arn": f"{fis_arn}/{exp_id}", "experimentTemplateId": "EXT1a2b3c",
                "state": {"status": status, "reason": "Experiment completed."},
                "creationTime": now - timedelta(days=days_ago), "tags": {}}

    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        add_pages(stubs.stub("fis"), "list_experiments", "experiments", [
            [experiment("EXPold", 400, "completed")], [experiment("EXPnew", 20, "completed")]],
            token="nextToken")
        [found] = stubs.evaluate("IR-03-C01", now=now)
    assert found.status is Status.PASS and found.resource == f"{fis_arn}/EXPnew"
    assert found.details["experiments"] == 2
    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        add_pages(stubs.stub("fis"), "list_experiments", "experiments",
                  [[experiment("EXPold", 400, "completed")], []], token="nextToken")
        [stale] = stubs.evaluate("IR-03-C01", now=now)
    assert stale.status is Status.FAIL and "completed in the last 180 days" in stale.reason
    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        stubs.stub("fis").add_client_error("list_experiments", **client_error(
            "AccessDeniedException", http_status=403))
        [denied] = stubs.evaluate("IR-03-C01", now=now)
    assert denied.status is Status.NOT_ASSESSABLE and "fis:ListExperiments" in denied.reason
