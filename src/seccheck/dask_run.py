"""Organizations beyond one machine: the runner's units fanned out to Dask distributed workers.

The client (the machine that runs `seccheck run --dask ...`) resolves the scope and plans the
units, as a local run does. Each (account, region, service) unit then travels to a worker as a
`WorkOrder`: plain data naming what to assess and which role to assume, never credentials. The
worker builds its own guarded clients from its own credential chain, assumes the member role
itself, runs the unit with the same engine and sends back results and call records. Results
stream to `on_result` as units finish; Dask reschedules the units of a worker that dies.

Process-wide caches keep a worker from assuming the same role or building the same clients once
per unit: a worker serves many units of the same accounts.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .aws.clients import DEFAULT_MAX_ATTEMPTS, ClientFactory
from .aws.recorder import CallRecord, Recorder, utcnow
from .aws.scope import GLOBAL, AccountTarget, Scope, ScopeError, assumed_session
from .checklist import Checklist
from .collect.api import RunContext
from .results import CheckResult
from .runner import Progress, ProgressCallback, ResultCallback, Runner, RunReport, Unit

LOCAL_PREFIX = "local:"


@dataclass(frozen=True)
class WorkOrder:
    """Everything a worker needs for one unit, and nothing secret: it is pickled to the worker."""

    unit: Unit
    checklist: Checklist
    home_region: str
    now: datetime
    call_prefix: str
    endpoint_url: str | None = None
    profile: str | None = None
    role_arn: str | None = None
    external_id: str | None = None
    account_name: str = ""
    disabled_regions: tuple[str, ...] = ()
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    per_service_limit: int | None = None  # None: the per-service table (collect/limits.py)


@dataclass
class UnitOutcome:
    results: list[CheckResult]
    calls: dict[str, CallRecord] = field(default_factory=dict)


# -- the worker side --------------------------------------------------------------------------

_CACHE_LOCK = threading.Lock()
_FACTORIES: dict[tuple[Any, ...], ClientFactory] = {}
_SESSIONS: dict[tuple[Any, ...], tuple[Any, str]] = {}


def _factory(order: WorkOrder) -> ClientFactory:
    from .collect.registry import guard

    key = (order.endpoint_url, order.max_attempts)
    with _CACHE_LOCK:
        if key not in _FACTORIES:
            _FACTORIES[key] = ClientFactory(
                order.endpoint_url, max_attempts=order.max_attempts, pool=16, guard=guard()
            )
        return _FACTORIES[key]


def _session(order: WorkOrder, factory: ClientFactory, recorder: Recorder) -> tuple[Any, str]:
    """The worker's own session for the unit's account: its base identity, or the member role."""
    import boto3

    key = (order.endpoint_url, order.profile, order.role_arn, order.home_region)
    with _CACHE_LOCK:
        cached = _SESSIONS.get(key)
    if cached is not None:
        return cached
    base = boto3.Session(profile_name=order.profile, region_name=order.home_region)
    if order.role_arn:
        session = assumed_session(
            factory, recorder, base, order.role_arn, order.external_id, order.home_region
        )
        found: tuple[Any, str] = (session, order.role_arn)
    else:
        sts = factory.client(base, "sts", order.home_region)
        identity = sts.get_caller_identity()
        if identity["Account"] != order.unit.account:
            raise ScopeError(
                f"this worker's credentials reach account {identity['Account']}, not "
                f"{order.unit.account}: give the workers the same identity as the client"
            )
        found = (base, str(identity["Arn"]))
    with _CACHE_LOCK:
        _SESSIONS.setdefault(key, found)
    return found


def run_order(order: WorkOrder) -> UnitOutcome:
    """Run one unit on this worker with its own credentials (the task Dask executes)."""
    factory = _factory(order)
    recorder = Recorder(prefix=order.call_prefix)
    session, caller_arn = _session(order, factory, recorder)
    unit = order.unit
    region = order.home_region if unit.region == GLOBAL else unit.region
    target = AccountTarget(unit.account, session, caller_arn, order.account_name, order.role_arn)
    scope = Scope(
        accounts=[target],
        regions=[region],
        home_region=order.home_region,
        endpoint_url=order.endpoint_url,
        disabled_regions=list(order.disabled_regions),
    )
    context = RunContext(factory, recorder, per_service_limit=order.per_service_limit)
    runner = Runner(
        order.checklist, scope, context, check_ids=unit.check_ids, max_workers=1, now=order.now
    )
    report = runner.run()
    return UnitOutcome(report.results, dict(report.calls))


# -- the client side --------------------------------------------------------------------------


def client_for(address: str) -> Any:
    """A Dask client: `local:N` starts a LocalCluster of N worker processes, else an address."""
    from distributed import Client, LocalCluster

    if address.startswith(LOCAL_PREFIX):
        count = int(address[len(LOCAL_PREFIX) :] or "2")
        cluster = LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster)
    return Client(address)


def orders(
    runner: Runner,
    *,
    profile: str | None = None,
    external_id: str | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> list[WorkOrder]:
    """One WorkOrder per planned unit; the role each member account is reached through."""
    scope = runner.scope
    targets = {t.account_id: t for t in scope.accounts}
    out = []
    for index, unit in enumerate(runner.plan(), start=1):
        target = targets[unit.account]
        out.append(
            WorkOrder(
                unit=unit,
                checklist=runner.checklist,
                home_region=scope.home_region,
                now=runner.now,
                call_prefix=f"u{index:04d}-",
                endpoint_url=scope.endpoint_url,
                profile=profile,
                role_arn=target.via_role,
                external_id=external_id if target.via_role else None,
                account_name=target.name,
                disabled_regions=tuple(scope.disabled_regions),
                max_attempts=max_attempts,
                per_service_limit=runner.context.per_service_limit,
            )
        )
    return out


def run_on_dask(
    runner: Runner,
    client: Any,
    *,
    profile: str | None = None,
    external_id: str | None = None,
    on_result: ResultCallback | None = None,
    on_progress: ProgressCallback | None = None,
    retries: int = 2,
) -> RunReport:
    """Run a planned Runner's units on Dask workers; results arrive as units finish."""
    from distributed import as_completed

    started = utcnow()
    results: list[CheckResult] = []
    calls: dict[str, CallRecord] = dict(runner.context.recorder.records)

    def emit(result: CheckResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    for result in runner.unlisted_regions():
        emit(result)
    work = orders(runner, profile=profile, external_id=external_id)
    futures = [
        client.submit(
            run_order,
            order,
            key=f"seccheck-{order.call_prefix}{uuid.uuid4().hex[:8]}",
            retries=retries,
            pure=False,
        )
        for order in work
    ]
    done = 0
    for future in as_completed(futures):
        outcome: UnitOutcome = future.result()
        done += 1
        calls.update(outcome.calls)
        for result in outcome.results:
            emit(result)
        if on_progress:
            on_progress(Progress(done, len(work), f"{done}/{len(work)} units", len(results)))
    return runner.report(started, results, calls)

