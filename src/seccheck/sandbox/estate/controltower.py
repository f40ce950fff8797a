"""Control Tower estate: nothing to seed; the sandbox does not serve the service."""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    """Nothing to create: moto has no Control Tower (the PASS/FAIL paths are Stubber tests)."""


def expected(profile: str) -> dict[str, set[str]]:
    return {"IAM-03-C05": {"NOT_ASSESSABLE"}}
