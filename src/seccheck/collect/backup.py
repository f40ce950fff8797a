"""AWS Backup fact (regional): backup plans with their target vaults, and vaults' lock state.

ListBackupVaults already reports each vault's `Locked` flag, so no vault is described one by
one; each plan is read once for its rules' target vaults.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "backup": ("GetBackupPlan", "ListBackupPlans", "ListBackupVaults"),
}


@fact("backup.plans", scope="regional")
def plans(api: Api) -> dict[str, Any]:
    """{"plans": [{"name", "arn", "vaults": [names] or Unreadable}], "vaults": {name: locked}}."""
    vaults = {
        v["BackupVaultName"]: bool(v.get("Locked"))
        for v in api.paginate("backup", "list_backup_vaults", "BackupVaultList") or []
    }
    out = []
    for plan in api.paginate("backup", "list_backup_plans", "BackupPlansList") or []:
        arn = plan.get("BackupPlanArn", plan["BackupPlanId"])
        item: dict[str, Any] = {
            "name": plan.get("BackupPlanName", plan["BackupPlanId"]),
            "arn": arn,
        }
        try:
            detail = api.call(
                "backup", "get_backup_plan", BackupPlanId=plan["BackupPlanId"], resource=arn
            )
        except ApiError as err:
            item["vaults"] = Unreadable(err.status, err.reason)
        else:
            rules = detail.get("BackupPlan", {}).get("Rules", [])
            item["vaults"] = sorted(
                {r["TargetBackupVaultName"] for r in rules if r.get("TargetBackupVaultName")}
            )
        out.append(item)
    return {"plans": out, "vaults": vaults}
