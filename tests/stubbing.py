"""Running real collectors against botocore's Stubber, for APIs moto cannot serve.

Tests named `..._stubbed_...` and marked `stubbed` use this: the collector code, the guard,
the recorder and the check are the real ones; only the HTTP answer is canned.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any

import boto3
from botocore.stub import Stubber

from seccheck.aws.clients import ClientFactory
from seccheck.aws.recorder import Recorder
from seccheck.aws.scope import AccountTarget, Scope
from seccheck.checklist import Checklist, load_checklist
from seccheck.collect.api import Api, RunContext
from seccheck.collect.registry import guard
from seccheck.results import CheckResult
from seccheck.runner import Runner

ACCOUNT = "111122223333"


class StubbedApi:
    """An Api whose clients are stubbed; `stub(service)` returns that service's Stubber."""

    def __init__(self, region: str = "us-east-1", caller_arn: str | None = None) -> None:
        self.session = boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
        )
        self.factory = ClientFactory(None, max_attempts=1, guard=guard())
        self.recorder = Recorder()
        caller = caller_arn or f"arn:aws:iam::{ACCOUNT}:user/auditor"
        self.target = AccountTarget(ACCOUNT, self.session, caller)
        # One request at a time: a Stubber answers in the order responses were added, so the
        # per-resource reads collectors run side by side (collect/fanout.py) go one by one here.
        context = RunContext(self.factory, self.recorder, per_service_limit=1)
        self.api = Api(context, self.target, region)
        self._stubbers: dict[tuple[str, str], Stubber] = {}

    def stub(self, service: str, region: str | None = None) -> Stubber:
        region = region or self.api.region
        key = (service, region)
        if key not in self._stubbers:
            client = self.factory.client(self.session, service, region)
            stubber = Stubber(client)
            stubber.activate()
            self._stubbers[key] = stubber
        return self._stubbers[key]

    def evaluate(self, check_id: str, now: datetime | None = None) -> list[CheckResult]:
        """The results the runner gives `check_id` in this account and region.

        Facts are collected through the stubbed clients in the order the check names them,
        and a fact that fails becomes the result the runner reports (NOT_ASSESSABLE, ERROR).
        """
        scope = Scope([self.target], [self.api.region], self.api.region)
        runner = Runner(_checklist(), scope, self.api.run, check_ids=[check_id], now=now)
        return runner._evaluate(check_id, self.target, self.api.region)

    def assert_all_used(self) -> None:
        for stubber in self._stubbers.values():
            stubber.assert_no_pending_responses()


@cache
def _checklist() -> Checklist:
    return load_checklist()


@contextmanager
def stubbed_api(region: str = "us-east-1", caller_arn: str | None = None) -> Iterator[StubbedApi]:
    stubs = StubbedApi(region, caller_arn)
    yield stubs
    stubs.assert_all_used()


def client_error(code: str, message: str = "", http_status: int = 400) -> dict[str, Any]:
    """kwargs for Stubber.add_client_error."""
    return {
        "service_error_code": code,
        "service_message": message or code,
        "http_status_code": http_status,
    }


def add_pages(
    stubber: Stubber,
    operation: str,
    key: str,
    pages: list[list[Any]],
    *,
    token: str = "NextToken",
    reply_token: str | None = None,
    params: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Queue `pages` of one listing, chained through `token` the way the API documents it.

    Every page but the last carries a token (`reply_token` when the answer names it apart from
    the request, e.g. NextMarker/Marker); every request but the first sends it back, so a
    collector that stops early or forgets the token leaves a response unused or fails the
    Stubber's parameter match.
    """
    for number, page in enumerate(pages):
        reply: dict[str, Any] = {key: page, **(extra or {})}
        if number + 1 < len(pages):
            reply[reply_token or token] = f"{operation}-page-{number + 2}"
        expected = dict(params or {})
        if number:
            expected[token] = f"{operation}-page-{number + 1}"
        stubber.add_response(operation, reply, expected)
