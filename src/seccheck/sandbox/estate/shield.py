"""Shield Advanced estate: Acme subscribes and protects its main distributions.

Good: the subscription and the protected acme-web and acme-docs distributions. Bad (workshop,
scale): acme-legacy-site, left unprotected.
"""

from __future__ import annotations

from ..seeding import SeedContext

ORDER = 50
REGION = "us-east-1"


def seed(ctx: SeedContext) -> None:
    shield = ctx.client("shield", REGION)
    shield.create_subscription()
    for arn in ctx.shared.get("cloudfront", {}).get("good", []):
        shield.create_protection(Name=f"acme-{arn.rsplit('/', 1)[-1]}", ResourceArn=arn)


def expected(profile: str) -> dict[str, set[str]]:
    return {"INF-02-C03": {"PASS"} if profile == "clean" else {"PASS", "FAIL"}}
