"""Identity Center estate: keep only the instance an organization would have.

moto gives every account and region an ACTIVE instance.

Workshop: the management account has no instance anywhere (bad). Clean: one instance in the
home region. Member accounts keep moto's default instances (they pass).
"""

from __future__ import annotations

from ..seeding import SeedContext, backend


def seed(ctx: SeedContext) -> None:
    from moto.backends import get_backend

    regions = get_backend("sso-admin")[ctx.account].regions
    for region in regions:
        if ctx.bad or region != ctx.home:
            backend("sso-admin", ctx.account, region).instances.clear()


def expected(profile: str) -> dict[str, set[str]]:
    return {"IAM-02-C01": {"FAIL"} if profile in ("workshop", "scale") else {"PASS"}}
