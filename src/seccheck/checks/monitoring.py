"""Monitoring checks: security logs kept, CIS alarms, findings routed, topics that reach people.

Security log groups are kept and encrypted, the trail's log group has alarmed metric filters,
GuardDuty findings are routed to a target, and alert topics have confirmed subscribers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..collect.cloudtrail import log_group_of
from ..collect.monitoring import rule_enabled
from ..results import Finding, Unreadable
from ._metric_filters import FAMILIES, families_of
from .registry import Context, check


@check("DET-02-C06", "logs.security_log_groups")
def security_log_retention(ctx: Context, data: dict[str, Any]) -> Iterator[Finding]:
    min_days = int(ctx.param("min_retention_days", 365))
    if isinstance(data.get("flow_logs"), Unreadable):
        yield data["flow_logs"].finding(ctx.account_arn)
    if not data["groups"]:
        if data.get("flow_logs") is None:
            yield Finding.not_applicable(
                ctx.account_arn, f"no CloudTrail or VPC flow-log log group in {ctx.region}"
            )
        return
    for name, entry in sorted(data["groups"].items()):
        group, sources = entry["group"], ", ".join(entry["sources"])
        if isinstance(group, Unreadable):
            yield group.finding(entry["arn"])
            continue
        if group is None:
            yield Finding.failed(entry["arn"], f"log group {name} ({sources}) does not exist")
            continue
        retention = group.get("retentionInDays")
        problems = []
        if retention is not None and int(retention) < min_days:
            problems.append(f"keeps logs {retention} days (needs {min_days})")
        if not group.get("kmsKeyId"):
            problems.append("is not encrypted with a KMS key")
        details = {"retention_days": retention or "never expire", "sources": entry["sources"]}
        if problems:
            yield Finding.failed(
                entry["arn"], f"log group {name} {' and '.join(problems)}", **details
            )
        else:
            yield Finding.passed(
                entry["arn"],
                f"log group {name} is kept {retention or 'forever'} days and KMS-encrypted",
                **details,
            )


def _alarmed_metrics(alarms: list[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """(metric, namespace) -> names of alarms on it that notify someone.

    An alarm on metric math names its metrics in `Metrics[].MetricStat.Metric` instead of
    `MetricName`/`Namespace` (PutMetricAlarm); both forms count.
    """
    out: dict[tuple[str, str], list[str]] = {}
    for alarm in alarms:
        if not alarm.get("AlarmActions") or alarm.get("ActionsEnabled") is False:
            continue
        metrics = {(alarm.get("MetricName", ""), alarm.get("Namespace", ""))}
        for query in alarm.get("Metrics") or []:
            metric = (query.get("MetricStat") or {}).get("Metric") or {}
            if metric.get("MetricName"):
                metrics.add((metric["MetricName"], metric.get("Namespace", "")))
        for key in metrics:
            out.setdefault(key, []).append(alarm.get("AlarmName", ""))
    return out


def _covered(
    filters: list[dict[str, Any]], alarmed: dict[tuple[str, str], list[str]]
) -> tuple[set[str], set[str]]:
    """Families with a filter and an acting alarm; families with a filter but no such alarm."""
    alarmed_families: set[str] = set()
    filtered: set[str] = set()
    for flt in filters:
        families = families_of(flt.get("filterPattern", ""))
        filtered |= families
        metrics = {
            (t.get("metricName", ""), t.get("metricNamespace", ""))
            for t in flt.get("metricTransformations", [])
        }
        if any(m in alarmed for m in metrics):
            alarmed_families |= families
    return alarmed_families, filtered - alarmed_families


@check("DET-03-C03", "cloudtrail.trails", "logs.trail_metric_filters", "cloudwatch.trail_alarms")
def cis_metric_alarms(
    ctx: Context,
    trails: list[dict[str, Any]],
    groups: dict[str, dict[str, Any]],
    alarms: list[dict[str, Any]] | None,
) -> Iterator[Finding]:
    if not groups:
        elsewhere = sorted({g[0] for t in trails if (g := log_group_of(t))})
        if elsewhere:
            yield Finding.not_applicable(
                ctx.account_arn,
                f"no trail log group in {ctx.region}; "
                f"trail log groups are in {', '.join(elsewhere)}",
            )
        else:
            yield Finding.failed(
                ctx.account_arn,
                "no CloudTrail trail delivers to CloudWatch Logs, "
                "so no metric filter or alarm can watch API activity",
            )
        return
    alarmed = _alarmed_metrics(alarms or [])
    for name, entry in sorted(groups.items()):
        filters = entry["filters"]
        if isinstance(filters, Unreadable):
            yield filters.finding(entry["arn"])
            continue
        covered, unalarmed = _covered(filters, alarmed)
        missing = [f for f in FAMILIES if f not in covered]
        details = {
            "covered": sorted(covered),
            "missing": missing,
            "filter_without_acting_alarm": sorted(unalarmed),
        }
        if missing:
            yield Finding.failed(
                entry["arn"],
                f"trail log group {name} lacks a metric filter with an "
                f"alarm that notifies someone for {len(missing)} of {len(FAMILIES)} "
                f"event families: {', '.join(missing)}",
                **details,
            )
        else:
            yield Finding.passed(
                entry["arn"],
                f"trail log group {name} has alarmed metric filters "
                f"for all {len(FAMILIES)} event families",
                **details,
            )


@check(
    "IR-02-C01",
    "guardduty.detectors",
    "events.security_rules",
    "guardduty.administrators",
    "securityhub.aggregation_region",
)
def findings_routed(
    ctx: Context,
    detectors: list[dict[str, Any]],
    rules: list[dict[str, Any]],
    administrators: dict[str, str | None] | None = None,
    aggregation_region: str | None = None,
) -> Iterator[Finding]:
    if not detectors:
        yield Finding.not_judged(
            ctx.account_arn, f"GuardDuty has no detector in {ctx.region} (see DET-01-C05)"
        )
        return
    good = [
        r
        for r in rules
        if rule_enabled(r) and not isinstance(r["targets"], Unreadable) and r["targets"]
    ]
    for rule in good:
        targets = [t.get("Arn") for t in rule["targets"]]
        yield Finding.passed(
            rule["Arn"],
            f"rule {rule['Name']} sends {', '.join(rule['sources'])} "
            f"events to {len(targets)} target(s)",
            targets=targets,
        )
    if good:
        return
    unreadable = [r for r in rules if isinstance(r["targets"], Unreadable)]
    for rule in unreadable:
        yield rule["targets"].finding(rule["Arn"])
    if unreadable:
        return
    central = sorted({a for a in (administrators or {}).values() if a and a != ctx.account})
    if central:
        # A member's findings also reach its GuardDuty administrator; routing lives there.
        yield Finding.not_judged(
            ctx.account_arn,
            f"no local rule routes findings in {ctx.region}, but this detector's findings go to "
            f"the GuardDuty administrator account {', '.join(central)}: assess IR-02-C01 there",
            administrators=central,
        )
        return
    if aggregation_region:
        # Security Hub cross-Region aggregation: findings are routed from that region.
        yield Finding.not_judged(
            ctx.account_arn,
            f"no local rule routes findings in {ctx.region}, but Security Hub aggregates this "
            f"region's findings into {aggregation_region}: assess IR-02-C01 there",
            aggregation_region=aggregation_region,
        )
        return
    near = [f"{r['Name']} ({r.get('State')}, {len(r['targets'])} targets)" for r in rules]
    yield Finding.failed(
        ctx.account_arn,
        f"no enabled EventBridge rule with a target routes GuardDuty "
        f"or Security Hub findings in {ctx.region}",
        rules_seen=near,
    )


@check("IR-02-C02", "sns.security_topics")
def topics_reach_someone(ctx: Context, topics: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    if not topics:
        yield Finding.not_judged(
            ctx.account_arn, f"no security alert goes to an SNS topic in {ctx.region}"
        )
        return
    for arn, entry in sorted(topics.items()):
        subs = entry["subscriptions"]
        used_by = ", ".join(entry["used_by"])
        if isinstance(subs, Unreadable):
            yield subs.finding(arn)
            continue
        confirmed = [s for s in subs if str(s.get("SubscriptionArn", "")).startswith("arn:")]
        name = arn.rsplit(":", 1)[-1]
        if confirmed:
            yield Finding.passed(
                arn,
                f"topic {name} has {len(confirmed)} confirmed subscription(s)",
                used_by=entry["used_by"],
                protocols=sorted({str(s.get("Protocol")) for s in confirmed}),
            )
        else:
            pending = len(subs) - len(confirmed)
            yield Finding.failed(
                arn,
                f"topic {name} (used by {used_by}) has no confirmed "
                f"subscription" + (f" ({pending} pending)" if pending else ""),
            )
