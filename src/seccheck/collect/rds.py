"""RDS facts (regional): databases, manual snapshots, TLS parameters, DB subnet routes.

Manual snapshots come with who may restore them, parameter groups in use with the value of their
TLS parameter, DB subnet groups with each subnet's effective route table.

Per-resource reads (snapshot attributes, parameter groups) that fail are stored as `Unreadable`
for that resource only.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ec2": ("DescribeRouteTables",),
    "rds": (
        "DescribeDBClusterParameters",
        "DescribeDBClusterSnapshotAttributes",
        "DescribeDBClusterSnapshots",
        "DescribeDBClusters",
        "DescribeDBInstances",
        "DescribeDBParameters",
        "DescribeDBSnapshotAttributes",
        "DescribeDBSnapshots",
        "DescribeDBSubnetGroups",
    ),
}

# The parameter that makes each engine refuse unencrypted connections.
TLS_PARAMETER = {
    "postgres": "rds.force_ssl",
    "aurora-postgresql": "rds.force_ssl",
    "sqlserver": "rds.force_ssl",
    "mysql": "require_secure_transport",
    "mariadb": "require_secure_transport",
    "aurora-mysql": "require_secure_transport",
    "aurora": "require_secure_transport",
}


def tls_parameter(engine: str) -> str | None:
    """Name the TLS-enforcing parameter of an engine (None: TLS is not set by a parameter)."""
    engine = engine.lower()
    if engine.startswith("sqlserver"):
        return TLS_PARAMETER["sqlserver"]
    return TLS_PARAMETER.get(engine)


@fact("rds.instances", scope="regional")
def instances(api: Api) -> list[dict[str, Any]]:
    return api.paginate("rds", "describe_db_instances", "DBInstances") or []


@fact("rds.clusters", scope="regional")
def clusters(api: Api) -> list[dict[str, Any]]:
    return api.paginate("rds", "describe_db_clusters", "DBClusters") or []


@fact("rds.snapshots", scope="regional")
def snapshots(api: Api) -> list[dict[str, Any]]:
    """Manual DB and DB cluster snapshots with the accounts allowed to restore them.

    Keys: arn, id, kind ("instance" or "cluster"), encrypted (bool; None when not reported),
    restore (list of account ids or "all"). Automated snapshots are left out: they are
    encrypted exactly when their database is (DP-01-C07 judges that).
    """
    out = []
    for kind, list_method, key, attr_method, id_key, arn_key, result_key, attrs_key in (
        (
            "instance",
            "describe_db_snapshots",
            "DBSnapshots",
            "describe_db_snapshot_attributes",
            "DBSnapshotIdentifier",
            "DBSnapshotArn",
            "DBSnapshotAttributesResult",
            "DBSnapshotAttributes",
        ),
        (
            "cluster",
            "describe_db_cluster_snapshots",
            "DBClusterSnapshots",
            "describe_db_cluster_snapshot_attributes",
            "DBClusterSnapshotIdentifier",
            "DBClusterSnapshotArn",
            "DBClusterSnapshotAttributesResult",
            "DBClusterSnapshotAttributes",
        ),
    ):
        listed = api.paginate("rds", list_method, key, SnapshotType="manual") or []
        restore = partial(_restore, api, attr_method, id_key, arn_key, result_key, attrs_key)
        for snap, allowed in zip(listed, read_each(api, "rds", listed, restore), strict=True):
            out.append({
                "arn": snap[arn_key],
                "id": snap[id_key],
                "kind": kind,
                # DBSnapshot says `Encrypted`, DBClusterSnapshot `StorageEncrypted`.
                "encrypted": snap.get("Encrypted", snap.get("StorageEncrypted")),
                "restore": allowed,
            })
    return out


def _restore(
    api: Api,
    method: str,
    id_key: str,
    arn_key: str,
    result_key: str,
    attrs_key: str,
    snap: dict[str, Any],
) -> list[str]:
    """The accounts one snapshot may be restored by ("all" = public)."""
    answer = api.call("rds", method, resource=snap[arn_key], **{id_key: snap[id_key]})
    attrs = answer.get(result_key, {}).get(attrs_key, [])
    return [
        v
        for a in attrs
        if a.get("AttributeName") == "restore"
        for v in a.get("AttributeValues", [])
    ]


@fact("rds.tls_parameters", scope="regional")
def tls_parameters(api: Api) -> dict[str, dict[str, Any]]:
    """Value of the TLS parameter in each parameter group in use, by kind and group name.

    {"instance": {group: value or None}, "cluster": {group: value or None}}; a group that could
    not be read is `Unreadable`. Only groups whose engine enforces TLS by parameter are read.
    """
    wanted: dict[str, dict[str, str]] = {"instance": {}, "cluster": {}}
    for db in instances(api):
        name = tls_parameter(db.get("Engine", ""))
        if name and not db.get("DBClusterIdentifier"):  # cluster members follow the cluster group
            for group in db.get("DBParameterGroups", []):
                wanted["instance"][group["DBParameterGroupName"]] = name
    for cluster in clusters(api):
        name = tls_parameter(cluster.get("Engine", ""))
        if name and cluster.get("DBClusterParameterGroup"):
            wanted["cluster"][cluster["DBClusterParameterGroup"]] = name
    out: dict[str, dict[str, Any]] = {"instance": {}, "cluster": {}}
    for kind, method, arg in (
        ("instance", "describe_db_parameters", "DBParameterGroupName"),
        ("cluster", "describe_db_cluster_parameters", "DBClusterParameterGroupName"),
    ):
        for group, parameter in sorted(wanted[kind].items()):
            try:
                params = api.paginate(
                    "rds",
                    method,
                    "Parameters",
                    absent_on=("DBParameterGroupNotFound", "DBParameterGroupNotFoundFault"),
                    **{arg: group},
                )
            except ApiError as err:
                out[kind][group] = Unreadable(err.status, err.reason)
                continue
            if params is None:
                out[kind][group] = Unreadable(
                    Status.NOT_ASSESSABLE,
                    f"parameter group {group} is in use but could not be found",
                )
                continue
            value = next(
                (p.get("ParameterValue") for p in params if p.get("ParameterName") == parameter),
                None,
            )
            out[kind][group] = {"parameter": parameter, "value": value}
    return out


@fact("rds.subnet_groups", scope="regional")
def subnet_groups(api: Api) -> list[dict[str, Any]]:
    """DB subnet groups, each subnet with its effective route table and internet gateway routes.

    Route tables are only read when there is a subnet group to judge.
    """
    groups = api.paginate("rds", "describe_db_subnet_groups", "DBSubnetGroups") or []
    if not groups:
        return []
    tables = api.paginate("ec2", "describe_route_tables", "RouteTables") or []
    explicit: dict[str, dict[str, Any]] = {}
    main: dict[str, dict[str, Any]] = {}
    for table in tables:
        for assoc in table.get("Associations", []):
            if assoc.get("SubnetId"):
                explicit[assoc["SubnetId"]] = table
            if assoc.get("Main"):
                main[table.get("VpcId", "")] = table
    out = []
    for group in groups:
        subnets = []
        for subnet in group.get("Subnets", []):
            sid = subnet["SubnetIdentifier"]
            table = explicit.get(sid) or main.get(group.get("VpcId", ""))
            subnets.append(
                {
                    "id": sid,
                    "route_table": table.get("RouteTableId") if table else None,
                    "igw_routes": _igw_routes(table) if table else [],
                }
            )
        out.append(
            {
                "name": group["DBSubnetGroupName"],
                "arn": group.get("DBSubnetGroupArn", ""),
                "vpc": group.get("VpcId"),
                "subnets": subnets,
            }
        )
    return out


def _igw_routes(table: dict[str, Any]) -> list[str]:
    """Default routes (IPv4 or IPv6) to an internet gateway, as 'destination -> igw-id'."""
    out = []
    for route in table.get("Routes", []):
        destination = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
        gateway = route.get("GatewayId", "")
        if (
            destination in ("0.0.0.0/0", "::/0")
            and gateway.startswith("igw-")
            and route.get("State") != "blackhole"
        ):
            out.append(f"{destination} -> {gateway}")
    return out
