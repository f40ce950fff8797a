"""AWS Backup (DP-01-C13): pure evaluation, then the sandbox verdicts per region."""

from __future__ import annotations

import pytest

from seccheck.checks.backup import locked_backups
from seccheck.checks.registry import Context
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

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


# -- responses shaped as the AWS Backup API reference documents them -----------------------------

GOV = "arn:aws-us-gov:backup:us-gov-west-1:111122223333"
GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"


def vault(name: str, **fields) -> dict:
    return {"BackupVaultName": name, "BackupVaultArn": f"{GOV}:backup-vault:{name}", **fields}


def listed_plan(plan_id: str, **fields) -> dict:
    return {"BackupPlanId": plan_id, "BackupPlanArn": f"{GOV}:backup-plan:{plan_id}",
            "VersionId": "v1", **fields}


def plan_detail(plan_id: str, name: str, *rules: dict) -> dict:
    return {"BackupPlanId": plan_id, "BackupPlanArn": f"{GOV}:backup-plan:{plan_id}",
            "VersionId": "v1", "BackupPlan": {"BackupPlanName": name, "Rules": list(rules)}}


def backup_rule(name: str, target: str, **fields) -> dict:
    return {"RuleName": name, "TargetBackupVaultName": target,
            "ScheduleExpression": "cron(0 5 ? * * *)", **fields}


def stub_listings(backup, vault_pages: list[list[dict]], plan_pages: list[list[dict]]) -> None:
    """Two or more pages each, chained through NextToken as AWS Backup does."""
    for key, operation, pages in (("BackupVaultList", "list_backup_vaults", vault_pages),
                                  ("BackupPlansList", "list_backup_plans", plan_pages)):
        for number, page in enumerate(pages):
            reply = {key: page}
            if number + 1 < len(pages):
                reply["NextToken"] = f"{operation}-{number + 1}"
            backup.add_response(operation, reply,
                                {"NextToken": f"{operation}-{number}"} if number else {})


@pytest.mark.stubbed
def test_locked_vault_on_a_later_page_passes_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        backup = stubs.stub("backup")
        stub_listings(
            backup,
            # `Locked` is optional: AWS leaves it out for vaults without Vault Lock.
            [[vault("Default", VaultType="BACKUP_VAULT", NumberOfRecoveryPoints=12)],
             [vault("vault-locked", VaultType="BACKUP_VAULT", Locked=True, MinRetentionDays=7)]],
            # BackupPlanName is optional in the listing: the id stands in for it.
            [[listed_plan("p-daily", BackupPlanName="daily")], [listed_plan("p-dev")]],
        )
        backup.add_response("get_backup_plan",
                            plan_detail("p-daily", "daily", backup_rule("r", "vault-locked")),
                            {"BackupPlanId": "p-daily"})
        backup.add_response("get_backup_plan",
                            plan_detail("p-dev", "dev", backup_rule("r", "Default")),
                            {"BackupPlanId": "p-dev"})
        [result] = stubs.evaluate("DP-01-C13")
    assert result.status is Status.PASS, result.reason
    assert result.resource == "arn:aws-us-gov:iam::111122223333:root"
    assert result.details["plans"] == ["daily", "p-dev"]
    assert result.details["locked_vaults"] == ["vault-locked"]


@pytest.mark.stubbed
def test_rule_into_a_logically_air_gapped_vault_counts_as_locked_stubbed():
    # A logically air-gapped vault always has Vault Lock in compliance mode (AWS Backup guide).
    lag = f"{GOV}:backup-vault:lag-vault"
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        backup = stubs.stub("backup")
        stub_listings(backup, [[vault("Default")]], [[listed_plan("p1", BackupPlanName="x")]])
        backup.add_response("get_backup_plan", plan_detail(
            "p1", "x", backup_rule("r", "Default", TargetLogicallyAirGappedBackupVaultArn=lag)),
            {"BackupPlanId": "p1"})
        [result] = stubs.evaluate("DP-01-C13")
    assert result.status is Status.PASS and result.details["locked_vaults"] == ["lag-vault"]


@pytest.mark.stubbed
def test_unlocked_targets_fail_vanished_plans_drop_out_denied_ones_stay_unread_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        backup = stubs.stub("backup")
        stub_listings(backup, [[vault("Default")], [vault("open", Locked=False)]],
                      [[listed_plan("p1", BackupPlanName="daily")]])
        backup.add_response("get_backup_plan",
                            plan_detail("p1", "daily", backup_rule("r", "open")),
                            {"BackupPlanId": "p1"})
        [failed] = stubs.evaluate("DP-01-C13")
    assert failed.status is Status.FAIL and "no target vault has Vault Lock" in failed.reason
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        backup = stubs.stub("backup")
        stub_listings(backup, [[vault("Default")]], [[listed_plan("p1", BackupPlanName="gone"),
                                                      listed_plan("p2", BackupPlanName="kept")]])
        # Deleted between the listing and the read: AWS answers ResourceNotFoundException.
        backup.add_client_error("get_backup_plan", **client_error(
            "ResourceNotFoundException", "Failed reading Backup plan with provided version",
            http_status=400))
        backup.add_client_error("get_backup_plan", **client_error(
            "AccessDeniedException", http_status=403))
        [unread] = stubs.evaluate("DP-01-C13")
    assert unread.status is Status.NOT_ASSESSABLE and "backup:GetBackupPlan" in unread.reason


@pytest.mark.stubbed
def test_denied_or_empty_listing_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        backup = stubs.stub("backup")
        backup.add_response("list_backup_vaults", {"BackupVaultList": []}, {})
        backup.add_client_error("list_backup_plans", **client_error(
            "AccessDeniedException", http_status=403))
        [denied] = stubs.evaluate("DP-01-C13")
    assert denied.status is Status.NOT_ASSESSABLE and "backup:ListBackupPlans" in denied.reason
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_listings(stubs.stub("backup"), [[]], [[]])
        [empty] = stubs.evaluate("DP-01-C13")
    assert empty.status is Status.FAIL and "no AWS Backup plan in us-gov-west-1" in empty.reason


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
