"""S3 checks: public access, default encryption, TLS-only policies, access logging, versioning.

All judge the `s3.buckets` fact, one finding per bucket (resource: the bucket ARN). A setting
the collector could not read arrives as `Unreadable`; a check fails a bucket on what it did
read, and otherwise reports it as not assessable, never as passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..collect.s3 import BPA_FLAGS
from ..results import Finding, Status, Unreadable
from . import _policy
from .registry import CheckFn, Context, check

PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}
KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


def in_bucket_regions(position: int = 0) -> Callable[[CheckFn], CheckFn]:
    """Place each bucket's finding in the bucket's own region (facts[position] is s3.buckets)."""

    def wrap(fn: CheckFn) -> CheckFn:
        @functools.wraps(fn)
        def placed(ctx: Context, *facts: Any) -> Iterator[Finding]:
            buckets = facts[position]
            regions = {b["arn"]: b.get("region") for b in buckets or []}
            for finding in fn(ctx, *facts):
                yield finding.at(regions.get(finding.resource))

        return placed

    return wrap


# -- shared judgements ----------------------------------------------------------------------------


def missing_bpa_flags(config: Any) -> list[str]:
    """Block Public Access flags that are off (all of them when nothing is configured)."""
    if not isinstance(config, dict):
        return list(BPA_FLAGS)
    return [flag for flag in BPA_FLAGS if config.get(flag) is not True]


def public_grants(grants: Iterable[dict[str, Any]]) -> list[str]:
    """ACL grants to everyone or to any AWS user, as 'AllUsers:READ'."""
    out = []
    for grant in grants:
        group = PUBLIC_GROUPS.get(grant.get("Grantee", {}).get("URI", ""))
        if group:
            out.append(f"{group}:{grant.get('Permission', '?')}")
    return out


def _verdict(
    resource: str, problems: list[str], unknown: list[Unreadable], passed: str, **details: Any
) -> Finding:
    """FAIL on what was read, else NOT_ASSESSABLE if anything was unreadable, else PASS."""
    if problems:
        if unknown:
            details["not_read"] = [u.reason for u in unknown]
        return Finding.failed(resource, "; ".join(problems), **details)
    if unknown:
        return unknown[0].finding(resource)
    return Finding.passed(resource, passed, **details)


def effective_bpa(bucket_bpa: Any, account_bpa: Any) -> dict[str, bool | Unreadable]:
    """Each Block Public Access flag as S3 applies it: on if on at the bucket or the account.

    "Amazon S3 uses the most restrictive combination of the bucket-level and account-level
    settings" (GetPublicAccessBlock API reference). A flag off on one side and unreadable on the
    other is Unreadable.
    """
    out: dict[str, bool | Unreadable] = {}
    for flag in BPA_FLAGS:
        sides = [bucket_bpa, account_bpa]
        if any(isinstance(side, dict) and side.get(flag) is True for side in sides):
            out[flag] = True
        else:
            unknown = next((side for side in sides if isinstance(side, Unreadable)), None)
            out[flag] = unknown if unknown is not None else False
    return out


def _bpa_source(bucket_bpa: Any, account_bpa: Any) -> str:
    """Where the effective flags come from, for the reason text."""
    if not missing_bpa_flags(bucket_bpa):
        return "bucket level"
    if not missing_bpa_flags(account_bpa):
        return "account level"
    return "bucket and account level combined (flag by flag)"


def _exposure(
    bucket: dict[str, Any], effective: dict[str, bool | Unreadable]
) -> tuple[list[str], list[str], list[Unreadable]]:
    """Why a bucket is public (problems), what public setting BPA neutralises, what is unknown.

    RestrictPublicBuckets limits a public policy to AWS services and the owner's account;
    IgnorePublicAcls makes S3 ignore public ACL grants (S3 User Guide, "Blocking public access").
    """
    problems: list[str] = []
    neutralised: list[str] = []
    unknown: list[Unreadable] = []
    status = bucket.get("policy_status")
    if isinstance(status, Unreadable):
        unknown.append(status)
    elif isinstance(status, dict) and status.get("IsPublic"):
        if effective["RestrictPublicBuckets"] is True:
            neutralised.append(
                "the bucket policy is public but RestrictPublicBuckets neutralises it"
            )
        else:
            problems.append("the bucket policy makes it public")
    grants = bucket.get("acl_grants")
    if isinstance(grants, Unreadable):
        unknown.append(grants)
    elif grants:
        public = public_grants(grants)
        if public and effective["IgnorePublicAcls"] is True:
            neutralised.append(f"the ACL grants {', '.join(public)} but IgnorePublicAcls is on")
        elif public:
            problems.append("the ACL grants " + ", ".join(public))
    return problems, neutralised, unknown


# -- DP-01-C04 / DP-01-C05: Block Public Access ---------------------------------------------------


@check("DP-01-C04", "s3.account_public_access_block")
def account_block_public_access(ctx: Context, config: Any) -> Iterator[Finding]:
    if isinstance(config, Unreadable):
        yield config.finding(ctx.account_arn)
        return
    missing = missing_bpa_flags(config)
    if config is None:
        yield Finding.failed(
            ctx.account_arn, "S3 Block Public Access is not configured for the account"
        )
    elif missing:
        yield Finding.failed(
            ctx.account_arn,
            "account-level Block Public Access is only partly on; off: " + ", ".join(missing),
            missing=missing,
        )
    else:
        yield Finding.passed(
            ctx.account_arn, "all four account-level Block Public Access settings are on"
        )


@check("DP-01-C05", "s3.buckets", "s3.account_public_access_block")
@in_bucket_regions()
def bucket_not_public(
    ctx: Context, buckets: list[dict[str, Any]], account_bpa: Any
) -> Iterator[Finding]:
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "the account has no S3 buckets")
        return
    for bucket in buckets:
        effective = effective_bpa(bucket.get("public_access_block"), account_bpa)
        problems, neutralised, unknown = _exposure(bucket, effective)
        off = [flag for flag, on in effective.items() if on is False]
        unknown += [on for on in effective.values() if isinstance(on, Unreadable)]
        if off:
            problems.append(
                "Block Public Access is off at both bucket and account level for: " + ", ".join(off)
            )
        passed = (
            "not public, and all four Block Public Access settings apply at "
            + _bpa_source(bucket.get("public_access_block"), account_bpa)
        )
        if neutralised:
            passed += "; " + "; ".join(neutralised)
        yield _verdict(
            bucket["arn"],
            problems,
            unknown,
            passed,
            region=bucket.get("region"),
            effective_block_public_access={
                flag: on if isinstance(on, bool) else None for flag, on in effective.items()
            },
            neutralised=neutralised,
        )


# -- DP-01-C06: default encryption ----------------------------------------------------------------


@check("DP-01-C06", "s3.buckets")
@in_bucket_regions()
def default_encryption(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    require_kms = bool(ctx.param("require_kms", False))
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "the account has no S3 buckets")
        return
    for bucket in buckets:
        rules = bucket.get("encryption_rules")
        if isinstance(rules, Unreadable):
            yield rules.finding(bucket["arn"])
            continue
        defaults = [r.get("ApplyServerSideEncryptionByDefault") or {} for r in rules or []]
        algorithms = [d.get("SSEAlgorithm") for d in defaults if d.get("SSEAlgorithm")]
        if not algorithms:
            yield Finding.failed(bucket["arn"], "no default encryption is configured")
        elif any(a in KMS_ALGORITHMS for a in algorithms):
            key = next((d.get("KMSMasterKeyID") for d in defaults if d.get("KMSMasterKeyID")), None)
            yield Finding.passed(
                bucket["arn"],
                f"default encryption uses KMS ({algorithms[0]})",
                algorithm=algorithms[0],
                kms_key=key or "aws/s3",
            )
        elif require_kms:
            yield Finding.failed(
                bucket["arn"],
                f"default encryption is {algorithms[0]} (S3-managed "
                "keys) but the standard requires KMS keys",
                algorithm=algorithms[0],
            )
        else:
            yield Finding.passed(
                bucket["arn"],
                f"default encryption is {algorithms[0]} (S3-managed keys)",
                algorithm=algorithms[0],
            )


# -- DP-02-C01: TLS-only bucket policies ----------------------------------------------------------


def _denies_plain_http(statement: _policy.Statement) -> bool:
    """Its only conditions are aws:SecureTransport=false (other tests are ANDed and narrow it)."""
    tests = statement.condition("aws:SecureTransport")
    return (
        bool(tests)
        and statement.only_conditions(["aws:SecureTransport"])
        and all(
            c.base == "bool" and {v.lower() for v in c.values} == {"false"} for c in tests
        )
    )


def denies_insecure_transport(policy: Any, arn: str) -> bool:
    """Whether a Deny for everyone on s3:* covers the bucket and its objects over plain HTTP."""
    covered = {"bucket": False, "objects": False}
    for statement in _policy.statements(policy):
        if not statement.denies or not statement.everyone():
            continue
        if not statement.covers_service("s3") or not _denies_plain_http(statement):
            continue
        covered["bucket"] |= statement.matches_resource(arn)
        covered["objects"] |= statement.matches_resource(f"{arn}/any/object")
    return all(covered.values())


@check("DP-02-C01", "s3.buckets")
@in_bucket_regions()
def tls_only_policy(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "the account has no S3 buckets")
        return
    for bucket in buckets:
        policy = bucket.get("policy")
        if isinstance(policy, Unreadable):
            yield policy.finding(bucket["arn"])
        elif policy is None:
            yield Finding.failed(
                bucket["arn"], "no bucket policy, so S3 accepts plain HTTP requests"
            )
        elif denies_insecure_transport(policy, bucket["arn"]):
            yield Finding.passed(
                bucket["arn"],
                "the bucket policy denies requests without TLS (aws:SecureTransport=false)",
            )
        else:
            yield Finding.failed(
                bucket["arn"],
                "the bucket policy does not deny s3:* for everyone on "
                "the bucket and its objects when aws:SecureTransport is false",
            )


# -- DET-02-C02 / DET-02-C05: access logging ------------------------------------------------------


def _log_targets(buckets: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Bucket name -> the buckets whose server access logs it receives."""
    out: dict[str, list[str]] = {}
    for bucket in buckets:
        logging = bucket.get("logging")
        if isinstance(logging, dict) and logging.get("TargetBucket"):
            out.setdefault(logging["TargetBucket"], []).append(bucket["name"])
    return out


@check("DET-02-C02", "s3.buckets")
@in_bucket_regions()
def access_logging(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    if not buckets:
        yield Finding.not_applicable(ctx.account_arn, "the account has no S3 buckets")
        return
    targets = _log_targets(buckets)
    for bucket in buckets:
        logging = bucket.get("logging")
        if isinstance(logging, Unreadable):
            yield logging.finding(bucket["arn"])
        elif logging and logging.get("TargetBucket") == bucket["name"]:
            yield Finding.warn(
                bucket["arn"],
                "server access logs go to the bucket itself, which "
                "AWS advises against (every log delivery is logged again)",
            )
        elif logging:
            yield Finding.passed(
                bucket["arn"],
                f"server access logs go to {logging.get('TargetBucket')}",
                target=logging.get("TargetBucket"),
                prefix=logging.get("TargetPrefix"),
            )
        elif bucket["name"] in targets:
            sources = sorted(targets[bucket["name"]])
            yield Finding.not_applicable(
                bucket["arn"],
                f"receives the server access logs of {len(sources)} bucket(s); AWS "
                "advises not to log a log destination bucket (it would log its own deliveries)",
                log_sources=sources[:20],
            )
        else:
            yield Finding.failed(bucket["arn"], "server access logging is off")


@check("DET-02-C05", "s3.trail_buckets", "s3.buckets", "s3.account_public_access_block")
@in_bucket_regions(1)
def trail_bucket(
    ctx: Context, trails: list[dict[str, Any]], buckets: list[dict[str, Any]], account_bpa: Any
) -> Iterator[Finding]:
    # An organization trail shows up in member accounts too; its owner account assesses it.
    own = [t for t in trails if _arn_account(t.get("arn", "")) in ("", ctx.account)]
    if not own:
        others = sorted({_arn_account(t["arn"]) for t in trails})
        reason = "no CloudTrail trail of this account delivers to S3"
        if others:
            reason += f" (trails owned by {', '.join(others)} are assessed there)"
            yield Finding.not_judged(ctx.account_arn, reason)
        else:
            yield Finding.not_applicable(ctx.account_arn, reason)
        return
    by_name = {b["name"]: b for b in buckets}
    trails_of: dict[str, list[str]] = {}
    for trail in own:
        trails_of.setdefault(trail["bucket"], []).append(trail["name"])
    for name, trail_names in sorted(trails_of.items()):
        bucket = by_name.get(name)
        if bucket is None:
            yield Finding.not_assessable(
                f"arn:{ctx.partition}:s3:::{name}",
                "the trail bucket is not in this account (e.g. a "
                "log-archive account); assess DET-02-C05 in the account that owns it",
                trails=trail_names,
            )
            continue
        # Block Public Access (bucket and account, flag by flag) neutralises public settings.
        effective = effective_bpa(bucket.get("public_access_block"), account_bpa)
        problems, _, unknown = _exposure(bucket, effective)
        logging = bucket.get("logging")
        if isinstance(logging, Unreadable):
            unknown.append(logging)
        elif not logging:
            problems.append("server access logging is off")
        yield _verdict(
            bucket["arn"],
            problems,
            unknown,
            "not public and has server access logging",
            trails=trail_names,
        )


def _arn_account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 else ""


# -- DP-01-C14: versioning on critical buckets ----------------------------------------------------


@check("DP-01-C14", "s3.buckets")
@in_bucket_regions()
def critical_versioning(ctx: Context, buckets: list[dict[str, Any]]) -> Iterator[Finding]:
    key = ctx.param("critical_tag_key", "data-classification")
    values = {
        str(v).strip().lower()
        for v in ctx.param("critical_tag_values", ["critical", "confidential"])
    }
    judged = 0
    for bucket in buckets:
        tags = bucket.get("tags")
        if isinstance(tags, Unreadable):
            judged += 1
            yield tags.finding(bucket["arn"])
            continue
        value = (tags or {}).get(key)
        if value is None or value.strip().lower() not in values:
            continue
        judged += 1
        versioning = bucket.get(
            "versioning", Unreadable(Status.NOT_ASSESSABLE, "versioning was not read")
        )
        lock = bucket.get("object_lock")
        if isinstance(versioning, Unreadable):
            yield versioning.finding(bucket["arn"])
        elif versioning == "Enabled":
            lock_text = (
                "and Object Lock is on"
                if lock is True
                else "(Object Lock is off; consider it for immutable copies)"
            )
            yield Finding.passed(
                bucket["arn"],
                f"tagged {key}={value}; versioning is on {lock_text}",
                object_lock=lock if isinstance(lock, bool) else None,
            )
        else:
            state = "suspended" if versioning == "Suspended" else "off"
            yield Finding.failed(bucket["arn"], f"tagged {key}={value} but versioning is {state}")
    if not judged:
        yield Finding.not_applicable(
            ctx.account_arn, f"no bucket is tagged {key} = " + " or ".join(sorted(values))
        )
