"""One call from options to a finished run: scope, runner, progress. Used by every front end."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .aws.clients import DEFAULT_MAX_ATTEMPTS, ClientFactory
from .aws.recorder import Recorder
from .aws.scope import Scope, resolve_scope
from .checklist import Checklist, load_checklist
from .collect.api import RunContext
from .collect.registry import guard
from .runner import ProgressCallback, ResultCallback, Runner, RunReport


def prepare(
    checklist: Checklist | None = None,
    *,
    profile: str | None = None,
    regions: Iterable[str] | None = None,
    accounts: Iterable[str] | None = None,
    org_role: str | None = None,
    external_id: str | None = None,
    endpoint_url: str | None = None,
    items: Iterable[str] | None = None,
    check_ids: Iterable[str] | None = None,
    on_result: ResultCallback | None = None,
    on_progress: ProgressCallback | None = None,
    max_workers: int = 8,
    per_service_limit: int | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    factory_hooks: Iterable[tuple[str, Any]] = (),
    session: Any = None,
    connection: Connection | None = None,
) -> Runner:
    """Resolve the scope and build a Runner (not started). Raises ScopeError with guidance.

    Pass a `Connection` from `connect()` to reuse clients and the resolved scope across runs
    (a notebook verifying item after item); otherwise each call resolves its own.
    """
    checklist = checklist or load_checklist()
    if connection is None:
        connection = connect(
            profile=profile, regions=regions, accounts=accounts, org_role=org_role,
            external_id=external_id, endpoint_url=endpoint_url, max_workers=max_workers,
            max_attempts=max_attempts, factory_hooks=factory_hooks, session=session,
        )
    factory, scope = connection.factory, connection.scope
    recorder = Recorder()
    # The calls that established access (AssumeRole into member accounts) belong to the evidence.
    recorder.records.update(connection.recorder.records)
    context = RunContext(factory, recorder, per_service_limit=per_service_limit)
    return Runner(
        checklist, scope, context, items=items, check_ids=check_ids,
        on_result=on_result, on_progress=on_progress, max_workers=max_workers,
    )


@dataclass
class Connection:
    """Clients and a resolved scope, reusable across runs."""

    factory: ClientFactory
    scope: Scope
    recorder: Recorder


def connect(
    *,
    profile: str | None = None,
    regions: Iterable[str] | None = None,
    accounts: Iterable[str] | None = None,
    org_role: str | None = None,
    external_id: str | None = None,
    endpoint_url: str | None = None,
    max_workers: int = 8,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    factory_hooks: Iterable[tuple[str, Any]] = (),
    session: Any = None,
) -> Connection:
    """Resolve credentials, accounts and regions once."""
    endpoint = endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None
    factory = ClientFactory(
        endpoint, max_attempts=max_attempts, pool=max(16, max_workers * 2), guard=guard()
    )
    for event, handler in factory_hooks:
        factory.add_hook(event, handler)
    recorder = Recorder(prefix="s")
    scope = resolve_scope(
        factory, recorder, profile=profile, regions=regions, accounts=accounts,
        org_role=org_role, external_id=external_id, session=session,
    )
    return Connection(factory, scope, recorder)


def guarded_session(**session_options: Any) -> Any:
    """A boto3 Session whose every client carries the run's read-only guard.

    For people re-running the calls shown under results: it sends what a run may send (the
    operations the collectors declare) and refuses writes and secret reads before they leave.
    """
    import boto3

    from .aws.guard import guard_session

    return guard_session(boto3.Session(**session_options), guard())


def scan(checklist: Checklist | None = None, *, dask: Any = None, **options: Any) -> RunReport:
    """Run the checks and return the report (see `prepare` for the options).

    `dask`: a `distributed.Client`, a scheduler address, or "local:N" for a LocalCluster of N
    worker processes; the units then run on Dask workers, each with its own credentials.
    """
    runner = prepare(checklist, **options)
    if dask is None:
        return runner.run()
    from .dask_run import client_for, run_on_dask

    client = client_for(dask) if isinstance(dask, str) else dask
    try:
        return run_on_dask(
            runner,
            client,
            profile=options.get("profile"),
            external_id=options.get("external_id"),
            on_result=runner.on_result,
            on_progress=runner.on_progress,
        )
    finally:
        if isinstance(dask, str):
            client.close()
