"""Monitoring facts (regional): security log groups, trail alarms, finding rules, alert topics.

Security log groups, trail metric filters and alarms, EventBridge rules for findings, and the
SNS topics those alerts go to.

Everything starts from what this region's DescribeTrails shows (multi-region trails are visible
everywhere), so a region with no trail log group costs no alarm or filter reads.
"""

from __future__ import annotations

import json
from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .api import Api
from .cloudtrail import log_group_of
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "cloudtrail": ("DescribeTrails",),
    "cloudwatch": ("DescribeAlarms",),
    "ec2": ("DescribeFlowLogs",),
    "events": ("ListRules", "ListTargetsByRule"),
    "logs": ("DescribeLogGroups", "DescribeMetricFilters"),
    "sns": ("ListSubscriptionsByTopic",),
}

FINDING_SOURCES = ("aws.guardduty", "aws.securityhub")


def trail_log_groups(api: Api) -> dict[str, list[str]]:
    """Log group name -> ARNs of the trails delivering to it, for groups in this region."""
    listed = api.call("cloudtrail", "describe_trails", includeShadowTrails=True).get(
        "trailList", []
    )
    groups: dict[str, list[str]] = {}
    for trail in listed:
        where = log_group_of(trail)
        if where and where[0] == api.region and where[1] in ("", api.account):
            groups.setdefault(where[2], []).append(trail.get("TrailARN", ""))
    return groups


def _flow_log_groups(api: Api) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for flow in api.paginate("ec2", "describe_flow_logs", "FlowLogs") or []:
        if flow.get("LogDestinationType", "cloud-watch-logs") != "cloud-watch-logs":
            continue
        name = (
            flow.get("LogGroupName") or (flow.get("LogDestination") or "").split(":log-group:")[-1]
        )
        if name:
            groups.setdefault(name.removesuffix(":*"), []).append(flow.get("ResourceId", ""))
    return groups


@fact("logs.security_log_groups", scope="regional")
def security_log_groups(api: Api) -> dict[str, Any]:
    """Log groups receiving CloudTrail or VPC flow logs in this region, with their settings.

    {"groups": {name: {"arn", "sources", "group": entry | None (missing) | Unreadable}},
     "flow_logs": None, or Unreadable when flow logs could not be listed}.
    """
    sources: dict[str, list[str]] = {}
    for name, arns in trail_log_groups(api).items():
        sources.setdefault(name, []).extend(f"CloudTrail {a.rsplit('/', 1)[-1]}" for a in arns)
    flow_error: Unreadable | None = None
    try:
        for name, resources in _flow_log_groups(api).items():
            sources.setdefault(name, []).extend(f"flow logs of {r}" for r in resources)
    except ApiError as err:
        flow_error = Unreadable(err.status, f"VPC flow logs could not be listed: {err.reason}")
    groups: dict[str, dict[str, Any]] = {}
    for name, why in sources.items():
        arn = f"arn:{api.partition}:logs:{api.region}:{api.account}:log-group:{name}"
        try:
            listed = (
                api.paginate(
                    "logs",
                    "describe_log_groups",
                    "logGroups",
                    resource=arn,
                    logGroupNamePrefix=name,
                )
                or []
            )
            group: Any = next((g for g in listed if g.get("logGroupName") == name), None)
        except ApiError as err:
            group = Unreadable(err.status, err.reason)
        groups[name] = {"arn": arn, "sources": why, "group": group}
    return {"groups": groups, "flow_logs": flow_error}


@fact("logs.trail_metric_filters", scope="regional")
def trail_metric_filters(api: Api) -> dict[str, dict[str, Any]]:
    """Metric filters on each trail log group of this region (Unreadable per group)."""
    out: dict[str, dict[str, Any]] = {}
    for name, trails in trail_log_groups(api).items():
        arn = f"arn:{api.partition}:logs:{api.region}:{api.account}:log-group:{name}"
        try:
            filters: Any = (
                api.paginate(
                    "logs",
                    "describe_metric_filters",
                    "metricFilters",
                    resource=arn,
                    logGroupName=name,
                )
                or []
            )
        except ApiError as err:
            filters = Unreadable(err.status, err.reason)
        out[name] = {"arn": arn, "trails": trails, "filters": filters}
    return out


@fact("cloudwatch.trail_alarms", scope="regional")
def trail_alarms(api: Api) -> list[dict[str, Any]] | None:
    """Metric alarms of this region, read only where a trail log group exists (else None)."""
    if not trail_log_groups(api):
        return None
    return api.paginate("cloudwatch", "describe_alarms", "MetricAlarms") or []


def _sources(pattern: str | None) -> list[str]:
    try:
        value = json.loads(pattern or "{}").get("source", [])
    except (ValueError, AttributeError):
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


@fact("events.security_rules", scope="regional")
def security_rules(api: Api) -> list[dict[str, Any]]:
    """Default-bus rules matching GuardDuty or Security Hub events, with their targets."""
    out = []
    for rule in api.paginate("events", "list_rules", "Rules") or []:
        matched = [s for s in _sources(rule.get("EventPattern")) if s in FINDING_SOURCES]
        if not matched:
            continue
        entry = {k: rule.get(k) for k in ("Name", "Arn", "State", "EventBusName")}
        entry["sources"] = matched
        try:
            entry["targets"] = [
                {"Id": t.get("Id"), "Arn": t.get("Arn")}
                for t in api.paginate(
                    "events",
                    "list_targets_by_rule",
                    "Targets",
                    resource=rule.get("Arn"),
                    Rule=rule["Name"],
                )
                or []
            ]
        except ApiError as err:
            entry["targets"] = Unreadable(err.status, err.reason)
        out.append(entry)
    return out


def is_sns_topic(arn: str) -> bool:
    """An SNS topic ARN in any partition (arn:aws:, arn:aws-cn:, arn:aws-us-gov:)."""
    parts = arn.split(":")
    return len(parts) >= 6 and parts[0] == "arn" and parts[2] == "sns"


def _alarm_topics(api: Api) -> dict[str, list[str]]:
    """SNS topics in the actions of alarms that watch a trail metric filter."""
    alarms = trail_alarms(api) or []
    metrics = set()
    for group in trail_metric_filters(api).values():
        if isinstance(group["filters"], Unreadable):
            continue
        for flt in group["filters"]:
            for t in flt.get("metricTransformations", []):
                metrics.add((t.get("metricName"), t.get("metricNamespace")))
    topics: dict[str, list[str]] = {}
    for alarm in alarms:
        if (alarm.get("MetricName"), alarm.get("Namespace")) not in metrics:
            continue
        for action in alarm.get("AlarmActions", []):
            if is_sns_topic(action):
                topics.setdefault(action, []).append(f"alarm {alarm.get('AlarmName')}")
    return topics


def rule_enabled(rule: dict[str, Any]) -> bool:
    """Whether an EventBridge rule is on (ENABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).

    The botocore `events` model's RuleState enum has both as enabled states.
    """
    return str(rule.get("State", "")).startswith("ENABLED")


@fact("sns.security_topics", scope="regional")
def security_topics(api: Api) -> dict[str, dict[str, Any]]:
    """Topics that security alerts of this region go to, with their subscriptions.

    topic ARN -> {"used_by": [...], "subscriptions": [...] | Unreadable}.
    """
    topics = _alarm_topics(api)
    for rule in security_rules(api):
        if not rule_enabled(rule) or isinstance(rule["targets"], Unreadable):
            continue
        for target in rule["targets"]:
            if is_sns_topic(str(target.get("Arn", ""))):
                topics.setdefault(target["Arn"], []).append(f"rule {rule['Name']}")
    out: dict[str, dict[str, Any]] = {}
    for arn, used_by in topics.items():
        parts = arn.split(":")
        region, account = parts[3], parts[4]
        subs: Any
        if account != api.account:
            subs = Unreadable(
                Status.NOT_ASSESSABLE,
                f"topic belongs to account {account}; assess its subscriptions there",
            )
        else:
            try:
                subs = [
                    {k: s.get(k) for k in ("SubscriptionArn", "Protocol", "Owner")}
                    for s in api.paginate(
                        "sns",
                        "list_subscriptions_by_topic",
                        "Subscriptions",
                        region=region,
                        resource=arn,
                        TopicArn=arn,
                    )
                    or []
                ]
            except ApiError as err:
                subs = Unreadable(err.status, err.reason)
        out[arn] = {"used_by": used_by, "subscriptions": subs}
    return out
