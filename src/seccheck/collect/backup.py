"""AWS Backup fact (regional): backup plans with their target vaults, and vaults' lock state.

ListBackupVaults already reports each vault's `Locked` flag, so no vault is described one by
one; each plan is read once for its rules' target vaults. A rule may also back up straight into
a logically air-gapped vault (`TargetLogicallyAirGappedBackupVaultArn`, same account and Region);
AWS Backup gives every such vault Vault Lock in compliance mode, so it counts as locked.
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


AIR_GAPPED = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"


def _vault_name(arn: str) -> str:
    """A vault's name from its ARN (arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME)."""
    return arn.split(":backup-vault:", 1)[-1]


def _air_gapped(rules: list[dict[str, Any]]) -> set[str]:
    return {_vault_name(r["TargetLogicallyAirGappedBackupVaultArn"]) for r in rules
            if r.get("TargetLogicallyAirGappedBackupVaultArn")}


@fact("backup.plans", scope="regional")
def plans(api: Api) -> dict[str, Any]:
    """{"plans": [{"name", "arn", "vaults": [names] or Unreadable}], "vaults": {name: locked}}."""
    vaults = {
        v["BackupVaultName"]: bool(v.get("Locked")) or v.get("VaultType") == AIR_GAPPED
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
            # A plan deleted between the listing and this read is gone, not an error.
            detail = api.call("backup", "get_backup_plan", BackupPlanId=plan["BackupPlanId"],
                              resource=arn, absent_on=("ResourceNotFoundException",))
        except ApiError as err:
            item["vaults"] = Unreadable(err.status, err.reason)
        else:
            if detail is None:
                continue
            rules = detail.get("BackupPlan", {}).get("Rules", [])
            air_gapped = _air_gapped(rules)
            vaults.update(dict.fromkeys(air_gapped, True))  # compliance-mode lock by design
            item["vaults"] = sorted(
                {r["TargetBackupVaultName"] for r in rules if r.get("TargetBackupVaultName")}
                | air_gapped
            )
        out.append(item)
    return {"plans": out, "vaults": vaults}
