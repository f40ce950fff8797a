"""Organization benchmark: threads on one machine vs Dask workers, at a real-world latency.

Seeds the `organization` sandbox (management + N member accounts, nothing else in them), adds a
fixed delay to every API answer (`--latency-ms`, default 50: the round trip to AWS), and runs
the same scope twice: the thread pool of one process, then a Dask LocalCluster of worker
processes (each assumes the member role itself). Prints wall time and requests for each, and
whether both gave the same verdicts. Figures, not assertions:

    python benchmarks/run_dask.py --members 20 --latency-ms 50 --workers 4
"""

from __future__ import annotations

import argparse
import json
import os
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=4, help="Dask worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads for the local run")
    parser.add_argument("--items", default=None, help="comma-separated items (default: all)")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="list the operations whose request counts differ between threads and Dask",
    )
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from seccheck.sandbox import Sandbox
    from seccheck.sandbox.seeding import MEMBER_ROLE
    from seccheck.scan import prepare

    items = args.items.split(",") if args.items else None
    with Sandbox("organization", n=args.members, latency_ms=args.latency_ms) as sb:
        os.environ.update(sb.env())

        def runner():
            return prepare(
                endpoint_url=sb.endpoint,
                regions=sb.regions,
                org_role=MEMBER_ROLE,
                items=items,
                max_workers=args.threads,
            )

        started = time.perf_counter()
        local = runner().run()
        local_s = time.perf_counter() - started

        from seccheck.dask_run import run_on_dask

        with (
            LocalCluster(
                n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            started = time.perf_counter()
            distributed = run_on_dask(runner(), client)
            dask_s = time.perf_counter() - started

    def key(report):
        return {
            (r.check_id, r.account, r.region, r.resource, r.status.value) for r in report.results
        }

    ours, theirs = key(local), key(distributed)
    for label, extra in (("threads only", ours - theirs), ("dask only", theirs - ours)):
        for row in sorted(extra)[:10]:  # why the verdicts differ, when they do
            print(f"{label}: {row}")
    if args.breakdown:
        print_breakdown(local, distributed)
    print(
        json.dumps(
            {
                "accounts": len(sb.members) + 1,
                "regions": len(sb.regions),
                "latency_ms": args.latency_ms,
                "results": len(local.results),
                "threads": args.threads,
                "threads_wall_s": round(local_s, 1),
                "threads_requests": local.api_requests,
                "dask_workers": args.workers,
                "dask_wall_s": round(dask_s, 1),
                "dask_requests": distributed.api_requests,
                "same_verdicts": ours == theirs,
                "differing": len(ours ^ theirs),
            }
        )
    )
    return 0


def print_breakdown(local, distributed) -> None:
    """Where Dask's extra requests go: requests per service:operation, threads vs Dask."""
    from collections import Counter

    def per_operation(report) -> Counter:
        counts: Counter = Counter()
        for call in report.calls.values():
            counts[f"{call.service}:{call.operation}"] += call.pages
        return counts

    ours, theirs = per_operation(local), per_operation(distributed)
    differing = [op for op in ours.keys() | theirs.keys() if ours[op] != theirs[op]]
    rows = sorted(((theirs[op] - ours[op], op) for op in differing), reverse=True)
    print(f"{'operation':<52} {'threads':>8} {'dask':>8} {'extra':>6}")
    for extra, op in rows:
        print(f"{op:<52} {ours[op]:>8} {theirs[op]:>8} {extra:>+6}")


if __name__ == "__main__":
    raise SystemExit(main())
