"""IAM Access Analyzer checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check

EXTERNAL_ACCESS_TYPES = ("ACCOUNT", "ORGANIZATION")


@check("IAM-03-C03", "accessanalyzer.analyzers")
def external_access_analyzer(ctx: Context, analyzers: list[dict[str, Any]]) -> Iterator[Finding]:
    active = [
        a
        for a in analyzers
        if a.get("status") == "ACTIVE" and a.get("type") in EXTERNAL_ACCESS_TYPES
    ]
    if active:
        for analyzer in active:
            yield Finding.passed(
                analyzer["arn"],
                f"{analyzer['type'].lower()} external-access "
                f"analyzer {analyzer.get('name')} is active in {ctx.region}",
            )
        return
    others = [f"{a.get('name')} ({a.get('type')}, {a.get('status')})" for a in analyzers]
    yield Finding.failed(
        ctx.account_arn,
        f"no active external-access analyzer in {ctx.region}",
        other_analyzers=others,
    )
