"""Shield Advanced check: subscription and protection of internet-facing edge resources."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..results import Finding
from .registry import Context, check


def _expired(subscription: dict[str, Any], now: datetime) -> bool:
    end = subscription.get("EndTime")
    if not isinstance(end, datetime):
        return False
    if end.tzinfo is None:
        end = end.replace(tzinfo=now.tzinfo)
    return end < now and subscription.get("AutoRenew") != "ENABLED"


@check("INF-02-C03", "shield.subscription", "shield.protections", "cloudfront.distributions")
def shield_advanced(ctx: Context, subscription: dict[str, Any] | None,
                    protections: list[dict[str, Any]],
                    dists: list[dict[str, Any]]) -> Iterator[Finding]:
    if subscription is None:
        yield Finding.failed(ctx.account_arn, "the account has no Shield Advanced subscription "
                                              "(only needed if the business requires DDoS "
                                              "response support and cost protection)")
        return
    if _expired(subscription, ctx.now):
        yield Finding.failed(ctx.account_arn, "the Shield Advanced subscription has ended",
                             end_time=str(subscription.get("EndTime")))
        return
    protected = {p.get("ResourceArn") for p in protections}
    if protections:
        yield Finding.passed(ctx.account_arn, f"Shield Advanced is active and protects "
                                              f"{len(protections)} resource(s)",
                             protected=sorted(a for a in protected if a))
    else:
        yield Finding.failed(ctx.account_arn, "Shield Advanced is active but protects no "
                                              "resources")
    # CloudFront distributions are the internet-facing edge of the account.
    for dist in dists:
        arn = dist["ARN"]
        comment = f" ({dist['Comment']})" if dist.get("Comment") else ""
        who = f"distribution {dist['Id']}{comment}"
        name = dist.get("Comment") or dist["Id"]
        if arn in protected:
            yield Finding.passed(arn, f"{who} is protected by Shield Advanced", name=name)
        else:
            yield Finding.failed(arn, f"{who} is not protected by Shield Advanced", name=name)
