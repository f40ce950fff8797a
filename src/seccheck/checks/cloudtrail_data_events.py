"""CloudTrail S3 object-level (data event) logging for all buckets: write (CIS 3.8), read (3.9).

A trail counts when it is multi-region, logging, and one of its selectors records the events
for every bucket:
- basic selectors: ReadWriteType All (or WriteOnly / ReadOnly for that side) with a DataResource
  of Type AWS::S3::Object whose Values hold `arn:PARTITION:s3` or `arn:PARTITION:s3:::` (all
  buckets, per the GetEventSelectors / PutEventSelectors reference);
- advanced selectors: every field selector is ANDed; `eventCategory` = Data and `resources.type`
  = AWS::S3::Object, with `readOnly` absent or matching the side. A positive filter on
  `resources.ARN`, `eventName` or any other field narrows it to some buckets or calls; an
  exclusion on `resources.ARN` (e.g. the trail's own bucket) still counts, and is reported.
Like Prowler's `cloudtrail_s3_dataevents_*_enabled`: a PASS per trail that records them, else
one FAIL for the account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check

ALL_BUCKETS = re.compile(r"^arn:[a-z-]+:s3(:::)?$")
EXCLUDING = ("NotStartsWith", "NotEquals", "NotEndsWith")


def _basic(selectors: list[dict[str, Any]], side: str) -> bool:
    for selector in selectors:
        if selector.get("ReadWriteType", "All") not in ("All", side):
            continue
        for resource in selector.get("DataResources") or []:
            if resource.get("Type") == "AWS::S3::Object" and any(
                ALL_BUCKETS.match(str(v)) for v in resource.get("Values") or []
            ):
                return True
    return False


def _advanced(selectors: list[dict[str, Any]], read_only: str) -> list[str] | None:
    """Exclusions of the first selector that records every S3 object event of a side, or None."""
    for selector in selectors:
        fields = {f.get("Field"): f for f in selector.get("FieldSelectors") or []}
        if (fields.get("eventCategory") or {}).get("Equals") != ["Data"]:
            continue
        if (fields.get("resources.type") or {}).get("Equals") != ["AWS::S3::Object"]:
            continue
        flag = fields.get("readOnly")
        if flag is not None and read_only not in [str(v).lower() for v in flag.get("Equals") or []]:
            continue
        others = {k: v for k, v in fields.items()
                  if k not in ("eventCategory", "resources.type", "readOnly")}
        arn = others.pop("resources.ARN", None)
        if others:
            continue
        if arn is not None and any(k not in (*EXCLUDING, "Field") for k in arn):
            continue
        return [str(v) for op in EXCLUDING for v in (arn or {}).get(op) or []]
    return None


def records_s3_objects(selectors: dict[str, Any], side: str) -> tuple[bool, list[str]]:
    """(records every bucket's `side` events, excluded ARNs); side is WriteOnly or ReadOnly."""
    advanced = selectors.get("AdvancedEventSelectors") or []
    if advanced:  # a trail uses either basic or advanced selectors, never both
        excluded = _advanced(advanced, "false" if side == "WriteOnly" else "true")
        return excluded is not None, excluded or []
    return _basic(selectors.get("EventSelectors") or [], side), []


def _judge(ctx: Context, trails: list[dict[str, Any]], side: str) -> Iterator[Finding]:
    what = "write" if side == "WriteOnly" else "read"
    unread: list[Unreadable] = []
    found = False
    for trail in trails:
        if not trail.get("IsMultiRegionTrail"):
            continue
        status, selectors = trail.get("status"), trail.get("selectors")
        blocked = [v for v in (status, selectors) if isinstance(v, Unreadable)]
        if blocked:
            unread.append(blocked[0])
            continue
        if not (status or {}).get("IsLogging") or not isinstance(selectors, dict):
            continue
        covered, excluded = records_s3_objects(selectors, side)
        if covered:
            found = True
            but = f" (except {', '.join(excluded)})" if excluded else ""
            yield Finding.passed(trail["TrailARN"], f"trail {trail.get('Name')} records S3 object "
                                                    f"{what} events for all buckets{but}",
                                 excluded=excluded).at(trail.get("HomeRegion"))
    if found:
        return
    if unread:
        yield unread[0].finding(ctx.account_arn)
        return
    yield Finding.failed(ctx.account_arn, f"no logging multi-region trail records S3 object-level "
                                          f"{what} events (data events) for all buckets")


@check("DET-01-C08", "cloudtrail.trails")
def s3_write_data_events(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    yield from _judge(ctx, trails, "WriteOnly")


@check("DET-01-C09", "cloudtrail.trails")
def s3_read_data_events(ctx: Context, trails: list[dict[str, Any]]) -> Iterator[Finding]:
    yield from _judge(ctx, trails, "ReadOnly")
