"""Differential run: seccheck and Prowler on the same sandbox estate, every disagreement listed.

    make differential                      # workshop, clean and scale N=10
    python benchmarks/differential/run.py --scenario workshop

The sandbox estate and seccheck's checks come from the same hands; Prowler does not. For each
scenario this starts a sandbox, runs `seccheck run --output` and Prowler's default AWS scan
against it (same endpoint, same regions), lines up the checks that ask the same question
(mapping.yaml), and prints every per-resource disagreement. Each one must be fixed or explained:
explanations.yaml holds the explained ones with their reason (the long form, with the AWS
documentation, is in docs/verdicts.md). Exit status 1 when any disagreement is unexplained.
Not part of the test suite: Prowler takes minutes per scenario and installs ~150 packages.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import prowler  # noqa: E402
from compare import Comparison, Row, compare, unused_explanations  # noqa: E402

SCENARIOS = {"workshop": 1, "clean": 1, "scale": 10}


def seccheck_rows(env: dict[str, str], out: Path) -> tuple[list[Row], float, dict]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "seccheck.cli", "run", "--output", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"seccheck run failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return seccheck_file_rows(out), elapsed, json.loads(out.read_text())["run"]


def seccheck_file_rows(path: Path) -> list[Row]:
    return [
        Row(r["check_id"], r["account"], r["region"], r["resource"], r["status"])
        for r in json.loads(path.read_text())["results"]
    ]


def run_scenario(
    name: str, n: int, work: Path, mapping: dict, explanations: list, reuse: bool = False
) -> tuple[dict, Comparison]:
    from seccheck.sandbox import Sandbox

    ours_path, path = work / f"{name}-seccheck.json", work / f"{name}-prowler.ocsf.json"
    if reuse:  # compare the outputs of the last run again (after editing explanations)
        ours, our_s, their_s = seccheck_file_rows(ours_path), 0.0, 0.0
        run = json.loads(ours_path.read_text())["run"]
    else:
        with Sandbox(name, n=n) as sandbox:
            env = {**os.environ, **sandbox.env()}
            ours, our_s, run = seccheck_rows(env, ours_path)
            checks = sorted({c for spec in mapping.values() for c in spec["prowler"]})
            path, their_s = prowler.run(env, sandbox.regions, work, f"{name}-prowler", checks)
    theirs = prowler.rows(path)
    result = compare(ours, theirs, mapping, explanations)
    report(name, result)
    return {
        "scenario": name,
        "n": n,
        "seccheck_s": round(our_s, 1),
        "prowler_s": round(their_s, 1),
        "seccheck_requests": run.get("api_requests"),
        "agreements": result.agreements,
        "disagreements": len(result.disagreements),
        "explained": len(result.disagreements) - len(result.unexplained),
        "unexplained": len(result.unexplained),
        "only_seccheck": result.only_ours,
        "only_prowler": result.only_prowler,
        "scope_only": result.scope_only,
    }, result


def report(name: str, result: Comparison) -> None:
    print(
        f"\n== {name}: {result.agreements} agreements, {len(result.disagreements)} "
        f"disagreements ({len(result.unexplained)} unexplained); {result.scope_only} resources "
        "only one tool judged, and it passed them"
    )
    for d in result.disagreements:
        mark = "explained" if d.explained else "UNEXPLAINED"
        print(f"  [{mark}] {d.ours} ~ {','.join(d.prowler)}  {d.key}")
        print(f"      seccheck {d.our_status}  prowler {d.prowler_status}")
        if d.explained:
            print(f"      why: {d.explanation}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", nargs="+", choices=sorted(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument(
        "--reuse", action="store_true", help="compare the last run's outputs again, run nothing"
    )
    args = parser.parse_args()
    mapping = yaml.safe_load((HERE / "mapping.yaml").read_text())
    explanations = yaml.safe_load((HERE / "explanations.yaml").read_text()) or []
    if not args.reuse:
        prowler.install()
    args.work.mkdir(parents=True, exist_ok=True)
    runs = [
        run_scenario(name, SCENARIOS[name], args.work, mapping, explanations, args.reuse)
        for name in args.scenario
    ]
    summary = [row for row, _ in runs]
    print("\nsummary:")
    for row in summary:
        print(json.dumps(row))
    if set(args.scenario) == set(SCENARIOS):
        for stale in unused_explanations(explanations, [result for _, result in runs]):
            print(f"explanation no disagreement of this run used (stale?): {stale['check']} "
                  f"{stale.get('key', '*')} ours {stale.get('ours', '*')} "
                  f"prowler {stale.get('prowler', '*')}")
    (args.work / "summary.json").write_text(json.dumps(summary, indent=2))
    return 1 if any(row["unexplained"] for row in summary) else 0


if __name__ == "__main__":
    raise SystemExit(main())
