"""RDS checks: pure evaluation on plain data, the collector against canned answers, then the
verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import rds as checks
from seccheck.checks.registry import Context
from seccheck.collect import rds as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "eu-west-1")
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs rds:X")
RDS_IDS = ["INF-03-C04", "INF-03-C05", "DP-01-C07", "DP-01-C08", "DP-01-C16", "DP-02-C07"]


def db(name: str = "orders", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "DBInstanceIdentifier": name,
        "DBInstanceArn": f"arn:aws:rds:eu-west-1:111122223333:db:{name}",
        "Engine": "postgres",
        "PubliclyAccessible": False,
        "StorageEncrypted": True,
        "DBParameterGroups": [{"DBParameterGroupName": "pg-tls"}],
    }
    base.update(fields)
    return base


def cluster(name: str = "analytics", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "DBClusterIdentifier": name,
        "DBClusterArn": f"arn:aws:rds:eu-west-1:111122223333:cluster:{name}",
        "Engine": "aurora-mysql",
        "StorageEncrypted": True,
        "DBClusterParameterGroup": "aurora-tls",
    }
    base.update(fields)
    return base


def by_resource(findings: Any) -> dict[str, Status]:
    return {f.resource.rsplit(":", 1)[-1]: f.status for f in findings}


# -- INF-03-C04 / DP-01-C07 -----------------------------------------------------------------------


def test_not_public():
    found = by_resource(
        checks.not_public(
            CTX, [db(), db("crm", PubliclyAccessible=True)], [cluster(PubliclyAccessible=False)]
        )
    )
    assert found == {"orders": Status.PASS, "crm": Status.FAIL, "analytics": Status.PASS}
    # An Aurora cluster without the field is judged through its instances only.
    (na,) = checks.not_public(CTX, [], [cluster()])
    assert na.status is Status.NOT_APPLICABLE


def test_storage_encrypted():
    found = by_resource(
        checks.storage_encrypted(
            CTX, [db(), db("crm", StorageEncrypted=False)], [cluster(StorageEncrypted=False)]
        )
    )
    assert found == {"orders": Status.PASS, "crm": Status.FAIL, "analytics": Status.FAIL}
    assert [f.status for f in checks.storage_encrypted(CTX, [], [])] == [Status.NOT_APPLICABLE]


# -- DP-01-C08 ------------------------------------------------------------------------------------


def snap(name: str, restore: Any, kind: str = "instance") -> dict[str, Any]:
    return {
        "arn": f"arn:aws:rds:eu-west-1:111122223333:snapshot:{name}",
        "id": name,
        "kind": kind,
        "restore": restore,
    }


def test_snapshots_not_public():
    found = by_resource(
        checks.snapshots_not_public(
            CTX,
            [
                snap("private", []),
                snap("partner", ["444455556666"]),
                snap("open", ["all"], "cluster"),
                snap("unknown", DENIED),
            ],
        )
    )
    assert found == {
        "private": Status.PASS,
        "partner": Status.PASS,
        "open": Status.FAIL,
        "unknown": Status.NOT_ASSESSABLE,
    }
    assert [f.status for f in checks.snapshots_not_public(CTX, [])] == [Status.NOT_APPLICABLE]


def test_snapshots_encrypted():
    snaps = [
        {**snap("sealed", []), "encrypted": True},
        {**snap("plain", []), "encrypted": False},
        {**snap("aurora", [], "cluster"), "encrypted": False},
        {**snap("unsaid", []), "encrypted": None},
    ]
    found = by_resource(checks.snapshots_encrypted(CTX, snaps))
    assert found == {
        "sealed": Status.PASS,
        "plain": Status.FAIL,
        "aurora": Status.FAIL,
        "unsaid": Status.NOT_ASSESSABLE,
    }
    assert [f.status for f in checks.snapshots_encrypted(CTX, [])] == [Status.NOT_APPLICABLE]


# -- DP-02-C07 ------------------------------------------------------------------------------------


def test_tls_required_per_engine():
    groups = {
        "instance": {
            "pg-tls": {"parameter": "rds.force_ssl", "value": "1"},
            "mysql-plain": {"parameter": "require_secure_transport", "value": "OFF"},
            "mysql-unset": {"parameter": "require_secure_transport", "value": None},
            "denied": DENIED,
        },
        "cluster": {"aurora-tls": {"parameter": "require_secure_transport", "value": "ON"}},
    }
    instances = [
        db(),
        db("crm", Engine="mysql", DBParameterGroups=[{"DBParameterGroupName": "mysql-plain"}]),
        db("blog", Engine="mariadb", DBParameterGroups=[{"DBParameterGroupName": "mysql-unset"}]),
        db("hr", DBParameterGroups=[{"DBParameterGroupName": "denied"}]),
        db("erp", Engine="oracle-ee"),
        db("analytics-1", DBClusterIdentifier="analytics"),  # judged with its cluster
    ]
    found = by_resource(checks.tls_required(CTX, instances, [cluster()], groups))
    assert found == {
        "orders": Status.PASS,
        "crm": Status.FAIL,
        "blog": Status.FAIL,
        "hr": Status.NOT_ASSESSABLE,
        "erp": Status.NOT_ASSESSABLE,
        "analytics": Status.PASS,
    }
    empty = {"instance": {}, "cluster": {}}
    assert [f.status for f in checks.tls_required(CTX, [], [], empty)] == [Status.NOT_APPLICABLE]


def test_force_ssl_unset_follows_the_postgres_engine_default():
    """Audit #19: rds.force_ssl left unset defaults to 1 on RDS for PostgreSQL 15 and later."""
    groups = {
        "instance": {
            "default.postgres16": {"parameter": "rds.force_ssl", "value": None},
            "default.postgres14": {"parameter": "rds.force_ssl", "value": None},
            "pg16-off": {"parameter": "rds.force_ssl", "value": "0"},
        },
        "cluster": {},
    }
    instances = [
        db("new", EngineVersion="16.4",
           DBParameterGroups=[{"DBParameterGroupName": "default.postgres16"}]),
        db("old", EngineVersion="14.12",
           DBParameterGroups=[{"DBParameterGroupName": "default.postgres14"}]),
        db("off", EngineVersion="16.4", DBParameterGroups=[{"DBParameterGroupName": "pg16-off"}]),
    ]
    found = by_resource(checks.tls_required(CTX, instances, [], groups))
    assert found == {"new": Status.PASS, "old": Status.FAIL, "off": Status.FAIL}
    assert checks.engine_default("aurora-postgresql", "16.4") is None


# -- INF-03-C05 -----------------------------------------------------------------------------------


def group(name: str, *subnets: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "arn": f"arn:aws:rds:eu-west-1:111122223333:subgrp:{name}",
        "vpc": "vpc-1",
        "subnets": list(subnets),
    }


def test_subnets_without_igw():
    private = {"id": "subnet-a", "route_table": "rtb-private", "igw_routes": []}
    exposed = {"id": "subnet-b", "route_table": "rtb-public", "igw_routes": ["0.0.0.0/0 -> igw-1"]}
    lost = {"id": "subnet-c", "route_table": None, "igw_routes": []}
    found = by_resource(
        checks.subnets_without_igw(
            CTX, [group("data", private), group("legacy", private, exposed), group("odd", lost)]
        )
    )
    assert found == {"data": Status.PASS, "legacy": Status.FAIL, "odd": Status.NOT_ASSESSABLE}
    assert [f.status for f in checks.subnets_without_igw(CTX, [])] == [Status.NOT_APPLICABLE]


# -- the collector, against canned answers --------------------------------------------------------


@pytest.mark.stubbed
def test_subnet_routes_explicit_main_and_ipv6_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        stubs.stub("rds").add_response(
            "describe_db_subnet_groups",
            {
                "DBSubnetGroups": [
                    {
                        "DBSubnetGroupName": "data",
                        "DBSubnetGroupArn": "arn:aws:rds:eu-west-1:1:subgrp:data",
                        "VpcId": "vpc-1",
                        "Subnets": [
                            {"SubnetIdentifier": "subnet-a"},
                            {"SubnetIdentifier": "subnet-b"},
                            {"SubnetIdentifier": "subnet-c"},
                        ],
                    }
                ]
            },
        )
        stubs.stub("ec2").add_response(
            "describe_route_tables",
            {
                "RouteTables": [
                    {
                        "RouteTableId": "rtb-main",
                        "VpcId": "vpc-1",
                        "Associations": [{"Main": True}],
                        "Routes": [
                            {
                                "DestinationIpv6CidrBlock": "::/0",
                                "GatewayId": "igw-1",
                                "State": "active",
                            }
                        ],
                    },
                    {
                        "RouteTableId": "rtb-private",
                        "VpcId": "vpc-1",
                        "Associations": [{"SubnetId": "subnet-a", "Main": False}],
                        "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}],
                    },
                    {
                        "RouteTableId": "rtb-dead",
                        "VpcId": "vpc-1",
                        "Associations": [{"SubnetId": "subnet-c", "Main": False}],
                        "Routes": [
                            {
                                "DestinationCidrBlock": "0.0.0.0/0",
                                "GatewayId": "igw-old",
                                "State": "blackhole",
                            }
                        ],
                    },
                ]
            },
        )
        (found,) = collect.subnet_groups(stubs.api)
    routes = {s["id"]: (s["route_table"], s["igw_routes"]) for s in found["subnets"]}
    assert routes == {
        "subnet-a": ("rtb-private", []),
        "subnet-b": ("rtb-main", ["::/0 -> igw-1"]),
        "subnet-c": ("rtb-dead", []),
    }


@pytest.mark.stubbed
def test_tls_parameters_reads_each_group_once_stubbed():
    instances = [
        db(),
        db("orders-2"),
        db("erp", Engine="oracle-ee", DBParameterGroups=[{"DBParameterGroupName": "ora"}]),
    ]
    with stubbed_api("eu-west-1") as stubs:
        rds = stubs.stub("rds")
        rds.add_response("describe_db_instances", {"DBInstances": instances})
        rds.add_response("describe_db_clusters", {"DBClusters": [cluster()]})
        rds.add_response(
            "describe_db_parameters",
            {
                "Parameters": [
                    {"ParameterName": "rds.force_ssl", "ParameterValue": "1"},
                    {"ParameterName": "work_mem", "ParameterValue": "4096"},
                ]
            },
            {"DBParameterGroupName": "pg-tls"},
        )
        rds.add_client_error(
            "describe_db_cluster_parameters", **client_error("AccessDenied", http_status=403)
        )
        groups = collect.tls_parameters(stubs.api)
    assert groups["instance"] == {"pg-tls": {"parameter": "rds.force_ssl", "value": "1"}}
    denied = groups["cluster"]["aurora-tls"]
    assert isinstance(denied, Unreadable) and "rds:DescribeDBClusterParameters" in denied.reason


# -- verdicts over the sandbox --------------------------------------------------------------------


def status_of(report: Any, check_id: str, resource: str) -> str:
    found = results_for(report, check_id, resource)
    assert len(found) == 1, [(r.resource, r.status) for r in found]
    return found[0].status.value


@pytest.mark.parametrize(
    ("check_id", "good", "bad"),
    [
        ("INF-03-C04", ":db:acme-payments-db", ":db:acme-legacy-crm"),
        ("DP-01-C07", ":db:acme-payments-db", ":db:acme-legacy-crm"),
        ("DP-01-C08", "acme-payments-db-before-migration", "acme-legacy-crm-export"),
        ("DP-01-C16", "acme-payments-db-before-migration", "acme-legacy-crm-export"),
        ("DP-02-C07", ":db:acme-payments-db", ":db:acme-legacy-crm"),
    ],
)
def test_workshop_verdicts(workshop_report, check_id, good, bad):
    assert status_of(workshop_report, check_id, good) == "PASS"
    assert status_of(workshop_report, check_id, bad) == "FAIL"


def test_workshop_aurora_cluster_passes(workshop_report):
    for check_id in ("INF-03-C04", "DP-01-C07", "DP-02-C07"):
        assert status_of(workshop_report, check_id, ":cluster:acme-analytics-aurora") == "PASS"
    assert status_of(workshop_report, "DP-01-C08", "acme-analytics-aurora-monthly") == "PASS"


def test_workshop_db_subnet_routes(workshop_report):
    if get_scenario("workshop").expected()["INF-03-C05"] == {"NOT_APPLICABLE"}:
        assert statuses(results_for(workshop_report, "INF-03-C05")) == {"NOT_APPLICABLE"}
        return
    assert status_of(workshop_report, "INF-03-C05", "acme-data-private") == "PASS"
    assert status_of(workshop_report, "INF-03-C05", "acme-legacy-public") == "FAIL"


def test_clean_crm_is_fixed(clean_report):
    for check_id in ("INF-03-C04", "DP-01-C07", "DP-02-C07"):
        assert status_of(clean_report, check_id, ":db:acme-legacy-crm") == "PASS"
    assert status_of(clean_report, "DP-01-C08", "acme-legacy-crm-export") == "PASS"
    assert status_of(clean_report, "DP-01-C16", "acme-legacy-crm-export") == "PASS"


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in RDS_IDS:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id
