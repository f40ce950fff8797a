"""AWS Config estate: recorders, delivery channels, rules and the organization aggregator.

Workshop: recording with rules in the home region; a recorder that was never started (and no
rules) in eu-west-1; nothing in ap-southeast-2. The management account has no aggregator (bad);
the `acme-security` account, Config's delegated administrator, has the organization aggregator.
Clean: recording with rules in every region and the aggregator in both accounts.
"""

from __future__ import annotations

from ..seeding import SeedContext
from ._audit_logging import service_role, trail_bucket

RULES = {
    "acme-s3-bucket-versioning": "S3_BUCKET_VERSIONING_ENABLED",
    "acme-cloudtrail-enabled": "CLOUD_TRAIL_ENABLED",
    "acme-root-mfa": "ROOT_ACCOUNT_MFA_ENABLED",
}


def seed(ctx: SeedContext) -> None:
    role = service_role(ctx, "acme-config-recorder", "config.amazonaws.com")
    bucket = trail_bucket(ctx)
    for index, region in enumerate(ctx.regions):
        if ctx.bad and index >= 2:
            continue
        cfg = ctx.client("config", region)
        cfg.put_configuration_recorder(
            ConfigurationRecorder={
                "name": "default",
                "roleARN": role,
                "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": index == 0},
            }
        )
        cfg.put_delivery_channel(
            DeliveryChannel={"name": "default", "s3BucketName": bucket, "s3KeyPrefix": "config"}
        )
        if ctx.bad and index == 1:
            continue  # set up during a migration, never started, no rules
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")
        for name, identifier in RULES.items():
            cfg.put_config_rule(
                ConfigRule={
                    "ConfigRuleName": name,
                    "Source": {"Owner": "AWS", "SourceIdentifier": identifier},
                }
            )
    security = ctx.members.get("acme-security")
    for account in ([] if ctx.bad else [ctx.account]) + ([security] if security else []):
        aggregator_role = service_role(
            ctx, "acme-config-aggregator", "config.amazonaws.com", account=account
        )
        ctx.client("config", ctx.home, account=account).put_configuration_aggregator(
            ConfigurationAggregatorName="acme-organization",
            OrganizationAggregationSource={"RoleArn": aggregator_role, "AllAwsRegions": True},
        )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        "DET-03-C01": {"PASS", "FAIL"} if bad else {"PASS"},
        # eu-west-1 has a recorder but no rules, and config:DescribeConformancePacks is not served
        # by the sandbox (NOT_ASSESSABLE); ap-southeast-2 has no recorder (NOT_APPLICABLE).
        "DET-03-C02": {"PASS", "NOT_ASSESSABLE", "NOT_APPLICABLE"} if bad else {"PASS"},
        "DET-03-C05": {"FAIL"} if bad else {"PASS"},
    }
