"""CloudTrail estate (home region): Acme's audit trails and their CloudWatch Logs groups.

- `acme-org-trail` (good): multi-region organization trail, logging, log file validation, KMS,
  delivered to `aws-cloudtrail-logs-acme-org` (kept 365 days, KMS-encrypted), written to the
  audit bucket;
- `acme-legacy-trail` (workshop): multi-region and logging, but no validation, no KMS, no
  CloudWatch Logs, written to the badly configured legacy bucket;
- `acme-audit-trail` (workshop): multi-region but logging stopped; its log group
  `acme-audit-trail-logs` keeps 30 days, unencrypted.

S3 data events (DET-01-C08/C09): in clean the organization trail records them (basic selector
for all buckets); in the workshop it does not, and a member account (the good example) has its
own `acme-data-lake-trail` recording them through advanced selectors.

Trails are not copied in the scale profile: AWS allows five trails per region.
Publishes `ctx.shared["cloudtrail"]["log_groups"]` (name by role) for the monitoring estate.
"""

from __future__ import annotations

from ..seeding import SeedContext
from ._audit_logging import legacy_trail_bucket, logs_key, service_role, trail_bucket

GOOD_GROUP = "aws-cloudtrail-logs-acme-org"
AUDIT_GROUP = "acme-audit-trail-logs"


def seed(ctx: SeedContext) -> None:
    home, acct = ctx.home, ctx.account
    ct, logs = ctx.client("cloudtrail", home), ctx.client("logs", home)
    key = logs_key(ctx, home)
    bucket = trail_bucket(ctx)
    role = service_role(ctx, "acme-cloudtrail-to-cloudwatch", "cloudtrail.amazonaws.com")

    def group(name: str, retention: int, kms: bool) -> str:
        logs.create_log_group(logGroupName=name, **({"kmsKeyId": key} if kms else {}))
        logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
        return f"arn:aws:logs:{home}:{acct}:log-group:{name}:*"

    ct.create_trail(
        Name="acme-org-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        IsOrganizationTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=key,
        IncludeGlobalServiceEvents=True,
        CloudWatchLogsRoleArn=role,
        CloudWatchLogsLogGroupArn=group(GOOD_GROUP, 365, kms=True),
    )
    ct.start_logging(Name="acme-org-trail")
    if not ctx.bad:
        ct.put_event_selectors(TrailName="acme-org-trail", EventSelectors=[{
            "ReadWriteType": "All", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    elif ctx.members:
        _member_data_events_trail(ctx, ctx.members[sorted(ctx.members)[0]])
    groups = {"good": GOOD_GROUP}
    if ctx.bad:
        ct.create_trail(
            Name="acme-legacy-trail", S3BucketName=legacy_trail_bucket(ctx), IsMultiRegionTrail=True
        )
        ct.start_logging(Name="acme-legacy-trail")
        ct.create_trail(
            Name="acme-audit-trail",
            S3BucketName=bucket,
            IsMultiRegionTrail=True,
            EnableLogFileValidation=True,
            KmsKeyId=key,
            CloudWatchLogsRoleArn=role,
            CloudWatchLogsLogGroupArn=group(AUDIT_GROUP, 30, kms=False),
        )
        groups["audit"] = AUDIT_GROUP
    ctx.shared["cloudtrail"] = {"log_groups": groups}


def _member_data_events_trail(ctx: SeedContext, member: str) -> None:
    """A member's own trail recording every S3 object event except its own bucket's."""
    bucket = f"acme-data-lake-trail-{member}"
    s3 = ctx.client("s3", ctx.home, account=member)
    params = {} if ctx.home == "us-east-1" else {
        "CreateBucketConfiguration": {"LocationConstraint": ctx.home}}
    s3.create_bucket(Bucket=bucket, **params)
    ct = ctx.client("cloudtrail", ctx.home, account=member)
    ct.create_trail(Name="acme-data-lake-trail", S3BucketName=bucket, IsMultiRegionTrail=True,
                    EnableLogFileValidation=True)
    ct.put_event_selectors(TrailName="acme-data-lake-trail", AdvancedEventSelectors=[
        {"Name": "Management events", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Management"]}]},
        {"Name": "S3 object events", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "resources.ARN", "NotStartsWith": [f"arn:aws:s3:::{bucket}/"]}]},
    ])
    ct.start_logging(Name="acme-data-lake-trail")


def expected(profile: str) -> dict[str, set[str]]:
    verdicts = {"PASS", "FAIL"} if profile in ("workshop", "scale") else {"PASS"}
    out = {c: set(verdicts) for c in ("DET-01-C01", "DET-01-C02", "DET-01-C03", "DET-01-C04")}
    # Trail log groups are in the home region; flow logs go to S3, so elsewhere none exist.
    out["DET-02-C06"] = verdicts | {"NOT_APPLICABLE"}
    # One account: the workshop's management account records no S3 data events.
    out["DET-01-C08"] = out["DET-01-C09"] = {"FAIL"} if profile != "clean" else {"PASS"}
    return out
