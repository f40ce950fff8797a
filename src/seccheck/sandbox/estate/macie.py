"""Macie estate (DP-01-C12).

moto starts Macie enabled in every region; the workshop turns it off in eu-west-1, where the
public website bucket lives (the bad example).
"""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    if ctx.bad and "eu-west-1" in ctx.regions:
        ctx.client("macie2", "eu-west-1").disable_macie()


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {"DP-01-C12": {"PASS", "FAIL"} if bad else {"PASS"}}
