"""Versioning (DP-01-C19) and MFA Delete (DP-01-C20) on every bucket: pure evaluation, the
collector over GetBucketVersioning answers shaped as the S3 API reference documents them (Status
and MFADelete absent on a never-versioned bucket, ListBuckets paged by ContinuationToken), and the
verdicts over the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import s3_versioning as checks
from seccheck.checks.registry import Context
from seccheck.collect import s3 as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

CTX = Context("111122223333", "us-east-1")
IDS = ["DP-01-C19", "DP-01-C20"]
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs "
                                           "s3:GetBucketVersioning")


def bucket(name: str, versioning: Any, mfa_delete: Any) -> dict[str, Any]:
    return {"name": name, "arn": f"arn:aws:s3:::{name}", "region": "eu-west-1",
            "versioning": versioning, "mfa_delete": mfa_delete}


def by_name(findings: Any) -> dict[str, str]:
    return {f.resource.rsplit(":", 1)[-1]: f.status.value for f in findings}


BUCKETS = [
    bucket("guarded", "Enabled", "Enabled"),
    bucket("versioned", "Enabled", "Disabled"),
    bucket("suspended", "Suspended", "Enabled"),
    bucket("never", None, None),
    bucket("unread", DENIED, DENIED),
]


def test_versioning_on_every_bucket():
    found = list(checks.bucket_versioning(CTX, BUCKETS))
    assert by_name(found) == {"guarded": "PASS", "versioned": "PASS", "suspended": "FAIL",
                              "never": "FAIL", "unread": "NOT_ASSESSABLE"}
    # Findings sit in the bucket's own region, not the run's.
    assert {f.region for f in found if f.region} == {"eu-west-1"}
    assert [f.status for f in checks.bucket_versioning(CTX, [])] == [Status.NOT_APPLICABLE]


def test_mfa_delete_on_every_bucket():
    found = by_name(checks.bucket_mfa_delete(CTX, BUCKETS))
    assert found == {"guarded": "PASS", "versioned": "FAIL", "suspended": "PASS",
                     "never": "FAIL", "unread": "NOT_ASSESSABLE"}
    assert [f.status for f in checks.bucket_mfa_delete(CTX, [])] == [Status.NOT_APPLICABLE]


def _untagged_blocked_bucket(s3: Any, name: str, versioning: dict[str, Any] | None) -> None:
    """The reads of one blocked, untagged bucket with no policy, in the collector's order."""
    s3.add_response("get_public_access_block", {"PublicAccessBlockConfiguration": dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"),
        True)}, {"Bucket": name})
    s3.add_client_error("get_bucket_encryption",
                        **client_error("ServerSideEncryptionConfigurationNotFoundError"))
    s3.add_client_error("get_bucket_policy", **client_error("NoSuchBucketPolicy"))
    s3.add_response("get_bucket_logging", {})
    s3.add_client_error("get_bucket_tagging", **client_error("NoSuchTagSet"))
    if versioning is None:
        s3.add_client_error("get_bucket_versioning", **client_error("AccessDenied",
                                                                     http_status=403))
    else:
        s3.add_response("get_bucket_versioning", versioning, {"Bucket": name})


@pytest.mark.stubbed
def test_collector_reads_versioning_of_every_bucket_across_pages_stubbed():
    with stubbed_api() as stubs:
        stubs.api.run.per_service_limit = 1  # one bucket at a time: the stubbed answers in order
        s3 = stubs.stub("s3")
        s3.add_response("list_buckets", {
            "Buckets": [{"Name": "guarded", "BucketRegion": "us-east-1"}],
            "ContinuationToken": "page-2"}, {"MaxBuckets": 10000})
        s3.add_response("list_buckets", {
            "Buckets": [{"Name": "never", "BucketRegion": "us-east-1"},
                        {"Name": "unread", "BucketRegion": "us-east-1"}]},
            {"ContinuationToken": "page-2", "MaxBuckets": 10000})
        _untagged_blocked_bucket(s3, "guarded", {"Status": "Enabled", "MFADelete": "Enabled"})
        _untagged_blocked_bucket(s3, "never", {})
        _untagged_blocked_bucket(s3, "unread", None)
        stubs.stub("s3control").add_client_error(
            "get_public_access_block", **client_error("NoSuchPublicAccessBlockConfiguration"))
        found = collect.buckets(stubs.api)
    assert [(b["name"], b["versioning"], b["mfa_delete"]) for b in found[:2]] == [
        ("guarded", "Enabled", "Enabled"), ("never", None, None)]
    assert "s3:GetBucketVersioning" in found[2]["mfa_delete"].reason
    assert by_name(checks.bucket_mfa_delete(CTX, found)) == {
        "guarded": "PASS", "never": "FAIL", "unread": "NOT_ASSESSABLE"}


# -- over the sandbox (HTTP to moto's server) ---------------------------------------------------


def status_of(report: Any, check_id: str, name: str) -> str:
    found = results_for(report, check_id, f":::{name}")
    assert len(found) == 1, [(r.resource, r.status) for r in found]
    return found[0].status.value


@pytest.mark.parametrize("check_id", IDS)
def test_workshop_bad_buckets_fail_and_good_ones_pass(workshop_report, check_id):
    assert status_of(workshop_report, check_id, "acme-payments-prod-data") == "PASS"
    assert status_of(workshop_report, check_id, "acme-customer-exports") == "FAIL"
    assert status_of(workshop_report, check_id, "acme-public-website") == "FAIL"


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in IDS:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id


@pytest.mark.stubbed
def test_bucket_tags_listed_per_region_over_pagination_tokens_stubbed():
    """GetResources (Resource Groups Tagging API) pages through PaginationToken and lists only
    tagged or once-tagged buckets; a region whose listing is refused is left out, so its buckets
    are read one by one instead of being taken as untagged."""
    gov = "arn:aws-us-gov:s3:::"
    with stubbed_api("us-gov-west-1", "arn:aws-us-gov:iam::111122223333:user/a") as stubs:
        add_pages(stubs.stub("resourcegroupstaggingapi"), "get_resources",
                  "ResourceTagMappingList", [
                      [{"ResourceARN": f"{gov}payroll", "Tags": [
                          {"Key": "data-classification", "Value": "Critical"}]}],
                      [{"ResourceARN": f"{gov}untagged-now", "Tags": []}]],
                  token="PaginationToken", params={"ResourceTypeFilters": ["s3"]})
        stubs.stub("resourcegroupstaggingapi", "us-gov-east-1").add_client_error(
            "get_resources", **client_error("AccessDeniedException", http_status=400))
        found = collect._tags_by_region(stubs.api, {"us-gov-west-1", "us-gov-east-1"})
    assert found == {"us-gov-west-1": {
        f"{gov}payroll": {"data-classification": "Critical"}, f"{gov}untagged-now": {}}}
