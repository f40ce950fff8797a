"""Regression benchmark: an earlier commit against main, same checks, same sandbox, interleaved.

"Speed and memory do not regress" means nothing when the two sides scan different estates or run
different checks, or when the shared machine's load falls on one side only. This seeds one
`scale` sandbox with main's code and scans it in turn, each in its own process, with:

- **base**: the earlier commit's code (a checkout, e.g. `git worktree add ../base 6b740cd`),
  through its own `benchmarks/scan_once.py`;
- **main, same checks**: main limited to the check ids in the base's checklist.yaml;
- **main, all**: main with every check;

repeating the three `--reps` times in turn, and prints every run. Figures, not assertions:

    python benchmarks/like_for_like.py --base ../base --n 10 --latency-ms 0 50 --reps 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def check_ids_of(checklist: Path) -> list[str]:
    """Every check id a checklist.yaml declares (items' `checks:` lists), in file order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "checks" and isinstance(value, list):
                    found.extend(c["id"] for c in value if isinstance(c, dict) and "id" in c)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(checklist.read_text()))
    return list(dict.fromkeys(found))


def variants(base: Path, endpoint: str, regions: str) -> dict[str, tuple[dict, list[str]]]:
    args = ["--endpoint", endpoint, "--regions", regions]
    same = ["--checks-of", str(base / "checklist.yaml")]
    return {
        "base": ({**os.environ, "PYTHONPATH": str(base / "src")},
                 [sys.executable, str(base / "benchmarks" / "scan_once.py"), *args]),
        "main, same checks": (dict(os.environ),
                              [sys.executable, str(HERE / "scan_once.py"), *args, *same]),
        "main, all": (dict(os.environ), [sys.executable, str(HERE / "scan_once.py"), *args]),
    }


def summary(rows: list[dict]) -> list[str]:
    """One line per (latency, variant): requests, and the median and spread of wall and peak."""
    lines = [f"{'latency':>7}  {'variant':<18} {'checks':>6} {'requests':>8} "
             f"{'wall s (median, min-max)':>26} {'peak MiB (median)':>18}"]
    keys = dict.fromkeys((r["latency_ms"], r["variant"]) for r in rows)
    for latency, variant in keys:
        mine = [r for r in rows if (r["latency_ms"], r["variant"]) == (latency, variant)]
        walls = [r["wall_s"] for r in mine]
        lines.append(
            f"{latency:>5g}ms  {variant:<18} {mine[0]['checks']:>6} "
            f"{'/'.join(sorted({str(r['api_requests']) for r in mine})):>8} "
            f"{statistics.median(walls):>10.2f} ({min(walls):.2f}-{max(walls):.2f})"
            f"{statistics.median(r['peak_mib'] for r in mine):>18.0f}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="checkout of the earlier commit")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()

    from seccheck.sandbox import Sandbox

    rows: list[dict] = []
    for latency in args.latency_ms:
        with Sandbox("scale", n=args.n, latency_ms=latency) as sandbox:
            runs = variants(args.base.resolve(), sandbox.endpoint, ",".join(sandbox.regions))
            for rep in range(args.reps):
                for name, (env, command) in runs.items():
                    load = round(os.getloadavg()[0], 1)
                    out = subprocess.run(command, env=env, capture_output=True, text=True,
                                         cwd=HERE.parent, check=True)
                    row = json.loads(out.stdout.strip().splitlines()[-1])
                    row.pop("statuses", None)
                    row.update(variant=name, rep=rep, latency_ms=latency, n=args.n, load=load,
                               at=time.strftime("%H:%M:%S", time.gmtime()))
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    print()
    print("\n".join(summary(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
