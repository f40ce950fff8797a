"""IAM Access Analyzer estate: nothing to seed; the sandbox does not serve the service."""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    """Nothing to create: moto has no Access Analyzer (the PASS/FAIL paths are Stubber tests)."""


def expected(profile: str) -> dict[str, set[str]]:
    # IAM-03-C03 (analyzers), C08 (active findings) and C09 (unused-access analyzer) all read
    # ListAnalyzers first, which the sandbox does not serve.
    return {
        "IAM-03-C03": {"NOT_ASSESSABLE"},
        "IAM-03-C08": {"NOT_ASSESSABLE"},
        "IAM-03-C09": {"NOT_ASSESSABLE"},
    }
