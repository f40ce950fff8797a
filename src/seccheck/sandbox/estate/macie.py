"""Macie estate (DP-01-C12).

moto starts Macie enabled in every region; the workshop pauses it in eu-west-1, where the public
website bucket lives (the bad example). Pausing rather than disabling: moto answers a disabled
Macie with a 404 the sandbox now reports as an unsupported call (see the collector for how the
real "not enabled" answers are read).
"""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    if ctx.bad and "eu-west-1" in ctx.regions:
        ctx.client("macie2", "eu-west-1").enable_macie(status="PAUSED")


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {"DP-01-C12": {"PASS", "FAIL"} if bad else {"PASS"}}
