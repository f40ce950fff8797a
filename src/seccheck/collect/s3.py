"""S3 facts: buckets with their settings, account Block Public Access, CloudTrail's buckets.

Buckets are listed once (global); each per-bucket read goes to the bucket's own region and is
tagged with the bucket ARN, so results point at the calls that justify them. A read that fails
for one bucket (denied, throttled) is stored as `Unreadable` for that setting only: the other
buckets, and the other settings of that bucket, are still judged.

Per-bucket reads dominate a run, so a read is skipped when its answer cannot change a verdict:
- the region, when ListBuckets reports it, or for home-region buckets (one filtered listing);
- the bucket's own Block Public Access settings, when all four are on for the account: S3
  applies the most restrictive combination flag by flag, so the bucket's cannot change a flag;
- the ACL, when IgnorePublicAcls is on for the bucket or the account (S3 ignores public grants);
- the policy status, unless some Allow statement names a wildcard principal (only those can be
  public);
- Object Lock, for untagged buckets (only buckets tagged as critical are judged on it) and
  unless versioning is on (it cannot be on otherwise);
- the tags, bucket by bucket: one paginated Resource Groups Tagging API listing per bucket region
  (tag:GetResources, ResourceTypeFilters s3) answers for every bucket of that region. It returns
  tagged (and once-tagged) buckets only, so a bucket absent from it has no tags. When that listing
  fails (denied, not implemented by the endpoint), the buckets of that region fall back to a
  GetBucketTagging each, so a denied tagging API costs requests, never a verdict.
Versioning (with MFA Delete) is read for every bucket: each one is judged on it.
"""

from __future__ import annotations

import json
from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "cloudtrail": ("DescribeTrails",),
    "s3": (
        "GetBucketAcl",
        "GetBucketEncryption",
        "GetBucketLocation",
        "GetBucketLogging",
        "GetBucketPolicy",
        "GetBucketPolicyStatus",
        "GetBucketTagging",
        "GetBucketVersioning",
        "GetObjectLockConfiguration",
        "GetPublicAccessBlock",
        "ListBuckets",
    ),
    "s3control": ("GetPublicAccessBlock",),
    "resourcegroupstaggingapi": ("GetResources",),
}

BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
# Legacy and empty location constraints (GetBucketLocation predates most regions).
_LOCATION_ALIASES = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}

_NOT_CONFIGURED = {
    "get_public_access_block": ("NoSuchPublicAccessBlockConfiguration",),
    "get_bucket_encryption": ("ServerSideEncryptionConfigurationNotFoundError",),
    "get_bucket_policy": ("NoSuchBucketPolicy",),
    "get_bucket_policy_status": ("NoSuchBucketPolicy",),
    "get_bucket_tagging": ("NoSuchTagSet",),
    "get_object_lock_configuration": ("ObjectLockConfigurationNotFoundError",),
}


def bucket_arn(name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:s3:::{name}"


# -- listing -------------------------------------------------------------------------------------


# ListBuckets pages as large as S3 allows. A request without MaxBuckets is "unpaginated": S3
# rejects it for accounts whose bucket quota is above 10,000, and answers it without BucketRegion
# (S3 User Guide, "Listing Amazon S3 general purpose buckets").
BUCKETS_PAGE = 10000


def _listing(api: Api) -> list[dict[str, Any]]:
    """Bucket names, ARNs and regions. Raises ApiError when the listing itself fails."""
    listed = api.paginate("s3", "list_buckets", "Buckets", MaxBuckets=BUCKETS_PAGE) or []
    home: set[str] = set()
    if any(not item.get("BucketRegion") for item in listed):
        # One filtered listing places every home-region bucket without a location call.
        home = {
            b["Name"]
            for b in api.paginate("s3", "list_buckets", "Buckets", BucketRegion=api.region,
                                  MaxBuckets=BUCKETS_PAGE) or []
        }
    buckets = []
    for item in listed:
        name = item["Name"]
        arn = bucket_arn(name, api.partition)
        region = item.get("BucketRegion") or (
            api.region if name in home else _location(api, name, arn)
        )
        buckets.append({"name": name, "arn": arn, "region": region})
    return buckets


def _location(api: Api, name: str, arn: str) -> str | None:
    try:
        answer = api.call("s3", "get_bucket_location", Bucket=name, resource=arn)
    except ApiError:
        return None  # unknown: reads go to the home region and botocore follows redirects
    constraint = answer.get("LocationConstraint")
    return _LOCATION_ALIASES.get(constraint, constraint)


@fact("s3.bucket_regions", scope="global")
def bucket_regions(api: Api) -> dict[str, str | None] | Unreadable:
    """Map bucket name -> region, for region-level checks that ask where S3 data lives."""
    try:
        return {b["name"]: b["region"] for b in _listing(api)}
    except ApiError as err:
        return Unreadable(err.status, err.reason)


# -- per-bucket settings --------------------------------------------------------------------------


@fact("s3.buckets", scope="global")
def buckets(api: Api) -> list[dict[str, Any]]:
    """Every bucket with the settings the S3 checks judge (values may be `Unreadable`).

    Keys: name, arn, region, public_access_block (dict; None: not configured, or not read because
    all four account-level flags are on), acl_grants (list;
    None: not read because public ACLs are ignored), encryption_rules (list; None: none),
    policy (parsed dict; None: none), policy_status (dict; None: the policy cannot be public),
    logging (dict; None: off), tags (dict; None: none), versioning (status string; None: never
    enabled), mfa_delete ("Enabled"/"Disabled"; None: never configured), and for tagged buckets
    only object_lock (bool).
    """
    account = _account_block(api)
    listing = _listing(api)
    tagged = _tags_by_region(api, {b["region"] for b in listing if b["region"]})
    # Buckets are independent: read them side by side, as many as the per-service limit allows.
    # _settings keeps each failed read in its bucket's entry, so every item comes back a dict.
    read = read_each(api, "s3", listing, lambda b: _settings(api, b, account, tagged))
    return [bucket for bucket in read if isinstance(bucket, dict)]


def _tags_by_region(api: Api, regions: set[str]) -> dict[str, dict[str, dict[str, str]]]:
    """Region -> bucket ARN -> tags, from one tagging-API listing per region.

    A region is left out when its listing failed: its buckets are then read one by one.
    """
    out: dict[str, dict[str, dict[str, str]]] = {}
    for region in sorted(regions):
        try:
            found = api.paginate(
                "resourcegroupstaggingapi",
                "get_resources",
                "ResourceTagMappingList",
                region=region,
                ResourceTypeFilters=["s3"],
            )
        except ApiError:
            continue
        out[region] = {
            item["ResourceARN"]: {t["Key"]: t["Value"] for t in item.get("Tags", [])}
            for item in found or []
            if "ResourceARN" in item
        }
    return out


def _settings(
    api: Api,
    bucket: dict[str, Any],
    account: dict[str, bool] | None | Unreadable,
    tagged: dict[str, dict[str, dict[str, str]]],
) -> dict[str, Any]:
    def read(method: str, key: str) -> Any:
        try:
            answer = api.call(
                "s3",
                method,
                region=bucket["region"],
                resource=bucket["arn"],
                absent_on=_NOT_CONFIGURED.get(method, ()),
                Bucket=bucket["name"],
            )
        except ApiError as err:
            return Unreadable(err.status, err.reason)
        if answer is None or not key:
            return answer
        return answer.get(key)

    out = dict(bucket)
    out["public_access_block"] = (
        None
        if all(_flag(account, flag) for flag in BPA_FLAGS)
        else read("get_public_access_block", "PublicAccessBlockConfiguration")
    )
    ignores_acls = _flag(account, "IgnorePublicAcls") or _flag(
        out["public_access_block"], "IgnorePublicAcls"
    )
    out["acl_grants"] = None if ignores_acls else read("get_bucket_acl", "Grants") or []
    rules = read("get_bucket_encryption", "ServerSideEncryptionConfiguration")
    out["encryption_rules"] = rules.get("Rules", []) if isinstance(rules, dict) else rules
    out["policy"] = _parse_policy(read("get_bucket_policy", "Policy"))
    out["policy_status"] = (
        read("get_bucket_policy_status", "PolicyStatus") if _may_be_public(out["policy"]) else None
    )
    out["logging"] = read("get_bucket_logging", "LoggingEnabled")
    in_region = tagged.get(bucket["region"])
    if in_region is not None:
        out["tags"] = in_region.get(bucket["arn"]) or None
    else:
        tags = read("get_bucket_tagging", "TagSet")
        out["tags"] = {t["Key"]: t["Value"] for t in tags} if isinstance(tags, list) else tags
    versioning = read("get_bucket_versioning", "")
    # GetBucketVersioning omits Status and MFADelete on a bucket never versioned.
    if isinstance(versioning, Unreadable):
        out["versioning"] = out["mfa_delete"] = versioning
    else:
        out["versioning"], out["mfa_delete"] = versioning.get("Status"), versioning.get("MFADelete")
    if isinstance(out["tags"], dict) and out["tags"]:
        out["object_lock"] = False  # Object Lock requires versioning
        if out["versioning"] == "Enabled":
            lock = read("get_object_lock_configuration", "ObjectLockConfiguration")
            out["object_lock"] = (
                lock
                if isinstance(lock, Unreadable)
                else (bool(lock) and lock.get("ObjectLockEnabled") == "Enabled")
            )
    return out


def _flag(config: Any, name: str) -> bool:
    return isinstance(config, dict) and config.get(name) is True


def _parse_policy(text: Any) -> Any:
    if text is None or isinstance(text, Unreadable):
        return text
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return Unreadable(Status.ERROR, "the bucket policy is not valid JSON")


def _may_be_public(policy: Any) -> bool:
    """Whether a policy could be public, so AWS's own judgement (GetBucketPolicyStatus) is asked.

    True when unreadable, or when an Allow names a wildcard principal or uses NotPrincipal (an
    Allow with NotPrincipal lets in everyone but the listed principals; AWS no longer accepts it in
    new policies, but older policies still carry it).
    """
    if policy is None:
        return False
    if not isinstance(policy, dict):
        return True
    statements = policy.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        if "NotPrincipal" in statement:
            return True
        principal = statement.get("Principal")
        values = principal.values() if isinstance(principal, dict) else [principal]
        if any(v == "*" or (isinstance(v, list) and "*" in v) for v in values):
            return True
    return False


# -- account level and CloudTrail -----------------------------------------------------------------


def _account_block(api: Api) -> dict[str, bool] | None | Unreadable:
    try:
        answer = api.call(
            "s3control",
            "get_public_access_block",
            AccountId=api.account,
            absent_on=("NoSuchPublicAccessBlockConfiguration",),
        )
    except ApiError as err:
        return Unreadable(err.status, err.reason)
    return None if answer is None else dict(answer.get("PublicAccessBlockConfiguration", {}))


@fact("s3.account_public_access_block", scope="global")
def account_public_access_block(api: Api) -> dict[str, bool] | None | Unreadable:
    """Read the account-level Block Public Access flags (None when never configured).

    A failed read is returned as `Unreadable` rather than raised, so per-bucket checks that only
    use it as a possible cover can still judge buckets on their own settings.
    """
    return _account_block(api)


@fact("s3.trail_buckets", scope="global")
def trail_buckets(api: Api) -> list[dict[str, Any]]:
    """Trails visible from the home region (multi-region trails included) and their buckets."""
    answer = api.call("cloudtrail", "describe_trails", includeShadowTrails=True)
    seen: dict[str, dict[str, Any]] = {}
    for trail in answer.get("trailList", []):
        if not trail.get("S3BucketName"):
            continue
        key = trail.get("TrailARN") or trail.get("Name", "")
        seen.setdefault(
            key,
            {
                "name": trail.get("Name", ""),
                "arn": trail.get("TrailARN", ""),
                "bucket": trail["S3BucketName"],
                "home_region": trail.get("HomeRegion"),
                "multi_region": bool(trail.get("IsMultiRegionTrail")),
            },
        )
    return list(seen.values())
