"""One full run against an endpoint; prints its figures as a JSON line (used by run_scale.py)."""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--regions", required=True)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--checks-of", default=None,
                        help="only the checks another checklist.yaml declares (like_for_like.py)")
    args = parser.parse_args()

    import boto3

    from seccheck.checklist import load_checklist
    from seccheck.scan import scan

    checklist = load_checklist()
    only: dict = {}
    if args.checks_of:
        from like_for_like import check_ids_of

        only["check_ids"] = check_ids_of(Path(args.checks_of))
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                            region_name=args.regions.split(",")[0])
    started, cpu = time.perf_counter(), _cpu_seconds()
    report = scan(checklist, endpoint_url=args.endpoint, regions=args.regions.split(","),
                  session=session, max_workers=args.workers, **only)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    statuses: dict[str, int] = report.counts()
    print(json.dumps({
        "wall_s": round(wall, 2),
        # The scanning process's own CPU (user + system) during the scan: what is left of the
        # wall time is waiting on the endpoint (its latency and its own CPU).
        "cpu_s": round(cpu, 2),
        "api_requests": report.api_requests,
        "results": len(report.results),
        "resources": len({(r.account, r.region, r.resource) for r in report.results}),
        "checks": len({r.check_id for r in report.results}),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "statuses": statuses,
    }))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
