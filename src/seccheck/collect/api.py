"""The one door to AWS for collectors: cached, guarded, recorded, capped, cancellable calls."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import botocore

from ..aws.clients import ClientFactory
from ..aws.errors import THROTTLE_CODES, ApiError, classify, error_code, iam_action
from ..aws.plain import jsonable
from ..aws.recorder import CallRecord, Recorder, iso, utcnow
from ..aws.scope import AccountTarget
from .limits import AdaptiveLimit, starting_cap


class Cancelled(Exception):
    """The run was cancelled; raised at the next call boundary."""


@dataclass
class RunContext:
    """What every Api view of one run shares."""

    factory: ClientFactory
    recorder: Recorder
    # None: each service starts at its cap from collect/limits.py; a number caps every service.
    per_service_limit: int | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    # The facts this run collects (set by the Runner): a collector may reuse another fact's reads
    # only when that fact is collected anyway, so a narrower run never pays for them.
    facts: frozenset[str] = frozenset()
    # The run's home region (set by the Runner): where once-per-account regional reads go.
    home_region: str | None = None
    _cache: dict[tuple[Any, ...], Future[tuple[Any, str]]] = field(default_factory=dict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _limits: dict[tuple[str, str, str], AdaptiveLimit] = field(default_factory=dict)

    def cap(self, service: str) -> int:
        """The starting number of requests in flight for one service in one account and region."""
        if self.per_service_limit is not None:
            return max(1, self.per_service_limit)
        return starting_cap(service)

    def limit(self, account: str, region: str, service: str) -> AdaptiveLimit:
        """The adaptive cap of one service in one account and Region (AWS throttles per both)."""
        key = (account, region, service)
        with self._cache_lock:
            lim = self._limits.get(key)
            if lim is None:
                lim = self._limits[key] = AdaptiveLimit(self.cap(service))
            return lim


class Api:
    """Calls for one account and a default region, as seen by one fact collection.

    Each call is made at most once per run for the same account, region and parameters; later
    askers get the cached answer (or the same error). `used` lists the (call id, resource) pairs
    this view touched, so results can point at the calls that justify them.
    """

    def __init__(self, run: RunContext, target: AccountTarget, region: str) -> None:
        self.run = run
        self.target = target
        self.region = region
        self.used: list[tuple[str, str | None]] = []

    @property
    def account(self) -> str:
        return self.target.account_id

    def collects(self, fact: str) -> bool:
        """Whether this run collects `fact` anyway (see `RunContext.facts`)."""
        return fact in self.run.facts

    @property
    def partition(self) -> str:
        """aws, aws-cn or aws-us-gov: every ARN a collector builds uses it."""
        return self.target.partition

    def call(
        self,
        service: str,
        method: str,
        *,
        region: str | None = None,
        resource: str | None = None,
        absent_on: Iterable[str] = (),
        fresh: bool = False,
        digest: Callable[[Any], Any] | None = None,
        **params: Any,
    ) -> Any:
        """One API call. Returns the response, or None when it failed with an `absent_on` code.

        `fresh=True` skips the run cache, for polling calls whose answer changes over time.
        `digest` reduces the response to what may be kept (a verdict on user data, never the
        value) before anything else sees it: the cache, the call record and the caller.
        """
        if fresh or digest is not None:
            value, call_id = self._send(
                service, method, region or self.region, resource, tuple(absent_on), params, None,
                digest,
            )
            self.used.append((call_id, resource))
            return value
        return self._cached(
            service, method, region or self.region, resource, tuple(absent_on), params, None
        )

    def paginate(
        self,
        service: str,
        method: str,
        key: str,
        *,
        region: str | None = None,
        resource: str | None = None,
        absent_on: Iterable[str] = (),
        **params: Any,
    ) -> list[Any] | None:
        """All items under `key` across pages (None when absent, like `call`)."""
        return self._cached(
            service, method, region or self.region, resource, tuple(absent_on), params, key
        )

    # -- internals ------------------------------------------------------------------------------

    def _cached(
        self,
        service: str,
        method: str,
        region: str,
        resource: str | None,
        absent_on: tuple[str, ...],
        params: dict[str, Any],
        page_key: str | None,
    ) -> Any:
        key = (
            self.account,
            region,
            service,
            method,
            page_key,
            absent_on,
            json.dumps(params, sort_keys=True, default=str),
        )
        with self.run._cache_lock:
            future = self.run._cache.get(key)
            owner = future is None
            if owner:
                future = self.run._cache[key] = Future()
        assert future is not None
        if owner:
            try:
                future.set_result(
                    self._send(service, method, region, resource, absent_on, params, page_key)
                )
            except BaseException as exc:
                future.set_exception(exc)
        try:
            value, call_id = future.result()
        except ApiError as exc:
            if exc.call_id:
                self.used.append((exc.call_id, resource))
            raise
        self.used.append((call_id, resource))
        return value

    def _send(
        self,
        service: str,
        method: str,
        region: str,
        resource: str | None,
        absent_on: tuple[str, ...],
        params: dict[str, Any],
        page_key: str | None,
        digest: Callable[[Any], Any] | None = None,
    ) -> tuple[Any, str]:
        if self.run.cancel.is_set():
            raise Cancelled()
        client = self.run.factory.client(self.target.session, service, region)
        operation = client.meta.method_to_api_mapping.get(method, method)
        action = iam_action(client.meta.service_model.signing_name, operation, service)
        call_id = self.run.recorder.new_id()
        record = self._recorder(call_id, service, operation, params, region, resource, page_key)
        pages = 1
        outcome, code, message, response = "ok", "", "", None
        limit = self.run.limit(self.account, region, service)
        meta: dict[str, Any] = {}
        try:
            with limit.slot():
                if page_key is not None:
                    items: list[Any] = []
                    pages = 0
                    for page in client.get_paginator(method).paginate(**params):
                        pages += 1
                        items.extend(page.get(page_key, []))
                        if self.run.cancel.is_set():
                            raise Cancelled()
                    response = {page_key: items}
                    value: Any = items
                else:
                    response = getattr(client, method)(**params)
                    meta = response.pop("ResponseMetadata", None) or {}
                    if digest is not None:
                        response = digest(response)
                    value = response
            # An answer that needed botocore's retries was most likely throttled on the way.
            if meta.get("RetryAttempts", 0) > 0:
                limit.throttled()
            else:
                limit.succeeded()
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is classified, none is hidden
            if page_key is not None:
                pages += 1  # the page that failed was a request too (api_requests counts pages)
            code = (
                error_code(exc)
                if isinstance(exc, botocore.exceptions.ClientError)
                else type(exc).__name__
            )
            if code in THROTTLE_CODES:
                limit.throttled()
            if code in absent_on:
                outcome, value = "absent", None
                message = _message(exc)
            else:
                attempts = None
                if isinstance(exc, botocore.exceptions.ClientError):
                    attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) + 1
                err = classify(exc, action=action, region=region, attempts=attempts)
                err.call_id = call_id
                record(outcome="error", error_code=err.code, error_message=err.reason, pages=pages)
                raise err from exc
        record(
            outcome=outcome, error_code=code, error_message=message, response=response, pages=pages
        )
        return value, call_id

    def _recorder(
        self,
        call_id: str,
        service: str,
        operation: str,
        params: dict[str, Any],
        region: str,
        resource: str | None,
        page_key: str | None,
    ) -> Any:
        """A function that files this call's record once its outcome is known."""
        started, clock = utcnow(), time.perf_counter()

        def record(
            *,
            outcome: str,
            error_code: str,
            error_message: str,
            response: Any = None,
            pages: int = 1,
        ) -> None:
            self.run.recorder.add(
                CallRecord(
                    id=call_id,
                    service=service,
                    operation=operation,
                    params=dict(params),
                    account=self.account,
                    region=region,
                    caller_arn=self.target.caller_arn,
                    started_at=iso(started),
                    duration_ms=round((time.perf_counter() - clock) * 1000, 2),
                    outcome=outcome,
                    error_code=error_code,
                    error_message=error_message,
                    resource=resource,
                    response=jsonable(response),
                    pages=pages,
                    botocore_version=botocore.__version__,
                    endpoint_url=self.run.factory.endpoint_url,
                    extra={"page_key": page_key} if page_key else {},
                )
            )

        return record


def _message(exc: BaseException) -> str:
    if isinstance(exc, botocore.exceptions.ClientError):
        return str(exc.response.get("Error", {}).get("Message", ""))
    return str(exc)
