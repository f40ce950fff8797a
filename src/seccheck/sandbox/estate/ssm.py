"""Systems Manager estate: patch maintenance windows and Acme's own SSM documents.

Patching: a window running AWS-RunPatchBaseline in the home region (every region in the clean
estate); in the workshop the second region has only a backup window and the third none.
Documents (home region): an Automation runbook and a document shared with one partner account
(good), and one shared publicly (bad). The clean estate has a runbook in every region.

The sandbox cannot register managed instances or report patch compliance, so the instance
checks are not assessable there; their PASS and FAIL paths are tested with stubs.
"""

from __future__ import annotations

import json
from typing import Any

from ..seeding import SeedContext
from ._acme import suffix

ORDER = 50
PARTNER_ACCOUNT = "210987654321"
RUNBOOK = json.dumps({
    "schemaVersion": "0.3",
    "description": "Restart the web tier without logging in to the instances.",
    "parameters": {"InstanceIds": {"type": "StringList"}},
    "mainSteps": [{"name": "restart", "action": "aws:changeInstanceState",
                   "inputs": {"InstanceIds": "{{ InstanceIds }}", "DesiredState": "running"}}],
})


def _command(description: str, script: str) -> str:
    return json.dumps({"schemaVersion": "2.2", "description": description, "mainSteps": [
        {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": [script]}}]})


def seed(ctx: SeedContext) -> None:
    for index, region in enumerate(ctx.regions):
        ssm = ctx.client("ssm", region)
        if not ctx.bad or index == 0:
            _window(ssm, f"acme-patch-{region}", "AWS-RunPatchBaseline",
                    {"Operation": ["Install"], "RebootOption": ["RebootIfNeeded"]})
        elif index == 1:
            _window(ssm, "acme-backup-nightly", "AWS-RunShellScript",
                    {"commands": ["/opt/acme/backup.sh"]})
        if index == 0:
            _home_documents(ctx, ssm)
        elif not ctx.bad:
            ssm.create_document(Name="Acme-RestartWebTier", Content=RUNBOOK,
                                DocumentType="Automation", DocumentFormat="JSON")


def _window(ssm: Any, name: str, document: str, parameters: dict[str, list[str]]) -> None:
    window = ssm.create_maintenance_window(Name=name, Schedule="cron(0 3 ? * SUN *)", Duration=3,
                                           Cutoff=1, AllowUnassociatedTargets=False)["WindowId"]
    target = ssm.register_target_with_maintenance_window(
        WindowId=window, ResourceType="INSTANCE",
        Targets=[{"Key": "tag:PatchGroup", "Values": ["prod"]}])["WindowTargetId"]
    ssm.register_task_with_maintenance_window(
        WindowId=window, TaskArn=document, TaskType="RUN_COMMAND",
        Targets=[{"Key": "WindowTargetIds", "Values": [target]}],
        TaskInvocationParameters={"RunCommand": {"Parameters": parameters}},
        MaxConcurrency="10%", MaxErrors="5%")


def _home_documents(ctx: SeedContext, ssm: Any) -> None:
    for copy in range(ctx.copies):
        tail = suffix(copy)
        ssm.create_document(Name=f"Acme-RestartWebTier{tail}", Content=RUNBOOK,
                            DocumentType="Automation", DocumentFormat="JSON")
        ssm.create_document(Name=f"Acme-RotateLogs{tail}", DocumentType="Command",
                            DocumentFormat="JSON",
                            Content=_command("Rotate application logs", "logrotate -f /etc/acme"))
        ssm.modify_document_permission(Name=f"Acme-RotateLogs{tail}", PermissionType="Share",
                                       AccountIdsToAdd=[PARTNER_ACCOUNT])
        if ctx.bad:
            ssm.create_document(Name=f"Acme-DiagnosticsBundle{tail}", DocumentType="Command",
                                DocumentFormat="JSON",
                                Content=_command("Collect diagnostics", "/opt/acme/diag.sh"))
            ssm.modify_document_permission(Name=f"Acme-DiagnosticsBundle{tail}",
                                           PermissionType="Share", AccountIdsToAdd=["all"])


def expected(profile: str) -> dict[str, set[str]]:
    # Every region has running instances, and the sandbox cannot tell which are managed.
    common = {"INF-01-C01": {"NOT_ASSESSABLE"}, "INF-01-C02": {"NOT_ASSESSABLE"}}
    if profile == "clean":
        return {**common, "INF-01-C03": {"PASS"}, "DP-03-C01": {"NOT_ASSESSABLE"},
                "DP-03-C02": {"PASS"}, "DP-03-C03": {"PASS"}}
    return {**common, "INF-01-C03": {"PASS", "NOT_ASSESSABLE"},
            "DP-03-C01": {"FAIL", "NOT_ASSESSABLE"},
            "DP-03-C02": {"PASS", "FAIL", "NOT_APPLICABLE"}, "DP-03-C03": {"PASS", "WARN"}}
