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
