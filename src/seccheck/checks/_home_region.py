"""Verdicts for services that live in one home region and are found by probing regions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context


def home_region_result(
    ctx: Context,
    probe: dict[str, Any] | Unreadable,
    what: str,
    arn_key: str,
    active: Callable[[dict[str, Any]], bool] = lambda item: True,
) -> Iterator[Finding]:
    """Verdict for a service that lives in one home region, found by probing regions.

    `what` names the thing with its article ("an IAM Identity Center instance").
    """
    bare = what.split(" ", 1)[1] if what.split(" ", 1)[0] in ("a", "an") else what
    if isinstance(probe, Unreadable):
        yield probe.finding(ctx.account_arn)
        return
    found = [item for item in probe["found"] if active(item)]
    if found:
        for item in found:
            yield Finding.passed(
                str(item.get(arn_key, ctx.account_arn)),
                f"{what} is set up (home region {probe['region']})",
            ).at(probe["region"])
        return
    if probe["found"]:
        yield Finding.failed(
            ctx.account_arn, f"{what} exists in {probe['region']} but is not active"
        ).at(probe["region"])
        return
    if probe["unreadable"]:
        regions = ", ".join(sorted(probe["unreadable"]))
        yield Finding.not_assessable(
            ctx.account_arn,
            f"no {bare} found, but regions {regions} could not be read",
            unreadable=probe["unreadable"],
        )
        return
    yield Finding.failed(
        ctx.account_arn, f"no {bare} in any of the {len(probe['probed'])} enabled regions"
    )
