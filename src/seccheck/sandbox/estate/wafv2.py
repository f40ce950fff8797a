"""AWS WAF estate: Acme's web ACLs, their logging, and what they protect.

Good: acme-web-acl (REGIONAL, home region) logging to a Firehose stream and attached to
acme-web-alb and the acme-payments-api prod stage; acme-edge-acl (CLOUDFRONT, us-east-1) logging
too, used by the good distributions. Bad (workshop, scale): acme-staging-acl without logging,
and acme-placeholder-acl with no rules, attached to acme-legacy-alb (INF-02-C05, INF-02-C01).
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext
from ._acme import log_buckets, suffix

ORDER = 40
EDGE_REGION = "us-east-1"
VISIBILITY = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True}


def seed(ctx: SeedContext) -> None:
    region = ctx.home
    bucket = log_buckets(ctx)["access"]
    waf = ctx.client("wafv2", region)
    albs = ctx.shared["elb"][region]["good_albs"]
    stages = ctx.shared["apigateway"][region]["good_stages"]
    stream = _firehose(ctx, region, bucket)
    for copy in range(ctx.copies):
        tail = suffix(copy)
        acl = _web_acl(waf, f"acme-web-acl{tail}", "REGIONAL")
        waf.put_logging_configuration(LoggingConfiguration={
            "ResourceArn": acl, "LogDestinationConfigs": [stream]})
        for resource in (albs[copy], stages[copy]):
            waf.associate_web_acl(WebACLArn=acl, ResourceArn=resource)
        if ctx.bad:
            _web_acl(waf, f"acme-staging-acl{tail}", "REGIONAL")
            empty = _web_acl(waf, f"acme-placeholder-acl{tail}", "REGIONAL", rules=False)
            waf.put_logging_configuration(LoggingConfiguration={
                "ResourceArn": empty, "LogDestinationConfigs": [stream]})
            waf.associate_web_acl(WebACLArn=empty,
                                  ResourceArn=ctx.shared["elb"][region]["bad_albs"][copy])
    edge: list[str] = []
    if EDGE_REGION in ctx.regions:
        edge_waf = ctx.client("wafv2", EDGE_REGION)
        edge_stream = stream if EDGE_REGION == region else _firehose(ctx, EDGE_REGION, bucket)
        for copy in range(ctx.copies):
            acl = _web_acl(edge_waf, f"acme-edge-acl{suffix(copy)}", "CLOUDFRONT")
            edge_waf.put_logging_configuration(LoggingConfiguration={
                "ResourceArn": acl, "LogDestinationConfigs": [edge_stream]})
            edge.append(acl)
    ctx.shared["wafv2"] = {"edge_acls": edge}


def _web_acl(waf: Any, name: str, scope: str, *, rules: bool = True) -> str:
    return str(waf.create_web_acl(
        Name=name, Scope=scope, DefaultAction={"Allow": {}},
        VisibilityConfig={**VISIBILITY, "MetricName": name.replace("-", "")},
        Rules=[{
            "Name": "aws-common", "Priority": 0, "OverrideAction": {"None": {}},
            "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
                                                        "Name": "AWSManagedRulesCommonRuleSet"}},
            "VisibilityConfig": {**VISIBILITY, "MetricName": "awscommon"},
        }] if rules else [],
        Tags=[{"Key": "Owner", "Value": "acme-platform"}],
    )["Summary"]["ARN"])


def _firehose(ctx: SeedContext, region: str, bucket: str) -> str:
    """Create the log destination: WAF requires a Firehose stream named aws-waf-logs-*."""
    return str(ctx.client("firehose", region).create_delivery_stream(
        DeliveryStreamName=f"aws-waf-logs-acme-{region}",
        ExtendedS3DestinationConfiguration={
            "RoleARN": f"arn:aws:iam::{ctx.account}:role/acme-waf-logs-delivery",
            "BucketARN": f"arn:aws:s3:::{bucket}", "Prefix": f"waf/{region}/",
        },
    )["DeliveryStreamARN"])


def expected(profile: str) -> dict[str, set[str]]:
    # Web ACLs and ALBs are in the home region (us-east-1) only.
    if profile == "clean":
        return {"DET-02-C07": {"PASS", "NOT_APPLICABLE"}, "INF-02-C01": {"PASS", "NOT_APPLICABLE"},
                "INF-02-C05": {"PASS", "NOT_APPLICABLE"}}
    return {"DET-02-C07": {"PASS", "FAIL", "NOT_APPLICABLE"},
            "INF-02-C01": {"PASS", "FAIL", "NOT_APPLICABLE"},
            "INF-02-C05": {"PASS", "FAIL", "NOT_APPLICABLE"}}
