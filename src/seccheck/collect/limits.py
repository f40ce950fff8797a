"""How many requests a run keeps in flight per (account, region, service), adapted on throttling.

At real round-trip times (tens of milliseconds) the number of requests in flight, not CPU, sets a
run's wall time: about requests / concurrency x latency. Each service starts at a cap chosen to
stay inside AWS's published request quotas for the few hundred read calls a run makes, and the cap
then follows additive-increase / multiplicative-decrease (AIMD, as TCP does): halved on a throttling
answer, grown back by one after a cap's worth of clean answers, never above its starting cap and
never below one.

Where the starting caps come from (AWS quotas are per account and Region, per API):
- EC2: a token bucket per API; non-mutating Describe* calls have buckets of about 100 tokens
  refilled at about 20 per second (e.g. DescribeHosts: 100, refill 20/s).
  https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
- IAM and STS: token buckets per API, lower than most services and not raisable; AWS advises
  against running many IAM calls at once.
  https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/
  https://repost.aws/knowledge-center/iam-sts-throttling-error
- S3: at least 5,500 GET/HEAD requests per second per partitioned prefix; bucket reads are
  independent of each other. https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html
- Security Hub: GetFindings 3 requests per second with bursts of 6 (the API reference's list of
  throttling limits). https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html
Services without a published figure for the reads we send keep the conservative default.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

DEFAULT_CAP = 4

# Starting (and highest) number of requests in flight per (account, region, service).
CAPS: dict[str, int] = {
    "ec2": 8,
    "s3": 16,
    "iam": 2,
    "sts": 2,
    "organizations": 2,
    "securityhub": 3,
}


def starting_cap(service: str, default: int = DEFAULT_CAP) -> int:
    return CAPS.get(service, default)


class AdaptiveLimit:
    """A semaphore whose size follows AIMD: halve on throttling, +1 after `cap` clean answers.

    Halving happens at most once per `cooldown` seconds: the requests already in flight when the
    first throttle came back would otherwise halve it again for the same burst.
    """

    def __init__(
        self,
        cap: int,
        *,
        cooldown: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ceiling = max(1, cap)
        self.cap = self.ceiling
        self.lowest = self.ceiling
        self.in_flight = 0
        self.throttles = 0
        self._clean = 0
        self._cooldown = cooldown
        self._clock = clock
        self._last_cut = float("-inf")
        self._cond = threading.Condition()

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._cond:
            while self.in_flight >= self.cap:
                self._cond.wait()
            self.in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self.in_flight -= 1
                self._cond.notify()

    def throttled(self) -> None:
        """The endpoint said slow down: halve the cap (once per cooldown)."""
        with self._cond:
            self.throttles += 1
            self._clean = 0
            now = self._clock()
            if now - self._last_cut >= self._cooldown:
                self._last_cut = now
                self.cap = max(1, self.cap // 2)
                self.lowest = min(self.lowest, self.cap)

    def succeeded(self) -> None:
        """A clean answer: after `cap` of them in a row, allow one more request in flight."""
        with self._cond:
            if self.cap >= self.ceiling:
                return
            self._clean += 1
            if self._clean >= self.cap:
                self._clean = 0
                self.cap += 1
                self._cond.notify()
