"""CloudTrail checks: a multi-region trail logging management events, and how it is protected.

DET-01-C02..C04 judge the trails that satisfy DET-01-C01 (the account's baseline trails); a
single-region or stopped trail is not what protects the account, so it is not judged there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._age import day, days_since
from .registry import Context, check

CWL_STALE_HOURS = 24


def management_coverage(trail: dict[str, Any], selectors: dict[str, Any]) -> str | None:
    """Why the trail does not log all management events (None when it does)."""
    advanced = selectors.get("AdvancedEventSelectors") or []
    basic = selectors.get("EventSelectors") or []
    if advanced:
        read_only: set[str] = set()
        for sel in advanced:
            fields = {f.get("Field"): f for f in sel.get("FieldSelectors", [])}
            category = fields.get("eventCategory", {})
            if "Management" not in (category.get("Equals") or []):
                continue
            flag = fields.get("readOnly")
            if flag is None or not flag.get("Equals"):
                return None
            read_only.update(str(v).lower() for v in flag["Equals"])
        if {"true", "false"} <= read_only:
            return None
        return "its advanced selectors do not log all (read and write) management events"
    if basic:
        kinds = {
            s.get("ReadWriteType", "All") for s in basic if s.get("IncludeManagementEvents", True)
        }
        if "All" in kinds or {"ReadOnly", "WriteOnly"} <= kinds:
            return None
        if not kinds:
            return "its event selectors exclude management events"
        return f"it logs only {'/'.join(sorted(kinds))} management events"
    if trail.get("HasCustomEventSelectors"):
        return "its custom event selectors are empty"
    return None  # no custom selectors: all management events by default


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
    """Baseline trails to judge, or the findings to give instead when there are none."""
    good, findings = baseline(trails)
    if good:
        return good, []
    unknown = [f for f in findings if not f.status.is_verdict]
    if unknown:
        return [], unknown
    return [], [
        Finding.not_applicable(
            ctx.account_arn,
            "no multi-region trail logs management events (see DET-01-C01): none to judge",
        )
    ]


@check("DET-01-C02", "cloudtrail.trails")
def log_file_validation(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, instead = _judge(ctx, trails)
    yield from instead
    for trail in good:
        if trail.get("LogFileValidationEnabled"):
            yield Finding.passed(trail["TrailARN"], f"{trail['Name']} validates its log files")
        else:
            yield Finding.failed(trail["TrailARN"], f"{trail['Name']} has log file validation off")


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
                trail["TrailARN"], f"{trail['Name']} uses default S3 encryption, not a KMS key"
            )


@check("DET-01-C04", "cloudtrail.trails")
def cloudwatch_delivery(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    good, instead = _judge(ctx, trails)
    yield from instead
    for trail in good:
        group = trail.get("CloudWatchLogsLogGroupArn")
        if not group:
            yield Finding.failed(
                trail["TrailARN"], f"{trail['Name']} does not deliver to CloudWatch Logs"
            )
            continue
        status = trail.get("status") or {}
        last = status.get("LatestCloudWatchLogsDeliveryTime")
        hours = None if last is None else (days_since(ctx.now, last) or 0) * 24
        if hours is not None and hours > CWL_STALE_HOURS:
            error = status.get("LatestCloudWatchLogsDeliveryError")
            yield Finding.failed(
                trail["TrailARN"],
                f"{trail['Name']} last delivered to CloudWatch "
                f"Logs on {day(last)}" + (f" ({error})" if error else ""),
                log_group=group,
            )
        else:
            yield Finding.passed(
                trail["TrailARN"], f"{trail['Name']} delivers to CloudWatch Logs", log_group=group
            )
