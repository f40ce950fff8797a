"""EFS and DynamoDB encryption (DP-01-C11): pure evaluation, then the sandbox verdicts."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks.datastores import data_stores_encrypted
from seccheck.checks.registry import Context
from seccheck.collect import datastores as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "eu-west-1")
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs efs:X")


def fs(name: str, encrypted: bool) -> dict[str, Any]:
    return {
        "FileSystemId": f"fs-{name}",
        "Name": name,
        "Encrypted": encrypted,
        "FileSystemArn": f"arn:aws:elasticfilesystem:eu-west-1:1:file-system/fs-{name}",
    }


def table(name: str, sse: Any) -> dict[str, Any]:
    return {"name": name, "arn": f"arn:aws:dynamodb:eu-west-1:1:table/{name}", "sse": sse}


KMS = {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": "arn:aws:kms:eu-west-1:1:key/k"}


def by_name(findings: Any) -> dict[str, Status]:
    return {f.resource.rsplit("/", 1)[-1]: f.status for f in findings}


def test_file_systems_and_tables():
    found = by_name(
        data_stores_encrypted(
            CTX,
            [fs("shared", True), fs("cache", False)],
            [table("orders", KMS), table("sessions", None), table("denied", DENIED)],
        )
    )
    assert found == {
        "fs-shared": Status.PASS,
        "fs-cache": Status.FAIL,
        "orders": Status.PASS,
        "sessions": Status.PASS,
        "denied": Status.NOT_ASSESSABLE,
    }


def test_kms_standard_and_disabled_kms():
    strict = Context(CTX.account, CTX.region, {"require_kms": True})
    found = by_name(
        data_stores_encrypted(strict, [], [table("orders", KMS), table("sessions", None)])
    )
    assert found == {"orders": Status.PASS, "sessions": Status.FAIL}
    broken = table("lost", {"Status": "DISABLED", "SSEType": "KMS"})
    assert by_name(data_stores_encrypted(CTX, [], [broken])) == {"lost": Status.FAIL}


def test_unreadable_service_still_judges_the_other():
    findings = list(data_stores_encrypted(CTX, DENIED, [table("orders", KMS)]))
    assert [f.status for f in findings] == [Status.NOT_ASSESSABLE, Status.PASS]
    assert [f.status for f in data_stores_encrypted(CTX, [], [])] == [Status.NOT_APPLICABLE]


@pytest.mark.stubbed
def test_denied_listing_becomes_unreadable_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        stubs.stub("efs").add_client_error(
            "describe_file_systems", **client_error("AccessDeniedException", http_status=403)
        )
        listing = collect.file_systems(stubs.api)
    assert isinstance(listing, Unreadable)
    assert "elasticfilesystem:DescribeFileSystems" in listing.reason


GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"
GOV = "us-gov-west-1:111122223333"


def described_fs(fs_id: str, encrypted: bool, **fields: Any) -> dict[str, Any]:
    # A FileSystemDescription: Tags is required (may be empty), Name optional.
    return {"OwnerId": "111122223333", "CreationToken": fs_id, "FileSystemId": fs_id,
            "FileSystemArn": f"arn:aws-us-gov:elasticfilesystem:{GOV}:file-system/{fs_id}",
            "CreationTime": "2026-01-05T10:00:00Z", "LifeCycleState": "available",
            "NumberOfMountTargets": 1, "SizeInBytes": {"Value": 6144},
            "PerformanceMode": "generalPurpose", "Encrypted": encrypted, "Tags": [], **fields}


def described_table(name: str, **fields: Any) -> dict[str, Any]:
    return {"Table": {"TableName": name, "TableArn": f"arn:aws-us-gov:dynamodb:{GOV}:table/{name}",
                      "TableStatus": "ACTIVE", "ItemCount": 0, **fields}}


@pytest.mark.stubbed
def test_file_systems_and_tables_over_two_pages_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stubs.stub("efs").add_response("describe_file_systems", {
            "FileSystems": [described_fs("fs-1", True, Name="acme-shared-files",
                                         KmsKeyId="arn:aws-us-gov:kms:us-gov-west-1:1:key/k")],
            "NextMarker": "m2"}, {})
        stubs.stub("efs").add_response("describe_file_systems", {
            "FileSystems": [described_fs("fs-2", False)]}, {"Marker": "m2"})
        dynamodb = stubs.stub("dynamodb")
        dynamodb.add_response("list_tables", {"TableNames": ["orders", "sessions"],
                                              "LastEvaluatedTableName": "sessions"}, {})
        dynamodb.add_response("list_tables", {"TableNames": ["gone"]},
                              {"ExclusiveStartTableName": "sessions"})
        dynamodb.add_response("describe_table", described_table("orders", SSEDescription={
            "Status": "ENABLED", "SSEType": "KMS",
            "KMSMasterKeyArn": "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k"}),
            {"TableName": "orders"})
        # SSEDescription is absent for a table on the AWS owned key.
        dynamodb.add_response("describe_table", described_table("sessions"),
                              {"TableName": "sessions"})
        # Deleted between ListTables and DescribeTable.
        dynamodb.add_client_error("describe_table", **client_error(
            "ResourceNotFoundException", "Requested resource not found: Table: gone not found"))
        results = stubs.evaluate("DP-01-C11")
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status for k, r in found.items()} == {
        "fs-1": Status.PASS, "fs-2": Status.FAIL, "orders": Status.PASS, "sessions": Status.PASS}
    assert found["fs-1"].resource.startswith("arn:aws-us-gov:elasticfilesystem:")
    assert "EFS acme-shared-files is encrypted" in found["fs-1"].reason
    assert "EFS fs-2 is not encrypted" in found["fs-2"].reason
    assert "AWS owned key" in found["sessions"].reason


def test_workshop_verdicts(workshop_report):
    def status(name: str) -> set[str]:
        return statuses(
            results_for(workshop_report, "DP-01-C11", name)
            or [r for r in results_for(workshop_report, "DP-01-C11") if name in r.reason]
        )

    assert status("acme-shared-files") == {"PASS"}
    assert status("acme-build-cache") == {"FAIL"}
    assert status("acme-orders") == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    assert (
        statuses(results_for(report, "DP-01-C11")) == get_scenario(scenario).expected()["DP-01-C11"]
    )
