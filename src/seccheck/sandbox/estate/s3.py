"""S3 estate: Acme's buckets, the shared log buckets, account-level Block Public Access.

Publishes `ctx.shared["s3"]` (all in the home region):
- `cloudtrail_bucket`: audit logs (CloudTrail, and AWS Config if wanted), passes every S3 check;
- `legacy_trail_bucket` (workshop/scale only): the bad example of DET-02-C05, with Block Public
  Access off and no access logging; the CloudTrail estate points a second trail at it;
- `access_log_bucket`: target for S3 server access logs, ELB and CloudFront logs;
- `flow_logs_bucket`: target for VPC flow logs.

Per copy: `acme-payments-prod-data` (home region, good at everything) and
`acme-customer-exports` (ap-southeast-2; public by ACL and unprotected in the workshop, fixed in
clean). Once: `acme-public-website` (eu-west-1; public by policy in the workshop, behind
CloudFront in clean).
Every bucket is versioned with MFA Delete except, in the workshop, the legacy trail bucket, the
customer exports and the public website.
Bucket policies use dict principals: moto's put_bucket_logging crashes on a string "*" principal
in the target bucket's policy.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

from ..seeding import SeedContext, backend

ORDER = 5  # before every estate that logs to these buckets (after kms, by name)

BLOCK_ALL = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
CRITICAL = ("data-classification", "critical")


def copy_name(base: str, i: int) -> str:
    return base if i == 0 else f"{base}-{i:03d}"


def region(ctx: SeedContext, wanted: str) -> str:
    return wanted if wanted in ctx.regions else ctx.home


# -- policy statements ---------------------------------------------------------------------------


def deny_plain_http(name: str) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def service_writes(name: str, account: str, *services: str) -> list[dict[str, Any]]:
    """Statements letting AWS log delivery services check the ACL and write objects."""
    return [
        {
            "Sid": "LogDeliveryAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": list(services)},
            "Action": "s3:GetBucketAcl",
            "Resource": f"arn:aws:s3:::{name}",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        },
        {
            "Sid": "LogDeliveryWrite",
            "Effect": "Allow",
            "Principal": {"Service": list(services)},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{name}/AWSLogs/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        },
    ]


def access_log_writes(name: str, account: str) -> dict[str, Any]:
    # moto accepts a logging target only with exactly this Service principal and Resource.
    return {
        "Sid": "S3ServerAccessLogs",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{name}/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": account}},
    }


# -- building blocks ------------------------------------------------------------------------------


class Buckets:
    """Creates buckets in the right region and keeps the access-log target of each region."""

    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.log_targets: dict[str, str] = {}

    def create(
        self,
        name: str,
        where: str,
        *,
        lock: bool = False,
        block: bool = True,
        encryption: str | None = "AES256",
        kms_key: str | None = None,
        statements: list[dict[str, Any]] | None = None,
        tls_only: bool = True,
        tags: dict[str, str] | None = None,
        log: bool = True,
        versioning: bool = False,
        recoverable: bool = True,
    ) -> str:
        """Create a bucket; `recoverable` ones are versioned with MFA Delete (as root would)."""
        s3 = self.ctx.client("s3", where)
        params: dict[str, Any] = {"Bucket": name}
        if where != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": where}
        if lock:
            params["ObjectLockEnabledForBucket"] = True
        s3.create_bucket(**params)
        if block:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=BLOCK_ALL)
        if encryption:
            default: dict[str, Any] = {"SSEAlgorithm": encryption}
            if kms_key:
                default["KMSMasterKeyID"] = kms_key
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [
                        {
                            "ApplyServerSideEncryptionByDefault": default,
                            "BucketKeyEnabled": bool(kms_key),
                        }
                    ]
                },
            )
        policy = list(statements or []) + ([deny_plain_http(name)] if tls_only else [])
        if policy:
            s3.put_bucket_policy(
                Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": policy})
            )
        if tags:
            s3.put_bucket_tagging(
                Bucket=name, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}
            )
        if (versioning or recoverable) and not lock:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if recoverable:  # only root with an MFA code can set it: no API the seeder could call
            backend("s3", self.ctx.account, "global").get_bucket(name).mfa_delete = "Enabled"
        if log:
            s3.put_bucket_logging(
                Bucket=name,
                BucketLoggingStatus={
                    "LoggingEnabled": {
                        "TargetBucket": self.log_target(where),
                        "TargetPrefix": f"{name}/",
                    }
                },
            )
        return name

    def log_target(self, where: str) -> str:
        """Name the access-log bucket of a region (S3 only logs to a bucket in the same region)."""
        if where not in self.log_targets:
            suffix = "" if where == self.ctx.home else f"-{where}"
            name = f"acme-s3-access-logs-{self.ctx.account}{suffix}"
            # A log destination is not logged itself (it would log its own deliveries).
            self.create(
                name,
                where,
                statements=[
                    access_log_writes(name, self.ctx.account),
                    *service_writes(
                        name,
                        self.ctx.account,
                        "logdelivery.elasticloadbalancing.amazonaws.com",
                        "delivery.logs.amazonaws.com",
                    ),
                ],
                log=False,
            )
            self.log_targets[where] = name
        return self.log_targets[where]


def seed(ctx: SeedContext) -> None:
    acct, home = ctx.account, ctx.home
    logs_key = ctx.shared.get("kms", {}).get("logs_key_arn", {}).get(home)
    data_key = ctx.shared.get("kms", {}).get("data_key_arn", {}).get(home)
    buckets = Buckets(ctx)
    shared: dict[str, str] = {"access_log_bucket": buckets.log_target(home)}

    trail = f"acme-cloudtrail-logs-{acct}"
    shared["cloudtrail_bucket"] = buckets.create(
        trail,
        home,
        lock=True,
        encryption="aws:kms",
        kms_key=logs_key,
        tags=dict([CRITICAL]),
        statements=service_writes(trail, acct, "cloudtrail.amazonaws.com", "config.amazonaws.com"),
    )
    flow = f"acme-vpc-flow-logs-{acct}"
    shared["flow_logs_bucket"] = buckets.create(
        flow, home, statements=service_writes(flow, acct, "delivery.logs.amazonaws.com")
    )
    if ctx.bad:
        legacy = f"acme-legacy-trail-{acct}"
        shared["legacy_trail_bucket"] = buckets.create(
            legacy,
            home,
            block=False,
            tls_only=False,
            log=False,
            recoverable=False,
            statements=service_writes(legacy, acct, "cloudtrail.amazonaws.com"),
        )
    ctx.shared["s3"] = shared

    for i in range(ctx.copies):
        buckets.create(
            copy_name("acme-payments-prod-data", i),
            home,
            lock=True,
            encryption="aws:kms" if data_key else "AES256",
            kms_key=data_key,
            tags={CRITICAL[0]: CRITICAL[1], "team": "payments"},
        )
        _exports(ctx, buckets, copy_name("acme-customer-exports", i), region(ctx, "ap-southeast-2"))
    # Once only (every bucket costs ~8 reads per run): the policy-made-public variant.
    _website(ctx, buckets, "acme-public-website", region(ctx, "eu-west-1"))
    _account_block(ctx)


def _exports(ctx: SeedContext, buckets: Buckets, name: str, where: str) -> None:
    tags = {"data-classification": "confidential", "team": "customer-success"}
    if not ctx.bad:
        buckets.create(name, where, tags=tags, versioning=True)
        return
    # Shared "temporarily" with a customer: public ACL, nothing else configured.
    buckets.create(
        name, where, block=False, encryption=None, tls_only=False, log=False, tags=tags,
        recoverable=False,
    )
    ctx.client("s3", where).put_bucket_acl(Bucket=name, ACL="public-read")


def _website(ctx: SeedContext, buckets: Buckets, name: str, where: str) -> None:
    if not ctx.bad:
        # Served through CloudFront with origin access control: only CloudFront may read.
        buckets.create(
            name,
            where,
            statements=[
                {
                    "Sid": "AllowCloudFrontRead",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudfront.amazonaws.com"},
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{name}/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": ctx.account}},
                }
            ],
        )
        return
    buckets.create(
        name,
        where,
        block=False,
        tls_only=False,
        log=False,
        recoverable=False,
        statements=[
            {
                "Sid": "PublicRead",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    )


def _account_block(ctx: SeedContext) -> None:
    """Set account-level Block Public Access: on in members, off in a bad management account."""
    accounts = ([] if ctx.bad else [ctx.account]) + list(ctx.members.values())
    for account in accounts:
        ctx.client("s3control", account=account).put_public_access_block(
            AccountId=account, PublicAccessBlockConfiguration=BLOCK_ALL
        )


def _has_estate(name: str) -> bool:
    return importlib.util.find_spec(f"{__package__}.{name}") is not None


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    # Access-log destination buckets are not logged themselves: NOT_APPLICABLE for DET-02-C02.
    out = {
        "DET-02-C02": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS", "NOT_APPLICABLE"},
        "DP-01-C04": {"FAIL"} if bad else {"PASS"},
        "DP-01-C05": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C06": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C14": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C19": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-01-C20": {"PASS", "FAIL"} if bad else {"PASS"},
        "DP-02-C01": {"PASS", "FAIL"} if bad else {"PASS"},
    }
    # Trails come from the CloudTrail estate: the audit bucket passes, the legacy one fails.
    if _has_estate("cloudtrail"):
        out["DET-02-C05"] = {"PASS", "FAIL"} if bad else {"PASS"}
    else:
        out["DET-02-C05"] = {"NOT_APPLICABLE"}
    return out
