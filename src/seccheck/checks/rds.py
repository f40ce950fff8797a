"""RDS checks: public endpoints, encryption, public and unencrypted snapshots, TLS, routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..collect.rds import tls_parameter
from ..results import Finding, Unreadable
from .registry import Context, check

TLS_ON = ("1", "on", "true")


def _name(db: dict[str, Any]) -> str:
    return db.get("DBInstanceIdentifier") or db.get("DBClusterIdentifier") or "?"


def _databases(
    instances: list[dict[str, Any]], clusters: list[dict[str, Any]]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, ARN, record) for every DB instance and cluster."""
    for db in instances:
        yield "instance", db.get("DBInstanceArn", _name(db)), db
    for cluster in clusters:
        yield "cluster", cluster.get("DBClusterArn", _name(cluster)), cluster


@check("INF-03-C04", "rds.instances", "rds.clusters")
def not_public(
    ctx: Context, instances: list[dict[str, Any]], clusters: list[dict[str, Any]]
) -> Iterator[Finding]:
    judged = 0
    for kind, arn, db in _databases(instances, clusters):
        if "PubliclyAccessible" not in db:
            continue  # Aurora clusters: the setting lives on their instances
        judged += 1
        if db["PubliclyAccessible"]:
            yield Finding.failed(arn, f"DB {kind} {_name(db)} is publicly accessible")
        else:
            yield Finding.passed(arn, f"DB {kind} {_name(db)} is not publicly accessible")
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, f"no RDS database in {ctx.region}")


@check("DP-01-C07", "rds.instances", "rds.clusters")
def storage_encrypted(
    ctx: Context, instances: list[dict[str, Any]], clusters: list[dict[str, Any]]
) -> Iterator[Finding]:
    judged = 0
    for kind, arn, db in _databases(instances, clusters):
        judged += 1
        if db.get("StorageEncrypted"):
            yield Finding.passed(
                arn, f"DB {kind} {_name(db)} has encrypted storage", kms_key=db.get("KmsKeyId")
            )
        else:
            yield Finding.failed(arn, f"DB {kind} {_name(db)} has unencrypted storage")
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, f"no RDS database in {ctx.region}")


@check("DP-01-C08", "rds.snapshots")
def snapshots_not_public(ctx: Context, snapshots: list[dict[str, Any]]) -> Iterator[Finding]:
    for snap in snapshots:
        restore = snap.get("restore") or []
        label = f"manual {'cluster ' if snap.get('kind') == 'cluster' else ''}snapshot {snap['id']}"
        if isinstance(restore, Unreadable):
            yield restore.finding(snap["arn"])
        elif "all" in restore:
            yield Finding.failed(snap["arn"], f"{label} can be restored by any AWS account")
        else:
            shared = [a for a in restore if a != "all"]
            text = f"shared with {len(shared)} named account(s)" if shared else "not shared"
            yield Finding.passed(snap["arn"], f"{label} is {text}", shared_with=shared)
    if not snapshots:
        yield Finding.not_applicable(ctx.account_arn, f"no manual RDS snapshot in {ctx.region}")


@check("DP-01-C16", "rds.snapshots")
def snapshots_encrypted(ctx: Context, snapshots: list[dict[str, Any]]) -> Iterator[Finding]:
    for snap in snapshots:
        label = f"manual {'cluster ' if snap.get('kind') == 'cluster' else ''}snapshot {snap['id']}"
        encrypted = snap.get("encrypted")
        if encrypted is None:
            yield Finding.not_assessable(snap["arn"], f"{label}: RDS did not report whether it "
                                                      "is encrypted")
        elif encrypted:
            yield Finding.passed(snap["arn"], f"{label} is encrypted")
        else:
            yield Finding.failed(snap["arn"], f"{label} is not encrypted: anyone it is shared "
                                              "with, or who restores it, gets plain storage")
    if not snapshots:
        yield Finding.not_applicable(ctx.account_arn, f"no manual RDS snapshot in {ctx.region}")


@check("DP-02-C07", "rds.instances", "rds.clusters", "rds.tls_parameters")
def tls_required(
    ctx: Context,
    instances: list[dict[str, Any]],
    clusters: list[dict[str, Any]],
    groups: dict[str, dict[str, Any]],
) -> Iterator[Finding]:
    judged = 0
    for kind, arn, db in _databases(instances, clusters):
        if kind == "instance" and db.get("DBClusterIdentifier"):
            continue  # judged with its cluster, whose parameter group holds the setting
        judged += 1
        engine = db.get("Engine", "")
        if tls_parameter(engine) is None:
            yield Finding.not_assessable(
                arn,
                f"{engine} does not enforce TLS through a parameter "
                "(e.g. Oracle uses the SSL option of an option group); "
                "verify it manually",
            )
            continue
        names = (
            [g["DBParameterGroupName"] for g in db.get("DBParameterGroups", [])]
            if kind == "instance"
            else [db.get("DBClusterParameterGroup")]
        )
        yield _tls_verdict(
            arn,
            f"DB {kind} {_name(db)}",
            [n for n in names if n],
            groups.get(kind, {}),
            engine_default(engine, str(db.get("EngineVersion", ""))),
        )
    if not judged:
        yield Finding.not_applicable(ctx.account_arn, f"no RDS database in {ctx.region}")


def engine_default(engine: str, version: str) -> str | None:
    """The TLS parameter's value when a parameter group leaves it unset (None: unknown/off).

    RDS for PostgreSQL 15 and later default rds.force_ssl to 1 ("Requiring an SSL connection
    to a PostgreSQL DB instance", RDS User Guide); older majors and Aurora default to 0.
    """
    if engine.lower() != "postgres":
        return None
    major = version.split(".", 1)[0]
    return "1" if major.isdigit() and int(major) >= 15 else None


def _tls_verdict(
    arn: str,
    label: str,
    names: list[str],
    groups: dict[str, Any],
    default: str | None = None,
) -> Finding:
    if not names:
        return Finding.not_assessable(arn, f"{label} has no parameter group to read")
    for name in names:
        group = groups.get(name)
        if group is None:
            return Finding.not_assessable(arn, f"parameter group {name} was not read")
        if isinstance(group, Unreadable):
            return group.finding(arn)
        value = group.get("value")
        if value is None and default is not None:
            value = default  # unset in the group: the engine default applies
        if str(value).strip().lower() not in TLS_ON:
            shown = "not set" if value is None else f"{value!r}"
            return Finding.failed(
                arn,
                f"{label}: {group['parameter']} is {shown} in parameter group "
                f"{name}, so clients may connect without TLS",
                parameter_group=name,
                value=value,
            )
    return Finding.passed(
        arn,
        f"{label} requires TLS ({groups[names[0]]['parameter']} is on in {', '.join(names)})",
        parameter_groups=names,
    )


@check("INF-03-C05", "rds.subnet_groups")
def subnets_without_igw(ctx: Context, groups: list[dict[str, Any]]) -> Iterator[Finding]:
    for group in groups:
        resource = group.get("arn") or group["name"]
        exposed = {s["id"]: s["igw_routes"] for s in group["subnets"] if s["igw_routes"]}
        unknown = [s["id"] for s in group["subnets"] if s["route_table"] is None]
        if exposed:
            yield Finding.failed(
                resource,
                f"DB subnet group {group['name']} has subnets routed to an "
                f"internet gateway: {', '.join(sorted(exposed))}",
                routes=exposed,
            )
        elif unknown:
            yield Finding.not_assessable(
                resource, "no route table found for subnet(s) " + ", ".join(unknown)
            )
        else:
            yield Finding.passed(
                resource,
                f"no subnet of DB subnet group {group['name']} routes to an internet gateway",
                subnets=[s["id"] for s in group["subnets"]],
            )
    if not groups:
        yield Finding.not_applicable(ctx.account_arn, f"no DB subnet group in {ctx.region}")
