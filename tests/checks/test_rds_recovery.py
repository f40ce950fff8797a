"""RDS automated backups (DP-01-C17) and deletion protection (DP-01-C18): pure evaluation over
DescribeDBInstances/DescribeDBClusters-shaped records, the RDS collectors over Stubber answers
shaped as AWS documents them (Marker pagination, optional fields absent, aws-cn ARNs), and the
verdicts over the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import rds_recovery as checks
from seccheck.collect import rds as collect
from seccheck.results import Status
from seccheck.sandbox.scenarios import get_scenario
from tests.checks.infra_helpers import CTX
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

IDS = ["DP-01-C17", "DP-01-C18"]
CN = "arn:aws-cn:rds:cn-north-1:111122223333"


def instance(name: str, **fields: Any) -> dict[str, Any]:
    return {"DBInstanceIdentifier": name, "DBInstanceArn": f"{CN}:db:{name}", "Engine": "mysql",
            "BackupRetentionPeriod": 7, "DeletionProtection": True, **fields}


def cluster(name: str, **fields: Any) -> dict[str, Any]:
    return {"DBClusterIdentifier": name, "DBClusterArn": f"{CN}:cluster:{name}",
            "Engine": "aurora-postgresql", "BackupRetentionPeriod": 1,
            "DeletionProtection": True, **fields}


def by_name(findings: Any) -> dict[str, Status]:
    return {f.resource.rsplit(":", 1)[-1]: f.status for f in findings}


def test_automated_backups():
    instances = [
        instance("orders"),
        instance("crm", BackupRetentionPeriod=0),
        instance("replica", BackupRetentionPeriod=0, ReadReplicaSourceDBInstanceIdentifier="crm"),
        instance("aurora-1", BackupRetentionPeriod=0, DBClusterIdentifier="analytics"),
        {k: v for k, v in instance("old").items() if k != "BackupRetentionPeriod"},
    ]
    found = by_name(checks.automated_backups(CTX, instances, [cluster("analytics")]))
    # The replica is backed up through its source; the Aurora member through its cluster.
    assert found == {"orders": Status.PASS, "crm": Status.FAIL, "old": Status.NOT_ASSESSABLE,
                     "analytics": Status.PASS}
    assert [f.status for f in checks.automated_backups(CTX, [], [])] == [Status.NOT_APPLICABLE]


def test_deletion_protection():
    instances = [
        instance("orders"),
        instance("crm", DeletionProtection=False),
        instance("aurora-1", DeletionProtection=False, DBClusterIdentifier="analytics"),
        {k: v for k, v in instance("old").items() if k != "DeletionProtection"},
    ]
    clusters = [cluster("analytics"), cluster("reporting", DeletionProtection=False)]
    found = by_name(checks.deletion_protection(CTX, instances, clusters))
    assert found == {"orders": Status.PASS, "crm": Status.FAIL, "old": Status.NOT_ASSESSABLE,
                     "analytics": Status.PASS, "reporting": Status.FAIL}
    assert [f.status for f in checks.deletion_protection(CTX, [], [])] == [Status.NOT_APPLICABLE]


# -- collectors over documented response shapes ------------------------------------------------


@pytest.mark.stubbed
def test_instances_follow_the_marker_stubbed():
    with stubbed_api("cn-north-1") as stubs:
        rds = stubs.stub("rds")
        rds.add_response("describe_db_instances",
                         {"DBInstances": [instance("orders")], "Marker": "page-2"}, {})
        rds.add_response("describe_db_instances",
                         {"DBInstances": [instance("crm", BackupRetentionPeriod=0,
                                                   DeletionProtection=False)]},
                         {"Marker": "page-2"})
        found = collect.instances(stubs.api)
    assert [db["DBInstanceIdentifier"] for db in found] == ["orders", "crm"]
    verdicts = by_name(checks.automated_backups(CTX, found, []))
    assert verdicts == {"orders": Status.PASS, "crm": Status.FAIL}


@pytest.mark.stubbed
def test_snapshots_read_each_kind_of_encryption_flag_stubbed():
    """DBSnapshot reports `Encrypted`, DBClusterSnapshot `StorageEncrypted` (RDS API reference);
    a snapshot on a later page and one without the flag are both kept."""
    from seccheck.checks.rds import snapshots_encrypted

    def db_snap(name: str, **fields: Any) -> dict[str, Any]:
        return {"DBSnapshotIdentifier": name, "DBSnapshotArn": f"{CN}:snapshot:{name}",
                "DBInstanceIdentifier": "orders", "SnapshotType": "manual", **fields}

    attrs = {"DBSnapshotAttributesResult": {"DBSnapshotIdentifier": "x", "DBSnapshotAttributes": [
        {"AttributeName": "restore", "AttributeValues": []}]}}
    with stubbed_api("cn-north-1") as stubs:
        rds = stubs.stub("rds")
        manual = {"SnapshotType": "manual"}
        rds.add_response("describe_db_snapshots",
                         {"DBSnapshots": [db_snap("sealed", Encrypted=True)], "Marker": "m2"},
                         manual)
        rds.add_response("describe_db_snapshots",
                         {"DBSnapshots": [db_snap("plain", Encrypted=False), db_snap("unsaid")]},
                         {**manual, "Marker": "m2"})
        rds.add_response("describe_db_snapshot_attributes", attrs,
                         {"DBSnapshotIdentifier": "sealed"})
        rds.add_response("describe_db_snapshot_attributes", attrs,
                         {"DBSnapshotIdentifier": "plain"})
        rds.add_response("describe_db_snapshot_attributes", attrs,
                         {"DBSnapshotIdentifier": "unsaid"})
        rds.add_response("describe_db_cluster_snapshots", {"DBClusterSnapshots": [{
            "DBClusterSnapshotIdentifier": "monthly", "DBClusterIdentifier": "analytics",
            "DBClusterSnapshotArn": f"{CN}:cluster-snapshot:monthly", "StorageEncrypted": False,
        }]}, manual)
        rds.add_response("describe_db_cluster_snapshot_attributes", {
            "DBClusterSnapshotAttributesResult": {"DBClusterSnapshotAttributes": []}},
            {"DBClusterSnapshotIdentifier": "monthly"})
        found = collect.snapshots(stubs.api)
    assert {s["id"]: s["encrypted"] for s in found} == {
        "sealed": True, "plain": False, "unsaid": None, "monthly": False}
    verdicts = by_name(snapshots_encrypted(CTX, found))
    assert verdicts == {"sealed": Status.PASS, "plain": Status.FAIL,
                        "unsaid": Status.NOT_ASSESSABLE, "monthly": Status.FAIL}


# -- over the sandbox (HTTP to moto's server) ---------------------------------------------------


def status_of(report: Any, check_id: str, resource: str) -> str:
    found = results_for(report, check_id, resource)
    assert len(found) == 1, [(r.resource, r.status) for r in found]
    return found[0].status.value


@pytest.mark.parametrize("check_id", IDS)
def test_workshop_crm_fails_and_payments_pass(workshop_report, check_id):
    assert status_of(workshop_report, check_id, ":db:acme-payments-db") == "PASS"
    assert status_of(workshop_report, check_id, ":cluster:acme-analytics-aurora") == "PASS"
    assert status_of(workshop_report, check_id, ":db:acme-legacy-crm") == "FAIL"


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in IDS:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id
