"""AWS Backup estate (DP-01-C13): a plan into a locked vault per region.

Workshop: good in the home region; eu-west-1 backs up into an unlocked vault and
ap-southeast-2 has no plan (both bad). Clean: every region good. Member accounts are good.
"""

from __future__ import annotations

from ..seeding import SeedContext


def _plan(
    ctx: SeedContext, where: str, vault: str, plan: str, *, locked: bool, account: str | None = None
) -> None:
    backup = ctx.client("backup", where, account)
    backup.create_backup_vault(BackupVaultName=vault)
    if locked:
        backup.put_backup_vault_lock_configuration(
            BackupVaultName=vault, MinRetentionDays=7, MaxRetentionDays=365
        )
    backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": plan,
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": vault,
                    "ScheduleExpression": "cron(0 5 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                }
            ],
        }
    )


def seed(ctx: SeedContext) -> None:
    for where in ctx.regions:
        if where == ctx.home or not ctx.bad:
            _plan(ctx, where, "acme-backup-vault", "acme-daily-backups", locked=True)
        elif where == "eu-west-1":
            _plan(ctx, where, "acme-eu-backups", "acme-eu-weekly", locked=False)
        for member in ctx.members.values():
            _plan(
                ctx, where, "acme-backup-vault", "acme-daily-backups", locked=True, account=member
            )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {"DP-01-C13": {"PASS", "FAIL"} if bad else {"PASS"}}
