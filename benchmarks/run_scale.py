"""Scale benchmark: seed the sandbox at N = 1, 10, 100 and measure a full seccheck run.

Prints wall time, API requests and peak memory of the scanning process for each N. Figures,
not assertions: run `make bench` (or `python benchmarks/run_scale.py --n 1 10`).

The scan runs in a fresh child process so its peak RSS is its own (not the sandbox's, which
runs in yet another process, nor this driver's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = (
    "Reference (issue 3): Prowler 5.46 on a comparable sandbox (3 regions, 12 services, ~900 "
    "resources): 190 s wall (125 s with retries off), 2,663 API requests, 770 MiB peak.\n"
    "Targets at N=10: < 15 s wall, < 800 API requests, < 200 MiB peak; linear growth in N."
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    from seccheck.sandbox import Sandbox

    rows = []
    for n in args.n:
        started = time.perf_counter()
        with Sandbox("scale", n=n) as sandbox:
            seeded = time.perf_counter() - started
            out = subprocess.run(
                [
                    sys.executable,
                    str(HERE / "scan_once.py"),
                    "--endpoint",
                    sandbox.endpoint,
                    "--regions",
                    ",".join(sandbox.regions),
                    "--workers",
                    str(args.workers),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures.update({"n": n, "seed_s": round(seeded, 1)})
        rows.append(figures)
        print(json.dumps(figures), flush=True)

    print()
    print(
        f"{'N':>4} {'resources':>9} {'results':>8} {'checks':>6} {'wall s':>7} {'API req':>8} "
        f"{'req/res':>7} {'peak MiB':>8} {'seed s':>7}"
    )
    for r in rows:
        per = r["api_requests"] / max(1, r["resources"])
        print(
            f"{r['n']:>4} {r['resources']:>9} {r['results']:>8} {r['checks']:>6} "
            f"{r['wall_s']:>7.1f} {r['api_requests']:>8} {per:>7.2f} {r['peak_mib']:>8.0f} "
            f"{r['seed_s']:>7.1f}"
        )
    print()
    print(REFERENCE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
