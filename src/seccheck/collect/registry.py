"""Facts: named pieces of collected AWS data that checks ask for.

A fact is a function of an `Api` (cached, guarded, recorded calls for one account and region)
returning plain data. Checks name the facts they need; the runner collects each fact once per
account (global facts) or once per account and region (regional facts), however many checks
use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

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


def load_all() -> dict[str, FactSpec]:
    """Import every collector module so their facts are registered."""
    import importlib
    import pkgutil

    from .. import collect

    for module in pkgutil.iter_modules(collect.__path__):
        if module.name not in ("registry", "api", "store"):
            importlib.import_module(f"{collect.__name__}.{module.name}")
    return FACTS
