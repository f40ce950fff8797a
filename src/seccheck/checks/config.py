"""AWS Config checks: recording everywhere, rules deployed, an aggregator for the organization."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from ._home_region import home_region_result
from .registry import Context, check


def _recorder_arn(ctx: Context, recorder: dict[str, Any]) -> str:
    return recorder.get("arn") or (
        f"arn:{ctx.partition}:config:{ctx.region}:{ctx.account}:configuration-recorder/{recorder.get('name')}"
    )


@check("DET-03-C01", "config.recorders")
def recorder_on(ctx: Context, config: dict[str, list[dict[str, Any]]]) -> Iterator[Finding]:
    if not config["recorders"]:
        yield Finding.failed(ctx.account_arn, f"AWS Config has no recorder in {ctx.region}")
        return
    statuses = {s.get("name"): s for s in config["status"]}
    for recorder in config["recorders"]:
        name = recorder.get("name", "")
        group = recorder.get("recordingGroup") or {}
        strategy = (group.get("recordingStrategy") or {}).get("useOnly")
        status = statuses.get(name, {})
        problems = []
        if not (group.get("allSupported") or strategy == "ALL_SUPPORTED_RESOURCE_TYPES"):
            problems.append("it records only selected resource types")
        if not status.get("recording"):
            problems.append("it is not recording")
        elif str(status.get("lastStatus", "")).upper() == "FAILURE":
            problems.append(f"its last delivery failed ({status.get('lastErrorCode', 'no code')})")
        if not config["channels"]:
            problems.append("there is no delivery channel")
        if problems:
            yield Finding.failed(
                _recorder_arn(ctx, recorder), f"Config recorder {name}: {'; '.join(problems)}"
            )
        else:
            yield Finding.passed(
                _recorder_arn(ctx, recorder),
                f"Config recorder {name} records all supported resources",
            )


@check("DET-03-C02", "config.recorders", "config.rules")
def rules_deployed(
    ctx: Context, config: dict[str, list[dict[str, Any]]], rules: dict[str, Any]
) -> Iterator[Finding]:
    if not config["recorders"]:
        yield Finding.not_judged(
            ctx.account_arn,
            f"no Config recorder in {ctx.region} (see DET-03-C01), so rules would evaluate nothing",
        )
        return
    if rules["rules"]:
        names = [r.get("ConfigRuleName") for r in rules["rules"]]
        yield Finding.passed(
            ctx.account_arn,
            f"{len(names)} Config rule(s) deployed in {ctx.region}",
            rules=names[:20],
        )
        return
    packs = rules["packs"]
    if isinstance(packs, Unreadable):
        yield Finding(
            ctx.account_arn,
            packs.status,
            f"no Config rules in {ctx.region}, and conformance packs could not be read: "
            f"{packs.reason}",
        )
    elif packs:
        names = [p.get("ConformancePackName") for p in packs]
        yield Finding.passed(
            ctx.account_arn, f"{len(names)} conformance pack(s) deployed", packs=names[:20]
        )
    else:
        yield Finding.failed(ctx.account_arn, f"no Config rule or conformance pack in {ctx.region}")


@check("DET-03-C05", "config.aggregators")
def aggregator(ctx: Context, probe: dict[str, Any] | Unreadable) -> Iterator[Finding]:
    yield from home_region_result(
        ctx, probe, "an AWS Config aggregator", "ConfigurationAggregatorArn"
    )
