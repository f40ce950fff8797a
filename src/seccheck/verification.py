"""Running an assessment's checks: where to point them, and saving results as they arrive.

`Verification` wraps `seccheck.scan.prepare`: it resolves the assessment's scope (a real account
through the standard credential chain or a profile, or a seccheck sandbox), opens a run record in
the assessment, appends each result to it as the runner reports it (saved to disk at most every
`SAVE_INTERVAL_S`, so a crash loses at most that much), and closes the run. It can be cancelled
from another thread (the wizard's Cancel button, or Ctrl-C / interrupt in a notebook).

It returns an `Outcome` (plain data); rendering it is the notebook layer's job
(`seccheck.display.ItemResults.of`).
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ._version import __version__
from .aws.clients import is_loopback
from .processes import this_process
from .results import CheckResult
from .state import RunRecord, ScopeSettings, current_user, new_id, utcnow

if TYPE_CHECKING:
    from .assessment import AssessmentFile
    from .runner import Progress, Runner
    from .sandbox import Sandbox
    from .scan import Connection

SAVE_INTERVAL_S = 0.5
_SANDBOXES: dict[str, Sandbox] = {}
_SANDBOX_LOCK = threading.Lock()


@dataclass
class Outcome:
    """How a run ended: its record, or why there was none (an error, or nothing automated)."""

    item_id: str | None
    not_automated: list[str] = field(default_factory=list)
    record: RunRecord | None = None
    error: str | None = None


class Ticker(Protocol):
    """Something shown while a run works (a progress display)."""

    def update(self, progress: Progress | None, /) -> None: ...

    def close(self) -> None: ...


def environment_sandbox() -> str | None:
    """Name the sandbox scenario the environment points at (as `seccheck demo` sets it up)."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    scenario = os.environ.get("SECCHECK_SANDBOX")
    return scenario if scenario and is_loopback(endpoint) else None


def kernel_sandbox(scenario: str) -> Sandbox:
    """Return a sandbox started by this process, kept for the life of the kernel."""
    from .sandbox import Sandbox

    with _SANDBOX_LOCK:
        sandbox = _SANDBOXES.get(scenario)
        if sandbox is None or not sandbox.running:
            sandbox = Sandbox(scenario).start()
            _SANDBOXES[scenario] = sandbox
        return sandbox


def stop_sandboxes() -> None:
    """Stop every sandbox this process started (also happens at exit)."""
    with _SANDBOX_LOCK:
        for sandbox in _SANDBOXES.values():
            sandbox.stop()
        _SANDBOXES.clear()
    forget_connections()


def target_options(scope: ScopeSettings) -> dict[str, Any]:
    """`prepare()` keyword arguments for an assessment's scope.

    With a sandbox scenario: reuse the one the environment points at if it is that scenario, else
    start one here. Never the other way round: without `sandbox`, a missing credential is an
    error, not a sandbox, and a notebook labelled with a profile refuses to run where the
    environment points AWS at a sandbox (as under `seccheck demo`), instead of assessing the
    sandbox under the profile's name.
    """
    if scope.sandbox:
        if environment_sandbox() == scope.sandbox:
            return {"endpoint_url": os.environ["AWS_ENDPOINT_URL"], "regions": scope.regions}
        sandbox = kernel_sandbox(scope.sandbox)
        return {
            "endpoint_url": sandbox.endpoint,
            "regions": scope.regions or sandbox.regions,
            "session": sandbox.session(),
        }
    env_sandbox = environment_sandbox()
    if scope.profile and env_sandbox and not scope.endpoint_url:
        from .aws.scope import ScopeError

        raise ScopeError(
            f"this assessment is for AWS profile {scope.profile!r}, but this JupyterLab points "
            f"AWS at the {env_sandbox!r} sandbox (AWS_ENDPOINT_URL="
            f"{os.environ.get('AWS_ENDPOINT_URL')}): its results would be the sandbox's. Open it "
            "in a JupyterLab started without `seccheck demo`, or make it a sandbox assessment "
            f'(Assessment.open(..., sandbox="{env_sandbox}")).'
        )
    return {"profile": scope.profile, "regions": scope.regions, "endpoint_url": scope.endpoint_url}


_CONNECTIONS: dict[tuple[Any, ...], Connection] = {}
_CONNECTIONS_LOCK = threading.Lock()


def connection_for(options: dict[str, Any]) -> Connection:
    """Clients and resolved scope for these options, reused for the life of the kernel.

    Verifying a notebook item by item would otherwise re-resolve the scope and re-create every
    client for each cell. A failure (no credentials) is not cached, so fixing it and re-running
    the cell works.
    """
    from .scan import connect

    key = (
        options.get("endpoint_url") or os.environ.get("AWS_ENDPOINT_URL"),
        options.get("profile"),
        tuple(options.get("regions") or ()),
        os.environ.get("AWS_ACCESS_KEY_ID"),
        os.environ.get("AWS_PROFILE"),
    )
    with _CONNECTIONS_LOCK:
        found = _CONNECTIONS.get(key)
        if found is None:
            found = _CONNECTIONS[key] = connect(**options)
        return found


def forget_connections() -> None:
    """Drop cached connections (after changing credentials in a running kernel)."""
    with _CONNECTIONS_LOCK:
        _CONNECTIONS.clear()


class Verification:
    """One run of some of an assessment's checks. `run()` once; `cancel()` from anywhere."""

    def __init__(
        self,
        assessment: AssessmentFile,
        item_id: str | None = None,
        *,
        check_ids: list[str] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.assessment = assessment
        self.item_id = item_id
        checklist = assessment.checklist
        if item_id is not None:
            checklist.item(item_id)  # KeyError naming the unknown item
        wanted = [
            c.id for i in checklist.items if item_id is None or i.id == item_id for c in i.checks
        ]
        if check_ids is not None:
            for cid in check_ids:
                checklist.check(cid)
            wanted = [c for c in wanted if c in set(check_ids)]
        implemented = assessment.implemented_checks()
        self.check_ids = [c for c in wanted if c in implemented]
        self.not_automated = [c for c in wanted if c not in implemented]
        self.on_progress = on_progress
        self.progress: Progress | None = None
        self.runner: Runner | None = None
        self.record: RunRecord | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._last_save = 0.0
        self._calls_taken = 0

    def cancel(self) -> None:
        self._cancel.set()
        if self.runner is not None:
            self.runner.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> Outcome:
        from .aws.scope import ScopeError
        from .scan import prepare

        a = self.assessment
        a.require_writable()
        if not self.check_ids:
            return Outcome(self.item_id, self.not_automated)
        try:
            self.runner = prepare(
                a.checklist,
                check_ids=self.check_ids,
                on_result=self._on_result,
                on_progress=self._on_progress,
                connection=connection_for(target_options(a.scope_settings)),
            )
        except ScopeError as exc:
            return Outcome(self.item_id, self.not_automated, error=str(exc))
        if self._cancel.is_set():
            self.runner.cancel()
        self.record = RunRecord(
            id=f"run-{utcnow().strftime('%Y%m%dT%H%M%SZ')}-{new_id()[:6]}",
            started_at=utcnow(),
            by=current_user(),
            scope=self.runner.scope.describe(),
            checklist=a.state.checklist.model_copy(),
            items=[self.item_id] if self.item_id else None,
            check_ids=list(self.check_ids),
            tool_version=__version__,
            **this_process(),
        )
        a.begin_run(self.record)
        try:
            report = self.runner.run()
        except BaseException as exc:
            self._finish(
                None,
                "cancelled" if isinstance(exc, KeyboardInterrupt) else "failed",
                f"{type(exc).__name__}: {exc}",
            )
            raise
        status = "cancelled" if report.cancelled or self._cancel.is_set() else "completed"
        self._finish(report.results, status, None)
        return Outcome(self.item_id, self.not_automated, record=self.record)

    # -- runner callbacks (worker threads) ------------------------------------------------------

    def _on_result(self, result: CheckResult) -> None:
        record, runner = self.record, self.runner
        if record is None or runner is None:
            return
        # Saving under the same lock keeps other workers from appending mid-serialisation.
        with self._lock:
            record.results.append(_qualify(record.id, result))
            record.updated_at = utcnow()
            if time.monotonic() - self._last_save >= SAVE_INTERVAL_S:
                # Calls are copied at save points only: doing it per result is quadratic.
                self._take_calls(record, runner)
                self.assessment.save_run(record)
                self._last_save = time.monotonic()

    def _on_progress(self, progress: Progress) -> None:
        self.progress = progress
        if self.on_progress is not None:
            self.on_progress(progress)

    def _take_calls(self, record: RunRecord, runner: Runner) -> None:
        records = runner.context.recorder.records
        if len(records) == self._calls_taken:
            return
        for cid, call in list(records.items()):
            qid = f"{record.id}:{cid}"
            if qid not in record.calls:
                record.calls[qid] = dataclasses.replace(call, id=qid)
        self._calls_taken = len(records)

    def _finish(self, results: list[CheckResult] | None, status: str, error: str | None) -> None:
        record, runner = self.record, self.runner
        assert record is not None and runner is not None
        with self._lock:
            if results is not None:
                record.results = [_qualify(record.id, r) for r in results]
            self._take_calls(record, runner)
            record.status = status  # type: ignore[assignment]
            record.error = error
            record.ended_at = record.updated_at = utcnow()
        self.assessment.end_run(record)


def _qualify(run_id: str, result: CheckResult) -> CheckResult:
    calls = tuple(c if ":" in c else f"{run_id}:{c}" for c in result.call_ids)
    return dataclasses.replace(result, call_ids=calls)


def run_interruptibly(verification: Verification, display: Ticker | None = None) -> Outcome:
    """Run in a worker thread so Ctrl-C / kernel interrupt can cancel cleanly."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = verification.run()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="seccheck-verify", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.25)
            if display is not None:
                display.update(verification.progress)
    except KeyboardInterrupt:
        verification.cancel()
        while worker.is_alive():
            worker.join(0.25)
    finally:
        if display is not None:
            display.close()
    if "error" in box:
        raise box["error"]
    return box["result"]
