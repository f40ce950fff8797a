"""The check registry: check id -> the pure function that evaluates it.

A check is `fn(ctx, *facts) -> Iterable[Finding]`: it gets a `Context` (account, region, the
check's params from checklist.yaml, the time) and the collected facts it names, and yields one
Finding per resource. It never calls AWS; collection lives in seccheck.collect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..results import Finding

CheckFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Context:
    """What a check knows besides its facts."""

    account: str
    region: str
    params: dict[str, Any] = field(default_factory=dict)
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    partition: str = "aws"

    @property
    def account_arn(self) -> str:
        """The resource name used for account-wide findings."""
        return f"arn:{self.partition}:iam::{self.account}:root"

    def aws_policy_arn(self, name: str) -> str:
        """An AWS-managed policy's ARN in this partition (a name or an arn:aws: ARN given)."""
        return f"arn:{self.partition}:iam::aws:policy/{name.rsplit('policy/', 1)[-1]}"

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True)
class CheckImpl:
    id: str
    facts: tuple[str, ...]
    fn: CheckFn


CHECKS: dict[str, CheckImpl] = {}


def check(check_id: str, *facts: str) -> Callable[[CheckFn], CheckFn]:
    """Register `fn` as the evaluation of `check_id`, fed with the named facts in order."""

    def register(fn: CheckFn) -> CheckFn:
        if check_id in CHECKS and CHECKS[check_id].fn is not fn:
            raise ValueError(f"check {check_id} registered twice")
        CHECKS[check_id] = CheckImpl(check_id, tuple(facts), fn)
        return fn

    return register


def load_all() -> dict[str, CheckImpl]:
    """Import every check module so all checks are registered."""
    import importlib
    import pkgutil
    from pathlib import Path

    # Found on disk rather than through `seccheck.checks`, which imports this module.
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in ("registry",):
            importlib.import_module(f"{__package__}.{module.name}")
    return CHECKS
