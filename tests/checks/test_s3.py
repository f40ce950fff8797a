"""S3 checks: pure evaluation on plain data, the collector's read-skipping (stubbed), then the
verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from seccheck.checks import s3 as checks
from seccheck.checks.registry import Context
from seccheck.collect import s3 as collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.scenarios import get_scenario
from tests.conftest import results_for, scan_sandbox, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "us-east-1")
ARN = "arn:aws:s3:::acme-data"
BLOCK_ALL = dict.fromkeys(checks.BPA_FLAGS, True)
DENIED = Unreadable(Status.NOT_ASSESSABLE, "access denied: the scanning identity needs s3:GetX")
S3_IDS = [
    "DET-02-C02",
    "DET-02-C05",
    "DP-01-C04",
    "DP-01-C05",
    "DP-01-C06",
    "DP-01-C14",
    "DP-02-C01",
]


def tls_deny(arn: str = ARN, principal: Any = None) -> dict[str, Any]:
    return {
        "Effect": "Deny",
        "Principal": principal if principal is not None else {"AWS": "*"},
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def bucket(**settings: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "acme-data",
        "arn": ARN,
        "region": "us-east-1",
        "public_access_block": BLOCK_ALL,
        "acl_grants": [],
        "encryption_rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}],
        "policy": {"Statement": [tls_deny()]},
        "policy_status": None,
        "logging": {"TargetBucket": "acme-logs", "TargetPrefix": "acme-data/"},
        "tags": None,
    }
    base.update(settings)
    return base


def only(findings: Any) -> tuple[Status, str]:
    found = list(findings)
    assert len(found) == 1, found
    return found[0].status, found[0].reason


PUBLIC_READ = {
    "Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
    "Permission": "READ",
}


# -- DP-01-C04 ------------------------------------------------------------------------------------


def test_account_block_public_access():
    assert only(checks.account_block_public_access(CTX, BLOCK_ALL))[0] is Status.PASS
    status, reason = only(checks.account_block_public_access(CTX, None))
    assert status is Status.FAIL and "not configured" in reason
    status, reason = only(
        checks.account_block_public_access(CTX, {**BLOCK_ALL, "RestrictPublicBuckets": False})
    )
    assert status is Status.FAIL and "RestrictPublicBuckets" in reason
    assert only(checks.account_block_public_access(CTX, DENIED))[0] is Status.NOT_ASSESSABLE


# -- DP-01-C05 ------------------------------------------------------------------------------------


def test_bucket_not_public_pass_with_bucket_or_account_block():
    assert only(checks.bucket_not_public(CTX, [bucket()], None))[0] is Status.PASS
    covered = bucket(public_access_block=None)
    status, reason = only(checks.bucket_not_public(CTX, [covered], BLOCK_ALL))
    assert status is Status.PASS and "account level" in reason


def test_bucket_not_public_fails_when_exposed_or_uncovered():
    acl = bucket(acl_grants=[PUBLIC_READ], public_access_block=None)
    status, reason = only(checks.bucket_not_public(CTX, [acl], None))
    assert status is Status.FAIL and "AllUsers:READ" in reason
    public = bucket(policy_status={"IsPublic": True}, public_access_block=None)
    status, reason = only(checks.bucket_not_public(CTX, [public], None))
    assert status is Status.FAIL and "policy makes it public" in reason
    status, reason = only(checks.bucket_not_public(CTX, [bucket(public_access_block=None)], None))
    assert status is Status.FAIL and "Block Public Access is off" in reason


def test_bucket_not_public_combines_bucket_and_account_flags():
    """Audit #15a: S3 "uses the most restrictive combination of the bucket-level and
    account-level settings" (GetPublicAccessBlock API reference), flag by flag."""
    acl_flags = {"BlockPublicAcls": True, "IgnorePublicAcls": True}
    policy_flags = {"BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    split = bucket(public_access_block=policy_flags)
    status, reason = only(checks.bucket_not_public(CTX, [split], acl_flags))
    assert status is Status.PASS and "combined" in reason
    status, reason = only(checks.bucket_not_public(CTX, [split], {"BlockPublicAcls": True}))
    assert status is Status.FAIL and "IgnorePublicAcls" in reason
    assert "BlockPublicAcls" not in reason


def test_bucket_public_settings_neutralised_by_block_public_access_pass():
    """Audit #15b: RestrictPublicBuckets neutralises a public policy, IgnorePublicAcls a public
    ACL (S3 User Guide, "Blocking public access to your Amazon S3 storage")."""
    public = bucket(policy_status={"IsPublic": True}, acl_grants=[PUBLIC_READ])
    [finding] = checks.bucket_not_public(CTX, [public], None)
    assert finding.status is Status.PASS
    assert "RestrictPublicBuckets neutralises" in finding.reason
    assert "IgnorePublicAcls is on" in finding.reason
    no_restrict = bucket(
        policy_status={"IsPublic": True},
        public_access_block={**BLOCK_ALL, "RestrictPublicBuckets": False},
    )
    status, reason = only(checks.bucket_not_public(CTX, [no_restrict], None))
    assert status is Status.FAIL and "policy makes it public" in reason


def test_bucket_not_public_unreadable_and_not_applicable():
    unknown = bucket(public_access_block=DENIED)
    assert only(checks.bucket_not_public(CTX, [unknown], None))[0] is Status.NOT_ASSESSABLE
    # What was read still fails the bucket.
    exposed = bucket(public_access_block=DENIED, acl_grants=[PUBLIC_READ])
    assert only(checks.bucket_not_public(CTX, [exposed], None))[0] is Status.FAIL
    # Covered by its own settings even if the account level could not be read.
    assert only(checks.bucket_not_public(CTX, [bucket()], DENIED))[0] is Status.PASS
    assert only(checks.bucket_not_public(CTX, [], None))[0] is Status.NOT_APPLICABLE


# -- DP-01-C06 ------------------------------------------------------------------------------------


def test_default_encryption():
    assert only(checks.default_encryption(CTX, [bucket()]))[0] is Status.PASS
    sse_s3 = bucket(
        encryption_rules=[{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    )
    assert only(checks.default_encryption(CTX, [sse_s3]))[0] is Status.PASS
    strict = Context(CTX.account, CTX.region, {"require_kms": True})
    assert only(checks.default_encryption(strict, [sse_s3]))[0] is Status.FAIL
    assert only(checks.default_encryption(CTX, [bucket(encryption_rules=None)]))[0] is Status.FAIL
    assert only(checks.default_encryption(CTX, [bucket(encryption_rules=DENIED)]))[0] is (
        Status.NOT_ASSESSABLE
    )
    assert only(checks.default_encryption(CTX, []))[0] is Status.NOT_APPLICABLE


# -- DP-02-C01 ------------------------------------------------------------------------------------


def test_tls_only_policy_pass_and_fail():
    assert only(checks.tls_only_policy(CTX, [bucket()]))[0] is Status.PASS
    string_star = bucket(policy={"Statement": tls_deny(principal="*")})  # a lone statement
    assert only(checks.tls_only_policy(CTX, [string_star]))[0] is Status.PASS
    status, reason = only(checks.tls_only_policy(CTX, [bucket(policy=None)]))
    assert status is Status.FAIL and "no bucket policy" in reason
    objects_only = tls_deny()
    objects_only["Resource"] = f"{ARN}/*"
    assert only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [objects_only]})]))[0] is (
        Status.FAIL
    )
    allow = {**tls_deny(), "Effect": "Allow"}
    assert only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [allow]})]))[0] is (
        Status.FAIL
    )


def test_tls_only_policy_with_other_anded_conditions_fails():
    """Audit #14: conditions in one block are ANDed (IAM policy evaluation logic), so a Deny that
    also tests aws:PrincipalOrgID only refuses plain HTTP to callers outside the organisation."""
    narrowed = tls_deny()
    narrowed["Condition"] = {
        "Bool": {"aws:SecureTransport": "false"},
        "StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"},
    }
    status, reason = only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [narrowed]})]))
    assert status is Status.FAIL
    # NotResource covering everything else still covers the bucket; NotAction s3 does not.
    not_resource = {**tls_deny(), "NotResource": "arn:aws:s3:::other/*"}
    del not_resource["Resource"]
    assert only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [not_resource]})]))[0] is (
        Status.PASS
    )
    # A BoolIfExists deny also refuses requests without the key; all-actions "*" counts.
    if_exists = {**tls_deny(), "Action": "*"}
    if_exists["Condition"] = {"BoolIfExists": {"aws:SecureTransport": "false"}}
    assert only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [if_exists]})]))[0] is (
        Status.PASS
    )
    get_only = {**tls_deny(), "Action": "s3:GetObject"}
    assert only(checks.tls_only_policy(CTX, [bucket(policy={"Statement": [get_only]})]))[0] is (
        Status.FAIL
    )


def test_tls_only_policy_unreadable_and_not_applicable():
    assert only(checks.tls_only_policy(CTX, [bucket(policy=DENIED)]))[0] is Status.NOT_ASSESSABLE
    assert only(checks.tls_only_policy(CTX, []))[0] is Status.NOT_APPLICABLE


# -- DET-02-C02 -----------------------------------------------------------------------------------


def test_access_logging():
    logs = bucket(name="acme-logs", arn="arn:aws:s3:::acme-logs", logging=None)
    found = {f.resource: f.status for f in checks.access_logging(CTX, [bucket(), logs])}
    assert found == {ARN: Status.PASS, "arn:aws:s3:::acme-logs": Status.NOT_APPLICABLE}
    assert only(checks.access_logging(CTX, [bucket(logging=None)]))[0] is Status.FAIL
    self_logged = bucket(logging={"TargetBucket": "acme-data"})
    assert only(checks.access_logging(CTX, [self_logged]))[0] is Status.WARN
    assert only(checks.access_logging(CTX, [bucket(logging=DENIED)]))[0] is Status.NOT_ASSESSABLE
    assert only(checks.access_logging(CTX, []))[0] is Status.NOT_APPLICABLE


# -- DET-02-C05 -----------------------------------------------------------------------------------


def trail(bucket_name: str = "acme-data") -> dict[str, Any]:
    return {
        "name": "main",
        "arn": f"arn:aws:cloudtrail:us-east-1:{CTX.account}:trail/main",
        "bucket": bucket_name,
    }


def test_trail_bucket():
    assert only(checks.trail_bucket(CTX, [trail()], [bucket()], None))[0] is Status.PASS
    open_bucket = bucket(public_access_block=None, policy_status={"IsPublic": True})
    status, reason = only(checks.trail_bucket(CTX, [trail()], [open_bucket], None))
    assert status is Status.FAIL and "public" in reason
    # Block Public Access at account level neutralises the public policy.
    assert only(checks.trail_bucket(CTX, [trail()], [open_bucket], BLOCK_ALL))[0] is Status.PASS
    status, reason = only(checks.trail_bucket(CTX, [trail()], [bucket(logging=None)], None))
    assert status is Status.FAIL and "logging is off" in reason
    assert only(checks.trail_bucket(CTX, [trail()], [bucket(logging=DENIED)], None))[0] is (
        Status.NOT_ASSESSABLE
    )


def test_organization_trail_of_another_account_is_assessed_there():
    org_arn = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org"
    org_trail = {**trail("mgmt-audit"), "arn": org_arn}
    status, reason = only(checks.trail_bucket(CTX, [org_trail], [bucket()], None))
    assert status is Status.NOT_APPLICABLE and "999988887777" in reason
    own = {**trail(), "arn": f"arn:aws:cloudtrail:us-east-1:{CTX.account}:trail/main"}
    assert only(checks.trail_bucket(CTX, [org_trail, own], [bucket()], None))[0] is Status.PASS


def test_trail_bucket_elsewhere_and_no_trails():
    status, reason = only(checks.trail_bucket(CTX, [trail("log-archive")], [bucket()], None))
    assert status is Status.NOT_ASSESSABLE and "log-archive" in reason
    assert only(checks.trail_bucket(CTX, [], [bucket()], None))[0] is Status.NOT_APPLICABLE


# -- DP-01-C14 ------------------------------------------------------------------------------------

C14 = Context(
    CTX.account,
    CTX.region,
    {
        "critical_tag_key": "data-classification",
        "critical_tag_values": ["critical", "confidential"],
    },
)


def test_critical_versioning():
    critical = {"data-classification": "Critical"}
    good = bucket(tags=critical, versioning="Enabled", object_lock=True)
    status, reason = only(checks.critical_versioning(C14, [good]))
    assert status is Status.PASS and "Object Lock is on" in reason
    bad = bucket(tags={"data-classification": "confidential"}, versioning="Suspended")
    status, reason = only(checks.critical_versioning(C14, [bad, bucket(tags={"team": "x"})]))
    assert status is Status.FAIL and "suspended" in reason
    assert only(checks.critical_versioning(C14, [bucket(tags=critical, versioning=DENIED)]))[0] is (
        Status.NOT_ASSESSABLE
    )
    assert only(checks.critical_versioning(C14, [bucket(tags=DENIED)]))[0] is Status.NOT_ASSESSABLE
    status, reason = only(checks.critical_versioning(C14, [bucket(tags={"team": "x"})]))
    assert status is Status.NOT_APPLICABLE and "data-classification" in reason


# -- the collector, against canned answers --------------------------------------------------------


def test_allow_with_not_principal_is_sent_to_get_bucket_policy_status():
    """Audit #18: an Allow with NotPrincipal lets in everyone but the named principal, so AWS's
    own public-policy judgement must be asked; an Allow for one account need not be."""
    legacy = {
        "Statement": [
            {
                "Effect": "Allow",
                "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"},
                "Action": "s3:GetObject",
                "Resource": f"{ARN}/*",
            }
        ]
    }
    assert collect._may_be_public(legacy)
    named = {"Statement": {**legacy["Statement"][0], "Principal": {"AWS": "111122223333"}}}
    del named["Statement"]["NotPrincipal"]
    assert not collect._may_be_public(named)
    assert not collect._may_be_public({"Statement": [tls_deny()]})


@pytest.mark.stubbed
def test_collector_skips_reads_that_cannot_change_a_verdict_stubbed():
    """A blocked, untagged home bucket costs 6 reads; an exposed tagged bucket elsewhere all 10."""
    with stubbed_api() as stubs:
        home, ap = stubs.stub("s3"), stubs.stub("s3", "ap-southeast-2")
        # A paginated request (MaxBuckets) is what S3 accepts above a 10,000-bucket quota.
        home.add_response("list_buckets", {"Buckets": [{"Name": "blocked"}, {"Name": "exports"}]},
                          {"MaxBuckets": 10000})
        home.add_response(
            "list_buckets", {"Buckets": [{"Name": "blocked"}]},
            {"BucketRegion": "us-east-1", "MaxBuckets": 10000},
        )
        home.add_response(
            "get_bucket_location", {"LocationConstraint": "ap-southeast-2"}, {"Bucket": "exports"}
        )
        home.add_response(
            "get_public_access_block",
            {"PublicAccessBlockConfiguration": BLOCK_ALL},
            {"Bucket": "blocked"},
        )
        home.add_client_error(
            "get_bucket_encryption",
            **client_error("ServerSideEncryptionConfigurationNotFoundError"),
        )
        home.add_response("get_bucket_policy", {"Policy": json.dumps({"Statement": [tls_deny()]})})
        home.add_response("get_bucket_logging", {})
        home.add_client_error("get_bucket_tagging", **client_error("NoSuchTagSet"))
        home.add_response("get_bucket_versioning", {})  # never versioned: no Status, no MFADelete
        public = {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::exports/*",
                }
            ]
        }
        ap.add_client_error(
            "get_public_access_block", **client_error("NoSuchPublicAccessBlockConfiguration")
        )
        ap.add_response("get_bucket_acl", {"Grants": [PUBLIC_READ]})
        ap.add_response(
            "get_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": []}}
        )
        ap.add_response("get_bucket_policy", {"Policy": json.dumps(public)})
        ap.add_response("get_bucket_policy_status", {"PolicyStatus": {"IsPublic": True}})
        ap.add_client_error("get_bucket_logging", **client_error("AccessDenied", http_status=403))
        ap.add_response(
            "get_bucket_tagging",
            {"TagSet": [{"Key": "data-classification", "Value": "confidential"}]},
        )
        ap.add_response("get_bucket_versioning", {"Status": "Enabled"})
        ap.add_client_error(
            "get_object_lock_configuration", **client_error("ObjectLockConfigurationNotFoundError")
        )
        stubs.stub("s3control").add_client_error(
            "get_public_access_block", **client_error("NoSuchPublicAccessBlockConfiguration")
        )
        blocked, exports = collect.buckets(stubs.api)
    assert blocked["region"] == "us-east-1" and blocked["acl_grants"] is None
    assert blocked["policy_status"] is None and "object_lock" not in blocked
    assert blocked["versioning"] is None and blocked["mfa_delete"] is None
    assert blocked["encryption_rules"] is None and blocked["tags"] is None
    assert exports["region"] == "ap-southeast-2" and exports["policy_status"] == {"IsPublic": True}
    assert exports["versioning"] == "Enabled" and exports["object_lock"] is False
    assert isinstance(exports["logging"], Unreadable)
    assert "s3:GetBucketLogging" in exports["logging"].reason


@pytest.mark.stubbed
def test_denied_reads_name_the_iam_action_stubbed():
    with stubbed_api() as stubs:
        s3 = stubs.stub("s3")
        s3.add_response("list_buckets", {"Buckets": [{"Name": "b", "BucketRegion": "us-east-1"}]})
        s3.add_client_error(
            "get_public_access_block", **client_error("AccessDenied", http_status=403)
        )
        s3.add_response("get_bucket_acl", {"Grants": []})
        s3.add_client_error(
            "get_bucket_encryption", **client_error("AccessDenied", http_status=403)
        )
        s3.add_client_error("get_bucket_policy", **client_error("NoSuchBucketPolicy"))
        s3.add_response("get_bucket_logging", {})
        s3.add_client_error("get_bucket_tagging", **client_error("NoSuchTagSet"))
        s3.add_response("get_bucket_versioning", {"Status": "Suspended"})
        stubs.stub("s3control").add_response(
            "get_public_access_block", {"PublicAccessBlockConfiguration": {}}
        )
        (found,) = collect.buckets(stubs.api)
    assert "s3:GetBucketPublicAccessBlock" in found["public_access_block"].reason
    assert "s3:GetEncryptionConfiguration" in found["encryption_rules"].reason


@pytest.mark.stubbed
def test_denied_account_block_names_the_account_action_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("s3control").add_client_error(
            "get_public_access_block", **client_error("AccessDenied", http_status=403)
        )
        found = collect.account_public_access_block(stubs.api)
    assert isinstance(found, Unreadable) and "s3:GetAccountPublicAccessBlock" in found.reason
    assert only(checks.account_block_public_access(CTX, found))[0] is Status.NOT_ASSESSABLE


# -- verdicts over the sandbox --------------------------------------------------------------------


def only_status(report: Any, check_id: str, resource: str) -> str:
    found = results_for(report, check_id, resource)
    assert len(found) == 1, [(r.resource, r.status) for r in found]
    return found[0].status.value


@pytest.mark.parametrize(
    ("check_id", "good", "bad"),
    [
        ("DET-02-C02", "acme-payments-prod-data", "acme-customer-exports"),
        ("DP-01-C05", "acme-payments-prod-data", "acme-public-website"),
        ("DP-01-C05", "acme-cloudtrail-logs-", "acme-customer-exports"),
        ("DP-01-C06", "acme-payments-prod-data", "acme-customer-exports"),
        ("DP-01-C14", "acme-payments-prod-data", "acme-customer-exports"),
        ("DP-02-C01", "acme-payments-prod-data", "acme-public-website"),
        ("DP-02-C01", "acme-s3-access-logs-", "acme-legacy-trail-"),
    ],
)
def test_workshop_verdicts(workshop_report, check_id, good, bad):
    assert only_status(workshop_report, check_id, good) == "PASS"
    assert only_status(workshop_report, check_id, bad) == "FAIL"


def test_workshop_account_level_and_log_destination(workshop_report):
    assert statuses(results_for(workshop_report, "DP-01-C04")) == {"FAIL"}
    assert only_status(workshop_report, "DET-02-C02", "acme-s3-access-logs-") == "NOT_APPLICABLE"


def test_workshop_trail_buckets(workshop_report):
    expected = get_scenario("workshop").expected()["DET-02-C05"]
    if expected == {"NOT_APPLICABLE"}:  # no CloudTrail estate in this tree yet
        assert statuses(results_for(workshop_report, "DET-02-C05")) == {"NOT_APPLICABLE"}
    else:
        assert only_status(workshop_report, "DET-02-C05", "acme-cloudtrail-logs-") == "PASS"
        assert only_status(workshop_report, "DET-02-C05", "acme-legacy-trail-") == "FAIL"


def test_buckets_are_placed_by_the_listing_alone(workshop_report):
    """Issue 14: ListBuckets with MaxBuckets names every bucket's Region, so no location calls."""
    s3 = [c.operation for c in workshop_report.calls.values() if c.service == "s3"]
    assert s3.count("ListBuckets") == 1 and "GetBucketLocation" not in s3


def test_per_bucket_reads_go_to_the_bucket_region(workshop_report):
    calls = [
        c
        for c in workshop_report.calls.values()
        if c.service == "s3" and c.resource == "arn:aws:s3:::acme-customer-exports"
    ]
    assert {c.operation for c in calls} >= {"GetBucketPolicy", "GetBucketLogging"}
    assert {c.region for c in calls if c.operation != "GetBucketLocation"} == {"ap-southeast-2"}
    (result,) = results_for(workshop_report, "DP-02-C01", "acme-customer-exports")
    assert {c.id for c in calls if c.operation == "GetBucketPolicy"} <= set(result.call_ids)


@pytest.mark.parametrize(
    "check_id", ["DP-01-C05", "DP-01-C06", "DP-01-C14", "DP-02-C01", "DET-02-C02"]
)
def test_bucket_results_carry_the_bucket_region(workshop_report, check_id):
    """Audit #1: a bucket result is in the bucket's region, never "global"."""
    [exports] = results_for(workshop_report, check_id, "acme-customer-exports")
    assert exports.region == "ap-southeast-2"
    for website in results_for(workshop_report, check_id, "acme-public-website"):
        assert website.region == "eu-west-1"  # DP-01-C14 only judges tagged buckets
    home = workshop_report.scope["home_region"]
    assert exports.to_dict()["region"] != "global"
    [trail_bucket] = results_for(workshop_report, "DET-02-C05", "acme-cloudtrail-logs-")
    assert trail_bucket.region == home


def test_each_bucket_setting_is_read_once(workshop_report):
    seen: dict[tuple[str, str], int] = {}
    for c in workshop_report.calls.values():
        if c.service == "s3":
            key = (c.operation, json.dumps(c.params, sort_keys=True))
            seen[key] = seen.get(key, 0) + 1
    assert len(seen) > 20 and max(seen.values()) == 1


def test_clean_everything_passes(clean_report):
    for check_id in S3_IDS:
        found = statuses(results_for(clean_report, check_id))
        assert found <= {"PASS", "NOT_APPLICABLE"}, (check_id, found)
    assert only_status(clean_report, "DP-01-C05", "acme-customer-exports") == "PASS"
    assert only_status(clean_report, "DP-01-C04", "arn:aws:iam::") == "PASS"


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    report = request.getfixturevalue(f"{scenario}_report")
    expected = get_scenario(scenario).expected()
    for check_id in S3_IDS:
        assert statuses(results_for(report, check_id)) == expected[check_id], check_id


def test_one_denied_policy_read_only_affects_that_bucket(workshop, checklist):
    def deny(params: dict[str, Any], **_: Any) -> None:
        if params.get("Bucket") == "acme-payments-prod-data":
            raise ClientError(
                {
                    "Error": {"Code": "AccessDenied", "Message": "Access Denied"},
                    "ResponseMetadata": {"HTTPStatusCode": 403},
                },
                "GetBucketPolicy",
            )

    report = scan_sandbox(
        workshop,
        checklist,
        check_ids=["DP-02-C01", "DP-01-C05"],
        factory_hooks=[("before-parameter-build.s3.GetBucketPolicy", deny)],
    )
    (denied,) = results_for(report, "DP-02-C01", "acme-payments-prod-data")
    assert denied.status is Status.NOT_ASSESSABLE and "s3:GetBucketPolicy" in denied.reason
    others = results_for(report, "DP-02-C01")
    assert len(others) > 3
    assert {r.status.value for r in others if r is not denied} == {"PASS", "FAIL"}
    # The other settings of the same bucket are still judged.
    assert only_status(report, "DP-01-C05", "acme-payments-prod-data") == "PASS"


@pytest.mark.stubbed
def test_bucket_arns_follow_the_partition_stubbed():
    """Audit #8(a): in aws-cn a bucket is arn:aws-cn:s3:::name, so its TLS policy matches."""
    from seccheck.collect.s3 import _listing

    caller = "arn:aws-cn:iam::111122223333:user/auditor"
    with stubbed_api("cn-north-1", caller_arn=caller) as stubs:
        stubs.stub("s3").add_response(
            "list_buckets", {"Buckets": [{"Name": "data", "BucketRegion": "cn-north-1"}]}
        )
        [bucket] = _listing(stubs.api)
    assert bucket["arn"] == "arn:aws-cn:s3:::data" and bucket["region"] == "cn-north-1"
    policy = {
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws-cn:s3:::data", "arn:aws-cn:s3:::data/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ]
    }
    [finding] = checks.tls_only_policy(CTX, [bucket | {"policy": policy}])
    assert finding.status is Status.PASS and finding.region == "cn-north-1"


def test_bucket_tags_come_from_one_tagging_listing_per_region(workshop_report):
    s3_regions = {c.region for c in workshop_report.calls.values() if c.service == "s3"
                  and c.operation != "ListBuckets" and c.resource}
    listings = [c for c in workshop_report.calls.values() if c.operation == "GetResources"]
    assert listings and all(c.params == {"ResourceTypeFilters": ["s3"]} for c in listings)
    assert {c.region for c in listings} <= s3_regions
    assert len(listings) == len({c.region for c in listings})
    assert not [c for c in workshop_report.calls.values() if c.operation == "GetBucketTagging"]


def test_denied_tagging_listing_falls_back_to_each_bucket(workshop, workshop_report, checklist):
    def deny(params: dict[str, Any], **_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDeniedException", "Message": "not authorized"},
                "ResponseMetadata": {"HTTPStatusCode": 400},
            },
            "GetResources",
        )

    report = scan_sandbox(
        workshop,
        checklist,
        check_ids=["DP-01-C14"],
        factory_hooks=[("before-parameter-build.resource-groups-tagging-api.GetResources", deny)],
    )
    denied = [c for c in report.calls.values() if c.operation == "GetResources"]
    assert denied and {c.outcome for c in denied} == {"error"}
    assert [c for c in report.calls.values() if c.operation == "GetBucketTagging"]
    verdicts = {(r.resource, r.status) for r in results_for(report, "DP-01-C14")}
    assert verdicts == {(r.resource, r.status) for r in results_for(workshop_report, "DP-01-C14")}
    assert verdicts


# -- account-level Block Public Access all on: the bucket's own settings are not read -----------


@pytest.mark.stubbed
def test_account_block_all_on_skips_the_per_bucket_block_and_acl_reads_stubbed():
    """S3 applies the most restrictive of account and bucket flag by flag: with all four on for
    the account, GetPublicAccessBlock per bucket cannot change a flag (nor can the ACL, ignored)."""
    with stubbed_api() as stubs:
        s3 = stubs.stub("s3")
        s3.add_response("list_buckets", {"Buckets": [{"Name": "b", "BucketRegion": "us-east-1"}]})
        s3.add_response(
            "get_bucket_encryption", {"ServerSideEncryptionConfiguration": {"Rules": []}}
        )
        s3.add_client_error("get_bucket_policy", **client_error("NoSuchBucketPolicy"))
        s3.add_response("get_bucket_logging", {})
        s3.add_client_error("get_bucket_tagging", **client_error("NoSuchTagSet"))
        s3.add_response("get_bucket_versioning", {})
        stubs.stub("s3control").add_response(
            "get_public_access_block", {"PublicAccessBlockConfiguration": BLOCK_ALL}
        )
        (found,) = collect.buckets(stubs.api)  # the Stubber refuses any read not queued above
    assert found["public_access_block"] is None and found["acl_grants"] is None
    operations = {(c.service, c.operation) for c in stubs.recorder.records.values()}
    assert ("s3", "GetPublicAccessBlock") not in operations
    assert ("s3", "GetBucketAcl") not in operations
    (verdict,) = checks.bucket_not_public(CTX, [found], BLOCK_ALL)
    assert verdict.status is Status.PASS


BUCKET_BLOCKS = [
    BLOCK_ALL,
    {**BLOCK_ALL, "RestrictPublicBuckets": False, "IgnorePublicAcls": False},
    {},
    None,
    Unreadable(Status.NOT_ASSESSABLE, "access denied to s3:GetBucketPublicAccessBlock"),
]
EXPOSURES = [
    {"policy_status": None, "acl_grants": None},
    {"policy_status": {"IsPublic": True}, "acl_grants": [PUBLIC_READ]},
    {"policy_status": Unreadable(Status.ERROR, "throttled"), "acl_grants": None},
]


@pytest.mark.parametrize("own", BUCKET_BLOCKS)
@pytest.mark.parametrize("exposure", EXPOSURES)
def test_with_the_account_block_all_on_the_buckets_own_cannot_change_a_status(own, exposure):
    """Whatever the bucket's own settings (on, partly, off, unconfigured, unreadable), DP-01-C05
    and DET-02-C05 give the status they give when the bucket's settings are not read at all."""
    base = {"name": "acme-data", "arn": ARN, "region": "us-east-1"}
    base["logging"] = {"TargetBucket": "logs"}
    trails = [{"name": "t", "arn": "", "bucket": "acme-data"}]
    read = {**base, **exposure, "public_access_block": own}
    skipped = {**base, **exposure, "public_access_block": None}
    for check, facts in (
        (checks.bucket_not_public, lambda b: ([b], BLOCK_ALL)),
        (checks.trail_bucket, lambda b: (trails, [b], BLOCK_ALL)),
    ):
        (with_read,) = check(CTX, *facts(read))
        (without,) = check(CTX, *facts(skipped))
        assert with_read.status is without.status, check.__name__
