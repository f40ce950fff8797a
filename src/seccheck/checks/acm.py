"""ACM check: certificates in use are issued and far enough from expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..results import Finding
from .registry import Context, check


@check("DP-02-C05", "acm.certificates")
def certificates_valid(ctx: Context, certs: list[dict[str, Any]]) -> Iterator[Finding]:
    in_use = [c for c in certs if c.get("InUse")]
    if not in_use:
        yield Finding.not_applicable(ctx.account_arn, f"no ACM certificates in use in {ctx.region}")
        return
    min_days = int(ctx.param("min_days_to_expiry", 30))
    for cert in in_use:
        arn, status, kind = cert["CertificateArn"], cert.get("Status"), cert.get("Type")
        who = f"certificate for {cert.get('DomainName')}"
        not_after = cert.get("NotAfter")
        details = {"name": cert.get("DomainName"), "type": kind, "status": status,
                   "not_after": not_after.isoformat() if isinstance(not_after, datetime) else None,
                   "managed_renewal": kind == "AMAZON_ISSUED"}
        if status != "ISSUED":
            yield Finding.failed(arn, f"{who} is in use but its status is {status}", **details)
            continue
        if not isinstance(not_after, datetime):
            yield Finding.not_assessable(arn, f"{who} is in use but its expiry date was not "
                                              "reported", **details)
            continue
        days = (not_after - ctx.now).days
        when = f"{not_after:%Y-%m-%d} ({days} days)"
        if days < min_days:
            hint = ("imported, so it must be replaced by hand" if kind == "IMPORTED"
                    else "ACM has not renewed it yet: check its domain validation records")
            yield Finding.failed(arn, f"{who} expires on {when}, within {min_days} days; {hint}",
                                 days_left=days, **details)
        elif kind == "IMPORTED":
            yield Finding.passed(arn, f"{who} is valid until {when}; it is imported, so ACM will "
                                      "not renew it: replace it before then", days_left=days,
                                 **details)
        else:
            yield Finding.passed(arn, f"{who} is valid until {when} and renewed by ACM",
                                 days_left=days, **details)
