"""Facts: named pieces of collected AWS data that checks ask for.

A fact is a function of an `Api` (cached, guarded, recorded calls for one account and region)
returning plain data; each collector module lists the API operations it sends in
`OPERATIONS` (boto3 service -> operation names), and the read-only guard allows those only.
Checks name the facts they need; the runner collects each fact once per
account (global facts) or once per account and region (regional facts), however many checks
use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from ..aws.guard import Guard

if TYPE_CHECKING:
    from .api import Api

FactFn = Callable[["Api"], Any]


@dataclass(frozen=True)
class FactSpec:
    name: str
    scope: Literal["global", "regional"]
    fn: FactFn
    service: str


FACTS: dict[str, FactSpec] = {}


def fact(name: str, *, scope: Literal["global", "regional"]) -> Callable[[FactFn], FactFn]:
    """Register a collector under `name` (``service.thing``)."""

    def register(fn: FactFn) -> FactFn:
        if name in FACTS and FACTS[name].fn is not fn:
            raise ValueError(f"fact {name!r} registered twice")
        FACTS[name] = FactSpec(name, scope, fn, name.split(".", 1)[0])
        return fn

    return register


def _collector_modules() -> list[ModuleType]:
    import importlib
    import pkgutil
    from pathlib import Path

    # Found on disk rather than through `seccheck.collect`, which imports this module.
    return [
        importlib.import_module(f"{__package__}.{module.name}")
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if module.name not in ("registry", "api")
    ]


def load_all() -> dict[str, FactSpec]:
    """Import every collector module so their facts are registered."""
    _collector_modules()
    return FACTS


def declared_operations() -> frozenset[tuple[str, str]]:
    """Every (boto3 service, API operation) a collector module declares in its `OPERATIONS`."""
    return frozenset(
        (service, operation)
        for module in _collector_modules()
        for service, operations in getattr(module, "OPERATIONS", {}).items()
        for operation in operations
    )


@lru_cache(maxsize=1)
def guard() -> Guard:
    """The read-only guard every run installs: the declared operations and the tool's own."""
    return Guard(declared_operations())
