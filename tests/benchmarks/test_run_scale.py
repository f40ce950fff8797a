"""The scale benchmark's bookkeeping (benchmarks/run_scale.py), without seeding or Prowler."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH / "differential"))

import prowler  # noqa: E402
import run_scale  # noqa: E402

ROW = {
    "n": 10,
    "latency_ms": 50.0,
    "resources": 800,
    "results": 1700,
    "checks": 110,
    "wall_s": 20.0,
    "api_requests": 930,
    "peak_mib": 199.0,
    "seed_s": 11.0,
    "load": [3.1, 4.2],
}


def test_ratio_needs_both_wall_times() -> None:
    assert run_scale.ratio({**ROW, "prowler_wall_s": 500.0}) == 25.0
    assert run_scale.ratio(ROW) is None
    assert run_scale.ratio({**ROW, "prowler_error": "timed out after 60 s"}) is None


def test_table_line_shows_loads_and_the_prowler_failure_reason() -> None:
    line = run_scale.table_line({**ROW, "prowler_error": "timed out", "prowler_load": [4.0, 5.5]})
    assert "3.1-4.2" in line and "4-5.5" in line and "timed out" in line
    assert line.rstrip().endswith("-")  # no ratio without a Prowler time
    ok = run_scale.table_line({**ROW, "prowler_wall_s": 500.0, "prowler_load": [4.0, 5.5]})
    assert ok.rstrip().endswith("25.0")


def test_a_prowler_scan_over_its_timeout_is_killed_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "venv" / "bin" / "prowler"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(prowler, "VENV", tmp_path / "venv")
    with pytest.raises(subprocess.TimeoutExpired):
        prowler.run({"PATH": "/usr/bin:/bin"}, ["us-east-1"], tmp_path, "t", timeout=0.5)

    sandbox = types.SimpleNamespace(env=lambda: {}, regions=["us-east-1"])
    monkeypatch.setattr(run_scale, "HERE", tmp_path)  # Prowler's output dir lands in tmp_path
    assert run_scale.time_prowler(sandbox, 10, 0.0, timeout=0.5) == {
        "prowler_error": "timed out after 0.5 s"
    }


def test_json_is_rewritten_after_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "rows.json"
    seen: list[list[dict]] = []

    def measure(n: int, latency: float, *_: object) -> dict:
        if out.exists():
            seen.append(json.loads(out.read_text()))
        return {**ROW, "n": n, "latency_ms": latency}

    monkeypatch.setattr(run_scale, "measure", measure)
    argv = ["run_scale.py", "--n", "1", "10", "--latency-ms", "0", "--json", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    assert run_scale.main() == 0
    assert [r["n"] for r in seen[0]] == [1]  # the first row was on disk before the second ran
    assert [r["n"] for r in json.loads(out.read_text())] == [1, 10]
