"""CloudTrail checks: a multi-region trail logging management events, and how it is protected.

DET-01-C01 asks for a baseline trail (multi-region, logging, every management event).
DET-01-C02..C04 judge every trail, single-region and stopped ones included, as CIS 3.2/3.4/3.5
and Prowler do: a weak trail that exists is a finding, not "nothing to judge".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._age import day, days_since
from .registry import Context, check

CWL_STALE_HOURS = 24


def management_coverage(trail: dict[str, Any], selectors: dict[str, Any]) -> str | None:
    """Why the trail does not log all management events (None when it does).

    Basic selectors: ReadWriteType and ExcludeManagementEventSources (e.g. KMS or RDS Data API
    events dropped). Advanced selectors: a Management selector that also filters on another
    field (eventSource NotEquals kms.amazonaws.com) does not log every management event.
    """
    advanced = selectors.get("AdvancedEventSelectors") or []
    basic = selectors.get("EventSelectors") or []
    if advanced:
        return _advanced_coverage(advanced)
    if basic:
        management = [s for s in basic if s.get("IncludeManagementEvents", True)]
        kinds = {s.get("ReadWriteType", "All") for s in management}
        if not kinds:
            return "its event selectors exclude management events"
        excluded = sorted(
            {src for s in management for src in s.get("ExcludeManagementEventSources") or []}
        )
        if "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds:
            if excluded:
                return "it excludes management events from " + ", ".join(excluded)
            return None
        return f"it logs only {'/'.join(sorted(kinds))} management events"
    if trail.get("HasCustomEventSelectors"):
        return "its custom event selectors are empty"
    return None  # no custom selectors: all management events by default


def _advanced_coverage(advanced: list[dict[str, Any]]) -> str | None:
    read_only: set[str] = set()
    filters: list[str] = []
    for sel in advanced:
        fields = {f.get("Field"): f for f in sel.get("FieldSelectors", [])}
        category = fields.get("eventCategory", {})
        if "Management" not in (category.get("Equals") or []):
            continue
        others = {k: v for k, v in fields.items() if k not in ("eventCategory", "readOnly")}
        if others:
            filters.extend(_describe_filter(name, f) for name, f in sorted(others.items()))
            continue
        flag = fields.get("readOnly")
        if flag is None or not flag.get("Equals"):
            return None
        read_only.update(str(v).lower() for v in flag["Equals"])
    if {"true", "false"} <= read_only:
        return None
    if filters:
        return "its advanced selectors filter management events (" + "; ".join(filters) + ")"
    return "its advanced selectors do not log all (read and write) management events"


def _describe_filter(name: str, field: dict[str, Any]) -> str:
    parts = [
        f"{name} {op} {', '.join(map(str, field[op]))}"
        for op in ("Equals", "NotEquals", "StartsWith", "NotStartsWith", "EndsWith", "NotEndsWith")
        if field.get(op)
    ]
    return "; ".join(parts) or name


def baseline(trails: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Split trails into those satisfying DET-01-C01 and a Finding for each multi-region trail."""
    good: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for trail in trails:
        if not trail.get("IsMultiRegionTrail"):
            continue
        arn, name = trail["TrailARN"], trail.get("Name", "")
        status, selectors = trail.get("status"), trail.get("selectors")
        for value in (status, selectors):
            if isinstance(value, Unreadable):
                findings.append(value.finding(arn))
                break
        else:
            problems = []
            if not (status or {}).get("IsLogging"):
                problems.append("logging is stopped")
            coverage = management_coverage(trail, selectors or {})
            if coverage:
                problems.append(coverage)
            if problems:
                findings.append(
                    Finding.failed(arn, f"multi-region trail {name}: {'; '.join(problems)}")
                )
            else:
                good.append(trail)
                findings.append(
                    Finding.passed(
                        arn,
                        f"multi-region trail {name} is logging all management events",
                        organization_trail=bool(trail.get("IsOrganizationTrail")),
                    )
                )
    return good, findings


@check("DET-01-C01", "cloudtrail.trails")
def multi_region_trail(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, findings = baseline(trails)
    if findings:
        yield from findings
        return
    others = [t.get("Name", "") for t in trails]
    yield Finding.failed(
        ctx.account_arn,
        "no multi-region trail exists"
        + (f" (single-region trails: {', '.join(others)})" if others else ""),
    )


def _judge(
    ctx: Context, trails: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Every trail to judge, or the finding to give instead when the account has none."""
    if trails:
        return list(trails), []
    return [], [
        Finding.not_applicable(ctx.account_arn, "the account has no CloudTrail trail to judge")
    ]


def _kind(trail: dict[str, Any]) -> str:
    return "multi-region" if trail.get("IsMultiRegionTrail") else "single-region"


@check("DET-01-C02", "cloudtrail.trails")
def log_file_validation(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, instead = _judge(ctx, trails)
    yield from instead
    for trail in good:
        if trail.get("LogFileValidationEnabled"):
            yield Finding.passed(trail["TrailARN"], f"{trail['Name']} validates its log files")
        else:
            yield Finding.failed(
                trail["TrailARN"],
                f"{_kind(trail)} trail {trail['Name']} has log file validation off",
            )


@check("DET-01-C03", "cloudtrail.trails")
def kms_encryption(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, instead = _judge(ctx, trails)
    yield from instead
    for trail in good:
        if trail.get("KmsKeyId"):
            yield Finding.passed(
                trail["TrailARN"],
                f"{trail['Name']} encrypts logs with a KMS key",
                kms_key=trail["KmsKeyId"],
            )
        else:
            yield Finding.failed(
                trail["TrailARN"],
                f"{_kind(trail)} trail {trail['Name']} uses default S3 encryption, not a KMS key",
            )


@check("DET-01-C04", "cloudtrail.trails")
def cloudwatch_delivery(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, instead = _judge(ctx, trails)
    yield from instead
    for trail in good:
        arn, name = trail["TrailARN"], trail["Name"]
        group = trail.get("CloudWatchLogsLogGroupArn")
        if not group:
            yield Finding.failed(arn, f"{name} does not deliver to CloudWatch Logs")
            continue
        status = trail.get("status")
        if isinstance(status, Unreadable):
            yield status.finding(arn)
            continue
        status = status or {}
        last = status.get("LatestCloudWatchLogsDeliveryTime")
        error = status.get("LatestCloudWatchLogsDeliveryError")
        suffix = f" ({error})" if error else ""
        if last is None:
            # Configured but never delivered (e.g. a broken delivery role): the log group is empty.
            yield Finding.failed(
                arn,
                f"{name} names a CloudWatch Logs group but has never delivered to it{suffix}",
                log_group=group,
            )
        elif (days_since(ctx.now, last) or 0) * 24 > CWL_STALE_HOURS:
            yield Finding.failed(
                arn,
                f"{name} last delivered to CloudWatch Logs on {day(last)}{suffix}",
                log_group=group,
            )
        else:
            yield Finding.passed(arn, f"{name} delivers to CloudWatch Logs", log_group=group)
