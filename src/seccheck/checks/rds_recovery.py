"""RDS checks that keep a database recoverable: automated backups and deletion protection.

Aurora and Multi-AZ DB cluster members are judged through their cluster, which holds both
settings; read replicas are left out of the backup check (their source is backed up, and
Prowler skips them by default too).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check


def _name(db: dict[str, Any]) -> str:
    return db.get("DBInstanceIdentifier") or db.get("DBClusterIdentifier") or "?"


def _standalone(instances: list[dict[str, Any]],
                clusters: list[dict[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, ARN, record) for every DB instance outside a cluster, and every cluster."""
    for db in instances:
        if not db.get("DBClusterIdentifier"):
            yield "instance", db.get("DBInstanceArn", _name(db)), db
    for cluster in clusters:
        yield "cluster", cluster.get("DBClusterArn", _name(cluster)), cluster


def _is_replica(db: dict[str, Any]) -> bool:
    return bool(db.get("ReadReplicaSourceDBInstanceIdentifier")
                or db.get("ReadReplicaSourceDBClusterIdentifier"))


@check("DP-01-C17", "rds.instances", "rds.clusters")
def automated_backups(ctx: Context, instances: list[dict[str, Any]],
                      clusters: list[dict[str, Any]]) -> Iterator[Finding]:
    judged = 0
    for kind, arn, db in _standalone(instances, clusters):
        if kind == "instance" and _is_replica(db):
            continue
        judged += 1
        days = db.get("BackupRetentionPeriod")
        who = f"DB {kind} {_name(db)}"
        if days is None:
            yield Finding.not_assessable(arn, f"{who}: RDS did not report a backup retention "
                                              "period")
        elif int(days) > 0:
            yield Finding.passed(arn, f"{who} keeps automated backups for {days} day(s)",
                                 backup_retention_days=int(days))
        else:
            yield Finding.failed(arn, f"{who} has automated backups turned off (retention 0): "
                                      "no point-in-time recovery", backup_retention_days=0)
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, f"no RDS database in {ctx.region}")


@check("DP-01-C18", "rds.instances", "rds.clusters")
def deletion_protection(ctx: Context, instances: list[dict[str, Any]],
                        clusters: list[dict[str, Any]]) -> Iterator[Finding]:
    judged = 0
    for kind, arn, db in _standalone(instances, clusters):
        judged += 1
        who = f"DB {kind} {_name(db)}"
        if "DeletionProtection" not in db:
            yield Finding.not_assessable(arn, f"{who}: RDS did not report deletion protection")
        elif db["DeletionProtection"]:
            yield Finding.passed(arn, f"{who} has deletion protection on")
        else:
            yield Finding.failed(arn, f"{who} can be deleted by a single API call: deletion "
                                      "protection is off")
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, f"no RDS database in {ctx.region}")
