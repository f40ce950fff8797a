"""Firewall Manager estate: nothing to seed, the sandbox does not implement Firewall Manager.

The check is reported as not assessable there; its PASS and FAIL paths are tested with stubs.
"""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    """Nothing: the sandbox has no Firewall Manager."""


def expected(profile: str) -> dict[str, set[str]]:
    return {"INF-03-C06": {"NOT_ASSESSABLE"}}
