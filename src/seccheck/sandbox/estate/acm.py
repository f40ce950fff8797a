"""ACM estate: Acme's imported TLS certificates, in the home region.

The load balancers and CloudFront use them there.

Good: www.acme.example, valid for a year. Bad (workshop, scale): legacy.acme.example, in use and
expiring in ten days. Other regions hold no certificates.
"""

from __future__ import annotations

from ..seeding import SeedContext
from ._acme import self_signed

ORDER = 20


def seed(ctx: SeedContext) -> None:
    acm = ctx.client("acm", ctx.home)
    published: dict[str, list[str]] = {"www": [], "legacy": []}
    kinds = [("www", "www.acme.example", 365)]
    if ctx.bad:
        kinds.append(("legacy", "legacy.acme.example", 10))
    for key, domain, days in kinds:
        cert, private_key = self_signed(domain, days)
        for _ in range(ctx.copies):
            arn = acm.import_certificate(
                Certificate=cert, PrivateKey=private_key,
                Tags=[{"Key": "Name", "Value": domain}, {"Key": "Owner", "Value": "acme-platform"}],
            )["CertificateArn"]
            published[key].append(arn)
    ctx.shared["acm"] = {ctx.home: published}


def expected(profile: str) -> dict[str, set[str]]:
    # Certificates are in use only in the home region; the others have none.
    if profile == "clean":
        return {"DP-02-C05": {"PASS", "NOT_APPLICABLE"}}
    return {"DP-02-C05": {"PASS", "FAIL", "NOT_APPLICABLE"}}
