"""Amazon Inspector estate: scanning turned on per region.

Good: all three resource types in the home region (every region in the clean estate).
Bad (workshop, scale): EC2 only in the second region, nothing in the third.
"""

from __future__ import annotations

from ..seeding import SeedContext

ORDER = 50
ALL_TYPES = ["EC2", "ECR", "LAMBDA"]


def seed(ctx: SeedContext) -> None:
    for index, region in enumerate(ctx.regions):
        if ctx.bad and index == 1:
            types = ["EC2"]
        elif ctx.bad and index >= 2:
            continue
        else:
            types = ALL_TYPES
        ctx.client("inspector2", region).enable(resourceTypes=types, accountIds=[ctx.account])


def expected(profile: str) -> dict[str, set[str]]:
    return {"INF-01-C04": {"PASS"} if profile == "clean" else {"PASS", "FAIL"}}
