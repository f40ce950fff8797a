"""Per-resource reads side by side: one read per resource, several in flight, order kept.

A collector that lists resources and then reads something per resource (a policy, an attribute,
user data) would otherwise send one request after another; at real round-trip times (tens of
milliseconds) those serial loops, not the number of requests, set a run's wall time. `read_each`
runs the reads on a small thread pool sized by the service's starting cap (collect/limits.py);
the run's adaptive per-(account, region, service) limit inside `Api` still decides how many are
actually in flight, so a throttled service slows down here too.

Order is kept (results line up with the resources given), and a read that fails with an
`ApiError` (denied, throttled past retries, not implemented) becomes `Unreadable` for that
resource only: the other resources are still read and judged. A cancelled run stops at the next
call boundary, and any other exception (a bug) propagates as it would from a serial loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api

T = TypeVar("T")
R = TypeVar("R")


def read_each(
    api: Api,
    service: str,
    items: Sequence[T],
    read: Callable[[T], R],
) -> list[R | Unreadable]:
    """`read(item)` for every item, at most the service's cap at once; results in item order.

    An `ApiError` from one read is returned as `Unreadable` (its status and reason) in that
    item's place.
    """

    def one(item: T) -> R | Unreadable:
        try:
            return read(item)
        except ApiError as err:
            return Unreadable(err.status, err.reason)

    workers = min(api.run.cap(service), len(items))
    if workers <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(workers, thread_name_prefix=f"seccheck-{service}") as pool:
        return list(pool.map(one, items))
