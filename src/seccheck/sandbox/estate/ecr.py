"""ECR estate: Acme's container repositories and how they are scanned.

Home region: basic scanning, acme-payments-api scans on push (good), acme-legacy-worker never
scans (bad, workshop and scale). Second region: enhanced continuous scanning of every
repository (good). Third region: no repositories.
"""

from __future__ import annotations

from ..seeding import SeedContext
from ._acme import suffix

ORDER = 50
TAGS = [{"Key": "Owner", "Value": "acme-platform"}]


def seed(ctx: SeedContext) -> None:
    home = ctx.client("ecr", ctx.regions[0])
    for copy in range(ctx.copies):
        tail = suffix(copy)
        home.create_repository(repositoryName=f"acme-payments-api{tail}", tags=TAGS,
                               imageScanningConfiguration={"scanOnPush": True})
        if ctx.bad:
            home.create_repository(repositoryName=f"acme-legacy-worker{tail}", tags=TAGS,
                                   imageScanningConfiguration={"scanOnPush": False})
    if len(ctx.regions) < 2:
        return
    second = ctx.client("ecr", ctx.regions[1])
    second.put_registry_scanning_configuration(scanType="ENHANCED", rules=[{
        "scanFrequency": "CONTINUOUS_SCAN",
        "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}],
    }])
    for copy in range(ctx.copies):
        second.create_repository(repositoryName=f"acme-web-eu{suffix(copy)}", tags=TAGS)


def expected(profile: str) -> dict[str, set[str]]:
    if profile == "clean":
        return {"INF-01-C05": {"PASS", "NOT_APPLICABLE"}}
    return {"INF-01-C05": {"PASS", "FAIL", "NOT_APPLICABLE"}}
