"""Plans and runs checks over accounts × regions, concurrently, collecting each fact once.

The unit of work is (account, region, service): independent of every other unit, plain data to
describe, so a large organisation could later fan units out to a distributed engine. Within a
run, facts are shared between units through a memo, and calls through the Api cache.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ._version import __version__
from .allocator import limit_arenas
from .aws.errors import ApiError, NotOffered
from .aws.recorder import CallRecord, iso, utcnow
from .aws.redact import redact, redact_text
from .aws.scope import GLOBAL, AccountTarget, Scope
from .checklist import Checklist, CheckSpec
from .checks.registry import CHECKS, CheckImpl, Context
from .checks.registry import load_all as load_checks
from .collect.api import Api, Cancelled, RunContext
from .collect.registry import FACTS
from .collect.registry import load_all as load_facts
from .results import CheckResult, Finding, Status

ResultCallback = Callable[[CheckResult], None]
# The region of results about the regions a run could not list (ec2:DescribeRegions failed).
UNLISTED_REGIONS = "unlisted"
ProgressCallback = Callable[["Progress"], None]


@dataclass(frozen=True)
class Unit:
    """One independent piece of work."""

    account: str
    region: str
    service: str
    check_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.account} {self.region} {self.service}"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    label: str
    results: int


@dataclass
class FactValue:
    value: Any = None
    error: ApiError | None = None
    used: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class RunReport:
    """Everything a run produced; the results JSON is `to_dict()`."""

    run_id: str
    started_at: str
    ended_at: str
    scope: dict[str, Any]
    checklist: dict[str, str]
    results: list[CheckResult]
    calls: dict[str, CallRecord]
    cancelled: bool = False
    tool_version: str = __version__

    @property
    def api_requests(self) -> int:
        return sum(c.pages for c in self.calls.values())

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out

    def to_dict(self, *, include_calls: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": "seccheck.results/v1",
            "run": {
                "id": self.run_id,
                "tool": "seccheck",
                "tool_version": self.tool_version,
                "checklist": self.checklist,
                "started_at": self.started_at,
                "ended_at": self.ended_at,
                "cancelled": self.cancelled,
                "caller_arns": sorted({a["caller_arn"] for a in self.scope.get("accounts", [])}),
                "accounts": [a["id"] for a in self.scope.get("accounts", [])],
                "regions": self.scope.get("regions", []),
                "scope": self.scope,
                "api_requests": self.api_requests,
                "counts": self.counts(),
                "partition": self.scope.get("partition", "aws"),
                "regions_unlisted": self.scope.get("regions_unlisted"),
                "notes": list(self.scope.get("notes", [])),
            },
            "results": [r.to_dict() for r in self.results],
        }
        if include_calls:
            data["calls"] = [c.to_dict() for c in self.calls.values()]
        return data


class Runner:
    """Runs a checklist's checks over a scope. Use `run()` once."""

    def __init__(
        self,
        checklist: Checklist,
        scope: Scope,
        context: RunContext,
        *,
        items: Iterable[str] | None = None,
        check_ids: Iterable[str] | None = None,
        on_result: ResultCallback | None = None,
        on_progress: ProgressCallback | None = None,
        max_workers: int = 8,
        now: datetime | None = None,
    ) -> None:
        load_checks()
        load_facts()
        self.checklist = checklist
        self.scope = scope
        self.context = context
        self.on_result = on_result
        self.on_progress = on_progress
        self.max_workers = max_workers
        self.now = now or datetime.now(timezone.utc)
        self.specs = _select(checklist, items, check_ids)
        context.facts = frozenset(
            name for spec in self.specs if spec.id in CHECKS for name in CHECKS[spec.id].facts
        )
        context.home_region = scope.home_region
        self._targets = {a.account_id: a for a in scope.accounts}
        self._facts: dict[tuple[str, str, str], Future[FactValue]] = {}
        self._facts_lock = threading.Lock()
        self._results: list[CheckResult] = []
        self._results_lock = threading.Lock()
        self._done = 0

    # -- planning -------------------------------------------------------------------------------

    def plan(self) -> list[Unit]:
        groups: dict[tuple[str, str, str], list[str]] = {}
        for spec in self.specs:
            regions = [self.scope.home_region] if spec.scope == GLOBAL else self.scope.regions
            for account in self.scope.accounts:
                for region in regions:
                    key = (
                        account.account_id,
                        GLOBAL if spec.scope == GLOBAL else region,
                        spec.service,
                    )
                    groups.setdefault(key, []).append(spec.id)
        # Heavy global units first (IAM credential report, S3 per-bucket reads), then the rest.
        units = [Unit(a, r, s, tuple(ids)) for (a, r, s), ids in groups.items()]
        units.sort(key=lambda u: (u.region != GLOBAL, -len(u.check_ids)))
        return units

    def cancel(self) -> None:
        self.context.cancel.set()

    # -- running --------------------------------------------------------------------------------

    def run(self) -> RunReport:
        started = utcnow()
        limit_arenas()  # before the pool starts: its threads then share glibc's arenas
        units = self.plan()
        total = len(units)
        self._report_progress(total, "starting")
        for result in self.unlisted_regions():
            self._emit(result)
        with ThreadPoolExecutor(
            max_workers=self.max_workers, thread_name_prefix="seccheck"
        ) as pool:
            futures = [pool.submit(self._run_unit, unit, total) for unit in units]
            for future in futures:
                future.result()
        return self.report(started, self._results, self.context.recorder.records)

    def report(
        self, started: datetime, results: list[CheckResult], calls: dict[str, CallRecord]
    ) -> RunReport:
        """The run's report from its results and call records (however the units were run)."""
        return RunReport(
            run_id=f"run-{started.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:6]}",
            started_at=iso(started),
            ended_at=iso(utcnow()),
            scope=self.scope.describe(),
            checklist={
                "name": self.checklist.name,
                "version": self.checklist.version,
                "hash": self.checklist.hash,
            },
            results=sorted(results, key=_result_order),
            calls=dict(calls),
            cancelled=self.context.cancel.is_set(),
        )

    def _run_unit(self, unit: Unit, total: int) -> None:
        try:
            if self.context.cancel.is_set():
                return
            target = self._targets[unit.account]
            region = self.scope.home_region if unit.region == GLOBAL else unit.region
            for check_id in unit.check_ids:
                if self.context.cancel.is_set():
                    return
                for result in self._evaluate(check_id, target, region):
                    self._emit(result)
        except Cancelled:
            return
        finally:
            with self._results_lock:
                self._done += 1
            self._report_progress(total, unit.label)

    def unlisted_regions(self) -> list[CheckResult]:
        """One NOT_ASSESSABLE per regional check and account when regions could not be listed.

        The run then covers only the home region; a regional check ("in every enabled region")
        must not read as complete on that one region.
        """
        why = self.scope.regions_unlisted
        if not why:
            return []
        out = []
        for spec in self.specs:
            if spec.scope == GLOBAL:
                continue
            item = self.checklist.item_of_check(spec.id)
            for target in self.scope.accounts:
                out.append(
                    CheckResult(
                        check_id=spec.id,
                        item_id=item.id,
                        account=target.account_id,
                        region=UNLISTED_REGIONS,
                        resource=f"arn:{target.partition}:iam::{target.account_id}:root",
                        status=Status.NOT_ASSESSABLE,
                        reason=(
                            f"the enabled regions could not be listed ({why}); only "
                            f"{', '.join(self.scope.regions)} was assessed, other regions were not"
                        ),
                        severity=spec.severity.value,
                        service=spec.service,
                    )
                )
        return out

    def _evaluate(self, check_id: str, target: AccountTarget, region: str) -> list[CheckResult]:
        spec = self.checklist.check(check_id)
        item = self.checklist.item_of_check(check_id)
        ctx = Context(target.account_id, region, dict(spec.params), self.now, target.partition)

        def result(finding: Finding, used: list[tuple[str, str | None]]) -> CheckResult:
            return CheckResult(
                check_id=check_id,
                item_id=item.id,
                account=target.account_id,
                region=_region_of(finding, GLOBAL if spec.scope == GLOBAL else region),
                resource=finding.resource,
                status=finding.status,
                reason=redact_text(finding.reason),
                severity=spec.severity.value,
                service=spec.service,
                call_ids=_calls_for(finding.resource, used),
                details=redact(finding.details),
            )

        if spec.scope != GLOBAL and region in self.scope.disabled_regions:
            reason = f"region {region} is not enabled for account {target.account_id}"
            return [result(Finding.not_assessable(f"{target.account_id}/{region}", reason), [])]
        impl: CheckImpl | None = CHECKS.get(check_id)
        if impl is None:
            return [
                result(
                    Finding(ctx.account_arn, Status.ERROR, f"no implementation for {check_id}"), []
                )
            ]
        values, used = [], []
        for name in impl.facts:
            fv = self._fact(name, target, region)
            used.extend(fv.used)
            if isinstance(fv.error, NotOffered):
                offered = (Finding.not_applicable if fv.error.nothing_exists
                           else Finding.not_judged)
                return [result(offered(ctx.account_arn, fv.error.reason), used)]
            if fv.error is not None:
                reason = f"could not collect {name}: {fv.error.reason}"
                return [result(Finding(ctx.account_arn, fv.error.status, reason), used)]
            values.append(fv.value)
        try:
            findings = list(impl.fn(ctx, *values))
        except Exception as exc:  # noqa: BLE001 - a broken check is an ERROR result, not a crash
            return [
                result(
                    Finding(
                        ctx.account_arn, Status.ERROR, f"check failed: {type(exc).__name__}: {exc}"
                    ),
                    used,
                )
            ]
        if not findings:
            findings = [Finding.not_applicable(ctx.account_arn, "nothing of this kind in scope")]
        return [result(f, used) for f in findings]

    def _fact(self, name: str, target: AccountTarget, region: str) -> FactValue:
        spec = FACTS.get(name)
        if spec is None:
            return FactValue(error=ApiError(Status.ERROR, f"unknown fact {name!r}"))
        fact_region = self.scope.home_region if spec.scope == GLOBAL else region
        key = (name, target.account_id, GLOBAL if spec.scope == GLOBAL else region)
        with self._facts_lock:
            future = self._facts.get(key)
            owner = future is None
            if owner:
                future = self._facts[key] = Future()
        assert future is not None
        if owner:
            api = Api(self.context, target, fact_region)
            try:
                future.set_result(FactValue(spec.fn(api), None, api.used))
            except ApiError as exc:
                future.set_result(FactValue(None, exc, api.used))
            except Cancelled as exc:
                future.set_exception(exc)
                raise
            except Exception as exc:  # noqa: BLE001
                err = ApiError(
                    Status.ERROR, f"collector {name} failed: {type(exc).__name__}: {exc}"
                )
                future.set_result(FactValue(None, err, api.used))
        return future.result()

    def _emit(self, result: CheckResult) -> None:
        with self._results_lock:
            self._results.append(result)
        if self.on_result:
            self.on_result(result)

    def _report_progress(self, total: int, label: str) -> None:
        if self.on_progress:
            with self._results_lock:
                progress = Progress(self._done, total, label, len(self._results))
            self.on_progress(progress)


def _select(
    checklist: Checklist, items: Iterable[str] | None, check_ids: Iterable[str] | None
) -> list[CheckSpec]:
    wanted_items = set(items) if items else None
    wanted_checks = set(check_ids) if check_ids else None
    for item_id in wanted_items or ():
        checklist.item(item_id)  # raises KeyError naming the unknown item
    for check_id in wanted_checks or ():
        checklist.check(check_id)
    return [
        c
        for i in checklist.items
        if wanted_items is None or i.id in wanted_items
        for c in i.checks
        if wanted_checks is None or c.id in wanted_checks
    ]


def _calls_for(resource: str, used: list[tuple[str, str | None]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for call_id, tag in used:
        if tag is None or tag == resource or resource.endswith((":" + tag, "/" + tag)):
            seen.setdefault(call_id, None)
    return tuple(seen)


def _region_of(finding: Finding, default: str) -> str:
    """Where the finding's resource lives: its own region, the region in its ARN, else `default`.

    A global check (S3, CloudTrail, home-region services) judges regional resources; their
    results carry the resource's region, never "global".
    """
    if finding.region:
        return finding.region
    parts = finding.resource.split(":")
    if len(parts) > 5 and parts[0] == "arn" and parts[3]:
        return parts[3]
    return default


def _result_order(r: CheckResult) -> tuple[str, str, str, str]:
    return (r.check_id, r.account, r.region, r.resource)
