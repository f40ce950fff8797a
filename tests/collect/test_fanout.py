"""read_each: per-resource reads side by side, in order, one failure per resource, capped."""

from __future__ import annotations

import threading
import time
from typing import Any

import boto3
import pytest

from seccheck.aws.clients import ClientFactory
from seccheck.aws.errors import ApiError
from seccheck.aws.recorder import Recorder
from seccheck.aws.scope import AccountTarget
from seccheck.collect.api import Api, Cancelled, RunContext
from seccheck.collect.fanout import read_each
from seccheck.collect.limits import CAPS, DEFAULT_CAP
from seccheck.collect.registry import guard
from seccheck.results import Status, Unreadable
from tests.conftest import results_for, scan_sandbox
from tests.faults import json_error


def _api(per_service_limit: int | None = None) -> Api:
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    factory = ClientFactory(None, max_attempts=1, guard=guard())
    target = AccountTarget("111122223333", session, "arn:aws:iam::111122223333:user/a")
    context = RunContext(factory, Recorder(), per_service_limit=per_service_limit)
    return Api(context, target, "us-east-1")


class _Gauge:
    """Counts reads in flight and remembers the most seen at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self.lock = threading.Lock()

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *_: Any) -> None:
        with self.lock:
            self.now -= 1


def test_results_come_back_in_the_order_of_the_resources_however_the_reads_finish():
    items = list(range(12))

    def read(i: int) -> str:
        time.sleep(0.002 * (12 - i))  # the first resources finish last
        return f"r{i}"

    assert read_each(_api(), "lambda", items, read) == [f"r{i}" for i in items]


def test_a_failed_read_is_unreadable_for_that_resource_only():
    def read(name: str) -> str:
        if name == "b":
            raise ApiError(Status.NOT_ASSESSABLE, "access denied to lambda:GetPolicy")
        return name.upper()

    got = read_each(_api(), "lambda", ["a", "b", "c"], read)
    assert got[0] == "A" and got[2] == "C"
    assert isinstance(got[1], Unreadable)
    assert got[1].status is Status.NOT_ASSESSABLE
    assert got[1].reason == "access denied to lambda:GetPolicy"


@pytest.mark.parametrize(
    ("service", "limit", "cap"),
    [("wafv2", None, DEFAULT_CAP), ("ec2", None, CAPS["ec2"]), ("iam", None, CAPS["iam"]),
     ("ec2", 1, 1)],
)
def test_no_more_reads_in_flight_than_the_services_cap(service, limit, cap):
    gauge = _Gauge()

    def read(i: int) -> int:
        with gauge:
            time.sleep(0.01)
        return i

    assert read_each(_api(limit), service, list(range(3 * cap + 1)), read) == list(
        range(3 * cap + 1)
    )
    assert gauge.most == cap  # reached (reads overlap), never exceeded


def test_cancellation_and_bugs_are_not_turned_into_unreadable():
    def cancelled(_: int) -> None:
        raise Cancelled()

    def bug(_: int) -> None:
        raise KeyError("Policy")

    with pytest.raises(Cancelled):
        read_each(_api(), "lambda", [1, 2, 3], cancelled)
    with pytest.raises(KeyError):
        read_each(_api(), "lambda", [1, 2, 3], bug)


def test_nothing_to_read_sends_nothing():
    assert read_each(_api(), "lambda", [], lambda _: pytest.fail("no read expected")) == []


def test_over_http_one_denied_policy_read_marks_that_function_only(
    workshop, workshop_report, checklist
):
    """GetPolicy reads run side by side; one denied read leaves the other verdicts as they were."""
    before = {r.resource: r for r in results_for(workshop_report, "IAM-03-C07")}
    functions = sorted(a for a in before if ":function:" in a)
    assert len(functions) >= 2
    victim = functions[0].rsplit(":", 1)[-1]
    denied = json_error(403, "AccessDeniedException", "not authorized to perform lambda:GetPolicy")
    seen: list[str] = []

    def deny_one(request: Any, **_: Any) -> Any:
        seen.append(request.url)
        return denied if f"/functions/{victim}/policy" in request.url else None

    report = scan_sandbox(
        workshop,
        checklist,
        check_ids=["IAM-03-C07"],
        factory_hooks=[("before-send.lambda.GetPolicy", deny_one)],
    )
    after = {r.resource: r for r in results_for(report, "IAM-03-C07")}
    assert any(f"/functions/{victim}/policy" in url for url in seen)
    assert after.keys() == before.keys()
    assert after[functions[0]].status is Status.NOT_ASSESSABLE
    assert "lambda:GetPolicy" in after[functions[0]].reason
    unchanged = {k: (r.status, r.reason) for k, r in after.items() if k != functions[0]}
    assert unchanged == {k: (r.status, r.reason) for k, r in before.items() if k != functions[0]}
