"""AWS Backup (DP-01-C13): pure evaluation, then the sandbox verdicts per region."""

from __future__ import annotations

import pytest

from seccheck.checks.backup import locked_backups
from seccheck.checks.registry import Context
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses

CTX = Context("111122223333", "eu-west-1")
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs backup:X")


def plan(name: str, vaults) -> dict:
    return {"name": name, "arn": f"arn:aws:backup:eu-west-1:1:backup-plan:{name}", "vaults": vaults}


def only(findings) -> tuple[Status, str]:
    (finding,) = list(findings)
    return finding.status, finding.reason


def test_locked_vault_passes():
    backup = {
        "plans": [plan("daily", ["locked"]), plan("dev", ["open"])],
        "vaults": {"locked": True, "open": False},
    }
    status, reason = only(locked_backups(CTX, backup))
    assert status is Status.PASS and "locked" in reason


def test_no_plan_or_no_locked_target_fails():
    assert only(locked_backups(CTX, {"plans": [], "vaults": {"locked": True}}))[0] is Status.FAIL
    # A locked vault no plan writes to does not count.
    backup = {"plans": [plan("dev", ["open"])], "vaults": {"open": False, "locked": True}}
    status, reason = only(locked_backups(CTX, backup))
    assert status is Status.FAIL and "Vault Lock" in reason


def test_unreadable_plan_is_not_assessable_unless_another_passes():
    backup = {"plans": [plan("x", DENIED)], "vaults": {"locked": True}}
    assert only(locked_backups(CTX, backup))[0] is Status.NOT_ASSESSABLE
    backup["plans"].append(plan("daily", ["locked"]))
    assert only(locked_backups(CTX, backup))[0] is Status.PASS


def test_workshop_verdicts(workshop_report):
    by_region = {
        r.region: (r.status.value, r.reason) for r in results_for(workshop_report, "DP-01-C13")
    }
    assert by_region["us-east-1"][0] == "PASS"
    assert by_region["eu-west-1"][0] == "FAIL" and "Vault Lock" in by_region["eu-west-1"][1]
    assert (
        by_region["ap-southeast-2"][0] == "FAIL"
        and "no AWS Backup plan" in by_region["ap-southeast-2"][1]
    )


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    assert (
        statuses(results_for(report, "DP-01-C13")) == get_scenario(scenario).expected()["DP-01-C13"]
    )
