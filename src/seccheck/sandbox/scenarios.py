"""Named sandbox scenarios and the results each one declares it will produce.

A scenario is assembled from estate modules (`seccheck.sandbox.estate.<service>`), each of which
seeds its own resources and declares, per check, the set of statuses the engine must report for
them. Tests hold the engine to those declarations, check by check.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .seeding import SeedContext

WORKSHOP_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


@dataclass(frozen=True)
class Scenario:
    name: str
    profile: str  # what estate modules seed: "workshop", "clean" or "scale"
    description: str
    regions: tuple[str, ...] = WORKSHOP_REGIONS
    # Whether every estate module declares the statuses a run over it reports (tests hold the
    # engine to them); the lifecycle and organization scenarios seed too little to declare.
    declares_statuses: bool = True

    def seed(self, endpoint: str, *, n: int = 1) -> dict[str, Any]:
        ctx = SeedContext(endpoint, self.profile, list(self.regions), n=max(1, n))
        if self.profile == "organization":
            from .estate import organizations

            organizations.seed_members_only(ctx, count=max(6, n))
        for module in estate_modules() if self.declares_statuses else []:
            module.seed(ctx)
        return {
            "scenario": self.name,
            "n": ctx.n,
            "regions": ctx.regions,
            "account": ctx.account,
            "members": ctx.members,
        }

    def expected(self) -> dict[str, set[str]]:
        """Check id -> the exact set of statuses a full run over this scenario reports."""
        out: dict[str, set[str]] = {}
        if not self.declares_statuses:
            return out
        for module in estate_modules():
            for check_id, statuses in module.expected(self.profile).items():
                if check_id in out:
                    raise ValueError(f"{check_id} declared by two estate modules")
                out[check_id] = set(statuses)
        return out


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "workshop",
            "workshop",
            "A small company across 3 regions with a good and a bad example for every automated "
            "check, and an AWS Organization with member accounts.",
        ),
        Scenario("clean", "clean", "Everything that can pass, passes."),
        Scenario("scale", "scale", "The workshop estate N times over, for benchmarks (--n N)."),
        Scenario(
            "empty",
            "empty",
            "moto's defaults and nothing else (fast to start; for tests).",
            declares_statuses=False,
        ),
        Scenario(
            "organization",
            "organization",
            "An AWS Organization with --n member accounts (at least 6) and nothing else: for "
            "multi-account and distributed (Dask) runs.",
            declares_statuses=False,
        ),
    )
}


def get_scenario(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)}") from None


def estate_modules() -> list[ModuleType]:
    """Estate modules in seeding order (lower ORDER first; organizations creates accounts)."""
    from . import estate

    modules = [
        importlib.import_module(f"{estate.__name__}.{m.name}")
        for m in pkgutil.iter_modules(estate.__path__)
        if not m.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
