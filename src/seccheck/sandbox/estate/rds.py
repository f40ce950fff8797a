"""RDS estate: Acme's databases, their snapshots, parameter groups and DB subnet groups.

Per copy: `acme-payments-db` (home region: private, encrypted, TLS forced) with a private manual
snapshot, and `acme-legacy-crm` (eu-west-1) with a manual snapshot; in the workshop the CRM is
public, unencrypted (its snapshot too), without backups or deletion protection, accepts plain
connections, sits in subnets routed to the internet and its
snapshot is public; in clean it is fixed. Once per estate: the Aurora cluster
`acme-analytics-aurora` (ap-southeast-2, good) with a private cluster snapshot.

Databases go into subnets the EC2 estate publishes (`ctx.shared["network"]`); without them no DB
subnet group is created and INF-03-C05 has nothing to judge.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from ..seeding import SeedContext

ORDER = 20  # after the EC2 estate (10), which publishes the subnets

PASSWORD = "not-a-real-password-1"  # the sandbox never holds real secrets


def copy_name(base: str, i: int) -> str:
    return base if i == 0 else f"{base}-{i:03d}"


def region(ctx: SeedContext, wanted: str) -> str:
    return wanted if wanted in ctx.regions else ctx.home


def _subnet_group(ctx: SeedContext, where: str, name: str, kind: str) -> str | None:
    """Create a DB subnet group over the published subnets of a kind ("private_subnets", ...)."""
    subnets = ctx.shared.get("network", {}).get(where, {}).get(kind) or []
    if not subnets:
        return None
    ctx.client("rds", where).create_db_subnet_group(
        DBSubnetGroupName=name, DBSubnetGroupDescription=f"Acme {name}", SubnetIds=list(subnets)
    )
    return name


def _parameter_group(
    ctx: SeedContext,
    where: str,
    name: str,
    family: str,
    parameter: str,
    value: str,
    *,
    cluster: bool = False,
) -> str:
    rds = ctx.client("rds", where)
    change = [
        {"ParameterName": parameter, "ParameterValue": value, "ApplyMethod": "pending-reboot"}
    ]
    if cluster:
        rds.create_db_cluster_parameter_group(
            DBClusterParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
        rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=name, Parameters=change)
    else:
        rds.create_db_parameter_group(
            DBParameterGroupName=name, DBParameterGroupFamily=family, Description=name
        )
        rds.modify_db_parameter_group(DBParameterGroupName=name, Parameters=change)
    return name


def _instance(
    ctx: SeedContext,
    where: str,
    name: str,
    engine: str,
    *,
    group: str,
    subnet_group: str | None,
    public: bool,
    encrypted: bool,
    kms_key: str | None = None,
    recoverable: bool = True,
) -> None:
    params: dict[str, Any] = {
        "DBInstanceIdentifier": name,
        "DBInstanceClass": "db.t3.medium",
        "Engine": engine,
        "AllocatedStorage": 20,
        "MasterUsername": "acmeadmin",
        "MasterUserPassword": PASSWORD,
        "PubliclyAccessible": public,
        "StorageEncrypted": encrypted,
        "DBParameterGroupName": group,
        "BackupRetentionPeriod": 7 if recoverable else 0,
        "DeletionProtection": recoverable,
        "Tags": [{"Key": "owner", "Value": "acme-platform"}],
    }
    if subnet_group:
        params["DBSubnetGroupName"] = subnet_group
    if encrypted and kms_key:
        params["KmsKeyId"] = kms_key
    ctx.client("rds", where).create_db_instance(**params)


def seed(ctx: SeedContext) -> None:
    home, eu, ap = ctx.home, region(ctx, "eu-west-1"), region(ctx, "ap-southeast-2")
    data_key = ctx.shared.get("kms", {}).get("data_key_arn", {}).get(home)
    rds_home, rds_eu = ctx.client("rds", home), ctx.client("rds", eu)

    pg_tls = _parameter_group(ctx, home, "acme-postgres15-tls", "postgres15", "rds.force_ssl", "1")
    payments_subnets = _subnet_group(ctx, home, "acme-data-private", "private_subnets")
    crm_exposed = ctx.bad and bool(ctx.shared.get("network", {}).get(eu, {}).get("exposed_subnets"))
    crm_subnets = (
        _subnet_group(ctx, eu, "acme-legacy-public", "exposed_subnets")
        if crm_exposed
        else _subnet_group(ctx, eu, "acme-crm-private", "private_subnets")
    )
    crm_group = _parameter_group(
        ctx,
        eu,
        "acme-mysql80-crm",
        "mysql8.0",
        "require_secure_transport",
        "OFF" if ctx.bad else "ON",
    )
    for i in range(ctx.copies):
        payments = copy_name("acme-payments-db", i)
        _instance(
            ctx,
            home,
            payments,
            "postgres",
            group=pg_tls,
            subnet_group=payments_subnets,
            public=False,
            encrypted=True,
            kms_key=data_key,
        )
        rds_home.create_db_snapshot(
            DBSnapshotIdentifier=f"{payments}-before-migration", DBInstanceIdentifier=payments
        )
        crm = copy_name("acme-legacy-crm", i)
        _instance(
            ctx,
            eu,
            crm,
            "mysql",
            group=crm_group,
            subnet_group=crm_subnets,
            public=ctx.bad,
            encrypted=not ctx.bad,
            recoverable=not ctx.bad,
        )
        snapshot = f"{crm}-export"
        rds_eu.create_db_snapshot(DBSnapshotIdentifier=snapshot, DBInstanceIdentifier=crm)
        if ctx.bad:  # "shared" with a vendor by making it public
            rds_eu.modify_db_snapshot_attribute(
                DBSnapshotIdentifier=snapshot, AttributeName="restore", ValuesToAdd=["all"]
            )
    _aurora(ctx, ap)


def _aurora(ctx: SeedContext, where: str) -> None:
    rds = ctx.client("rds", where)
    group = _parameter_group(
        ctx,
        where,
        "acme-aurora-pg15-tls",
        "aurora-postgresql15",
        "rds.force_ssl",
        "1",
        cluster=True,
    )
    params: dict[str, Any] = {
        "DBClusterIdentifier": "acme-analytics-aurora",
        "Engine": "aurora-postgresql",
        "MasterUsername": "acmeadmin",
        "MasterUserPassword": PASSWORD,
        "StorageEncrypted": True,
        "DBClusterParameterGroupName": group,
        "BackupRetentionPeriod": 7,
        "DeletionProtection": True,
    }
    subnets = _subnet_group(ctx, where, "acme-analytics-private", "private_subnets")
    if subnets:
        params["DBSubnetGroupName"] = subnets
    rds.create_db_cluster(**params)
    rds.create_db_cluster_snapshot(
        DBClusterSnapshotIdentifier="acme-analytics-aurora-monthly",
        DBClusterIdentifier="acme-analytics-aurora",
    )


def _has_network() -> bool:
    return importlib.util.find_spec(f"{__package__}.ec2") is not None


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    both = {"PASS", "FAIL"} if bad else {"PASS"}
    return {
        "INF-03-C04": both,
        "DP-01-C07": both,
        "DP-01-C08": both,
        "DP-01-C16": both,
        "DP-01-C17": both,
        "DP-01-C18": both,
        "DP-02-C07": both,
        # DB subnet groups need the EC2 estate's subnets; without them there is nothing to judge.
        "INF-03-C05": both if _has_network() else {"NOT_APPLICABLE"},
    }
