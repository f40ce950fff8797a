"""The adaptive per-service cap: AIMD over a fake clock, and its use by a run's Api."""

from __future__ import annotations

import threading
import time

from seccheck.collect.api import RunContext
from seccheck.collect.limits import CAPS, DEFAULT_CAP, AdaptiveLimit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_throttling_halves_once_per_cooldown_and_clean_answers_grow_it_back():
    clock = Clock()
    limit = AdaptiveLimit(8, cooldown=1.0, clock=clock)
    limit.throttled()
    assert limit.cap == 4
    limit.throttled()  # the same burst coming back: no second cut
    assert limit.cap == 4 and limit.throttles == 2
    clock.now = 1.5
    limit.throttled()
    assert limit.cap == 2
    clock.now = 3.0
    limit.throttled()
    clock.now = 4.5
    limit.throttled()
    assert limit.cap == 1  # never below one
    # Additive increase: +1 after `cap` clean answers in a row, up to the starting cap only.
    limit.succeeded()
    assert limit.cap == 2
    limit.succeeded()
    assert limit.cap == 2
    limit.succeeded()
    assert limit.cap == 3
    for _ in range(100):
        limit.succeeded()
    assert limit.cap == 8


def test_a_throttle_resets_the_clean_streak():
    clock = Clock()
    limit = AdaptiveLimit(4, clock=clock)
    limit.throttled()
    assert limit.cap == 2
    limit.succeeded()
    clock.now = 0.5
    limit.throttled()  # within the cooldown: no cut, but the streak starts over
    limit.succeeded()
    assert limit.cap == 2
    limit.succeeded()
    assert limit.cap == 3


def test_requests_in_flight_never_exceed_the_current_cap():
    limit = AdaptiveLimit(3)
    peak, lock = [0], threading.Lock()

    def work() -> None:
        with limit.slot():
            with lock:
                peak[0] = max(peak[0], limit.in_flight)
            time.sleep(0.01)

    threads = [threading.Thread(target=work) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 3 and limit.in_flight == 0


def test_run_context_caps_come_from_the_table_per_account_region_and_service():
    run = RunContext(factory=None, recorder=None)  # type: ignore[arg-type]
    assert run.limit("1", "eu-west-1", "iam").cap == CAPS["iam"] < DEFAULT_CAP
    assert run.limit("1", "eu-west-1", "s3").cap == CAPS["s3"] > DEFAULT_CAP
    assert run.limit("1", "eu-west-1", "sns").cap == DEFAULT_CAP
    assert run.limit("1", "eu-west-1", "ec2") is run.limit("1", "eu-west-1", "ec2")
    assert run.limit("1", "eu-west-1", "ec2") is not run.limit("1", "us-east-1", "ec2")
    fixed = RunContext(factory=None, recorder=None, per_service_limit=1)  # type: ignore[arg-type]
    assert fixed.limit("1", "eu-west-1", "s3").cap == 1
