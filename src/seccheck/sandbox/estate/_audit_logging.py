"""Helpers shared by the identity and detection estates: names, dates, roles, log destinations.

The audit-log bucket and the logs KMS key come from the S3 and KMS estates (group C) through
`ctx.shared`; only when they are missing is a fallback made here, with the same good settings,
so the S3 and KMS checks still pass on it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from ..seeding import SeedContext


def copy_name(base: str, i: int) -> str:
    """Return the name of the i-th copy of an example: the base for the first, base-001... after."""
    return base if i == 0 else f"{base}-{i:03d}"


def days_ago(days: float) -> datetime:
    return datetime.now(timezone.utc) - timedelta(days=days)


def trust(
    principal: dict[str, Any],
    condition: dict[str, Any] | None = None,
    action: str = "sts:AssumeRole",
) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def service_role(ctx: SeedContext, name: str, service: str, account: str | None = None) -> str:
    """Return a role only an AWS service can assume (idempotent: estates may share one)."""
    iam = ctx.client("iam", account=account)
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        return str(
            iam.create_role(
                RoleName=name,
                Path="/service-role/",
                AssumeRolePolicyDocument=trust({"Service": service}),
            )["Role"]["Arn"]
        )


def logs_key(ctx: SeedContext, region: str) -> str:
    """Return the shared logs CMK of a region (rotation on), or a fallback one."""
    keys = ctx.shared.setdefault("kms", {}).setdefault("logs_key_arn", {})
    if region not in keys:
        kms = ctx.client("kms", region)
        meta = kms.create_key(Description="Acme log encryption (fallback)")["KeyMetadata"]
        kms.enable_key_rotation(KeyId=meta["KeyId"])
        keys[region] = meta["Arn"]
    return str(keys[region])


def trail_bucket(ctx: SeedContext) -> str:
    """Return the well-configured audit-log bucket, or a fallback with the same settings."""
    shared = ctx.shared.setdefault("s3", {})
    if not shared.get("cloudtrail_bucket"):
        shared["cloudtrail_bucket"] = _fallback_bucket(
            ctx, f"acme-audit-logs-{ctx.account}", good=True
        )
    return str(shared["cloudtrail_bucket"])


def legacy_trail_bucket(ctx: SeedContext) -> str:
    """Return the badly configured bucket of the second bad trail (workshop), or a fallback."""
    shared = ctx.shared.setdefault("s3", {})
    if not shared.get("legacy_trail_bucket"):
        shared["legacy_trail_bucket"] = _fallback_bucket(
            ctx, f"acme-legacy-trail-{ctx.account}", good=False
        )
    return str(shared["legacy_trail_bucket"])


def _fallback_bucket(ctx: SeedContext, name: str, *, good: bool) -> str:
    s3 = ctx.client("s3", ctx.home)
    if ctx.home == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": ctx.home})
    arn = f"arn:aws:s3:::{name}"
    statements: list[dict[str, Any]] = [
        {
            "Sid": "CloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": arn,
        },
        {
            "Sid": "CloudTrailWrite",
            "Effect": "Allow",
            "Principal": {"Service": ["cloudtrail.amazonaws.com", "config.amazonaws.com"]},
            "Action": "s3:PutObject",
            "Resource": f"{arn}/AWSLogs/*",
        },
    ]
    if good:
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        s3.put_bucket_encryption(
            Bucket=name,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
            },
        )
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        # A dict principal: moto cannot enable logging towards a bucket whose policy says "*".
        statements.insert(
            0,
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        )
        statements.append(
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"{arn}/access-logs/*",
            }
        )
    s3.put_bucket_policy(
        Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": statements})
    )
    if good:
        s3.put_bucket_logging(
            Bucket=name,
            BucketLoggingStatus={
                "LoggingEnabled": {"TargetBucket": name, "TargetPrefix": "access-logs/"}
            },
        )
    return name
