"""Scale benchmark: seed the sandbox at N = 1, 10, 100 and measure a full seccheck run.

Prints wall time, API requests and peak memory of the scanning process for each N and each
added latency (`--latency-ms 0 50`: every API answer delayed, a stand-in for the round trip to
AWS; seeding runs without it). `--prowler` also times Prowler's default AWS scan (installed in
its own virtualenv by the differential harness) on the same estate and latency, in the same run,
and prints the ratio. Figures, not assertions: `make bench`, or
`python benchmarks/run_scale.py --n 1 10 --latency-ms 0 50 --prowler`.

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
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0])
    parser.add_argument(
        "--prowler", action="store_true", help="time Prowler's default scan on the same estate too"
    )
    parser.add_argument(
        "--prowler-timeout",
        type=float,
        default=3600.0,
        help="seconds before a Prowler scan is stopped and its row marked as timed out",
    )
    parser.add_argument(
        "--json", type=Path, help="write every finished row here (rewritten after each row)"
    )
    args = parser.parse_args()

    rows: list[dict] = []
    for n in args.n:
        for latency in args.latency_ms:
            rows.append(measure(n, latency, args.workers, args.prowler, args.prowler_timeout))
            if args.json:
                args.json.write_text(json.dumps(rows, indent=2) + "\n")
    print_table(rows)
    print()
    print(REFERENCE)
    return 0


def measure(
    n: int, latency_ms: float, workers: int, with_prowler: bool, prowler_timeout: float = 3600.0
) -> dict:
    """One row: seed, scan, optionally Prowler; progress printed as each phase ends."""
    from seccheck.sandbox import Sandbox

    started, started_utc = time.perf_counter(), utc()
    with Sandbox("scale", n=n, latency_ms=latency_ms) as sandbox:
        seeded = time.perf_counter() - started
        load_before = load()
        figures = scan_once(sandbox, workers)
        figures["load"] = [load_before, load()]
        figures.update({"n": n, "latency_ms": latency_ms, "seed_s": round(seeded, 1)})
        figures.update(commit=commit(), started_utc=started_utc)
        progress(f"N={n} {latency_ms:g} ms seccheck", figures)
        if with_prowler:
            load_before = load()
            figures.update(time_prowler(sandbox, n, latency_ms, prowler_timeout))
            figures["prowler_load"] = [load_before, load()]
            figures["ratio"] = ratio(figures)
            progress(f"N={n} {latency_ms:g} ms prowler", figures)
    figures["ended_utc"] = utc()
    print(json.dumps(figures), flush=True)
    return figures


def progress(what: str, figures: dict) -> None:
    print(f"[{utc()}] {what} done: {json.dumps(figures)}", flush=True)


def utc() -> str:
    return time.strftime("%H:%M:%S", time.gmtime())


def commit() -> str:
    """The commit measured, so a figure can be traced to the code that produced it."""
    out = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "-C", str(HERE), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return out.stdout.strip() + ("+dirty" if dirty else "")


def load() -> float:
    """The 1-minute load average: the machine is shared, so each figure carries its load."""
    import os

    return round(os.getloadavg()[0], 1)


def time_prowler(sandbox: object, n: int, latency_ms: float, timeout: float = 3600.0) -> dict:
    """Prowler's default AWS scan (every check) on the sandbox's regions, wall time only."""
    import os

    sys.path.insert(0, str(HERE / "differential"))
    import prowler  # the differential harness's runner: its own virtualenv

    prowler.install()
    env = {**os.environ, **sandbox.env()}  # type: ignore[attr-defined]
    work = HERE / "differential" / "work"
    name = f"bench-n{n}-l{latency_ms:g}"
    try:
        _, wall = prowler.run(
            env, sandbox.regions, work, name, timeout=timeout  # type: ignore[attr-defined]
        )
    except subprocess.TimeoutExpired:
        return {"prowler_error": f"timed out after {timeout:g} s"}
    except RuntimeError as exc:
        return {"prowler_error": str(exc).splitlines()[0]}
    return {"prowler_wall_s": round(wall, 1)}


def scan_once(sandbox: object, workers: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "scan_once.py"),
            "--endpoint",
            sandbox.endpoint,  # type: ignore[attr-defined]
            "--regions",
            ",".join(sandbox.regions),  # type: ignore[attr-defined]
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def ratio(row: dict) -> float | None:
    """Prowler's wall time over seccheck's on the same estate and latency (None without both)."""
    theirs, ours = row.get("prowler_wall_s"), row.get("wall_s")
    if not theirs or not ours:
        return None
    return round(theirs / ours, 1)


HEADER = (
    f"{'N':>4} {'lat ms':>6} {'resources':>9} {'results':>8} {'checks':>6} {'wall s':>7} "
    f"{'API req':>8} {'req/res':>7} {'peak MiB':>8} {'seed s':>7} {'load':>9} "
    f"{'prowler s':>9} {'load':>9} {'ratio':>6}"
)


def table_line(r: dict) -> str:
    """One row of the printed table; a Prowler failure or timeout shows as its reason."""
    per = r["api_requests"] / max(1, r["resources"])
    theirs = r.get("prowler_wall_s") or r.get("prowler_error", "-")
    share = ratio(r)
    return (
        f"{r['n']:>4} {r['latency_ms']:>6g} {r['resources']:>9} {r['results']:>8} "
        f"{r['checks']:>6} {r['wall_s']:>7.1f} {r['api_requests']:>8} {per:>7.2f} "
        f"{r['peak_mib']:>8.0f} {r['seed_s']:>7.1f} {span(r.get('load')):>9} "
        f"{theirs:>9} {span(r.get('prowler_load')):>9} {share if share else '-':>6}"
    )


def span(loads: list[float] | None) -> str:
    return f"{loads[0]:g}-{loads[1]:g}" if loads else "-"


def print_table(rows: list[dict]) -> None:
    print()
    print(HEADER)
    for r in rows:
        print(table_line(r))


if __name__ == "__main__":
    sys.exit(main())
