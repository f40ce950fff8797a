"""Monitoring estate: CIS alarms on the trail log groups, finding rules, alert topics.

CIS metric filters and alarms on the trail log groups, EventBridge rules for GuardDuty findings,
and the SNS topics alerts go to:

- the organization trail's log group has a filter and an alarm for all fifteen CIS event families,
  notifying `acme-security-alerts` (an email subscription) (good);
- the stopped audit trail's group (workshop) has only two of them, notifying `acme-legacy-alerts`,
  a topic nobody subscribes to (bad);
- `acme-guardduty-findings` sends GuardDuty findings to `acme-security-alerts` in the home region;
  in the workshop the eu-west-1 copy of the rule is disabled, and ap-southeast-2 (no detector)
  has none. In the clean profile every region has the rule and a subscribed topic.

Not copied in the scale profile: these are per-account and per-region plumbing, not resources.
"""

from __future__ import annotations

import json
from typing import Any

from ..seeding import SeedContext

NAMESPACE = "CISBenchmark"


def _any(*names: str) -> str:
    return " || ".join(f"($.eventName = {n})" for n in names)


CIS_FILTERS: dict[str, str] = {
    "RootAccountUsage": '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }',
    "UnauthorizedAPICalls": '{ ($.errorCode = "*UnauthorizedOperation") || '
    '($.errorCode = "AccessDenied*") }',
    "ConsoleSigninWithoutMFA": '{ ($.eventName = "ConsoleLogin") && '
    '($.additionalEventData.MFAUsed != "Yes") }',
    "IAMPolicyChanges": "{ "
    + _any(
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy",
    )
    + " }",
    "CloudTrailChanges": "{ "
    + _any("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
    + " }",
    "S3BucketPolicyChanges": "{ ($.eventSource = s3.amazonaws.com) && ("
    + _any(
        "PutBucketAcl",
        "PutBucketPolicy",
        "PutBucketCors",
        "PutBucketLifecycle",
        "PutBucketReplication",
        "DeleteBucketPolicy",
        "DeleteBucketCors",
        "DeleteBucketLifecycle",
        "DeleteBucketReplication",
    )
    + ") }",
    "AWSConfigChanges": "{ ($.eventSource = config.amazonaws.com) && ("
    + _any(
        "StopConfigurationRecorder",
        "DeleteDeliveryChannel",
        "PutDeliveryChannel",
        "PutConfigurationRecorder",
    )
    + ") }",
    "OrganizationsChanges": "{ ($.eventSource = organizations.amazonaws.com) && ("
    + _any(
        "AcceptHandshake",
        "AttachPolicy",
        "CreateAccount",
        "CreateOrganizationalUnit",
        "CreatePolicy",
        "DeclineHandshake",
        "DeleteOrganization",
        "DeleteOrganizationalUnit",
        "DeletePolicy",
        "DetachPolicy",
        "DisablePolicyType",
        "EnablePolicyType",
        "InviteAccountToOrganization",
        "LeaveOrganization",
        "MoveAccount",
        "RemoveAccountFromOrganization",
        "UpdatePolicy",
        "UpdateOrganizationalUnit",
    )
    + ") }",
    "ConsoleAuthenticationFailures": "{ ($.eventName = ConsoleLogin) && "
    '($.errorMessage = "Failed authentication") }',
    "DisableOrDeleteCMK": "{ ($.eventSource = kms.amazonaws.com) && ("
    + _any("DisableKey", "ScheduleKeyDeletion")
    + ") }",
    "SecurityGroupChanges": "{ "
    + _any(
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
    )
    + " }",
    "NACLChanges": "{ "
    + _any(
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation",
    )
    + " }",
    "NetworkGatewayChanges": "{ "
    + _any(
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway",
    )
    + " }",
    "RouteTableChanges": "{ "
    + _any(
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
    )
    + " }",
    "VPCChanges": "{ "
    + _any(
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc",
        "DetachClassicLinkVpc",
        "DisableVpcClassicLink",
        "EnableVpcClassicLink",
    )
    + " }",
}
FINDINGS_PATTERN = {
    "source": ["aws.guardduty"],
    "detail-type": ["GuardDuty Finding"],
    "detail": {"severity": [{"numeric": [">=", 4]}]},
}


def _topic(ctx: SeedContext, region: str, name: str, subscribed: bool) -> str:
    sns = ctx.client("sns", region)
    arn = str(sns.create_topic(Name=name, Tags=[{"Key": "owner", "Value": "secops"}])["TopicArn"])
    if subscribed:
        sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="secops@acme.example")
    return arn


def _alarms(ctx: SeedContext, group: str, names: list[str], topic: str, prefix: str) -> None:
    logs, cw = ctx.client("logs", ctx.home), ctx.client("cloudwatch", ctx.home)
    for name in names:
        metric = f"{prefix}{name}"
        logs.put_metric_filter(
            logGroupName=group,
            filterName=metric,
            filterPattern=CIS_FILTERS[name],
            metricTransformations=[
                {"metricName": metric, "metricNamespace": NAMESPACE, "metricValue": "1"}
            ],
        )
        cw.put_metric_alarm(
            AlarmName=f"cis-{metric}",
            MetricName=metric,
            Namespace=NAMESPACE,
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching",
            AlarmActions=[topic],
        )


def _findings_rule(ctx: SeedContext, region: str, topic: str, enabled: bool) -> None:
    events = ctx.client("events", region)
    events.put_rule(
        Name="acme-guardduty-findings",
        EventPattern=json.dumps(FINDINGS_PATTERN),
        State="ENABLED" if enabled else "DISABLED",
        Description="GuardDuty findings of medium severity and above to SecOps",
    )
    events.put_targets(Rule="acme-guardduty-findings", Targets=[{"Id": "secops", "Arn": topic}])


def seed(ctx: SeedContext) -> None:
    groups: dict[str, Any] = ctx.shared.get("cloudtrail", {}).get("log_groups", {})
    topics = {}
    for region in ctx.regions:
        if region == ctx.home or not ctx.bad:
            topics[region] = _topic(ctx, region, "acme-security-alerts", subscribed=True)
    if "good" in groups:
        _alarms(ctx, groups["good"], list(CIS_FILTERS), topics[ctx.home], "Org")
    if ctx.bad and "audit" in groups:
        legacy = _topic(ctx, ctx.home, "acme-legacy-alerts", subscribed=False)
        _alarms(ctx, groups["audit"], ["RootAccountUsage", "UnauthorizedAPICalls"], legacy, "Audit")
    for index, region in enumerate(ctx.regions):
        if not ctx.bad:
            _findings_rule(ctx, region, topics[region], enabled=True)
        elif index == 0:
            _findings_rule(ctx, region, topics[region], enabled=True)
        elif index == 1:
            # A rule someone switched off during a noisy week and never re-enabled.
            _findings_rule(
                ctx,
                region,
                f"arn:aws:sns:{region}:{ctx.account}:acme-security-alerts",
                enabled=False,
            )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        # Trail log groups live in the home region only.
        "DET-03-C03": ({"PASS", "FAIL"} if bad else {"PASS"}) | {"NOT_APPLICABLE"},
        # Workshop: home routes findings, eu-west-1's rule is disabled, ap-southeast-2 has no
        # detector. Clean: every region routes them to a subscribed topic.
        "IR-02-C01": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS"},
        "IR-02-C02": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS"},
    }
