"""DP-02 IAM server certificates: none expired."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..results import Finding
from ._age import day, parse_time
from .registry import Context, check


@check("DP-02-C06", "iam.server_certificates")
def expired_server_certificates(
    ctx: Context, certificates: Iterable[dict[str, Any]]
) -> Iterator[Finding]:
    certificates = list(certificates)
    if not certificates:
        yield Finding.not_applicable(ctx.account_arn, "no IAM server certificates")
        return
    for cert in certificates:
        name = cert.get("ServerCertificateName", "")
        expires = parse_time(cert.get("Expiration"))
        if expires is None:
            yield Finding.not_assessable(cert["Arn"], f"certificate {name} has no expiration date")
        elif expires < ctx.now:
            yield Finding.failed(cert["Arn"], f"certificate {name} expired on {day(expires)}")
        else:
            yield Finding.passed(cert["Arn"], f"certificate {name} is valid until {day(expires)}")
